#pragma once
/// @file
/// Embed: rich content attached to a message.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/time.hpp>

namespace fluxer {

/// Embed author.
struct EmbedAuthor {
  std::string name{};
  std::optional<std::string> url{};
  std::optional<std::string> icon_url{};
  /// Set by the server.
  std::optional<std::string> proxy_icon_url{};

  friend bool operator==(const EmbedAuthor&, const EmbedAuthor&) = default;
};

/// Embed provider (link embeds; not sendable).
struct EmbedProvider {
  std::string name{};
  std::optional<std::string> url{};

  friend bool operator==(const EmbedProvider&, const EmbedProvider&) = default;
};

/// Embed footer.
struct EmbedFooter {
  std::string text{};
  std::optional<std::string> icon_url{};
  /// Set by the server.
  std::optional<std::string> proxy_icon_url{};

  friend bool operator==(const EmbedFooter&, const EmbedFooter&) = default;
};

/// An image, thumbnail, video or audio item. Only `url` and `description` can be sent
/// (`image` and `thumbnail`; `attachment://<filename>` refers to an uploaded file).
struct EmbedMedia {
  std::string url{};
  std::optional<std::string> description{};
  /// The rest is set by the server.
  std::optional<std::string> proxy_url{};
  std::optional<int> width{};
  std::optional<int> height{};
  std::optional<std::string> content_type{};
  std::optional<std::string> content_hash{};
  std::optional<std::string> placeholder{};
  /// Length in seconds, as sent.
  std::optional<std::chrono::duration<double>> duration{};
  std::uint32_t flags = 0;

  friend bool operator==(const EmbedMedia&, const EmbedMedia&) = default;
};

/// One embed field.
struct EmbedField {
  std::string name{};
  std::string value{};
  /// JSON `inline`.
  bool is_inline = false;

  friend bool operator==(const EmbedField&, const EmbedField&) = default;
};

/// An embed. Received embeds have a `type` ("rich", "link", "image", "video", "audio",
/// "gifv", "article", "bluesky"); sent embeds are always rich. Build sendable embeds with
/// EmbedBuilder, which checks the server's limits.
struct Embed {
  std::string type = "rich";
  std::optional<std::string> title{};
  std::optional<std::string> description{};
  std::optional<std::string> url{};
  std::optional<Timestamp> timestamp{};
  /// 0xRRGGBB.
  std::optional<std::uint32_t> color{};
  std::optional<EmbedAuthor> author{};
  std::optional<EmbedProvider> provider{};
  std::optional<EmbedMedia> thumbnail{};
  std::optional<EmbedMedia> image{};
  std::optional<EmbedMedia> video{};
  std::optional<EmbedMedia> audio{};
  std::optional<EmbedFooter> footer{};
  std::vector<EmbedField> fields{};
  std::optional<bool> nsfw{};

  friend bool operator==(const Embed&, const Embed&) = default;
};

}  // namespace fluxer
