#pragma once
// MemberEntry: the 32-byte stored form of a GuildMember (448 bytes as a model value with its
// user). The user is stored once, in the user store, and referenced by id; the role list is
// interned per shard (RoleLists) and referenced by a 32-bit handle; joined_at is an integer
// count of microseconds; mute/deaf share a word with the guild's handle; the fields most
// members lack (nick, guild avatar and banner, accent colour, timeout, profile flags, the
// [A] join fields) are packed into one optional Blob.

#include <cstdint>
#include <limits>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/member.hpp>

#include "cache/blob.hpp"

namespace fluxer::cache_detail {

inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

struct MemberEntry {
  std::uint64_t user_id = 0;
  std::int64_t joined_at = kNoTime;  // microseconds since the Unix epoch
  Blob extras;
  /// RoleLists reference (0 = no roles).
  std::uint32_t roles = 0;
  /// The owning guild's handle in its shard (low 30 bits), mute (bit 30), deaf (bit 31).
  std::uint32_t guild_bits = 0;

  static constexpr std::uint32_t kGuildMask = (1u << 30) - 1;
  static constexpr std::uint32_t kMute = 1u << 30;
  static constexpr std::uint32_t kDeaf = 1u << 31;

  [[nodiscard]] std::uint32_t guild_handle() const noexcept { return guild_bits & kGuildMask; }

  /// Stores everything but `user` and `roles` (the caller handles those).
  void assign(const GuildMember& m, std::uint32_t guild_handle);
  /// The model value without `user` and with these roles.
  [[nodiscard]] GuildMember to_member(const std::vector<Snowflake>& role_ids) const;
  [[nodiscard]] std::size_t heap_bytes() const noexcept { return extras.heap_bytes(); }
};

static_assert(sizeof(MemberEntry) == 32);

}  // namespace fluxer::cache_detail
