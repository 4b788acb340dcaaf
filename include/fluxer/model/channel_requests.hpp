#pragma once
/// @file
/// REST bodies for channels: create, modify, permission overwrites, invites, webhooks, DMs.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/nullable.hpp>
#include <fluxer/model/permissions.hpp>

namespace fluxer {

/// `POST /guilds/{id}/channels`.
struct CreateChannel {
  /// 1–100 characters.
  std::string name{};
  /// GuildText, GuildVoice, GuildCategory or GuildLink.
  ChannelType type = ChannelType::GuildText;
  /// ≤1024 characters.
  std::optional<std::string> topic{};
  /// GuildLink channels.
  std::optional<std::string> url{};
  std::optional<Snowflake> parent_id{};
  /// 8000–320000 (voice).
  std::optional<int> bitrate{};
  /// 0–99 (voice).
  std::optional<int> user_limit{};
  std::optional<bool> nsfw{};
  std::optional<std::vector<PermissionOverwrite>> permission_overwrites{};

  friend bool operator==(const CreateChannel&, const CreateChannel&) = default;
};

/// `PATCH /channels/{id}`. Absent = unchanged, null = clear (the server fills in `type`).
struct ModifyChannel {
  std::optional<std::string> name{};
  Nullable<std::string> topic{};
  Nullable<std::string> url{};
  /// Null = move out of its category.
  Nullable<Snowflake> parent_id{};
  Nullable<int> bitrate{};
  Nullable<int> user_limit{};
  std::optional<bool> nsfw{};
  /// Slowmode, 0–21600 s.
  Nullable<std::chrono::seconds> rate_limit_per_user{};
  /// Null = automatic.
  Nullable<std::string> rtc_region{};
  /// Replaces all overwrites when present.
  std::optional<std::vector<PermissionOverwrite>> permission_overwrites{};
  /// Group DMs: icon as a data URI (`data:image/png;base64,...`).
  Nullable<std::string> icon{};
  /// Group DMs.
  Nullable<Snowflake> owner_id{};

  friend bool operator==(const ModifyChannel&, const ModifyChannel&) = default;
};

/// `PUT /channels/{id}/permissions/{overwrite_id}`.
struct EditChannelPermissions {
  OverwriteType type = OverwriteType::Role;
  std::optional<Permissions> allow{};
  std::optional<Permissions> deny{};

  friend bool operator==(const EditChannelPermissions&, const EditChannelPermissions&) = default;
};

/// `POST /channels/{id}/invites`.
struct CreateInvite {
  /// 0 (never) – 604800 s.
  std::optional<std::chrono::seconds> max_age{};
  /// 0 (unlimited) – 100.
  std::optional<int> max_uses{};
  std::optional<bool> temporary{};
  std::optional<bool> unique{};

  friend bool operator==(const CreateInvite&, const CreateInvite&) = default;
};

/// `POST /channels/{id}/webhooks`.
struct CreateWebhook {
  /// 1–80 characters.
  std::string name{};
  /// Data URI.
  std::optional<std::string> avatar{};

  friend bool operator==(const CreateWebhook&, const CreateWebhook&) = default;
};

/// `PATCH /webhooks/{id}` (and `/webhooks/{id}/{token}`, where `channel_id` is not allowed).
struct ModifyWebhook {
  std::optional<std::string> name{};
  /// Data URI; null removes the avatar.
  Nullable<std::string> avatar{};
  /// Move to another channel.
  std::optional<Snowflake> channel_id{};

  friend bool operator==(const ModifyWebhook&, const ModifyWebhook&) = default;
};

/// `POST /users/@me/channels`: open a DM ([B]; [A] refuses bots).
struct CreateDm {
  Snowflake recipient_id{};

  friend bool operator==(const CreateDm&, const CreateDm&) = default;
};

}  // namespace fluxer
