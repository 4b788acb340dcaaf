#pragma once
/// @file
/// Snowflake: the 64-bit id of every Fluxer object.

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace fluxer {

/// Fluxer's snowflake epoch: 2015-01-01T00:00:00Z, in milliseconds since the Unix epoch.
inline constexpr std::chrono::milliseconds kFluxerEpoch{1'420'070'400'000};

/// A Fluxer id. On the wire it is a decimal string ("1234567890123456789"); in memory a
/// plain uint64. The upper 42 bits are milliseconds since `kFluxerEpoch`.
///
/// A default-constructed Snowflake is 0, which Fluxer never assigns to an object; it is
/// used as "no id" (and as the "beginning of time" pagination cursor).
class Snowflake {
 public:
  using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

  constexpr Snowflake() noexcept = default;
  constexpr explicit Snowflake(std::uint64_t value) noexcept : value_(value) {}

  /// Parses an unsigned decimal number that fits in 64 bits ("0" .. "18446744073709551615").
  /// No sign, whitespace, or other characters are accepted. Returns nullopt otherwise.
  [[nodiscard]] static std::optional<Snowflake> parse(std::string_view text) noexcept;

  /// The smallest id that could have been created at `t` (worker and sequence bits zero).
  /// Useful as a `before`/`after` pagination cursor. Times before the epoch give 0.
  [[nodiscard]] static constexpr Snowflake from_time(TimePoint t) noexcept {
    const auto ms = t.time_since_epoch() - kFluxerEpoch;
    if (ms.count() <= 0) return Snowflake{};
    return Snowflake{static_cast<std::uint64_t>(ms.count()) << 22};
  }

  [[nodiscard]] constexpr std::uint64_t value() const noexcept { return value_; }
  /// True when the id is 0 ("no id").
  [[nodiscard]] constexpr bool empty() const noexcept { return value_ == 0; }
  constexpr explicit operator bool() const noexcept { return value_ != 0; }

  /// The decimal string form used on the wire.
  [[nodiscard]] std::string str() const;

  /// When the object was created (from the timestamp bits).
  [[nodiscard]] constexpr TimePoint created_at() const noexcept {
    return TimePoint{kFluxerEpoch + std::chrono::milliseconds{static_cast<std::int64_t>(value_ >> 22)}};
  }

  friend constexpr auto operator<=>(Snowflake, Snowflake) noexcept = default;

 private:
  std::uint64_t value_ = 0;
};

namespace literals {
/// `123_id` makes a Snowflake.
constexpr Snowflake operator""_id(unsigned long long value) noexcept {
  return Snowflake{static_cast<std::uint64_t>(value)};
}
}  // namespace literals

}  // namespace fluxer

/// Hash with a 64-bit finaliser: snowflakes share their high bits, so identity hashing
/// spreads them poorly over power-of-two shard counts.
template <>
struct std::hash<fluxer::Snowflake> {
  std::size_t operator()(fluxer::Snowflake id) const noexcept {
    std::uint64_t x = id.value();
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return static_cast<std::size_t>(x);
  }
};

/// `fmt::format("{}", id)` prints the decimal value.
template <>
struct fmt::formatter<fluxer::Snowflake> : fmt::formatter<std::uint64_t> {
  template <class FormatContext>
  auto format(fluxer::Snowflake id, FormatContext& ctx) const {
    return fmt::formatter<std::uint64_t>::format(id.value(), ctx);
  }
};
