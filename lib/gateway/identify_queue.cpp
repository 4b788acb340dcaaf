#include <fluxer/gateway/identify_queue.hpp>

#include <algorithm>

namespace fluxer::gateway {

LocalIdentifyQueue::LocalIdentifyQueue(std::chrono::milliseconds interval, Now now)
    : interval_(std::max(interval, std::chrono::milliseconds{0})), now_(std::move(now)) {
  if (!now_) now_ = [] { return Clock::now(); };
}

IdentifyGrant LocalIdentifyQueue::try_acquire(std::string_view bucket, int /*shard_id*/,
                                              std::chrono::milliseconds lease_timeout) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) it = buckets_.emplace(std::string(bucket), Bucket{}).first;
  Bucket& b = it->second;
  IdentifyGrant grant;
  if (b.lease != 0 && now < b.lease_expires) {
    // One Identify in flight at a time; ask again when its lease would expire at the latest.
    grant.retry_after =
        std::max(std::chrono::ceil<std::chrono::milliseconds>(b.lease_expires - now), std::chrono::milliseconds{1});
    return grant;
  }
  if (b.ever_granted && now < b.last_grant + interval_) {
    grant.retry_after = std::max(std::chrono::ceil<std::chrono::milliseconds>(b.last_grant + interval_ - now),
                                 std::chrono::milliseconds{1});
    return grant;
  }
  b.ever_granted = true;
  b.last_grant = now;
  b.lease = next_lease_++;
  b.lease_expires = now + std::max(lease_timeout, std::chrono::milliseconds{1});
  grant.granted = true;
  grant.lease = b.lease;
  return grant;
}

void LocalIdentifyQueue::release(std::uint64_t lease) {
  if (lease == 0) return;
  std::lock_guard lock(mutex_);
  for (auto& [name, b] : buckets_) {
    if (b.lease == lease) {
      b.lease = 0;
      return;
    }
  }
}

}  // namespace fluxer::gateway
