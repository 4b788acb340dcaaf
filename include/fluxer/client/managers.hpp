#pragma once
/// @file
/// Managers: cache-first access to guilds, channels, users, members and roles.
///
/// Each has `get` (the cache only, never blocks), `fetch` (REST; the result also updates
/// the cache) and `resolve` (the cache, else fetch). Managers are light handles into their
/// Client; use them only while the Client lives.
///
///     if (auto g = client.guilds().get(guild_id)) fmt::print("{}\n", g->name);
///     fluxer::User u = client.users().resolve(user_id).get();
///     client.channels().send(channel_id, {.content = "hello"});

#include <optional>
#include <vector>

#include <fluxer/core/future.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/message_requests.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/rest/call_options.hpp>
#include <fluxer/rest/responses.hpp>

namespace fluxer {

namespace client_detail {
class ClientCore;
}

/// Guilds the bot is in.
class GuildManager {
 public:
  explicit GuildManager(client_detail::ClientCore& core) noexcept : core_(&core) {}
  /// The cached guild with its roles, emojis and stickers (channels and members: see
  /// ChannelManager / MemberManager); nullopt when not cached.
  [[nodiscard]] std::optional<Guild> get(Snowflake guild_id) const;
  /// Ids of every cached guild.
  [[nodiscard]] std::vector<Snowflake> ids() const;
  /// `GET /guilds/{id}`; updates the cache.
  [[nodiscard]] Future<Guild> fetch(Snowflake guild_id, CallOptions options = {}) const;
  /// The cache, else fetch().
  [[nodiscard]] Future<Guild> resolve(Snowflake guild_id, CallOptions options = {}) const;

 private:
  client_detail::ClientCore* core_;
};

/// Channels (guild channels and the bot's DMs) and their messages.
class ChannelManager {
 public:
  explicit ChannelManager(client_detail::ClientCore& core) noexcept : core_(&core) {}
  [[nodiscard]] std::optional<Channel> get(Snowflake channel_id) const;
  /// The cached channels of a guild.
  [[nodiscard]] std::vector<Channel> in_guild(Snowflake guild_id) const;
  /// `GET /channels/{id}`; updates the cache.
  [[nodiscard]] Future<Channel> fetch(Snowflake channel_id, CallOptions options = {}) const;
  [[nodiscard]] Future<Channel> resolve(Snowflake channel_id, CallOptions options = {}) const;
  /// `POST /channels/{id}/messages`.
  Future<Message> send(Snowflake channel_id, CreateMessage body, CallOptions options = {}) const;
  /// `POST /channels/{id}/messages` with only `content`.
  Future<Message> send(Snowflake channel_id, std::string content, CallOptions options = {}) const;
  /// The cached message (when the message cache is on), else `GET
  /// /channels/{id}/messages/{id}`; a fetched message is cached.
  [[nodiscard]] Future<Message> fetch_message(Snowflake channel_id, Snowflake message_id,
                                              CallOptions options = {}) const;

 private:
  client_detail::ClientCore* core_;
};

/// Users (stored once, shared by every guild's members).
class UserManager {
 public:
  explicit UserManager(client_detail::ClientCore& core) noexcept : core_(&core) {}
  [[nodiscard]] std::optional<User> get(Snowflake user_id) const;
  /// `GET /users/{id}`; updates the cache.
  [[nodiscard]] Future<User> fetch(Snowflake user_id, CallOptions options = {}) const;
  [[nodiscard]] Future<User> resolve(Snowflake user_id, CallOptions options = {}) const;
  /// `GET /users/{id}/profile` (for a guild: with the member when both are in it); the user
  /// (and member) it carries update the cache.
  [[nodiscard]] Future<UserProfile> fetch_with_profile(Snowflake user_id, std::optional<Snowflake> guild_id = {},
                                                       CallOptions options = {}) const;

 private:
  client_detail::ClientCore* core_;
};

/// Guild members (with their user filled in).
class MemberManager {
 public:
  explicit MemberManager(client_detail::ClientCore& core) noexcept : core_(&core) {}
  [[nodiscard]] std::optional<GuildMember> get(Snowflake guild_id, Snowflake user_id) const;
  /// The cached members of a guild.
  [[nodiscard]] std::vector<GuildMember> in_guild(Snowflake guild_id) const;
  /// `GET /guilds/{id}/members/{user_id}`; updates the cache.
  [[nodiscard]] Future<GuildMember> fetch(Snowflake guild_id, Snowflake user_id, CallOptions options = {}) const;
  [[nodiscard]] Future<GuildMember> resolve(Snowflake guild_id, Snowflake user_id, CallOptions options = {}) const;

 private:
  client_detail::ClientCore* core_;
};

/// Guild roles.
class RoleManager {
 public:
  explicit RoleManager(client_detail::ClientCore& core) noexcept : core_(&core) {}
  [[nodiscard]] std::optional<Role> get(Snowflake guild_id, Snowflake role_id) const;
  [[nodiscard]] std::vector<Role> in_guild(Snowflake guild_id) const;
  /// `GET /guilds/{id}/roles`; updates the cache.
  [[nodiscard]] Future<std::vector<Role>> fetch(Snowflake guild_id, CallOptions options = {}) const;
  /// The cached role, else fetch() of the guild's roles.
  [[nodiscard]] Future<Role> resolve(Snowflake guild_id, Snowflake role_id, CallOptions options = {}) const;

 private:
  client_detail::ClientCore* core_;
};

}  // namespace fluxer
