// Guilds and what hangs off them: roles, emoji and sticker lists, channel lists, members,
// voice states.

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>

#include "cache/cache_impl.hpp"
#include "cache/pack.hpp"

namespace fluxer {

using namespace cache_detail;

std::uint32_t CacheCore::find_guild(const GuildShard& s, std::uint64_t id) {
  return s.guild_index.find(hash_id(id), [&](std::uint32_t h) { return s.guilds[h].id == id; });
}

std::uint32_t CacheCore::create_guild_locked(GuildShard& s, std::uint64_t id) {
  const std::uint32_t h = s.guilds.emplace();
  s.guilds[h].id = id;
  s.guild_index.insert(hash_id(id), h, [&](std::uint32_t x) { return hash_id(s.guilds[x].id); });
  if (limited(kGuild)) s.guild_fifo.push_back(h, take_seq());
  kinds[kGuild].count.fetch_add(1, std::memory_order_relaxed);
  return h;
}

void CacheCore::remove_guild_locked(GuildShard& s, std::uint32_t h) {
  GuildEntry& g = s.guilds[h];
  // Members (their users lose a reference each).
  std::vector<std::uint32_t> member_handles;
  member_handles.reserve(g.members.size());
  g.members.for_each([&](std::uint32_t mh) { member_handles.push_back(mh); });
  g.members.clear();
  for (std::uint32_t mh : member_handles) {
    MemberEntry& m = s.members[mh];
    const std::uint64_t uid = m.user_id;
    s.role_lists.release(m.roles);
    s.member_blob_bytes -= m.heap_bytes();
    if (limited(kMember)) s.member_fifo.unlink(mh);
    s.members.erase(mh);
    kinds[kMember].count.fetch_sub(1, std::memory_order_relaxed);
    user_release(uid);
  }
  // Channels (and their messages).
  for (Snowflake cid : g.channel_ids) remove_channel(cid.value(), false);
  const std::uint64_t id = g.id;
  s.guild_index.erase(
      hash_id(id), [&](std::uint32_t x) { return x == h; }, [&](std::uint32_t x) { return hash_id(s.guilds[x].id); });
  if (limited(kGuild)) s.guild_fifo.unlink(h);
  s.guilds.erase(h);
  kinds[kGuild].count.fetch_sub(1, std::memory_order_relaxed);
}

void CacheCore::set_roles_locked(GuildEntry& g, const std::vector<Role>& roles) {
  g.roles.clear();
  g.roles.reserve(roles.size());
  for (const Role& r : roles) g.roles.emplace_back().assign(r);
  g.roles.shrink_to_fit();
}

void CacheCore::set_emojis_locked(GuildEntry& g, const std::vector<Emoji>& emojis) {
  g.emojis = emojis.empty() ? Blob{} : Blob{pack(emojis)};
  g.emoji_count = static_cast<std::uint32_t>(emojis.size());
}

void CacheCore::set_stickers_locked(GuildEntry& g, const std::vector<Sticker>& stickers) {
  g.stickers = stickers.empty() ? Blob{} : Blob{pack(stickers)};
  g.sticker_count = static_cast<std::uint32_t>(stickers.size());
}

void CacheCore::set_channels_locked(GuildEntry& g, const std::vector<Channel>& channels) {
  std::unordered_set<std::uint64_t> listed;
  for (const Channel& c : channels) listed.insert(c.id.value());
  for (Snowflake old : g.channel_ids)
    if (!listed.contains(old.value())) remove_channel(old.value(), false);
  g.channel_ids.clear();
  g.channel_ids.reserve(channels.size());
  for (const Channel& c : channels) {
    if (c.id.empty()) continue;
    upsert_channel(c, g.id, nullptr);
    if (std::find(g.channel_ids.begin(), g.channel_ids.end(), c.id) == g.channel_ids.end())
      g.channel_ids.push_back(c.id);
  }
  g.channel_ids.shrink_to_fit();
}

std::optional<Role> CacheCore::upsert_role_locked(GuildEntry& g, const Role& role, bool want_before) {
  for (RoleEntry& r : g.roles) {
    if (r.id == role.id.value()) {
      std::optional<Role> before;
      if (want_before) before = r.to_role();
      r.assign(role);
      return before;
    }
  }
  g.roles.emplace_back().assign(role);
  return std::nullopt;
}

void CacheCore::put_guild_locked(GuildShard& s, std::uint32_t h, const Guild& guild) {
  (void)s;
  GuildEntry& g = s.guilds[h];
  g.properties = Blob{pack(guild)};
  g.bits |= GuildEntry::kHasProperties;
  if (!guild.roles.empty()) set_roles_locked(g, guild.roles);
  if (!guild.emojis.empty()) set_emojis_locked(g, guild.emojis);
  if (!guild.stickers.empty()) set_stickers_locked(g, guild.stickers);
  if (!guild.channels.empty()) set_channels_locked(g, guild.channels);
  if (guild.member_count) {
    g.member_count = *guild.member_count;
    g.bits |= GuildEntry::kHasMemberCount;
  }
  if (guild.online_count) {
    g.online_count = *guild.online_count;
    g.bits |= GuildEntry::kHasOnlineCount;
  }
}

std::vector<Emoji> CacheCore::read_emojis(const GuildEntry& g) const {
  std::vector<Emoji> out;
  if (!g.emojis.empty() && !unpack(g.emojis.view(), out)) out.clear();
  return out;
}

std::vector<Sticker> CacheCore::read_stickers(const GuildEntry& g) const {
  std::vector<Sticker> out;
  if (!g.stickers.empty() && !unpack(g.stickers.view(), out)) out.clear();
  return out;
}

Guild CacheCore::read_guild_locked(const GuildShard& s, const GuildEntry& g, GuildParts parts) const {
  (void)s;
  Guild out;
  if (!g.properties.empty()) unpack(g.properties.view(), out);
  out.id = Snowflake{g.id};
  out.unavailable = g.unavailable();
  if (g.bits & GuildEntry::kHasMemberCount) out.member_count = g.member_count;
  if (g.bits & GuildEntry::kHasOnlineCount) out.online_count = g.online_count;
  if (parts == GuildParts::All) {
    out.roles.reserve(g.roles.size());
    for (const RoleEntry& r : g.roles) out.roles.push_back(r.to_role());
    out.emojis = read_emojis(g);
    out.stickers = read_stickers(g);
    out.channels.reserve(g.channel_ids.size());
    for (Snowflake cid : g.channel_ids) {
      const ChannelShard& cs = cshard(cid.value());
      std::shared_lock lock(cs.mutex);
      const std::uint32_t ch = find_channel(cs, cid.value());
      if (ch != kNoHandle) out.channels.push_back(read_channel_locked(cs.channels[ch]));
    }
  }
  return out;
}

// ---------------------------------------------------------------- members

std::uint32_t CacheCore::find_member(const GuildShard& s, const GuildEntry& g, std::uint64_t user_id) {
  return g.members.find(hash_id(user_id), [&](std::uint32_t h) { return s.members[h].user_id == user_id; });
}

bool CacheCore::upsert_member_locked(GuildShard& s, std::uint32_t gh, const GuildMember& m, const User& u,
                                     std::optional<GuildMember>* before) {
  GuildEntry& g = s.guilds[gh];
  const std::uint64_t uid = u.id.value();
  std::uint32_t mh = find_member(s, g, uid);
  if (mh != kNoHandle) {
    if (before) *before = read_member_locked(s, mh);
    MemberEntry& e = s.members[mh];
    s.member_blob_bytes -= e.heap_bytes();
    e.assign(m, gh);
    e.user_id = uid;
    s.member_blob_bytes += e.heap_bytes();
    if (!s.role_lists.equals(e.roles, m.roles)) {
      const std::uint32_t fresh = s.role_lists.acquire(m.roles);
      s.role_lists.release(e.roles);
      e.roles = fresh;
    }
    user_update(u);
    return false;
  }
  mh = s.members.emplace();
  MemberEntry& e = s.members[mh];
  e.assign(m, gh);
  e.user_id = uid;
  e.roles = s.role_lists.acquire(m.roles);
  s.member_blob_bytes += e.heap_bytes();
  g.members.insert(hash_id(uid), mh, [&](std::uint32_t x) { return hash_id(s.members[x].user_id); });
  if (limited(kMember)) s.member_fifo.push_back(mh, take_seq());
  kinds[kMember].count.fetch_add(1, std::memory_order_relaxed);
  user_acquire(u);
  return true;
}

void CacheCore::remove_member_locked(GuildShard& s, std::uint32_t mh) {
  MemberEntry& e = s.members[mh];
  GuildEntry& g = s.guilds[e.guild_handle()];
  const std::uint64_t uid = e.user_id;
  g.members.erase(
      hash_id(uid), [&](std::uint32_t x) { return x == mh; },
      [&](std::uint32_t x) { return hash_id(s.members[x].user_id); });
  s.role_lists.release(e.roles);
  s.member_blob_bytes -= e.heap_bytes();
  if (limited(kMember)) s.member_fifo.unlink(mh);
  s.members.erase(mh);
  kinds[kMember].count.fetch_sub(1, std::memory_order_relaxed);
  user_release(uid);
}

GuildMember CacheCore::read_member_locked(const GuildShard& s, std::uint32_t mh) const {
  const MemberEntry& e = s.members[mh];
  GuildMember m = e.to_member(s.role_lists.ids(e.roles));
  if (auto u = read_user(e.user_id)) {
    m.user = std::move(*u);
  } else {
    m.user.emplace().id = Snowflake{e.user_id};
  }
  return m;
}

// ---------------------------------------------------------------- voice states

namespace {

bool same_connection(const VoiceEntry& e, const VoiceState& v) {
  return e.user_id == v.user_id.value() && e.has_connection_id == v.connection_id.has_value() &&
         (!e.has_connection_id || e.connection_id == *v.connection_id);
}

}  // namespace

VoiceState CacheCore::read_voice_state_locked(const GuildShard& s, const GuildEntry& g, const VoiceEntry& v) const {
  VoiceState out;
  unpack(v.data.view(), out);
  const std::uint32_t mh = find_member(s, g, v.user_id);
  if (mh != kNoHandle) out.member = read_member_locked(s, mh);
  return out;
}

std::optional<VoiceState> CacheCore::set_voice_state_locked(GuildShard& s, std::uint32_t gh, const VoiceState& v,
                                                            bool want_before) {
  if (v.member && v.user_id) {
    User u;
    if (v.member->user && v.member->user->id == v.user_id) u = *v.member->user;
    u.id = v.user_id;
    upsert_member_locked(s, gh, *v.member, u, nullptr);
  }
  GuildEntry& g = s.guilds[gh];
  auto it = std::find_if(g.voice_states.begin(), g.voice_states.end(),
                         [&](const VoiceEntry& e) { return same_connection(e, v); });
  std::optional<VoiceState> before;
  if (it != g.voice_states.end() && want_before) before = read_voice_state_locked(s, g, *it);
  if (!v.channel_id) {  // the connection left
    if (it != g.voice_states.end()) g.voice_states.erase(it);
    return before;
  }
  VoiceState stored = v;
  stored.member.reset();
  if (it == g.voice_states.end()) {
    VoiceEntry& e = g.voice_states.emplace_back();
    e.user_id = v.user_id.value();
    e.has_connection_id = v.connection_id.has_value();
    if (v.connection_id) e.connection_id = *v.connection_id;
    it = g.voice_states.end() - 1;
  }
  it->data = Blob{pack(stored)};
  return before;
}

}  // namespace fluxer
