#pragma once
/// @file
/// CacheUpdate: what `Cache::apply` did with one event, and what the event replaced.

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include <fluxer/core/error.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/voice_state.hpp>

namespace fluxer {

/// How a GUILD_CREATE / GUILD_SYNC / GUILD_DELETE changed the guild's presence in the cache.
///
/// The cache cannot tell a join from a guild of the post-READY burst on its own: on newer
/// servers both are a full GUILD_CREATE of a guild it never saw (`Added`). A client that
/// must not report the initial guilds as "joined" combines `Added` with its own knowledge of
/// the burst (on older servers the burst is announced by unavailable placeholders first, and
/// those guilds then arrive as `BecameAvailable`).
enum class GuildChange : std::uint8_t {
  /// The event was not about a guild's availability.
  None,
  /// A full guild the cache did not hold (a join, a guild of the initial burst, or one
  /// evicted under the `guilds` limit coming back).
  Added,
  /// An unavailable placeholder for a guild the cache did not hold.
  AddedUnavailable,
  /// A full guild the cache held as unavailable (a placeholder, or an outage that ended).
  BecameAvailable,
  /// A full guild the cache already held as available: its data was refreshed.
  Refreshed,
  /// GUILD_DELETE / placeholder with `unavailable` for a guild the cache held as available
  /// (an outage): the data is kept, marked unavailable.
  BecameUnavailable,
  /// An unavailable placeholder for a guild already held as unavailable.
  StillUnavailable,
  /// GUILD_DELETE without `unavailable`: the bot left or the guild was deleted; everything
  /// the cache held for it is gone (`before` holds the guild when it was cached).
  Removed,
};

/// Whether `Cache::apply` copies out the values an event replaces or removes.
enum class BeforeValues : std::uint8_t {
  Collect,  ///< Fill CacheUpdate::before (costs a copy for updates and deletes).
  Skip,     ///< Leave it empty.
};

/// The cached value(s) an event replaced or removed, as they were just before it.
///
/// | event | `before` holds |
/// | --- | --- |
/// | GUILD_UPDATE | Guild (properties; collections empty) |
/// | GUILD_DELETE (removed) | Guild with its roles, channels, emojis, stickers |
/// | CHANNEL_UPDATE, CHANNEL_DELETE, CHANNEL_PINS_UPDATE, CHANNEL_RECIPIENT_* | Channel |
/// | CHANNEL_UPDATE_BULK | vector<Channel> (those that were cached) |
/// | GUILD_ROLE_UPDATE, GUILD_ROLE_DELETE | Role |
/// | GUILD_ROLE_UPDATE_BULK | vector<Role> (those that were cached) |
/// | GUILD_EMOJIS_UPDATE / GUILD_STICKERS_UPDATE | vector<Emoji> / vector<Sticker> |
/// | GUILD_MEMBER_UPDATE, GUILD_MEMBER_REMOVE | GuildMember (with its user) |
/// | USER_UPDATE | CurrentUser |
/// | MESSAGE_UPDATE, MESSAGE_DELETE | Message |
/// | MESSAGE_DELETE_BULK | vector<Message> (those that were cached) |
/// | VOICE_STATE_UPDATE | VoiceState (the same connection's previous state) |
///
/// Nothing (monostate) when the value was not cached, for other events, or with
/// BeforeValues::Skip.
using CachedBefore = std::variant<std::monostate, Guild, Channel, Role, GuildMember, CurrentUser, Message, VoiceState,
                                  std::vector<Channel>, std::vector<Role>, std::vector<Message>, std::vector<Emoji>,
                                  std::vector<Sticker>>;

/// The outcome of `Cache::apply` for one event.
struct CacheUpdate {
  /// Set for GUILD_CREATE, GUILD_SYNC and GUILD_DELETE.
  GuildChange guild_change = GuildChange::None;
  /// See CachedBefore.
  CachedBefore before{};
  /// Set when part of the event could not be stored (e.g. a member without a user id):
  /// kind Decode, naming the field. The rest of the event was applied.
  std::optional<Error> error{};

  /// The before value as a T, or nullptr.
  template <class T>
  [[nodiscard]] const T* before_as() const noexcept {
    return std::get_if<T>(&before);
  }
};

}  // namespace fluxer
