#include "rest/request_util.hpp"

#include <fmt/format.h>

namespace fluxer::rest {
namespace {

bool unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool has_control(std::string_view s) noexcept {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string percent_encode(std::string_view text, bool keep_colon) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char ch : text) {
    if (unreserved(ch) || (keep_colon && ch == ':')) {
      out.push_back(ch);
    } else {
      const auto c = static_cast<unsigned char>(ch);
      out.push_back('%');
      out.push_back(kHex[c >> 4U]);
      out.push_back(kHex[c & 0xFU]);
    }
  }
  return out;
}

std::optional<std::size_t> utf8_code_points(std::string_view text) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    if (c < 0x80) {
      len = 1;
    } else if ((c & 0xE0U) == 0xC0U && c >= 0xC2U) {
      len = 2;
    } else if ((c & 0xF0U) == 0xE0U) {
      len = 3;
    } else if ((c & 0xF8U) == 0xF0U && c <= 0xF4U) {
      len = 4;
    } else {
      return std::nullopt;
    }
    if (i + len > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) return std::nullopt;
    i += len;
    ++n;
  }
  return n;
}

Result<std::string> encode_reaction_emoji(std::string_view emoji) {
  // Mention forms: <:name:id> and <a:name:id>.
  if (emoji.size() > 2 && emoji.front() == '<' && emoji.back() == '>') {
    std::string_view inner = emoji.substr(1, emoji.size() - 2);
    if (inner.starts_with("a:")) inner.remove_prefix(2);
    if (inner.starts_with(':')) inner.remove_prefix(1);
    emoji = inner;
  }
  if (emoji.empty()) return Error::invalid_argument("emoji", "must not be empty", "TOO_SHORT");
  if (has_control(emoji))
    return Error::invalid_argument("emoji", "must not contain control characters", "INVALID_FORMAT");
  const auto points = utf8_code_points(emoji);
  if (!points) return Error::invalid_argument("emoji", "must be valid UTF-8", "INVALID_FORMAT");
  if (*points > 64) return Error::invalid_argument("emoji", "must be at most 64 characters", "TOO_LONG");
  // A custom emoji is name:id; its name is ASCII, kept readable (':' needs no encoding).
  if (const auto colon = emoji.rfind(':'); colon != std::string_view::npos && colon > 0) {
    const auto id = emoji.substr(colon + 1);
    if (all_digits(id)) return percent_encode(emoji, true);
  }
  return percent_encode(emoji);
}

void QueryBuilder::add_raw(std::string_view key, std::string_view value) {
  if (!query_.empty()) query_.push_back('&');
  query_.append(key).push_back('=');
  query_.append(value);
}

void QueryBuilder::add(std::string_view key, std::string_view value) {
  add_raw(key, percent_encode(value));
}

void QueryBuilder::add(std::string_view key, Timestamp value) {
  add(key, format_iso8601(value));
}

Result<void> check_range(std::string_view field, std::optional<int> value, int min, int max) {
  if (!value || (*value >= min && *value <= max)) return {};
  return Error::invalid_argument(std::string(field),
                                 fmt::format("must be between {} and {} (got {})", min, max, *value), "OUT_OF_RANGE");
}

Result<void> check_audit_log_reason(std::string_view reason) {
  if (has_control(reason))
    return Error::invalid_argument(
        "audit_log_reason", "must not contain control characters (CR or LF would end the header)", "INVALID_HEADER");
  const auto points = utf8_code_points(reason);
  if (!points) return Error::invalid_argument("audit_log_reason", "must be valid UTF-8", "INVALID_FORMAT");
  if (*points > 512) return Error::invalid_argument("audit_log_reason", "must be at most 512 characters", "TOO_LONG");
  return {};
}

}  // namespace fluxer::rest
