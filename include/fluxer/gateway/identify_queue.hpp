#pragma once
/// @file
/// IdentifyQueue: who may send the next Identify (op 2), and when.
///
/// A gateway paces its Identify payloads through an IdentifyQueue so that one bot never
/// starts sessions faster than the server accepts. The default, LocalIdentifyQueue, paces
/// the shards of one process; a bot split over several processes plugs in a shared
/// implementation (e.g. one backed by Redis) with the same interface.
///
/// The model is a lease: a granted shard holds it until its Identify ends (READY, op 9
/// Invalid Session, a close or a timeout) and then releases it. A lease also expires by
/// itself after `lease_timeout`, so a holder that crashed frees it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace fluxer::gateway {

/// The answer to IdentifyQueue::try_acquire.
struct IdentifyGrant {
  /// True: send Identify now, then release(`lease`) when it ended.
  bool granted = false;
  /// Identifies the lease for release(); meaningful when granted.
  std::uint64_t lease = 0;
  /// When not granted: ask again after this long.
  std::chrono::milliseconds retry_after{0};
};

/// Paces Identify payloads. Implementations must be thread-safe (several gateways may share
/// one) and must never block: a shared store answers from what it knows and lets the caller
/// ask again after `retry_after`.
class IdentifyQueue {
 public:
  virtual ~IdentifyQueue() = default;

  /// Asks whether shard `shard_id` of the bot `bucket` (the bot's application id, never its
  /// token) may identify now. A grant holds a lease that expires after `lease_timeout` unless
  /// released earlier.
  [[nodiscard]] virtual IdentifyGrant try_acquire(std::string_view bucket, int shard_id,
                                                  std::chrono::milliseconds lease_timeout) = 0;
  /// Ends a lease (READY, Invalid Session, a close or a timeout). Unknown leases are ignored.
  virtual void release(std::uint64_t lease) = 0;
};

/// The in-process IdentifyQueue: per bucket, one lease at a time and at most one grant per
/// `interval` (5 s by default: one identify per 5 s per token).
///
/// Refusals say when to ask again: the end of the interval, or, while a lease is still held
/// after it, every `kLeasePoll` (the holder may be another gateway of the process, whose
/// release nobody announces), at the latest when the lease expires.
class LocalIdentifyQueue final : public IdentifyQueue {
 public:
  using Clock = std::chrono::steady_clock;
  /// Returns the current time; injectable for tests.
  using Now = std::function<Clock::time_point()>;
  /// How often a refused shard asks again while another holds the lease past the interval.
  static constexpr std::chrono::milliseconds kLeasePoll{250};

  /// `interval`: the least time between two grants of one bucket. `now` defaults to
  /// `std::chrono::steady_clock::now`.
  explicit LocalIdentifyQueue(std::chrono::milliseconds interval = std::chrono::seconds{5}, Now now = {});

  [[nodiscard]] IdentifyGrant try_acquire(std::string_view bucket, int shard_id,
                                          std::chrono::milliseconds lease_timeout) override;
  void release(std::uint64_t lease) override;

 private:
  struct Bucket {
    Clock::time_point last_grant{};
    bool ever_granted = false;
    std::uint64_t lease = 0;  ///< 0 = free
    Clock::time_point lease_expires{};
  };
  std::chrono::milliseconds interval_;
  Now now_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
  std::uint64_t next_lease_ = 1;
};

/// The default identify queue of a gateway without `GatewayOptions::identify_queue`: one
/// LocalIdentifyQueue per bot token and `interval` for the whole process, so that two
/// Gateways (or Clients) that run the same bot in one process pace their Identify payloads
/// against each other, as the server counts them (per token). The queue is looked up by a
/// hash of the token (the token itself is not kept) and held only through the gateways
/// that use it: once none does, the next call makes a fresh one. Thread-safe.
///
/// This is the one thing two Clients of one process share, and only when they use the same
/// token without a queue of their own; pass an explicit `identify_queue` to opt out.
[[nodiscard]] std::shared_ptr<LocalIdentifyQueue> process_identify_queue(std::string_view token,
                                                                         std::chrono::milliseconds interval);

}  // namespace fluxer::gateway
