#include "emulator/json_writers.hpp"

#include <algorithm>
#include <chrono>

#include "emulator/utf8.hpp"

namespace fluxer::emulator::json {

void key(Writer& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}
void string(Writer& w, std::string_view s) {
  // Text that reached the world from outside (a percent-decoded path, a seed file) could
  // hold invalid UTF-8; it is never echoed as is (U+FFFD instead, as a JavaScript server).
  if (!utf8::valid(s)) {
    const auto clean = utf8::sanitize(s);
    w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
    return;
  }
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
void snowflake(Writer& w, Snowflake id) {
  string(w, id.str());
}
void timestamp(Writer& w, Timestamp t) {
  string(w, format_iso8601(t));
}
void optional_string(Writer& w, const std::optional<std::string>& s) {
  if (s)
    string(w, *s);
  else
    w.Null();
}
void optional_snowflake(Writer& w, const std::optional<Snowflake>& id) {
  if (id && *id)
    snowflake(w, *id);
  else
    w.Null();
}
void optional_timestamp(Writer& w, const std::optional<Timestamp>& t) {
  if (t)
    timestamp(w, *t);
  else
    w.Null();
}
void optional_int(Writer& w, const std::optional<int>& v) {
  if (v)
    w.Int(*v);
  else
    w.Null();
}
void raw(Writer& w, std::string_view json) {
  w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

namespace {
void permissions_string(Writer& w, std::uint64_t bits) {
  string(w, std::to_string(bits));
}
bool is_timed_out(const Member& m) {
  return m.communication_disabled_until &&
         *m.communication_disabled_until > to_timestamp(std::chrono::system_clock::now());
}
}  // namespace

void partial_user(Writer& w, const User& u) {
  w.StartObject();
  key(w, "id"), snowflake(w, u.id);
  key(w, "username"), string(w, u.username);
  key(w, "discriminator"), string(w, u.discriminator);
  key(w, "global_name"), optional_string(w, u.global_name);
  key(w, "avatar"), optional_string(w, u.avatar);
  key(w, "avatar_color"), optional_int(w, u.avatar_color);
  if (u.bot) key(w, "bot"), w.Bool(true);
  if (u.system) key(w, "system"), w.Bool(true);
  key(w, "flags"), w.Uint64(u.flags);
  w.EndObject();
}

void partial_user(Writer& w, const World& world, Snowflake user_id) {
  if (const auto* u = world.user(user_id)) return partial_user(w, *u);
  User ghost;
  ghost.id = user_id;
  ghost.username = "deleted_user";
  partial_user(w, ghost);
}

void private_user(Writer& w, const Context& ctx, const User& u) {
  w.StartObject();
  key(w, "id"), snowflake(w, u.id);
  key(w, "username"), string(w, u.username);
  key(w, "discriminator"), string(w, u.discriminator);
  key(w, "global_name"), optional_string(w, u.global_name);
  key(w, "avatar"), optional_string(w, u.avatar);
  key(w, "avatar_color"), optional_int(w, u.avatar_color);
  if (u.bot) key(w, "bot"), w.Bool(true);
  if (u.system) key(w, "system"), w.Bool(true);
  key(w, "flags"), w.Uint64(u.flags);
  if (ctx.mode == ProtocolMode::B) key(w, "is_staff"), w.Bool(false);
  key(w, "acls"), w.StartArray(), w.EndArray();
  if (ctx.mode == ProtocolMode::B) key(w, "traits"), w.StartArray(), w.EndArray();
  key(w, "email"), w.Null();
  key(w, "phone"), w.Null();
  key(w, "bio"), optional_string(w, u.bio);
  key(w, "pronouns"), optional_string(w, u.pronouns);
  key(w, "accent_color"), w.Null();
  key(w, "banner"), w.Null();
  key(w, "banner_color"), w.Null();
  key(w, "mfa_enabled"), w.Bool(false);
  key(w, "verified"), w.Bool(true);
  key(w, "premium_type"), w.Int(0);
  key(w, "premium_since"), w.Null();
  key(w, "premium_until"), w.Null();
  key(w, "nsfw_allowed"), w.Bool(true);
  key(w, "required_actions"), w.Null();
  w.EndObject();
}

void guild(Writer& w, const Context& ctx, const Guild& g) {
  w.StartObject();
  key(w, "id"), snowflake(w, g.id);
  key(w, "name"), string(w, g.name);
  key(w, "icon"), optional_string(w, g.icon);
  key(w, "banner"), optional_string(w, g.banner);
  key(w, "banner_width"), w.Null();
  key(w, "banner_height"), w.Null();
  key(w, "splash"), optional_string(w, g.splash);
  key(w, "splash_width"), w.Null();
  key(w, "splash_height"), w.Null();
  key(w, "splash_card_alignment"), w.Int(0);
  key(w, "embed_splash"), w.Null();
  key(w, "embed_splash_width"), w.Null();
  key(w, "embed_splash_height"), w.Null();
  key(w, "vanity_url_code"), optional_string(w, g.vanity_url_code);
  key(w, "owner_id"), snowflake(w, g.owner_id);
  key(w, "system_channel_id"), optional_snowflake(w, g.system_channel_id);
  key(w, "system_channel_flags"), w.Int(g.system_channel_flags);
  key(w, "rules_channel_id"), optional_snowflake(w, g.rules_channel_id);
  key(w, "afk_channel_id"), optional_snowflake(w, g.afk_channel_id);
  key(w, "afk_timeout"), w.Int(g.afk_timeout);
  key(w, "features"), w.StartArray();
  for (const auto& f : g.features) string(w, f);
  w.EndArray();
  key(w, "verification_level"), w.Int(g.verification_level);
  key(w, "mfa_level"), w.Int(g.mfa_level);
  key(w, "nsfw_level"), w.Int(g.nsfw_level);
  key(w, "explicit_content_filter"), w.Int(g.explicit_content_filter);
  key(w, "default_message_notifications"), w.Int(g.default_message_notifications);
  key(w, "disabled_operations"), w.Int(g.disabled_operations);
  if (ctx.mode == ProtocolMode::B) {
    key(w, "nsfw"), w.Bool(false);
    key(w, "content_warning_level"), w.Int(0);
    key(w, "content_warning_text"), w.Null();
    key(w, "message_history_cutoff"), w.Null();
  }
  w.EndObject();
}

void role(Writer& w, const Role& r) {
  w.StartObject();
  key(w, "id"), snowflake(w, r.id);
  key(w, "name"), string(w, r.name);
  key(w, "color"), w.Int(r.color);
  key(w, "position"), w.Int(r.position);
  key(w, "hoist_position"), optional_int(w, r.hoist_position);
  key(w, "permissions"), permissions_string(w, r.permissions);
  key(w, "hoist"), w.Bool(r.hoist);
  key(w, "mentionable"), w.Bool(r.mentionable);
  w.EndObject();
}

void overwrite(Writer& w, const PermissionOverwrite& o) {
  w.StartObject();
  key(w, "id"), snowflake(w, o.id);
  key(w, "type"), w.Int(static_cast<int>(o.type));
  key(w, "allow"), permissions_string(w, o.allow);
  key(w, "deny"), permissions_string(w, o.deny);
  w.EndObject();
}

void channel(Writer& w, const Context& ctx, const Channel& c) {
  const bool guild_channel = c.guild_id.has_value();
  const bool holds_messages = has_messages(c.type);
  w.StartObject();
  key(w, "id"), snowflake(w, c.id);
  key(w, "type"), w.Int(static_cast<int>(c.type));
  if (guild_channel) {
    key(w, "guild_id"), snowflake(w, *c.guild_id);
    key(w, "name"), optional_string(w, c.name);
    key(w, "position"), w.Int(c.position);
    key(w, "parent_id"), optional_snowflake(w, c.parent_id);
    key(w, "permission_overwrites"), w.StartArray();
    for (const auto& o : c.permission_overwrites) overwrite(w, o);
    w.EndArray();
  }
  if (c.type == ChannelType::GuildText) key(w, "topic"), optional_string(w, c.topic);
  if (c.type == ChannelType::GuildLink) key(w, "url"), optional_string(w, c.url);
  if (c.type == ChannelType::GuildVoice) {
    key(w, "bitrate"), w.Int(c.bitrate);
    key(w, "user_limit"), w.Int(c.user_limit);
    key(w, "rtc_region"), optional_string(w, c.rtc_region);
    if (ctx.mode == ProtocolMode::B) key(w, "voice_connection_limit"), w.Int(5);
  }
  if (c.type == ChannelType::GuildText || c.type == ChannelType::GuildVoice) {
    key(w, "nsfw"), w.Bool(c.nsfw);
    key(w, "rate_limit_per_user"), w.Int(c.rate_limit_per_user);
  }
  if (holds_messages) {
    key(w, "last_message_id"), optional_snowflake(w, c.last_message_id);
    if (c.type != ChannelType::DmPersonalNotes)
      key(w, "last_pin_timestamp"), optional_timestamp(w, c.last_pin_timestamp);
  }
  if (c.type == ChannelType::Dm || c.type == ChannelType::GroupDm) {
    key(w, "recipients"), w.StartArray();
    for (auto uid : c.recipients)
      if (uid != ctx.viewer) partial_user(w, ctx.world, uid);
    w.EndArray();
  }
  if (c.type == ChannelType::GroupDm) {
    key(w, "name"), optional_string(w, c.name);
    key(w, "icon"), optional_string(w, c.icon);
    key(w, "owner_id"), optional_snowflake(w, c.owner_id);
  }
  w.EndObject();
}

void member(Writer& w, const Context& ctx, const Member& m, MemberUser user_form, bool with_guild_id) {
  w.StartObject();
  if (user_form == MemberUser::Full) {
    key(w, "user"), partial_user(w, ctx.world, m.user_id);
  } else if (user_form == MemberUser::IdOnly) {
    key(w, "user"), w.StartObject(), key(w, "id"), snowflake(w, m.user_id), w.EndObject();
  }
  key(w, "nick"), optional_string(w, m.nick);
  key(w, "avatar"), optional_string(w, m.avatar);
  key(w, "banner"), optional_string(w, m.banner);
  key(w, "accent_color"), optional_int(w, m.accent_color);
  key(w, "roles"), w.StartArray();
  for (auto r : m.roles) snowflake(w, r);
  w.EndArray();
  key(w, "joined_at"), timestamp(w, m.joined_at);
  key(w, "mute"), w.Bool(m.mute || is_timed_out(m));
  key(w, "deaf"), w.Bool(m.deaf);
  key(w, "communication_disabled_until"), optional_timestamp(w, m.communication_disabled_until);
  if (with_guild_id) key(w, "guild_id"), snowflake(w, m.guild_id);
  w.EndObject();
}

void attachment(Writer& w, const Attachment& a) {
  w.StartObject();
  key(w, "id"), snowflake(w, a.id);
  key(w, "filename"), string(w, a.filename);
  key(w, "title"), optional_string(w, a.title);
  key(w, "description"), optional_string(w, a.description);
  key(w, "content_type"), string(w, a.content_type);
  key(w, "content_hash"), w.Null();
  key(w, "size"), w.Uint64(a.size);
  key(w, "url"), optional_string(w, a.url);
  key(w, "proxy_url"), optional_string(w, a.proxy_url);
  if (a.width) key(w, "width"), w.Int(*a.width);
  if (a.height) key(w, "height"), w.Int(*a.height);
  key(w, "flags"), w.Int(a.flags);
  key(w, "expires_at"), w.Null();
  w.EndObject();
}

void reaction_emoji(Writer& w, const ReactionEmoji& e) {
  w.StartObject();
  key(w, "id"), optional_snowflake(w, e.id);
  key(w, "name"), string(w, e.name);
  if (e.animated) key(w, "animated"), w.Bool(true);
  w.EndObject();
}

void message(Writer& w, const Context& ctx, const Message& m, const MessageOptions& opts) {
  const auto* ch = ctx.world.channel(m.channel_id);
  w.StartObject();
  key(w, "id"), snowflake(w, m.id);
  key(w, "channel_id"), snowflake(w, m.channel_id);
  key(w, "author");
  if (m.webhook_id) {
    w.StartObject();
    key(w, "id"), snowflake(w, *m.webhook_id);
    key(w, "username"), string(w, m.webhook_username.value_or("Webhook"));
    key(w, "discriminator"), string(w, "0000");
    key(w, "global_name"), w.Null();
    key(w, "avatar"), optional_string(w, m.webhook_avatar);
    key(w, "avatar_color"), w.Null();
    key(w, "bot"), w.Bool(true);
    key(w, "flags"), w.Int(0);
    w.EndObject();
    key(w, "webhook_id"), snowflake(w, *m.webhook_id);
  } else {
    partial_user(w, ctx.world, m.author_id);
  }
  key(w, "type"), w.Int(m.type);
  key(w, "flags"), w.Int(m.flags);
  key(w, "content"), string(w, m.content);
  key(w, "timestamp"), timestamp(w, m.timestamp);
  key(w, "edited_timestamp"), optional_timestamp(w, m.edited_timestamp);
  key(w, "pinned"), w.Bool(m.pinned);
  key(w, "mention_everyone"), w.Bool(m.mention_everyone);
  key(w, "tts"), w.Bool(m.tts);
  key(w, "mentions"), w.StartArray();
  for (auto uid : m.mentions) partial_user(w, ctx.world, uid);
  w.EndArray();
  key(w, "mention_roles"), w.StartArray();
  for (auto rid : m.mention_roles) snowflake(w, rid);
  w.EndArray();
  key(w, "embeds"), w.StartArray();
  for (const auto& e : m.embeds) raw(w, e);
  w.EndArray();
  key(w, "attachments"), w.StartArray();
  for (const auto& a : m.attachments) attachment(w, a);
  w.EndArray();
  key(w, "stickers"), w.StartArray(), w.EndArray();
  if (opts.include_reactions && !m.reactions.empty()) {
    key(w, "reactions"), w.StartArray();
    for (const auto& r : m.reactions) {
      w.StartObject();
      key(w, "emoji"), reaction_emoji(w, r.emoji);
      key(w, "count"), w.Uint64(r.user_ids.size());
      if (ctx.viewer && std::find(r.user_ids.begin(), r.user_ids.end(), ctx.viewer) != r.user_ids.end())
        key(w, "me"), w.Bool(true);
      w.EndObject();
    }
    w.EndArray();
  }
  if (m.message_reference) {
    const auto& ref = *m.message_reference;
    key(w, "message_reference"), w.StartObject();
    key(w, "type"), w.Int(ref.type);
    if (ref.message_id) key(w, "message_id"), snowflake(w, *ref.message_id);
    if (ref.channel_id) key(w, "channel_id"), snowflake(w, *ref.channel_id);
    if (ref.guild_id) key(w, "guild_id"), snowflake(w, *ref.guild_id);
    w.EndObject();
    if (ref.type == 0 && ref.message_id && opts.include_referenced) {
      key(w, "referenced_message");
      const auto* target = ctx.world.message(ref.channel_id.value_or(m.channel_id), *ref.message_id);
      if (target) {
        MessageOptions inner;
        inner.include_referenced = false;
        message(w, ctx, *target, inner);
      } else {
        w.Null();
      }
    }
  }
  if (opts.include_nonce && m.nonce) key(w, "nonce"), string(w, *m.nonce);
  if (opts.event_fields && ch) {
    if (opts.include_channel_type) key(w, "channel_type"), w.Int(static_cast<int>(ch->type));
    if (ch->guild_id) {
      key(w, "guild_id"), snowflake(w, *ch->guild_id);
      if (!m.webhook_id)
        if (const auto* mem = ctx.world.member(*ch->guild_id, m.author_id))
          key(w, "member"), member(w, ctx, *mem, MemberUser::Omit);
    }
  }
  w.EndObject();
}

void ban(Writer& w, const Context& ctx, const Ban& b) {
  w.StartObject();
  key(w, "user"), partial_user(w, ctx.world, b.user_id);
  key(w, "reason"), optional_string(w, b.reason);
  key(w, "moderator_id"), snowflake(w, b.moderator_id);
  key(w, "banned_at"), timestamp(w, b.banned_at);
  key(w, "expires_at"), optional_timestamp(w, b.expires_at);
  w.EndObject();
}

void invite(Writer& w, const Context& ctx, const Invite& i, bool with_metadata) {
  w.StartObject();
  key(w, "code"), string(w, i.code);
  key(w, "type"), w.Int(0);
  if (const auto* g = ctx.world.guild(i.guild_id)) {
    key(w, "guild"), w.StartObject();
    key(w, "id"), snowflake(w, g->id);
    key(w, "name"), string(w, g->name);
    key(w, "icon"), optional_string(w, g->icon);
    key(w, "banner"), optional_string(w, g->banner);
    key(w, "splash"), optional_string(w, g->splash);
    key(w, "features"), w.StartArray();
    for (const auto& f : g->features) string(w, f);
    w.EndArray();
    key(w, "verification_level"), w.Int(g->verification_level);
    w.EndObject();
  }
  if (const auto* ch = ctx.world.channel(i.channel_id)) {
    key(w, "channel"), w.StartObject();
    key(w, "id"), snowflake(w, ch->id);
    key(w, "name"), optional_string(w, ch->name);
    key(w, "type"), w.Int(static_cast<int>(ch->type));
    w.EndObject();
  }
  key(w, "inviter");
  if (i.inviter_id)
    partial_user(w, ctx.world, *i.inviter_id);
  else
    w.Null();
  key(w, "member_count"), w.Uint64(ctx.world.members(i.guild_id).size());
  key(w, "presence_count"), w.Int(0);
  key(w, "expires_at");
  if (i.max_age > 0)
    timestamp(w, i.created_at + std::chrono::seconds{i.max_age});
  else
    w.Null();
  key(w, "temporary"), w.Bool(i.temporary);
  if (with_metadata) {
    key(w, "created_at"), timestamp(w, i.created_at);
    key(w, "uses"), w.Int(i.uses);
    key(w, "max_uses"), w.Int(i.max_uses);
    key(w, "max_age"), w.Int(i.max_age);
  }
  w.EndObject();
}

void webhook(Writer& w, const Context& ctx, const Webhook& h) {
  w.StartObject();
  key(w, "id"), snowflake(w, h.id);
  key(w, "guild_id"), snowflake(w, h.guild_id);
  key(w, "channel_id"), snowflake(w, h.channel_id);
  key(w, "user"), partial_user(w, ctx.world, h.creator_id);
  key(w, "name"), string(w, h.name);
  key(w, "avatar"), optional_string(w, h.avatar);
  key(w, "token"), string(w, h.token);
  w.EndObject();
}

void emoji(Writer& w, const Context& ctx, const Emoji& e, bool with_user) {
  w.StartObject();
  key(w, "id"), snowflake(w, e.id);
  key(w, "name"), string(w, e.name);
  key(w, "animated"), w.Bool(e.animated);
  if (with_user) key(w, "user"), partial_user(w, ctx.world, e.creator_id);
  w.EndObject();
}

void application(Writer& w, const Context& ctx, const Application& a) {
  w.StartObject();
  key(w, "id"), snowflake(w, a.id);
  key(w, "name"), string(w, a.name);
  key(w, "icon"), w.Null();
  key(w, "description"), optional_string(w, a.description);
  key(w, "bot_public"), w.Bool(a.bot_public);
  key(w, "bot_require_code_grant"), w.Bool(false);
  key(w, "verify_key"), w.Null();
  key(w, "flags"), w.Int(0);
  if (const auto* bot = ctx.world.user(a.bot_user_id)) key(w, "bot"), partial_user(w, *bot);
  w.EndObject();
}

void guild_ready(Writer& w, const Context& ctx, const Guild& g, bool burst) {
  w.StartObject();
  key(w, "id"), snowflake(w, g.id);
  key(w, "properties"), guild(w, ctx, g);
  key(w, "roles"), w.StartArray();
  for (const auto* r : ctx.world.guild_roles(g.id)) role(w, *r);
  w.EndArray();
  key(w, "channels"), w.StartArray();
  for (const auto* c : ctx.world.guild_channels(g.id))
    if (ctx.world.can_view_channel(c->id, ctx.viewer)) channel(w, ctx, *c);
  w.EndArray();
  key(w, "emojis"), w.StartArray();
  for (const auto& [id, e] : ctx.world.emojis())
    if (e.guild_id == g.id) emoji(w, ctx, e, false);
  w.EndArray();
  key(w, "stickers"), w.StartArray(), w.EndArray();
  key(w, "members"), w.StartArray();
  const auto* self = ctx.world.member(g.id, ctx.viewer);
  if (self) member(w, ctx, *self, burst ? MemberUser::IdOnly : MemberUser::Full);
  w.EndArray();
  key(w, "member_count"), w.Uint64(ctx.world.members(g.id).size());
  key(w, "online_count"), w.Int(0);
  key(w, "presences"), w.StartArray(), w.EndArray();
  key(w, "voice_states"), w.StartArray(), w.EndArray();
  key(w, "joined_at");
  if (self)
    timestamp(w, self->joined_at);
  else
    w.Null();
  w.EndObject();
}

void unavailable_guild(Writer& w, Snowflake id) {
  w.StartObject();
  key(w, "id"), snowflake(w, id);
  key(w, "unavailable"), w.Bool(true);
  w.EndObject();
}

}  // namespace fluxer::emulator::json
