#pragma once
// Guild actions: guild settings and deletion, roles, member edits, kicks, bans and emojis.
// Authorisation follows the server: the permission bit, then the role hierarchy (nobody
// acts on the owner or on someone ranking at or above them; roles at or above the actor's
// top role cannot be managed). Events per §4.2; audit entries per guild-audit-logs.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/emulator/entities.hpp>

#include "emulator/services.hpp"

namespace fluxer::emulator::actions {

/// PATCH /guilds/{id}; absent fields are kept.
struct GuildPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> icon;  ///< an image hash (the route hashes the data URI)
  std::optional<std::optional<std::string>> banner;
  std::optional<std::optional<std::string>> splash;
  std::optional<std::optional<Snowflake>> system_channel_id;
  std::optional<int> system_channel_flags;
  std::optional<std::optional<Snowflake>> rules_channel_id;
  std::optional<std::optional<Snowflake>> afk_channel_id;
  std::optional<int> afk_timeout;
  std::optional<int> verification_level;
  std::optional<int> explicit_content_filter;
  std::optional<int> default_message_notifications;
  std::optional<std::vector<std::string>> features;
};
/// MANAGE_GUILD; channel ids must belong to the guild (INVALID_FORM_BODY). GUILD_UPDATE
/// (full guild + guild_id); GUILD_UPDATE audit entry.
[[nodiscard]] Result<Guild> update_guild(Services& s, Snowflake guild_id, Snowflake actor, GuildPatch patch,
                                         std::optional<std::string> reason);
/// POST /guilds/{id}/delete: owner only. GUILD_DELETE to every member ([B] adds guild_id).
[[nodiscard]] Result<void> delete_guild(Services& s, Snowflake guild_id, Snowflake actor);

/// A role to create or the fields of a role edit.
struct RolePatch {
  std::optional<std::string> name;
  std::optional<int> color;
  std::optional<std::uint64_t> permissions;
  std::optional<bool> hoist;
  std::optional<std::optional<int>> hoist_position;
  std::optional<bool> mentionable;
};
/// MANAGE_ROLES; at most 250 roles (400 MAX_GUILD_ROLES). GUILD_ROLE_CREATE.
[[nodiscard]] Result<Role> create_role(Services& s, Snowflake guild_id, Snowflake actor, RolePatch patch,
                                       std::optional<std::string> reason);
/// MANAGE_ROLES and the hierarchy. GUILD_ROLE_UPDATE.
[[nodiscard]] Result<Role> update_role(Services& s, Snowflake guild_id, Snowflake role_id, Snowflake actor,
                                       RolePatch patch, std::optional<std::string> reason);
/// MANAGE_ROLES and the hierarchy; @everyone cannot be deleted. GUILD_ROLE_DELETE, and
/// GUILD_MEMBER_UPDATE for members who had it.
[[nodiscard]] Result<void> delete_role(Services& s, Snowflake guild_id, Snowflake role_id, Snowflake actor,
                                       std::optional<std::string> reason);
/// PATCH /guilds/{id}/roles: MANAGE_ROLES; every moved role must be below the actor's top
/// role; @everyone stays at 0. GUILD_ROLE_UPDATE_BULK with the guild's roles.
[[nodiscard]] Result<std::vector<Role>> update_role_positions(Services& s, Snowflake guild_id, Snowflake actor,
                                                              const std::vector<std::pair<Snowflake, int>>& positions);

/// PATCH /guilds/{id}/members/{user_id} and /@me.
struct MemberPatch {
  std::optional<std::optional<std::string>> nick;
  std::optional<std::vector<Snowflake>> roles;
  std::optional<bool> mute;
  std::optional<bool> deaf;
  std::optional<std::optional<Timestamp>> communication_disabled_until;
  std::optional<std::optional<Snowflake>> channel_id;  ///< voice moves: accepted, nothing to move
};
/// Nick: CHANGE_NICKNAME for oneself, MANAGE_NICKNAMES + hierarchy for others; roles:
/// MANAGE_ROLES + every added/removed role below the actor; mute/deaf: MUTE_MEMBERS /
/// DEAFEN_MEMBERS; communication_disabled_until: MODERATE_MEMBERS + hierarchy, at most 365
/// days ahead (null clears; the owner and administrators cannot be timed out).
/// GUILD_MEMBER_UPDATE; MEMBER_UPDATE / MEMBER_ROLE_UPDATE audit entries.
[[nodiscard]] Result<Member> update_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor,
                                           MemberPatch patch, std::optional<std::string> reason);
/// PUT/DELETE /guilds/{id}/members/{user_id}/roles/{role_id}: MANAGE_ROLES + hierarchy.
/// GUILD_MEMBER_UPDATE when something changed.
[[nodiscard]] Result<void> set_member_role(Services& s, Snowflake guild_id, Snowflake target, Snowflake role_id,
                                           Snowflake actor, bool add, std::optional<std::string> reason);
/// DELETE /guilds/{id}/members/{user_id}: KICK_MEMBERS + hierarchy. GUILD_MEMBER_REMOVE,
/// GUILD_DELETE to the kicked user; MEMBER_KICK audit entry.
[[nodiscard]] Result<void> kick_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor,
                                       std::optional<std::string> reason);
/// DELETE /users/@me/guilds/{id}: the owner cannot leave (400 INVALID_FORM_BODY).
[[nodiscard]] Result<void> leave_guild(Services& s, Snowflake guild_id, Snowflake actor);

/// PUT /guilds/{id}/bans/{user_id}: BAN_MEMBERS + hierarchy when the target is a member.
/// Deletes the target's messages of the last `delete_message_days` days (MESSAGE_DELETE_BULK
/// per channel), GUILD_BAN_ADD `{guild_id, user:{id}}`, then the member removal events.
[[nodiscard]] Result<void> ban_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor,
                                      int delete_message_days, std::optional<std::string> ban_reason,
                                      std::optional<std::chrono::seconds> duration,
                                      std::optional<std::string> audit_reason);
/// DELETE /guilds/{id}/bans/{user_id}: BAN_MEMBERS; 400 INVALID_FORM_BODY (user_id) when not
/// banned. GUILD_BAN_REMOVE.
[[nodiscard]] Result<void> unban_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor,
                                        std::optional<std::string> reason);

/// POST /guilds/{id}/emojis: CREATE_EXPRESSIONS (or MANAGE_EXPRESSIONS). GUILD_EMOJIS_UPDATE.
[[nodiscard]] Result<Emoji> create_emoji(Services& s, Snowflake guild_id, Snowflake actor, std::string name,
                                         bool animated, std::optional<std::string> reason);
/// PATCH: MANAGE_EXPRESSIONS, or CREATE_EXPRESSIONS for one's own emoji. GUILD_EMOJIS_UPDATE.
[[nodiscard]] Result<Emoji> rename_emoji(Services& s, Snowflake guild_id, Snowflake emoji_id, Snowflake actor,
                                         std::string name, std::optional<std::string> reason);
/// DELETE: as PATCH. GUILD_EMOJIS_UPDATE.
[[nodiscard]] Result<void> delete_emoji(Services& s, Snowflake guild_id, Snowflake emoji_id, Snowflake actor,
                                        std::optional<std::string> reason);

/// GUILD_MEMBER_UPDATE (full member + guild_id) to the guild.
void dispatch_member_update(Services& s, const Member& m);

}  // namespace fluxer::emulator::actions
