#pragma once
/// @file
/// EmbedBuilder: builds a rich embed and checks the server's limits.

#include <cstdint>
#include <string>
#include <utility>

#include <fluxer/core/result.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/embed.hpp>

namespace fluxer {

/// Builds a rich Embed. Setters never fail; `build()` checks every limit the server
/// enforces (see `validate(const Embed&)`) and names the first offending field:
///
/// ```cpp
/// auto embed = fluxer::EmbedBuilder{}
///                  .title("Status")
///                  .description("All systems nominal")
///                  .color(0x2ecc71)
///                  .add_field("Uptime", "3 days", true)
///                  .build();  // Result<Embed>
/// ```
class EmbedBuilder {
 public:
  EmbedBuilder() = default;
  /// Starts from an existing embed (e.g. to edit a received one).
  explicit EmbedBuilder(Embed embed) : embed_(std::move(embed)) {}

  /// ≤256 characters.
  EmbedBuilder& title(std::string text);
  /// ≤4096 characters.
  EmbedBuilder& description(std::string text);
  /// Makes the title a link (≤2048 characters).
  EmbedBuilder& url(std::string url);
  EmbedBuilder& timestamp(Timestamp t);
  /// 0xRRGGBB.
  EmbedBuilder& color(std::uint32_t rgb);
  /// Name 1–256 characters; url and icon_url optional (empty = none).
  EmbedBuilder& author(std::string name, std::string url = {}, std::string icon_url = {});
  /// Text 1–2048 characters; icon_url optional.
  EmbedBuilder& footer(std::string text, std::string icon_url = {});
  /// An image URL, or `attachment://<filename>` for a file uploaded with the message.
  EmbedBuilder& image(std::string url, std::string description = {});
  EmbedBuilder& thumbnail(std::string url, std::string description = {});
  /// Name 1–256 and value 1–1024 characters; at most 25 fields.
  EmbedBuilder& add_field(std::string name, std::string value, bool is_inline = false);
  /// Removes all fields.
  EmbedBuilder& clear_fields();

  /// The embed as built so far, unchecked.
  [[nodiscard]] const Embed& peek() const noexcept { return embed_; }
  /// The embed, or an InvalidArgument error naming the first field over a limit.
  [[nodiscard]] Result<Embed> build() const;

 private:
  Embed embed_{};
};

}  // namespace fluxer
