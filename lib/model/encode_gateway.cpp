// Encoders for the gateway commands the client sends (full `{"op":N,"d":...}` frames). The
// payloads come from the field tables (schema_requests.cpp) except Heartbeat, Request Guild
// Members (query/limit or user_ids) and Lazy Request (objects keyed by ids).

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include <fluxer/model/codec.hpp>
#include <fluxer/model/gateway_commands.hpp>

#include "model/tables.hpp"
#include "model/validate.hpp"

namespace fluxer {

using mjson::check_count;
using mjson::check_length;
using mjson::Out;

namespace {

void begin_frame(Out& o, GatewayOpcode op) {
  o.begin_object();
  o.field("op", static_cast<int>(op));
  o.key("d");
}

void end_frame(Out& o) {
  o.end_object();
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

Result<void> check_token(std::string_view token) {
  if (token.empty()) return Error::invalid_argument("token", "must not be empty", "REQUIRED");
  if (starts_with_ci(token, "Bot ") || starts_with_ci(token, "Bearer "))
    return Error::invalid_argument("token", "must be the raw token, without the \"Bot \" prefix (REST only)",
                                   "INVALID_VALUE");
  for (char ch : token)
    if (std::isspace(static_cast<unsigned char>(ch)))
      return Error::invalid_argument("token", "must not contain whitespace", "INVALID_VALUE");
  return {};
}

Result<void> check_nonce(std::string_view field, const std::optional<std::string>& nonce) {
  if (!nonce) return {};
  if (nonce->empty()) return Error::invalid_argument(std::string(field), "must not be empty", "TOO_SHORT");
  if (nonce->size() > 32) return Error::invalid_argument(std::string(field), "must be at most 32 bytes", "TOO_LONG");
  return {};
}

Result<void> check_presence(std::string_view prefix, const UpdatePresence& p) {
  if (p.status == PresenceStatus::Unknown)
    return Error::invalid_argument(std::string(prefix) + "status", "must be online, idle, dnd, invisible or offline",
                                   "INVALID_VALUE");
  return {};
}

/// A complete frame whose `d` is `payload` written through its field table.
template <class T>
std::string frame_of(GatewayOpcode op, const T& payload) {
  Out o;
  begin_frame(o, op);
  mjson::Codec<T>::write(o, payload);
  end_frame(o);
  return o.take();
}

}  // namespace

Result<std::string> to_json(const Identify& c) {
  FLUXER_CHECK(check_token(c.token));
  FLUXER_CHECK(check_count("ignored_events", c.ignored_events.size(), 256));
  for (std::size_t i = 0; i < c.ignored_events.size(); ++i)
    if (c.ignored_events[i].empty())
      return Error::invalid_argument("ignored_events." + std::to_string(i), "must not be empty", "TOO_SHORT");
  if (c.shard) {
    const auto [id, count] = *c.shard;
    if (count < 1 || count > 16384)
      return Error::invalid_argument("shard", "shard_count must be between 1 and 16384", "OUT_OF_RANGE");
    if (id < 0 || id >= count)
      return Error::invalid_argument("shard", "shard_id must be between 0 and shard_count - 1", "OUT_OF_RANGE");
  }
  if (c.presence) FLUXER_CHECK(check_presence("presence.", *c.presence));

  return frame_of(GatewayOpcode::Identify, c);
}

Result<std::string> to_json(const Resume& c) {
  FLUXER_CHECK(check_token(c.token));
  if (c.session_id.empty()) return Error::invalid_argument("session_id", "must not be empty", "REQUIRED");
  if (c.seq < 0) return Error::invalid_argument("seq", "must not be negative", "OUT_OF_RANGE");
  return frame_of(GatewayOpcode::Resume, c);
}

std::string to_json(const Heartbeat& c) {
  Out o;
  begin_frame(o, GatewayOpcode::Heartbeat);
  if (c.seq)
    o.value(*c.seq);
  else
    o.null();
  end_frame(o);
  return o.take();
}

Result<std::string> to_json(const UpdatePresence& c) {
  FLUXER_CHECK(check_presence("", c));
  return frame_of(GatewayOpcode::PresenceUpdate, c);
}

Result<std::string> to_json(const UpdateVoiceState& c) {
  if (c.connection_id) FLUXER_CHECK(check_length("connection_id", *c.connection_id, 1, 32));
  return frame_of(GatewayOpcode::VoiceStateUpdate, c);
}

Result<std::string> to_json(const RequestGuildMembers& c) {
  if (!c.guild_id) return Error::invalid_argument("guild_id", "is required", "REQUIRED");
  FLUXER_CHECK(check_count("user_ids", c.user_ids.size(), 100));
  FLUXER_CHECK(check_nonce("nonce", c.nonce));
  Out o;
  begin_frame(o, GatewayOpcode::RequestGuildMembers);
  o.begin_object();
  o.field("guild_id", c.guild_id);
  if (c.user_ids.empty()) {
    o.field("query", c.query);
    o.field("limit", c.limit);
  } else {
    o.field("user_ids", c.user_ids);
  }
  o.field("presences", c.presences);
  o.field("nonce", c.nonce);
  o.end_object();
  end_frame(o);
  return o.take();
}

Result<std::string> to_json(const LazyRequest& c) {
  std::set<Snowflake> seen;
  for (std::size_t i = 0; i < c.subscriptions.size(); ++i) {
    const auto& s = c.subscriptions[i];
    const std::string prefix = "subscriptions." + std::to_string(i);
    if (!s.guild_id) return Error::invalid_argument(prefix + ".guild_id", "is required", "REQUIRED");
    if (!seen.insert(s.guild_id).second)
      return Error::invalid_argument(prefix + ".guild_id", "guild listed twice", "DUPLICATE");
    for (std::size_t j = 0; j < s.member_list_channels.size(); ++j) {
      for (const auto& [start, end] : s.member_list_channels[j].second)
        if (start < 0 || end < start)
          return Error::invalid_argument(prefix + ".member_list_channels." + std::to_string(j),
                                         "ranges must satisfy 0 <= start <= end", "OUT_OF_RANGE");
    }
  }
  Out o;
  begin_frame(o, GatewayOpcode::LazyRequest);
  o.begin_object();
  o.key("subscriptions");
  o.begin_object();
  for (const auto& s : c.subscriptions) {
    o.key(s.guild_id.str());
    o.begin_object();
    o.field("active", s.active);
    o.field("sync", s.sync);
    o.field("typing", s.typing);
    if (!s.member_list_channels.empty()) {
      o.key("member_list_channels");
      o.begin_object();
      for (const auto& [channel, ranges] : s.member_list_channels) {
        o.key(channel.str());
        o.begin_array();
        for (const auto& [start, end] : ranges) {
          o.begin_array();
          o.value(start);
          o.value(end);
          o.end_array();
        }
        o.end_array();
      }
      o.end_object();
    }
    if (!s.members.empty()) o.field("members", s.members);
    o.end_object();
  }
  o.end_object();
  o.end_object();
  end_frame(o);
  return o.take();
}

Result<std::string> to_json(const RequestGuildCounts& c) {
  if (c.guild_ids.empty()) return Error::invalid_argument("guild_ids", "must not be empty", "TOO_SHORT");
  FLUXER_CHECK(check_count("guild_ids", c.guild_ids.size(), 100));
  FLUXER_CHECK(check_nonce("nonce", c.nonce));
  return frame_of(GatewayOpcode::RequestGuildCounts, c);
}

}  // namespace fluxer
