#pragma once
/// @file
/// Message and the objects that only exist inside one (reference, snapshot, call).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/attachment.hpp>
#include <fluxer/model/box.hpp>
#include <fluxer/model/embed.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/nullable.hpp>
#include <fluxer/model/reaction.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// Message types. Other values are kept as their number. Only Default and Reply can be
/// edited; Default, Reply, ChannelPinnedMessage and UserJoin can be deleted.
enum class MessageType : int {
  Default = 0,
  RecipientAdd = 1,
  RecipientRemove = 2,
  Call = 3,
  ChannelNameChange = 4,
  ChannelIconChange = 5,
  ChannelPinnedMessage = 6,
  UserJoin = 7,
  Reply = 19,
};

/// Message flags (`Message::flags`; the sendable ones also for `CreateMessage::flags`).
namespace message_flags {
inline constexpr std::uint32_t SUPPRESS_EMBEDS = 1u << 2;
inline constexpr std::uint32_t SUPPRESS_NOTIFICATIONS = 1u << 12;
inline constexpr std::uint32_t VOICE_MESSAGE = 1u << 13;        ///< [B]
inline constexpr std::uint32_t COMPACT_ATTACHMENTS = 1u << 17;  ///< [A]
}  // namespace message_flags

/// What a message reference means.
enum class MessageReferenceType : int {
  Default = 0,  ///< A reply.
  Forward = 1,
};

/// A reference to another message: the target of a reply or a forward. Also used in
/// CreateMessage, where `channel_id` 0 and an absent `guild_id` are left out of the body
/// (a forward needs `channel_id`).
struct MessageReference {
  Snowflake message_id{};
  Snowflake channel_id{};
  std::optional<Snowflake> guild_id{};
  MessageReferenceType type = MessageReferenceType::Default;

  friend bool operator==(const MessageReference&, const MessageReference&) = default;
};

/// The frozen copy of a forwarded message (`message_snapshots[]`).
struct MessageSnapshot {
  std::string content{};
  std::optional<Timestamp> timestamp{};
  std::optional<Timestamp> edited_timestamp{};
  /// User ids (snapshots carry ids, not user objects).
  std::vector<Snowflake> mentions{};
  std::vector<Snowflake> mention_roles{};
  std::vector<Embed> embeds{};
  std::vector<Attachment> attachments{};
  std::vector<Sticker> stickers{};
  MessageType type = MessageType::Default;
  std::uint32_t flags = 0;

  friend bool operator==(const MessageSnapshot&, const MessageSnapshot&) = default;
};

/// DM call information on a Call message.
struct MessageCall {
  std::vector<Snowflake> participants{};
  std::optional<Timestamp> ended_timestamp{};

  friend bool operator==(const MessageCall&, const MessageCall&) = default;
};

/// A message, as REST returns it and as MESSAGE_CREATE / MESSAGE_UPDATE carry it (events add
/// `guild_id` and `member`).
struct Message {
  Snowflake id{};
  Snowflake channel_id{};
  /// Set in guild channels by gateway events (REST responses omit it).
  std::optional<Snowflake> guild_id{};
  User author{};
  /// The author's member object, in guild channel events. Its `user` is absent: use `author`.
  std::optional<GuildMember> member{};
  /// Set when a webhook sent the message (`author.id` is then the webhook id).
  std::optional<Snowflake> webhook_id{};
  MessageType type = MessageType::Default;
  /// See `message_flags`.
  std::uint32_t flags = 0;
  std::string content{};
  Timestamp timestamp{};
  std::optional<Timestamp> edited_timestamp{};
  bool pinned = false;
  bool mention_everyone = false;
  bool tts = false;
  std::vector<User> mentions{};
  std::vector<Snowflake> mention_roles{};
  std::vector<Embed> embeds{};
  std::vector<Attachment> attachments{};
  /// JSON `stickers` (also accepted as `sticker_items`).
  std::vector<Sticker> stickers{};
  std::vector<Reaction> reactions{};
  std::optional<MessageReference> message_reference{};
  std::vector<MessageSnapshot> message_snapshots{};
  /// Echoed only in MESSAGE_CREATE and the REST response of the creating request. Integer
  /// nonces ([B]) are kept as their decimal text.
  std::optional<std::string> nonce{};
  std::optional<MessageCall> call{};
  /// Absent = not a reply (or not included); null = the replied-to message was deleted.
  Nullable<Box<Message>> referenced_message{};

  /// True for a reply (has a reference of type Default).
  [[nodiscard]] bool is_reply() const noexcept {
    return message_reference && message_reference->type == MessageReferenceType::Default;
  }
  /// True when the author is a bot or a webhook.
  [[nodiscard]] bool is_from_bot() const noexcept { return author.bot || webhook_id.has_value(); }

  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace fluxer
