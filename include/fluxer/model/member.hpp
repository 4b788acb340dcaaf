#pragma once
/// @file
/// GuildMember: a user's membership in one guild.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// A guild member. The guild it belongs to is carried by the surrounding event or request.
///
/// `user` is absent in MESSAGE_CREATE/UPDATE/DELETE `member` (the account is the message
/// `author`), and holds only the id in the post-READY GUILD_CREATE burst.
struct GuildMember {
  std::optional<User> user{};
  /// Guild nickname.
  std::optional<std::string> nick{};
  /// Guild avatar hash.
  std::optional<std::string> avatar{};
  std::optional<std::string> banner{};
  std::optional<std::uint32_t> accent_color{};
  /// Role ids; never contains @everyone.
  std::vector<Snowflake> roles{};
  /// Absent in some partial payloads.
  std::optional<Timestamp> joined_at{};
  /// Server mute (also true while a timeout is active).
  bool mute = false;
  bool deaf = false;
  /// Timed out until this instant, if set.
  std::optional<Timestamp> communication_disabled_until{};
  std::optional<int> profile_flags{};
  std::optional<int> join_source_type{};             ///< [A]
  std::optional<std::string> source_invite_code{};   ///< [A]
  std::optional<Snowflake> inviter_id{};             ///< [A]

  /// The member's user id, or 0 when the payload carried no user.
  [[nodiscard]] Snowflake user_id() const noexcept { return user ? user->id : Snowflake{}; }
  /// True while `communication_disabled_until` is after `now`.
  [[nodiscard]] bool is_timed_out(Timestamp now) const noexcept {
    return communication_disabled_until && *communication_disabled_until > now;
  }
  /// Nickname, else the user's display name, else empty.
  [[nodiscard]] std::string display_name() const;

  friend bool operator==(const GuildMember&, const GuildMember&) = default;
};

}  // namespace fluxer
