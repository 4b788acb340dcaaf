// Decoders for the gateway dispatch events and the event-name → decoder table.

#include <cmath>
#include <new>
#include <string>

#include "model/codec_internal.hpp"
#include "model/decoders.hpp"

namespace fluxer::mjson {

// Everything here has external linkage on purpose: the container readers in json.hpp find
// these overloads by argument-dependent lookup, which does not look into unnamed namespaces.

using std::chrono::microseconds;
using std::chrono::milliseconds;

// Unix milliseconds beyond year 9999 are refused (they would overflow a Timestamp).
constexpr std::int64_t kMaxUnixMillis = 253'402'300'799'999;

bool unix_millis_to_timestamp(Ctx& c, std::int64_t ms, Timestamp& out) {
  if (ms < 0 || ms > kMaxUnixMillis) return c.fail("timestamp out of range", "OUT_OF_RANGE");
  out = Timestamp{microseconds{ms * 1000}};
  return true;
}

/// A Unix time as an integer in milliseconds, or (auto_seconds) in seconds when the value
/// is at most 10^11 ([B] TYPING_START). ISO 8601 strings are accepted as well.
bool read_unix_time(Ctx& c, const Value& v, Timestamp& out, bool auto_seconds) {
  if (v.IsString()) return read_value(c, v, out);
  if (v.IsNull()) {
    out = Timestamp{};
    return true;
  }
  if (!v.IsNumber()) return c.fail("expected a Unix timestamp (number)");
  constexpr double kSecondsThreshold = 1e11;
  if (v.IsInt64()) {
    const std::int64_t n = v.GetInt64();
    if (auto_seconds && n >= 0 && static_cast<double>(n) <= kSecondsThreshold)
      return unix_millis_to_timestamp(c, n * 1000, out);
    return unix_millis_to_timestamp(c, n, out);
  }
  const double x = v.GetDouble();
  if (!std::isfinite(x) || x < 0 || x > static_cast<double>(kMaxUnixMillis))
    return c.fail("timestamp out of range", "OUT_OF_RANGE");
  if (auto_seconds && x <= kSecondsThreshold)
    return unix_millis_to_timestamp(c, static_cast<std::int64_t>(std::llround(x * 1000.0)), out);
  return unix_millis_to_timestamp(c, static_cast<std::int64_t>(std::llround(x)), out);
}

bool read_value(Ctx& c, const Value& v, RtcRegion& out) {
  if (v.IsString()) {  // [A]: region ids only
    out.id.assign(v.GetString(), v.GetStringLength());
    return true;
  }
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("id", out.id)
      FLUXER_FIELD("name", out.name)
      FLUXER_FIELD("emoji", out.emoji)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, ShardInfo& out) {
  if (!v.IsArray() || v.Size() != 2) return c.fail("expected [shard_id, shard_count]");
  if (!read_value(c, v[0], out.id)) return c.in(std::size_t{0});
  if (!read_value(c, v[1], out.count)) return c.in(std::size_t{1});
  return true;
}

bool read_value(Ctx& c, const Value& v, MemberListGroup& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      case key_hash("id"):
        if (k == "id") {  // a role id, "online" or "offline"
          if (v.IsString()) {
            out.id.assign(v.GetString(), v.GetStringLength());
          } else if (v.IsUint64()) {
            out.id = std::to_string(v.GetUint64());
          } else {
            return c.fail("expected a string") || c.in("id");
          }
          return true;
        }
        break;
      FLUXER_FIELD("count", out.count)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, MemberListItem& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("group", out.group)
      case key_hash("member"):
        if (k == "member") {
          if (v.IsNull()) return true;
          auto& m = out.member.emplace();
          return for_each_member(c, v,
                                 [&](std::string_view mk, const Value& mv) {
                                   if (mk == "presence") {
                                     if (!read_value(c, mv, out.presence)) return c.in("presence");
                                     return true;
                                   }
                                   return member_field(c, mk, mv, m);
                                 }) ||
                 c.in("member");
        }
        break;
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, MemberListOp& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("op", out.op)
      FLUXER_FIELD("items", out.items)
      case key_hash("range"):
        if (k == "range") {
          if (!v.IsArray() || v.Size() != 2) return c.fail("expected [start, end]") || c.in("range");
          if (!read_value(c, v[0], out.range[0])) return c.in(std::size_t{0}) || c.in("range");
          if (!read_value(c, v[1], out.range[1])) return c.in(std::size_t{1}) || c.in("range");
          return true;
        }
        break;
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, GuildCounts& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", out.guild_id)
          FLUXER_FIELD("member_count", out.member_count)
          FLUXER_FIELD("online_count", out.online_count)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.guild_id, "guild_id");
}

bool read_value(Ctx& c, const Value& v, ReactionAddition& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("user_id", out.user_id)
          FLUXER_FIELD("emoji", out.emoji)
          FLUXER_FIELD("member", out.member)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.user_id, "user_id");
}

// ------------------------------------------------------------------ events

bool read_event(Ctx& c, const Value& v, Ready& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("v", e.version)
          FLUXER_FIELD("version", e.version)
          FLUXER_FIELD("session_id", e.session_id)
          FLUXER_FIELD("user", e.user)
          FLUXER_FIELD("guilds", e.guilds)
          FLUXER_FIELD("private_channels", e.private_channels)
          FLUXER_FIELD("rtc_regions", e.rtc_regions)
          FLUXER_FIELD("country_code", e.country_code)
          FLUXER_FIELD("shard", e.shard)
          default: break;
        }
        return true;
      }))
    return false;
  if (e.session_id.empty()) return c.missing("session_id");
  return require(c, e.user.id, "user");
}

bool read_event(Ctx& c, const Value& v, Resumed&) {
  // [A] null, [B] {} (+ staff timings): nothing to read.
  if (v.IsNull() || v.IsObject()) return true;
  return c.fail("expected an object or null");
}

bool read_event(Ctx& c, const Value& v, UserUpdate& e) { return read_value(c, v, e.user); }

bool read_event(Ctx& c, const Value& v, RateLimited& e) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("opcode", e.opcode)
      case key_hash("retry_after"):
        if (k == "retry_after") {
          double s = 0;
          if (!read_value(c, v, s)) return c.in("retry_after");
          if (!std::isfinite(s) || s < 0 || s > 1e9) return c.fail("out of range", "OUT_OF_RANGE") || c.in("retry_after");
          e.retry_after = milliseconds{static_cast<std::int64_t>(std::ceil(s * 1000.0))};
          return true;
        }
        break;
      case key_hash("meta"):
        if (k == "meta") {
          if (v.IsNull()) return true;
          return for_each_member(c, v,
                                 [&](std::string_view k, const Value& v) {
                                   switch (key_hash(k)) {
                                     FLUXER_FIELD("guild_id", e.guild_id)
                                     FLUXER_FIELD("nonce", e.nonce)
                                     default: break;
                                   }
                                   return true;
                                 }) ||
                 c.in("meta");
        }
        break;
      default: break;
    }
    return true;
  });
}

bool read_event(Ctx& c, const Value& v, GuildCreate& e) { return read_value(c, v, static_cast<GuildSnapshot&>(e)); }
bool read_event(Ctx& c, const Value& v, GuildSync& e) { return read_value(c, v, static_cast<GuildSnapshot&>(e)); }
bool read_event(Ctx& c, const Value& v, GuildUpdate& e) { return read_value(c, v, e.guild); }

bool read_event(Ctx& c, const Value& v, GuildDelete& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", e.id)
          FLUXER_FIELD("unavailable", e.unavailable)
          FLUXER_FIELD("unavailable_hidden", e.unavailable_hidden)
          FLUXER_FIELD("guild_id", e.guild_id)
          default: break;
        }
        return true;
      }))
    return false;
  if (!e.id && e.guild_id) e.id = *e.guild_id;
  return require(c, e.id, "id");
}

template <class E>
bool read_role_event(Ctx& c, const Value& v, E& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("role", e.role)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id") && require(c, e.role.id, "role");
}
bool read_event(Ctx& c, const Value& v, GuildRoleCreate& e) { return read_role_event(c, v, e); }
bool read_event(Ctx& c, const Value& v, GuildRoleUpdate& e) { return read_role_event(c, v, e); }

bool read_event(Ctx& c, const Value& v, GuildRoleUpdateBulk& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("roles", e.roles)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id");
}

bool read_event(Ctx& c, const Value& v, GuildRoleDelete& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("role_id", e.role_id)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id") && require(c, e.role_id, "role_id");
}

bool read_event(Ctx& c, const Value& v, GuildEmojisUpdate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("emojis", e.emojis)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id");
}

bool read_event(Ctx& c, const Value& v, GuildStickersUpdate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("stickers", e.stickers)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id");
}

template <class E>
bool read_member_event(Ctx& c, const Value& v, E& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          default: break;
        }
        return member_field(c, k, v, e.member);
      }))
    return false;
  if (!require(c, e.guild_id, "guild_id")) return false;
  if (!e.member.user) return c.missing("user");
  return true;
}
bool read_event(Ctx& c, const Value& v, GuildMemberAdd& e) { return read_member_event(c, v, e); }
bool read_event(Ctx& c, const Value& v, GuildMemberUpdate& e) { return read_member_event(c, v, e); }

template <class E>
bool read_guild_user_event(Ctx& c, const Value& v, E& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("user", e.user)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id") && require(c, e.user.id, "user");
}
bool read_event(Ctx& c, const Value& v, GuildMemberRemove& e) { return read_guild_user_event(c, v, e); }
bool read_event(Ctx& c, const Value& v, GuildBanAdd& e) { return read_guild_user_event(c, v, e); }
bool read_event(Ctx& c, const Value& v, GuildBanRemove& e) { return read_guild_user_event(c, v, e); }

bool read_event(Ctx& c, const Value& v, GuildMembersChunk& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("members", e.members)
          FLUXER_FIELD("chunk_index", e.chunk_index)
          FLUXER_FIELD("chunk_count", e.chunk_count)
          FLUXER_FIELD("presences", e.presences)
          FLUXER_FIELD("nonce", e.nonce)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id");
}

bool read_event(Ctx& c, const Value& v, GuildMemberListUpdate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("id", e.id)
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("member_count", e.member_count)
          FLUXER_FIELD("online_count", e.online_count)
          FLUXER_FIELD("groups", e.groups)
          FLUXER_FIELD("ops", e.ops)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.guild_id, "guild_id");
}

bool read_event(Ctx& c, const Value& v, GuildAuditLogEntryCreate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          default: break;
        }
        return audit_log_entry_field(c, k, v, e.entry);
      }))
    return false;
  return require(c, e.guild_id, "guild_id") && require(c, e.entry.id, "id");
}

bool read_event(Ctx& c, const Value& v, GuildCountsUpdate& e) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("counts", e.counts)
      FLUXER_FIELD("nonce", e.nonce)
      default: break;
    }
    return true;
  });
}

bool read_event(Ctx& c, const Value& v, ChannelCreate& e) { return read_value(c, v, e.channel); }
bool read_event(Ctx& c, const Value& v, ChannelUpdate& e) { return read_value(c, v, e.channel); }
bool read_event(Ctx& c, const Value& v, ChannelDelete& e) { return read_value(c, v, e.channel); }

bool read_event(Ctx& c, const Value& v, ChannelUpdateBulk& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("channels", e.channels)
          default: break;
        }
        return true;
      }))
    return false;
  if (!require(c, e.guild_id, "guild_id")) return false;
  for (auto& ch : e.channels)
    if (!ch.guild_id) ch.guild_id = e.guild_id;
  return true;
}

bool read_event(Ctx& c, const Value& v, ChannelPinsUpdate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("last_pin_timestamp", e.last_pin_timestamp)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id");
}

template <class E>
bool read_recipient_event(Ctx& c, const Value& v, E& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("user", e.user)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id") && require(c, e.user.id, "user");
}
bool read_event(Ctx& c, const Value& v, ChannelRecipientAdd& e) { return read_recipient_event(c, v, e); }
bool read_event(Ctx& c, const Value& v, ChannelRecipientRemove& e) { return read_recipient_event(c, v, e); }

bool read_event(Ctx& c, const Value& v, WebhooksUpdate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("channel_id", e.channel_id)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id");
}

bool read_event(Ctx& c, const Value& v, InviteCreate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("channel_id", e.channel_id)
          default: break;
        }
        return invite_field(c, k, v, e.invite);
      }))
    return false;
  if (e.invite.code.empty()) return c.missing("code");
  if (!e.channel_id && e.invite.channel) e.channel_id = e.invite.channel->id;
  if (!e.guild_id && e.invite.guild) e.guild_id = e.invite.guild->id;
  return true;
}

bool read_event(Ctx& c, const Value& v, InviteDelete& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("code", e.code)
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          default: break;
        }
        return true;
      }))
    return false;
  if (e.code.empty()) return c.missing("code");
  return true;
}

bool read_event(Ctx& c, const Value& v, TypingStart& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("user_id", e.user_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("member", e.member)
          case key_hash("timestamp"):
            if (k == "timestamp") return read_unix_time(c, v, e.timestamp, true) || c.in("timestamp");
            break;
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id") && require(c, e.user_id, "user_id");
}

bool read_event(Ctx& c, const Value& v, MessageCreate& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_type", e.channel_type)
          FLUXER_FIELD("mention_here", e.mention_here)
          default: break;
        }
        return message_field(c, k, v, e.message);
      }))
    return false;
  return finish_message(c, e.message);
}

bool read_event(Ctx& c, const Value& v, MessageUpdate& e) { return read_value(c, v, e.message); }

bool read_event(Ctx& c, const Value& v, MessageDelete& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", e.id)
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("content", e.content)
          FLUXER_FIELD("author_id", e.author_id)
          FLUXER_FIELD("member", e.member)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.id, "id") && require(c, e.channel_id, "channel_id");
}

bool read_event(Ctx& c, const Value& v, MessageDeleteBulk& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("ids", e.ids)
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id");
}

bool read_reaction(Ctx& c, const Value& v, MessageReactionData& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("user_id", e.user_id)
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("message_id", e.message_id)
          FLUXER_FIELD("emoji", e.emoji)
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("member", e.member)
          FLUXER_FIELD("session_id", e.session_id)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.user_id, "user_id") && require(c, e.channel_id, "channel_id") &&
         require(c, e.message_id, "message_id");
}
bool read_event(Ctx& c, const Value& v, MessageReactionAdd& e) { return read_reaction(c, v, e); }
bool read_event(Ctx& c, const Value& v, MessageReactionRemove& e) { return read_reaction(c, v, e); }

bool read_event(Ctx& c, const Value& v, MessageReactionAddMany& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("message_id", e.message_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("reactions", e.reactions)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id") && require(c, e.message_id, "message_id");
}

bool read_event(Ctx& c, const Value& v, MessageReactionRemoveAll& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("message_id", e.message_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id") && require(c, e.message_id, "message_id");
}

bool read_event(Ctx& c, const Value& v, MessageReactionRemoveEmoji& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("message_id", e.message_id)
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("emoji", e.emoji)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id") && require(c, e.message_id, "message_id");
}

bool read_event(Ctx& c, const Value& v, PresenceUpdate& e) {
  if (!read_value(c, v, e.presence)) return false;
  return require(c, e.presence.user.id, "user");
}

bool read_event(Ctx& c, const Value& v, PresenceUpdateBulk& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("presences", e.presences)
          default: break;
        }
        return true;
      }))
    return false;
  if (!require(c, e.guild_id, "guild_id")) return false;
  for (auto& p : e.presences)
    if (!p.guild_id) p.guild_id = e.guild_id;
  return true;
}

bool read_event(Ctx& c, const Value& v, VoiceStateUpdate& e) { return read_value(c, v, e.state); }

bool read_event(Ctx& c, const Value& v, VoiceServerUpdate& e) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("token", e.token)
      FLUXER_FIELD("endpoint", e.endpoint)
      FLUXER_FIELD("connection_id", e.connection_id)
      FLUXER_FIELD("guild_id", e.guild_id)
      FLUXER_FIELD("channel_id", e.channel_id)
      FLUXER_FIELD("e2ee_key", e.e2ee_key)
      default: break;
    }
    return true;
  });
}

bool read_event(Ctx& c, const Value& v, EntranceSoundPlay& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("guild_id", e.guild_id)
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("user_id", e.user_id)
          FLUXER_FIELD("sound_id", e.sound_id)
          FLUXER_FIELD("hash", e.hash)
          FLUXER_FIELD("url", e.url)
          FLUXER_FIELD("duration_ms", e.duration)
          FLUXER_FIELD("content_type", e.content_type)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id") && require(c, e.user_id, "user_id");
}

bool read_call(Ctx& c, const Value& v, CallData& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("message_id", e.message_id)
          FLUXER_FIELD("region", e.region)
          FLUXER_FIELD("ringing", e.ringing)
          FLUXER_FIELD("voice_states", e.voice_states)
          FLUXER_FIELD("recipients", e.recipients)
          case key_hash("created_at"):
            if (k == "created_at") {
              if (v.IsNull()) {
                e.created_at.reset();
                return true;
              }
              return read_unix_time(c, v, e.created_at.emplace(), false) || c.in("created_at");
            }
            break;
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id");
}
bool read_event(Ctx& c, const Value& v, CallCreate& e) { return read_call(c, v, e); }
bool read_event(Ctx& c, const Value& v, CallUpdate& e) { return read_call(c, v, e); }

bool read_event(Ctx& c, const Value& v, CallDelete& e) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("channel_id", e.channel_id)
          FLUXER_FIELD("unavailable", e.unavailable)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, e.channel_id, "channel_id");
}

// ------------------------------------------------------------------ dispatch table

template <class E>
bool decode_as(Ctx& c, const Value& d, DispatchEvent& out) {
  return read_event(c, d, out.emplace<E>());
}

using DecodeFn = bool (*)(Ctx&, const Value&, DispatchEvent&);

#define FLUXER_EVENT(TYPE) \
  case key_hash(TYPE::kName): \
    if (name == TYPE::kName) return &decode_as<TYPE>; \
    break;

DecodeFn find_decoder(std::string_view name) noexcept {
  switch (key_hash(name)) {
    FLUXER_EVENT(Ready)
    FLUXER_EVENT(Resumed)
    FLUXER_EVENT(UserUpdate)
    FLUXER_EVENT(RateLimited)
    FLUXER_EVENT(GuildCreate)
    FLUXER_EVENT(GuildSync)
    FLUXER_EVENT(GuildUpdate)
    FLUXER_EVENT(GuildDelete)
    FLUXER_EVENT(GuildRoleCreate)
    FLUXER_EVENT(GuildRoleUpdate)
    FLUXER_EVENT(GuildRoleUpdateBulk)
    FLUXER_EVENT(GuildRoleDelete)
    FLUXER_EVENT(GuildEmojisUpdate)
    FLUXER_EVENT(GuildStickersUpdate)
    FLUXER_EVENT(GuildMemberAdd)
    FLUXER_EVENT(GuildMemberUpdate)
    FLUXER_EVENT(GuildMemberRemove)
    FLUXER_EVENT(GuildMembersChunk)
    FLUXER_EVENT(GuildMemberListUpdate)
    FLUXER_EVENT(GuildBanAdd)
    FLUXER_EVENT(GuildBanRemove)
    FLUXER_EVENT(GuildAuditLogEntryCreate)
    FLUXER_EVENT(GuildCountsUpdate)
    FLUXER_EVENT(ChannelCreate)
    FLUXER_EVENT(ChannelUpdate)
    FLUXER_EVENT(ChannelDelete)
    FLUXER_EVENT(ChannelUpdateBulk)
    FLUXER_EVENT(ChannelPinsUpdate)
    FLUXER_EVENT(ChannelRecipientAdd)
    FLUXER_EVENT(ChannelRecipientRemove)
    FLUXER_EVENT(WebhooksUpdate)
    FLUXER_EVENT(InviteCreate)
    FLUXER_EVENT(InviteDelete)
    FLUXER_EVENT(TypingStart)
    FLUXER_EVENT(MessageCreate)
    FLUXER_EVENT(MessageUpdate)
    FLUXER_EVENT(MessageDelete)
    FLUXER_EVENT(MessageDeleteBulk)
    FLUXER_EVENT(MessageReactionAdd)
    FLUXER_EVENT(MessageReactionAddMany)
    FLUXER_EVENT(MessageReactionRemove)
    FLUXER_EVENT(MessageReactionRemoveAll)
    FLUXER_EVENT(MessageReactionRemoveEmoji)
    FLUXER_EVENT(PresenceUpdate)
    FLUXER_EVENT(PresenceUpdateBulk)
    FLUXER_EVENT(VoiceStateUpdate)
    FLUXER_EVENT(VoiceServerUpdate)
    FLUXER_EVENT(EntranceSoundPlay)
    FLUXER_EVENT(CallCreate)
    FLUXER_EVENT(CallUpdate)
    FLUXER_EVENT(CallDelete)
    default: break;
  }
  return nullptr;
}

#undef FLUXER_EVENT

Result<void> decode_into(std::string_view event_name, const Value& d, DispatchEvent& out, const std::string_view* raw) {
  DecodeFn fn = find_decoder(event_name);
  if (!fn) {
    auto& u = out.emplace<UnknownEvent>();
    u.name.assign(event_name);
    u.json = raw ? std::string(*raw) : to_text(d);
    return {};
  }
  Ctx c;
  if (!fn(c, d, out)) {
    out.emplace<UnknownEvent>();  // drop the half-decoded event
    return c.error(event_name);
  }
  return {};
}

Result<void> decode_dispatch_into(std::string_view event_name, const Value& d, DispatchEvent& out) noexcept {
  try {
    return decode_into(event_name, d, out, nullptr);
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, std::string(event_name) + ": out of memory", "OUT_OF_MEMORY"};
  } catch (...) {
    return Error{ErrorKind::Decode, std::string(event_name) + ": unexpected failure", "INTERNAL"};
  }
}

Result<DispatchEvent> decode_dispatch(std::string_view event_name, const Value& d) noexcept {
  try {
    DispatchEvent ev;
    auto r = decode_into(event_name, d, ev, nullptr);
    if (!r) return std::move(r).error();
    return ev;
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, std::string(event_name) + ": out of memory", "OUT_OF_MEMORY"};
  } catch (...) {
    return Error{ErrorKind::Decode, std::string(event_name) + ": unexpected failure", "INTERNAL"};
  }
}

/// Parses `d_json` and decodes it; unknown events keep the text as given.
Result<DispatchEvent> decode_dispatch_text(std::string_view event_name, std::string_view d_json) noexcept {
  try {
    DispatchEvent ev;
    if (!find_decoder(event_name)) {
      // Unknown events are never an error and are not parsed at all.
      auto& u = ev.emplace<UnknownEvent>();
      u.name.assign(event_name);
      u.json.assign(d_json);
      return ev;
    }
    StackDocument doc;
    if (auto parsed = doc.parse(d_json); !parsed) {
      Error e = std::move(parsed).error();
      e.message = std::string(event_name) + ": " + e.message;
      return e;
    }
    auto r = decode_into(event_name, doc.root(), ev, &d_json);
    if (!r) return std::move(r).error();
    return ev;
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, std::string(event_name) + ": out of memory", "OUT_OF_MEMORY"};
  } catch (...) {
    return Error{ErrorKind::Decode, std::string(event_name) + ": unexpected failure", "INTERNAL"};
  }
}

}  // namespace fluxer::mjson

namespace fluxer {

Result<DispatchEvent> decode_dispatch(std::string_view event_name, std::string_view d_json) {
  return mjson::decode_dispatch_text(event_name, d_json);
}

}  // namespace fluxer
