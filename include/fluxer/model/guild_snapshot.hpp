#pragma once
/// @file
/// GuildSnapshot: the "guild ready object" of GUILD_CREATE and READY.

#include <optional>
#include <vector>

#include <fluxer/core/time.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/voice_state.hpp>

namespace fluxer {

/// Everything a session learns about a guild when it becomes available. On the wire the
/// guild object is nested under `properties` (not Discord-shaped); the decoder puts it in
/// `guild` together with the top-level `roles`, `channels`, `emojis`, `stickers`,
/// `member_count` and `online_count`, and fills `guild.id` and each channel's `guild_id`.
///
/// An unavailable guild is only `{id, unavailable: true[, unavailable_hidden: true]}`:
/// then `unavailable` is true and everything else is empty. A later full GUILD_CREATE
/// replaces the placeholder.
struct GuildSnapshot {
  Guild guild{};
  /// Only the bot's own member (newer servers: plus members named in `voice_states`). In
  /// the post-READY burst each member's `user` holds only the id.
  std::vector<GuildMember> members{};
  /// Voice states in channels the session can view.
  std::vector<VoiceState> voice_states{};
  /// Always empty in practice (presences come as separate events).
  std::vector<Presence> presences{};
  /// When the current user joined; null if not a member.
  std::optional<Timestamp> joined_at{};
  bool unavailable = false;
  bool unavailable_hidden = false;  ///< [B]

  friend bool operator==(const GuildSnapshot&, const GuildSnapshot&) = default;
};

}  // namespace fluxer
