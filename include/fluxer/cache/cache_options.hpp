#pragma once
/// @file
/// CacheOptions: what the cache keeps, and into how many lock shards it is split.

#include <cstddef>
#include <optional>

namespace fluxer {

/// Limits and layout of a fluxer::Cache (`ClientOptions::cache`).
///
/// Each limit is the most entries of that kind the cache holds at once; unset means
/// unbounded. When an insert goes over a limit, the entries inserted longest ago are evicted
/// first (insertion order: updating an entry does not make it younger; an entry removed and
/// added again is new). Evicting never leaves orphans: a guild takes its channels, roles,
/// emojis, stickers, voice states and members with it; a channel its messages; a member its
/// user when no other member references that user; a user every member that references it.
/// A limit of 0 keeps nothing of that kind. See docs/cache.md.
struct CacheOptions {
  /// Guilds, unavailable placeholders included.
  std::optional<std::size_t> guilds{};
  /// Channels: guild channels and DM / group DM channels together.
  std::optional<std::size_t> channels{};
  /// Users (the current user is never evicted and does not count).
  std::optional<std::size_t> users{};
  /// Members across all guilds together (one per guild and user).
  std::optional<std::size_t> members{};
  /// Messages across all channels together. Unset or 0 (the default) = no message cache.
  std::optional<std::size_t> messages{};
  /// Lock shards per store (guild data, channels and messages, users): each shard is a
  /// reader/writer mutex over its own hash tables, so events for different guilds rarely
  /// wait for each other. Values below 1 count as 1.
  std::size_t shards = 16;
};

}  // namespace fluxer
