#pragma once
/// @file
/// The bot-wide ("global") REST request ceiling, behind a small interface that another
/// process could share (protocol §5.2: 50 requests per second per bot; 1,200 for accounts
/// with HIGH_GLOBAL_RATE_LIMIT; webhook execution exempt).
///
/// The server counts requests in fixed one-second windows that start at the first request,
/// so at most N requests may *arrive* in any one second: a token bucket with burst N is not
/// enough. The interface speaks in slots and wall-clock times, so an implementation backed
/// by a shared store (e.g. Redis: a sorted set of send times per token) can serve several
/// processes and machines; the in-process sliding window below is the default.

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>

namespace fluxer {

/// Wall-clock time, the only clock processes on different machines share.
using WallTime = std::chrono::system_clock::time_point;

/// The answer to GlobalRateLimit::reserve().
struct SlotGrant {
  /// Slots granted now (0..requested). Each one is a request the caller may send.
  std::size_t granted = 0;
  /// When fewer than requested were granted: the wall-clock time at which to ask again.
  WallTime retry_at{};
};

/// A shared ceiling on requests. Every REST worker calls it, possibly at the same time:
/// implementations must be thread-safe. Calls must be quick (the caller is a network
/// worker); an implementation that talks to a store should keep a local reservation.
class GlobalRateLimit {
 public:
  virtual ~GlobalRateLimit() = default;
  /// Reserves up to `count` request slots at `now`. Slots granted are spent (the caller
  /// sends that many requests); the rest are not taken.
  [[nodiscard]] virtual SlotGrant reserve(std::size_t count, WallTime now) = 0;
  /// The server answered a global 429: grant nothing before `until`.
  virtual void block_until(WallTime until) = 0;
};

/// The in-process default: at most `limit` slots in any sliding `window` (padded, see
/// below), and nothing while blocked by a global 429.
///
/// The server counts a request when it arrives, the client when it leaves: a batch sent as
/// one window ends can land in the server's previous one. The window is therefore padded
/// by 5% (at least 10 ms). If the wall clock steps backwards by more than a window, the
/// history is forgotten rather than trusted.
class InProcessGlobalLimit final : public GlobalRateLimit {
 public:
  explicit InProcessGlobalLimit(std::size_t limit = 50, std::chrono::milliseconds window = std::chrono::seconds(1));
  [[nodiscard]] SlotGrant reserve(std::size_t count, WallTime now) override;
  void block_until(WallTime until) override;
  /// The padded window in use.
  [[nodiscard]] std::chrono::milliseconds window() const noexcept { return window_; }

 private:
  std::mutex mutex_;
  std::size_t limit_;
  std::chrono::milliseconds window_;
  std::deque<WallTime> sent_;  ///< grant times within the last window, oldest first
  WallTime blocked_until_{};
};

}  // namespace fluxer
