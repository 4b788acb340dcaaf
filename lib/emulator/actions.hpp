#pragma once
// World actions: each mutates the world *and* dispatches the matching gateway events, so
// that REST handlers and the scripting API go through one path and bots see real events.
// Run on the service thread only. Failures are Api errors (status + Fluxer code) that REST
// handlers turn into responses and scripting calls report.

#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/emulator/entities.hpp>

#include "emulator/services.hpp"

namespace fluxer::emulator::actions {

/// A message to create (REST body or scripting call), already decoded.
struct MessageDraft {
  Snowflake channel_id;
  Snowflake author_id;
  std::string content;
  std::vector<std::string> embeds;  ///< JSON objects
  std::vector<Attachment> attachments;
  std::optional<MessageReference> reference;
  std::optional<std::string> nonce;
  bool tts = false;
  int flags = 0;
  /// allowed_mentions.parse (nullopt = the field was absent: everything allowed).
  std::optional<std::vector<std::string>> allowed_parse;
  std::vector<Snowflake> allowed_users;
  std::vector<Snowflake> allowed_roles;
  std::optional<Snowflake> webhook_id;
  std::optional<std::string> webhook_username;
  std::optional<std::string> webhook_avatar;
};

/// Creates a message: checks the channel (404 UNKNOWN_CHANNEL), its type (400
/// CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL), the author's VIEW_CHANNEL/SEND_MESSAGES
/// (403 MISSING_PERMISSIONS; skipped for webhooks), emptiness (400
/// CANNOT_SEND_EMPTY_MESSAGE), resolves mentions, stores it, dispatches MESSAGE_CREATE and
/// notifies observers. [B]: the same nonce from the same author within 5 minutes returns
/// the original message without a new event.
[[nodiscard]] Result<Message> create_message(Services& s, MessageDraft draft);

/// Adds a reaction as `user_id` (MESSAGE_REACTION_ADD). Errors: UNKNOWN_CHANNEL,
/// UNKNOWN_MESSAGE, MISSING_PERMISSIONS (ADD_REACTIONS for a new emoji, READ_MESSAGE_HISTORY).
/// `session_id` (REST `?session_id=`, §4.4): in a guild channel that session does not get
/// the event; in a DM nobody is excluded and the event carries it.
[[nodiscard]] Result<void> add_reaction(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake user_id,
                                        const ReactionEmoji& emoji, const std::string& session_id = {});
/// Removes `user_id`'s reaction (MESSAGE_REACTION_REMOVE); no event if there was none,
/// unless `always_dispatch` (the REST routes emit it either way). `session_id` as above.
[[nodiscard]] Result<void> remove_reaction(Services& s, Snowflake channel_id, Snowflake message_id,
                                           Snowflake user_id, const ReactionEmoji& emoji,
                                           const std::string& session_id = {}, bool always_dispatch = false);
/// Resolves the mentions of `d.content` into `m` (<@id>, <@!id>, <@&id>, @everyone/@here),
/// honouring allowed_mentions and MENTION_EVERYONE.
void resolve_mentions(const World& world, const Channel& ch, const MessageDraft& d, Message& m);
/// Adds a member (GUILD_CREATE to the joining user's sessions, then GUILD_MEMBER_ADD to the guild).
[[nodiscard]] Result<Member> add_member(Services& s, Snowflake guild_id, Snowflake user_id);
/// Removes a member (GUILD_MEMBER_REMOVE `{guild_id, user:{id}}` to the rest of the guild,
/// GUILD_DELETE `{id}` to the removed user's sessions).
[[nodiscard]] Result<void> remove_member(Services& s, Snowflake guild_id, Snowflake user_id);
/// Creates a guild channel (CHANNEL_CREATE to members who can view it).
[[nodiscard]] Result<Channel> create_channel(Services& s, Snowflake guild_id, ChannelType type, std::string name,
                                             std::optional<Snowflake> parent_id = {});
/// Starts typing (TYPING_START), checking VIEW_CHANNEL/SEND_MESSAGES.
[[nodiscard]] Result<void> start_typing(Services& s, Snowflake channel_id, Snowflake user_id);

/// Sends a GUILD_CREATE (full, for that viewer) to `user_id`'s sessions.
void send_guild_create(Services& s, Snowflake guild_id, Snowflake user_id);

}  // namespace fluxer::emulator::actions
