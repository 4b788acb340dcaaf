#include "client/guild_burst.hpp"

namespace fluxer::client_detail {

void GuildBurst::start(Clock::time_point now, Clock::duration timeout, std::span<const Snowflake> announced) {
  active_ = true;
  list_known_ = false;
  list_failed_ = false;
  deadline_ = now + timeout;
  expected_.clear();
  arrived_.clear();
  expected_.insert(announced.begin(), announced.end());
}

void GuildBurst::expect(std::span<const Snowflake> ids) {
  list_known_ = true;
  if (!active_) return;
  expected_.insert(ids.begin(), ids.end());
}

GuildBurst::Create GuildBurst::on_guild_create(Snowflake id, bool unavailable) {
  if (active_) {
    if (unavailable) {  // [A] announces every guild with a stub first
      expected_.insert(id);
      unavailable_.insert(id);
      return Create::Burst;
    }
    const bool expected = expected_.contains(id) || unavailable_.contains(id);
    if (expected || !list_known_) {
      expected_.insert(id);
      arrived_.insert(id);
      unavailable_.erase(id);
      return Create::Burst;
    }
    // Not in the list the server gave us: the bot was added during the burst.
    return Create::Joined;
  }
  if (unavailable) {
    unavailable_.insert(id);
    return Create::Unavailable;
  }
  if (unavailable_.erase(id) > 0) return Create::Available;
  return Create::Joined;
}

GuildBurst::Delete GuildBurst::on_guild_delete(Snowflake id, bool unavailable) {
  if (!unavailable) {
    unavailable_.erase(id);
    expected_.erase(id);
    arrived_.erase(id);
    return Delete::Left;
  }
  unavailable_.insert(id);
  if (active_) {
    expected_.insert(id);
    arrived_.insert(id);
    return Delete::Burst;
  }
  return Delete::Unavailable;
}

bool GuildBurst::complete() const noexcept {
  if (!active_ || !list_known_ || list_failed_) return false;
  for (const auto& id : expected_) {
    if (!arrived_.contains(id)) return false;
  }
  return true;
}

bool GuildBurst::finish() noexcept {
  if (!active_) return false;
  active_ = false;
  return true;
}

std::size_t GuildBurst::pending() const noexcept {
  std::size_t n = 0;
  for (const auto& id : expected_) n += arrived_.contains(id) ? 0 : 1;
  return n;
}

}  // namespace fluxer::client_detail
