#pragma once
// Reading a JSON request body exactly as the real server reads it (fluxer-protocol.md §5.3
// "Request bodies"): no Content-Type check; the bytes are decoded as UTF-8 with invalid
// sequences replaced by U+FFFD (and a leading byte-order mark dropped); a blank body counts
// as `{}`; text that does not parse is a validation error at path `body` with code
// INVALID_FORMAT; then every empty string becomes null, and every nested object that is
// empty or holds only nulls becomes null, before any field is validated.

#include <optional>
#include <string>
#include <string_view>

#include "emulator/rapidjson.hpp"

namespace fluxer::emulator::rest {

/// Why a body could not be read: one INVALID_FORM_BODY entry.
struct BodyError {
  std::string path;
  std::string code;
  std::string message;
};

/// Reads `body` into `out` (any JSON value at the root: callers check its type). Text
/// nested deeper than json::kMaxDepth is refused like unparseable text.
[[nodiscard]] std::optional<BodyError> read_json_body(std::string_view body, rapidjson::Document& out);

/// The server's empty-value rule applied to a parsed value, in place: `""` → null; an
/// object that is not the root and is empty, or whose members are all null after this rule,
/// → null; arrays keep their length (their elements are converted).
void null_empty_values(rapidjson::Value& value, bool root = true);

}  // namespace fluxer::emulator::rest
