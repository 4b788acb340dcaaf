#pragma once
/// @file
/// Names of the gateway dispatch events (the `t` of op 0), as constants.

#include <string_view>

/// Dispatch event names. Every name with a typed struct in events.hpp is here, plus a few
/// that a bot may see but that decode to UnknownEvent (marked "raw only").
namespace fluxer::events {

// Session / current user
inline constexpr std::string_view READY = "READY";
inline constexpr std::string_view RESUMED = "RESUMED";
inline constexpr std::string_view USER_UPDATE = "USER_UPDATE";
inline constexpr std::string_view RATE_LIMITED = "RATE_LIMITED";

// Guilds
inline constexpr std::string_view GUILD_CREATE = "GUILD_CREATE";
inline constexpr std::string_view GUILD_SYNC = "GUILD_SYNC";
inline constexpr std::string_view GUILD_UPDATE = "GUILD_UPDATE";
inline constexpr std::string_view GUILD_DELETE = "GUILD_DELETE";
inline constexpr std::string_view GUILD_ROLE_CREATE = "GUILD_ROLE_CREATE";
inline constexpr std::string_view GUILD_ROLE_UPDATE = "GUILD_ROLE_UPDATE";
inline constexpr std::string_view GUILD_ROLE_UPDATE_BULK = "GUILD_ROLE_UPDATE_BULK";
inline constexpr std::string_view GUILD_ROLE_DELETE = "GUILD_ROLE_DELETE";
inline constexpr std::string_view GUILD_EMOJIS_UPDATE = "GUILD_EMOJIS_UPDATE";
inline constexpr std::string_view GUILD_STICKERS_UPDATE = "GUILD_STICKERS_UPDATE";
inline constexpr std::string_view GUILD_MEMBER_ADD = "GUILD_MEMBER_ADD";
inline constexpr std::string_view GUILD_MEMBER_UPDATE = "GUILD_MEMBER_UPDATE";
inline constexpr std::string_view GUILD_MEMBER_REMOVE = "GUILD_MEMBER_REMOVE";
inline constexpr std::string_view GUILD_MEMBERS_CHUNK = "GUILD_MEMBERS_CHUNK";
inline constexpr std::string_view GUILD_MEMBER_LIST_UPDATE = "GUILD_MEMBER_LIST_UPDATE";
inline constexpr std::string_view GUILD_BAN_ADD = "GUILD_BAN_ADD";
inline constexpr std::string_view GUILD_BAN_REMOVE = "GUILD_BAN_REMOVE";
inline constexpr std::string_view GUILD_AUDIT_LOG_ENTRY_CREATE = "GUILD_AUDIT_LOG_ENTRY_CREATE";
inline constexpr std::string_view GUILD_COUNTS_UPDATE = "GUILD_COUNTS_UPDATE";
inline constexpr std::string_view CHANNEL_MEMBER_COUNTS_UPDATE = "CHANNEL_MEMBER_COUNTS_UPDATE";  ///< raw only

// Channels
inline constexpr std::string_view CHANNEL_CREATE = "CHANNEL_CREATE";
inline constexpr std::string_view CHANNEL_UPDATE = "CHANNEL_UPDATE";
inline constexpr std::string_view CHANNEL_UPDATE_BULK = "CHANNEL_UPDATE_BULK";
inline constexpr std::string_view CHANNEL_DELETE = "CHANNEL_DELETE";
inline constexpr std::string_view CHANNEL_PINS_UPDATE = "CHANNEL_PINS_UPDATE";
inline constexpr std::string_view CHANNEL_RECIPIENT_ADD = "CHANNEL_RECIPIENT_ADD";
inline constexpr std::string_view CHANNEL_RECIPIENT_REMOVE = "CHANNEL_RECIPIENT_REMOVE";
inline constexpr std::string_view WEBHOOKS_UPDATE = "WEBHOOKS_UPDATE";
inline constexpr std::string_view INVITE_CREATE = "INVITE_CREATE";
inline constexpr std::string_view INVITE_DELETE = "INVITE_DELETE";
inline constexpr std::string_view TYPING_START = "TYPING_START";

// Messages and reactions
inline constexpr std::string_view MESSAGE_CREATE = "MESSAGE_CREATE";
inline constexpr std::string_view MESSAGE_UPDATE = "MESSAGE_UPDATE";
inline constexpr std::string_view MESSAGE_DELETE = "MESSAGE_DELETE";
inline constexpr std::string_view MESSAGE_DELETE_BULK = "MESSAGE_DELETE_BULK";
inline constexpr std::string_view MESSAGE_REACTION_ADD = "MESSAGE_REACTION_ADD";
inline constexpr std::string_view MESSAGE_REACTION_ADD_MANY = "MESSAGE_REACTION_ADD_MANY";
inline constexpr std::string_view MESSAGE_REACTION_REMOVE = "MESSAGE_REACTION_REMOVE";
inline constexpr std::string_view MESSAGE_REACTION_REMOVE_ALL = "MESSAGE_REACTION_REMOVE_ALL";
inline constexpr std::string_view MESSAGE_REACTION_REMOVE_EMOJI = "MESSAGE_REACTION_REMOVE_EMOJI";
inline constexpr std::string_view MESSAGE_POLL_VOTE_ADD = "MESSAGE_POLL_VOTE_ADD";        ///< raw only
inline constexpr std::string_view MESSAGE_POLL_VOTE_REMOVE = "MESSAGE_POLL_VOTE_REMOVE";  ///< raw only

// Presence, voice, calls
inline constexpr std::string_view PRESENCE_UPDATE = "PRESENCE_UPDATE";
inline constexpr std::string_view PRESENCE_UPDATE_BULK = "PRESENCE_UPDATE_BULK";
inline constexpr std::string_view VOICE_STATE_UPDATE = "VOICE_STATE_UPDATE";
inline constexpr std::string_view VOICE_STATE_ACK = "VOICE_STATE_ACK";  ///< raw only
inline constexpr std::string_view VOICE_SERVER_UPDATE = "VOICE_SERVER_UPDATE";
inline constexpr std::string_view ENTRANCE_SOUND_PLAY = "ENTRANCE_SOUND_PLAY";
inline constexpr std::string_view CALL_CREATE = "CALL_CREATE";
inline constexpr std::string_view CALL_UPDATE = "CALL_UPDATE";
inline constexpr std::string_view CALL_DELETE = "CALL_DELETE";

}  // namespace fluxer::events
