#pragma once
// Message actions beyond create: edit, delete, attachment delete, bulk delete, pins and the
// moderation reaction removals. Each mutates the world and dispatches the §4.4 events
// (guild events get guild_id and member through the hub rules); guild mutations write
// audit log entries. Failures are Api errors with Fluxer codes.

#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/emulator/entities.hpp>

#include "emulator/actions.hpp"
#include "emulator/services.hpp"

namespace fluxer::emulator::actions {

/// An existing attachment kept by an edit (the `attachments` list replaces the whole set).
struct AttachmentKeep {
  Snowflake id;
  std::optional<std::optional<std::string>> title;        ///< present → replace (null clears)
  std::optional<std::optional<std::string>> description;  ///< present → replace
};

/// A message edit; absent fields keep their stored value.
struct MessageEdit {
  std::optional<std::string> content;
  std::optional<std::vector<std::string>> embeds;  ///< JSON objects; replaces the list
  std::optional<int> flags;                        ///< only the sendable bits are replaced
  /// The `attachments` list: existing ones to keep (in this order); the rest are dropped.
  std::optional<std::vector<AttachmentKeep>> keep_attachments;
  /// Files uploaded with the edit (multipart), appended after the kept ones.
  std::vector<Attachment> new_attachments;
  bool allowed_mentions_present = false;
  std::optional<std::vector<std::string>> allowed_parse;
  std::vector<Snowflake> allowed_users;
  std::vector<Snowflake> allowed_roles;
};

/// Edits a message as `actor` (a user, or a webhook id for the webhook message routes).
/// Errors: UNKNOWN_CHANNEL / UNKNOWN_MESSAGE (404), CANNOT_MODIFY_SYSTEM_WEBHOOK (400, type
/// not 0/19), CANNOT_SEND_EMPTY_MESSAGE (400, the request supplies nothing), MISSING_PERMISSIONS
/// (embeds without EMBED_LINKS, uploads without ATTACH_FILES), CANNOT_EDIT_OTHER_USER_MESSAGE
/// (403; a non-author with MANAGE_MESSAGES in a guild may only toggle SUPPRESS_EMBEDS).
/// Dispatches MESSAGE_UPDATE (the full message).
[[nodiscard]] Result<Message> edit_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor,
                                           MessageEdit edit, bool actor_is_webhook = false);

/// Deletes a message as `actor`: its author, or (guild) a holder of SEND_MESSAGES and
/// MANAGE_MESSAGES; only types 0/6/7/19 are deletable (403 MISSING_PERMISSIONS otherwise).
/// MESSAGE_DELETE `{id, channel_id, content, author_id}` (+ CHANNEL_PINS_UPDATE when it was
/// pinned); a MESSAGE_DELETE audit entry in guilds.
[[nodiscard]] Result<void> delete_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor,
                                          bool actor_is_webhook = false);

/// Deletes one attachment of the actor's own message (MESSAGE_UPDATE), or the whole message
/// when nothing else is left. Errors: 403 MISSING_PERMISSIONS (not the author), 404
/// UNKNOWN_ATTACHMENT.
[[nodiscard]] Result<void> delete_attachment(Services& s, Snowflake channel_id, Snowflake message_id,
                                             Snowflake attachment_id, Snowflake actor);

/// Deletes the listed messages of a guild channel (MANAGE_MESSAGES; 400 CANNOT_EXECUTE_ON_DM
/// in private channels). Unknown ids are skipped; when at least one matched, one
/// MESSAGE_DELETE_BULK with every requested id and a MESSAGE_BULK_DELETE audit entry.
[[nodiscard]] Result<void> bulk_delete_messages(Services& s, Snowflake channel_id, const std::vector<Snowflake>& ids,
                                                Snowflake actor);

/// Pins (PIN_MESSAGES in guilds; types 0/19 only). Idempotent. MESSAGE_UPDATE,
/// CHANNEL_PINS_UPDATE and a CHANNEL_PINNED_MESSAGE (type 6) system message by the actor.
[[nodiscard]] Result<void> pin_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor);
/// Unpins. Idempotent. MESSAGE_UPDATE and CHANNEL_PINS_UPDATE (last_pin_timestamp unchanged).
[[nodiscard]] Result<void> unpin_message(Services& s, Snowflake channel_id, Snowflake message_id, Snowflake actor);

/// Removes `target`'s reaction as `actor` (the message author, or MANAGE_MESSAGES in a
/// guild; naming oneself needs nothing). MESSAGE_REACTION_REMOVE whether or not it existed.
[[nodiscard]] Result<void> remove_user_reaction(Services& s, Snowflake channel_id, Snowflake message_id,
                                                Snowflake actor, Snowflake target, const ReactionEmoji& emoji,
                                                const std::string& session_id);
/// Removes every reaction of one emoji (MESSAGE_REACTION_REMOVE_EMOJI; [A] sends
/// MESSAGE_REACTION_REMOVE_ALL in private channels). Same authorisation as above.
[[nodiscard]] Result<void> remove_emoji_reactions(Services& s, Snowflake channel_id, Snowflake message_id,
                                                  Snowflake actor, const ReactionEmoji& emoji);
/// Removes every reaction (MESSAGE_REACTION_REMOVE_ALL). Same authorisation as above.
[[nodiscard]] Result<void> remove_all_reactions(Services& s, Snowflake channel_id, Snowflake message_id,
                                                Snowflake actor);

/// The MESSAGE_UPDATE event for a stored message.
void dispatch_message_update(Services& s, const Message& m);
/// The visible text of a message (content without whitespace-only).
[[nodiscard]] bool has_visible_content(std::string_view content) noexcept;

}  // namespace fluxer::emulator::actions
