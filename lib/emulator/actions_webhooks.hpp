#pragma once
// Webhook and invite actions. Webhook changes announce WEBHOOKS_UPDATE `{guild_id,
// channel_id}` (no webhook data); invites announce INVITE_CREATE / INVITE_DELETE to members
// who hold MANAGE_CHANNELS in the invite's channel.

#include <optional>
#include <string>

#include <fluxer/core/result.hpp>
#include <fluxer/emulator/entities.hpp>

#include "emulator/services.hpp"

namespace fluxer::emulator::actions {

/// MANAGE_WEBHOOKS in a guild text channel (400 CANNOT_EXECUTE_ON_DM in private channels,
/// 400 MAX_WEBHOOKS past 15 per channel). WEBHOOKS_UPDATE; WEBHOOK_CREATE audit entry.
[[nodiscard]] Result<Webhook> create_webhook(Services& s, Snowflake channel_id, Snowflake actor, std::string name,
                                             std::optional<std::string> avatar, std::optional<std::string> reason);

/// A webhook edit; `channel_id` only through the authenticated route.
struct WebhookPatch {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> avatar;
  std::optional<Snowflake> channel_id;
};
/// `actor` empty = the token route (no permission check). Authenticated: MANAGE_WEBHOOKS in
/// the webhook's channel (and in the new one when moving). WEBHOOKS_UPDATE for each channel.
[[nodiscard]] Result<Webhook> update_webhook(Services& s, Snowflake webhook_id, std::optional<Snowflake> actor,
                                             WebhookPatch patch, std::optional<std::string> reason);
/// As update_webhook. WEBHOOKS_UPDATE; WEBHOOK_DELETE audit entry (authenticated route).
[[nodiscard]] Result<void> delete_webhook(Services& s, Snowflake webhook_id, std::optional<Snowflake> actor,
                                          std::optional<std::string> reason);

/// POST /channels/{id}/invites: CREATE_INSTANT_INVITE in a guild channel. Without `unique`
/// an identical invite of the same inviter is reused. INVITE_CREATE; INVITE_CREATE audit.
[[nodiscard]] Result<Invite> create_invite(Services& s, Snowflake channel_id, Snowflake actor, int max_age,
                                           int max_uses, bool temporary, bool unique,
                                           std::optional<std::string> reason);
/// DELETE /invites/{code}: MANAGE_CHANNELS in its channel or MANAGE_GUILD. INVITE_DELETE.
/// Returns the invite as it was.
[[nodiscard]] Result<Invite> delete_invite(Services& s, const std::string& code, Snowflake actor,
                                           std::optional<std::string> reason);
/// Whether an invite has expired (max_age elapsed) or is used up (max_uses reached).
[[nodiscard]] bool invite_expired(const Invite& invite);

}  // namespace fluxer::emulator::actions
