#pragma once
/// @file
/// CacheStats: how much the cache holds, per kind of entry, and what it costs in memory.

#include <cstddef>

namespace fluxer {

/// Entries of one kind.
struct CacheTypeStats {
  /// Entries held now.
  std::size_t count = 0;
  /// Heap bytes the cache holds for them (see CacheStats).
  std::size_t bytes = 0;
  /// Entries evicted under a limit so far (not those removed by events).
  std::size_t evicted = 0;
};

/// A snapshot of the cache's size (`Cache::stats()`).
///
/// `bytes` is the cache's own accounting of the heap memory it requested: the slots of its
/// stores (allocated in chunks, counted whole, so free slots count too), its hash indexes,
/// the packed strings and blobs of each entry, role lists, and the ordering links kept for
/// limits. It does not include the allocator's per-block overhead (typically 8-16 bytes per
/// allocation) nor the `Cache` object itself. Members' bytes include their interned role
/// lists and per-guild indexes, not their users (those are under `users`).
struct CacheStats {
  CacheTypeStats guilds{};
  CacheTypeStats channels{};
  CacheTypeStats roles{};
  CacheTypeStats members{};
  CacheTypeStats users{};
  CacheTypeStats messages{};
  CacheTypeStats emojis{};
  CacheTypeStats stickers{};
  CacheTypeStats voice_states{};
  CacheTypeStats presences{};

  /// The sum of every kind's bytes.
  [[nodiscard]] std::size_t total_bytes() const noexcept {
    return guilds.bytes + channels.bytes + roles.bytes + members.bytes + users.bytes + messages.bytes + emojis.bytes +
           stickers.bytes + voice_states.bytes + presences.bytes;
  }
};

}  // namespace fluxer
