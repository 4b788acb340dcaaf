#pragma once
/// @file
/// CDN URLs (§5.6) for avatars, guild images, emojis, stickers and attachments.
///
///     fluxer::Cdn cdn = rest.cdn();   // media base learned from discovery, or the default
///     std::string url = cdn.user_avatar(user.id, *user.avatar, {.size = 256});
///
/// Hashes starting with `a_` are animated: ImageFormat::Auto picks `gif` for them and
/// `png` otherwise. Sizes are the server's fixed set (powers of two from 16 to 4096); any
/// other value is rounded up to the next one (and down to 4096).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fluxer/core/snowflake.hpp>

namespace fluxer {

enum class ImageFormat : std::uint8_t { Auto, Png, Jpg, Webp, Gif };

enum class ImageQuality : std::uint8_t { Default, High, Low, Lossless };

/// How to render an image.
struct ImageOptions {
  ImageFormat format = ImageFormat::Auto;
  /// Edge length in pixels; empty = the server's default.
  std::optional<int> size{};
  ImageQuality quality = ImageQuality::Default;
  /// Ask for the animated version (`animated=true`) of an animated hash in a still format.
  bool animated = false;
};

/// Builds CDN URLs from a media base (user content) and a static base (default avatars).
class Cdn {
 public:
  static constexpr std::string_view kDefaultMediaBase = "https://fluxerusercontent.com";
  static constexpr std::string_view kDefaultStaticBase = "https://fluxerstatic.com";

  /// Bases without a trailing slash (one is removed if present); empty = the defaults.
  explicit Cdn(std::string media_base = {}, std::string static_base = {});

  [[nodiscard]] const std::string& media_base() const noexcept { return media_; }
  [[nodiscard]] const std::string& static_base() const noexcept { return static_; }

  /// `/avatars/{user_id}/{hash}.{ext}`
  [[nodiscard]] std::string user_avatar(Snowflake user_id, std::string_view hash, const ImageOptions& o = {}) const;
  /// `/guilds/{guild_id}/users/{user_id}/avatars/{hash}.{ext}` (a member's guild avatar)
  [[nodiscard]] std::string member_avatar(Snowflake guild_id, Snowflake user_id, std::string_view hash,
                                          const ImageOptions& o = {}) const;
  /// The static default avatar of a user without one: `{static}/avatars/{user_id % 6}.png`.
  [[nodiscard]] std::string default_avatar(Snowflake user_id) const;
  /// `/icons/{guild_id}/{hash}.{ext}`
  [[nodiscard]] std::string guild_icon(Snowflake guild_id, std::string_view hash, const ImageOptions& o = {}) const;
  /// `/banners/{id}/{hash}.{ext}` (guild or user banners)
  [[nodiscard]] std::string banner(Snowflake id, std::string_view hash, const ImageOptions& o = {}) const;
  /// `/splashes/{guild_id}/{hash}.{ext}`
  [[nodiscard]] std::string guild_splash(Snowflake guild_id, std::string_view hash, const ImageOptions& o = {}) const;
  /// `/embed-splashes/{guild_id}/{hash}.{ext}`
  [[nodiscard]] std::string guild_embed_splash(Snowflake guild_id, std::string_view hash,
                                               const ImageOptions& o = {}) const;
  /// `/emojis/{emoji_id}.{ext}`; Auto = gif when `animated`, else png.
  [[nodiscard]] std::string emoji(Snowflake emoji_id, bool animated = false, const ImageOptions& o = {}) const;
  /// `/stickers/{sticker_id}.{webp|gif}`; Auto = gif when `animated`, else webp.
  [[nodiscard]] std::string sticker(Snowflake sticker_id, bool animated = false, const ImageOptions& o = {}) const;
  /// `/attachments/{channel_id}/{attachment_id}/{filename}` (the filename percent-encoded).
  [[nodiscard]] std::string attachment(Snowflake channel_id, Snowflake attachment_id, std::string_view filename) const;

  /// The size actually requested for `size` (the next allowed one, at most 4096).
  [[nodiscard]] static int normalize_size(int size) noexcept;

 private:
  [[nodiscard]] std::string image(std::string_view path, std::string_view hash, bool animated_hash,
                                  const ImageOptions& o, std::string_view still_default) const;
  std::string media_;
  std::string static_;
};

}  // namespace fluxer
