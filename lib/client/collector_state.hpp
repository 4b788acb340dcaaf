#pragma once
// Private to libfluxer: the state of one collector (sans-IO apart from its mutex).
//
// The client feeds it events (offer) from shard strands and deadline checks (expire) from
// its timer thread; whichever ends it first completes the promise, exactly once.

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>

#include <fluxer/client/collector.hpp>

namespace fluxer::client_detail {

template <class T>
class CollectorState final : public Collector<T>::Control {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    std::optional<std::size_t> max{};
    std::optional<std::chrono::milliseconds> time{};
    std::optional<std::chrono::milliseconds> idle{};
  };
  /// Called once, outside the lock, when the collector ends (the client removes its
  /// handler and timer there).
  using OnEnd = std::function<void()>;

  CollectorState(Limits limits, std::function<bool(const T&)> filter, std::function<void(const T&)> on_collect,
                 Promise<Collected<T>> promise, Clock::time_point now)
      : limits_(limits),
        filter_(std::move(filter)),
        on_collect_(std::move(on_collect)),
        promise_(std::move(promise)),
        started_(now),
        last_(now) {}

  void set_on_end(OnEnd on_end) {
    std::lock_guard lock(mutex_);
    on_end_ = std::move(on_end);
  }

  /// Offers an item (already matched by channel/message). Returns true if collected.
  bool offer(const T& item, Clock::time_point now) {
    {
      std::lock_guard lock(mutex_);
      if (ended_ || full_) return false;
    }
    // The user's filter runs outside the lock (it may be slow or call back into us).
    if (filter_ && !filter_(item)) return false;
    bool limit_reached = false;
    {
      std::lock_guard lock(mutex_);
      if (ended_ || full_) return false;
      if (expired_locked(now)) return false;  // a deadline passed before the timer fired
      result_.items.push_back(item);
      last_ = now;
      limit_reached = limits_.max && result_.items.size() >= *limits_.max;
      full_ = limit_reached;  // nothing more is collected while the end is delivered
    }
    if (on_collect_) on_collect_(item);
    if (limit_reached) end(CollectorEnd::Limit);
    return true;
  }

  /// The next time expire() should run, if any limit is time-based.
  [[nodiscard]] std::optional<Clock::time_point> next_deadline() const {
    std::lock_guard lock(mutex_);
    if (ended_) return std::nullopt;
    std::optional<Clock::time_point> at;
    if (limits_.time) at = started_ + *limits_.time;
    if (limits_.idle) {
      const auto idle_at = last_ + *limits_.idle;
      if (!at || idle_at < *at) at = idle_at;
    }
    return at;
  }

  /// Ends the collector if a time limit passed at `now`. Returns true if it ended.
  bool expire(Clock::time_point now) {
    std::optional<CollectorEnd> reason;
    {
      std::lock_guard lock(mutex_);
      if (ended_ || full_) return false;
      if (limits_.time && now >= started_ + *limits_.time) {
        reason = CollectorEnd::Time;
      } else if (limits_.idle && now >= last_ + *limits_.idle) {
        reason = CollectorEnd::Idle;
      }
    }
    if (!reason) return false;
    return end(*reason);
  }

  /// Ends with `reason` unless already ended. Returns true if this call ended it.
  bool end(CollectorEnd reason) {
    OnEnd on_end;
    Collected<T> result;
    {
      std::lock_guard lock(mutex_);
      if (ended_) return false;
      ended_ = true;
      result_.reason = reason;
      result = std::move(result_);
      on_end = std::move(on_end_);
    }
    if (on_end) on_end();
    promise_.set_value(std::move(result));
    return true;
  }

  void stop() override { end(CollectorEnd::Stopped); }
  [[nodiscard]] bool ended() const override {
    std::lock_guard lock(mutex_);
    return ended_;
  }
  [[nodiscard]] std::size_t collected() const override {
    std::lock_guard lock(mutex_);
    return result_.items.size();
  }

 private:
  bool expired_locked(Clock::time_point now) const {
    return (limits_.time && now >= started_ + *limits_.time) || (limits_.idle && now >= last_ + *limits_.idle);
  }

  const Limits limits_;
  std::function<bool(const T&)> filter_;
  std::function<void(const T&)> on_collect_;
  Promise<Collected<T>> promise_;
  mutable std::mutex mutex_;
  bool ended_ = false;
  bool full_ = false;
  Clock::time_point started_;
  Clock::time_point last_;
  Collected<T> result_;
  OnEnd on_end_;
};

}  // namespace fluxer::client_detail
