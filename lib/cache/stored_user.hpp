#pragma once
// UserEntry: the 64-byte stored form of a User (176 bytes + heap strings as a model value).
//
//   id, public flags (low 32 bits; higher bits, never seen in practice, go to the strings),
//   the avatar hash as 16 raw bytes + an "a_" (animated) flag when it is 32 lowercase hex
//   digits (anything else is kept verbatim in the strings), the avatar colour, the
//   discriminator as a number when it is four digits, bot/system bits, and one StringPack
//   for username + global_name (+ the rare verbatim fallbacks). Plus the cache's own
//   bookkeeping: how many members reference the user, and whether it is pinned (the
//   current user).

#include <cstdint>
#include <string_view>

#include <fluxer/model/user.hpp>

#include "cache/string_pack.hpp"

namespace fluxer::cache_detail {

struct UserEntry {
  std::uint64_t id = 0;
  std::uint8_t avatar[16] = {};
  StringPack strings;  // 0 username, 1 global_name, 2 verbatim avatar, 3 verbatim discriminator, 4 high flag bits
  std::uint32_t flags_lo = 0;
  std::uint32_t avatar_color = 0;
  /// Members (in all guilds) that reference this user.
  std::uint32_t refs = 0;
  /// 0..9999, or kDiscriminatorEmpty / kDiscriminatorVerbatim.
  std::uint16_t discriminator = 0;
  std::uint8_t bits = 0;
  std::uint8_t reserved = 0;

  static constexpr std::uint16_t kDiscriminatorEmpty = 0xFFFF;
  static constexpr std::uint16_t kDiscriminatorVerbatim = 0xFFFE;

  static constexpr std::uint8_t kBot = 1u << 0;
  static constexpr std::uint8_t kSystem = 1u << 1;
  static constexpr std::uint8_t kAvatarHash = 1u << 2;      // avatar[] holds the hash
  static constexpr std::uint8_t kAvatarAnimated = 1u << 3;  // with the "a_" prefix
  static constexpr std::uint8_t kAvatarVerbatim = 1u << 4;  // strings[2] holds it
  static constexpr std::uint8_t kHasColor = 1u << 5;
  static constexpr std::uint8_t kFlagsHigh = 1u << 6;  // strings[4] holds flags >> 32
  static constexpr std::uint8_t kPinned = 1u << 7;     // the current user: never evicted

  /// Overwrites the user data (keeps refs and the pinned bit).
  void assign(const User& user);
  /// The model value.
  [[nodiscard]] User to_user() const;
  /// True when this entry was stored from an id-only payload.
  [[nodiscard]] bool id_only() const noexcept { return !strings.get(0).has_value(); }
  [[nodiscard]] std::size_t heap_bytes() const noexcept { return strings.heap_bytes(); }
};

static_assert(sizeof(UserEntry) == 64, "UserEntry should stay one cache line");

/// True for a payload that carries only the id (GUILD_MEMBER_REMOVE, the post-READY burst):
/// it must never overwrite what the cache knows.
[[nodiscard]] inline bool is_id_only(const User& u) noexcept {
  return u.username.empty() && u.discriminator.empty() && !u.global_name && !u.avatar && !u.avatar_color && !u.bot &&
         !u.system && u.flags == 0;
}

/// Packs a 32-lowercase-hex hash (optionally "a_"-prefixed) into 16 bytes; false otherwise.
bool pack_hash(std::string_view text, std::uint8_t (&out)[16], bool& animated) noexcept;
/// The text form of a packed hash.
[[nodiscard]] std::string unpack_hash(const std::uint8_t (&in)[16], bool animated);

}  // namespace fluxer::cache_detail
