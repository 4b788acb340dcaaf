// CDN URLs (§5.6).

#include <fluxer/rest/cdn.hpp>

#include <array>

#include <fmt/format.h>

#include "rest/request_util.hpp"

namespace fluxer {
namespace {

std::string_view extension(ImageFormat f) {
  switch (f) {
    case ImageFormat::Png: return "png";
    case ImageFormat::Jpg: return "jpg";
    case ImageFormat::Webp: return "webp";
    case ImageFormat::Gif: return "gif";
    case ImageFormat::Auto: break;
  }
  return "png";
}

std::string strip(std::string base, std::string_view fallback) {
  if (base.empty()) base = std::string(fallback);
  while (base.ends_with('/')) base.pop_back();
  return base;
}

}  // namespace

Cdn::Cdn(std::string media_base, std::string static_base)
    : media_(strip(std::move(media_base), kDefaultMediaBase)),
      static_(strip(std::move(static_base), kDefaultStaticBase)) {}

int Cdn::normalize_size(int size) noexcept {
  int allowed = 16;
  while (allowed < size && allowed < 4096) allowed *= 2;
  return allowed;
}

std::string Cdn::image(std::string_view path, std::string_view hash, bool animated_hash, const ImageOptions& o,
                       std::string_view still_default) const {
  const std::string_view ext =
      o.format == ImageFormat::Auto ? (animated_hash ? "gif" : still_default) : extension(o.format);
  std::string url = fmt::format("{}{}", media_, path);
  if (!hash.empty()) url += fmt::format("/{}", rest::percent_encode(hash));
  url += fmt::format(".{}", ext);
  char sep = '?';
  auto param = [&](std::string_view text) {
    url.push_back(sep);
    url.append(text);
    sep = '&';
  };
  if (o.size) param(fmt::format("size={}", normalize_size(*o.size)));
  switch (o.quality) {
    case ImageQuality::High: param("quality=high"); break;
    case ImageQuality::Low: param("quality=low"); break;
    case ImageQuality::Lossless: param("quality=lossless"); break;
    case ImageQuality::Default: break;
  }
  if (o.animated && animated_hash && ext != "gif") param("animated=true");
  return url;
}

std::string Cdn::user_avatar(Snowflake user_id, std::string_view hash, const ImageOptions& o) const {
  return image(fmt::format("/avatars/{}", user_id), hash, hash.starts_with("a_"), o, "png");
}

std::string Cdn::member_avatar(Snowflake guild_id, Snowflake user_id, std::string_view hash,
                               const ImageOptions& o) const {
  return image(fmt::format("/guilds/{}/users/{}/avatars", guild_id, user_id), hash, hash.starts_with("a_"), o, "png");
}

std::string Cdn::default_avatar(Snowflake user_id) const {
  return fmt::format("{}/avatars/{}.png", static_, user_id.value() % 6);
}

std::string Cdn::guild_icon(Snowflake guild_id, std::string_view hash, const ImageOptions& o) const {
  return image(fmt::format("/icons/{}", guild_id), hash, hash.starts_with("a_"), o, "png");
}

std::string Cdn::banner(Snowflake id, std::string_view hash, const ImageOptions& o) const {
  return image(fmt::format("/banners/{}", id), hash, hash.starts_with("a_"), o, "png");
}

std::string Cdn::guild_splash(Snowflake guild_id, std::string_view hash, const ImageOptions& o) const {
  return image(fmt::format("/splashes/{}", guild_id), hash, hash.starts_with("a_"), o, "png");
}

std::string Cdn::guild_embed_splash(Snowflake guild_id, std::string_view hash, const ImageOptions& o) const {
  return image(fmt::format("/embed-splashes/{}", guild_id), hash, hash.starts_with("a_"), o, "png");
}

std::string Cdn::emoji(Snowflake emoji_id, bool animated, const ImageOptions& o) const {
  return image(fmt::format("/emojis/{}", emoji_id), {}, animated, o, "png");
}

std::string Cdn::sticker(Snowflake sticker_id, bool animated, const ImageOptions& o) const {
  ImageOptions opts = o;
  if (opts.format != ImageFormat::Auto && opts.format != ImageFormat::Gif) opts.format = ImageFormat::Webp;
  return image(fmt::format("/stickers/{}", sticker_id), {}, animated, opts, "webp");
}

std::string Cdn::attachment(Snowflake channel_id, Snowflake attachment_id, std::string_view filename) const {
  return fmt::format("{}/attachments/{}/{}/{}", media_, channel_id, attachment_id, rest::percent_encode(filename));
}

}  // namespace fluxer
