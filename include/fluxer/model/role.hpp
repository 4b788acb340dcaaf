#pragma once
/// @file
/// Role: a guild role.

#include <cstdint>
#include <optional>
#include <string>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/permissions.hpp>

namespace fluxer {

/// A guild role. The @everyone role has the guild's id and position 0; member objects never
/// list it in their `roles`.
struct Role {
  Snowflake id{};
  /// 1–100 characters.
  std::string name{};
  /// 0xRRGGBB; 0 = no colour.
  std::uint32_t color = 0;
  /// Sort position (@everyone = 0).
  int position = 0;
  /// Position among hoisted roles in the member list, if set.
  std::optional<int> hoist_position{};
  Permissions permissions{};
  /// Shown separately in the member list.
  bool hoist = false;
  bool mentionable = false;
  /// Declared by newer servers' docs; not sent in practice.
  std::optional<std::string> unicode_emoji{};

  /// `<@&id>`.
  [[nodiscard]] std::string mention() const;

  friend bool operator==(const Role&, const Role&) = default;
};

}  // namespace fluxer
