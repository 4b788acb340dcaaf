#include "emulator/actions_messages.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "emulator/actions_audit.hpp"
#include "emulator/actions_util.hpp"
#include "emulator/json_writers.hpp"

namespace fluxer::emulator::actions {

using detail::api;
using detail::channel_scoped;
using detail::missing_permissions;
using detail::unknown;

namespace {

constexpr int kSuppressEmbeds = 1 << 2;

Timestamp now_ts() {
  return to_timestamp(std::chrono::system_clock::now());
}

int sendable_flags(ProtocolMode mode) {
  return 4 | 4096 | (mode == ProtocolMode::A ? 131072 : 8192);
}

bool editable_type(int type) {
  return type == 0 || type == 19;
}
bool deletable_type(int type) {
  return type == 0 || type == 19 || type == 6 || type == 7;
}

std::string message_event_data(Services& s, const Message& m, bool create) {
  json::Context ctx{s.world, s.options.mode, {}};
  json::MessageOptions opts;
  opts.event_fields = true;
  opts.include_channel_type = create;
  opts.include_nonce = create;
  return json::build([&](json::Writer& w) { json::message(w, ctx, m, opts); });
}

void dispatch_pins_update(Services& s, const Channel& ch) {
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "channel_id"), json::snowflake(w, ch.id);
    json::key(w, "last_pin_timestamp"), json::optional_timestamp(w, ch.last_pin_timestamp);
    if (ch.guild_id) json::key(w, "guild_id"), json::snowflake(w, *ch.guild_id);
    w.EndObject();
  });
  s.events.dispatch(channel_scoped(ch, "CHANNEL_PINS_UPDATE", std::move(data)));
}

// The author of the message may moderate its reactions anywhere; others need
// MANAGE_MESSAGES in a guild channel.
Result<const Message*> reaction_moderation(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor,
                                           bool self_target = false) {
  const auto* ch = s.world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  const auto* m = s.world.message(channel_id, message_id);
  if (!m) return static_cast<const Message*>(nullptr);
  if (self_target || m->author_id == actor) return m;
  if (!ch->guild_id || !s.world.has_channel_permission(channel_id, actor, permission::kManageMessages))
    return missing_permissions();
  return m;
}

void remove_message_now(Services& s, const Channel& ch, const Message& m, Snowflake actor) {
  const bool was_pinned = m.pinned;
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "id"), json::snowflake(w, m.id);
    json::key(w, "channel_id"), json::snowflake(w, ch.id);
    json::key(w, "content"), json::string(w, m.content);
    if (!m.webhook_id) json::key(w, "author_id"), json::snowflake(w, m.author_id);
    if (ch.guild_id) {
      json::key(w, "guild_id"), json::snowflake(w, *ch.guild_id);
      if (s.options.mode == ProtocolMode::B && !m.webhook_id)
        if (const auto* mem = s.world.member(*ch.guild_id, m.author_id)) {
          json::Context ctx{s.world, s.options.mode, {}};
          json::key(w, "member"), json::member(w, ctx, *mem, json::MemberUser::Full);
        }
    }
    w.EndObject();
  });
  const auto message_id = m.id;
  s.world.remove_message(ch.id, message_id);
  s.events.dispatch(channel_scoped(ch, "MESSAGE_DELETE", std::move(data)));
  if (was_pinned) dispatch_pins_update(s, ch);
  if (ch.guild_id) {
    AuditEntry entry;
    entry.guild_id = *ch.guild_id;
    entry.action_type = audit::kMessageDelete;
    entry.user_id = actor;
    entry.target_id = message_id.str();
    entry.options.emplace_back("channel_id", audit::json_snowflake(ch.id));
    record_audit(s, std::move(entry));
  }
}

}  // namespace

bool has_visible_content(std::string_view content) noexcept {
  return std::any_of(content.begin(), content.end(),
                     [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
}

void dispatch_message_update(Services& s, const Message& m) {
  const auto* ch = s.world.channel(m.channel_id);
  if (!ch) return;
  s.events.dispatch(channel_scoped(*ch, "MESSAGE_UPDATE", message_event_data(s, m, false)));
}

Result<Message> edit_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor, MessageEdit edit,
                             bool actor_is_webhook) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  auto* m = world.message(channel_id, message_id);
  if (!m) return unknown("MESSAGE", "Message");
  const bool guild = ch->guild_id.has_value();
  if (!actor_is_webhook) {
    if (edit.embeds && !edit.embeds->empty() && guild &&
        !world.has_channel_permission(channel_id, actor, permission::kEmbedLinks))
      return missing_permissions();
    if (!edit.new_attachments.empty() && guild &&
        !world.has_channel_permission(channel_id, actor, permission::kAttachFiles))
      return missing_permissions();
  }
  if (!editable_type(m->type)) return api(400, "CANNOT_MODIFY_SYSTEM_WEBHOOK", "Cannot edit system message.");
  const bool has_content = edit.content && has_visible_content(*edit.content);
  const bool has_embeds = edit.embeds && !edit.embeds->empty();
  const bool has_attachments =
      (edit.keep_attachments && !edit.keep_attachments->empty()) || !edit.new_attachments.empty();
  if (!has_content && !has_embeds && !has_attachments && !edit.flags)
    return api(400, "CANNOT_SEND_EMPTY_MESSAGE", "Cannot send an empty message");

  const int sendable = sendable_flags(s.options.mode);
  if (m->author_id != actor) {
    // A moderator may only toggle SUPPRESS_EMBEDS on someone else's guild message.
    if (actor_is_webhook || !guild || !edit.flags ||
        !world.has_channel_permission(channel_id, actor, permission::kManageMessages))
      return api(403, "CANNOT_EDIT_OTHER_USER_MESSAGE", "Cannot edit message authored by other user.");
    m->flags = (*edit.flags & kSuppressEmbeds) ? (m->flags | kSuppressEmbeds) : (m->flags & ~kSuppressEmbeds);
    const Message result = *m;
    dispatch_message_update(s, result);
    return result;
  }

  bool content_changed = false;
  if (edit.content && *edit.content != m->content) {
    m->content = *edit.content;
    content_changed = true;
  }
  if (edit.embeds) m->embeds = std::move(*edit.embeds);
  if (edit.flags) m->flags = (m->flags & ~sendable) | (*edit.flags & sendable);
  if (edit.keep_attachments || !edit.new_attachments.empty()) {
    std::vector<Attachment> next;
    if (edit.keep_attachments) {
      for (const auto& keep : *edit.keep_attachments) {
        auto it = std::find_if(m->attachments.begin(), m->attachments.end(),
                               [&](const Attachment& a) { return a.id == keep.id; });
        if (it == m->attachments.end()) continue;  // an id naming no attachment is skipped
        Attachment a = *it;
        if (keep.title) a.title = *keep.title;
        if (keep.description) a.description = *keep.description;
        next.push_back(std::move(a));
      }
    } else {
      next = m->attachments;
    }
    for (auto& a : edit.new_attachments) {
      if (!a.id) a.id = world.next_id();
      if (!a.url) a.url = s.http_base + "/attachments/" + channel_id.str() + "/" + a.id.str() + "/" + a.filename;
      if (!a.proxy_url) a.proxy_url = a.url;
      next.push_back(std::move(a));
    }
    m->attachments = std::move(next);
  }
  if (edit.content || edit.allowed_mentions_present) {
    MessageDraft d;
    d.channel_id = channel_id;
    d.author_id = m->author_id;
    d.content = m->content;
    d.webhook_id = m->webhook_id;
    if (edit.allowed_mentions_present) {
      d.allowed_parse = edit.allowed_parse;
      d.allowed_users = edit.allowed_users;
      d.allowed_roles = edit.allowed_roles;
    }
    m->mentions.clear();
    m->mention_roles.clear();
    m->mention_everyone = false;
    resolve_mentions(world, *ch, d, *m);
  }
  // [B] advances edited_timestamp only when the content changed; [A] on every author edit.
  if (content_changed || s.options.mode == ProtocolMode::A) m->edited_timestamp = now_ts();
  const Message result = *m;
  dispatch_message_update(s, result);
  return result;
}

Result<void> delete_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor,
                            bool actor_is_webhook) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  const auto* m = world.message(channel_id, message_id);
  if (!m) return unknown("MESSAGE", "Message");
  if (!deletable_type(m->type)) return missing_permissions();
  const bool author = m->author_id == actor;
  if (!author) {
    if (actor_is_webhook || !ch->guild_id ||
        !world.has_channel_permission(channel_id, actor, permission::kSendMessages | permission::kManageMessages))
      return missing_permissions();
  }
  const Channel channel = *ch;
  const Message message = *m;
  remove_message_now(s, channel, message, actor);
  return {};
}

Result<void> delete_attachment(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake attachment_id,
                               Snowflake actor) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  auto* m = world.message(channel_id, message_id);
  if (!m) return unknown("MESSAGE", "Message");
  if (m->author_id != actor || m->webhook_id) return missing_permissions();
  auto it = std::find_if(m->attachments.begin(), m->attachments.end(),
                         [&](const Attachment& a) { return a.id == attachment_id; });
  if (it == m->attachments.end()) return unknown("ATTACHMENT", "Attachment");
  m->attachments.erase(it);
  if (m->attachments.empty() && m->embeds.empty() && !has_visible_content(m->content)) {
    // The last payload went: the whole message is deleted (with its events and audit entry).
    const Channel channel = *ch;
    const Message message = *m;
    remove_message_now(s, channel, message, actor);
    return {};
  }
  m->edited_timestamp = now_ts();
  dispatch_message_update(s, *m);
  return {};
}

Result<void> bulk_delete_messages(Services& s, Snowflake channel_id, const std::vector<Snowflake>& ids,
                                  Snowflake actor) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  if (!ch->guild_id) return api(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
  if (!world.has_channel_permission(channel_id, actor, permission::kManageMessages)) return missing_permissions();
  std::size_t matched = 0;
  for (auto id : ids)
    if (world.remove_message(channel_id, id)) ++matched;
  if (matched == 0) return {};
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "ids"), w.StartArray();
    for (auto id : ids) json::snowflake(w, id);
    w.EndArray();
    json::key(w, "channel_id"), json::snowflake(w, channel_id);
    json::key(w, "guild_id"), json::snowflake(w, *ch->guild_id);
    w.EndObject();
  });
  s.events.dispatch(channel_scoped(*ch, "MESSAGE_DELETE_BULK", std::move(data)));
  AuditEntry entry;
  entry.guild_id = *ch->guild_id;
  entry.action_type = audit::kMessageBulkDelete;
  entry.user_id = actor;
  entry.options.emplace_back("channel_id", audit::json_snowflake(channel_id));
  entry.options.emplace_back("count", audit::json_int(static_cast<std::int64_t>(matched)));
  record_audit(s, std::move(entry));
  return {};
}

namespace {
Result<Message*> pin_target(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  if (ch->guild_id && !world.has_channel_permission(channel_id, actor, permission::kPinMessages))
    return missing_permissions();
  auto* m = world.message(channel_id, message_id);
  if (!m) return unknown("MESSAGE", "Message");
  if (!editable_type(m->type)) return api(400, "CANNOT_MODIFY_SYSTEM_WEBHOOK", "Cannot pin or unpin a system message.");
  return m;
}

void audit_pin(Services& s, const Channel& ch, Snowflake message_id, Snowflake actor, int action) {
  if (!ch.guild_id) return;
  AuditEntry entry;
  entry.guild_id = *ch.guild_id;
  entry.action_type = action;
  entry.user_id = actor;
  entry.target_id = message_id.str();
  entry.options.emplace_back("channel_id", audit::json_snowflake(ch.id));
  entry.options.emplace_back("message_id", audit::json_snowflake(message_id));
  record_audit(s, std::move(entry));
}
}  // namespace

Result<void> pin_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor) {
  auto target = pin_target(s, channel_id, message_id, actor);
  if (!target) return target.error();
  auto* m = *target;
  if (m->pinned) return {};
  const auto now = now_ts();
  m->pinned = true;
  m->pinned_at = now;
  auto* ch = s.world.channel(channel_id);
  ch->last_pin_timestamp = now;
  const Message updated = *m;
  const Channel channel = *ch;
  dispatch_message_update(s, updated);
  dispatch_pins_update(s, channel);
  // The CHANNEL_PINNED_MESSAGE system message, authored by whoever pinned.
  auto& sys = s.world.add_message(channel_id, actor, "");
  sys.type = 6;
  MessageReference ref;
  ref.message_id = message_id;
  ref.channel_id = channel_id;
  ref.guild_id = channel.guild_id;
  sys.message_reference = ref;
  const Message system_message = sys;
  s.events.dispatch(channel_scoped(channel, "MESSAGE_CREATE", message_event_data(s, system_message, true)));
  s.observer.message_created(system_message);
  audit_pin(s, channel, message_id, actor, audit::kMessagePin);
  return {};
}

Result<void> unpin_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor) {
  auto target = pin_target(s, channel_id, message_id, actor);
  if (!target) return target.error();
  auto* m = *target;
  if (!m->pinned) return {};
  m->pinned = false;
  m->pinned_at.reset();
  const Message updated = *m;
  const Channel channel = *s.world.channel(channel_id);
  dispatch_message_update(s, updated);
  dispatch_pins_update(s, channel);
  audit_pin(s, channel, message_id, actor, audit::kMessageUnpin);
  return {};
}

Result<void> remove_user_reaction(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor,
                                  Snowflake target, const ReactionEmoji& emoji, const std::string& session_id) {
  auto m = reaction_moderation(s, channel_id, message_id, actor, target == actor);
  if (!m) return m.error();
  if (!*m) return {};  // a message that does not exist: 204 before any other check
  return remove_reaction(s, channel_id, message_id, target, emoji, session_id, true);
}

Result<void> remove_emoji_reactions(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor,
                                    const ReactionEmoji& emoji) {
  auto m = reaction_moderation(s, channel_id, message_id, actor);
  if (!m) return m.error();
  if (!*m) return unknown("MESSAGE", "Message");
  auto* msg = s.world.message(channel_id, message_id);
  std::erase_if(msg->reactions,
                [&](const Reaction& r) { return r.emoji.id == emoji.id && (emoji.id || r.emoji.name == emoji.name); });
  const auto* ch = s.world.channel(channel_id);
  // [A] sends REMOVE_ALL (with the emoji) in private channels.
  const bool legacy_dm = !ch->guild_id && s.options.mode == ProtocolMode::A;
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "channel_id"), json::snowflake(w, channel_id);
    json::key(w, "message_id"), json::snowflake(w, message_id);
    json::key(w, "emoji"), json::reaction_emoji(w, emoji);
    if (ch->guild_id) json::key(w, "guild_id"), json::snowflake(w, *ch->guild_id);
    w.EndObject();
  });
  s.events.dispatch(channel_scoped(*ch, legacy_dm ? "MESSAGE_REACTION_REMOVE_ALL" : "MESSAGE_REACTION_REMOVE_EMOJI",
                                   std::move(data)));
  return {};
}

Result<void> remove_all_reactions(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor) {
  auto m = reaction_moderation(s, channel_id, message_id, actor);
  if (!m) return m.error();
  if (!*m) return unknown("MESSAGE", "Message");
  s.world.message(channel_id, message_id)->reactions.clear();
  const auto* ch = s.world.channel(channel_id);
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "channel_id"), json::snowflake(w, channel_id);
    json::key(w, "message_id"), json::snowflake(w, message_id);
    if (ch->guild_id) json::key(w, "guild_id"), json::snowflake(w, *ch->guild_id);
    w.EndObject();
  });
  s.events.dispatch(channel_scoped(*ch, "MESSAGE_REACTION_REMOVE_ALL", std::move(data)));
  return {};
}

}  // namespace fluxer::emulator::actions
