#pragma once
/// @file
/// Payloads the client sends on the gateway (Identify, Resume, Heartbeat, ...). Encode them
/// with the `to_json` overloads in codec.hpp, which produce the full `{"op":N,"d":...}` text.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/nullable.hpp>
#include <fluxer/model/presence.hpp>

namespace fluxer {

/// Gateway opcodes (fluxer-protocol.md §3.3).
enum class GatewayOpcode : int {
  Dispatch = 0,
  Heartbeat = 1,
  Identify = 2,
  PresenceUpdate = 3,
  VoiceStateUpdate = 4,
  VoiceServerPing = 5,  ///< Reserved; never send.
  Resume = 6,
  Reconnect = 7,
  RequestGuildMembers = 8,
  InvalidSession = 9,
  Hello = 10,
  HeartbeatAck = 11,
  GatewayError = 12,
  LazyRequest = 14,
  RequestGuildCounts = 15,
  RequestChannelMemberCounts = 16,
};

/// Identify flag bits (`Identify::flags`).
namespace identify_flags {
/// [B]: coalesce DM reactions into MESSAGE_REACTION_ADD_MANY.
inline constexpr std::uint32_t DEBOUNCE_MESSAGE_REACTIONS = 1u << 1;
}  // namespace identify_flags

/// The `os` sent in Identify by default: the platform the SDK was built for.
inline constexpr const char* kDefaultIdentifyOs =
#if defined(_WIN32)
    "windows";
#elif defined(__APPLE__)
    "macos";
#elif defined(__FreeBSD__)
    "freebsd";
#else
    "linux";
#endif

/// Identify `properties`. The server requires the three strings (else close 4002).
struct IdentifyProperties {
  std::string os = kDefaultIdentifyOs;
  std::string browser = "fluxer-cpp";
  std::string device = "fluxer-cpp";

  friend bool operator==(const IdentifyProperties&, const IdentifyProperties&) = default;
};

/// Presence Update (op 3), also the optional presence inside Identify. Fluxer has custom
/// status only (no activities). At most 5 per 20 s per socket are honoured on [B].
struct UpdatePresence {
  /// Online, Idle, Dnd, Invisible or Offline (stored as invisible). Unknown is refused.
  PresenceStatus status = PresenceStatus::Online;
  bool afk = false;
  bool mobile = false;
  /// Absent = leave unchanged (key omitted), null = clear, value = set. Only text,
  /// expires_at, emoji_id and emoji_name are sent.
  Nullable<CustomStatus> custom_status{};

  friend bool operator==(const UpdatePresence&, const UpdatePresence&) = default;
};

/// Identify (op 2). `token` is the raw bot token: the encoder refuses a `Bot ` prefix
/// (the gateway would close 4004). There are no intents; drop events with `ignored_events`.
struct Identify {
  std::string token{};
  IdentifyProperties properties{};
  /// Absent = the saved status.
  std::optional<UpdatePresence> presence{};
  /// Event names the server should not send (≤256; they consume no sequence number).
  std::vector<std::string> ignored_events{};
  /// See `identify_flags`.
  std::uint32_t flags = 0;
  /// [B] `[shard_id, shard_count]`: 1 ≤ count ≤ 16384, 0 ≤ id < count. [A] ignores it.
  std::optional<std::pair<int, int>> shard{};

  friend bool operator==(const Identify&, const Identify&) = default;
};

/// Resume (op 6): all three fields are required.
struct Resume {
  std::string token{};
  std::string session_id{};
  /// The last sequence number whose dispatch was fully processed.
  std::int64_t seq = 0;

  friend bool operator==(const Resume&, const Resume&) = default;
};

/// Heartbeat (op 1): `d` is the last processed sequence number, or null before any.
struct Heartbeat {
  std::optional<std::int64_t> seq{};

  friend bool operator==(const Heartbeat&, const Heartbeat&) = default;
};

/// Voice State Update (op 4). To open a connection: set channel_id (and guild_id; null for
/// a DM call), no connection_id. To leave: channel_id null and [B] the connection_id.
struct UpdateVoiceState {
  /// Null (absent here) for DM / group DM calls.
  std::optional<Snowflake> guild_id{};
  /// Null (absent here) = disconnect.
  std::optional<Snowflake> channel_id{};
  /// Which connection to change; absent = open a new one.
  std::optional<std::string> connection_id{};
  bool self_mute = false;
  bool self_deaf = false;
  bool self_video = false;
  bool self_stream = false;

  friend bool operator==(const UpdateVoiceState&, const UpdateVoiceState&) = default;
};

/// Request Guild Members (op 8) → GUILD_MEMBERS_CHUNK. Empty query + limit 0 + no
/// user_ids = the whole list ([B] bots: once per guild per 30 s, else RATE_LIMITED).
struct RequestGuildMembers {
  Snowflake guild_id{};
  /// Prefix of nick / global name / username, case-insensitive. Ignored with user_ids.
  std::string query{};
  /// [B] clamps to 0..100 (0 with a query = 25).
  std::uint32_t limit = 0;
  /// At most 100; overrides query and limit.
  std::vector<Snowflake> user_ids{};
  bool presences = false;
  /// At most 32 bytes; echoed in the chunks.
  std::optional<std::string> nonce{};

  friend bool operator==(const RequestGuildMembers&, const RequestGuildMembers&) = default;
};

/// A member-list range `[start, end]` for Lazy Request.
using MemberListRange = std::pair<int, int>;

/// One guild's subscription in a Lazy Request.
struct GuildSubscription {
  Snowflake guild_id{};
  std::optional<bool> active{};
  std::optional<bool> sync{};
  /// Receive TYPING_START in this guild.
  std::optional<bool> typing{};
  /// Channel id → member list ranges to subscribe to (→ GUILD_MEMBER_LIST_UPDATE).
  std::vector<std::pair<Snowflake, std::vector<MemberListRange>>> member_list_channels{};
  /// Users whose presence to receive (→ PRESENCE_UPDATE).
  std::vector<Snowflake> members{};

  friend bool operator==(const GuildSubscription&, const GuildSubscription&) = default;
};

/// Lazy Request (op 14): per-guild subscriptions.
struct LazyRequest {
  std::vector<GuildSubscription> subscriptions{};

  friend bool operator==(const LazyRequest&, const LazyRequest&) = default;
};

/// Request Guild Counts (op 15, [B]) → GUILD_COUNTS_UPDATE.
struct RequestGuildCounts {
  /// At most 100.
  std::vector<Snowflake> guild_ids{};
  std::optional<std::string> nonce{};

  friend bool operator==(const RequestGuildCounts&, const RequestGuildCounts&) = default;
};

}  // namespace fluxer
