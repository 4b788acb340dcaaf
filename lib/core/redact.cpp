#include <fluxer/core/redact.hpp>

namespace fluxer {
namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_base64url(char c) noexcept {
  return is_alnum(c) || c == '-' || c == '_';
}
/// Characters that end a path segment in URLs, log lines and JSON text.
bool ends_segment(char c) noexcept {
  return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' ||
         c == ')' || c == ']' || c == '>' || c == ',' || c == ';';
}

/// Length of a bot token starting at `i` (0 if none).
std::size_t bot_token_at(std::string_view s, std::size_t i) {
  if (i > 0 && (is_base64url(s[i - 1]) || s[i - 1] == '.')) return 0;
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  const std::size_t digits = j - i;
  if (digits < 15 || digits > 21 || j >= s.size() || s[j] != '.') return 0;
  std::size_t k = j + 1;
  while (k < s.size() && is_base64url(s[k])) ++k;
  if (k - (j + 1) < 20) return 0;
  return k - i;
}

/// Length of a user token starting at `i` (0 if none).
std::size_t user_token_at(std::string_view s, std::size_t i) {
  if (s.substr(i, 4) != "flx_" || (i > 0 && is_base64url(s[i - 1]))) return 0;
  std::size_t k = i + 4;
  while (k < s.size() && is_alnum(s[k])) ++k;
  return k - (i + 4) >= 20 ? k - i : 0;
}

/// For "/webhooks/<digits>/<token>" at `i`: the offset and length of <token> (0 length if none).
std::pair<std::size_t, std::size_t> webhook_token_at(std::string_view s, std::size_t i) {
  constexpr std::string_view prefix = "/webhooks/";
  if (s.substr(i, prefix.size()) != prefix) return {0, 0};
  std::size_t j = i + prefix.size();
  const std::size_t id_start = j;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j == id_start || j >= s.size() || s[j] != '/') return {0, 0};
  const std::size_t start = j + 1;
  if (s.substr(start).starts_with(kRedacted)) return {0, 0};  // already redacted
  std::size_t k = start;
  while (k < s.size() && !ends_segment(s[k])) ++k;
  const std::string_view segment = s.substr(start, k - start);
  if (segment.empty() || segment == "messages") return {0, 0};
  return {start, k - start};
}

}  // namespace

std::string redact_credentials(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_digit(c)) {
      if (const std::size_t n = bot_token_at(text, i)) {
        out += kRedacted;
        i += n;
        continue;
      }
      // Copy the whole run of digits, so a token is only matched from its start.
      const std::size_t start = i;
      while (i < text.size() && is_digit(text[i])) ++i;
      out.append(text.substr(start, i - start));
      continue;
    }
    if (c == 'f') {
      if (const std::size_t n = user_token_at(text, i)) {
        out += kRedacted;
        i += n;
        continue;
      }
    }
    if (c == '/') {
      if (const auto [start, n] = webhook_token_at(text, i); n > 0) {
        out.append(text.substr(i, start - i));
        out += kRedacted;
        i = start + n;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace fluxer
