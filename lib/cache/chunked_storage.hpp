#pragma once
// Chunked raw storage addressed by 32-bit handles: the backing store of every slab in the
// cache. Chunks never move, so a slot's address is stable while it lives, and growing a
// store never copies its entries (no doubling spike, no 2x slack). Chunk i holds
// 16 << min(i, 8) slots: small stores stay small, large ones grow 4,096 slots at a time.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace fluxer::cache_detail {

/// Handle value meaning "none".
inline constexpr std::uint32_t kNoHandle = 0xFFFFFFFFu;

/// Where handle h lives: chunk sizes 16, 32, ..., 4096, then 4096 each.
struct ChunkGeometry {
  static constexpr std::uint32_t kFirstShift = 4;
  static constexpr std::uint32_t kGrowthSteps = 8;
  static constexpr std::uint32_t kMaxChunk = 1u << (kFirstShift + kGrowthSteps);
  /// Slots in the growing chunks 0..kGrowthSteps together.
  static constexpr std::uint32_t kGrowingTotal = (1u << kFirstShift) * ((1u << (kGrowthSteps + 1)) - 1);

  static constexpr std::uint32_t chunk_size(std::uint32_t i) noexcept {
    return 1u << (kFirstShift + std::min(i, kGrowthSteps));
  }
  /// {chunk index, offset in chunk}.
  static constexpr std::pair<std::uint32_t, std::uint32_t> locate(std::uint32_t h) noexcept {
    if (h < kGrowingTotal) {
      const std::uint32_t q = (h >> kFirstShift) + 1;
      const auto i = static_cast<std::uint32_t>(std::bit_width(q) - 1);
      const std::uint32_t base = (1u << kFirstShift) * ((1u << i) - 1);
      return {i, h - base};
    }
    const std::uint32_t r = h - kGrowingTotal;
    return {kGrowthSteps + 1 + r / kMaxChunk, r % kMaxChunk};
  }
};

/// Uninitialised slots for T; the owner constructs and destroys the objects in them.
template <class T>
class ChunkedStorage {
 public:
  ChunkedStorage() = default;
  ChunkedStorage(const ChunkedStorage&) = delete;
  ChunkedStorage& operator=(const ChunkedStorage&) = delete;
  ChunkedStorage(ChunkedStorage&&) noexcept = default;
  ChunkedStorage& operator=(ChunkedStorage&&) noexcept = default;

  /// Makes handles 0..n-1 addressable.
  void ensure(std::uint32_t n) {
    while (capacity_ < n) {
      const auto size = ChunkGeometry::chunk_size(static_cast<std::uint32_t>(chunks_.size()));
      chunks_.push_back(std::make_unique_for_overwrite<Raw[]>(size));
      capacity_ += size;
    }
  }

  [[nodiscard]] T* slot(std::uint32_t h) noexcept {
    const auto [c, off] = ChunkGeometry::locate(h);
    return std::launder(reinterpret_cast<T*>(&chunks_[c][off]));
  }
  [[nodiscard]] const T* slot(std::uint32_t h) const noexcept {
    const auto [c, off] = ChunkGeometry::locate(h);
    return std::launder(reinterpret_cast<const T*>(&chunks_[c][off]));
  }

  [[nodiscard]] std::uint32_t capacity() const noexcept { return capacity_; }

  /// Bytes this storage holds on the heap (chunks and the chunk table).
  [[nodiscard]] std::size_t heap_bytes() const noexcept {
    return std::size_t{capacity_} * sizeof(Raw) + chunks_.capacity() * sizeof(chunks_[0]);
  }

  /// Frees every chunk (the owner has destroyed the objects).
  void release() noexcept {
    chunks_.clear();
    chunks_.shrink_to_fit();
    capacity_ = 0;
  }

 private:
  struct alignas(T) Raw {
    std::byte bytes[sizeof(T)];
  };
  std::vector<std::unique_ptr<Raw[]>> chunks_;
  std::uint32_t capacity_ = 0;
};

}  // namespace fluxer::cache_detail
