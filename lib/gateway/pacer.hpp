#pragma once
// Private to libfluxer: a rolling-window send budget ("at most `limit` payloads in any
// `window`"), sans-IO (the caller passes the time).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>

namespace fluxer::gateway::detail {

class Pacer {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  Pacer(int limit, std::chrono::milliseconds window) : limit_(std::max(limit, 1)), window_(window) {}

  void set_limit(int limit) noexcept { limit_ = std::max(limit, 1); }
  [[nodiscard]] int limit() const noexcept { return limit_; }
  [[nodiscard]] std::chrono::milliseconds window() const noexcept { return window_; }

  /// Records a payload sent at `now` (whether or not it was allowed: heartbeats always go).
  void record(TimePoint now) {
    prune(now);
    sent_.push_back(now);
  }
  /// Payloads sent within the window ending at `now`.
  [[nodiscard]] std::size_t in_window(TimePoint now) {
    prune(now);
    return sent_.size();
  }
  /// True when one more payload fits, keeping `reserve` slots free.
  [[nodiscard]] bool can_send(TimePoint now, int reserve = 0) {
    return static_cast<int>(in_window(now)) < allowed(reserve);
  }
  /// The earliest time can_send(reserve) becomes true (`now` if it already is).
  [[nodiscard]] TimePoint next_slot(TimePoint now, int reserve = 0) {
    prune(now);
    const int allowed_now = allowed(reserve);
    const int count = static_cast<int>(sent_.size());
    if (count < allowed_now) return now;
    // The (count - allowed + 1)-th oldest send must leave the window.
    const auto& oldest = sent_[static_cast<std::size_t>(count - allowed_now)];
    return oldest + window_;
  }

 private:
  [[nodiscard]] int allowed(int reserve) const noexcept { return std::max(limit_ - std::max(reserve, 0), 1); }
  void prune(TimePoint now) {
    while (!sent_.empty() && now - sent_.front() >= window_) sent_.pop_front();
  }

  int limit_;
  std::chrono::milliseconds window_;
  std::deque<TimePoint> sent_;
};

}  // namespace fluxer::gateway::detail
