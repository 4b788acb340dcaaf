#include <fluxer/core/snowflake.hpp>

#include <charconv>

namespace fluxer {

std::optional<Snowflake> Snowflake::parse(std::string_view text) noexcept {
  if (text.empty() || text.size() > 20) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;  // overflow
  return Snowflake{value};
}

std::string Snowflake::str() const {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value_);
  (void)ec;
  return std::string(buf, ptr);
}

}  // namespace fluxer
