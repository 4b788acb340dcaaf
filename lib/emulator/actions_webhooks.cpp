#include "emulator/actions_webhooks.hpp"

#include <chrono>

#include "emulator/actions_audit.hpp"
#include "emulator/actions_util.hpp"
#include "emulator/json_writers.hpp"

namespace fluxer::emulator::actions {

using detail::api;
using detail::missing_permissions;
using detail::unknown;

namespace {

void dispatch_webhooks_update(Services& s, Snowflake channel_id) {
  const auto* ch = s.world.channel(channel_id);
  if (!ch || !ch->guild_id) return;
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "guild_id"), json::snowflake(w, *ch->guild_id);
    json::key(w, "channel_id"), json::snowflake(w, channel_id);
    w.EndObject();
  });
  s.events.dispatch(detail::channel_scoped(*ch, "WEBHOOKS_UPDATE", std::move(data)));
}

void audit_webhook(Services& s, const Webhook& h, int action, Snowflake actor, std::optional<std::string> reason,
                   std::vector<AuditChange> changes = {}) {
  AuditEntry e;
  e.guild_id = h.guild_id;
  e.action_type = action;
  e.user_id = actor;
  e.target_id = h.id.str();
  e.reason = std::move(reason);
  e.options.emplace_back("channel_id", audit::json_snowflake(h.channel_id));
  e.changes = std::move(changes);
  record_audit(s, std::move(e));
}

std::vector<std::pair<std::string, std::string>> invite_options(const Invite& i) {
  return {{"max_age", audit::json_int(i.max_age)},
          {"max_uses", audit::json_int(i.max_uses)},
          {"temporary", audit::json_bool(i.temporary)},
          {"channel_id", audit::json_snowflake(i.channel_id)},
          {"inviter_id", i.inviter_id ? audit::json_snowflake(*i.inviter_id) : "null"}};
}

}  // namespace

bool invite_expired(const Invite& invite) {
  if (invite.max_uses > 0 && invite.uses >= invite.max_uses) return true;
  if (invite.max_age <= 0) return false;
  return to_timestamp(std::chrono::system_clock::now()) >= invite.created_at + std::chrono::seconds{invite.max_age};
}

Result<Webhook> create_webhook(Services& s, Snowflake channel_id, Snowflake actor, std::string name,
                               std::optional<std::string> avatar, std::optional<std::string> reason) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  if (!ch->guild_id) return api(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
  if (!world.has_channel_permission(channel_id, actor, permission::kManageWebhooks)) return missing_permissions();
  if (ch->type != ChannelType::GuildText && ch->type != ChannelType::GuildVoice)
    return api(400, "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL", "Cannot send messages in a non-text channel");
  std::size_t count = 0;
  for (const auto& [id, h] : world.webhooks())
    if (h.channel_id == channel_id) ++count;
  if (count >= 15) return api(400, "MAX_WEBHOOKS", "Maximum number of webhooks reached (15)");
  auto& h = world.add_webhook(channel_id, actor, std::move(name));
  s.log.add_secret(h.token);  // never log a webhook token
  h.avatar = std::move(avatar);
  const Webhook created = h;
  dispatch_webhooks_update(s, channel_id);
  audit_webhook(s, created, audit::kWebhookCreate, actor, std::move(reason),
                {{"name", std::nullopt, audit::json_string(created.name)}});
  return created;
}

Result<Webhook> update_webhook(Services& s, Snowflake webhook_id, std::optional<Snowflake> actor, WebhookPatch patch,
                               std::optional<std::string> reason) {
  auto& world = s.world;
  auto* h = world.webhook(webhook_id);
  if (!h) return unknown("WEBHOOK", "Webhook");
  if (actor) {
    if (!world.has_channel_permission(h->channel_id, *actor, permission::kManageWebhooks)) return missing_permissions();
    if (patch.channel_id) {
      const auto* target = world.channel(*patch.channel_id);
      if (!target || target->guild_id != h->guild_id)
        return Error::api(400, "INVALID_FORM_BODY", "Invalid Form Body",
                          {FieldError{"channel_id", "INVALID_FORMAT", "Unknown channel in this guild"}});
      if (!world.has_channel_permission(*patch.channel_id, *actor, permission::kManageWebhooks))
        return missing_permissions();
    }
  }
  const Webhook before = *h;
  if (patch.name) h->name = *patch.name;
  if (patch.avatar) h->avatar = *patch.avatar;
  if (patch.channel_id && actor) h->channel_id = *patch.channel_id;
  const Webhook after = *h;
  dispatch_webhooks_update(s, after.channel_id);
  if (before.channel_id != after.channel_id) dispatch_webhooks_update(s, before.channel_id);
  if (actor) {
    std::vector<AuditChange> changes;
    audit::diff(changes, "name", audit::json_string(before.name), audit::json_string(after.name));
    audit::diff(changes, "channel_id", audit::json_snowflake(before.channel_id),
                audit::json_snowflake(after.channel_id));
    audit_webhook(s, after, audit::kWebhookUpdate, *actor, std::move(reason), std::move(changes));
  }
  return after;
}

Result<void> delete_webhook(Services& s, Snowflake webhook_id, std::optional<Snowflake> actor,
                            std::optional<std::string> reason) {
  auto& world = s.world;
  const auto* h = world.webhook(webhook_id);
  if (!h) return unknown("WEBHOOK", "Webhook");
  if (actor && !world.has_channel_permission(h->channel_id, *actor, permission::kManageWebhooks))
    return missing_permissions();
  const Webhook before = *h;
  world.remove_webhook(webhook_id);
  dispatch_webhooks_update(s, before.channel_id);
  if (actor)
    audit_webhook(s, before, audit::kWebhookDelete, *actor, std::move(reason),
                  {{"name", audit::json_string(before.name), std::nullopt}});
  return {};
}

Result<Invite> create_invite(Services& s, Snowflake channel_id, Snowflake actor, int max_age, int max_uses,
                             bool temporary, bool unique, std::optional<std::string> reason) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  if (!ch->guild_id) return api(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
  if (!world.has_channel_permission(channel_id, actor, permission::kCreateInstantInvite)) return missing_permissions();
  if (!unique) {
    for (const auto& [code, inv] : world.invites())
      if (inv.channel_id == channel_id && inv.inviter_id == actor && inv.max_age == max_age &&
          inv.max_uses == max_uses && inv.temporary == temporary && !invite_expired(inv))
        return inv;
  }
  std::size_t count = 0;
  for (const auto& [code, inv] : world.invites())
    if (inv.guild_id == *ch->guild_id) ++count;
  if (count >= 1000) return api(400, "MAX_INVITES", "Maximum number of invites reached (1000)");
  auto& inv = world.add_invite(channel_id, actor);
  inv.max_age = max_age;
  inv.max_uses = max_uses;
  inv.temporary = temporary;
  const Invite created = inv;
  GatewayEvent e;
  e.name = "INVITE_CREATE";
  e.guild_id = created.guild_id;
  e.channel_id = channel_id;
  e.required_permissions = permission::kManageChannels;
  e.data = json::build([&](json::Writer& w) {
    json::Context ctx{world, s.options.mode, {}};
    json::invite(w, ctx, created, true);
  });
  e.data.pop_back();  // + guild_id, as the gateway adds to guild events
  e.data += ",\"guild_id\":\"" + created.guild_id.str() + "\"}";
  s.events.dispatch(e);
  AuditEntry a;
  a.guild_id = created.guild_id;
  a.action_type = audit::kInviteCreate;
  a.user_id = actor;
  a.target_id = created.code;
  a.reason = std::move(reason);
  a.options = invite_options(created);
  a.changes.push_back({"code", std::nullopt, audit::json_string(created.code)});
  record_audit(s, std::move(a));
  return created;
}

Result<Invite> delete_invite(Services& s, const std::string& code, Snowflake actor, std::optional<std::string> reason) {
  auto& world = s.world;
  const auto* inv = world.invite(code);
  if (!inv) return unknown("INVITE", "Invite");
  if (!world.has_channel_permission(inv->channel_id, actor, permission::kManageChannels) &&
      !world.has_guild_permission(inv->guild_id, actor, permission::kManageGuild))
    return missing_permissions();
  const Invite before = *inv;
  world.remove_invite(code);
  GatewayEvent e;
  e.name = "INVITE_DELETE";
  e.guild_id = before.guild_id;
  e.channel_id = before.channel_id;
  e.required_permissions = permission::kManageChannels;
  e.data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "code"), json::string(w, before.code);
    json::key(w, "channel_id"), json::snowflake(w, before.channel_id);
    json::key(w, "guild_id"), json::snowflake(w, before.guild_id);
    w.EndObject();
  });
  s.events.dispatch(e);
  AuditEntry a;
  a.guild_id = before.guild_id;
  a.action_type = audit::kInviteDelete;
  a.user_id = actor;
  a.target_id = before.code;
  a.reason = std::move(reason);
  a.options = invite_options(before);
  a.changes.push_back({"code", audit::json_string(before.code), std::nullopt});
  record_audit(s, std::move(a));
  return before;
}

}  // namespace fluxer::emulator::actions
