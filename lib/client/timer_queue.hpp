#pragma once
// Private to libfluxer: one thread that runs short SDK tasks at given times (collector
// deadlines, the guild-ready timeout). Tasks must be quick and never run user code: they
// post to the callback executor or a strand when user code is involved.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include <fluxer/core/function.hpp>

namespace fluxer::client_detail {

class TimerQueue {
 public:
  using Clock = std::chrono::steady_clock;

  TimerQueue();
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  /// Runs `task` on the timer thread at `when` (or soon after). Returns an id for cancel(),
  /// or 0 after shutdown() (the task is dropped).
  std::uint64_t schedule(Clock::time_point when, UniqueFunction<void()> task);
  /// Cancels a task that has not started; false if it ran, is running, or is unknown.
  bool cancel(std::uint64_t id);
  /// Drops every pending task and joins the thread (waits for a running task). Idempotent;
  /// must not be called from a timer task.
  void shutdown();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::multimap<Clock::time_point, std::uint64_t> order_;
  std::map<std::uint64_t, std::pair<Clock::time_point, UniqueFunction<void()>>> tasks_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::once_flag join_once_;
  std::thread thread_;
};

}  // namespace fluxer::client_detail
