#pragma once
// HandleIndex: an open-addressing hash index from a key to a 32-bit slab handle. It stores
// no keys: each bucket is a handle plus a 7-bit tag from the key's hash, so a lookup reads
// the slab entry only when the tag matches. Linear probing, backward-shift deletion (no
// tombstones), grows past 3/4 load and shrinks below 1/8. 5 bytes per bucket.
//
// The caller supplies `eq(handle)` (does this entry hold the key?) and `hash_of(handle)`
// (the hash of the key an entry holds; needed to move entries on erase and resize).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

#include "cache/chunked_storage.hpp"

namespace fluxer::cache_detail {

class HandleIndex {
 public:
  HandleIndex() = default;
  HandleIndex(const HandleIndex&) = delete;
  HandleIndex& operator=(const HandleIndex&) = delete;
  HandleIndex(HandleIndex&& o) noexcept : mem_(std::move(o.mem_)), cap_(o.cap_), size_(o.size_) {
    o.cap_ = o.size_ = 0;
  }
  HandleIndex& operator=(HandleIndex&& o) noexcept {
    mem_ = std::move(o.mem_);
    cap_ = o.cap_;
    size_ = o.size_;
    o.cap_ = o.size_ = 0;
    return *this;
  }

  [[nodiscard]] std::uint32_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  /// The handle whose entry `eq` accepts, or kNoHandle.
  template <class Eq>
  [[nodiscard]] std::uint32_t find(std::uint64_t hash, Eq&& eq) const {
    if (cap_ == 0) return kNoHandle;
    const std::uint32_t mask = cap_ - 1;
    const std::uint8_t t = tag(hash);
    for (std::uint32_t i = home(hash);; i = (i + 1) & mask) {
      const std::uint8_t ti = tags()[i];
      if (ti == 0) return kNoHandle;
      if (ti == t && eq(handles()[i])) return handles()[i];
    }
  }

  /// Adds a handle (its key must not be present yet).
  template <class HashOf>
  void insert(std::uint64_t hash, std::uint32_t handle, HashOf&& hash_of) {
    if ((size_ + 1) * 4 > cap_ * 3) rehash(cap_ == 0 ? 8 : cap_ * 2, hash_of);
    place(hash, handle);
    ++size_;
  }

  /// Removes the bucket whose handle `eq` accepts; false if none.
  template <class Eq, class HashOf>
  bool erase(std::uint64_t hash, Eq&& eq, HashOf&& hash_of) {
    if (cap_ == 0) return false;
    const std::uint32_t mask = cap_ - 1;
    const std::uint8_t t = tag(hash);
    std::uint32_t i = home(hash);
    for (;; i = (i + 1) & mask) {
      const std::uint8_t ti = tags()[i];
      if (ti == 0) return false;
      if (ti == t && eq(handles()[i])) break;
    }
    // Backward shift: pull later members of the cluster into the hole when that does not
    // move them before their home bucket.
    std::uint32_t hole = i;
    for (std::uint32_t j = (hole + 1) & mask; tags()[j] != 0; j = (j + 1) & mask) {
      const std::uint32_t h = home(hash_of(handles()[j]));
      if (((j - h) & mask) >= ((j - hole) & mask)) {
        tags()[hole] = tags()[j];
        handles()[hole] = handles()[j];
        hole = j;
      }
    }
    tags()[hole] = 0;
    --size_;
    if (size_ == 0) {
      clear();
    } else if (cap_ > 8 && size_ * 8 < cap_) {
      rehash(cap_ / 2, hash_of);
    }
    return true;
  }

  /// Calls f(handle) for every entry.
  template <class F>
  void for_each(F&& f) const {
    for (std::uint32_t i = 0; i < cap_; ++i)
      if (tags()[i] != 0) f(handles()[i]);
  }

  void clear() noexcept {
    mem_.reset();
    cap_ = size_ = 0;
  }

  [[nodiscard]] std::size_t heap_bytes() const noexcept { return std::size_t{cap_} * kBucketBytes; }

 private:
  static constexpr std::size_t kBucketBytes = sizeof(std::uint32_t) + sizeof(std::uint8_t);

  static std::uint8_t tag(std::uint64_t hash) noexcept { return static_cast<std::uint8_t>(0x80u | (hash >> 57)); }
  [[nodiscard]] std::uint32_t home(std::uint64_t hash) const noexcept {
    return static_cast<std::uint32_t>(hash) & (cap_ - 1);
  }
  [[nodiscard]] std::uint32_t* handles() const noexcept { return reinterpret_cast<std::uint32_t*>(mem_.get()); }
  [[nodiscard]] std::uint8_t* tags() const noexcept {
    return reinterpret_cast<std::uint8_t*>(mem_.get() + std::size_t{cap_} * sizeof(std::uint32_t));
  }

  void place(std::uint64_t hash, std::uint32_t handle) noexcept {
    const std::uint32_t mask = cap_ - 1;
    std::uint32_t i = home(hash);
    while (tags()[i] != 0) i = (i + 1) & mask;
    tags()[i] = tag(hash);
    handles()[i] = handle;
  }

  template <class HashOf>
  void rehash(std::uint32_t new_cap, HashOf& hash_of) {
    std::unique_ptr<std::byte[]> old = std::move(mem_);
    const std::uint32_t old_cap = cap_;
    mem_ = std::make_unique<std::byte[]>(std::size_t{new_cap} * kBucketBytes);  // zeroed: all empty
    cap_ = new_cap;
    if (!old) return;
    const auto* old_handles = reinterpret_cast<const std::uint32_t*>(old.get());
    const auto* old_tags =
        reinterpret_cast<const std::uint8_t*>(old.get() + std::size_t{old_cap} * sizeof(std::uint32_t));
    for (std::uint32_t i = 0; i < old_cap; ++i)
      if (old_tags[i] != 0) place(hash_of(old_handles[i]), old_handles[i]);
  }

  std::unique_ptr<std::byte[]> mem_;
  std::uint32_t cap_ = 0;
  std::uint32_t size_ = 0;
};

}  // namespace fluxer::cache_detail
