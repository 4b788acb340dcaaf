#include "client/timer_queue.hpp"

namespace fluxer::client_detail {

TimerQueue::TimerQueue() : thread_([this] { run(); }) {}

TimerQueue::~TimerQueue() {
  shutdown();
}

std::uint64_t TimerQueue::schedule(Clock::time_point when, UniqueFunction<void()> task) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return 0;
    id = next_id_++;
    order_.emplace(when, id);
    tasks_.emplace(id, std::make_pair(when, std::move(task)));
  }
  cv_.notify_one();
  return id;
}

bool TimerQueue::cancel(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return false;
  auto [first, last] = order_.equal_range(it->second.first);
  for (auto o = first; o != last; ++o) {
    if (o->second == id) {
      order_.erase(o);
      break;
    }
  }
  tasks_.erase(it);
  return true;
}

void TimerQueue::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    order_.clear();
    tasks_.clear();
  }
  cv_.notify_all();
  std::call_once(join_once_, [this] {
    if (thread_.joinable()) thread_.join();
  });
}

void TimerQueue::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (order_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const auto when = order_.begin()->first;
    if (Clock::now() < when) {
      cv_.wait_until(lock, when);
      continue;
    }
    const auto id = order_.begin()->second;
    order_.erase(order_.begin());
    auto node = tasks_.extract(id);
    if (node.empty()) continue;
    auto task = std::move(node.mapped().second);
    lock.unlock();
    try {
      task();
    } catch (...) {
      // SDK-internal tasks do not throw; never let one end the timer thread.
    }
    lock.lock();
  }
}

}  // namespace fluxer::client_detail
