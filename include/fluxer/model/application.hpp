#pragma once
/// @file
/// Application: `GET /applications/@me`.

#include <cstdint>
#include <optional>
#include <string>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// The bot's application. Its id is the first part of the bot token and differs from the
/// bot user's id.
struct Application {
  Snowflake id{};
  std::string name{};
  std::optional<std::string> icon{};
  std::optional<std::string> description{};
  /// False for private bots (others get BOT_IS_PRIVATE when adding them).
  bool bot_public = false;
  /// Always false.
  bool bot_require_code_grant = false;
  /// Always null.
  std::optional<std::string> verify_key{};
  std::uint64_t flags = 0;
  /// The bot user.
  std::optional<User> bot{};

  friend bool operator==(const Application&, const Application&) = default;
};

}  // namespace fluxer
