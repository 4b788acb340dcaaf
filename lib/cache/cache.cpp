// Cache: construction, the public calls, reads, stats and clear.

#include <fluxer/cache/cache.hpp>

#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include "cache/cache_impl.hpp"
#include "cache/pack.hpp"

namespace fluxer {

using namespace cache_detail;

// ---------------------------------------------------------------- CacheCore

CacheCore::CacheCore(CacheOptions opts) : options(opts), shard_count(std::max<std::size_t>(1, opts.shards)) {
  options.shards = shard_count;
  for (std::size_t i = 0; i < shard_count; ++i) {
    gshards.push_back(std::make_unique<GuildShard>());
    cshards.push_back(std::make_unique<ChannelShard>());
    ushards.push_back(std::make_unique<UserShard>());
  }
  kinds[kGuild].limit = options.guilds;
  kinds[kChannel].limit = options.channels;
  kinds[kMember].limit = options.members;
  kinds[kUser].limit = options.users;
  kinds[kMessage].limit = options.messages;
}

CacheCore::~CacheCore() = default;

void CacheCore::clear() {
  std::vector<std::unique_lock<std::shared_mutex>> locks;
  locks.reserve(3 * shard_count);
  for (auto& s : gshards) locks.emplace_back(s->mutex);
  for (auto& s : cshards) locks.emplace_back(s->mutex);
  for (auto& s : ushards) locks.emplace_back(s->mutex);
  for (auto& s : gshards) {
    s->guilds.clear();
    s->guild_index.clear();
    s->guild_fifo.clear();
    s->members.clear();
    s->member_fifo.clear();
    s->role_lists.clear();
    s->member_blob_bytes = 0;
  }
  for (auto& s : cshards) {
    s->channels.clear();
    s->channel_index.clear();
    s->channel_fifo.clear();
    s->messages.clear();
    s->message_index.clear();
    s->message_fifo.clear();
    s->channel_blob_bytes = 0;
    s->message_blob_bytes = 0;
  }
  for (auto& s : ushards) {
    s->users.clear();
    s->user_index.clear();
    s->user_fifo.clear();
    s->presences.clear();
    s->presence_index.clear();
    s->user_string_bytes = 0;
    s->presence_blob_bytes = 0;
  }
  for (auto& k : kinds) k.count.store(0);
  std::lock_guard lock(current_mutex);
  current.reset();
  current_user_id.store(0);
}

CacheStats CacheCore::stats() const {
  CacheStats st;
  for (const auto& sp : gshards) {
    const GuildShard& s = *sp;
    std::shared_lock lock(s.mutex);
    st.guilds.count += s.guilds.size();
    st.guilds.bytes += s.guilds.heap_bytes() + s.guild_index.heap_bytes() + s.guild_fifo.heap_bytes();
    st.members.count += s.members.size();
    st.members.bytes +=
        s.members.heap_bytes() + s.member_fifo.heap_bytes() + s.role_lists.heap_bytes() + s.member_blob_bytes;
    s.guilds.for_each([&](std::uint32_t, const GuildEntry& g) {
      st.guilds.bytes += g.properties.heap_bytes() + g.channel_ids.capacity() * sizeof(Snowflake);
      st.roles.count += g.roles.size();
      st.roles.bytes += g.roles.capacity() * sizeof(RoleEntry);
      for (const RoleEntry& r : g.roles) st.roles.bytes += r.heap_bytes();
      st.emojis.count += g.emoji_count;
      st.emojis.bytes += g.emojis.heap_bytes();
      st.stickers.count += g.sticker_count;
      st.stickers.bytes += g.stickers.heap_bytes();
      st.voice_states.count += g.voice_states.size();
      st.voice_states.bytes += g.voice_states.capacity() * sizeof(VoiceEntry);
      for (const VoiceEntry& v : g.voice_states) {
        st.voice_states.bytes += v.data.heap_bytes();
        if (v.connection_id.capacity() > 15) st.voice_states.bytes += v.connection_id.capacity() + 1;
      }
      st.members.bytes += g.members.heap_bytes();
    });
  }
  for (const auto& sp : cshards) {
    const ChannelShard& s = *sp;
    std::shared_lock lock(s.mutex);
    st.channels.count += s.channels.size();
    st.channels.bytes +=
        s.channels.heap_bytes() + s.channel_index.heap_bytes() + s.channel_fifo.heap_bytes() + s.channel_blob_bytes;
    st.messages.count += s.messages.size();
    st.messages.bytes +=
        s.messages.heap_bytes() + s.message_index.heap_bytes() + s.message_fifo.heap_bytes() + s.message_blob_bytes;
  }
  for (const auto& sp : ushards) {
    const UserShard& s = *sp;
    std::shared_lock lock(s.mutex);
    st.users.count += s.users.size();
    st.users.bytes += s.users.heap_bytes() + s.user_index.heap_bytes() + s.user_fifo.heap_bytes() + s.user_string_bytes;
    st.presences.count += s.presences.size();
    st.presences.bytes += s.presences.heap_bytes() + s.presence_index.heap_bytes() + s.presence_blob_bytes;
  }
  st.guilds.evicted = kinds[kGuild].evicted.load();
  st.channels.evicted = kinds[kChannel].evicted.load();
  st.members.evicted = kinds[kMember].evicted.load();
  st.users.evicted = kinds[kUser].evicted.load();
  st.messages.evicted = kinds[kMessage].evicted.load();
  return st;
}

// ---------------------------------------------------------------- Cache

Cache::Cache(CacheOptions options) : impl_(std::make_unique<CacheCore>(options)) {}
Cache::~Cache() = default;

const CacheOptions& Cache::options() const noexcept {
  return impl_->options;
}

CacheUpdate Cache::apply(const DispatchEvent& event, BeforeValues before) {
  return impl_->apply(event, before);
}

void Cache::put(const Guild& guild) {
  impl_->put_guild(guild, false);
}
void Cache::put(const Channel& channel) {
  impl_->put_channel(channel, false);
}

void Cache::put(const Role& role, Snowflake guild_id) {
  {
    CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t gh = CacheCore::find_guild(s, guild_id.value());
    if (gh == kNoHandle) return;
    impl_->upsert_role_locked(s.guilds[gh], role, false);
  }
}

bool Cache::put(const GuildMember& member, Snowflake guild_id) {
  if (!member.user || member.user->id.empty()) return false;
  return impl_->put_member(guild_id, member, *member.user, false, nullptr);
}

void Cache::put(const User& user) {
  if (user.id.empty()) return;
  if (impl_->user_put(user)) impl_->enforce_limits();
}

void Cache::put(const CurrentUser& user) {
  if (user.id.empty()) return;
  impl_->put_current_user(user);
}

void Cache::put(const Message& message) {
  impl_->put_message(message, false);
}

void Cache::clear() {
  impl_->clear();
}

std::optional<CurrentUser> Cache::current_user() const {
  std::lock_guard lock(impl_->current_mutex);
  return impl_->current;
}

std::optional<Guild> Cache::guild(Snowflake guild_id, GuildParts parts) const {
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return std::nullopt;
  return impl_->read_guild_locked(s, s.guilds[h], parts);
}

std::optional<Timestamp> Cache::guild_joined_at(Snowflake guild_id) const {
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle || s.guilds[h].joined_at == kNoTime) return std::nullopt;
  return Timestamp{std::chrono::microseconds{s.guilds[h].joined_at}};
}

std::vector<Snowflake> Cache::guild_ids() const {
  std::vector<Snowflake> out;
  for (const auto& sp : impl_->gshards) {
    std::shared_lock lock(sp->mutex);
    sp->guilds.for_each([&](std::uint32_t, const CacheCore::GuildEntry& g) { out.emplace_back(g.id); });
  }
  return out;
}

std::optional<Channel> Cache::channel(Snowflake channel_id) const {
  const CacheCore::ChannelShard& s = impl_->cshard(channel_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_channel(s, channel_id.value());
  if (h == kNoHandle) return std::nullopt;
  return impl_->read_channel_locked(s.channels[h]);
}

std::vector<Channel> Cache::channels(Snowflake guild_id) const {
  std::vector<Channel> out;
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return out;
  const auto& ids = s.guilds[h].channel_ids;
  out.reserve(ids.size());
  for (Snowflake cid : ids) {
    const CacheCore::ChannelShard& cs = impl_->cshard(cid.value());
    std::shared_lock clock(cs.mutex);
    const std::uint32_t ch = CacheCore::find_channel(cs, cid.value());
    if (ch != kNoHandle) out.push_back(impl_->read_channel_locked(cs.channels[ch]));
  }
  return out;
}

std::vector<Channel> Cache::private_channels() const {
  std::vector<Channel> out;
  for (const auto& sp : impl_->cshards) {
    std::shared_lock lock(sp->mutex);
    sp->channels.for_each([&](std::uint32_t, const CacheCore::ChannelEntry& c) {
      if (c.guild_id == 0) out.push_back(impl_->read_channel_locked(c));
    });
  }
  return out;
}

std::optional<Role> Cache::role(Snowflake guild_id, Snowflake role_id) const {
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return std::nullopt;
  for (const RoleEntry& r : s.guilds[h].roles)
    if (r.id == role_id.value()) return r.to_role();
  return std::nullopt;
}

std::vector<Role> Cache::roles(Snowflake guild_id) const {
  std::vector<Role> out;
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return out;
  out.reserve(s.guilds[h].roles.size());
  for (const RoleEntry& r : s.guilds[h].roles) out.push_back(r.to_role());
  return out;
}

std::vector<Emoji> Cache::emojis(Snowflake guild_id) const {
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return {};
  return impl_->read_emojis(s.guilds[h]);
}

std::vector<Sticker> Cache::stickers(Snowflake guild_id) const {
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return {};
  return impl_->read_stickers(s.guilds[h]);
}

std::optional<User> Cache::user(Snowflake user_id) const {
  return impl_->read_user(user_id.value());
}

std::optional<GuildMember> Cache::member(Snowflake guild_id, Snowflake user_id) const {
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return std::nullopt;
  const std::uint32_t mh = CacheCore::find_member(s, s.guilds[h], user_id.value());
  if (mh == kNoHandle) return std::nullopt;
  return impl_->read_member_locked(s, mh);
}

std::vector<GuildMember> Cache::members(Snowflake guild_id) const {
  std::vector<GuildMember> out;
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return out;
  out.reserve(s.guilds[h].members.size());
  s.guilds[h].members.for_each([&](std::uint32_t mh) { out.push_back(impl_->read_member_locked(s, mh)); });
  return out;
}

std::optional<Message> Cache::message(Snowflake channel_id, Snowflake message_id) const {
  const CacheCore::ChannelShard& s = impl_->cshard(channel_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t mh = CacheCore::find_message(s, message_id.value());
  if (mh == kNoHandle || s.channels[s.messages[mh].channel].id != channel_id.value()) return std::nullopt;
  return impl_->read_message_locked(s.messages[mh]);
}

std::vector<Message> Cache::messages(Snowflake channel_id) const {
  std::vector<Message> out;
  const CacheCore::ChannelShard& s = impl_->cshard(channel_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t ch = CacheCore::find_channel(s, channel_id.value());
  if (ch == kNoHandle) return out;
  out.reserve(s.channels[ch].msg_count);
  for (std::uint32_t mh = s.channels[ch].msg_head; mh != kNoHandle; mh = s.messages[mh].next)
    out.push_back(impl_->read_message_locked(s.messages[mh]));
  return out;
}

std::vector<VoiceState> Cache::voice_states(Snowflake guild_id) const {
  std::vector<VoiceState> out;
  const CacheCore::GuildShard& s = impl_->gshard(guild_id.value());
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = CacheCore::find_guild(s, guild_id.value());
  if (h == kNoHandle) return out;
  const CacheCore::GuildEntry& g = s.guilds[h];
  out.reserve(g.voice_states.size());
  for (const VoiceEntry& v : g.voice_states) out.push_back(impl_->read_voice_state_locked(s, g, v));
  return out;
}

std::optional<Presence> Cache::presence(Snowflake user_id) const {
  return impl_->read_presence(user_id.value());
}

CacheStats Cache::stats() const {
  return impl_->stats();
}

}  // namespace fluxer
