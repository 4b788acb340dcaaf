#include "gateway/member_requests.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace fluxer::gateway::detail {

Result<void> MemberRequests::add(int shard, RequestGuildMembers& request, Promise<GuildMembers> promise,
                                 TimePoint deadline) {
  if (request.nonce) {
    std::optional<Error> refused;
    if (request.nonce->size() > 32)
      refused = Error::invalid_argument("nonce", "a Request Guild Members nonce is at most 32 bytes");
    for (const auto& p : pending_)
      if (!refused && p.nonce == *request.nonce)
        refused = Error::invalid_argument("nonce", "a request with this nonce is already pending");
    if (refused) {
      promise.set_error(*refused);
      return *refused;
    }
  } else {
    // Unique within this gateway; the prefix keeps it apart from nonces users pick.
    std::string nonce;
    do {
      nonce = fmt::format("fluxer-cpp-{:x}", next_nonce_++);
    } while (std::any_of(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.nonce == nonce; }));
    request.nonce = std::move(nonce);
  }
  Pending p;
  p.shard = shard;
  p.nonce = *request.nonce;
  p.promise = std::move(promise);
  p.result.guild_id = request.guild_id;
  p.result.nonce = p.nonce;
  p.deadline = deadline;
  pending_.push_back(std::move(p));
  return {};
}

void MemberRequests::fail(const std::string& nonce, Error error) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->nonce == nonce) {
      it->promise.set_error(std::move(error));
      pending_.erase(it);
      return;
    }
  }
}

bool MemberRequests::on_chunk(int shard, const GuildMembersChunk& chunk) {
  if (!chunk.nonce) return false;
  auto it = std::find_if(pending_.begin(), pending_.end(),
                         [&](const Pending& p) { return p.shard == shard && p.nonce == *chunk.nonce; });
  if (it == pending_.end()) return false;
  auto& p = *it;
  const int count = std::max(chunk.chunk_count, 1);
  if (p.seen.empty()) p.seen.assign(static_cast<std::size_t>(count), false);
  if (chunk.chunk_index < 0 || static_cast<std::size_t>(chunk.chunk_index) >= p.seen.size()) return true;
  if (p.seen[static_cast<std::size_t>(chunk.chunk_index)]) return true;  // a duplicate
  p.seen[static_cast<std::size_t>(chunk.chunk_index)] = true;
  ++p.received;
  p.result.members.insert(p.result.members.end(), chunk.members.begin(), chunk.members.end());
  p.result.presences.insert(p.result.presences.end(), chunk.presences.begin(), chunk.presences.end());
  if (p.received == p.seen.size()) {
    p.promise.set_value(std::move(p.result));
    pending_.erase(it);
  }
  return true;
}

bool MemberRequests::on_rate_limited(int shard, const RateLimited& limited) {
  if (limited.opcode != 0 && limited.opcode != 8) return false;
  auto it = pending_.end();
  if (limited.nonce) {
    it = std::find_if(pending_.begin(), pending_.end(),
                      [&](const Pending& p) { return p.shard == shard && p.nonce == *limited.nonce; });
  } else if (limited.guild_id) {
    it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) {
      return p.shard == shard && p.result.guild_id == *limited.guild_id && p.received == 0;
    });
  }
  if (it == pending_.end()) return false;
  Error e{ErrorKind::RateLimit,
          fmt::format("the gateway refused the member request for guild {} (RATE_LIMITED, retry after {} ms)",
                      it->result.guild_id, limited.retry_after.count()),
          "RATE_LIMITED"};
  e.retry_after = limited.retry_after;
  it->promise.set_error(std::move(e));
  pending_.erase(it);
  return true;
}

void MemberRequests::expire(TimePoint now) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now >= it->deadline) {
      it->promise.set_error(
          Error{ErrorKind::Timeout,
                fmt::format("Request Guild Members for guild {}: {} of {} chunks arrived in time", it->result.guild_id,
                            it->received, it->seen.empty() ? std::string("?") : std::to_string(it->seen.size())),
                "TIMEOUT"});
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

void MemberRequests::fail_all(const Error& error, std::optional<int> shard) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!shard || it->shard == *shard) {
      it->promise.set_error(error);
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<MemberRequests::TimePoint> MemberRequests::next_deadline() const {
  std::optional<TimePoint> out;
  for (const auto& p : pending_)
    if (!out || p.deadline < *out) out = p.deadline;
  return out;
}

}  // namespace fluxer::gateway::detail
