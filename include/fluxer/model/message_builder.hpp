#pragma once
/// @file
/// MessageBuilder: builds a CreateMessage and checks the server's limits.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/embed.hpp>
#include <fluxer/model/embed_builder.hpp>
#include <fluxer/model/message_requests.hpp>

namespace fluxer {

/// Builds the body of `POST /channels/{id}/messages`. Setters never fail; `build()` checks
/// every limit (see `validate(const CreateMessage&, const MessageLimits&)`) and reports the
/// first violation as an InvalidArgument error naming the field ("content",
/// "embeds.1.fields.3.value", "files", "nonce").
///
/// ```cpp
/// auto body = fluxer::MessageBuilder{}
///                 .content("pong")
///                 .reply_to(msg.id)
///                 .build();  // Result<CreateMessage>
/// ```
class MessageBuilder {
 public:
  MessageBuilder() = default;

  /// The content limit in UTF-16 code units: 2000 by default (older servers' bot limit);
  /// newer servers ([B]) give bots at least 4000.
  MessageBuilder& max_content_length(std::size_t limit) noexcept;
  MessageBuilder& content(std::string text);
  /// Adds an embed (at most 10 per message).
  MessageBuilder& add_embed(Embed embed);
  /// Adds the builder's embed; its limits are checked by `build()`.
  MessageBuilder& add_embed(const EmbedBuilder& embed);
  /// Makes the message a reply to `message_id` (in the same channel unless `channel_id` is
  /// set). `mention_author` false sets `allowed_mentions.replied_user = false`.
  MessageBuilder& reply_to(Snowflake message_id, bool mention_author = true, Snowflake channel_id = {});
  /// Makes the message a forward of another message (no content, embeds, files or
  /// stickers allowed).
  MessageBuilder& forward(Snowflake channel_id, Snowflake message_id, std::optional<Snowflake> guild_id = {});
  MessageBuilder& allowed_mentions(AllowedMentions mentions);
  /// 1–32 characters; reuse the same nonce when retrying ([B] returns the original message).
  MessageBuilder& nonce(std::string nonce);
  MessageBuilder& tts(bool on = true);
  /// Replaces the flags (see `message_flags`).
  MessageBuilder& flags(std::uint32_t flags) noexcept;
  /// Sets SUPPRESS_EMBEDS.
  MessageBuilder& suppress_embeds(bool on = true) noexcept;
  /// Sets SUPPRESS_NOTIFICATIONS (a "silent" message).
  MessageBuilder& silent(bool on = true) noexcept;
  /// Adds a sticker (at most 3).
  MessageBuilder& add_sticker(Snowflake sticker_id);
  /// Adds a file to upload (at most 10 files and attachments together).
  MessageBuilder& add_file(FileUpload file);
  /// Shorthand for add_file with a name and bytes.
  MessageBuilder& add_file(std::string filename, std::string data, std::string description = {});

  /// The body as built so far, unchecked.
  [[nodiscard]] const CreateMessage& peek() const noexcept { return message_; }
  /// The body, or an InvalidArgument error naming the first field over a limit.
  [[nodiscard]] Result<CreateMessage> build() const&;
  [[nodiscard]] Result<CreateMessage> build() &&;

 private:
  CreateMessage message_{};
  MessageLimits limits_{};
};

}  // namespace fluxer
