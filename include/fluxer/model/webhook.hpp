#pragma once
/// @file
/// Webhook.

#include <optional>
#include <string>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// A channel webhook. `token` is returned to everyone who may manage it; treat it as a
/// secret (it allows posting without a bot token).
struct Webhook {
  Snowflake id{};
  std::optional<Snowflake> guild_id{};
  Snowflake channel_id{};
  /// The creator.
  std::optional<User> user{};
  std::string name{};
  std::optional<std::string> avatar{};
  std::optional<std::string> token{};

  friend bool operator==(const Webhook&, const Webhook&) = default;
};

}  // namespace fluxer
