#pragma once
// Private to libfluxer: Request Guild Members (op 8) in flight. Each request has a nonce;
// its GUILD_MEMBERS_CHUNK dispatches are collected until every chunk index arrived, then
// its promise completes. A [B] RATE_LIMITED dispatch fails it; so do a timeout, the shard
// stopping and the gateway stopping. Sans-IO: the caller passes the time.

#include <chrono>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/future.hpp>
#include <fluxer/gateway/gateway.hpp>
#include <fluxer/model/events.hpp>

namespace fluxer::gateway::detail {

class MemberRequests {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  /// Registers a request of `shard`; gives it a nonce when it has none. InvalidArgument for
  /// a nonce over 32 bytes or one already pending (the promise fails with it too).
  Result<void> add(int shard, RequestGuildMembers& request, Promise<GuildMembers> promise, TimePoint deadline);
  /// Forgets the request with `nonce` and fails it (e.g. it could not be queued).
  void fail(const std::string& nonce, Error error);
  /// A chunk arrived on `shard`; true when it belonged to a pending request.
  bool on_chunk(int shard, const GuildMembersChunk& chunk);
  /// A RATE_LIMITED dispatch arrived on `shard`; true when it matched a request.
  bool on_rate_limited(int shard, const RateLimited& limited);
  /// Fails what timed out by `now`.
  void expire(TimePoint now);
  /// Fails every request of `shard` (nullopt: of every shard).
  void fail_all(const Error& error, std::optional<int> shard = std::nullopt);
  [[nodiscard]] std::optional<TimePoint> next_deadline() const;
  [[nodiscard]] std::size_t size() const noexcept { return pending_.size(); }

 private:
  struct Pending {
    int shard = 0;
    std::string nonce;
    Promise<GuildMembers> promise;
    GuildMembers result;
    std::vector<bool> seen;  // per chunk index
    std::size_t received = 0;
    TimePoint deadline{};
  };
  std::list<Pending> pending_;  // oldest first
  std::uint64_t next_nonce_ = 1;
};

}  // namespace fluxer::gateway::detail
