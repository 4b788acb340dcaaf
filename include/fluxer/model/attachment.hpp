#pragma once
/// @file
/// Attachment: a file attached to a message.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>

namespace fluxer {

/// Attachment flags (`Attachment::flags`).
namespace attachment_flags {
inline constexpr std::uint32_t IS_SPOILER = 1u << 3;
inline constexpr std::uint32_t CONTAINS_EXPLICIT_MEDIA = 1u << 4;
inline constexpr std::uint32_t IS_ANIMATED = 1u << 5;
}  // namespace attachment_flags

/// A received attachment. Attachments decay: after `expires_at` the server nulls `url` and
/// `proxy_url` (and may set `expired`).
struct Attachment {
  Snowflake id{};
  std::string filename{};
  std::optional<std::string> title{};
  std::optional<std::string> description{};
  std::optional<std::string> content_type{};
  std::optional<std::string> content_hash{};
  /// Bytes.
  std::uint64_t size = 0;
  /// Null once the attachment has decayed.
  std::optional<std::string> url{};
  std::optional<std::string> proxy_url{};
  std::optional<int> width{};
  std::optional<int> height{};
  /// Blur-hash style placeholder for images.
  std::optional<std::string> placeholder{};
  /// See `attachment_flags`.
  std::uint32_t flags = 0;
  std::optional<bool> nsfw{};
  /// Audio/video length in seconds, as sent.
  std::optional<std::chrono::duration<double>> duration{};
  /// Voice messages ([B]): base64 waveform.
  std::optional<std::string> waveform{};
  /// When `url` stops working; null = never.
  std::optional<Timestamp> expires_at{};
  /// Set by the server once decayed.
  bool expired = false;

  /// True when the server marked it expired or `expires_at` is not after `now`.
  [[nodiscard]] bool is_expired(Timestamp now) const noexcept {
    return expired || (expires_at && *expires_at <= now);
  }
  [[nodiscard]] bool is_spoiler() const noexcept { return (flags & attachment_flags::IS_SPOILER) != 0; }

  friend bool operator==(const Attachment&, const Attachment&) = default;
};

}  // namespace fluxer
