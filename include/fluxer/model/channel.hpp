#pragma once
/// @file
/// Channel, its type and its permission overwrites.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/permissions.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// Channel types. Values not listed here (newer servers add thread and forum types) are
/// kept as their number: `static_cast<int>(channel.type)` still gives it.
enum class ChannelType : int {
  GuildText = 0,
  Dm = 1,
  GuildVoice = 2,  ///< Also has messages, pins and slowmode.
  GroupDm = 3,
  GuildCategory = 4,
  AnnouncementThread = 10,  ///< [B+] only.
  PublicThread = 11,        ///< [B+] only.
  PrivateThread = 12,       ///< [B+] only.
  GuildLink = 998,          ///< Has `url`, no messages.
  DmPersonalNotes = 999,    ///< Its id is the owner's user id.
};

/// "GUILD_TEXT", "DM", ...; "UNKNOWN" for other values.
[[nodiscard]] std::string_view to_string(ChannelType type) noexcept;

/// What a permission overwrite applies to.
enum class OverwriteType : int {
  Role = 0,
  Member = 1,
};

/// A permission overwrite on a channel: for a role (the @everyone role has the guild's id)
/// or for one member.
struct PermissionOverwrite {
  Snowflake id{};
  OverwriteType type = OverwriteType::Role;
  Permissions allow{};
  Permissions deny{};

  friend bool operator==(const PermissionOverwrite&, const PermissionOverwrite&) = default;
};

/// A guild channel, DM, group DM or personal-notes channel. Fields exist only for the types
/// that own them; a field the payload did not carry stays empty. (Group DM `nicks` are not
/// decoded.)
struct Channel {
  Snowflake id{};
  ChannelType type = ChannelType::GuildText;
  /// Guild channels. Filled in from the guild for channels inside GUILD_CREATE.
  std::optional<Snowflake> guild_id{};
  std::optional<std::string> name{};
  std::optional<std::string> topic{};
  /// GUILD_LINK channels.
  std::optional<std::string> url{};
  /// Group DM icon hash.
  std::optional<std::string> icon{};
  /// Group DM owner.
  std::optional<Snowflake> owner_id{};
  std::optional<int> position{};
  /// The category this channel is in.
  std::optional<Snowflake> parent_id{};
  /// Voice channels, bits per second.
  std::optional<int> bitrate{};
  /// Voice channels; 0 = unlimited.
  std::optional<int> user_limit{};
  std::optional<std::string> rtc_region{};
  std::optional<Snowflake> last_message_id{};
  std::optional<Timestamp> last_pin_timestamp{};
  std::vector<PermissionOverwrite> permission_overwrites{};
  /// DM / group DM recipients, excluding the current user.
  std::vector<User> recipients{};
  bool nsfw = false;
  /// Slowmode; 0 = off.
  std::chrono::seconds rate_limit_per_user{0};
  /// [B] voice channels: connections allowed per user (default 5).
  std::optional<int> voice_connection_limit{};
  std::optional<bool> nsfw_override{};  ///< [B]
  std::optional<int> content_warning_level{};  ///< [B]
  std::optional<std::string> content_warning_text{};  ///< [B]

  /// `<#id>`.
  [[nodiscard]] std::string mention() const;
  /// True for guild channels that carry messages (text, voice).
  [[nodiscard]] bool is_text_based() const noexcept;

  friend bool operator==(const Channel&, const Channel&) = default;
};

}  // namespace fluxer
