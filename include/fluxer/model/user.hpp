#pragma once
/// @file
/// User (the partial user every payload carries) and CurrentUser (the bot's own account).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>

namespace fluxer {

/// Public user flags (`User::flags`). Older servers ([A]) also used bit 1 for CTP_MEMBER.
namespace user_flags {
inline constexpr std::uint64_t STAFF = 1ull << 0;
inline constexpr std::uint64_t CTP_MEMBER = 1ull << 1;  ///< [A] only.
inline constexpr std::uint64_t PARTNER = 1ull << 2;
inline constexpr std::uint64_t BUG_HUNTER = 1ull << 3;
inline constexpr std::uint64_t FRIENDLY_BOT = 1ull << 4;                  ///< [B]: the bot accepts friend requests.
inline constexpr std::uint64_t FRIENDLY_BOT_MANUAL_APPROVAL = 1ull << 5;  ///< [B]
inline constexpr std::uint64_t SPAMMER = 1ull << 6;                       ///< [B]
}  // namespace user_flags

/// A user as it appears in messages, members, presences ("partial user").
///
/// Some payloads carry only the id (GUILD_MEMBER_REMOVE, GUILD_BAN_ADD/REMOVE, members in
/// the post-READY GUILD_CREATE burst); then every other field keeps its default. Webhook
/// authors appear as `{id: webhook id, username: webhook name, discriminator "0000", bot: true}`.
struct User {
  Snowflake id{};
  /// 1–32 ASCII letters, digits and `_`. Empty when the payload carried only the id.
  std::string username{};
  /// Four digits, zero-padded ("0042"). Fluxer still uses discriminators.
  std::string discriminator{};
  /// Display name chosen by the user, if any.
  std::optional<std::string> global_name{};
  /// Avatar hash (CDN path `/avatars/{id}/{hash}.png`); "a_" prefix = animated.
  std::optional<std::string> avatar{};
  /// Dominant avatar colour as 0xRRGGBB.
  std::optional<std::uint32_t> avatar_color{};
  /// True for bot accounts (and webhook authors). Absent on the wire means false.
  bool bot = false;
  /// True for Fluxer system accounts.
  bool system = false;
  /// Public flags, see `user_flags`.
  std::uint64_t flags = 0;

  /// `<@id>`, which mentions the user in message content.
  [[nodiscard]] std::string mention() const;
  /// `username#discriminator`.
  [[nodiscard]] std::string tag() const;
  /// `global_name` when set, else `username`.
  [[nodiscard]] const std::string& display_name() const noexcept;

  friend bool operator==(const User&, const User&) = default;
};

/// The account the token belongs to, in its private representation: READY `user`,
/// USER_UPDATE and `GET /users/@me`. Adds fields only the owner sees; most are
/// user-account features that are empty or constant for bots.
struct CurrentUser : User {
  std::optional<std::string> email{};
  std::optional<std::string> phone{};
  std::optional<std::string> bio{};
  std::optional<std::string> pronouns{};
  std::optional<std::string> banner{};
  std::optional<std::uint32_t> accent_color{};
  std::optional<std::uint32_t> banner_color{};
  std::optional<bool> verified{};
  std::optional<bool> mfa_enabled{};
  /// Always true for bots.
  std::optional<bool> nsfw_allowed{};
  std::optional<bool> is_staff{};  ///< [B]
  /// 0 none, 1 and 2 premium tiers.
  std::optional<int> premium_type{};
  std::optional<Timestamp> premium_since{};
  std::optional<Timestamp> premium_until{};
  std::vector<std::string> acls{};
  std::vector<std::string> traits{};  ///< [B]

  friend bool operator==(const CurrentUser&, const CurrentUser&) = default;
};

}  // namespace fluxer
