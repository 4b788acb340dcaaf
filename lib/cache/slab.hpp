#pragma once
// Slab<T>: objects addressed by stable 32-bit handles, on chunked storage, with a free list.
// Handles are reused after erase. Entries never move while they live.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "cache/chunked_storage.hpp"

namespace fluxer::cache_detail {

template <class T>
class Slab {
 public:
  Slab() = default;
  Slab(const Slab&) = delete;
  Slab& operator=(const Slab&) = delete;
  ~Slab() { clear(); }

  /// Constructs a T and returns its handle.
  template <class... Args>
  std::uint32_t emplace(Args&&... args) {
    std::uint32_t h;
    if (!free_.empty()) {
      h = free_.back();
      free_.pop_back();
    } else {
      h = high_water_++;
      storage_.ensure(high_water_);
      if (live_.size() * 64 < high_water_) live_.push_back(0);
    }
    new (storage_.slot(h)) T(std::forward<Args>(args)...);
    live_[h >> 6] |= bit(h);
    ++size_;
    return h;
  }

  /// Destroys the entry; its handle becomes free. Releases all memory when the slab empties.
  void erase(std::uint32_t h) noexcept {
    storage_.slot(h)->~T();
    live_[h >> 6] &= ~bit(h);
    --size_;
    if (size_ == 0) {
      reset();
    } else {
      free_.push_back(h);
    }
  }

  [[nodiscard]] T& operator[](std::uint32_t h) noexcept { return *storage_.slot(h); }
  [[nodiscard]] const T& operator[](std::uint32_t h) const noexcept { return *storage_.slot(h); }
  [[nodiscard]] bool live(std::uint32_t h) const noexcept { return h < high_water_ && (live_[h >> 6] & bit(h)) != 0; }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// One past the highest handle ever handed out since the slab was last empty.
  [[nodiscard]] std::uint32_t high_water() const noexcept { return high_water_; }

  /// Calls f(handle, T&) for every live entry.
  template <class F>
  void for_each(F&& f) {
    for (std::uint32_t w = 0; w < live_.size(); ++w) {
      std::uint64_t bits = live_[w];
      while (bits != 0) {
        const auto b = static_cast<std::uint32_t>(__builtin_ctzll(bits));
        bits &= bits - 1;
        const std::uint32_t h = w * 64 + b;
        f(h, (*this)[h]);
      }
    }
  }
  template <class F>
  void for_each(F&& f) const {
    for (std::uint32_t w = 0; w < live_.size(); ++w) {
      std::uint64_t bits = live_[w];
      while (bits != 0) {
        const auto b = static_cast<std::uint32_t>(__builtin_ctzll(bits));
        bits &= bits - 1;
        const std::uint32_t h = w * 64 + b;
        f(h, (*this)[h]);
      }
    }
  }

  /// Destroys every entry and frees all memory.
  void clear() noexcept {
    if (size_ != 0) for_each([](std::uint32_t, T& v) { v.~T(); });
    reset();
  }

  /// Heap bytes of the slab itself (slots, liveness bits, free list); not what entries own.
  [[nodiscard]] std::size_t heap_bytes() const noexcept {
    return storage_.heap_bytes() + live_.capacity() * sizeof(std::uint64_t) + free_.capacity() * sizeof(std::uint32_t);
  }

 private:
  static constexpr std::uint64_t bit(std::uint32_t h) noexcept { return std::uint64_t{1} << (h & 63); }

  void reset() noexcept {
    storage_.release();
    live_.clear();
    live_.shrink_to_fit();
    free_.clear();
    free_.shrink_to_fit();
    high_water_ = 0;
    size_ = 0;
  }

  ChunkedStorage<T> storage_;
  std::vector<std::uint64_t> live_;
  std::vector<std::uint32_t> free_;
  std::uint32_t high_water_ = 0;
  std::size_t size_ = 0;
};

}  // namespace fluxer::cache_detail
