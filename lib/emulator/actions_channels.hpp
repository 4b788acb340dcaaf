#pragma once
// Channel actions: guild channel create/update/delete, permission overwrites, channel
// positions, and private channels (DMs, group DMs). Every change is announced per viewer:
// CHANNEL_UPDATE to members who could and still can see the channel, CHANNEL_CREATE to those
// who just gained sight of it and CHANNEL_DELETE to those who lost it (§4.3).

#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/emulator/entities.hpp>

#include "emulator/services.hpp"

namespace fluxer::emulator::actions {

/// A channel modification; absent fields keep their value.
struct ChannelPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> topic;
  std::optional<bool> nsfw;
  std::optional<int> rate_limit_per_user;
  std::optional<std::optional<Snowflake>> parent_id;
  std::optional<int> bitrate;
  std::optional<int> user_limit;
  std::optional<std::optional<std::string>> rtc_region;
  std::optional<std::optional<std::string>> url;
  std::optional<int> position;
  std::optional<std::vector<PermissionOverwrite>> permission_overwrites;
};

/// A guild channel to create.
struct ChannelDraft {
  ChannelType type = ChannelType::GuildText;
  std::string name;
  std::optional<std::string> topic;
  std::optional<Snowflake> parent_id;
  bool nsfw = false;
  int rate_limit_per_user = 0;
  std::optional<int> bitrate;
  std::optional<int> user_limit;
  std::optional<std::string> url;
  std::optional<int> position;
  std::vector<PermissionOverwrite> permission_overwrites;
};

/// One entry of PATCH /guilds/{id}/channels.
struct ChannelPosition {
  Snowflake id;
  std::optional<int> position;
  std::optional<std::optional<Snowflake>> parent_id;
  bool lock_permissions = false;
};

/// Guild members who can view the channel now (private channels: the participants).
[[nodiscard]] std::vector<Snowflake> channel_viewers(const World& world, const Channel& channel);
/// Announces a channel that changed: CHANNEL_UPDATE / CHANNEL_CREATE / CHANNEL_DELETE per
/// viewer, comparing with `viewers_before`.
void dispatch_channel_change(Services& s, const Channel& after, const std::vector<Snowflake>& viewers_before);

/// PATCH /channels/{id}: MANAGE_CHANNELS (and MANAGE_ROLES for overwrites) in guild
/// channels; group DMs: name only, any participant. Errors: UNKNOWN_CHANNEL,
/// MISSING_PERMISSIONS, INVALID_FORM_BODY (parent not a category of the guild, fields that do
/// not apply to the type). CHANNEL_UPDATE; CHANNEL_UPDATE audit entry.
[[nodiscard]] Result<Channel> update_channel(Services& s, Snowflake channel_id, Snowflake actor, ChannelPatch patch,
                                             std::optional<std::string> reason);
/// DELETE /channels/{id}: a guild channel needs MANAGE_CHANNELS (CHANNEL_DELETE to those who
/// saw it; children of a deleted category lose their parent); a DM is closed for the actor
/// only; a group DM is left. Returns the channel as it was.
[[nodiscard]] Result<Channel> delete_channel(Services& s, Snowflake channel_id, Snowflake actor);
/// PUT /channels/{id}/permissions/{overwrite_id}: MANAGE_ROLES; the role or member must exist
/// in the guild. CHANNEL_UPDATE (per viewer); an overwrite audit entry.
[[nodiscard]] Result<void> set_overwrite(Services& s, Snowflake channel_id, Snowflake actor,
                                         PermissionOverwrite overwrite, std::optional<std::string> reason);
/// DELETE /channels/{id}/permissions/{overwrite_id}: MANAGE_ROLES. Idempotent.
[[nodiscard]] Result<void> delete_overwrite(Services& s, Snowflake channel_id, Snowflake actor, Snowflake overwrite_id,
                                            std::optional<std::string> reason);
/// POST /guilds/{id}/channels: MANAGE_CHANNELS. CHANNEL_CREATE to viewers; audit entry.
[[nodiscard]] Result<Channel> create_guild_channel(Services& s, Snowflake guild_id, Snowflake actor, ChannelDraft draft,
                                                   std::optional<std::string> reason);
/// PATCH /guilds/{id}/channels: MANAGE_CHANNELS. One CHANNEL_UPDATE_BULK per viewer with the
/// changed channels it can see.
[[nodiscard]] Result<void> update_channel_positions(Services& s, Snowflake guild_id, Snowflake actor,
                                                    const std::vector<ChannelPosition>& positions);
/// POST /users/@me/channels {recipient_id}: opens (or reopens) the DM; CHANNEL_CREATE to the
/// actor's sessions. Errors: UNKNOWN_USER, CANNOT_SEND_MESSAGES_TO_USER (a bot and a user who
/// share no guild).
[[nodiscard]] Result<Channel> open_dm(Services& s, Snowflake actor, Snowflake recipient);
/// POST /users/@me/channels {recipients}: a group DM owned by the actor (bots must share a
/// guild with every recipient). CHANNEL_CREATE to every participant.
[[nodiscard]] Result<Channel> create_group_dm(Services& s, Snowflake actor, const std::vector<Snowflake>& recipients);

}  // namespace fluxer::emulator::actions
