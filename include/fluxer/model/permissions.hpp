#pragma once
/// @file
/// Permissions: Fluxer's 64-bit permission mask, its named bits and their names.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fluxer {

/// One permission bit, exactly as in the Fluxer permission table (fluxer-protocol.md §6.13).
/// Bits 19, 31–36, 38, 39, 41, 42, 44–50 are unassigned in Fluxer.
enum class Permission : std::uint64_t {
  CREATE_INSTANT_INVITE = 1ull << 0,
  KICK_MEMBERS = 1ull << 1,
  BAN_MEMBERS = 1ull << 2,
  ADMINISTRATOR = 1ull << 3,
  MANAGE_CHANNELS = 1ull << 4,
  MANAGE_GUILD = 1ull << 5,
  ADD_REACTIONS = 1ull << 6,
  VIEW_AUDIT_LOG = 1ull << 7,
  PRIORITY_SPEAKER = 1ull << 8,
  STREAM = 1ull << 9,  ///< Screen share and camera.
  VIEW_CHANNEL = 1ull << 10,
  SEND_MESSAGES = 1ull << 11,
  SEND_TTS_MESSAGES = 1ull << 12,
  MANAGE_MESSAGES = 1ull << 13,
  EMBED_LINKS = 1ull << 14,
  ATTACH_FILES = 1ull << 15,
  READ_MESSAGE_HISTORY = 1ull << 16,
  MENTION_EVERYONE = 1ull << 17,
  USE_EXTERNAL_EMOJIS = 1ull << 18,
  CONNECT = 1ull << 20,
  SPEAK = 1ull << 21,
  MUTE_MEMBERS = 1ull << 22,
  DEAFEN_MEMBERS = 1ull << 23,
  MOVE_MEMBERS = 1ull << 24,
  USE_VAD = 1ull << 25,
  CHANGE_NICKNAME = 1ull << 26,
  MANAGE_NICKNAMES = 1ull << 27,
  MANAGE_ROLES = 1ull << 28,
  MANAGE_WEBHOOKS = 1ull << 29,
  MANAGE_EXPRESSIONS = 1ull << 30,
  USE_EXTERNAL_STICKERS = 1ull << 37,
  MODERATE_MEMBERS = 1ull << 40,
  CREATE_EXPRESSIONS = 1ull << 43,
  PIN_MESSAGES = 1ull << 51,
  BYPASS_SLOWMODE = 1ull << 52,
  UPDATE_RTC_REGION = 1ull << 53,
  VIEW_CHANNEL_MEMBERS = 1ull << 54,  ///< Newer servers ([B]) only.
};

/// The upper-case name of one permission bit ("SEND_MESSAGES"); empty for a value that is
/// not exactly one known bit.
[[nodiscard]] std::string_view permission_name(Permission p) noexcept;

/// A set of permissions (a 64-bit mask). On the wire it is a decimal string
/// ("2251799813685248"). Unknown bits are kept as they are.
class Permissions {
 public:
  constexpr Permissions() noexcept = default;
  constexpr explicit Permissions(std::uint64_t bits) noexcept : bits_(bits) {}
  constexpr Permissions(Permission p) noexcept  // NOLINT(google-explicit-constructor)
      : bits_(static_cast<std::uint64_t>(p)) {}

  /// Every bit set, known or not. This is what an owner or an ADMINISTRATOR has.
  [[nodiscard]] static constexpr Permissions all() noexcept { return Permissions{~0ull}; }
  /// Every bit of the Fluxer permission table (§6.13) and nothing else.
  [[nodiscard]] static constexpr Permissions all_known() noexcept;
  /// Fluxer's default @everyone mask (`DEFAULT_PERMISSIONS`).
  [[nodiscard]] static constexpr Permissions default_everyone() noexcept;

  /// Parses a decimal string ("0" .. "18446744073709551615"), as Fluxer sends masks.
  [[nodiscard]] static std::optional<Permissions> parse(std::string_view decimal) noexcept;

  [[nodiscard]] constexpr std::uint64_t value() const noexcept { return bits_; }
  /// True when no bit is set.
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  /// True when every bit of `p` is set here.
  [[nodiscard]] constexpr bool has(Permissions p) const noexcept { return (bits_ & p.bits_) == p.bits_; }
  /// True when at least one bit of `p` is set here.
  [[nodiscard]] constexpr bool has_any(Permissions p) const noexcept { return (bits_ & p.bits_) != 0; }
  /// Sets the bits of `p`.
  constexpr Permissions& add(Permissions p) noexcept { bits_ |= p.bits_; return *this; }
  /// Clears the bits of `p`.
  constexpr Permissions& remove(Permissions p) noexcept { bits_ &= ~p.bits_; return *this; }

  /// The decimal string form used on the wire.
  [[nodiscard]] std::string str() const;
  /// Names of the set bits, lowest first; unknown bits appear as "BIT_<n>".
  [[nodiscard]] std::vector<std::string> names() const;
  /// The names joined with " | " ("VIEW_CHANNEL | SEND_MESSAGES"), or "NONE".
  [[nodiscard]] std::string to_string() const;

  constexpr Permissions& operator|=(Permissions o) noexcept { bits_ |= o.bits_; return *this; }
  constexpr Permissions& operator&=(Permissions o) noexcept { bits_ &= o.bits_; return *this; }
  constexpr Permissions& operator^=(Permissions o) noexcept { bits_ ^= o.bits_; return *this; }
  friend constexpr Permissions operator|(Permissions a, Permissions b) noexcept { return Permissions{a.bits_ | b.bits_}; }
  friend constexpr Permissions operator&(Permissions a, Permissions b) noexcept { return Permissions{a.bits_ & b.bits_}; }
  friend constexpr Permissions operator^(Permissions a, Permissions b) noexcept { return Permissions{a.bits_ ^ b.bits_}; }
  friend constexpr Permissions operator~(Permissions a) noexcept { return Permissions{~a.bits_}; }
  friend constexpr bool operator==(Permissions, Permissions) noexcept = default;

 private:
  std::uint64_t bits_ = 0;
};

/// `Permission::A | Permission::B` makes a Permissions.
constexpr Permissions operator|(Permission a, Permission b) noexcept { return Permissions{a} | Permissions{b}; }

/// Every named bit of §6.13, lowest first (for iteration and printing).
inline constexpr Permission kAllPermissionBits[] = {
    Permission::CREATE_INSTANT_INVITE, Permission::KICK_MEMBERS,        Permission::BAN_MEMBERS,
    Permission::ADMINISTRATOR,         Permission::MANAGE_CHANNELS,     Permission::MANAGE_GUILD,
    Permission::ADD_REACTIONS,         Permission::VIEW_AUDIT_LOG,      Permission::PRIORITY_SPEAKER,
    Permission::STREAM,                Permission::VIEW_CHANNEL,        Permission::SEND_MESSAGES,
    Permission::SEND_TTS_MESSAGES,     Permission::MANAGE_MESSAGES,     Permission::EMBED_LINKS,
    Permission::ATTACH_FILES,          Permission::READ_MESSAGE_HISTORY, Permission::MENTION_EVERYONE,
    Permission::USE_EXTERNAL_EMOJIS,   Permission::CONNECT,             Permission::SPEAK,
    Permission::MUTE_MEMBERS,          Permission::DEAFEN_MEMBERS,      Permission::MOVE_MEMBERS,
    Permission::USE_VAD,               Permission::CHANGE_NICKNAME,     Permission::MANAGE_NICKNAMES,
    Permission::MANAGE_ROLES,          Permission::MANAGE_WEBHOOKS,     Permission::MANAGE_EXPRESSIONS,
    Permission::USE_EXTERNAL_STICKERS, Permission::MODERATE_MEMBERS,    Permission::CREATE_EXPRESSIONS,
    Permission::PIN_MESSAGES,          Permission::BYPASS_SLOWMODE,     Permission::UPDATE_RTC_REGION,
    Permission::VIEW_CHANNEL_MEMBERS,
};

constexpr Permissions Permissions::all_known() noexcept {
  Permissions p{};
  for (Permission bit : kAllPermissionBits) p |= bit;
  return p;
}

constexpr Permissions Permissions::default_everyone() noexcept {
  return Permission::CREATE_INSTANT_INVITE | Permission::ADD_REACTIONS | Permission::STREAM |
         Permission::VIEW_CHANNEL | Permission::SEND_MESSAGES | Permission::EMBED_LINKS | Permission::ATTACH_FILES |
         Permission::READ_MESSAGE_HISTORY | Permission::USE_EXTERNAL_EMOJIS | Permission::CONNECT | Permission::SPEAK |
         Permission::USE_VAD | Permission::CHANGE_NICKNAME | Permission::USE_EXTERNAL_STICKERS |
         Permission::CREATE_EXPRESSIONS;
}

}  // namespace fluxer
