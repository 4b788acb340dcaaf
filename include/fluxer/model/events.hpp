#pragma once
/// @file
/// Typed gateway dispatch events and DispatchEvent, the variant of all of them.
///
/// Each struct documents what Fluxer sends (fluxer-protocol.md §4). Guild-scoped events
/// carry `guild_id`; in DMs it is absent. Decode with `decode_dispatch()` (codec.hpp).

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fluxer/core/error.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/audit_log.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/event_names.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/guild_snapshot.hpp>
#include <fluxer/model/invite.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/voice_state.hpp>

namespace fluxer {

// ---------------------------------------------------------------- session / current user

/// A voice region offered in READY. [A] sends only ids (then `name`/`emoji` are empty);
/// [B] sends objects and starts with `{id: "automatic"}`.
struct RtcRegion {
  std::string id{};
  std::string name{};
  std::string emoji{};

  friend bool operator==(const RtcRegion&, const RtcRegion&) = default;
};

/// The `[shard_id, shard_count]` pair.
struct ShardInfo {
  int id = 0;
  int count = 1;

  friend bool operator==(const ShardInfo&, const ShardInfo&) = default;
};

/// READY: the first dispatch (seq 1) after Identify. Bots always get `guilds = []`; their
/// guilds follow as a GUILD_CREATE (or unavailable GUILD_DELETE) burst. User-client fields
/// (relationships, read states, settings, ...) are not decoded.
struct Ready {
  static constexpr std::string_view kName = events::READY;
  /// Always 1.
  int version = 0;
  /// Keep for Resume.
  std::string session_id{};
  CurrentUser user{};
  /// Empty for bots.
  std::vector<GuildSnapshot> guilds{};
  /// DM and group DM channels.
  std::vector<Channel> private_channels{};
  std::vector<RtcRegion> rtc_regions{};
  std::optional<std::string> country_code{};
  /// [B]: echo of the accepted shard pair, when Identify sent one.
  std::optional<ShardInfo> shard{};

  friend bool operator==(const Ready&, const Ready&) = default;
};

/// RESUMED: replay after a Resume is complete. [A] sends `d: null`, [B] `{}`; both decode
/// to this empty struct.
struct Resumed {
  static constexpr std::string_view kName = events::RESUMED;
  friend bool operator==(const Resumed&, const Resumed&) = default;
};

/// USER_UPDATE: the bot's own account changed (full private user object).
struct UserUpdate {
  static constexpr std::string_view kName = events::USER_UPDATE;
  CurrentUser user{};
  friend bool operator==(const UserUpdate&, const UserUpdate&) = default;
};

/// RATE_LIMITED [B]: a Request Guild Members (op 8) was refused by the per-guild budget.
struct RateLimited {
  static constexpr std::string_view kName = events::RATE_LIMITED;
  /// The refused opcode (always 8).
  int opcode = 0;
  /// How long to wait (sent as fractional seconds; rounded up here).
  std::chrono::milliseconds retry_after{0};
  /// `meta.guild_id`.
  std::optional<Snowflake> guild_id{};
  /// `meta.nonce`, echoed when the request had one.
  std::optional<std::string> nonce{};
  friend bool operator==(const RateLimited&, const RateLimited&) = default;
};

// ---------------------------------------------------------------- guilds

/// GUILD_CREATE: a guild became available (the post-READY burst, a join, or recovery), or
/// [A] an `{id, unavailable: true}` placeholder right after READY. See GuildSnapshot.
struct GuildCreate : GuildSnapshot {
  static constexpr std::string_view kName = events::GUILD_CREATE;
  friend bool operator==(const GuildCreate&, const GuildCreate&) = default;
};

/// GUILD_SYNC: replacement snapshot after a Lazy Request `sync` (user sessions).
struct GuildSync : GuildSnapshot {
  static constexpr std::string_view kName = events::GUILD_SYNC;
  friend bool operator==(const GuildSync&, const GuildSync&) = default;
};

/// GUILD_UPDATE: the full guild object (collections empty). Also the only event an
/// unavailable guild still sends.
struct GuildUpdate {
  static constexpr std::string_view kName = events::GUILD_UPDATE;
  Guild guild{};
  friend bool operator==(const GuildUpdate&, const GuildUpdate&) = default;
};

/// GUILD_DELETE: `{id}` when the bot left / was removed, `{id, unavailable: true}` during
/// an outage (a later GUILD_CREATE restores it), `{id, guild_id}` [B] when the guild itself
/// was deleted.
struct GuildDelete {
  static constexpr std::string_view kName = events::GUILD_DELETE;
  Snowflake id{};
  bool unavailable = false;
  bool unavailable_hidden = false;
  /// Present ([B]) only when the guild itself was deleted.
  std::optional<Snowflake> guild_id{};
  /// True when the bot is no longer in the guild (not a mere outage).
  [[nodiscard]] bool removed() const noexcept { return !unavailable; }
  friend bool operator==(const GuildDelete&, const GuildDelete&) = default;
};

/// GUILD_ROLE_CREATE.
struct GuildRoleCreate {
  static constexpr std::string_view kName = events::GUILD_ROLE_CREATE;
  Snowflake guild_id{};
  Role role{};
  friend bool operator==(const GuildRoleCreate&, const GuildRoleCreate&) = default;
};

/// GUILD_ROLE_UPDATE: exactly one role changed (complete role).
struct GuildRoleUpdate {
  static constexpr std::string_view kName = events::GUILD_ROLE_UPDATE;
  Snowflake guild_id{};
  Role role{};
  friend bool operator==(const GuildRoleUpdate&, const GuildRoleUpdate&) = default;
};

/// GUILD_ROLE_UPDATE_BULK: several roles changed together (usually a reorder).
struct GuildRoleUpdateBulk {
  static constexpr std::string_view kName = events::GUILD_ROLE_UPDATE_BULK;
  Snowflake guild_id{};
  std::vector<Role> roles{};
  friend bool operator==(const GuildRoleUpdateBulk&, const GuildRoleUpdateBulk&) = default;
};

/// GUILD_ROLE_DELETE.
struct GuildRoleDelete {
  static constexpr std::string_view kName = events::GUILD_ROLE_DELETE;
  Snowflake guild_id{};
  Snowflake role_id{};
  friend bool operator==(const GuildRoleDelete&, const GuildRoleDelete&) = default;
};

/// GUILD_EMOJIS_UPDATE: the complete emoji list (no per-emoji events exist).
struct GuildEmojisUpdate {
  static constexpr std::string_view kName = events::GUILD_EMOJIS_UPDATE;
  Snowflake guild_id{};
  std::vector<Emoji> emojis{};
  friend bool operator==(const GuildEmojisUpdate&, const GuildEmojisUpdate&) = default;
};

/// GUILD_STICKERS_UPDATE: the complete sticker list.
struct GuildStickersUpdate {
  static constexpr std::string_view kName = events::GUILD_STICKERS_UPDATE;
  Snowflake guild_id{};
  std::vector<Sticker> stickers{};
  friend bool operator==(const GuildStickersUpdate&, const GuildStickersUpdate&) = default;
};

/// GUILD_MEMBER_ADD: the full member object plus `guild_id`.
struct GuildMemberAdd {
  static constexpr std::string_view kName = events::GUILD_MEMBER_ADD;
  Snowflake guild_id{};
  GuildMember member{};
  friend bool operator==(const GuildMemberAdd&, const GuildMemberAdd&) = default;
};

/// GUILD_MEMBER_UPDATE: the full member object plus `guild_id`.
struct GuildMemberUpdate {
  static constexpr std::string_view kName = events::GUILD_MEMBER_UPDATE;
  Snowflake guild_id{};
  GuildMember member{};
  friend bool operator==(const GuildMemberUpdate&, const GuildMemberUpdate&) = default;
};

/// GUILD_MEMBER_REMOVE: `user` carries only the id; resolve the rest from the cache.
struct GuildMemberRemove {
  static constexpr std::string_view kName = events::GUILD_MEMBER_REMOVE;
  Snowflake guild_id{};
  User user{};
  friend bool operator==(const GuildMemberRemove&, const GuildMemberRemove&) = default;
};

/// GUILD_MEMBERS_CHUNK: one part of the answer to Request Guild Members (op 8). A request
/// that matched nobody still yields one chunk with no members.
struct GuildMembersChunk {
  static constexpr std::string_view kName = events::GUILD_MEMBERS_CHUNK;
  Snowflake guild_id{};
  /// Up to 1000.
  std::vector<GuildMember> members{};
  int chunk_index = 0;
  int chunk_count = 1;
  /// Present only when the request asked for presences.
  std::vector<Presence> presences{};
  std::optional<std::string> nonce{};
  friend bool operator==(const GuildMembersChunk&, const GuildMembersChunk&) = default;
};

/// A group header of a subscribed member list.
struct MemberListGroup {
  /// A hoisted role id, "online" or "offline".
  std::string id{};
  int count = 0;
  friend bool operator==(const MemberListGroup&, const MemberListGroup&) = default;
};

/// One position of a member list: a group header or a member (with its presence).
struct MemberListItem {
  std::optional<MemberListGroup> group{};
  std::optional<GuildMember> member{};
  /// The member's presence (`member.presence` on the wire).
  std::optional<Presence> presence{};
  friend bool operator==(const MemberListItem&, const MemberListItem&) = default;
};

/// One operation on a member list ([B] sends only "SYNC").
struct MemberListOp {
  std::string op{};
  /// Inclusive `[start, end]`.
  std::array<int, 2> range{0, 0};
  std::vector<MemberListItem> items{};
  friend bool operator==(const MemberListOp&, const MemberListOp&) = default;
};

/// GUILD_MEMBER_LIST_UPDATE: a member list subscribed with a Lazy Request
/// (`member_list_channels`) resynchronised.
struct GuildMemberListUpdate {
  static constexpr std::string_view kName = events::GUILD_MEMBER_LIST_UPDATE;
  Snowflake guild_id{};
  /// The list id (the channel id as a string).
  std::string id{};
  std::optional<Snowflake> channel_id{};
  int member_count = 0;
  int online_count = 0;
  std::vector<MemberListGroup> groups{};
  std::vector<MemberListOp> ops{};
  friend bool operator==(const GuildMemberListUpdate&, const GuildMemberListUpdate&) = default;
};

/// GUILD_BAN_ADD: `user` carries only the id.
struct GuildBanAdd {
  static constexpr std::string_view kName = events::GUILD_BAN_ADD;
  Snowflake guild_id{};
  User user{};
  friend bool operator==(const GuildBanAdd&, const GuildBanAdd&) = default;
};

/// GUILD_BAN_REMOVE: `user` carries only the id.
struct GuildBanRemove {
  static constexpr std::string_view kName = events::GUILD_BAN_REMOVE;
  Snowflake guild_id{};
  User user{};
  friend bool operator==(const GuildBanRemove&, const GuildBanRemove&) = default;
};

/// GUILD_AUDIT_LOG_ENTRY_CREATE [B]: sent to holders of VIEW_AUDIT_LOG.
struct GuildAuditLogEntryCreate {
  static constexpr std::string_view kName = events::GUILD_AUDIT_LOG_ENTRY_CREATE;
  Snowflake guild_id{};
  AuditLogEntry entry{};
  friend bool operator==(const GuildAuditLogEntryCreate&, const GuildAuditLogEntryCreate&) = default;
};

/// One entry of GUILD_COUNTS_UPDATE.
struct GuildCounts {
  Snowflake guild_id{};
  int member_count = 0;
  int online_count = 0;
  friend bool operator==(const GuildCounts&, const GuildCounts&) = default;
};

/// GUILD_COUNTS_UPDATE [B]: answer to Request Guild Counts (op 15).
struct GuildCountsUpdate {
  static constexpr std::string_view kName = events::GUILD_COUNTS_UPDATE;
  std::vector<GuildCounts> counts{};
  std::optional<std::string> nonce{};
  friend bool operator==(const GuildCountsUpdate&, const GuildCountsUpdate&) = default;
};

// ---------------------------------------------------------------- channels

/// CHANNEL_CREATE: a channel was created or became visible.
struct ChannelCreate {
  static constexpr std::string_view kName = events::CHANNEL_CREATE;
  Channel channel{};
  friend bool operator==(const ChannelCreate&, const ChannelCreate&) = default;
};

/// CHANNEL_UPDATE: a visible channel changed (full object).
struct ChannelUpdate {
  static constexpr std::string_view kName = events::CHANNEL_UPDATE;
  Channel channel{};
  friend bool operator==(const ChannelUpdate&, const ChannelUpdate&) = default;
};

/// CHANNEL_DELETE: the channel as it was; also sent when it became invisible.
struct ChannelDelete {
  static constexpr std::string_view kName = events::CHANNEL_DELETE;
  Channel channel{};
  friend bool operator==(const ChannelDelete&, const ChannelDelete&) = default;
};

/// CHANNEL_UPDATE_BULK: several channels changed together, trimmed to the visible ones.
struct ChannelUpdateBulk {
  static constexpr std::string_view kName = events::CHANNEL_UPDATE_BULK;
  Snowflake guild_id{};
  std::vector<Channel> channels{};
  friend bool operator==(const ChannelUpdateBulk&, const ChannelUpdateBulk&) = default;
};

/// CHANNEL_PINS_UPDATE.
struct ChannelPinsUpdate {
  static constexpr std::string_view kName = events::CHANNEL_PINS_UPDATE;
  Snowflake channel_id{};
  std::optional<Snowflake> guild_id{};
  /// Null when nothing is pinned any more.
  std::optional<Timestamp> last_pin_timestamp{};
  friend bool operator==(const ChannelPinsUpdate&, const ChannelPinsUpdate&) = default;
};

/// CHANNEL_RECIPIENT_ADD: a user joined a group DM.
struct ChannelRecipientAdd {
  static constexpr std::string_view kName = events::CHANNEL_RECIPIENT_ADD;
  Snowflake channel_id{};
  User user{};
  friend bool operator==(const ChannelRecipientAdd&, const ChannelRecipientAdd&) = default;
};

/// CHANNEL_RECIPIENT_REMOVE: a user left a group DM.
struct ChannelRecipientRemove {
  static constexpr std::string_view kName = events::CHANNEL_RECIPIENT_REMOVE;
  Snowflake channel_id{};
  User user{};
  friend bool operator==(const ChannelRecipientRemove&, const ChannelRecipientRemove&) = default;
};

/// WEBHOOKS_UPDATE: the webhooks of a channel changed (no webhook data; fetch them).
struct WebhooksUpdate {
  static constexpr std::string_view kName = events::WEBHOOKS_UPDATE;
  Snowflake guild_id{};
  Snowflake channel_id{};
  friend bool operator==(const WebhooksUpdate&, const WebhooksUpdate&) = default;
};

/// INVITE_CREATE: the full invite with metadata (only to holders of MANAGE_CHANNELS).
struct InviteCreate {
  static constexpr std::string_view kName = events::INVITE_CREATE;
  Invite invite{};
  std::optional<Snowflake> guild_id{};
  /// The invite's channel id (from `channel.id`, or a top-level `channel_id`).
  std::optional<Snowflake> channel_id{};
  friend bool operator==(const InviteCreate&, const InviteCreate&) = default;
};

/// INVITE_DELETE.
struct InviteDelete {
  static constexpr std::string_view kName = events::INVITE_DELETE;
  std::string code{};
  std::optional<Snowflake> channel_id{};
  std::optional<Snowflake> guild_id{};
  friend bool operator==(const InviteDelete&, const InviteDelete&) = default;
};

/// TYPING_START. The wire timestamp is Unix milliseconds on [A] and seconds on [B]; values
/// above 10^11 are read as milliseconds, so `timestamp` is right for both.
struct TypingStart {
  static constexpr std::string_view kName = events::TYPING_START;
  Snowflake channel_id{};
  Snowflake user_id{};
  Timestamp timestamp{};
  std::optional<Snowflake> guild_id{};
  /// In guilds (with `user`).
  std::optional<GuildMember> member{};
  friend bool operator==(const TypingStart&, const TypingStart&) = default;
};

// ---------------------------------------------------------------- messages and reactions

/// MESSAGE_CREATE: the full message; in guilds with `guild_id` and `member` (the member has
/// no `user`: the account is `message.author`). `nonce` is echoed only here.
struct MessageCreate {
  static constexpr std::string_view kName = events::MESSAGE_CREATE;
  Message message{};
  /// Type of the channel the message was sent in.
  std::optional<ChannelType> channel_type{};
  /// [B]: the message has an @here mention.
  bool mention_here = false;
  friend bool operator==(const MessageCreate&, const MessageCreate&) = default;
};

/// MESSAGE_UPDATE: always the full current message (never partial).
struct MessageUpdate {
  static constexpr std::string_view kName = events::MESSAGE_UPDATE;
  Message message{};
  friend bool operator==(const MessageUpdate&, const MessageUpdate&) = default;
};

/// MESSAGE_DELETE. Usually carries the deleted `content` and `author_id`; both are omitted
/// when a moderation tool deleted the message.
struct MessageDelete {
  static constexpr std::string_view kName = events::MESSAGE_DELETE;
  Snowflake id{};
  Snowflake channel_id{};
  std::optional<Snowflake> guild_id{};
  std::optional<std::string> content{};
  std::optional<Snowflake> author_id{};
  /// [B], guilds: the author's member object (no `user`).
  std::optional<GuildMember> member{};
  friend bool operator==(const MessageDelete&, const MessageDelete&) = default;
};

/// MESSAGE_DELETE_BULK.
struct MessageDeleteBulk {
  static constexpr std::string_view kName = events::MESSAGE_DELETE_BULK;
  std::vector<Snowflake> ids{};
  Snowflake channel_id{};
  std::optional<Snowflake> guild_id{};
  friend bool operator==(const MessageDeleteBulk&, const MessageDeleteBulk&) = default;
};

/// The shape shared by MESSAGE_REACTION_ADD and MESSAGE_REACTION_REMOVE.
struct MessageReactionData {
  Snowflake user_id{};
  Snowflake channel_id{};
  Snowflake message_id{};
  /// `{name}` for Unicode, `{id, name, animated?}` for custom emoji.
  Emoji emoji{};
  std::optional<Snowflake> guild_id{};
  /// In guilds (with `user`).
  std::optional<GuildMember> member{};
  /// DMs only: the session of the request that reacted.
  std::optional<std::string> session_id{};
  friend bool operator==(const MessageReactionData&, const MessageReactionData&) = default;
};

/// MESSAGE_REACTION_ADD. A bot that does not pass `session_id` to the REST call also
/// receives its own reactions.
struct MessageReactionAdd : MessageReactionData {
  static constexpr std::string_view kName = events::MESSAGE_REACTION_ADD;
  friend bool operator==(const MessageReactionAdd&, const MessageReactionAdd&) = default;
};

/// MESSAGE_REACTION_REMOVE.
struct MessageReactionRemove : MessageReactionData {
  static constexpr std::string_view kName = events::MESSAGE_REACTION_REMOVE;
  friend bool operator==(const MessageReactionRemove&, const MessageReactionRemove&) = default;
};

/// One addition inside MESSAGE_REACTION_ADD_MANY.
struct ReactionAddition {
  Snowflake user_id{};
  Emoji emoji{};
  std::optional<GuildMember> member{};
  friend bool operator==(const ReactionAddition&, const ReactionAddition&) = default;
};

/// MESSAGE_REACTION_ADD_MANY [B]: coalesced DM reactions, only with the identify flag
/// DEBOUNCE_MESSAGE_REACTIONS. Channel and message come from the first addition.
struct MessageReactionAddMany {
  static constexpr std::string_view kName = events::MESSAGE_REACTION_ADD_MANY;
  Snowflake channel_id{};
  Snowflake message_id{};
  std::optional<Snowflake> guild_id{};
  std::vector<ReactionAddition> reactions{};
  friend bool operator==(const MessageReactionAddMany&, const MessageReactionAddMany&) = default;
};

/// MESSAGE_REACTION_REMOVE_ALL.
struct MessageReactionRemoveAll {
  static constexpr std::string_view kName = events::MESSAGE_REACTION_REMOVE_ALL;
  Snowflake channel_id{};
  Snowflake message_id{};
  std::optional<Snowflake> guild_id{};
  friend bool operator==(const MessageReactionRemoveAll&, const MessageReactionRemoveAll&) = default;
};

/// MESSAGE_REACTION_REMOVE_EMOJI ([A] sends REMOVE_ALL instead in DMs).
struct MessageReactionRemoveEmoji {
  static constexpr std::string_view kName = events::MESSAGE_REACTION_REMOVE_EMOJI;
  Snowflake channel_id{};
  Snowflake message_id{};
  std::optional<Snowflake> guild_id{};
  Emoji emoji{};
  friend bool operator==(const MessageReactionRemoveEmoji&, const MessageReactionRemoveEmoji&) = default;
};

// ---------------------------------------------------------------- presence, voice, calls

/// PRESENCE_UPDATE. Bots receive these only for members subscribed with a Lazy Request.
struct PresenceUpdate {
  static constexpr std::string_view kName = events::PRESENCE_UPDATE;
  Presence presence{};
  friend bool operator==(const PresenceUpdate&, const PresenceUpdate&) = default;
};

/// PRESENCE_UPDATE_BULK [B]: presences of a guild that recovered from an outage. Each
/// presence gets the batch's `guild_id` when it has none.
struct PresenceUpdateBulk {
  static constexpr std::string_view kName = events::PRESENCE_UPDATE_BULK;
  Snowflake guild_id{};
  std::vector<Presence> presences{};
  friend bool operator==(const PresenceUpdateBulk&, const PresenceUpdateBulk&) = default;
};

/// VOICE_STATE_UPDATE: `state.channel_id` null = the connection left.
struct VoiceStateUpdate {
  static constexpr std::string_view kName = events::VOICE_STATE_UPDATE;
  VoiceState state{};
  friend bool operator==(const VoiceStateUpdate&, const VoiceStateUpdate&) = default;
};

/// VOICE_SERVER_UPDATE: a LiveKit grant for the bot's own voice connection.
struct VoiceServerUpdate {
  static constexpr std::string_view kName = events::VOICE_SERVER_UPDATE;
  /// LiveKit access token.
  std::string token{};
  /// LiveKit signalling URL (ws:// or wss://).
  std::string endpoint{};
  std::optional<std::string> connection_id{};
  /// Absent for calls.
  std::optional<Snowflake> guild_id{};
  std::optional<Snowflake> channel_id{};  ///< [B]
  std::optional<std::string> e2ee_key{};  ///< [B], end-to-end encrypted channels only.
  friend bool operator==(const VoiceServerUpdate&, const VoiceServerUpdate&) = default;
};

/// ENTRANCE_SOUND_PLAY [B]: a member's entrance sound plays as they join a voice channel.
struct EntranceSoundPlay {
  static constexpr std::string_view kName = events::ENTRANCE_SOUND_PLAY;
  Snowflake guild_id{};
  Snowflake channel_id{};
  Snowflake user_id{};
  Snowflake sound_id{};
  std::string hash{};
  /// Where the sound file can be downloaded.
  std::string url{};
  std::chrono::milliseconds duration{0};
  std::string content_type{};
  friend bool operator==(const EntranceSoundPlay&, const EntranceSoundPlay&) = default;
};

/// The payload shared by CALL_CREATE and CALL_UPDATE (DM / group DM calls).
struct CallData {
  Snowflake channel_id{};
  std::optional<Snowflake> message_id{};
  /// Null until chosen.
  std::optional<std::string> region{};
  std::vector<Snowflake> ringing{};
  std::vector<VoiceState> voice_states{};
  /// CALL_CREATE only, when the session pulled the call state.
  std::vector<Snowflake> recipients{};
  /// CALL_CREATE only (sent as Unix milliseconds).
  std::optional<Timestamp> created_at{};
  friend bool operator==(const CallData&, const CallData&) = default;
};

/// CALL_CREATE.
struct CallCreate : CallData {
  static constexpr std::string_view kName = events::CALL_CREATE;
  friend bool operator==(const CallCreate&, const CallCreate&) = default;
};

/// CALL_UPDATE.
struct CallUpdate : CallData {
  static constexpr std::string_view kName = events::CALL_UPDATE;
  friend bool operator==(const CallUpdate&, const CallUpdate&) = default;
};

/// CALL_DELETE: the call ended, or (`unavailable`) became unreachable for now.
struct CallDelete {
  static constexpr std::string_view kName = events::CALL_DELETE;
  Snowflake channel_id{};
  bool unavailable = false;
  friend bool operator==(const CallDelete&, const CallDelete&) = default;
};

// ---------------------------------------------------------------- unknown

/// Any dispatch without a typed struct (new event types appear over time), or a known
/// event whose payload could not be decoded. `json` is the `d` payload as JSON text;
/// `error` is set (kind Decode, with the JSON path) when `name` is a known event that
/// failed to decode, so the event still reaches handlers instead of being lost.
struct UnknownEvent {
  std::string name{};
  std::string json{};
  std::optional<Error> error{};
  friend bool operator==(const UnknownEvent&, const UnknownEvent&) = default;
};

/// Every dispatch a bot can receive, typed. Use `std::get_if<MessageCreate>(&ev)` or
/// `std::visit`.
using DispatchEvent = std::variant<
    Ready, Resumed, UserUpdate, RateLimited,
    GuildCreate, GuildSync, GuildUpdate, GuildDelete,
    GuildRoleCreate, GuildRoleUpdate, GuildRoleUpdateBulk, GuildRoleDelete,
    GuildEmojisUpdate, GuildStickersUpdate,
    GuildMemberAdd, GuildMemberUpdate, GuildMemberRemove, GuildMembersChunk, GuildMemberListUpdate,
    GuildBanAdd, GuildBanRemove, GuildAuditLogEntryCreate, GuildCountsUpdate,
    ChannelCreate, ChannelUpdate, ChannelDelete, ChannelUpdateBulk, ChannelPinsUpdate,
    ChannelRecipientAdd, ChannelRecipientRemove, WebhooksUpdate, InviteCreate, InviteDelete, TypingStart,
    MessageCreate, MessageUpdate, MessageDelete, MessageDeleteBulk,
    MessageReactionAdd, MessageReactionAddMany, MessageReactionRemove, MessageReactionRemoveAll,
    MessageReactionRemoveEmoji,
    PresenceUpdate, PresenceUpdateBulk, VoiceStateUpdate, VoiceServerUpdate, EntranceSoundPlay,
    CallCreate, CallUpdate, CallDelete,
    UnknownEvent>;

/// The wire name of the event held ("MESSAGE_CREATE"; for UnknownEvent its `name`).
[[nodiscard]] std::string_view event_name(const DispatchEvent& event) noexcept;

/// The guild an event belongs to, when it names one (guild-scoped events, GUILD_CREATE's
/// guild id, messages in guilds, ...); 0 otherwise.
[[nodiscard]] Snowflake event_guild_id(const DispatchEvent& event) noexcept;

}  // namespace fluxer
