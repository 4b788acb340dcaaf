#pragma once
/// @file
/// Building request paths and query strings: percent-encoding, reaction emoji, range
/// checks. Sans-IO, unit-tested.

#include <optional>
#include <string>
#include <string_view>

#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>

namespace fluxer::rest {

/// Percent-encodes `text` for one path segment or query value: everything but the
/// unreserved characters (A–Z a–z 0–9 - . _ ~) and, when `keep_colon`, ':' becomes %XX
/// (UTF-8 bytes one by one).
[[nodiscard]] std::string percent_encode(std::string_view text, bool keep_colon = false);

/// The path segment for a reaction emoji: a Unicode emoji percent-encoded ("👍" ->
/// "%F0%9F%91%8D"), a custom emoji as `name:id` (the mention forms `<:name:id>` and
/// `<a:name:id>` are accepted and reduced to it). InvalidArgument (field "emoji") for an
/// empty value, one longer than 64 characters, or one with control characters.
[[nodiscard]] Result<std::string> encode_reaction_emoji(std::string_view emoji);

/// A query string built one parameter at a time ("a=1&b=x%20y").
class QueryBuilder {
 public:
  void add(std::string_view key, std::string_view value);
  void add(std::string_view key, const char* value) { add(key, std::string_view(value)); }
  void add(std::string_view key, const std::string& value) { add(key, std::string_view(value)); }
  void add(std::string_view key, Snowflake value) { add_raw(key, value.str()); }
  void add(std::string_view key, int value) { add_raw(key, std::to_string(value)); }
  void add(std::string_view key, bool value) { add_raw(key, value ? "true" : "false"); }
  void add(std::string_view key, Timestamp value);
  template <class T>
  void add(std::string_view key, const std::optional<T>& value) {
    if (value) add(key, *value);
  }
  [[nodiscard]] std::string take() { return std::move(query_); }
  [[nodiscard]] const std::string& str() const noexcept { return query_; }

 private:
  void add_raw(std::string_view key, std::string_view value);
  std::string query_;
};

/// InvalidArgument unless min <= value <= max.
[[nodiscard]] Result<void> check_range(std::string_view field, std::optional<int> value, int min, int max);

/// InvalidArgument when `reason` cannot be an `X-Audit-Log-Reason` (over 512 characters,
/// invalid UTF-8, or control characters such as CR/LF).
[[nodiscard]] Result<void> check_audit_log_reason(std::string_view reason);

/// Number of Unicode code points in UTF-8 text (nullopt when it is not valid UTF-8).
[[nodiscard]] std::optional<std::size_t> utf8_code_points(std::string_view text) noexcept;

}  // namespace fluxer::rest
