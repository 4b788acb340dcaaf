// Decoders for users, members, presences, voice states and small guild entities.

#include "model/decoders.hpp"

namespace fluxer::mjson {

bool read_value(Ctx& c, const Value& v, ChannelType& out) { return read_enum_int(c, v, out); }
bool read_value(Ctx& c, const Value& v, OverwriteType& out) { return read_enum_int(c, v, out); }
bool read_value(Ctx& c, const Value& v, MessageType& out) { return read_enum_int(c, v, out); }
bool read_value(Ctx& c, const Value& v, MessageReferenceType& out) { return read_enum_int(c, v, out); }
bool read_value(Ctx& c, const Value& v, InviteType& out) { return read_enum_int(c, v, out); }

bool read_value(Ctx& c, const Value& v, PresenceStatus& out) {
  if (v.IsString()) {
    out = parse_presence_status(str_of(v));
    return true;
  }
  if (v.IsNull()) {
    out = PresenceStatus::Offline;
    return true;
  }
  return c.fail("expected a status string");
}

// ------------------------------------------------------------------ users

bool user_field(Ctx& c, std::string_view k, const Value& v, User& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("id", out.id)
    FLUXER_FIELD("username", out.username)
    FLUXER_FIELD("discriminator", out.discriminator)
    FLUXER_FIELD("global_name", out.global_name)
    FLUXER_FIELD("avatar", out.avatar)
    FLUXER_FIELD("avatar_color", out.avatar_color)
    FLUXER_FIELD("bot", out.bot)
    FLUXER_FIELD("system", out.system)
    FLUXER_FIELD("flags", out.flags)
    default: break;
  }
  return true;
}

bool read_value(Ctx& c, const Value& v, User& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& m) { return user_field(c, k, m, out); }))
    return false;
  return require(c, out.id, "id");
}

namespace {
bool current_user_field(Ctx& c, std::string_view k, const Value& v, CurrentUser& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("email", out.email)
    FLUXER_FIELD("phone", out.phone)
    FLUXER_FIELD("bio", out.bio)
    FLUXER_FIELD("pronouns", out.pronouns)
    FLUXER_FIELD("banner", out.banner)
    FLUXER_FIELD("accent_color", out.accent_color)
    FLUXER_FIELD("banner_color", out.banner_color)
    FLUXER_FIELD("verified", out.verified)
    FLUXER_FIELD("mfa_enabled", out.mfa_enabled)
    FLUXER_FIELD("nsfw_allowed", out.nsfw_allowed)
    FLUXER_FIELD("is_staff", out.is_staff)
    FLUXER_FIELD("premium_type", out.premium_type)
    FLUXER_FIELD("premium_since", out.premium_since)
    FLUXER_FIELD("premium_until", out.premium_until)
    FLUXER_FIELD("acls", out.acls)
    FLUXER_FIELD("traits", out.traits)
    default: return user_field(c, k, v, out);
  }
  return true;
}
}  // namespace

bool read_value(Ctx& c, const Value& v, CurrentUser& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& m) { return current_user_field(c, k, m, out); }))
    return false;
  return require(c, out.id, "id");
}

bool read_value(Ctx& c, const Value& v, Application& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", out.id)
          FLUXER_FIELD("name", out.name)
          FLUXER_FIELD("icon", out.icon)
          FLUXER_FIELD("description", out.description)
          FLUXER_FIELD("bot_public", out.bot_public)
          FLUXER_FIELD("bot_require_code_grant", out.bot_require_code_grant)
          FLUXER_FIELD("verify_key", out.verify_key)
          FLUXER_FIELD("flags", out.flags)
          FLUXER_FIELD("bot", out.bot)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.id, "id");
}

bool read_value(Ctx& c, const Value& v, Ban& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("user", out.user)
      FLUXER_FIELD("reason", out.reason)
      FLUXER_FIELD("moderator_id", out.moderator_id)
      FLUXER_FIELD("banned_at", out.banned_at)
      FLUXER_FIELD("expires_at", out.expires_at)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, Webhook& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", out.id)
          FLUXER_FIELD("guild_id", out.guild_id)
          FLUXER_FIELD("channel_id", out.channel_id)
          FLUXER_FIELD("user", out.user)
          FLUXER_FIELD("name", out.name)
          FLUXER_FIELD("avatar", out.avatar)
          FLUXER_FIELD("token", out.token)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.id, "id");
}

// ------------------------------------------------------------------ guild entities

bool read_value(Ctx& c, const Value& v, Emoji& out) {
  // Reaction emoji have no id (Unicode); guild emoji always have one. Neither is required.
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("id", out.id)
      FLUXER_FIELD("name", out.name)
      FLUXER_FIELD("animated", out.animated)
      FLUXER_FIELD("user", out.user)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, Sticker& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", out.id)
          FLUXER_FIELD("name", out.name)
          FLUXER_FIELD("description", out.description)
          FLUXER_FIELD("format_type", out.format_type)
          FLUXER_FIELD("animated", out.animated)
          FLUXER_FIELD("nsfw", out.nsfw)
          FLUXER_FIELD("user", out.user)
          case key_hash("tags"):
            if (k == "tags") {
              // Guild stickers send an array; accept Discord's comma-separated string too.
              if (v.IsString()) {
                out.tags.clear();
                std::string_view s = str_of(v);
                while (!s.empty()) {
                  auto comma = s.find(',');
                  auto part = s.substr(0, comma);
                  while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
                  while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
                  if (!part.empty()) out.tags.emplace_back(part);
                  if (comma == std::string_view::npos) break;
                  s.remove_prefix(comma + 1);
                }
                return true;
              }
              if (!read_value(c, v, out.tags)) return c.in("tags");
              return true;
            }
            break;
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.id, "id");
}

bool read_value(Ctx& c, const Value& v, Role& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", out.id)
          FLUXER_FIELD("name", out.name)
          FLUXER_FIELD("color", out.color)
          FLUXER_FIELD("position", out.position)
          FLUXER_FIELD("hoist_position", out.hoist_position)
          FLUXER_FIELD("permissions", out.permissions)
          FLUXER_FIELD("hoist", out.hoist)
          FLUXER_FIELD("mentionable", out.mentionable)
          FLUXER_FIELD("unicode_emoji", out.unicode_emoji)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.id, "id");
}

// ------------------------------------------------------------------ members

bool member_field(Ctx& c, std::string_view k, const Value& v, GuildMember& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("user", out.user)
    FLUXER_FIELD("nick", out.nick)
    FLUXER_FIELD("avatar", out.avatar)
    FLUXER_FIELD("banner", out.banner)
    FLUXER_FIELD("accent_color", out.accent_color)
    FLUXER_FIELD("roles", out.roles)
    FLUXER_FIELD("joined_at", out.joined_at)
    FLUXER_FIELD("mute", out.mute)
    FLUXER_FIELD("deaf", out.deaf)
    FLUXER_FIELD("communication_disabled_until", out.communication_disabled_until)
    FLUXER_FIELD("profile_flags", out.profile_flags)
    FLUXER_FIELD("join_source_type", out.join_source_type)
    FLUXER_FIELD("source_invite_code", out.source_invite_code)
    FLUXER_FIELD("inviter_id", out.inviter_id)
    default: break;
  }
  return true;
}

bool read_value(Ctx& c, const Value& v, GuildMember& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& m) { return member_field(c, k, m, out); });
}

// ------------------------------------------------------------------ presence

bool read_value(Ctx& c, const Value& v, CustomStatus& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("text", out.text)
      FLUXER_FIELD("expires_at", out.expires_at)
      FLUXER_FIELD("emoji_id", out.emoji_id)
      FLUXER_FIELD("emoji_name", out.emoji_name)
      FLUXER_FIELD("emoji_animated", out.emoji_animated)
      default: break;
    }
    return true;
  });
}

bool presence_field(Ctx& c, std::string_view k, const Value& v, Presence& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("user", out.user)
    FLUXER_FIELD("status", out.status)
    FLUXER_FIELD("mobile", out.mobile)
    FLUXER_FIELD("afk", out.afk)
    FLUXER_FIELD("custom_status", out.custom_status)
    FLUXER_FIELD("guild_id", out.guild_id)
    default: break;
  }
  return true;
}

bool read_value(Ctx& c, const Value& v, Presence& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& m) { return presence_field(c, k, m, out); });
}

// ------------------------------------------------------------------ voice

bool voice_state_field(Ctx& c, std::string_view k, const Value& v, VoiceState& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("guild_id", out.guild_id)
    FLUXER_FIELD("channel_id", out.channel_id)
    FLUXER_FIELD("user_id", out.user_id)
    FLUXER_FIELD("connection_id", out.connection_id)
    FLUXER_FIELD("session_id", out.session_id)
    FLUXER_FIELD("member", out.member)
    FLUXER_FIELD("mute", out.mute)
    FLUXER_FIELD("deaf", out.deaf)
    FLUXER_FIELD("self_mute", out.self_mute)
    FLUXER_FIELD("self_deaf", out.self_deaf)
    FLUXER_FIELD("self_video", out.self_video)
    FLUXER_FIELD("self_stream", out.self_stream)
    FLUXER_FIELD("is_mobile", out.is_mobile)
    FLUXER_FIELD("suppress", out.suppress)
    FLUXER_FIELD("viewer_stream_keys", out.viewer_stream_keys)
    FLUXER_FIELD("e2ee_capable", out.e2ee_capable)
    FLUXER_FIELD("version", out.version)
    case key_hash("viewer_stream_key"):
      if (k == "viewer_stream_key") {  // [A]: a single key or null
        std::optional<std::string> key;
        if (!read_value(c, v, key)) return c.in("viewer_stream_key");
        out.viewer_stream_keys.clear();
        if (key) out.viewer_stream_keys.push_back(std::move(*key));
        return true;
      }
      break;
    default: break;
  }
  return true;
}

bool read_value(Ctx& c, const Value& v, VoiceState& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& m) { return voice_state_field(c, k, m, out); });
}

}  // namespace fluxer::mjson
