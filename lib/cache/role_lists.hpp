#pragma once
// RoleLists: interned member role lists. Members of a guild share a handful of distinct
// role lists, so each member stores a 32-bit reference instead of a vector. One table per
// guild shard; lists are reference-counted and freed when the last member lets go. Order is
// kept as received (the cache hands back exactly what it was given).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <fluxer/core/snowflake.hpp>

#include "cache/handle_index.hpp"
#include "cache/slab.hpp"

namespace fluxer::cache_detail {

class RoleLists {
 public:
  /// A reference to this list (0 for the empty list), counted once more.
  std::uint32_t acquire(const std::vector<Snowflake>& ids);
  /// Drops one count of `ref` (0 is a no-op).
  void release(std::uint32_t ref) noexcept;
  /// The ids of `ref`.
  [[nodiscard]] std::vector<Snowflake> ids(std::uint32_t ref) const;
  /// True when list `ref` equals `ids`.
  [[nodiscard]] bool equals(std::uint32_t ref, const std::vector<Snowflake>& ids) const noexcept;
  /// Removes `role_id` from every list holding it (a deleted role leaves its members).
  void remove_role(Snowflake role_id);

  [[nodiscard]] std::size_t size() const noexcept { return slab_.size(); }
  [[nodiscard]] std::size_t heap_bytes() const noexcept;
  void clear() noexcept {
    slab_.clear();
    index_.clear();
    id_bytes_ = 0;
  }

 private:
  struct Entry {
    std::unique_ptr<std::uint64_t[]> ids;
    std::uint32_t count = 0;
    std::uint32_t refs = 0;
    std::uint64_t hash = 0;
  };
  static std::uint64_t hash_of(const std::uint64_t* ids, std::size_t n) noexcept;
  static std::uint64_t hash_of(const std::vector<Snowflake>& ids) noexcept;

  Slab<Entry> slab_;
  HandleIndex index_;
  std::size_t id_bytes_ = 0;
};

}  // namespace fluxer::cache_detail
