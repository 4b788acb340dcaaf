// Encoders and validation for REST request bodies, and the entity encoders (Embed,
// PermissionOverwrite, AllowedMentions). What is written comes from the field tables
// (schema_requests.cpp, schema_message.cpp); this file checks what the server would refuse.

#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include <fluxer/model/attachment.hpp>
#include <fluxer/model/channel_requests.hpp>
#include <fluxer/model/codec.hpp>
#include <fluxer/model/guild_requests.hpp>
#include <fluxer/model/message_requests.hpp>

#include "model/tables.hpp"
#include "model/validate.hpp"

namespace fluxer {

using mjson::check_count;
using mjson::check_length;
using mjson::check_range;
using mjson::Out;

// ------------------------------------------------------------------ text length

std::size_t utf16_length(std::string_view s) noexcept {
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    std::size_t u = 1;
    if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      u = 2;  // outside the BMP: a surrogate pair
    } else if (b >= 0xE0) {
      len = 3;
    } else if (b >= 0xC2 && b < 0xE0) {
      len = 2;
    }
    // Only accept the sequence when its continuation bytes are there.
    if (len > 1) {
      bool ok = i + len <= s.size();
      for (std::size_t j = 1; ok && j < len; ++j) ok = (static_cast<unsigned char>(s[i + j]) & 0xC0) == 0x80;
      if (!ok) {
        len = 1;
        u = 1;
      }
    }
    units += u;
    i += len;
  }
  return units;
}

namespace {

/// A value as JSON, written through its field table.
template <class T>
std::string write_json(const T& value) {
  Out o;
  mjson::Codec<T>::write(o, value);
  return o.take();
}

Result<void> validate_files(const std::vector<AttachmentMetadata>& attachments, const std::vector<FileUpload>& files) {
  FLUXER_CHECK(check_count(files.empty() ? "attachments" : "files", attachments.size() + files.size(), 10));
  std::set<std::uint64_t> ids;
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    if (attachments[i].filename.empty() && attachments[i].id < files.size())
      return Error::invalid_argument(fmt::format("attachments.{}.filename", i), "must not be empty", "TOO_SHORT");
    if (!ids.insert(attachments[i].id).second)
      return Error::invalid_argument(fmt::format("attachments.{}.id", i), "duplicate attachment id", "DUPLICATE");
    if (attachments[i].description)
      FLUXER_CHECK(check_length(fmt::format("attachments.{}.description", i), *attachments[i].description, 1, 1024));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    FLUXER_CHECK(check_length(fmt::format("files.{}.filename", i), files[i].filename, 1, 255));
    if (!ids.insert(i).second)
      return Error::invalid_argument(fmt::format("files.{}", i), "attachment id collides with an explicit attachment",
                                     "DUPLICATE");
    if (files[i].description)
      FLUXER_CHECK(check_length(fmt::format("files.{}.description", i), *files[i].description, 1, 1024));
  }
  return {};
}

Result<void> validate_allowed_mentions(const AllowedMentions& m) {
  FLUXER_CHECK(check_count("allowed_mentions.users", m.users.size(), 100));
  FLUXER_CHECK(check_count("allowed_mentions.roles", m.roles.size(), 100));
  const auto has = [&](MentionType t) { return std::find(m.parse.begin(), m.parse.end(), t) != m.parse.end(); };
  if (has(MentionType::Users) && !m.users.empty())
    return Error::invalid_argument("allowed_mentions.users", "cannot be combined with parse \"users\"", "CONFLICT");
  if (has(MentionType::Roles) && !m.roles.empty())
    return Error::invalid_argument("allowed_mentions.roles", "cannot be combined with parse \"roles\"", "CONFLICT");
  return {};
}

Result<void> validate_embeds(const std::vector<Embed>& embeds) {
  FLUXER_CHECK(check_count("embeds", embeds.size(), 10));
  for (std::size_t i = 0; i < embeds.size(); ++i) FLUXER_CHECK(validate(embeds[i], fmt::format("embeds.{}.", i)));
  return {};
}

constexpr MessageLimits kNoContentLimit{std::numeric_limits<std::size_t>::max()};

}  // namespace

// ------------------------------------------------------------------ validation

Result<void> validate(const Embed& e, std::string_view prefix) {
  const auto f = [&](std::string_view name) { return std::string(prefix) + std::string(name); };
  if (e.title) FLUXER_CHECK(check_length(f("title"), *e.title, 1, 256));
  if (e.description) FLUXER_CHECK(check_length(f("description"), *e.description, 1, 4096));
  if (e.url) FLUXER_CHECK(check_length(f("url"), *e.url, 1, 2048));
  if (e.color && *e.color > 0xFFFFFFu)
    return Error::invalid_argument(f("color"), "must be at most 0xFFFFFF", "OUT_OF_RANGE");
  if (e.author) {
    FLUXER_CHECK(check_length(f("author.name"), e.author->name, 1, 256));
    if (e.author->url) FLUXER_CHECK(check_length(f("author.url"), *e.author->url, 1, 2048));
    if (e.author->icon_url) FLUXER_CHECK(check_length(f("author.icon_url"), *e.author->icon_url, 1, 2048));
  }
  if (e.footer) {
    FLUXER_CHECK(check_length(f("footer.text"), e.footer->text, 1, 2048));
    if (e.footer->icon_url) FLUXER_CHECK(check_length(f("footer.icon_url"), *e.footer->icon_url, 1, 2048));
  }
  for (auto [name, media] : {std::pair{"image", &e.image}, std::pair{"thumbnail", &e.thumbnail}}) {
    if (!*media) continue;
    FLUXER_CHECK(check_length(f(std::string(name) + ".url"), (*media)->url, 1, 2048));
    if ((*media)->description)
      FLUXER_CHECK(check_length(f(std::string(name) + ".description"), *(*media)->description, 1, 4096));
  }
  FLUXER_CHECK(check_count(f("fields"), e.fields.size(), 25));
  for (std::size_t i = 0; i < e.fields.size(); ++i) {
    FLUXER_CHECK(check_length(f(fmt::format("fields.{}.name", i)), e.fields[i].name, 1, 256));
    FLUXER_CHECK(check_length(f(fmt::format("fields.{}.value", i)), e.fields[i].value, 1, 1024));
  }
  return {};
}

Result<void> validate(const CreateMessage& m, const MessageLimits& limits) {
  if (m.content) FLUXER_CHECK(check_length("content", *m.content, 0, limits.max_content_length));
  FLUXER_CHECK(validate_embeds(m.embeds));
  FLUXER_CHECK(validate_files(m.attachments, m.files));
  FLUXER_CHECK(check_count("sticker_ids", m.sticker_ids.size(), 3));
  if (m.nonce) FLUXER_CHECK(check_length("nonce", *m.nonce, 1, 32));
  if (m.allowed_mentions) FLUXER_CHECK(validate_allowed_mentions(*m.allowed_mentions));
  const bool has_content = m.content && !m.content->empty();
  const bool has_body =
      has_content || !m.embeds.empty() || !m.files.empty() || !m.attachments.empty() || !m.sticker_ids.empty();
  if (m.message_reference) {
    if (!m.message_reference->message_id)
      return Error::invalid_argument("message_reference.message_id", "is required", "REQUIRED");
    if (m.message_reference->type == MessageReferenceType::Forward) {
      if (!m.message_reference->channel_id)
        return Error::invalid_argument("message_reference.channel_id", "is required for a forward", "REQUIRED");
      if (has_body)
        return Error::invalid_argument("message_reference", "a forward cannot have content, embeds, files or stickers",
                                       "CONFLICT");
      return {};
    }
  }
  if (!has_body)
    return Error::invalid_argument("content", "a message needs content, embeds, files or stickers",
                                   "CANNOT_SEND_EMPTY_MESSAGE");
  return {};
}

Result<void> validate(const EditMessage& m, const MessageLimits& limits) {
  if (m.content.has_value()) FLUXER_CHECK(check_length("content", *m.content, 0, limits.max_content_length));
  if (m.embeds) FLUXER_CHECK(validate_embeds(*m.embeds));
  static const std::vector<AttachmentMetadata> kNone;
  FLUXER_CHECK(validate_files(m.attachments ? *m.attachments : kNone, m.files));
  if (m.allowed_mentions) FLUXER_CHECK(validate_allowed_mentions(*m.allowed_mentions));
  return {};
}

// ------------------------------------------------------------------ encoders

std::string to_json(const Embed& embed) {
  return write_json(embed);
}
std::string to_json(const PermissionOverwrite& overwrite) {
  return write_json(overwrite);
}
std::string to_json(const AllowedMentions& mentions) {
  return write_json(mentions);
}

Result<std::string> to_json(const CreateMessage& m) {
  FLUXER_CHECK(validate(m, kNoContentLimit));
  return write_json(m);
}

Result<std::string> to_json(const EditMessage& m) {
  FLUXER_CHECK(validate(m, kNoContentLimit));
  return write_json(m);
}

Result<std::string> to_json(const ExecuteWebhook& w) {
  FLUXER_CHECK(validate(w.message, kNoContentLimit));
  if (w.username) FLUXER_CHECK(check_length("username", *w.username, 1, 80));
  if (w.avatar_url) FLUXER_CHECK(check_length("avatar_url", *w.avatar_url, 1, 2048));
  return write_json(w);
}

Result<std::string> to_json(const BulkDeleteMessages& b) {
  if (b.message_ids.empty()) return Error::invalid_argument("message_ids", "must not be empty", "TOO_SHORT");
  FLUXER_CHECK(check_count("message_ids", b.message_ids.size(), 100));
  return write_json(b);
}

Result<std::string> to_json(const CreateChannel& b) {
  FLUXER_CHECK(check_length("name", b.name, 1, 100));
  switch (b.type) {
    case ChannelType::GuildText:
    case ChannelType::GuildVoice:
    case ChannelType::GuildCategory:
    case ChannelType::GuildLink: break;
    default:
      return Error::invalid_argument("type", "must be GuildText, GuildVoice, GuildCategory or GuildLink",
                                     "INVALID_VALUE");
  }
  if (b.topic) FLUXER_CHECK(check_length("topic", *b.topic, 1, 1024));
  if (b.bitrate) FLUXER_CHECK(check_range("bitrate", *b.bitrate, 8000, 320000));
  if (b.user_limit) FLUXER_CHECK(check_range("user_limit", *b.user_limit, 0, 99));
  return write_json(b);
}

Result<std::string> to_json(const ModifyChannel& b) {
  if (b.name) FLUXER_CHECK(check_length("name", *b.name, 1, 100));
  if (b.topic.has_value()) FLUXER_CHECK(check_length("topic", *b.topic, 1, 1024));
  if (b.bitrate.has_value()) FLUXER_CHECK(check_range("bitrate", *b.bitrate, 8000, 320000));
  if (b.user_limit.has_value()) FLUXER_CHECK(check_range("user_limit", *b.user_limit, 0, 99));
  if (b.rate_limit_per_user.has_value())
    FLUXER_CHECK(check_range<std::int64_t>("rate_limit_per_user", b.rate_limit_per_user->count(), 0, 21600));
  if (b.rtc_region.has_value()) FLUXER_CHECK(check_length("rtc_region", *b.rtc_region, 1, 64));
  return write_json(b);
}

Result<std::string> to_json(const EditChannelPermissions& b) {
  if (b.type != OverwriteType::Role && b.type != OverwriteType::Member)
    return Error::invalid_argument("type", "must be Role or Member", "INVALID_VALUE");
  return write_json(b);
}

Result<std::string> to_json(const CreateInvite& b) {
  if (b.max_age) FLUXER_CHECK(check_range<std::int64_t>("max_age", b.max_age->count(), 0, 604800));
  if (b.max_uses) FLUXER_CHECK(check_range("max_uses", *b.max_uses, 0, 100));
  return write_json(b);
}

Result<std::string> to_json(const CreateWebhook& b) {
  FLUXER_CHECK(check_length("name", b.name, 1, 80));
  return write_json(b);
}

Result<std::string> to_json(const ModifyWebhook& b) {
  if (b.name) FLUXER_CHECK(check_length("name", *b.name, 1, 80));
  return write_json(b);
}

Result<std::string> to_json(const CreateDm& b) {
  if (!b.recipient_id) return Error::invalid_argument("recipient_id", "is required", "REQUIRED");
  return write_json(b);
}

Result<std::string> to_json(const ModifyGuild& b) {
  if (b.name) FLUXER_CHECK(check_length("name", *b.name, 1, 100));
  if (b.afk_timeout) FLUXER_CHECK(check_range<std::int64_t>("afk_timeout", b.afk_timeout->count(), 60, 3600));
  if (b.default_message_notifications)
    FLUXER_CHECK(check_range("default_message_notifications", *b.default_message_notifications, 0, 1));
  if (b.verification_level) FLUXER_CHECK(check_range("verification_level", *b.verification_level, 0, 4));
  if (b.mfa_level) FLUXER_CHECK(check_range("mfa_level", *b.mfa_level, 0, 1));
  if (b.explicit_content_filter) FLUXER_CHECK(check_range("explicit_content_filter", *b.explicit_content_filter, 0, 2));
  if (b.splash_card_alignment) FLUXER_CHECK(check_range("splash_card_alignment", *b.splash_card_alignment, 0, 2));
  if (b.system_channel_flags && *b.system_channel_flags < 0)
    return Error::invalid_argument("system_channel_flags", "must not be negative", "OUT_OF_RANGE");
  return write_json(b);
}

Result<std::string> to_json(const ModifyMember& b) {
  if (b.nick.has_value()) FLUXER_CHECK(check_length("nick", *b.nick, 1, 32));
  if (b.roles) FLUXER_CHECK(check_count("roles", b.roles->size(), 250));
  if (b.timeout_reason.has_value()) FLUXER_CHECK(check_length("timeout_reason", *b.timeout_reason, 1, 512));
  if (b.connection_id) FLUXER_CHECK(check_length("connection_id", *b.connection_id, 1, 32));
  return write_json(b);
}

Result<std::string> to_json(const CreateRole& b) {
  FLUXER_CHECK(check_length("name", b.name, 1, 100));
  if (b.color) FLUXER_CHECK(check_range<std::uint32_t>("color", *b.color, 0, 0xFFFFFF));
  return write_json(b);
}

Result<std::string> to_json(const ModifyRole& b) {
  if (b.name) FLUXER_CHECK(check_length("name", *b.name, 1, 100));
  if (b.color) FLUXER_CHECK(check_range<std::uint32_t>("color", *b.color, 0, 0xFFFFFF));
  return write_json(b);
}

Result<std::string> to_json(const CreateBan& b) {
  if (b.delete_message_days) FLUXER_CHECK(check_range("delete_message_days", *b.delete_message_days, 0, 7));
  if (b.reason) FLUXER_CHECK(check_length("reason", *b.reason, 0, 512));
  if (b.ban_duration && b.ban_duration->count() != 0 &&
      std::find(std::begin(kAllowedBanDurations), std::end(kAllowedBanDurations), *b.ban_duration) ==
          std::end(kAllowedBanDurations))
    return Error::invalid_argument("ban_duration_seconds",
                                   "must be 0 (permanent) or one of 3600, 43200, 86400, 259200, 432000, 604800, "
                                   "1209600, 2592000",
                                   "INVALID_VALUE");
  return write_json(b);
}

namespace {
Result<void> check_emoji_name(const std::string& name) {
  FLUXER_CHECK(check_length("name", name, 2, 32));
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    if (!ok)
      return Error::invalid_argument("name", "may only contain letters, digits and underscores", "INVALID_VALUE");
  }
  return {};
}
}  // namespace

Result<std::string> to_json(const CreateEmoji& b) {
  FLUXER_CHECK(check_emoji_name(b.name));
  if (b.image.rfind("data:image/", 0) != 0)
    return Error::invalid_argument("image", "must be a data URI (data:image/...;base64,...)", "INVALID_VALUE");
  return write_json(b);
}

Result<std::string> to_json(const ModifyEmoji& b) {
  FLUXER_CHECK(check_emoji_name(b.name));
  return write_json(b);
}

}  // namespace fluxer
