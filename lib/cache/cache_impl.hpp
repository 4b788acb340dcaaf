#pragma once
// CacheCore: the stores, the limits, and the operations the public calls are made of.
// Functions named *_locked expect the caller to hold the named shard's lock (exclusive for
// writes); the others take the locks they need, in the order stores.hpp gives.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <fluxer/cache/cache.hpp>

#include "cache/stores.hpp"

namespace fluxer::cache_detail {

class CacheCore {
 public:
  using GuildShard = cache_detail::GuildShard;
  using ChannelShard = cache_detail::ChannelShard;
  using UserShard = cache_detail::UserShard;
  using GuildEntry = cache_detail::GuildEntry;
  using ChannelEntry = cache_detail::ChannelEntry;
  using MessageEntry = cache_detail::MessageEntry;
  using MemberEntry = cache_detail::MemberEntry;
  using UserEntry = cache_detail::UserEntry;

  enum Kind : std::uint8_t { kGuild, kChannel, kMember, kUser, kMessage, kKindCount };

  struct KindState {
    std::atomic<std::size_t> count{0};
    std::atomic<std::size_t> evicted{0};
    std::mutex evict_mutex;
    std::optional<std::size_t> limit;
  };

  explicit CacheCore(CacheOptions opts);
  ~CacheCore();
  CacheCore(const CacheCore&) = delete;
  CacheCore& operator=(const CacheCore&) = delete;

  CacheOptions options;
  std::size_t shard_count;
  std::vector<std::unique_ptr<GuildShard>> gshards;
  std::vector<std::unique_ptr<ChannelShard>> cshards;
  std::vector<std::unique_ptr<UserShard>> ushards;
  std::array<KindState, kKindCount> kinds;
  std::atomic<std::uint64_t> next_seq{1};
  std::atomic<std::uint64_t> current_user_id{0};
  mutable std::mutex current_mutex;
  std::optional<CurrentUser> current;

  [[nodiscard]] bool messages_enabled() const noexcept { return kinds[kMessage].limit.value_or(0) > 0; }
  [[nodiscard]] bool limited(Kind k) const noexcept { return kinds[k].limit.has_value(); }
  std::uint64_t take_seq() noexcept { return next_seq.fetch_add(1, std::memory_order_relaxed); }

  [[nodiscard]] std::size_t shard_index(std::uint64_t id) const noexcept {
    return static_cast<std::size_t>((cache_detail::hash_id(id) >> 32) & 0xFFFFFF) % shard_count;
  }
  [[nodiscard]] GuildShard& gshard(std::uint64_t id) const noexcept { return *gshards[shard_index(id)]; }
  [[nodiscard]] ChannelShard& cshard(std::uint64_t id) const noexcept { return *cshards[shard_index(id)]; }
  [[nodiscard]] UserShard& ushard(std::uint64_t id) const noexcept { return *ushards[shard_index(id)]; }

  // ---------------------------------------------------------------- users (cache_users.cpp)
  static std::uint32_t find_user(const UserShard& s, std::uint64_t id);
  /// Adds a member's reference to a user, storing it (or refreshing it, unless id-only).
  void user_acquire(const User& u);
  /// Drops a member's reference; the user goes with its last reference (unless pinned).
  void user_release(std::uint64_t id);
  /// Refreshes a cached user (no-op when absent or when `u` is id-only).
  void user_update(const User& u);
  /// Stores a user without a reference ("loose"). True when it was new.
  bool user_put(const User& u);
  /// Makes `u` the pinned current user (unpinning `old_id` if different).
  void user_pin(const User& u, std::uint64_t old_id);
  void user_assign_locked(UserShard& s, std::uint32_t h, const User& u);
  void user_remove_locked(UserShard& s, std::uint32_t h);
  [[nodiscard]] std::optional<User> read_user(std::uint64_t id) const;
  void presence_set(const Presence& p, std::optional<Snowflake> batch_guild);
  [[nodiscard]] std::optional<Presence> read_presence(std::uint64_t user_id) const;

  // ---------------------------------------------------------------- guilds (cache_guilds.cpp)
  static std::uint32_t find_guild(const GuildShard& s, std::uint64_t id);
  std::uint32_t create_guild_locked(GuildShard& s, std::uint64_t id);
  std::uint32_t mark_unavailable_locked(GuildShard& s, std::uint64_t id, std::uint32_t h, bool hidden,
                                        CacheUpdate& out);
  void remove_guild_locked(GuildShard& s, std::uint32_t h);
  /// Properties, and the collections that are non-empty (REST / GUILD_UPDATE semantics).
  void put_guild_locked(GuildShard& s, std::uint32_t h, const Guild& g);
  void set_roles_locked(GuildEntry& g, const std::vector<Role>& roles);
  void set_emojis_locked(GuildEntry& g, const std::vector<Emoji>& emojis);
  void set_stickers_locked(GuildEntry& g, const std::vector<Sticker>& stickers);
  /// Replaces the guild's channel list (channels no longer listed are dropped).
  void set_channels_locked(GuildEntry& g, const std::vector<Channel>& channels);
  /// Stores or updates a role; returns the previous value when `before`.
  std::optional<Role> upsert_role_locked(GuildEntry& g, const Role& role, bool want_before);
  [[nodiscard]] Guild read_guild_locked(const GuildShard& s, const GuildEntry& g, GuildParts parts) const;
  [[nodiscard]] std::vector<Emoji> read_emojis(const GuildEntry& g) const;
  [[nodiscard]] std::vector<Sticker> read_stickers(const GuildEntry& g) const;

  // members
  static std::uint32_t find_member(const GuildShard& s, const GuildEntry& g, std::uint64_t user_id);
  /// Inserts or updates a member whose account is `u`; true when inserted.
  bool upsert_member_locked(GuildShard& s, std::uint32_t gh, const GuildMember& m, const User& u,
                            std::optional<GuildMember>* before);
  void remove_member_locked(GuildShard& s, std::uint32_t mh);
  [[nodiscard]] GuildMember read_member_locked(const GuildShard& s, std::uint32_t mh) const;

  // voice states
  std::optional<VoiceState> set_voice_state_locked(GuildShard& s, std::uint32_t gh, const VoiceState& v,
                                                   bool want_before);
  [[nodiscard]] VoiceState read_voice_state_locked(const GuildShard& s, const GuildEntry& g,
                                                   const cache_detail::VoiceEntry& v) const;

  // ---------------------------------------------------------------- channels (cache_channels.cpp)
  static std::uint32_t find_channel(const ChannelShard& s, std::uint64_t id);
  /// Inserts or updates a channel (locks its shard); true when inserted.
  bool upsert_channel(const Channel& c, std::uint64_t guild_id, std::optional<Channel>* before);
  /// Removes a channel and its messages (locks its shard).
  std::optional<Channel> remove_channel(std::uint64_t id, bool want_before);
  void remove_channel_locked(ChannelShard& s, std::uint32_t h);
  [[nodiscard]] Channel read_channel_locked(const ChannelEntry& c) const;
  void write_channel_locked(ChannelShard& s, ChannelEntry& e, const Channel& c);

  // messages
  static std::uint32_t find_message(const ChannelShard& s, std::uint64_t id);
  void insert_message_locked(ChannelShard& s, std::uint32_t ch, const Message& m);
  void write_message_locked(ChannelShard& s, MessageEntry& e, const Message& m);
  void remove_message_locked(ChannelShard& s, std::uint32_t mh);
  [[nodiscard]] Message read_message_locked(const MessageEntry& e) const;

  // ---------------------------------------------------------------- limits (cache_evict.cpp)
  /// Evicts, oldest first, until every count is within its limit. Call with no lock held.
  void enforce_limits();
  bool evict_one(Kind k);

  // ---------------------------------------------------------------- events (cache_apply.cpp)
  CacheUpdate apply(const DispatchEvent& event, BeforeValues before);
  CacheUpdate apply_guild_snapshot(const GuildSnapshot& s, bool want_before);
  CacheUpdate apply_guild_delete(const GuildDelete& d, bool want_before);
  std::optional<Guild> put_guild(const Guild& g, bool want_before);
  std::optional<CurrentUser> put_current_user(const CurrentUser& u);
  /// Stores a channel of a cached guild, or a private channel.
  std::optional<Channel> put_channel(const Channel& c, bool want_before);
  std::optional<Channel> delete_channel(const Channel& c, bool want_before);
  /// Stores a member (and user) of a cached guild; `counts` = a GUILD_MEMBER_ADD (bumps
  /// member_count when new).
  bool put_member(Snowflake guild_id, const GuildMember& m, const User& u, bool counts,
                  std::optional<GuildMember>* before);
  void put_message(const Message& m, bool update_member);

  /// Everything, dropped. Takes every shard lock.
  void clear();
  [[nodiscard]] CacheStats stats() const;
};

}  // namespace fluxer::cache_detail
