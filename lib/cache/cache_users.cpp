// Users (stored once, reference-counted by members) and their presences.

#include <mutex>
#include <shared_mutex>

#include "cache/cache_impl.hpp"
#include "cache/pack.hpp"

namespace fluxer {

using namespace cache_detail;

std::uint32_t CacheCore::find_user(const UserShard& s, std::uint64_t id) {
  return s.user_index.find(hash_id(id), [&](std::uint32_t h) { return s.users[h].id == id; });
}

void CacheCore::user_assign_locked(UserShard& s, std::uint32_t h, const User& u) {
  UserEntry& e = s.users[h];
  s.user_string_bytes -= e.heap_bytes();
  e.assign(u);
  s.user_string_bytes += e.heap_bytes();
}

namespace {

std::uint32_t insert_user(CacheCore& impl, UserShard& s, const User& u) {
  const std::uint32_t h = s.users.emplace();
  impl.user_assign_locked(s, h, u);
  s.user_index.insert(hash_id(u.id.value()), h, [&](std::uint32_t x) { return hash_id(s.users[x].id); });
  if (impl.limited(CacheCore::kUser)) s.user_fifo.push_back(h, impl.take_seq());
  impl.kinds[CacheCore::kUser].count.fetch_add(1, std::memory_order_relaxed);
  return h;
}

}  // namespace

void CacheCore::user_remove_locked(UserShard& s, std::uint32_t h) {
  UserEntry& e = s.users[h];
  const std::uint64_t id = e.id;
  const bool pinned = (e.bits & UserEntry::kPinned) != 0;
  const std::uint32_t ph =
      s.presence_index.find(hash_id(id), [&](std::uint32_t x) { return s.presences[x].user_id == id; });
  if (ph != kNoHandle) {
    s.presence_blob_bytes -= s.presences[ph].custom_status.heap_bytes();
    s.presence_index.erase(
        hash_id(id), [&](std::uint32_t x) { return x == ph; },
        [&](std::uint32_t x) { return hash_id(s.presences[x].user_id); });
    s.presences.erase(ph);
  }
  s.user_index.erase(
      hash_id(id), [&](std::uint32_t x) { return x == h; }, [&](std::uint32_t x) { return hash_id(s.users[x].id); });
  if (!pinned) {
    if (limited(kUser)) s.user_fifo.unlink(h);
    kinds[kUser].count.fetch_sub(1, std::memory_order_relaxed);
  }
  s.user_string_bytes -= e.heap_bytes();
  s.users.erase(h);
}

void CacheCore::user_acquire(const User& u) {
  UserShard& s = ushard(u.id.value());
  std::unique_lock lock(s.mutex);
  std::uint32_t h = find_user(s, u.id.value());
  if (h == kNoHandle) {
    h = insert_user(*this, s, u);
  } else if (!is_id_only(u)) {
    user_assign_locked(s, h, u);
  }
  ++s.users[h].refs;
}

void CacheCore::user_release(std::uint64_t id) {
  UserShard& s = ushard(id);
  std::unique_lock lock(s.mutex);
  const std::uint32_t h = find_user(s, id);
  if (h == kNoHandle) return;
  UserEntry& e = s.users[h];
  if (e.refs > 0) --e.refs;
  if (e.refs == 0 && !(e.bits & UserEntry::kPinned)) user_remove_locked(s, h);
}

void CacheCore::user_update(const User& u) {
  if (is_id_only(u)) return;
  UserShard& s = ushard(u.id.value());
  std::unique_lock lock(s.mutex);
  const std::uint32_t h = find_user(s, u.id.value());
  if (h != kNoHandle) user_assign_locked(s, h, u);
}

bool CacheCore::user_put(const User& u) {
  UserShard& s = ushard(u.id.value());
  std::unique_lock lock(s.mutex);
  const std::uint32_t h = find_user(s, u.id.value());
  if (h == kNoHandle) {
    insert_user(*this, s, u);
    return true;
  }
  if (!is_id_only(u)) user_assign_locked(s, h, u);
  return false;
}

void CacheCore::user_pin(const User& u, std::uint64_t old_id) {
  if (old_id != 0 && old_id != u.id.value()) {
    UserShard& s = ushard(old_id);
    std::unique_lock lock(s.mutex);
    const std::uint32_t h = find_user(s, old_id);
    if (h != kNoHandle && (s.users[h].bits & UserEntry::kPinned)) {
      UserEntry& e = s.users[h];
      if (e.refs == 0) {
        user_remove_locked(s, h);  // still pinned: not in the order list, not counted
      } else {
        // A member still references the old account: it becomes an ordinary user.
        e.bits &= static_cast<std::uint8_t>(~UserEntry::kPinned);
        if (limited(kUser)) s.user_fifo.push_back(h, take_seq());
        kinds[kUser].count.fetch_add(1, std::memory_order_relaxed);
      }
    }
  }
  UserShard& s = ushard(u.id.value());
  std::unique_lock lock(s.mutex);
  std::uint32_t h = find_user(s, u.id.value());
  if (h == kNoHandle)
    h = insert_user(*this, s, u);
  else
    user_assign_locked(s, h, u);
  UserEntry& e = s.users[h];
  if (!(e.bits & UserEntry::kPinned)) {
    e.bits |= UserEntry::kPinned;
    if (limited(kUser)) s.user_fifo.unlink(h);
    kinds[kUser].count.fetch_sub(1, std::memory_order_relaxed);
  }
}

std::optional<User> CacheCore::read_user(std::uint64_t id) const {
  const UserShard& s = ushard(id);
  std::shared_lock lock(s.mutex);
  const std::uint32_t h = find_user(s, id);
  if (h == kNoHandle) return std::nullopt;
  return s.users[h].to_user();
}

void CacheCore::presence_set(const Presence& p, std::optional<Snowflake> batch_guild) {
  const std::uint64_t id = p.user.id.value();
  UserShard& s = ushard(id);
  std::unique_lock lock(s.mutex);
  if (find_user(s, id) == kNoHandle) return;  // presences are kept for cached users only
  std::uint32_t ph = s.presence_index.find(hash_id(id), [&](std::uint32_t x) { return s.presences[x].user_id == id; });
  if (ph == kNoHandle) {
    ph = s.presences.emplace();
    s.presences[ph].user_id = id;
    s.presence_index.insert(hash_id(id), ph, [&](std::uint32_t x) { return hash_id(s.presences[x].user_id); });
  }
  PresenceEntry& e = s.presences[ph];
  e.status = static_cast<std::uint8_t>(p.status);
  e.bits = static_cast<std::uint8_t>((p.mobile ? PresenceEntry::kMobile : 0) | (p.afk ? PresenceEntry::kAfk : 0));
  const std::optional<Snowflake> guild = p.guild_id ? p.guild_id : batch_guild;
  e.guild_id = guild ? guild->value() : 0;
  if (guild) e.bits |= PresenceEntry::kHasGuild;
  s.presence_blob_bytes -= e.custom_status.heap_bytes();
  e.custom_status = p.custom_status ? Blob{pack(*p.custom_status)} : Blob{};
  s.presence_blob_bytes += e.custom_status.heap_bytes();
}

std::optional<Presence> CacheCore::read_presence(std::uint64_t user_id) const {
  const UserShard& s = ushard(user_id);
  std::shared_lock lock(s.mutex);
  const std::uint32_t ph =
      s.presence_index.find(hash_id(user_id), [&](std::uint32_t x) { return s.presences[x].user_id == user_id; });
  if (ph == kNoHandle) return std::nullopt;
  const PresenceEntry& e = s.presences[ph];
  Presence p;
  const std::uint32_t uh = find_user(s, user_id);
  if (uh != kNoHandle) p.user = s.users[uh].to_user();
  p.user.id = Snowflake{user_id};
  p.status = static_cast<PresenceStatus>(e.status);
  p.mobile = (e.bits & PresenceEntry::kMobile) != 0;
  p.afk = (e.bits & PresenceEntry::kAfk) != 0;
  if (e.bits & PresenceEntry::kHasGuild) p.guild_id = Snowflake{e.guild_id};
  if (!e.custom_status.empty()) {
    CustomStatus cs;
    if (unpack(e.custom_status.view(), cs)) p.custom_status = std::move(cs);
  }
  return p;
}

}  // namespace fluxer
