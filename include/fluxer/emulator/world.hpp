#pragma once
/// @file
/// World: the emulator's in-memory state (users, bots, guilds, channels, roles, members,
/// messages, reactions, pins, bans, invites, webhooks, emojis) and the permission rules.
///
/// A World is plain state: mutating it directly dispatches no gateway event. Build one
/// before starting a Server (seeding), or inside `Server::with_world()`; to act on a running
/// server *and* have connected bots see the events, use the Server's scripting calls.
/// Not thread-safe by itself: a running Server only touches it on its service thread.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/emulator/entities.hpp>

namespace fluxer::emulator {

/// Produces unique snowflakes with the Fluxer epoch (2015-01-01), [B] layout:
/// 41 bits of milliseconds, 10 bits of worker, 12 bits of sequence. Monotonic: never
/// returns the same or a smaller id twice, even if the clock steps back.
class SnowflakeGenerator {
 public:
  explicit SnowflakeGenerator(std::uint16_t worker = 1) noexcept : worker_(worker & 0x3FFU) {}
  /// The next id, stamped with the current time.
  [[nodiscard]] Snowflake next();
  /// Makes sure later ids are greater than `id` (used after loading ids from a seed).
  void observe(Snowflake id) noexcept;

 private:
  std::uint16_t worker_;
  std::uint64_t last_ = 0;
};

/// Who is acting, as resolved from a token: a bot (with its application) or a human user.
struct Identity {
  Snowflake user_id;
  std::optional<Snowflake> application_id;  ///< set for bots
  [[nodiscard]] bool is_bot() const noexcept { return application_id.has_value(); }
};

/// The in-memory world. See the file comment for threading rules.
class World {
 public:
  World() = default;

  // ---- seeding / mutation (no events are dispatched from here) ----

  /// Adds a human user with a user token (`flx_` + 36 alphanumerics) and returns it.
  /// The discriminator is assigned ("0001", "0002", ...) unless `discriminator` is given.
  User& add_user(std::string username, std::optional<std::string> discriminator = {});
  /// Adds a bot: an application and its bot user (`bot: true`). `secret` (43 base64url
  /// characters) is generated when empty. The token is `application.token()`.
  Application& add_bot(std::string name, Snowflake owner_id = {}, std::string secret = {});
  /// Adds a guild owned by `owner_id` with its @everyone role (id = guild id, default
  /// permissions); the owner becomes a member.
  Guild& add_guild(std::string name, Snowflake owner_id);
  /// Adds a guild channel; `position` defaults to the number of channels already there.
  Channel& add_channel(Snowflake guild_id, ChannelType type, std::string name, std::optional<Snowflake> parent_id = {});
  /// Opens (or returns the existing) DM channel between two users.
  Channel& open_dm(Snowflake user_a, Snowflake user_b);
  /// Adds a role (position = top + 1).
  Role& add_role(Snowflake guild_id, std::string name, std::uint64_t permissions = 0);
  /// Adds `user_id` to the guild (no-op returning the existing member if already there).
  Member& add_member(Snowflake guild_id, Snowflake user_id);
  /// Removes a member; false if it was not one.
  bool remove_member(Snowflake guild_id, Snowflake user_id);
  /// Stores a new message (id and timestamp assigned) and updates the channel's last_message_id.
  Message& add_message(Snowflake channel_id, Snowflake author_id, std::string content);
  /// Adds `user_id`'s reaction; false if it was already there.
  bool add_reaction(Snowflake channel_id, Snowflake message_id, Snowflake user_id, const ReactionEmoji& emoji);
  /// Removes `user_id`'s reaction; false if there was none.
  bool remove_reaction(Snowflake channel_id, Snowflake message_id, Snowflake user_id, const ReactionEmoji& emoji);
  /// Adds a ban (the caller removes the member if it wants the kick too).
  Ban& add_ban(Snowflake guild_id, Snowflake user_id, Snowflake moderator_id, std::optional<std::string> reason = {});
  /// Creates an invite with a random 8-character code.
  Invite& add_invite(Snowflake channel_id, std::optional<Snowflake> inviter_id);
  /// Creates a webhook with a random token.
  Webhook& add_webhook(Snowflake channel_id, Snowflake creator_id, std::string name);
  /// Adds a custom emoji to a guild.
  Emoji& add_emoji(Snowflake guild_id, std::string name, Snowflake creator_id, bool animated = false);

  /// A fresh unique id.
  [[nodiscard]] Snowflake next_id() { return ids_.next(); }
  /// The generator (to register ids that came from elsewhere).
  [[nodiscard]] SnowflakeGenerator& ids() noexcept { return ids_; }

  // ---- lookup (nullptr when absent) ----

  [[nodiscard]] User* user(Snowflake id);
  [[nodiscard]] const User* user(Snowflake id) const;
  /// A user by username (the first one, if several share it).
  [[nodiscard]] const User* user_by_name(std::string_view username) const;
  [[nodiscard]] Application* application(Snowflake id);
  [[nodiscard]] const Application* application(Snowflake id) const;
  /// The application whose bot user is `user_id`.
  [[nodiscard]] const Application* application_of_bot(Snowflake user_id) const;
  [[nodiscard]] Guild* guild(Snowflake id);
  [[nodiscard]] const Guild* guild(Snowflake id) const;
  [[nodiscard]] Channel* channel(Snowflake id);
  [[nodiscard]] const Channel* channel(Snowflake id) const;
  [[nodiscard]] Role* role(Snowflake id);
  [[nodiscard]] const Role* role(Snowflake id) const;
  [[nodiscard]] Member* member(Snowflake guild_id, Snowflake user_id);
  [[nodiscard]] const Member* member(Snowflake guild_id, Snowflake user_id) const;
  [[nodiscard]] Message* message(Snowflake channel_id, Snowflake message_id);
  [[nodiscard]] const Message* message(Snowflake channel_id, Snowflake message_id) const;
  [[nodiscard]] Invite* invite(std::string_view code);
  [[nodiscard]] Webhook* webhook(Snowflake id);
  [[nodiscard]] const Webhook* webhook(Snowflake id) const;
  [[nodiscard]] Emoji* emoji(Snowflake id);
  [[nodiscard]] Ban* ban(Snowflake guild_id, Snowflake user_id);

  /// Resolves a raw token (no prefix): a bot token `<app_id>.<secret>` or a user token.
  [[nodiscard]] std::optional<Identity> identify(std::string_view token) const;
  /// The user token of a human user (empty for bots and unknown users).
  [[nodiscard]] std::string user_token(Snowflake user_id) const;
  /// Replaces a bot's secret (token rotation); returns the new token.
  std::string rotate_bot_token(Snowflake application_id);

  // ---- collections (ordered by id, i.e. creation order) ----

  [[nodiscard]] const std::map<Snowflake, User>& users() const noexcept { return users_; }
  [[nodiscard]] const std::map<Snowflake, Application>& applications() const noexcept { return apps_; }
  [[nodiscard]] const std::map<Snowflake, Guild>& guilds() const noexcept { return guilds_; }
  [[nodiscard]] const std::map<Snowflake, Channel>& channels() const noexcept { return channels_; }
  [[nodiscard]] const std::map<Snowflake, Role>& roles() const noexcept { return roles_; }
  [[nodiscard]] const std::map<std::string, Invite>& invites() const noexcept { return invites_; }
  [[nodiscard]] const std::map<Snowflake, Webhook>& webhooks() const noexcept { return webhooks_; }
  [[nodiscard]] const std::map<Snowflake, Emoji>& emojis() const noexcept { return emojis_; }
  /// Members of a guild keyed by user id (empty map for an unknown guild).
  [[nodiscard]] const std::map<Snowflake, Member>& members(Snowflake guild_id) const;
  /// Messages of a channel keyed by id (empty map for an unknown channel).
  [[nodiscard]] const std::map<Snowflake, Message>& messages(Snowflake channel_id) const;
  /// Mutable messages of a channel (created on demand).
  [[nodiscard]] std::map<Snowflake, Message>& messages_mut(Snowflake channel_id) { return messages_[channel_id]; }
  /// Bans of a guild keyed by user id.
  [[nodiscard]] const std::map<Snowflake, Ban>& bans(Snowflake guild_id) const;
  /// Removes an entity; false if absent. Removing a guild removes its roles, channels,
  /// members, messages, bans, invites, webhooks and emojis.
  bool remove_guild(Snowflake guild_id);
  bool remove_channel(Snowflake channel_id);
  bool remove_role(Snowflake role_id);
  bool remove_message(Snowflake channel_id, Snowflake message_id);
  bool remove_ban(Snowflake guild_id, Snowflake user_id);
  bool remove_invite(std::string_view code);
  bool remove_webhook(Snowflake webhook_id);
  bool remove_emoji(Snowflake emoji_id);

  /// Roles of a guild sorted by (position, id).
  [[nodiscard]] std::vector<const Role*> guild_roles(Snowflake guild_id) const;
  /// Channels of a guild sorted by (position, id).
  [[nodiscard]] std::vector<const Channel*> guild_channels(Snowflake guild_id) const;
  /// Guild ids `user_id` is a member of, ascending.
  [[nodiscard]] std::vector<Snowflake> guilds_of(Snowflake user_id) const;
  /// DM / group DM channels `user_id` takes part in.
  [[nodiscard]] std::vector<const Channel*> private_channels_of(Snowflake user_id) const;

  // ---- permissions (the Discord algorithm, §6.13) ----

  /// Guild-level permissions: owner → all; @everyone | member's roles; ADMINISTRATOR → all.
  /// 0 for a non-member.
  [[nodiscard]] std::uint64_t guild_permissions(Snowflake guild_id, Snowflake user_id) const;
  /// Channel permissions: guild permissions, then @everyone, role and member overwrites.
  /// Without VIEW_CHANNEL the result is 0. DMs: participants get a DM permission set.
  /// A category is viewable if the user can view it or any of its children.
  [[nodiscard]] std::uint64_t channel_permissions(Snowflake channel_id, Snowflake user_id) const;
  /// channel_permissions(...) & perms == perms.
  [[nodiscard]] bool has_channel_permission(Snowflake channel_id, Snowflake user_id, std::uint64_t perms) const;
  [[nodiscard]] bool has_guild_permission(Snowflake guild_id, Snowflake user_id, std::uint64_t perms) const;
  /// Whether `user_id` can see the channel (VIEW_CHANNEL, or a participant of a DM).
  [[nodiscard]] bool can_view_channel(Snowflake channel_id, Snowflake user_id) const;
  /// The highest role position of a member (0 = only @everyone); the owner ranks above all.
  [[nodiscard]] int top_role_position(Snowflake guild_id, Snowflake user_id) const;

  // ---- seeding from JSON (format: docs/emulator.md "Seed files") ----

  /// Builds a world from a seed document. Errors name the offending JSON path.
  [[nodiscard]] static Result<World> from_json(std::string_view json);
  /// Reads and parses a seed file.
  [[nodiscard]] static Result<World> from_json_file(const std::filesystem::path& path);

 private:
  SnowflakeGenerator ids_;
  std::map<Snowflake, User> users_;
  std::map<Snowflake, std::string> user_tokens_;  // human users only
  std::map<Snowflake, Application> apps_;
  std::map<Snowflake, Guild> guilds_;
  std::map<Snowflake, Role> roles_;
  std::map<Snowflake, Channel> channels_;
  std::map<Snowflake, std::map<Snowflake, Member>> members_;
  std::map<Snowflake, std::map<Snowflake, Message>> messages_;
  std::map<Snowflake, std::map<Snowflake, Ban>> bans_;
  std::map<std::string, Invite> invites_;
  std::map<Snowflake, Webhook> webhooks_;
  std::map<Snowflake, Emoji> emojis_;
  int next_discriminator_ = 1;
};

/// A ready-made world for samples and tests: one guild "Emulator Guild" owned by the human
/// "alice", with a category "Text Channels" holding #general and #bot-commands, a voice
/// channel "Voice" and a "Moderators" role; the bot "EmulatorBot" is a member of the guild.
/// A second guild, "Offline Guild" (also alice's, the bot a member), is marked unavailable
/// (an outage): a bot's burst announces it as a stub (GUILD_DELETE `{id, unavailable}` on
/// [B], an `unavailable` GUILD_CREATE on [A]) and its REST routes answer 403 MISSING_ACCESS.
struct DemoWorld {
  World world;
  Snowflake guild_id;
  Snowflake unavailable_guild_id;  ///< "Offline Guild"
  Snowflake category_id;
  Snowflake general_channel_id;
  Snowflake commands_channel_id;
  Snowflake voice_channel_id;
  Snowflake moderator_role_id;
  Snowflake human_id;  ///< alice
  Snowflake bot_user_id;
  Snowflake application_id;
  std::string bot_token;
  std::string human_token;
};

/// Builds the demo world described on DemoWorld.
[[nodiscard]] DemoWorld make_demo_world();

}  // namespace fluxer::emulator
