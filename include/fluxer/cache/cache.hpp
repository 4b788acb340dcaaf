#pragma once
/// @file
/// Cache: guilds, channels, roles, members, users, (optionally) messages, voice states and
/// presences, as the gateway and REST describe them.

#include <memory>
#include <optional>
#include <vector>

#include <fluxer/cache/cache_options.hpp>
#include <fluxer/cache/cache_stats.hpp>
#include <fluxer/cache/cache_update.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/voice_state.hpp>

namespace fluxer {

namespace cache_detail {
class CacheCore;
}  // namespace cache_detail

/// Which parts of a guild `Cache::guild` fills in.
enum class GuildParts : std::uint8_t {
  All,         ///< Properties plus roles, channels, emojis and stickers.
  Properties,  ///< Properties, counts and availability only (collections left empty).
};

/// The SDK's cache. A `Client` owns one (`client.cache()`) and feeds it every dispatch
/// before the event's handlers run; it can also be used on its own.
///
/// **What it holds.** Guilds (properties, roles, emojis, stickers, member and online counts,
/// voice states), channels (guild and private), members, users (stored once, however many
/// guilds they are in), presences, the current user, and — when `CacheOptions::messages` is
/// set — the most recent messages. See docs/cache.md for which event fills what.
///
/// **Values.** Every getter returns a copy built from the cache's compact stored form: keep
/// it as long as you like; later changes to the cache never touch it.
///
/// **Threads.** Every member function may be called from any thread at the same time:
/// `apply` from one strand per gateway shard while handlers read. Entries live in lock
/// shards (`CacheOptions::shards`); a reader takes a shard's lock shared, a writer
/// exclusive, each for one lookup or one update.
///
/// **Limits** (CacheOptions): oldest inserted first, no orphans. With several threads
/// writing, a count can exceed its limit by one entry per concurrent writer for the moment
/// between an insert and its eviction.
class Cache {
 public:
  explicit Cache(CacheOptions options = {});
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  /// The options the cache was made with.
  [[nodiscard]] const CacheOptions& options() const noexcept;

  // ---------------------------------------------------------------- writing

  /// Updates the cache for one gateway dispatch, evicting under the limits as needed.
  /// Events that change nothing the cache holds are ignored. Returns how a guild's
  /// availability changed, the values the event replaced (unless `before` is Skip), and an
  /// error for parts of the event it could not store.
  CacheUpdate apply(const DispatchEvent& event, BeforeValues before = BeforeValues::Collect);

  /// Stores a guild from REST (`GET /guilds/{id}`): its properties, and those of its
  /// collections (roles, channels, emojis, stickers) that are non-empty (older servers send
  /// none), replacing what was cached. An unavailable guild is stored as a placeholder.
  void put(const Guild& guild);
  /// Stores a channel. A guild channel is stored only while its guild is cached.
  void put(const Channel& channel);
  /// Stores a role of a cached guild.
  void put(const Role& role, Snowflake guild_id);
  /// Stores a member (and its user) of a cached guild. False when the member carries no
  /// user id or the guild is not cached.
  bool put(const GuildMember& member, Snowflake guild_id);
  /// Stores a user (`GET /users/{id}`). A user nothing references stays until the `users`
  /// limit evicts it; an id-only user never overwrites what the cache knows.
  void put(const User& user);
  /// Sets the current user (READY, USER_UPDATE, `GET /users/@me`).
  void put(const CurrentUser& user);
  /// Stores a message, if the message cache is on and its channel is cached.
  void put(const Message& message);

  /// Forgets everything (e.g. before a new session's READY when the old one was lost).
  void clear();

  // ---------------------------------------------------------------- reading

  /// The current user, once READY (or put) told the cache.
  [[nodiscard]] std::optional<CurrentUser> current_user() const;

  /// A guild. An unavailable placeholder has `unavailable` set (and, when the guild was
  /// seen available before, its last known data).
  [[nodiscard]] std::optional<Guild> guild(Snowflake guild_id, GuildParts parts = GuildParts::All) const;
  /// When the current user joined this guild (GUILD_CREATE `joined_at`).
  [[nodiscard]] std::optional<Timestamp> guild_joined_at(Snowflake guild_id) const;
  /// Ids of every cached guild (unspecified order).
  [[nodiscard]] std::vector<Snowflake> guild_ids() const;

  /// A channel (guild or private).
  [[nodiscard]] std::optional<Channel> channel(Snowflake channel_id) const;
  /// The cached channels of a guild, in the order the guild listed them (new ones last).
  [[nodiscard]] std::vector<Channel> channels(Snowflake guild_id) const;
  /// The cached DM and group DM channels (scans every channel).
  [[nodiscard]] std::vector<Channel> private_channels() const;

  /// A role of a guild.
  [[nodiscard]] std::optional<Role> role(Snowflake guild_id, Snowflake role_id) const;
  /// The roles of a guild, in the order the guild listed them (new ones last).
  [[nodiscard]] std::vector<Role> roles(Snowflake guild_id) const;
  /// The emojis of a guild.
  [[nodiscard]] std::vector<Emoji> emojis(Snowflake guild_id) const;
  /// The stickers of a guild.
  [[nodiscard]] std::vector<Sticker> stickers(Snowflake guild_id) const;

  /// A user.
  [[nodiscard]] std::optional<User> user(Snowflake user_id) const;
  /// A member of a guild, with its `user` filled in.
  [[nodiscard]] std::optional<GuildMember> member(Snowflake guild_id, Snowflake user_id) const;
  /// The cached members of a guild, each with its user (unspecified order).
  [[nodiscard]] std::vector<GuildMember> members(Snowflake guild_id) const;

  /// A cached message.
  [[nodiscard]] std::optional<Message> message(Snowflake channel_id, Snowflake message_id) const;
  /// The cached messages of a channel, oldest first.
  [[nodiscard]] std::vector<Message> messages(Snowflake channel_id) const;

  /// The voice states of a guild (one per connection), each with its member when cached.
  [[nodiscard]] std::vector<VoiceState> voice_states(Snowflake guild_id) const;
  /// A user's latest presence (with the user filled in from the cache).
  [[nodiscard]] std::optional<Presence> presence(Snowflake user_id) const;

  /// Counts and heap bytes per kind of entry (see CacheStats for what bytes mean).
  [[nodiscard]] CacheStats stats() const;

 private:
  std::unique_ptr<cache_detail::CacheCore> impl_;
};

}  // namespace fluxer
