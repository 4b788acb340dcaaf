#pragma once
// Private to libfluxer: codec entry points that take an already-parsed RapidJSON value, and
// the text entry point with warnings. The gateway should use FrameDecoder
// (frame_decoder.hpp): it reads the whole frame in one pass without a DOM. These are for a
// caller that already has a DOM (the REST layer's error bodies, tests):
//
//   mjson::StackDocument doc;
//   if (auto r = doc.parse(text); !r) { /* Decode error */ }
//   auto event = mjson::decode_dispatch(t, doc.root()["d"]);   // check IsObject() first
//
// Decoding rules are those of codec.hpp (strict ids, lenient cosmetic fields). Warnings
// about skipped fields go to `warnings` when it is not nullptr.

#include <string_view>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/field_warning.hpp>

#include "model/json.hpp"

namespace fluxer::mjson {

/// Decodes dispatch `event_name` from its parsed `d` value (which may be null, e.g. [A]
/// RESUMED). Unknown names give UnknownEvent with `d` re-serialised as text. Never throws.
[[nodiscard]] Result<DispatchEvent> decode_dispatch(std::string_view event_name, const Value& d) noexcept;
[[nodiscard]] Result<DispatchEvent> decode_dispatch(std::string_view event_name, const Value& d,
                                                    std::vector<FieldWarning>* warnings) noexcept;

/// Decodes into an existing event object (avoids one move of the variant). Never throws.
/// On error `out` holds an UnknownEvent with the name, `d` as text and the error (never a
/// half-decoded event).
[[nodiscard]] Result<void> decode_dispatch_into(std::string_view event_name, const Value& d,
                                                DispatchEvent& out) noexcept;
[[nodiscard]] Result<void> decode_dispatch_into(std::string_view event_name, const Value& d, DispatchEvent& out,
                                                std::vector<FieldWarning>* warnings) noexcept;

/// fluxer::decode_dispatch with an optional warning list.
[[nodiscard]] Result<DispatchEvent> decode_dispatch_text(std::string_view event_name, std::string_view d_json,
                                                         std::vector<FieldWarning>* warnings) noexcept;

/// Decodes a parsed value into T (any type `from_json<T>` supports). Never throws.
template <class T>
[[nodiscard]] Result<T> from_value(const Value& v) noexcept;
template <class T>
[[nodiscard]] Result<T> from_value(const Value& v, std::vector<FieldWarning>* warnings) noexcept;

}  // namespace fluxer::mjson
