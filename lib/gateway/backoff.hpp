#pragma once
// Private to libfluxer: reconnect delays, exponential with full jitter (the n-th consecutive
// attempt waits uniform[0, min(cap, base × 2^n)]), from the shard's own generator.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>

#include <fluxer/gateway/options.hpp>

namespace fluxer::gateway::detail {

class Backoff {
 public:
  explicit Backoff(ReconnectPolicy policy) : policy_(policy) {}

  /// The next delay; each call doubles the ceiling up to the cap.
  std::chrono::milliseconds next(std::mt19937_64& rng) {
    const auto ceiling = this->ceiling();
    if (attempts_ < 62) ++attempts_;
    if (ceiling.count() <= 0) return std::chrono::milliseconds{0};
    std::uniform_int_distribution<std::int64_t> pick(0, ceiling.count());
    return std::chrono::milliseconds{pick(rng)};
  }
  /// The upper bound the next call draws from.
  [[nodiscard]] std::chrono::milliseconds ceiling() const noexcept {
    const auto base = std::max<std::int64_t>(policy_.base.count(), 0);
    const auto cap = std::max<std::int64_t>(policy_.cap.count(), base);
    std::int64_t c = base;
    for (int i = 0; i < attempts_ && c < cap; ++i) c = std::min(cap, c * 2 == 0 ? 1 : c * 2);
    return std::chrono::milliseconds{std::min(c, cap)};
  }
  void reset() noexcept { attempts_ = 0; }
  [[nodiscard]] int attempts() const noexcept { return attempts_; }

 private:
  ReconnectPolicy policy_;
  int attempts_ = 0;
};

}  // namespace fluxer::gateway::detail
