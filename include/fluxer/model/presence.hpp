#pragma once
/// @file
/// Presence, its status and the custom status (Fluxer has no activities).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// A user's status. Invisible users are reported as Offline; `Invisible` is only sent.
enum class PresenceStatus : std::uint8_t {
  Online,
  Idle,
  Dnd,
  Invisible,
  Offline,
  Unknown,  ///< A value this SDK does not know (kept so decoding does not fail).
};

/// "online", "idle", "dnd", "invisible", "offline"; "unknown" for Unknown.
[[nodiscard]] std::string_view to_string(PresenceStatus status) noexcept;
/// The status for a wire string; Unknown for anything else.
[[nodiscard]] PresenceStatus parse_presence_status(std::string_view text) noexcept;

/// A custom status: text and/or an emoji, optionally expiring.
struct CustomStatus {
  std::optional<std::string> text{};
  std::optional<Timestamp> expires_at{};
  /// Custom emoji id (absent for a Unicode emoji).
  std::optional<Snowflake> emoji_id{};
  /// Unicode emoji, or the custom emoji's name.
  std::optional<std::string> emoji_name{};
  /// Received only; not sent.
  bool emoji_animated = false;

  friend bool operator==(const CustomStatus&, const CustomStatus&) = default;
};

/// A user's presence (PRESENCE_UPDATE, GUILD_MEMBERS_CHUNK `presences`). No activities and
/// no client_status exist in Fluxer.
struct Presence {
  /// Partial user (often only some fields).
  User user{};
  PresenceStatus status = PresenceStatus::Offline;
  bool mobile = false;
  bool afk = false;
  /// Null / absent when none (always null while offline).
  std::optional<CustomStatus> custom_status{};
  /// Present when the presence arrived through a guild.
  std::optional<Snowflake> guild_id{};

  friend bool operator==(const Presence&, const Presence&) = default;
};

}  // namespace fluxer
