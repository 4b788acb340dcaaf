#pragma once
/// @file
/// Invite: an invite code and its metadata.

#include <chrono>
#include <optional>
#include <string>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// What an invite leads to.
enum class InviteType : int {
  Guild = 0,
  GroupDm = 1,
  EmojiPack = 2,
  StickerPack = 3,
};

/// An invite. The metadata fields (`created_at`, `uses`, `max_uses`, `max_age`) are present
/// in INVITE_CREATE and the channel/guild invite lists.
struct Invite {
  std::string code{};
  InviteType type = InviteType::Guild;
  /// Partial guild (id, name, icon, banner, splash, features).
  std::optional<Guild> guild{};
  /// Partial channel (id, name, type).
  std::optional<Channel> channel{};
  std::optional<User> inviter{};
  std::optional<int> member_count{};
  std::optional<int> presence_count{};
  /// Null = never.
  std::optional<Timestamp> expires_at{};
  bool temporary = false;
  std::optional<Timestamp> created_at{};
  std::optional<int> uses{};
  /// 0 = unlimited.
  std::optional<int> max_uses{};
  /// 0 = never expires.
  std::optional<std::chrono::seconds> max_age{};

  friend bool operator==(const Invite&, const Invite&) = default;
};

}  // namespace fluxer
