#pragma once
/// @file
/// Guild: a server (guild object of GUILD_UPDATE, REST, and GUILD_CREATE `properties`).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/permissions.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>

namespace fluxer {

/// A guild. Fluxer guilds have no description, preferred locale, premium tier or
/// application id.
///
/// The collections (`roles`, `channels`, `emojis`, `stickers`) and counts are filled from
/// GUILD_CREATE and from `GET /guilds/{id}` on newer servers ([B]); the plain guild object
/// (GUILD_UPDATE, [A] REST) leaves them empty.
struct Guild {
  Snowflake id{};
  /// 1–100 characters.
  std::string name{};
  std::optional<std::string> icon{};
  std::optional<std::string> banner{};
  std::optional<int> banner_width{};
  std::optional<int> banner_height{};
  std::optional<std::string> splash{};
  std::optional<int> splash_width{};
  std::optional<int> splash_height{};
  /// 0 center, 1 left, 2 right.
  int splash_card_alignment = 0;
  std::optional<std::string> embed_splash{};
  std::optional<int> embed_splash_width{};
  std::optional<int> embed_splash_height{};
  std::optional<std::string> vanity_url_code{};
  Snowflake owner_id{};
  std::optional<Snowflake> system_channel_id{};
  int system_channel_flags = 0;
  std::optional<Snowflake> rules_channel_id{};
  std::optional<Snowflake> afk_channel_id{};
  /// 60–3600 s.
  std::chrono::seconds afk_timeout{0};
  /// "ANIMATED_ICON", "BANNER", "VANITY_URL", "UNAVAILABLE_FOR_EVERYONE", ...
  std::vector<std::string> features{};
  int verification_level = 0;
  int mfa_level = 0;
  int nsfw_level = 0;
  int explicit_content_filter = 0;
  int default_message_notifications = 0;
  int disabled_operations = 0;
  /// The current user's permissions (only in `GET /users/@me/guilds`).
  std::optional<Permissions> permissions{};
  bool nsfw = false;                                ///< [B]
  std::optional<int> content_warning_level{};         ///< [B]
  std::optional<std::string> content_warning_text{};  ///< [B]

  std::vector<Role> roles{};
  std::vector<Channel> channels{};
  std::vector<Emoji> emojis{};
  std::vector<Sticker> stickers{};
  std::optional<int> member_count{};
  std::optional<int> online_count{};
  /// True for a placeholder (`{id, unavailable: true}`) that a later GUILD_CREATE replaces.
  bool unavailable = false;

  /// True when `feature` is in `features`.
  [[nodiscard]] bool has_feature(std::string_view feature) const noexcept;
  /// The role with this id (the @everyone role has the guild's id), or nullptr.
  [[nodiscard]] const Role* find_role(Snowflake role_id) const noexcept;
  /// The channel with this id, or nullptr.
  [[nodiscard]] const Channel* find_channel(Snowflake channel_id) const noexcept;

  friend bool operator==(const Guild&, const Guild&) = default;
};

}  // namespace fluxer
