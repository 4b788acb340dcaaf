#pragma once
// Private to libfluxer: small helpers that build InvalidArgument errors for request
// validation (REST bodies, gateway commands, builders).

#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <fluxer/core/error.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/model/message_requests.hpp>

namespace fluxer::mjson {

/// Fails unless `min <= utf16_length(text) <= max`.
inline Result<void> check_length(std::string_view field, std::string_view text, std::size_t min, std::size_t max) {
  const std::size_t n = utf16_length(text);
  if (n < min) {
    if (min == 1) return Error::invalid_argument(std::string(field), "must not be empty", "TOO_SHORT");
    return Error::invalid_argument(std::string(field), fmt::format("must be at least {} characters", min), "TOO_SHORT");
  }
  if (n > max)
    return Error::invalid_argument(std::string(field), fmt::format("must be at most {} characters (is {})", max, n),
                                   "TOO_LONG");
  return {};
}

/// Fails unless `min <= value <= max`.
template <class T>
inline Result<void> check_range(std::string_view field, T value, T min, T max) {
  if (value < min || value > max)
    return Error::invalid_argument(std::string(field),
                                   fmt::format("must be between {} and {} (is {})", min, max, value), "OUT_OF_RANGE");
  return {};
}

/// Fails when a list has more than `max` entries.
inline Result<void> check_count(std::string_view field, std::size_t count, std::size_t max) {
  if (count > max)
    return Error::invalid_argument(std::string(field), fmt::format("must have at most {} entries (has {})", max, count),
                                   "TOO_MANY");
  return {};
}

/// Propagates a failed check.
#define FLUXER_CHECK(expr)                                                        \
  do {                                                                            \
    if (auto fluxer_r_ = (expr); !fluxer_r_) return std::move(fluxer_r_).error(); \
  } while (0)

}  // namespace fluxer::mjson
