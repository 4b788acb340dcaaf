#pragma once
/// @file
/// Sticker: a guild sticker, or the sticker item attached to a message.

#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// Sticker image formats (`format_type`).
namespace sticker_format {
inline constexpr int PNG = 1;
inline constexpr int APNG = 2;
inline constexpr int LOTTIE = 3;
inline constexpr int GIF = 4;
}  // namespace sticker_format

/// A sticker. Guild stickers are `{id, name, description, tags, format_type}` (+`user` in
/// list routes). Stickers on messages are items: [A] `{id, name, format_type}`,
/// [B] `{id, name, animated, nsfw?}`; fields a shape lacks stay empty.
struct Sticker {
  Snowflake id{};
  std::string name{};
  std::optional<std::string> description{};
  std::vector<std::string> tags{};
  /// See `sticker_format` ([A] items and guild stickers).
  std::optional<int> format_type{};
  /// [B] message items.
  std::optional<bool> animated{};
  std::optional<bool> nsfw{};
  /// The uploader (guild sticker list routes only).
  std::optional<User> user{};

  friend bool operator==(const Sticker&, const Sticker&) = default;
};

}  // namespace fluxer
