// Decoders for guilds, guild snapshots, channels, invites, audit log entries and the
// discovery documents.

#include <string>

#include "model/decoders.hpp"

namespace fluxer::mjson {

// ------------------------------------------------------------------ guild

bool guild_field(Ctx& c, std::string_view k, const Value& v, Guild& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("id", out.id)
    FLUXER_FIELD("name", out.name)
    FLUXER_FIELD("icon", out.icon)
    FLUXER_FIELD("banner", out.banner)
    FLUXER_FIELD("banner_width", out.banner_width)
    FLUXER_FIELD("banner_height", out.banner_height)
    FLUXER_FIELD("splash", out.splash)
    FLUXER_FIELD("splash_width", out.splash_width)
    FLUXER_FIELD("splash_height", out.splash_height)
    FLUXER_FIELD("splash_card_alignment", out.splash_card_alignment)
    FLUXER_FIELD("embed_splash", out.embed_splash)
    FLUXER_FIELD("embed_splash_width", out.embed_splash_width)
    FLUXER_FIELD("embed_splash_height", out.embed_splash_height)
    FLUXER_FIELD("vanity_url_code", out.vanity_url_code)
    FLUXER_FIELD("owner_id", out.owner_id)
    FLUXER_FIELD("system_channel_id", out.system_channel_id)
    FLUXER_FIELD("system_channel_flags", out.system_channel_flags)
    FLUXER_FIELD("rules_channel_id", out.rules_channel_id)
    FLUXER_FIELD("afk_channel_id", out.afk_channel_id)
    FLUXER_FIELD("afk_timeout", out.afk_timeout)
    FLUXER_FIELD("features", out.features)
    FLUXER_FIELD("verification_level", out.verification_level)
    FLUXER_FIELD("mfa_level", out.mfa_level)
    FLUXER_FIELD("nsfw_level", out.nsfw_level)
    FLUXER_FIELD("explicit_content_filter", out.explicit_content_filter)
    FLUXER_FIELD("default_message_notifications", out.default_message_notifications)
    FLUXER_FIELD("disabled_operations", out.disabled_operations)
    FLUXER_FIELD("permissions", out.permissions)
    FLUXER_FIELD("nsfw", out.nsfw)
    FLUXER_FIELD("content_warning_level", out.content_warning_level)
    FLUXER_FIELD("content_warning_text", out.content_warning_text)
    FLUXER_FIELD("roles", out.roles)
    FLUXER_FIELD("channels", out.channels)
    FLUXER_FIELD("emojis", out.emojis)
    FLUXER_FIELD("stickers", out.stickers)
    FLUXER_FIELD("member_count", out.member_count)
    FLUXER_FIELD("online_count", out.online_count)
    FLUXER_FIELD("unavailable", out.unavailable)
    default: break;
  }
  return true;
}

namespace {
void adopt_channels(Guild& g) {
  for (auto& ch : g.channels)
    if (!ch.guild_id) ch.guild_id = g.id;
}
}  // namespace

bool read_value(Ctx& c, const Value& v, Guild& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& m) { return guild_field(c, k, m, out); }))
    return false;
  if (!require(c, out.id, "id")) return false;
  adopt_channels(out);
  return true;
}

bool read_value(Ctx& c, const Value& v, GuildSnapshot& out) {
  Guild& g = out.guild;
  Snowflake top_id;  // the top-level `id` wins over `properties.id`
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", top_id)
          FLUXER_FIELD("members", out.members)
          FLUXER_FIELD("voice_states", out.voice_states)
          FLUXER_FIELD("presences", out.presences)
          FLUXER_FIELD("joined_at", out.joined_at)
          FLUXER_FIELD("unavailable", out.unavailable)
          FLUXER_FIELD("unavailable_hidden", out.unavailable_hidden)
          case key_hash("properties"):
            if (k == "properties") {
              // The guild object is nested here (not Discord-shaped).
              if (v.IsNull()) return true;
              if (!for_each_member(c, v, [&](std::string_view pk, const Value& pv) { return guild_field(c, pk, pv, g); }))
                return c.in("properties");
              return true;
            }
            break;
          default: break;
        }
        // Top-level id, roles, channels, emojis, stickers, counts; and Discord-shaped
        // top-level guild fields, should a server ever send them.
        return guild_field(c, k, v, g);
      }))
    return false;
  if (top_id) g.id = top_id;
  if (!require(c, g.id, "id")) return false;
  g.unavailable = out.unavailable;
  adopt_channels(g);
  return true;
}

// ------------------------------------------------------------------ channels

bool read_value(Ctx& c, const Value& v, PermissionOverwrite& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", out.id)
          FLUXER_FIELD("type", out.type)
          FLUXER_FIELD("allow", out.allow)
          FLUXER_FIELD("deny", out.deny)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.id, "id");
}

bool channel_field(Ctx& c, std::string_view k, const Value& v, Channel& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("id", out.id)
    FLUXER_FIELD("type", out.type)
    FLUXER_FIELD("guild_id", out.guild_id)
    FLUXER_FIELD("name", out.name)
    FLUXER_FIELD("topic", out.topic)
    FLUXER_FIELD("url", out.url)
    FLUXER_FIELD("icon", out.icon)
    FLUXER_FIELD("owner_id", out.owner_id)
    FLUXER_FIELD("position", out.position)
    FLUXER_FIELD("parent_id", out.parent_id)
    FLUXER_FIELD("bitrate", out.bitrate)
    FLUXER_FIELD("user_limit", out.user_limit)
    FLUXER_FIELD("rtc_region", out.rtc_region)
    FLUXER_FIELD("last_message_id", out.last_message_id)
    FLUXER_FIELD("last_pin_timestamp", out.last_pin_timestamp)
    FLUXER_FIELD("permission_overwrites", out.permission_overwrites)
    FLUXER_FIELD("recipients", out.recipients)
    FLUXER_FIELD("nsfw", out.nsfw)
    FLUXER_FIELD("rate_limit_per_user", out.rate_limit_per_user)
    FLUXER_FIELD("voice_connection_limit", out.voice_connection_limit)
    FLUXER_FIELD("nsfw_override", out.nsfw_override)
    FLUXER_FIELD("content_warning_level", out.content_warning_level)
    FLUXER_FIELD("content_warning_text", out.content_warning_text)
    default: break;
  }
  return true;
}

bool read_value(Ctx& c, const Value& v, Channel& out) {
  bool have_type = false;
  if (!for_each_member(c, v, [&](std::string_view k, const Value& m) {
        if (k == "type") have_type = !m.IsNull();
        return channel_field(c, k, m, out);
      }))
    return false;
  if (!require(c, out.id, "id")) return false;
  if (!have_type) return c.missing("type");
  return true;
}

// ------------------------------------------------------------------ invites

bool invite_field(Ctx& c, std::string_view k, const Value& v, Invite& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("code", out.code)
    FLUXER_FIELD("type", out.type)
    FLUXER_FIELD("guild", out.guild)
    FLUXER_FIELD("channel", out.channel)
    FLUXER_FIELD("inviter", out.inviter)
    FLUXER_FIELD("member_count", out.member_count)
    FLUXER_FIELD("presence_count", out.presence_count)
    FLUXER_FIELD("expires_at", out.expires_at)
    FLUXER_FIELD("temporary", out.temporary)
    FLUXER_FIELD("created_at", out.created_at)
    FLUXER_FIELD("uses", out.uses)
    FLUXER_FIELD("max_uses", out.max_uses)
    FLUXER_FIELD("max_age", out.max_age)
    default: break;
  }
  return true;
}

bool read_value(Ctx& c, const Value& v, Invite& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& m) { return invite_field(c, k, m, out); }))
    return false;
  if (out.code.empty()) return c.missing("code");
  return true;
}

// ------------------------------------------------------------------ audit log

namespace {
bool read_change(Ctx& c, const Value& v, AuditLogChange& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("key", out.key)
      case key_hash("old_value"):
        if (k == "old_value") out.old_value_json = to_text(v);
        break;
      case key_hash("new_value"):
        if (k == "new_value") out.new_value_json = to_text(v);
        break;
      default: break;
    }
    return true;
  });
}
}  // namespace

bool audit_log_entry_field(Ctx& c, std::string_view k, const Value& v, AuditLogEntry& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("id", out.id)
    FLUXER_FIELD("action_type", out.action_type)
    FLUXER_FIELD("user_id", out.user_id)
    FLUXER_FIELD("reason", out.reason)
    case key_hash("target_id"):
      if (k == "target_id") {
        if (v.IsString())
          out.target_id.emplace(str_of(v));
        else if (v.IsUint64())
          out.target_id = std::to_string(v.GetUint64());
        else if (v.IsNull())
          out.target_id.reset();
        else
          return c.fail("expected a string or null") || c.in("target_id");
      }
      break;
    case key_hash("options"):
      if (k == "options") {
        if (v.IsNull())
          out.options_json.clear();
        else if (v.IsObject())
          out.options_json = to_text(v);
        else
          return c.fail("expected an object") || c.in("options");
      }
      break;
    case key_hash("changes"):
      if (k == "changes") {
        out.changes.clear();
        if (v.IsNull()) break;
        if (!v.IsArray()) return c.fail("expected an array") || c.in("changes");
        std::size_t i = 0;
        for (const auto& item : v.GetArray()) {
          if (!read_change(c, item, out.changes.emplace_back())) return c.in(i) || c.in("changes");
          ++i;
        }
      }
      break;
    default: break;
  }
  return true;
}

bool read_value(Ctx& c, const Value& v, AuditLogEntry& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& m) { return audit_log_entry_field(c, k, m, out); }))
    return false;
  return require(c, out.id, "id");
}

// ------------------------------------------------------------------ discovery

bool read_value(Ctx& c, const Value& v, InstanceInfo& out) {
  auto endpoints = [&](const Value& v) {
    auto& e = out.endpoints;
    return for_each_member(c, v, [&](std::string_view k, const Value& v) {
      switch (key_hash(k)) {
        FLUXER_FIELD("api", e.api)
        FLUXER_FIELD("api_client", e.api_client)
        FLUXER_FIELD("api_public", e.api_public)
        FLUXER_FIELD("gateway", e.gateway)
        FLUXER_FIELD("media", e.media)
        FLUXER_FIELD("static_cdn", e.static_cdn)  // [B]
        FLUXER_FIELD("cdn", e.static_cdn)         // [A]
        FLUXER_FIELD("marketing", e.marketing)
        FLUXER_FIELD("admin", e.admin)
        FLUXER_FIELD("invite", e.invite)
        FLUXER_FIELD("gift", e.gift)
        FLUXER_FIELD("webapp", e.webapp)
        default: break;
      }
      return true;
    });
  };
  auto captcha = [&](const Value& v) {
    auto& cap = out.captcha;
    return for_each_member(c, v, [&](std::string_view k, const Value& v) {
      switch (key_hash(k)) {
        FLUXER_FIELD("provider", cap.provider)
        FLUXER_FIELD("hcaptcha_site_key", cap.hcaptcha_site_key)
        FLUXER_FIELD("turnstile_site_key", cap.turnstile_site_key)
        default: break;
      }
      return true;
    });
  };
  auto features = [&](const Value& v) {
    auto& f = out.features;
    return for_each_member(c, v, [&](std::string_view k, const Value& v) {
      switch (key_hash(k)) {
        FLUXER_FIELD("voice_enabled", f.voice_enabled)
        FLUXER_FIELD("stripe_enabled", f.stripe_enabled)
        FLUXER_FIELD("self_hosted", f.self_hosted)
        FLUXER_FIELD("sms_mfa_enabled", f.sms_mfa_enabled)
        FLUXER_FIELD("presigned_attachment_uploads", f.presigned_attachment_uploads)
        FLUXER_FIELD("emails_enabled", f.emails_enabled)
        default: break;
      }
      return true;
    });
  };
  auto push = [&](const Value& v) {
    return for_each_member(c, v, [&](std::string_view k, const Value& v) {
      switch (key_hash(k)) {
        FLUXER_FIELD("public_vapid_key", out.push_public_vapid_key)
        default: break;
      }
      return true;
    });
  };
  bool have_endpoints = false;
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("api_code_version", out.api_code_version)
          case key_hash("endpoints"):
            if (k == "endpoints") {
              have_endpoints = true;
              return endpoints(v) || c.in("endpoints");
            }
            break;
          case key_hash("captcha"):
            if (k == "captcha") return v.IsNull() || captcha(v) || c.in("captcha");
            break;
          case key_hash("features"):
            if (k == "features") return v.IsNull() || features(v) || c.in("features");
            break;
          case key_hash("push"):
            if (k == "push") return v.IsNull() || push(v) || c.in("push");
            break;
          default: break;
        }
        return true;
      }))
    return false;
  if (!have_endpoints) return c.missing("endpoints");
  return true;
}

bool read_value(Ctx& c, const Value& v, GatewayBotInfo& out) {
  auto limit = [&](const Value& v) {
    auto& l = out.session_start_limit;
    return for_each_member(c, v, [&](std::string_view k, const Value& v) {
      switch (key_hash(k)) {
        FLUXER_FIELD("total", l.total)
        FLUXER_FIELD("remaining", l.remaining)
        FLUXER_FIELD("reset_after", l.reset_after)
        FLUXER_FIELD("max_concurrency", l.max_concurrency)
        default: break;
      }
      return true;
    });
  };
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("url", out.url)
          FLUXER_FIELD("shards", out.shards)
          case key_hash("session_start_limit"):
            if (k == "session_start_limit") return v.IsNull() || limit(v) || c.in("session_start_limit");
            break;
          default: break;
        }
        return true;
      }))
    return false;
  if (out.url.empty()) return c.missing("url");
  return true;
}

}  // namespace fluxer::mjson
