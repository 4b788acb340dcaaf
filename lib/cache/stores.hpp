#pragma once
// The three kinds of lock shard the cache is made of, and the entries they hold.
//
//   GuildShard   (by guild id)   guilds with their roles, channel id lists, emoji and sticker
//                                lists, voice states and member indexes; the members
//                                themselves; interned role lists
//   ChannelShard (by channel id) channels, and the messages of those channels
//   UserShard    (by user id)    users and their presences
//
// Lock order: a guild shard, then a channel shard, then a user shard; never two shards of
// the same kind at once (except clear(), which takes all of them in index order).

#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>

#include "cache/blob.hpp"
#include "cache/fifo.hpp"
#include "cache/handle_index.hpp"
#include "cache/role_lists.hpp"
#include "cache/slab.hpp"
#include "cache/stored_member.hpp"
#include "cache/stored_role.hpp"
#include "cache/stored_user.hpp"

namespace fluxer::cache_detail {

/// The hash every index and shard choice starts from.
[[nodiscard]] inline std::uint64_t hash_id(std::uint64_t id) noexcept {
  return std::hash<Snowflake>{}(Snowflake{id});
}

/// One voice connection of a guild (its packed VoiceState has no member: that is in the
/// member store).
struct VoiceEntry {
  std::uint64_t user_id = 0;
  std::string connection_id;
  bool has_connection_id = false;
  Blob data;
};

struct GuildEntry {
  std::uint64_t id = 0;
  /// Packed Guild properties; empty for a placeholder never seen available.
  Blob properties;
  std::vector<RoleEntry> roles;
  std::vector<Snowflake> channel_ids;
  Blob emojis;    // packed std::vector<Emoji>
  Blob stickers;  // packed std::vector<Sticker>
  std::uint32_t emoji_count = 0;
  std::uint32_t sticker_count = 0;
  std::vector<VoiceEntry> voice_states;
  /// user id -> handle in GuildShard::members.
  HandleIndex members;
  std::int64_t joined_at = kNoTime;
  std::int32_t member_count = 0;
  std::int32_t online_count = 0;
  std::uint8_t bits = 0;

  static constexpr std::uint8_t kUnavailable = 1u << 0;
  static constexpr std::uint8_t kUnavailableHidden = 1u << 1;
  static constexpr std::uint8_t kHasProperties = 1u << 2;
  static constexpr std::uint8_t kHasMemberCount = 1u << 3;
  static constexpr std::uint8_t kHasOnlineCount = 1u << 4;

  [[nodiscard]] bool unavailable() const noexcept { return (bits & kUnavailable) != 0; }
};

struct alignas(64) GuildShard {
  mutable std::shared_mutex mutex;
  Slab<GuildEntry> guilds;
  HandleIndex guild_index;
  Fifo guild_fifo;
  Slab<MemberEntry> members;
  Fifo member_fifo;
  RoleLists role_lists;
  /// Sum of the members' extras blobs.
  std::size_t member_blob_bytes = 0;
};

struct ChannelEntry {
  std::uint64_t id = 0;
  /// 0 for DM / group DM channels.
  std::uint64_t guild_id = 0;
  /// Kept apart from the packed channel: every MESSAGE_CREATE updates it.
  std::uint64_t last_message_id = 0;
  Blob data;  // packed Channel
  std::uint32_t msg_head = kNoHandle;
  std::uint32_t msg_tail = kNoHandle;
  std::uint32_t msg_count = 0;
  std::uint8_t bits = 0;

  /// last_message_id above overrides the packed one.
  static constexpr std::uint8_t kLastMessageOverride = 1u << 0;
};

struct MessageEntry {
  std::uint64_t id = 0;
  Blob data;  // packed Message
  std::uint32_t channel = kNoHandle;
  std::uint32_t prev = kNoHandle;
  std::uint32_t next = kNoHandle;
};

struct alignas(64) ChannelShard {
  mutable std::shared_mutex mutex;
  Slab<ChannelEntry> channels;
  HandleIndex channel_index;
  Fifo channel_fifo;
  Slab<MessageEntry> messages;
  HandleIndex message_index;
  Fifo message_fifo;
  std::size_t channel_blob_bytes = 0;
  std::size_t message_blob_bytes = 0;
};

struct PresenceEntry {
  std::uint64_t user_id = 0;
  std::uint64_t guild_id = 0;
  Blob custom_status;  // packed CustomStatus
  std::uint8_t status = 0;
  std::uint8_t bits = 0;

  static constexpr std::uint8_t kMobile = 1u << 0;
  static constexpr std::uint8_t kAfk = 1u << 1;
  static constexpr std::uint8_t kHasGuild = 1u << 2;
};

struct alignas(64) UserShard {
  mutable std::shared_mutex mutex;
  Slab<UserEntry> users;
  HandleIndex user_index;
  Fifo user_fifo;
  Slab<PresenceEntry> presences;
  HandleIndex presence_index;
  std::size_t user_string_bytes = 0;
  std::size_t presence_blob_bytes = 0;
};

}  // namespace fluxer::cache_detail
