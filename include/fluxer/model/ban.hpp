#pragma once
/// @file
/// Ban: an entry of `GET /guilds/{id}/bans`.

#include <optional>
#include <string>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// A guild ban. Temporary bans have `expires_at`.
struct Ban {
  User user{};
  std::optional<std::string> reason{};
  std::optional<Snowflake> moderator_id{};
  std::optional<Timestamp> banned_at{};
  /// Null = permanent.
  std::optional<Timestamp> expires_at{};

  friend bool operator==(const Ban&, const Ban&) = default;
};

}  // namespace fluxer
