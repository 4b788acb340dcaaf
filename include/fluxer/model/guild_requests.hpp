#pragma once
/// @file
/// REST bodies for guilds: guild, members (incl. timeouts), roles, bans, emojis.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/nullable.hpp>
#include <fluxer/model/permissions.hpp>

namespace fluxer {

/// `PATCH /guilds/{id}`. Images are data URIs; null removes them.
struct ModifyGuild {
  /// 1–100 characters.
  std::optional<std::string> name{};
  Nullable<std::string> icon{};
  Nullable<std::string> banner{};
  Nullable<std::string> splash{};
  Nullable<std::string> embed_splash{};
  Nullable<Snowflake> system_channel_id{};
  std::optional<int> system_channel_flags{};
  Nullable<Snowflake> afk_channel_id{};
  /// 60–3600 s.
  std::optional<std::chrono::seconds> afk_timeout{};
  /// 0 all messages, 1 only mentions.
  std::optional<int> default_message_notifications{};
  /// 0–4.
  std::optional<int> verification_level{};
  /// 0 none, 1 elevated.
  std::optional<int> mfa_level{};
  /// 0–2.
  std::optional<int> explicit_content_filter{};
  /// 0 center, 1 left, 2 right.
  std::optional<int> splash_card_alignment{};
  std::optional<std::vector<std::string>> features{};

  friend bool operator==(const ModifyGuild&, const ModifyGuild&) = default;
};

/// `PATCH /guilds/{id}/members/{user_id}` (and `/members/@me`, which refuses `roles`).
struct ModifyMember {
  /// 1–32 characters; null resets to the username.
  Nullable<std::string> nick{};
  /// Replaces the member's roles (≤100 on [A], ≤250 on [B]).
  std::optional<std::vector<Snowflake>> roles{};
  std::optional<bool> mute{};
  std::optional<bool> deaf{};
  /// Timeout until this instant (≤ 365 days ahead, checked by the server); null ends it.
  Nullable<Timestamp> communication_disabled_until{};
  /// 1–512 characters.
  Nullable<std::string> timeout_reason{};
  /// Move to this voice channel; null disconnects.
  Nullable<Snowflake> channel_id{};
  /// Which voice connection to move/disconnect (1–32 characters).
  std::optional<std::string> connection_id{};

  /// A body that times the member out until `until`.
  [[nodiscard]] static ModifyMember timeout(Timestamp until) {
    ModifyMember m;
    m.communication_disabled_until = until;
    return m;
  }
  /// A body that ends a timeout.
  [[nodiscard]] static ModifyMember clear_timeout() {
    ModifyMember m;
    m.communication_disabled_until = nullptr;
    return m;
  }

  friend bool operator==(const ModifyMember&, const ModifyMember&) = default;
};

/// `POST /guilds/{id}/roles`.
struct CreateRole {
  /// 1–100 characters.
  std::string name{};
  /// ≤ 0xFFFFFF.
  std::optional<std::uint32_t> color{};
  std::optional<Permissions> permissions{};
  std::optional<bool> hoist{};
  std::optional<bool> mentionable{};

  friend bool operator==(const CreateRole&, const CreateRole&) = default;
};

/// `PATCH /guilds/{id}/roles/{role_id}`.
struct ModifyRole {
  std::optional<std::string> name{};
  std::optional<std::uint32_t> color{};
  std::optional<Permissions> permissions{};
  std::optional<bool> hoist{};
  /// Null = no separate position.
  Nullable<int> hoist_position{};
  std::optional<bool> mentionable{};

  friend bool operator==(const ModifyRole&, const ModifyRole&) = default;
};

/// `PUT /guilds/{id}/bans/{user_id}`.
struct CreateBan {
  /// 0–7.
  std::optional<int> delete_message_days{};
  /// ≤512 characters.
  std::optional<std::string> reason{};
  /// Temporary ban length (`ban_duration_seconds`): 0 = permanent, or exactly one of
  /// `kAllowedBanDurations`.
  std::optional<std::chrono::seconds> ban_duration{};

  friend bool operator==(const CreateBan&, const CreateBan&) = default;
};

/// The temporary ban lengths the server accepts: 1 h, 12 h, 1 d, 3 d, 5 d, 7 d, 14 d, 30 d.
inline constexpr std::chrono::seconds kAllowedBanDurations[] = {
    std::chrono::hours{1},       std::chrono::hours{12},      std::chrono::hours{24},
    std::chrono::hours{24 * 3},  std::chrono::hours{24 * 5},  std::chrono::hours{24 * 7},
    std::chrono::hours{24 * 14}, std::chrono::hours{24 * 30},
};

/// `POST /guilds/{id}/emojis`.
struct CreateEmoji {
  /// 2–32 characters of [A-Za-z0-9_].
  std::string name{};
  /// Data URI (`data:image/png;base64,...`).
  std::string image{};

  friend bool operator==(const CreateEmoji&, const CreateEmoji&) = default;
};

/// `PATCH /guilds/{id}/emojis/{emoji_id}`.
struct ModifyEmoji {
  /// 2–32 characters of [A-Za-z0-9_].
  std::string name{};

  friend bool operator==(const ModifyEmoji&, const ModifyEmoji&) = default;
};

}  // namespace fluxer
