#pragma once
/// @file
/// Computing a member's effective permissions in a guild and in a channel.

#include <span>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/permissions.hpp>
#include <fluxer/model/role.hpp>

namespace fluxer {

/// A member's guild-level permissions:
/// 1. the guild owner has everything (`Permissions::all()`);
/// 2. otherwise the @everyone role (the role whose id is the guild id) OR every role in
///    `member_role_ids` (ids not found in `roles` are ignored);
/// 3. if that includes ADMINISTRATOR, everything.
[[nodiscard]] Permissions base_permissions(Snowflake guild_id, Snowflake owner_id, std::span<const Role> roles,
                                           Snowflake user_id, std::span<const Snowflake> member_role_ids) noexcept;

/// A member's permissions in a channel, from their guild-level `base` permissions:
/// 1. with ADMINISTRATOR in `base` (owners included), everything; overwrites are skipped;
/// 2. the @everyone overwrite (role overwrite whose id is the guild id): deny, then allow;
/// 3. all role overwrites for the member's roles combined: deny of the union, then allow of
///    the union;
/// 4. the member's own overwrite: deny, then allow.
/// Implicit denials (e.g. no VIEW_CHANNEL) are not applied; check VIEW_CHANNEL yourself.
[[nodiscard]] Permissions channel_permissions(Permissions base, Snowflake guild_id, Snowflake user_id,
                                              std::span<const Snowflake> member_role_ids,
                                              std::span<const PermissionOverwrite> overwrites) noexcept;

/// `base_permissions` with the guild's owner and roles (`guild.roles` must be filled, e.g.
/// from GUILD_CREATE).
[[nodiscard]] Permissions base_permissions(const Guild& guild, Snowflake user_id,
                                           std::span<const Snowflake> member_role_ids) noexcept;

/// `channel_permissions` for `channel` of `guild`, starting from `base_permissions`.
[[nodiscard]] Permissions channel_permissions(const Guild& guild, const Channel& channel, Snowflake user_id,
                                              std::span<const Snowflake> member_role_ids) noexcept;

}  // namespace fluxer
