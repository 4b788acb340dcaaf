// Eviction under the limits: oldest inserted first, over all shards.
//
// Each shard keeps its entries of a kind in insertion order, each tagged with a global
// sequence number; the oldest entry of the whole cache is the head with the smallest
// number. The evictor of a kind (one at a time: KindState::evict_mutex) reads the heads'
// numbers without locks, locks the winner's shard (plus what the lock order requires), and
// checks that the head is still the one it saw before removing it; otherwise it looks again.

#include <mutex>
#include <shared_mutex>

#include "cache/cache_impl.hpp"

namespace fluxer {

using namespace cache_detail;

namespace {

/// The index of the shard whose fifo head is oldest, and that head's sequence number.
template <class Shards, class FifoOf>
std::pair<std::size_t, std::uint64_t> oldest(const Shards& shards, FifoOf fifo_of) {
  std::size_t best = shards.size();
  std::uint64_t best_seq = Fifo::kEmpty;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const std::uint64_t seq = fifo_of(*shards[i]).head_seq();
    if (seq < best_seq) {
      best_seq = seq;
      best = i;
    }
  }
  return {best, best_seq};
}

}  // namespace

void CacheCore::enforce_limits() {
  for (int k = 0; k < kKindCount; ++k) {
    KindState& st = kinds[k];
    if (!st.limit || st.count.load(std::memory_order_relaxed) <= *st.limit) continue;
    std::lock_guard evicting(st.evict_mutex);
    // evict_one returns true after evicting or when the head changed under it (then it looks
    // again); a bound on rounds without progress keeps a pathological race from spinning.
    int fruitless = 0;
    while (fruitless < 1000) {
      const std::size_t before = st.count.load(std::memory_order_relaxed);
      if (before <= *st.limit) break;
      if (!evict_one(static_cast<Kind>(k))) break;
      fruitless = st.count.load(std::memory_order_relaxed) < before ? 0 : fruitless + 1;
    }
  }
}

bool CacheCore::evict_one(Kind k) {
  switch (k) {
    case kGuild: {
      const auto [i, seq] = oldest(gshards, [](const GuildShard& s) -> const Fifo& { return s.guild_fifo; });
      if (i == gshards.size()) return false;
      GuildShard& s = *gshards[i];
      std::unique_lock lock(s.mutex);
      if (s.guild_fifo.head_seq() != seq) return true;  // changed meanwhile: look again
      remove_guild_locked(s, s.guild_fifo.head());
      kinds[kGuild].evicted.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    case kChannel: {
      const auto [i, seq] = oldest(cshards, [](const ChannelShard& s) -> const Fifo& { return s.channel_fifo; });
      if (i == cshards.size()) return false;
      ChannelShard& s = *cshards[i];
      std::uint64_t channel_id = 0;
      std::uint64_t guild_id = 0;
      {
        std::shared_lock lock(s.mutex);
        if (s.channel_fifo.head_seq() != seq) return true;
        const ChannelEntry& e = s.channels[s.channel_fifo.head()];
        channel_id = e.id;
        guild_id = e.guild_id;
      }
      // A guild channel also leaves its guild's list: guild shard first, then the channel's.
      std::unique_lock<std::shared_mutex> guild_lock;
      GuildShard* gs = nullptr;
      if (guild_id != 0) {
        gs = &gshard(guild_id);
        guild_lock = std::unique_lock(gs->mutex);
      }
      std::unique_lock lock(s.mutex);
      if (s.channel_fifo.head_seq() != seq) return true;
      remove_channel_locked(s, s.channel_fifo.head());
      if (gs) {
        const std::uint32_t gh = find_guild(*gs, guild_id);
        if (gh != kNoHandle) {
          auto& ids = gs->guilds[gh].channel_ids;
          std::erase(ids, Snowflake{channel_id});
        }
      }
      kinds[kChannel].evicted.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    case kMember: {
      const auto [i, seq] = oldest(gshards, [](const GuildShard& s) -> const Fifo& { return s.member_fifo; });
      if (i == gshards.size()) return false;
      GuildShard& s = *gshards[i];
      std::unique_lock lock(s.mutex);
      if (s.member_fifo.head_seq() != seq) return true;
      remove_member_locked(s, s.member_fifo.head());
      kinds[kMember].evicted.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    case kUser: {
      const auto [i, seq] = oldest(ushards, [](const UserShard& s) -> const Fifo& { return s.user_fifo; });
      if (i == ushards.size()) return false;
      UserShard& us = *ushards[i];
      std::uint64_t user_id = 0;
      std::uint32_t refs = 0;
      {
        std::shared_lock lock(us.mutex);
        if (us.user_fifo.head_seq() != seq) return true;
        const UserEntry& e = us.users[us.user_fifo.head()];
        user_id = e.id;
        refs = e.refs;
      }
      // The same entry as the one seen at the head (pinned users are not in the order list).
      // A copy of `seq`: clang before 16 cannot capture a structured binding.
      auto same_entry = [&, head_seq = seq](std::uint32_t h) {
        return h != kNoHandle && !(us.users[h].bits & UserEntry::kPinned) && us.user_fifo.seq(h) == head_seq;
      };
      auto still_there = [&] {
        std::shared_lock lock(us.mutex);
        return same_entry(find_user(us, user_id));
      };
      if (refs > 0) {
        // Members reference the user: they go first (no member without its user). The user
        // goes with the last of them.
        for (auto& gsp : gshards) {
          GuildShard& gs = *gsp;
          std::unique_lock lock(gs.mutex);
          std::vector<std::uint32_t> found;
          gs.guilds.for_each([&](std::uint32_t, GuildEntry& g) {
            const std::uint32_t mh = find_member(gs, g, user_id);
            if (mh != kNoHandle) found.push_back(mh);
          });
          for (std::uint32_t mh : found) {
            remove_member_locked(gs, mh);
            kinds[kMember].evicted.fetch_add(1, std::memory_order_relaxed);
          }
          if (!found.empty() && !still_there()) break;
        }
      }
      {
        std::unique_lock lock(us.mutex);
        const std::uint32_t h = find_user(us, user_id);
        if (h != kNoHandle) {
          if (!same_entry(h)) return true;  // removed and stored again meanwhile: look again
          // Still referenced: a member was added meanwhile; look again (enforce_limits gives
          // up after many fruitless rounds, so a stale count cannot spin forever).
          if (us.users[h].refs != 0) return true;
          user_remove_locked(us, h);
        }
      }
      kinds[kUser].evicted.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    case kMessage: {
      const auto [i, seq] = oldest(cshards, [](const ChannelShard& s) -> const Fifo& { return s.message_fifo; });
      if (i == cshards.size()) return false;
      ChannelShard& s = *cshards[i];
      std::unique_lock lock(s.mutex);
      if (s.message_fifo.head_seq() != seq) return true;
      remove_message_locked(s, s.message_fifo.head());
      kinds[kMessage].evicted.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    case kKindCount: break;
  }
  return false;
}

}  // namespace fluxer
