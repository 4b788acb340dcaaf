#include <fluxer/gateway/identify_queue.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>

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
    // One Identify in flight at a time. Ask again when a grant could first be possible (the
    // end of the interval), then poll: the holder may be another gateway of this process,
    // whose release this caller does not hear of. At the latest when the lease expires.
    const auto expires = std::chrono::ceil<std::chrono::milliseconds>(b.lease_expires - now);
    const auto interval_left = std::chrono::ceil<std::chrono::milliseconds>(b.last_grant + interval_ - now);
    grant.retry_after = std::max(std::min(std::max(interval_left, kLeasePoll), expires), std::chrono::milliseconds{1});
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

std::shared_ptr<LocalIdentifyQueue> process_identify_queue(std::string_view token,
                                                           std::chrono::milliseconds interval) {
  // Deliberately process-wide (see the header): the server paces Identify per token, not
  // per Client. Keyed by a hash of the token, so the registry never holds the secret; a
  // collision would only make two bots share pacing.
  struct Registry {
    std::mutex mutex;
    std::map<std::pair<std::size_t, std::int64_t>, std::weak_ptr<LocalIdentifyQueue>> queues;
  };
  static Registry registry;
  const auto key = std::make_pair(std::hash<std::string_view>{}(token), interval.count());
  std::lock_guard lock(registry.mutex);
  for (auto it = registry.queues.begin(); it != registry.queues.end();) {
    if (it->second.expired())
      it = registry.queues.erase(it);
    else
      ++it;
  }
  auto& slot = registry.queues[key];
  auto queue = slot.lock();
  if (!queue) {
    queue = std::make_shared<LocalIdentifyQueue>(interval);
    slot = queue;
  }
  return queue;
}

}  // namespace fluxer::gateway
