#pragma once
/// @file
/// REST bodies that send messages: create, edit, webhook execute, bulk delete.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/embed.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/nullable.hpp>

namespace fluxer {

/// Mention kinds for `AllowedMentions::parse`.
enum class MentionType : std::uint8_t { Users, Roles, Everyone };

/// Which mentions in the content may notify. Leaving `CreateMessage::allowed_mentions`
/// absent allows everything; `AllowedMentions{}` allows nothing. [B] refuses `parse` together
/// with explicit `users`/`roles` lists of the same kind.
struct AllowedMentions {
  std::vector<MentionType> parse{};
  /// At most 100.
  std::vector<Snowflake> users{};
  /// At most 100.
  std::vector<Snowflake> roles{};
  /// Whether a reply pings the replied-to author.
  std::optional<bool> replied_user{};

  friend bool operator==(const AllowedMentions&, const AllowedMentions&) = default;
};

/// Metadata of one attachment in a message body (`attachments[]`). For an upload `id` is
/// the N of the multipart part `files[N]`; in an edit it may name an existing attachment to
/// keep.
struct AttachmentMetadata {
  std::uint64_t id = 0;
  std::string filename{};
  std::optional<std::string> title{};
  std::optional<std::string> description{};
  /// See `attachment_flags` (IS_SPOILER).
  std::optional<std::uint32_t> flags{};

  friend bool operator==(const AttachmentMetadata&, const AttachmentMetadata&) = default;
};

/// A file to upload with a message (multipart part `files[N]`).
struct FileUpload {
  std::string filename{};
  /// The file's bytes.
  std::string data{};
  /// MIME type for the part; empty = let the REST layer guess.
  std::string content_type{};
  /// Alt text.
  std::optional<std::string> description{};
  bool spoiler = false;

  friend bool operator==(const FileUpload&, const FileUpload&) = default;
};

/// `POST /channels/{id}/messages`. Needs at least one of content, embeds, files, stickers
/// (or a forward reference). With `files` the REST layer sends multipart: `payload_json` is
/// this body, and `attachments` gets one entry per file (after any explicit ones) with
/// `id` = its index in `files`. Prefer MessageBuilder, which checks the limits.
struct CreateMessage {
  std::optional<std::string> content{};
  /// At most 10.
  std::vector<Embed> embeds{};
  std::optional<AllowedMentions> allowed_mentions{};
  /// Reply (type Default) or forward (type Forward, needs channel_id, no content).
  std::optional<MessageReference> message_reference{};
  /// 1–32 characters; reusing a nonce within 5 min returns the original message on [B].
  std::optional<std::string> nonce{};
  /// Only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and VOICE_MESSAGE / COMPACT_ATTACHMENTS
  /// are kept by the server.
  std::optional<std::uint32_t> flags{};
  /// At most 3.
  std::vector<Snowflake> sticker_ids{};
  std::optional<bool> tts{};
  /// Explicit attachment metadata (rarely needed; files add their own).
  std::vector<AttachmentMetadata> attachments{};
  /// Files to upload; not part of the JSON text.
  std::vector<FileUpload> files{};

  friend bool operator==(const CreateMessage&, const CreateMessage&) = default;
};

/// `PATCH /channels/{id}/messages/{message_id}`. Absent fields are kept; `embeds` and
/// `attachments` replace the whole list when present (list existing attachment ids to keep
/// them). Only Default and Reply messages can be edited.
struct EditMessage {
  /// Null clears the content.
  Nullable<std::string> content{};
  std::optional<std::vector<Embed>> embeds{};
  std::optional<AllowedMentions> allowed_mentions{};
  std::optional<std::uint32_t> flags{};
  std::optional<std::vector<AttachmentMetadata>> attachments{};
  /// New files to upload; each gets an `attachments` entry with id = index in `files`.
  std::vector<FileUpload> files{};

  friend bool operator==(const EditMessage&, const EditMessage&) = default;
};

/// `POST /webhooks/{id}/{token}`: a message plus the per-message webhook identity. `wait`
/// is a query parameter, not part of the body.
struct ExecuteWebhook {
  CreateMessage message{};
  std::optional<std::string> username{};
  std::optional<std::string> avatar_url{};

  friend bool operator==(const ExecuteWebhook&, const ExecuteWebhook&) = default;
};

/// `POST /channels/{id}/messages/bulk-delete`: 1–100 ids, no age limit.
struct BulkDeleteMessages {
  std::vector<Snowflake> message_ids{};

  friend bool operator==(const BulkDeleteMessages&, const BulkDeleteMessages&) = default;
};

/// Server limits a message is checked against.
struct MessageLimits {
  /// Content length in UTF-16 code units, as the server counts. 2000 is the [A] bot limit;
  /// [B] gives bots at least 4000.
  std::size_t max_content_length = 2000;
};

/// Checks a message body against the server's limits (content length, ≤10 embeds and each
/// embed's limits, ≤10 files + attachments, ≤3 stickers, nonce 1–32, ≤100 allowed users /
/// roles, forward rules, not empty). Errors are InvalidArgument naming the field
/// ("embeds.0.title").
[[nodiscard]] Result<void> validate(const CreateMessage& message, const MessageLimits& limits = {});
/// Checks an edit body (content length, embeds, attachments).
[[nodiscard]] Result<void> validate(const EditMessage& message, const MessageLimits& limits = {});

/// Checks one embed against the server's limits (title ≤256, description ≤4096, url ≤2048,
/// ≤25 fields, field name 1–256 and value 1–1024, footer text 1–2048, author name 1–256,
/// colour ≤ 0xFFFFFF). Paths are prefixed with `path_prefix` ("embeds.0.").
[[nodiscard]] Result<void> validate(const Embed& embed, std::string_view path_prefix = {});

/// The length of UTF-8 text in UTF-16 code units (what the server's limits count).
/// Invalid bytes count as one unit each.
[[nodiscard]] std::size_t utf16_length(std::string_view utf8) noexcept;

}  // namespace fluxer
