#pragma once
/// @file
/// Timestamps: ISO 8601 on the wire, std::chrono in memory.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace fluxer {

/// A point in UTC time with microsecond precision (Fluxer sends up to microseconds).
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// Parses ISO 8601 / RFC 3339 date-times as Fluxer sends them:
/// `2026-01-08T12:34:56Z`, `2026-01-08T12:34:56.789+00:00`, `2026-01-08T12:34:56.123456`,
/// `2026-01-08 12:34:56+0200`. Fractions beyond microseconds are truncated; a missing
/// offset means UTC. Returns nullopt for anything else (including out-of-range fields).
[[nodiscard]] std::optional<Timestamp> parse_iso8601(std::string_view text) noexcept;

/// Formats as `YYYY-MM-DDTHH:MM:SS.mmmZ`, or with six fraction digits when the value has
/// sub-millisecond precision. Years outside 0000..9999 are clamped.
[[nodiscard]] std::string format_iso8601(Timestamp t);

/// Converts any system_clock-based time point to a Timestamp (rounding down).
template <class Duration>
[[nodiscard]] constexpr Timestamp to_timestamp(std::chrono::sys_time<Duration> t) noexcept {
  return std::chrono::floor<std::chrono::microseconds>(t);
}

}  // namespace fluxer

/// Formats a Timestamp as format_iso8601() does: `fmt::format("{}", ts)` gives
/// "2026-01-05T12:34:56.789Z". Fill, alignment and width apply as for strings ("{:>30}").
/// This header defines it: include it (or <fluxer/fluxer.hpp>) wherever a Timestamp is
/// formatted, rather than <fmt/chrono.h>'s generic time_point formatter.
template <>
struct fmt::formatter<fluxer::Timestamp> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const fluxer::Timestamp& t, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(fluxer::format_iso8601(t), ctx);
  }
};
