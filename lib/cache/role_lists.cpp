#include "cache/role_lists.hpp"

#include <algorithm>
#include <functional>

namespace fluxer::cache_detail {

namespace {
std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  h ^= std::hash<Snowflake>{}(Snowflake{v}) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}
}  // namespace

std::uint64_t RoleLists::hash_of(const std::uint64_t* ids, std::size_t n) noexcept {
  std::uint64_t h = n;
  for (std::size_t i = 0; i < n; ++i) h = mix(h, ids[i]);
  return std::hash<Snowflake>{}(Snowflake{h});
}

std::uint64_t RoleLists::hash_of(const std::vector<Snowflake>& ids) noexcept {
  std::uint64_t h = ids.size();
  for (Snowflake id : ids) h = mix(h, id.value());
  return std::hash<Snowflake>{}(Snowflake{h});
}

bool RoleLists::equals(std::uint32_t ref, const std::vector<Snowflake>& ids) const noexcept {
  if (ref == 0) return ids.empty();
  const Entry& e = slab_[ref - 1];
  if (e.count != ids.size()) return false;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (e.ids[i] != ids[i].value()) return false;
  return true;
}

std::uint32_t RoleLists::acquire(const std::vector<Snowflake>& ids) {
  if (ids.empty()) return 0;
  const std::uint64_t h = hash_of(ids);
  const std::uint32_t found = index_.find(h, [&](std::uint32_t x) { return equals(x + 1, ids); });
  if (found != kNoHandle) {
    ++slab_[found].refs;
    return found + 1;
  }
  Entry e;
  e.count = static_cast<std::uint32_t>(ids.size());
  e.ids = std::make_unique<std::uint64_t[]>(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) e.ids[i] = ids[i].value();
  e.refs = 1;
  e.hash = h;
  id_bytes_ += ids.size() * sizeof(std::uint64_t);
  const std::uint32_t handle = slab_.emplace(std::move(e));
  index_.insert(h, handle, [&](std::uint32_t x) { return slab_[x].hash; });
  return handle + 1;
}

void RoleLists::release(std::uint32_t ref) noexcept {
  if (ref == 0) return;
  const std::uint32_t handle = ref - 1;
  Entry& e = slab_[handle];
  if (--e.refs != 0) return;
  index_.erase(
      e.hash, [&](std::uint32_t x) { return x == handle; }, [&](std::uint32_t x) { return slab_[x].hash; });
  id_bytes_ -= std::size_t{e.count} * sizeof(std::uint64_t);
  slab_.erase(handle);
}

std::vector<Snowflake> RoleLists::ids(std::uint32_t ref) const {
  std::vector<Snowflake> out;
  if (ref == 0) return out;
  const Entry& e = slab_[ref - 1];
  out.reserve(e.count);
  for (std::uint32_t i = 0; i < e.count; ++i) out.emplace_back(e.ids[i]);
  return out;
}

void RoleLists::remove_role(Snowflake role_id) {
  std::vector<std::uint32_t> touched;
  slab_.for_each([&](std::uint32_t h, Entry& e) {
    if (std::find(e.ids.get(), e.ids.get() + e.count, role_id.value()) != e.ids.get() + e.count) touched.push_back(h);
  });
  auto hash_at = [&](std::uint32_t x) { return slab_[x].hash; };
  for (std::uint32_t h : touched) {
    Entry& e = slab_[h];
    index_.erase(
        e.hash, [&](std::uint32_t x) { return x == h; }, hash_at);
    std::uint64_t* end = std::remove(e.ids.get(), e.ids.get() + e.count, role_id.value());
    const auto n = static_cast<std::uint32_t>(end - e.ids.get());
    auto shorter = std::make_unique<std::uint64_t[]>(n);
    std::copy(e.ids.get(), end, shorter.get());
    id_bytes_ -= std::size_t{e.count - n} * sizeof(std::uint64_t);
    e.ids = std::move(shorter);
    e.count = n;
    e.hash = hash_of(e.ids.get(), n);
    // A list may now equal another one; both stay valid (interning is only an economy).
    index_.insert(e.hash, h, hash_at);
  }
}

std::size_t RoleLists::heap_bytes() const noexcept {
  return slab_.heap_bytes() + index_.heap_bytes() + id_bytes_;
}

}  // namespace fluxer::cache_detail
