// Channels, and the messages cached for them.

#include <mutex>
#include <shared_mutex>

#include "cache/cache_impl.hpp"
#include "cache/pack.hpp"

namespace fluxer {

using namespace cache_detail;

std::uint32_t CacheCore::find_channel(const ChannelShard& s, std::uint64_t id) {
  return s.channel_index.find(hash_id(id), [&](std::uint32_t h) { return s.channels[h].id == id; });
}

void CacheCore::write_channel_locked(ChannelShard& s, ChannelEntry& e, const Channel& c) {
  s.channel_blob_bytes -= e.data.heap_bytes();
  e.data = Blob{pack(c)};
  s.channel_blob_bytes += e.data.heap_bytes();
  e.last_message_id = c.last_message_id ? c.last_message_id->value() : 0;
  e.bits &= static_cast<std::uint8_t>(~ChannelEntry::kLastMessageOverride);
}

Channel CacheCore::read_channel_locked(const ChannelEntry& e) const {
  Channel c;
  unpack(e.data.view(), c);
  c.id = Snowflake{e.id};
  if (e.guild_id != 0) c.guild_id = Snowflake{e.guild_id};
  if (e.bits & ChannelEntry::kLastMessageOverride) c.last_message_id = Snowflake{e.last_message_id};
  return c;
}

bool CacheCore::upsert_channel(const Channel& c, std::uint64_t guild_id, std::optional<Channel>* before) {
  const std::uint64_t id = c.id.value();
  ChannelShard& s = cshard(id);
  std::unique_lock lock(s.mutex);
  std::uint32_t h = find_channel(s, id);
  if (h != kNoHandle) {
    ChannelEntry& e = s.channels[h];
    if (before) *before = read_channel_locked(e);
    e.guild_id = guild_id;
    write_channel_locked(s, e, c);
    return false;
  }
  h = s.channels.emplace();
  ChannelEntry& e = s.channels[h];
  e.id = id;
  e.guild_id = guild_id;
  write_channel_locked(s, e, c);
  s.channel_index.insert(hash_id(id), h, [&](std::uint32_t x) { return hash_id(s.channels[x].id); });
  if (limited(kChannel)) s.channel_fifo.push_back(h, take_seq());
  kinds[kChannel].count.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void CacheCore::remove_channel_locked(ChannelShard& s, std::uint32_t h) {
  while (s.channels[h].msg_head != kNoHandle) remove_message_locked(s, s.channels[h].msg_head);
  ChannelEntry& e = s.channels[h];
  const std::uint64_t id = e.id;
  s.channel_blob_bytes -= e.data.heap_bytes();
  s.channel_index.erase(
      hash_id(id), [&](std::uint32_t x) { return x == h; }, [&](std::uint32_t x) { return hash_id(s.channels[x].id); });
  if (limited(kChannel)) s.channel_fifo.unlink(h);
  s.channels.erase(h);
  kinds[kChannel].count.fetch_sub(1, std::memory_order_relaxed);
}

std::optional<Channel> CacheCore::remove_channel(std::uint64_t id, bool want_before) {
  ChannelShard& s = cshard(id);
  std::unique_lock lock(s.mutex);
  const std::uint32_t h = find_channel(s, id);
  if (h == kNoHandle) return std::nullopt;
  std::optional<Channel> before;
  if (want_before) before = read_channel_locked(s.channels[h]);
  remove_channel_locked(s, h);
  return before;
}

// ---------------------------------------------------------------- messages

std::uint32_t CacheCore::find_message(const ChannelShard& s, std::uint64_t id) {
  return s.message_index.find(hash_id(id), [&](std::uint32_t h) { return s.messages[h].id == id; });
}

void CacheCore::write_message_locked(ChannelShard& s, MessageEntry& e, const Message& m) {
  s.message_blob_bytes -= e.data.heap_bytes();
  e.data = Blob{pack(m)};
  s.message_blob_bytes += e.data.heap_bytes();
}

Message CacheCore::read_message_locked(const MessageEntry& e) const {
  Message m;
  unpack(e.data.view(), m);
  return m;
}

void CacheCore::insert_message_locked(ChannelShard& s, std::uint32_t ch, const Message& m) {
  const std::uint32_t mh = s.messages.emplace();
  MessageEntry& e = s.messages[mh];
  e.id = m.id.value();
  e.channel = ch;
  write_message_locked(s, e, m);
  ChannelEntry& c = s.channels[ch];
  e.prev = c.msg_tail;
  e.next = kNoHandle;
  if (c.msg_tail != kNoHandle) {
    s.messages[c.msg_tail].next = mh;
  } else {
    c.msg_head = mh;
  }
  c.msg_tail = mh;
  ++c.msg_count;
  s.message_index.insert(hash_id(e.id), mh, [&](std::uint32_t x) { return hash_id(s.messages[x].id); });
  s.message_fifo.push_back(mh, take_seq());
  kinds[kMessage].count.fetch_add(1, std::memory_order_relaxed);
}

void CacheCore::remove_message_locked(ChannelShard& s, std::uint32_t mh) {
  MessageEntry& e = s.messages[mh];
  ChannelEntry& c = s.channels[e.channel];
  if (e.prev != kNoHandle) {
    s.messages[e.prev].next = e.next;
  } else {
    c.msg_head = e.next;
  }
  if (e.next != kNoHandle) {
    s.messages[e.next].prev = e.prev;
  } else {
    c.msg_tail = e.prev;
  }
  --c.msg_count;
  const std::uint64_t id = e.id;
  s.message_blob_bytes -= e.data.heap_bytes();
  s.message_index.erase(
      hash_id(id), [&](std::uint32_t x) { return x == mh; },
      [&](std::uint32_t x) { return hash_id(s.messages[x].id); });
  s.message_fifo.unlink(mh);
  s.messages.erase(mh);
  kinds[kMessage].count.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace fluxer
