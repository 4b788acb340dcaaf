#pragma once
// Bounded JSON parsing for text the emulator receives (REST bodies, gateway payloads, seed
// files). RapidJSON's parser, CopyFrom and Accept recurse once per nesting level, so a
// body nested 150 000 arrays deep would overflow the stack: the nesting depth is checked
// first, by a scan that does not recurse, and deeper text is refused before parsing.

#include <cstddef>
#include <string_view>

#include "emulator/rapidjson.hpp"

namespace fluxer::emulator::json {

/// Deepest nesting of arrays and objects the emulator parses. Real clients send a handful
/// of levels; this leaves room for anything legitimate and bounds the recursion that
/// follows parsing (copies, validation, re-serialisation).
inline constexpr std::size_t kMaxDepth = 128;

enum class ReadStatus {
  Ok,
  Syntax,   ///< not JSON, or a number too large for a double
  TooDeep,  ///< arrays/objects nested deeper than the limit
};

/// The deepest array/object nesting in `text`, scanning outside strings only; stops
/// counting once `limit` is exceeded (returns limit + 1 then). Not a validator.
[[nodiscard]] std::size_t nesting_depth(std::string_view text, std::size_t limit) noexcept;

/// Parses `text` into `out` unless it nests deeper than `max_depth`. With
/// `validate_utf8`, the raw text must be well-formed UTF-8 (else Syntax). A lone surrogate
/// escape (`"\ude00"`, `"\ud800x"`), which a JavaScript server reads, becomes U+FFFD.
ReadStatus parse(std::string_view text, rapidjson::Document& out, std::size_t max_depth = kMaxDepth,
                 bool validate_utf8 = false);

}  // namespace fluxer::emulator::json
