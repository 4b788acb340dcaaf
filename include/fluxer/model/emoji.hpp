#pragma once
/// @file
/// Emoji: a guild emoji, or the emoji of a reaction (custom or Unicode).

#include <optional>
#include <string>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// A custom guild emoji (`{id, name, animated}`, plus `user` in list routes) or a reaction
/// emoji, which for a Unicode emoji has only `name` (the emoji itself).
struct Emoji {
  /// Absent for Unicode emoji.
  std::optional<Snowflake> id{};
  /// The custom emoji's name, or the Unicode emoji.
  std::string name{};
  /// Absent when the payload did not say. Reaction events send it only on the first reaction
  /// with that emoji, so absent does not mean "not animated".
  std::optional<bool> animated{};
  /// The uploader (guild emoji list routes only).
  std::optional<User> user{};

  /// True for a custom emoji (it has an id).
  [[nodiscard]] bool is_custom() const noexcept { return id.has_value(); }
  /// What the reaction routes take in their path: `name:id` for custom emoji, the emoji
  /// itself for Unicode (not URL-encoded).
  [[nodiscard]] std::string reaction_key() const;
  /// How to write it in message content: `<:name:id>` / `<a:name:id>`, or the Unicode emoji.
  [[nodiscard]] std::string mention() const;

  friend bool operator==(const Emoji&, const Emoji&) = default;
};

}  // namespace fluxer
