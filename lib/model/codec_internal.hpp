#pragma once
// Private to libfluxer: codec entry points that take an already-parsed RapidJSON value.
// The gateway parses the envelope `{op, d, s, t}` once and hands `d` here, so nothing is
// parsed twice; the REST layer can decode a parsed body the same way.
//
// To parse, use `mjson::StackDocument` (json.hpp): it parses a copy of the text in place
// (the fastest RapidJSON mode), refuses nesting deeper than `kMaxNesting` (the parser is
// recursive) and NUL bytes, and keeps small documents off the heap:
//
//   mjson::StackDocument doc;
//   if (auto r = doc.parse(frame_text); !r) { /* Decode error */ }
//   const mjson::Value& root = doc.root();   // valid while `doc` lives
//   auto it = root.FindMember("d");          // check IsObject() first
//   auto event = mjson::decode_dispatch(t, it->value);

#include <string_view>

#include <fluxer/core/result.hpp>
#include <fluxer/model/events.hpp>

#include "model/json.hpp"

namespace fluxer::mjson {

/// Decodes dispatch `event_name` from its parsed `d` value (which may be null, e.g. [A]
/// RESUMED). Unknown names give UnknownEvent with `d` re-serialised as text. Never throws.
[[nodiscard]] Result<DispatchEvent> decode_dispatch(std::string_view event_name, const Value& d) noexcept;

/// Decodes into an existing event object (avoids one move of the variant). Never throws.
/// On error `out` holds an empty UnknownEvent (never a half-decoded event).
[[nodiscard]] Result<void> decode_dispatch_into(std::string_view event_name, const Value& d,
                                                DispatchEvent& out) noexcept;

/// Decodes a parsed value into T (any type `from_json<T>` supports). Never throws.
template <class T>
[[nodiscard]] Result<T> from_value(const Value& v) noexcept;

}  // namespace fluxer::mjson
