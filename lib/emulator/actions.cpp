#include "emulator/actions.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>

#include "emulator/actions_util.hpp"
#include "emulator/json_writers.hpp"

namespace fluxer::emulator::actions {

using detail::api;

namespace {

bool allowed(const std::optional<std::vector<std::string>>& parse, std::string_view kind) {
  return !parse || std::find(parse->begin(), parse->end(), kind) != parse->end();
}

}  // namespace

// Scans content for <@id>, <@!id>, <@&id>, @everyone and @here.
void resolve_mentions(const World& world, const Channel& ch, const MessageDraft& d, Message& m) {
  const std::string_view c = d.content;
  std::size_t pos = 0;
  while ((pos = c.find("<@", pos)) != std::string_view::npos) {
    auto end = c.find('>', pos);
    if (end == std::string_view::npos) break;
    auto inner = c.substr(pos + 2, end - pos - 2);
    pos = end + 1;
    bool role = false;
    if (!inner.empty() && (inner.front() == '!' || inner.front() == '&')) {
      role = inner.front() == '&';
      inner.remove_prefix(1);
    }
    const auto id = Snowflake::parse(inner);
    if (!id) continue;
    if (role) {
      const auto* r = world.role(*id);
      if (!r || !ch.guild_id || r->guild_id != *ch.guild_id) continue;
      const bool ok = allowed(d.allowed_parse, "roles") ||
                      std::find(d.allowed_roles.begin(), d.allowed_roles.end(), *id) != d.allowed_roles.end();
      if (ok && std::find(m.mention_roles.begin(), m.mention_roles.end(), *id) == m.mention_roles.end())
        m.mention_roles.push_back(*id);
    } else {
      if (!world.user(*id)) continue;
      const bool ok = allowed(d.allowed_parse, "users") ||
                      std::find(d.allowed_users.begin(), d.allowed_users.end(), *id) != d.allowed_users.end();
      if (ok && std::find(m.mentions.begin(), m.mentions.end(), *id) == m.mentions.end()) m.mentions.push_back(*id);
    }
  }
  if ((c.find("@everyone") != std::string_view::npos || c.find("@here") != std::string_view::npos) &&
      allowed(d.allowed_parse, "everyone")) {
    m.mention_everyone =
        !ch.guild_id || d.webhook_id || world.has_channel_permission(ch.id, d.author_id, permission::kMentionEveryone);
  }
}

namespace {

GatewayEvent channel_event(const Channel& ch, std::string name, std::string data) {
  GatewayEvent e;
  e.name = std::move(name);
  e.data = std::move(data);
  e.channel_id = ch.id;
  if (ch.guild_id)
    e.guild_id = ch.guild_id;
  else
    e.user_ids = ch.recipients;
  return e;
}

}  // namespace

Result<Message> create_message(Services& s, MessageDraft d) {
  auto& world = s.world;
  const auto* ch = world.channel(d.channel_id);
  if (!ch) return api(404, "UNKNOWN_CHANNEL", "Unknown Channel");
  if (!d.webhook_id) {
    if (!world.can_view_channel(ch->id, d.author_id)) return api(403, "MISSING_PERMISSIONS", "Missing Permissions");
  }
  if (!has_messages(ch->type))
    return api(400, "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL", "Cannot send messages in a non-text channel");
  if (!d.webhook_id && !world.has_channel_permission(ch->id, d.author_id, permission::kSendMessages))
    return api(403, "MISSING_PERMISSIONS", "Missing Permissions");
  if (!d.attachments.empty() && !d.webhook_id &&
      !world.has_channel_permission(ch->id, d.author_id, permission::kAttachFiles))
    return api(403, "MISSING_PERMISSIONS", "Missing Permissions");
  const bool forward = d.reference && d.reference->type == 1;
  if (d.content.empty() && d.embeds.empty() && d.attachments.empty() && !forward)
    return api(400, "CANNOT_SEND_EMPTY_MESSAGE", "Cannot send an empty message");

  const auto now = std::chrono::system_clock::now();
  if (s.options.mode == ProtocolMode::B && d.nonce) {
    while (!s.recent_nonce_order.empty()) {
      auto oldest = s.recent_nonces.find(s.recent_nonce_order.front());
      if (oldest != s.recent_nonces.end() && now - oldest->second.second.created_at() <= std::chrono::minutes{5}) break;
      if (oldest != s.recent_nonces.end()) s.recent_nonces.erase(oldest);
      s.recent_nonce_order.pop_front();
    }
    auto it = s.recent_nonces.find({d.author_id, *d.nonce});
    if (it != s.recent_nonces.end())
      if (const auto* original = world.message(it->second.first, it->second.second)) return *original;
  }

  const auto channel_copy = *ch;
  auto& m = world.add_message(d.channel_id, d.author_id, d.content);
  m.embeds = std::move(d.embeds);
  m.attachments = std::move(d.attachments);
  for (auto& a : m.attachments) {
    if (!a.id) a.id = world.next_id();
    if (!a.url) a.url = s.http_base + "/attachments/" + d.channel_id.str() + "/" + a.id.str() + "/" + a.filename;
    if (!a.proxy_url) a.proxy_url = a.url;
  }
  m.nonce = d.nonce;
  m.flags = d.flags;
  m.tts = d.tts && (d.webhook_id || world.has_channel_permission(ch->id, d.author_id, permission::kSendTtsMessages));
  m.webhook_id = d.webhook_id;
  m.webhook_username = d.webhook_username;
  m.webhook_avatar = d.webhook_avatar;
  if (d.reference) {
    m.message_reference = d.reference;
    if (!m.message_reference->channel_id) m.message_reference->channel_id = d.channel_id;
    if (!m.message_reference->guild_id && channel_copy.guild_id) m.message_reference->guild_id = channel_copy.guild_id;
    if (d.reference->type == 0) m.type = 19;  // REPLY
  }
  resolve_mentions(world, channel_copy, d, m);
  if (s.options.mode == ProtocolMode::B && d.nonce) {
    const auto [slot, inserted] = s.recent_nonces.insert_or_assign({d.author_id, *d.nonce}, std::pair{m.channel_id, m.id});
    if (inserted) s.recent_nonce_order.push_back(slot->first);
  }

  const Message result = m;
  json::Context ctx{world, s.options.mode, {}};
  json::MessageOptions opts;
  opts.include_nonce = true;
  opts.event_fields = true;
  auto data = json::build([&](json::Writer& w) { json::message(w, ctx, result, opts); });
  s.events.dispatch(channel_event(channel_copy, "MESSAGE_CREATE", std::move(data)));
  s.observer.message_created(result);
  return result;
}

namespace {
GatewayEvent reaction_event(Services& s, const Channel& ch, const char* name, Snowflake message_id, Snowflake user_id,
                            const ReactionEmoji& emoji, const std::string& session_id) {
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "user_id"), json::snowflake(w, user_id);
    json::key(w, "channel_id"), json::snowflake(w, ch.id);
    json::key(w, "message_id"), json::snowflake(w, message_id);
    json::key(w, "emoji"), json::reaction_emoji(w, emoji);
    if (!ch.guild_id && !session_id.empty()) json::key(w, "session_id"), json::string(w, session_id);
    if (ch.guild_id) {
      json::key(w, "guild_id"), json::snowflake(w, *ch.guild_id);
      if (const auto* mem = s.world.member(*ch.guild_id, user_id)) {
        json::Context ctx{s.world, s.options.mode, {}};
        json::key(w, "member"), json::member(w, ctx, *mem, json::MemberUser::Full);
      }
    }
    w.EndObject();
  });
  auto e = channel_event(ch, name, std::move(data));
  if (ch.guild_id) e.exclude_session = session_id;  // §4.4: guild channels skip the caller's session
  return e;
}
}  // namespace

Result<void> add_reaction(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake user_id,
                          const ReactionEmoji& emoji, const std::string& session_id) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return api(404, "UNKNOWN_CHANNEL", "Unknown Channel");
  if (!world.has_channel_permission(channel_id, user_id, permission::kViewChannel | permission::kReadMessageHistory))
    return api(403, "MISSING_PERMISSIONS", "Missing Permissions");
  const auto* m = world.message(channel_id, message_id);
  if (!m) return api(404, "UNKNOWN_MESSAGE", "Unknown Message");
  const bool exists = std::any_of(m->reactions.begin(), m->reactions.end(), [&](const Reaction& r) {
    return r.emoji.id == emoji.id && (emoji.id || r.emoji.name == emoji.name);
  });
  if (!exists && !world.has_channel_permission(channel_id, user_id, permission::kAddReactions))
    return api(403, "MISSING_PERMISSIONS", "Missing Permissions");
  if (!exists && m->reactions.size() >= 30) return api(400, "MAX_REACTIONS", "Maximum number of reactions reached");
  if (!world.add_reaction(channel_id, message_id, user_id, emoji)) return {};
  s.events.dispatch(reaction_event(s, *ch, "MESSAGE_REACTION_ADD", message_id, user_id, emoji, session_id));
  return {};
}

Result<void> remove_reaction(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake user_id,
                             const ReactionEmoji& emoji, const std::string& session_id, bool always_dispatch) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return api(404, "UNKNOWN_CHANNEL", "Unknown Channel");
  if (!world.message(channel_id, message_id)) return api(404, "UNKNOWN_MESSAGE", "Unknown Message");
  if (!world.remove_reaction(channel_id, message_id, user_id, emoji) && !always_dispatch) return {};
  s.events.dispatch(reaction_event(s, *ch, "MESSAGE_REACTION_REMOVE", message_id, user_id, emoji, session_id));
  return {};
}

void send_guild_create(Services& s, Snowflake guild_id, Snowflake user_id) {
  GatewayEvent e;
  e.name = "GUILD_CREATE";
  e.guild_id = guild_id;
  e.user_ids = {user_id};
  const auto mode = s.options.mode;
  World& world = s.world;
  e.data_for = [&world, mode, guild_id](Snowflake viewer) {
    json::Context ctx{world, mode, viewer};
    const auto* g = world.guild(guild_id);
    return json::build([&](json::Writer& w) {
      if (g)
        json::guild_ready(w, ctx, *g, false);
      else
        json::unavailable_guild(w, guild_id);
    });
  };
  s.events.dispatch(e);
}

Result<Member> add_member(Services& s, Snowflake guild_id, Snowflake user_id) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return api(404, "UNKNOWN_GUILD", "Unknown Guild");
  if (!world.user(user_id)) return api(404, "UNKNOWN_USER", "Unknown User");
  if (world.member(guild_id, user_id)) return *world.member(guild_id, user_id);
  const Member m = world.add_member(guild_id, user_id);
  send_guild_create(s, guild_id, user_id);
  json::Context ctx{world, s.options.mode, {}};
  GatewayEvent e;
  e.name = "GUILD_MEMBER_ADD";
  e.guild_id = guild_id;
  e.data = json::build([&](json::Writer& w) { json::member(w, ctx, m, json::MemberUser::Full, true); });
  s.events.dispatch(e);
  return m;
}

Result<void> remove_member(Services& s, Snowflake guild_id, Snowflake user_id) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return api(404, "UNKNOWN_GUILD", "Unknown Guild");
  if (!world.remove_member(guild_id, user_id)) return api(404, "UNKNOWN_MEMBER", "Unknown Member");
  GatewayEvent e;
  e.name = "GUILD_MEMBER_REMOVE";
  e.guild_id = guild_id;
  e.data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "guild_id"), json::snowflake(w, guild_id);
    json::key(w, "user"), w.StartObject(), json::key(w, "id"), json::snowflake(w, user_id), w.EndObject();
    w.EndObject();
  });
  s.events.dispatch(e);
  GatewayEvent gone;
  gone.name = "GUILD_DELETE";
  gone.guild_id = guild_id;
  gone.user_ids = {user_id};
  gone.data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "id"), json::snowflake(w, guild_id);
    w.EndObject();
  });
  s.events.dispatch(gone);
  return {};
}

Result<Channel> create_channel(Services& s, Snowflake guild_id, ChannelType type, std::string name,
                               std::optional<Snowflake> parent_id) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return api(404, "UNKNOWN_GUILD", "Unknown Guild");
  if (parent_id) {
    const auto* parent = world.channel(*parent_id);
    if (!parent || parent->guild_id != guild_id || parent->type != ChannelType::GuildCategory)
      return Error::api(400, "INVALID_FORM_BODY", "Invalid Form Body",
                        {FieldError{"parent_id", "INVALID_CHANNEL", "Unknown category"}});
  }
  const Channel c = world.add_channel(guild_id, type, std::move(name), parent_id);
  GatewayEvent e;
  e.name = "CHANNEL_CREATE";
  e.guild_id = guild_id;
  e.channel_id = c.id;
  e.data = json::build([&](json::Writer& w) {
    json::Context ctx{world, s.options.mode, {}};
    json::channel(w, ctx, c);
  });
  s.events.dispatch(e);
  return c;
}

Result<void> start_typing(Services& s, Snowflake channel_id, Snowflake user_id) {
  auto& world = s.world;
  const auto* ch = world.channel(channel_id);
  if (!ch) return api(404, "UNKNOWN_CHANNEL", "Unknown Channel");
  if (!world.has_channel_permission(channel_id, user_id, permission::kViewChannel | permission::kSendMessages))
    return api(403, "MISSING_PERMISSIONS", "Missing Permissions");
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "channel_id"), json::snowflake(w, channel_id);
    json::key(w, "user_id"), json::snowflake(w, user_id);
    // [A] sends Unix milliseconds, [B] documents seconds (§4.3).
    if (s.options.mode == ProtocolMode::A)
      json::key(w, "timestamp"), w.Int64(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    else
      json::key(w, "timestamp"), w.Int64(std::chrono::duration_cast<std::chrono::seconds>(now).count());
    if (ch->guild_id) {
      json::key(w, "guild_id"), json::snowflake(w, *ch->guild_id);
      if (const auto* mem = world.member(*ch->guild_id, user_id)) {
        json::Context ctx{world, s.options.mode, {}};
        json::key(w, "member"), json::member(w, ctx, *mem, json::MemberUser::Full);
      }
    }
    w.EndObject();
  });
  s.events.dispatch(channel_event(*ch, "TYPING_START", std::move(data)));
  return {};
}

}  // namespace fluxer::emulator::actions
