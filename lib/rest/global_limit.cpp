// The in-process bot-wide request ceiling (include/fluxer/rest/global_limit.hpp).

#include <fluxer/rest/global_limit.hpp>

#include <algorithm>

namespace fluxer {

InProcessGlobalLimit::InProcessGlobalLimit(std::size_t limit, std::chrono::milliseconds window)
    : limit_(std::max<std::size_t>(limit, 1)), window_(window + std::max(window / 20, std::chrono::milliseconds(10))) {}

SlotGrant InProcessGlobalLimit::reserve(std::size_t count, WallTime now) {
  std::lock_guard lock(mutex_);
  if (now < blocked_until_) return {0, blocked_until_};
  // A clock stepped back by more than a window: the history says nothing about now.
  if (!sent_.empty() && now + window_ < sent_.back()) sent_.clear();
  while (!sent_.empty() && sent_.front() + window_ <= now) sent_.pop_front();
  SlotGrant grant;
  while (grant.granted < count && sent_.size() < limit_) {
    sent_.push_back(now);
    ++grant.granted;
  }
  if (grant.granted < count) grant.retry_at = sent_.front() + window_;
  return grant;
}

void InProcessGlobalLimit::block_until(WallTime until) {
  std::lock_guard lock(mutex_);
  blocked_until_ = std::max(blocked_until_, until);
}

}  // namespace fluxer
