#pragma once
/// @file
/// The JSON codec: decoding server payloads into model types and encoding request bodies
/// and gateway commands. The JSON library stays inside libfluxer.
///
/// Decoding rules (all decoders):
/// - Unknown fields are ignored. Known fields with the JSON value `null` are read as absent
///   (optional fields) or as their default (plain fields); Nullable fields keep the null.
/// - A payload is never lost to a cosmetic field. Each field is strict or lenient, and the
///   codec describes every type's fields once, so the policy is the same everywhere:
///   - strict: ids (snowflakes, lists of them), the fields that identify an entity or an
///     event (a message's `id`, `channel_id` and `author`, a channel's `type`, an invite's
///     `code`, READY's `session_id` and `user`, a role event's `role`, ...), permission
///     masks and overwrites, and a few fields whose loss would change what the event means
///     (GUILD_DELETE `unavailable`, a chunk's `chunk_index`). A wrong value, or a missing
///     required one, fails the decode.
///   - lenient: everything else. A wrong value leaves the field at its default and is
///     reported as a FieldWarning (field_warning.hpp) through the overloads that take a
///     warning list; an entity inside a list (an embed, a mention, a channel of a guild)
///     that fails its own strict fields is dropped from the list the same way. A failure
///     inside a strict field propagates to the closest lenient field or list around it.
/// - Values that accept more than one type on purpose: snowflakes (string or unsigned
///   integer), permissions (decimal string or integer), `nonce` (string or integer),
///   TYPING_START `timestamp` (seconds or milliseconds), READY `rtc_regions` (strings or
///   objects), RESUMED (`null` or `{}`), unknown enum values (kept as numbers /
///   PresenceStatus::Unknown).
/// - Errors are `ErrorKind::Decode`; `errors[0].path` is the dot-joined path of the
///   offending value relative to the decoded document, with numeric array indices
///   ("author.id", "embeds.0.fields.2.name"); for dispatches the root is the `d` payload
///   and the message starts with the event name. Empty path = the document itself
///   (e.g. invalid JSON). Warnings use the same paths.
/// - Nothing throws: invalid or truncated JSON (code INVALID_JSON), wrong types
///   (INVALID_TYPE, INVALID_SNOWFLAKE, ...), missing ids (MISSING_FIELD), nesting deeper
///   than 128 levels (TOO_DEEP) or memory exhaustion all come back as a Result error.
/// - Input size is not limited here; the transport layers cap what they accept.

#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/model/application.hpp>
#include <fluxer/model/attachment.hpp>
#include <fluxer/model/audit_log.hpp>
#include <fluxer/model/ban.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/channel_requests.hpp>
#include <fluxer/model/embed.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/field_warning.hpp>
#include <fluxer/model/gateway_bot.hpp>
#include <fluxer/model/gateway_commands.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/guild_requests.hpp>
#include <fluxer/model/guild_snapshot.hpp>
#include <fluxer/model/instance.hpp>
#include <fluxer/model/invite.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/message_requests.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/reaction.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/voice_state.hpp>
#include <fluxer/model/webhook.hpp>

namespace fluxer {

/// True for the entity types `from_json` can decode (see is_json_decodable_v).
template <class T>
inline constexpr bool is_json_entity_v = false;
template <>
inline constexpr bool is_json_entity_v<User> = true;
template <>
inline constexpr bool is_json_entity_v<CurrentUser> = true;
template <>
inline constexpr bool is_json_entity_v<Guild> = true;
template <>
inline constexpr bool is_json_entity_v<GuildSnapshot> = true;
template <>
inline constexpr bool is_json_entity_v<Channel> = true;
template <>
inline constexpr bool is_json_entity_v<PermissionOverwrite> = true;
template <>
inline constexpr bool is_json_entity_v<GuildMember> = true;
template <>
inline constexpr bool is_json_entity_v<Role> = true;
template <>
inline constexpr bool is_json_entity_v<Message> = true;
template <>
inline constexpr bool is_json_entity_v<Attachment> = true;
template <>
inline constexpr bool is_json_entity_v<Embed> = true;
template <>
inline constexpr bool is_json_entity_v<Emoji> = true;
template <>
inline constexpr bool is_json_entity_v<Sticker> = true;
template <>
inline constexpr bool is_json_entity_v<Reaction> = true;
template <>
inline constexpr bool is_json_entity_v<Invite> = true;
template <>
inline constexpr bool is_json_entity_v<Webhook> = true;
template <>
inline constexpr bool is_json_entity_v<VoiceState> = true;
template <>
inline constexpr bool is_json_entity_v<Presence> = true;
template <>
inline constexpr bool is_json_entity_v<Ban> = true;
template <>
inline constexpr bool is_json_entity_v<Application> = true;
template <>
inline constexpr bool is_json_entity_v<AuditLogEntry> = true;
template <>
inline constexpr bool is_json_entity_v<InstanceInfo> = true;
template <>
inline constexpr bool is_json_entity_v<GatewayBotInfo> = true;

/// True for the types `from_json` can decode: the entities and std::vector of each.
template <class T>
inline constexpr bool is_json_decodable_v = is_json_entity_v<T>;
template <class T>
inline constexpr bool is_json_decodable_v<std::vector<T>> = is_json_entity_v<T>;

/// Decodes a JSON document (a REST response body) into T: any type with
/// `is_json_decodable_v<T>` — every entity, and std::vector of each for JSON arrays as list
/// routes return them.
template <class T>
requires is_json_decodable_v<T>
[[nodiscard]] Result<T> from_json(std::string_view json);

/// from_json() that also reports the lenient fields it skipped (appended to `warnings`).
template <class T>
requires is_json_decodable_v<T>
[[nodiscard]] Result<T> from_json(std::string_view json, std::vector<FieldWarning>& warnings);

/// Decodes the `d` payload of dispatch `event_name` (the envelope's `t`); `d_json` is its
/// JSON text (pass "null" when the envelope has no `d`). Unknown names give UnknownEvent
/// with `d_json` copied and are never an error (their payload is not even parsed).
[[nodiscard]] Result<DispatchEvent> decode_dispatch(std::string_view event_name, std::string_view d_json);

/// decode_dispatch() that also reports the lenient fields it skipped (appended to
/// `warnings`). Log them: a server whose payloads drift shows up here first.
[[nodiscard]] Result<DispatchEvent> decode_dispatch(std::string_view event_name, std::string_view d_json,
                                                    std::vector<FieldWarning>& warnings);

// ---- encoders: entities the SDK also sends (round-trip with from_json)
[[nodiscard]] std::string to_json(const Embed& embed);
[[nodiscard]] std::string to_json(const PermissionOverwrite& overwrite);
[[nodiscard]] std::string to_json(const AllowedMentions& mentions);

// ---- encoders: REST bodies. Each checks what the server would refuse whatever its
// configuration and returns InvalidArgument naming the field (message content length is
// a per-server setting: check it with validate() or MessageBuilder).
[[nodiscard]] Result<std::string> to_json(const CreateMessage& body);
[[nodiscard]] Result<std::string> to_json(const EditMessage& body);
[[nodiscard]] Result<std::string> to_json(const ExecuteWebhook& body);
[[nodiscard]] Result<std::string> to_json(const BulkDeleteMessages& body);
[[nodiscard]] Result<std::string> to_json(const CreateChannel& body);
[[nodiscard]] Result<std::string> to_json(const ModifyChannel& body);
[[nodiscard]] Result<std::string> to_json(const EditChannelPermissions& body);
[[nodiscard]] Result<std::string> to_json(const CreateInvite& body);
[[nodiscard]] Result<std::string> to_json(const CreateWebhook& body);
[[nodiscard]] Result<std::string> to_json(const ModifyWebhook& body);
[[nodiscard]] Result<std::string> to_json(const CreateDm& body);
[[nodiscard]] Result<std::string> to_json(const ModifyGuild& body);
[[nodiscard]] Result<std::string> to_json(const ModifyMember& body);
[[nodiscard]] Result<std::string> to_json(const CreateRole& body);
[[nodiscard]] Result<std::string> to_json(const ModifyRole& body);
[[nodiscard]] Result<std::string> to_json(const CreateBan& body);
[[nodiscard]] Result<std::string> to_json(const CreateEmoji& body);
[[nodiscard]] Result<std::string> to_json(const ModifyEmoji& body);

// ---- encoders: gateway commands, as complete `{"op":N,"d":...}` frames.
[[nodiscard]] Result<std::string> to_json(const Identify& command);
[[nodiscard]] Result<std::string> to_json(const Resume& command);
[[nodiscard]] std::string to_json(const Heartbeat& command);
[[nodiscard]] Result<std::string> to_json(const UpdatePresence& command);
[[nodiscard]] Result<std::string> to_json(const UpdateVoiceState& command);
[[nodiscard]] Result<std::string> to_json(const RequestGuildMembers& command);
[[nodiscard]] Result<std::string> to_json(const LazyRequest& command);
[[nodiscard]] Result<std::string> to_json(const RequestGuildCounts& command);

}  // namespace fluxer
