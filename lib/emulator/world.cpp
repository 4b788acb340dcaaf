#include <fluxer/emulator/world.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "emulator/random.hpp"

namespace fluxer::emulator {

namespace {

Timestamp now_ts() {
  return to_timestamp(std::chrono::system_clock::now());
}

template <class Map, class Key>
auto* find_in(Map& map, const Key& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

// ---------------------------------------------------------------- snowflakes

Snowflake SnowflakeGenerator::next() {
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto ms = (now.time_since_epoch() - kFluxerEpoch).count();
  const std::uint64_t stamp = ms > 0 ? static_cast<std::uint64_t>(ms) : 0;
  std::uint64_t candidate = (stamp << 22) | (static_cast<std::uint64_t>(worker_) << 12);
  if (candidate <= last_) candidate = last_ + 1;
  last_ = candidate;
  return Snowflake{candidate};
}

void SnowflakeGenerator::observe(Snowflake id) noexcept {
  last_ = std::max(last_, id.value());
}

// ---------------------------------------------------------------- mutation

User& World::add_user(std::string username, std::optional<std::string> discriminator) {
  User u;
  u.id = ids_.next();
  u.username = std::move(username);
  u.discriminator = discriminator ? std::move(*discriminator) : fmt::format("{:04}", next_discriminator_++ % 10000);
  auto& stored = users_[u.id] = std::move(u);
  user_tokens_[stored.id] = "flx_" + random_alnum(36);
  return stored;
}

Application& World::add_bot(std::string name, Snowflake owner_id, std::string secret) {
  User u;
  u.id = ids_.next();
  u.username = name;
  u.discriminator = fmt::format("{:04}", next_discriminator_++ % 10000);
  u.bot = true;
  Application app;
  app.id = ids_.next();
  app.name = std::move(name);
  app.bot_user_id = u.id;
  app.owner_id = owner_id;
  app.secret = secret.empty() ? random_base64url(32) : std::move(secret);
  users_[u.id] = std::move(u);
  return apps_[app.id] = std::move(app);
}

Guild& World::add_guild(std::string name, Snowflake owner_id) {
  Guild g;
  g.id = ids_.next();
  g.name = std::move(name);
  g.owner_id = owner_id;
  Role everyone;
  everyone.id = g.id;
  everyone.guild_id = g.id;
  everyone.name = "@everyone";
  everyone.permissions = permission::kDefaultEveryone;
  roles_[everyone.id] = everyone;
  auto& stored = guilds_[g.id] = std::move(g);
  members_[stored.id];
  if (owner_id) add_member(stored.id, owner_id);
  return stored;
}

Channel& World::add_channel(Snowflake guild_id, ChannelType type, std::string name,
                            std::optional<Snowflake> parent_id) {
  Channel c;
  c.id = ids_.next();
  c.type = type;
  c.guild_id = guild_id;
  c.name = std::move(name);
  c.parent_id = parent_id;
  int count = 0;
  for (const auto& [id, ch] : channels_)
    if (ch.guild_id == guild_id) ++count;
  c.position = count;
  if (type == ChannelType::GuildVoice) c.user_limit = 0;
  return channels_[c.id] = std::move(c);
}

Channel& World::open_dm(Snowflake user_a, Snowflake user_b) {
  for (auto& [id, ch] : channels_) {
    if (ch.type != ChannelType::Dm) continue;
    const auto& r = ch.recipients;
    if (r.size() == 2 && ((r[0] == user_a && r[1] == user_b) || (r[0] == user_b && r[1] == user_a))) return ch;
  }
  Channel c;
  c.id = ids_.next();
  c.type = ChannelType::Dm;
  c.recipients = {user_a, user_b};
  return channels_[c.id] = std::move(c);
}

Role& World::add_role(Snowflake guild_id, std::string name, std::uint64_t permissions) {
  int top = 0;
  for (const auto& [id, r] : roles_)
    if (r.guild_id == guild_id) top = std::max(top, r.position);
  Role r;
  r.id = ids_.next();
  r.guild_id = guild_id;
  r.name = std::move(name);
  r.permissions = permissions;
  r.position = top + 1;
  return roles_[r.id] = std::move(r);
}

Member& World::add_member(Snowflake guild_id, Snowflake user_id) {
  auto& members = members_[guild_id];
  auto it = members.find(user_id);
  if (it != members.end()) return it->second;
  Member m;
  m.guild_id = guild_id;
  m.user_id = user_id;
  m.joined_at = now_ts();
  return members[user_id] = std::move(m);
}

bool World::remove_member(Snowflake guild_id, Snowflake user_id) {
  auto it = members_.find(guild_id);
  return it != members_.end() && it->second.erase(user_id) > 0;
}

Message& World::add_message(Snowflake channel_id, Snowflake author_id, std::string content) {
  Message m;
  m.id = ids_.next();
  m.channel_id = channel_id;
  m.author_id = author_id;
  m.content = std::move(content);
  m.timestamp = now_ts();
  if (auto* ch = channel(channel_id)) ch->last_message_id = m.id;
  auto& slot = messages_[channel_id][m.id];
  slot = std::move(m);
  return slot;
}

bool World::add_reaction(Snowflake channel_id, Snowflake message_id, Snowflake user_id, const ReactionEmoji& emoji) {
  auto* m = message(channel_id, message_id);
  if (!m) return false;
  for (auto& r : m->reactions) {
    if (r.emoji.id != emoji.id || (!emoji.id && r.emoji.name != emoji.name)) continue;
    if (std::find(r.user_ids.begin(), r.user_ids.end(), user_id) != r.user_ids.end()) return false;
    r.user_ids.push_back(user_id);
    return true;
  }
  m->reactions.push_back(Reaction{emoji, {user_id}});
  return true;
}

bool World::remove_reaction(Snowflake channel_id, Snowflake message_id, Snowflake user_id, const ReactionEmoji& emoji) {
  auto* m = message(channel_id, message_id);
  if (!m) return false;
  for (auto it = m->reactions.begin(); it != m->reactions.end(); ++it) {
    if (it->emoji.id != emoji.id || (!emoji.id && it->emoji.name != emoji.name)) continue;
    auto u = std::find(it->user_ids.begin(), it->user_ids.end(), user_id);
    if (u == it->user_ids.end()) return false;
    it->user_ids.erase(u);
    if (it->user_ids.empty()) m->reactions.erase(it);
    return true;
  }
  return false;
}

Ban& World::add_ban(Snowflake guild_id, Snowflake user_id, Snowflake moderator_id, std::optional<std::string> reason) {
  Ban b;
  b.guild_id = guild_id;
  b.user_id = user_id;
  b.moderator_id = moderator_id;
  b.reason = std::move(reason);
  b.banned_at = now_ts();
  return bans_[guild_id][user_id] = std::move(b);
}

Invite& World::add_invite(Snowflake channel_id, std::optional<Snowflake> inviter_id) {
  Invite inv;
  do {
    inv.code = random_alnum(8);
  } while (invites_.count(inv.code) != 0);
  inv.channel_id = channel_id;
  if (const auto* ch = channel(channel_id); ch && ch->guild_id) inv.guild_id = *ch->guild_id;
  inv.inviter_id = inviter_id;
  inv.created_at = now_ts();
  auto code = inv.code;
  return invites_[code] = std::move(inv);
}

Webhook& World::add_webhook(Snowflake channel_id, Snowflake creator_id, std::string name) {
  Webhook w;
  w.id = ids_.next();
  w.channel_id = channel_id;
  if (const auto* ch = channel(channel_id); ch && ch->guild_id) w.guild_id = *ch->guild_id;
  w.creator_id = creator_id;
  w.name = std::move(name);
  w.token = random_base64url(48);
  return webhooks_[w.id] = std::move(w);
}

Emoji& World::add_emoji(Snowflake guild_id, std::string name, Snowflake creator_id, bool animated) {
  Emoji e;
  e.id = ids_.next();
  e.guild_id = guild_id;
  e.name = std::move(name);
  e.creator_id = creator_id;
  e.animated = animated;
  return emojis_[e.id] = std::move(e);
}

// ---------------------------------------------------------------- lookup

User* World::user(Snowflake id) {
  return find_in(users_, id);
}
const User* World::user(Snowflake id) const {
  return find_in(users_, id);
}
const User* World::user_by_name(std::string_view username) const {
  for (const auto& [id, u] : users_)
    if (u.username == username) return &u;
  return nullptr;
}
Application* World::application(Snowflake id) {
  return find_in(apps_, id);
}
const Application* World::application(Snowflake id) const {
  return find_in(apps_, id);
}
const Application* World::application_of_bot(Snowflake user_id) const {
  for (const auto& [id, a] : apps_)
    if (a.bot_user_id == user_id) return &a;
  return nullptr;
}
Guild* World::guild(Snowflake id) {
  return find_in(guilds_, id);
}
const Guild* World::guild(Snowflake id) const {
  return find_in(guilds_, id);
}
Channel* World::channel(Snowflake id) {
  return find_in(channels_, id);
}
const Channel* World::channel(Snowflake id) const {
  return find_in(channels_, id);
}
Role* World::role(Snowflake id) {
  return find_in(roles_, id);
}
const Role* World::role(Snowflake id) const {
  return find_in(roles_, id);
}
Member* World::member(Snowflake guild_id, Snowflake user_id) {
  auto* ms = find_in(members_, guild_id);
  return ms ? find_in(*ms, user_id) : nullptr;
}
const Member* World::member(Snowflake guild_id, Snowflake user_id) const {
  const auto* ms = find_in(members_, guild_id);
  return ms ? find_in(*ms, user_id) : nullptr;
}
Message* World::message(Snowflake channel_id, Snowflake message_id) {
  auto* ms = find_in(messages_, channel_id);
  return ms ? find_in(*ms, message_id) : nullptr;
}
const Message* World::message(Snowflake channel_id, Snowflake message_id) const {
  const auto* ms = find_in(messages_, channel_id);
  return ms ? find_in(*ms, message_id) : nullptr;
}
Invite* World::invite(std::string_view code) {
  return find_in(invites_, std::string(code));
}
Webhook* World::webhook(Snowflake id) {
  return find_in(webhooks_, id);
}
const Webhook* World::webhook(Snowflake id) const {
  return find_in(webhooks_, id);
}
Emoji* World::emoji(Snowflake id) {
  return find_in(emojis_, id);
}
Ban* World::ban(Snowflake guild_id, Snowflake user_id) {
  auto* bs = find_in(bans_, guild_id);
  return bs ? find_in(*bs, user_id) : nullptr;
}

std::optional<Identity> World::identify(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  if (const auto dot = token.find('.'); dot != std::string_view::npos) {
    const auto app_id = Snowflake::parse(token.substr(0, dot));
    if (!app_id) return std::nullopt;
    const auto* app = application(*app_id);
    if (!app || app->secret != token.substr(dot + 1)) return std::nullopt;
    return Identity{app->bot_user_id, app->id};
  }
  for (const auto& [uid, t] : user_tokens_)
    if (t == token) return Identity{uid, std::nullopt};
  return std::nullopt;
}

std::string World::user_token(Snowflake user_id) const {
  auto it = user_tokens_.find(user_id);
  return it == user_tokens_.end() ? std::string{} : it->second;
}

std::string World::rotate_bot_token(Snowflake application_id) {
  auto* app = application(application_id);
  if (!app) return {};
  app->secret = random_base64url(32);
  return app->token();
}

// ---------------------------------------------------------------- collections

const std::map<Snowflake, Member>& World::members(Snowflake guild_id) const {
  static const std::map<Snowflake, Member> empty;  // immutable sentinel, not shared state
  const auto* ms = find_in(members_, guild_id);
  return ms ? *ms : empty;
}

const std::map<Snowflake, Message>& World::messages(Snowflake channel_id) const {
  static const std::map<Snowflake, Message> empty;
  const auto* ms = find_in(messages_, channel_id);
  return ms ? *ms : empty;
}

const std::map<Snowflake, Ban>& World::bans(Snowflake guild_id) const {
  static const std::map<Snowflake, Ban> empty;
  const auto* bs = find_in(bans_, guild_id);
  return bs ? *bs : empty;
}

bool World::remove_guild(Snowflake guild_id) {
  if (guilds_.erase(guild_id) == 0) return false;
  std::erase_if(roles_, [&](const auto& kv) { return kv.second.guild_id == guild_id; });
  for (auto it = channels_.begin(); it != channels_.end();) {
    if (it->second.guild_id == guild_id) {
      messages_.erase(it->first);
      it = channels_.erase(it);
    } else {
      ++it;
    }
  }
  members_.erase(guild_id);
  bans_.erase(guild_id);
  std::erase_if(invites_, [&](const auto& kv) { return kv.second.guild_id == guild_id; });
  std::erase_if(webhooks_, [&](const auto& kv) { return kv.second.guild_id == guild_id; });
  std::erase_if(emojis_, [&](const auto& kv) { return kv.second.guild_id == guild_id; });
  return true;
}

bool World::remove_channel(Snowflake channel_id) {
  if (channels_.erase(channel_id) == 0) return false;
  messages_.erase(channel_id);
  std::erase_if(invites_, [&](const auto& kv) { return kv.second.channel_id == channel_id; });
  std::erase_if(webhooks_, [&](const auto& kv) { return kv.second.channel_id == channel_id; });
  for (auto& [id, ch] : channels_)
    if (ch.parent_id == channel_id) ch.parent_id.reset();
  return true;
}

bool World::remove_role(Snowflake role_id) {
  auto it = roles_.find(role_id);
  if (it == roles_.end() || it->second.id == it->second.guild_id) return false;  // @everyone stays
  const auto guild_id = it->second.guild_id;
  roles_.erase(it);
  if (auto* ms = find_in(members_, guild_id))
    for (auto& [uid, m] : *ms) std::erase(m.roles, role_id);
  for (auto& [id, ch] : channels_)
    if (ch.guild_id == guild_id)
      std::erase_if(ch.permission_overwrites, [&](const auto& o) { return o.id == role_id; });
  return true;
}

bool World::remove_message(Snowflake channel_id, Snowflake message_id) {
  auto* ms = find_in(messages_, channel_id);
  return ms && ms->erase(message_id) > 0;
}

bool World::remove_ban(Snowflake guild_id, Snowflake user_id) {
  auto* bs = find_in(bans_, guild_id);
  return bs && bs->erase(user_id) > 0;
}

bool World::remove_invite(std::string_view code) {
  return invites_.erase(std::string(code)) > 0;
}
bool World::remove_webhook(Snowflake webhook_id) {
  return webhooks_.erase(webhook_id) > 0;
}
bool World::remove_emoji(Snowflake emoji_id) {
  return emojis_.erase(emoji_id) > 0;
}

std::vector<const Role*> World::guild_roles(Snowflake guild_id) const {
  std::vector<const Role*> out;
  for (const auto& [id, r] : roles_)
    if (r.guild_id == guild_id) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const Role* a, const Role* b) { return a->position < b->position; });
  return out;
}

std::vector<const Channel*> World::guild_channels(Snowflake guild_id) const {
  std::vector<const Channel*> out;
  for (const auto& [id, c] : channels_)
    if (c.guild_id == guild_id) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(),
                   [](const Channel* a, const Channel* b) { return a->position < b->position; });
  return out;
}

std::vector<Snowflake> World::guilds_of(Snowflake user_id) const {
  std::vector<Snowflake> out;
  for (const auto& [gid, ms] : members_)
    if (guilds_.count(gid) != 0 && ms.count(user_id) != 0) out.push_back(gid);
  return out;
}

std::vector<const Channel*> World::private_channels_of(Snowflake user_id) const {
  std::vector<const Channel*> out;
  for (const auto& [id, c] : channels_) {
    if (c.guild_id) continue;
    if (std::find(c.recipients.begin(), c.recipients.end(), user_id) != c.recipients.end()) out.push_back(&c);
  }
  return out;
}

// ---------------------------------------------------------------- permissions

std::uint64_t World::guild_permissions(Snowflake guild_id, Snowflake user_id) const {
  const auto* g = guild(guild_id);
  const auto* m = member(guild_id, user_id);
  if (!g || !m) return 0;
  if (g->owner_id == user_id) return permission::kAll;
  std::uint64_t perms = 0;
  if (const auto* everyone = role(guild_id)) perms |= everyone->permissions;
  for (auto rid : m->roles)
    if (const auto* r = role(rid); r && r->guild_id == guild_id) perms |= r->permissions;
  if (perms & permission::kAdministrator) return permission::kAll;
  return perms;
}

namespace {
std::uint64_t apply_overwrites(std::uint64_t perms, const Channel& ch, const Member& m, Snowflake guild_id) {
  std::uint64_t allow = 0, deny = 0;
  for (const auto& o : ch.permission_overwrites)
    if (o.type == PermissionOverwrite::Type::Role && o.id == guild_id) perms = (perms & ~o.deny) | o.allow;
  for (const auto& o : ch.permission_overwrites) {
    if (o.type != PermissionOverwrite::Type::Role || o.id == guild_id) continue;
    if (std::find(m.roles.begin(), m.roles.end(), o.id) == m.roles.end()) continue;
    allow |= o.allow;
    deny |= o.deny;
  }
  perms = (perms & ~deny) | allow;
  for (const auto& o : ch.permission_overwrites)
    if (o.type == PermissionOverwrite::Type::Member && o.id == m.user_id) perms = (perms & ~o.deny) | o.allow;
  return perms;
}
}  // namespace

std::uint64_t World::channel_permissions(Snowflake channel_id, Snowflake user_id) const {
  const auto* ch = channel(channel_id);
  if (!ch) return 0;
  if (!ch->guild_id) {
    const bool participant = std::find(ch->recipients.begin(), ch->recipients.end(), user_id) != ch->recipients.end() ||
                             (ch->type == ChannelType::DmPersonalNotes && ch->id == user_id);
    if (!participant) return 0;
    return permission::kViewChannel | permission::kSendMessages | permission::kReadMessageHistory |
           permission::kAddReactions | permission::kAttachFiles | permission::kEmbedLinks |
           permission::kUseExternalEmojis | permission::kPinMessages;
  }
  const auto guild_id = *ch->guild_id;
  const auto base = guild_permissions(guild_id, user_id);
  if (base == 0) return 0;
  if (base & permission::kAdministrator) return permission::kAll;
  const auto* m = member(guild_id, user_id);
  auto perms = apply_overwrites(base, *ch, *m, guild_id);
  if (ch->type == ChannelType::GuildCategory && !(perms & permission::kViewChannel)) {
    for (const auto& [id, child] : channels_) {
      if (child.parent_id != ch->id) continue;
      if (apply_overwrites(base, child, *m, guild_id) & permission::kViewChannel) {
        perms |= permission::kViewChannel;
        break;
      }
    }
  }
  if (!(perms & permission::kViewChannel)) return 0;
  return perms;
}

bool World::has_channel_permission(Snowflake channel_id, Snowflake user_id, std::uint64_t perms) const {
  return (channel_permissions(channel_id, user_id) & perms) == perms;
}

bool World::has_guild_permission(Snowflake guild_id, Snowflake user_id, std::uint64_t perms) const {
  return (guild_permissions(guild_id, user_id) & perms) == perms;
}

bool World::can_view_channel(Snowflake channel_id, Snowflake user_id) const {
  return (channel_permissions(channel_id, user_id) & permission::kViewChannel) != 0;
}

int World::top_role_position(Snowflake guild_id, Snowflake user_id) const {
  const auto* g = guild(guild_id);
  if (g && g->owner_id == user_id) return 1 << 30;
  const auto* m = member(guild_id, user_id);
  if (!m) return -1;
  int top = 0;
  for (auto rid : m->roles)
    if (const auto* r = role(rid)) top = std::max(top, r->position);
  return top;
}

// ---------------------------------------------------------------- demo world

DemoWorld make_demo_world() {
  DemoWorld d;
  auto& w = d.world;
  auto& alice = w.add_user("alice");
  alice.global_name = "Alice";
  d.human_id = alice.id;
  d.human_token = w.user_token(alice.id);
  auto& app = w.add_bot("EmulatorBot", d.human_id);
  d.application_id = app.id;
  d.bot_user_id = app.bot_user_id;
  d.bot_token = app.token();
  auto& g = w.add_guild("Emulator Guild", d.human_id);
  d.guild_id = g.id;
  d.moderator_role_id = w.add_role(d.guild_id, "Moderators",
                                   permission::kKickMembers | permission::kBanMembers | permission::kManageMessages |
                                       permission::kModerateMembers)
                            .id;
  d.category_id = w.add_channel(d.guild_id, ChannelType::GuildCategory, "Text Channels").id;
  auto& general = w.add_channel(d.guild_id, ChannelType::GuildText, "general", d.category_id);
  general.topic = "General chat";
  d.general_channel_id = general.id;
  d.commands_channel_id = w.add_channel(d.guild_id, ChannelType::GuildText, "bot-commands", d.category_id).id;
  d.voice_channel_id = w.add_channel(d.guild_id, ChannelType::GuildVoice, "Voice").id;
  w.guild(d.guild_id)->system_channel_id = d.general_channel_id;
  w.add_member(d.guild_id, d.bot_user_id);
  // An unavailable guild, so that clients meet outage stubs without a seed file.
  d.unavailable_guild_id = w.add_guild("Offline Guild", d.human_id).id;
  w.add_member(d.unavailable_guild_id, d.bot_user_id);
  w.guild(d.unavailable_guild_id)->unavailable = true;
  return d;
}

}  // namespace fluxer::emulator
