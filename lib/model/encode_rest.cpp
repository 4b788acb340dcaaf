// Encoders and validation for REST request bodies, and the entity encoders (Embed,
// PermissionOverwrite, AllowedMentions).

#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include <fluxer/model/attachment.hpp>
#include <fluxer/model/channel_requests.hpp>
#include <fluxer/model/codec.hpp>
#include <fluxer/model/guild_requests.hpp>
#include <fluxer/model/message_requests.hpp>

#include "model/json.hpp"
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

// ------------------------------------------------------------------ entity writers

namespace {

void write_embed(Out& o, const Embed& e) {
  o.begin_object();
  o.field("title", e.title);
  o.field("description", e.description);
  o.field("url", e.url);
  o.field("timestamp", e.timestamp);
  o.field("color", e.color);
  if (e.author) {
    o.key("author");
    o.begin_object();
    o.field("name", e.author->name);
    o.field("url", e.author->url);
    o.field("icon_url", e.author->icon_url);
    o.end_object();
  }
  auto media = [&](std::string_view key, const std::optional<EmbedMedia>& m) {
    if (!m) return;
    o.key(key);
    o.begin_object();
    o.field("url", m->url);
    o.field("description", m->description);
    o.end_object();
  };
  media("image", e.image);
  media("thumbnail", e.thumbnail);
  if (e.footer) {
    o.key("footer");
    o.begin_object();
    o.field("text", e.footer->text);
    o.field("icon_url", e.footer->icon_url);
    o.end_object();
  }
  if (!e.fields.empty()) {
    o.key("fields");
    o.begin_array();
    for (const auto& f : e.fields) {
      o.begin_object();
      o.field("name", f.name);
      o.field("value", f.value);
      o.field("inline", f.is_inline);
      o.end_object();
    }
    o.end_array();
  }
  o.end_object();
}

void write_overwrite(Out& o, const PermissionOverwrite& ow) {
  o.begin_object();
  o.field("id", ow.id);
  o.field("type", static_cast<int>(ow.type));
  o.field("allow", ow.allow);
  o.field("deny", ow.deny);
  o.end_object();
}

void write_overwrites(Out& o, std::string_view key, const std::optional<std::vector<PermissionOverwrite>>& list) {
  if (!list) return;
  o.key(key);
  o.begin_array();
  for (const auto& ow : *list) write_overwrite(o, ow);
  o.end_array();
}

std::string_view mention_type_name(MentionType t) {
  switch (t) {
    case MentionType::Users: return "users";
    case MentionType::Roles: return "roles";
    case MentionType::Everyone: return "everyone";
  }
  return "users";
}

void write_allowed_mentions(Out& o, const AllowedMentions& m) {
  o.begin_object();
  if (!m.parse.empty()) {
    o.key("parse");
    o.begin_array();
    for (auto t : m.parse) o.value(mention_type_name(t));
    o.end_array();
  }
  if (!m.users.empty()) o.field("users", m.users);
  if (!m.roles.empty()) o.field("roles", m.roles);
  o.field("replied_user", m.replied_user);
  o.end_object();
}

void write_reference(Out& o, const MessageReference& r) {
  o.begin_object();
  o.field("message_id", r.message_id);
  if (r.channel_id) o.field("channel_id", r.channel_id);
  o.field("guild_id", r.guild_id);
  o.field("type", static_cast<int>(r.type));
  o.end_object();
}

/// Attachment ids are numbers for upload indices; larger ids (existing attachments kept in
/// an edit) are sent as strings, which the server also accepts.
void write_attachment(Out& o, const AttachmentMetadata& a) {
  o.begin_object();
  o.key("id");
  if (a.id <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max()))
    o.value(a.id);
  else
    o.value(Snowflake{a.id});
  o.field("filename", a.filename);
  o.field("title", a.title);
  o.field("description", a.description);
  o.field("flags", a.flags);
  o.end_object();
}

/// Explicit attachments followed by one entry per file (id = index in `files`).
void write_attachments(Out& o, const std::vector<AttachmentMetadata>& explicit_list, const std::vector<FileUpload>& files,
                       bool always) {
  if (explicit_list.empty() && files.empty() && !always) return;
  o.key("attachments");
  o.begin_array();
  for (const auto& a : explicit_list) write_attachment(o, a);
  for (std::size_t i = 0; i < files.size(); ++i) {
    AttachmentMetadata a;
    a.id = i;
    a.filename = files[i].filename;
    a.description = files[i].description;
    if (files[i].spoiler) a.flags = attachment_flags::IS_SPOILER;
    write_attachment(o, a);
  }
  o.end_array();
}

void write_embeds(Out& o, const std::vector<Embed>& embeds) {
  o.key("embeds");
  o.begin_array();
  for (const auto& e : embeds) write_embed(o, e);
  o.end_array();
}

/// The fields of a message body (shared by CreateMessage and ExecuteWebhook).
void write_message_fields(Out& o, const CreateMessage& m) {
  o.field("content", m.content);
  if (!m.embeds.empty()) write_embeds(o, m.embeds);
  if (m.allowed_mentions) {
    o.key("allowed_mentions");
    write_allowed_mentions(o, *m.allowed_mentions);
  }
  if (m.message_reference) {
    o.key("message_reference");
    write_reference(o, *m.message_reference);
  }
  o.field("nonce", m.nonce);
  o.field("flags", m.flags);
  if (!m.sticker_ids.empty()) o.field("sticker_ids", m.sticker_ids);
  o.field("tts", m.tts);
  write_attachments(o, m.attachments, m.files, false);
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
  const bool has_body = has_content || !m.embeds.empty() || !m.files.empty() || !m.attachments.empty() ||
                        !m.sticker_ids.empty();
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

// ------------------------------------------------------------------ entity encoders

std::string to_json(const Embed& embed) {
  Out o;
  write_embed(o, embed);
  return o.take();
}

std::string to_json(const PermissionOverwrite& overwrite) {
  Out o;
  write_overwrite(o, overwrite);
  return o.take();
}

std::string to_json(const AllowedMentions& mentions) {
  Out o;
  write_allowed_mentions(o, mentions);
  return o.take();
}

// ------------------------------------------------------------------ message bodies

Result<std::string> to_json(const CreateMessage& m) {
  FLUXER_CHECK(validate(m, kNoContentLimit));
  Out o;
  o.begin_object();
  write_message_fields(o, m);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const EditMessage& m) {
  FLUXER_CHECK(validate(m, kNoContentLimit));
  Out o;
  o.begin_object();
  o.field("content", m.content);
  if (m.embeds) write_embeds(o, *m.embeds);
  if (m.allowed_mentions) {
    o.key("allowed_mentions");
    write_allowed_mentions(o, *m.allowed_mentions);
  }
  o.field("flags", m.flags);
  static const std::vector<AttachmentMetadata> kNone;
  write_attachments(o, m.attachments ? *m.attachments : kNone, m.files, m.attachments.has_value());
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const ExecuteWebhook& w) {
  FLUXER_CHECK(validate(w.message, kNoContentLimit));
  if (w.username) FLUXER_CHECK(check_length("username", *w.username, 1, 80));
  if (w.avatar_url) FLUXER_CHECK(check_length("avatar_url", *w.avatar_url, 1, 2048));
  Out o;
  o.begin_object();
  write_message_fields(o, w.message);
  o.field("username", w.username);
  o.field("avatar_url", w.avatar_url);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const BulkDeleteMessages& b) {
  if (b.message_ids.empty()) return Error::invalid_argument("message_ids", "must not be empty", "TOO_SHORT");
  FLUXER_CHECK(check_count("message_ids", b.message_ids.size(), 100));
  Out o;
  o.begin_object();
  o.field("message_ids", b.message_ids);
  o.end_object();
  return o.take();
}

// ------------------------------------------------------------------ channel bodies

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
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("type", static_cast<int>(b.type));
  o.field("topic", b.topic);
  o.field("url", b.url);
  o.field("parent_id", b.parent_id);
  o.field("bitrate", b.bitrate);
  o.field("user_limit", b.user_limit);
  o.field("nsfw", b.nsfw);
  write_overwrites(o, "permission_overwrites", b.permission_overwrites);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const ModifyChannel& b) {
  if (b.name) FLUXER_CHECK(check_length("name", *b.name, 1, 100));
  if (b.topic.has_value()) FLUXER_CHECK(check_length("topic", *b.topic, 1, 1024));
  if (b.bitrate.has_value()) FLUXER_CHECK(check_range("bitrate", *b.bitrate, 8000, 320000));
  if (b.user_limit.has_value()) FLUXER_CHECK(check_range("user_limit", *b.user_limit, 0, 99));
  if (b.rate_limit_per_user.has_value())
    FLUXER_CHECK(check_range<std::int64_t>("rate_limit_per_user", b.rate_limit_per_user->count(), 0, 21600));
  if (b.rtc_region.has_value()) FLUXER_CHECK(check_length("rtc_region", *b.rtc_region, 1, 64));
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("topic", b.topic);
  o.field("url", b.url);
  o.field("parent_id", b.parent_id);
  o.field("bitrate", b.bitrate);
  o.field("user_limit", b.user_limit);
  o.field("nsfw", b.nsfw);
  o.field("rate_limit_per_user", b.rate_limit_per_user);
  o.field("rtc_region", b.rtc_region);
  write_overwrites(o, "permission_overwrites", b.permission_overwrites);
  o.field("icon", b.icon);
  o.field("owner_id", b.owner_id);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const EditChannelPermissions& b) {
  if (b.type != OverwriteType::Role && b.type != OverwriteType::Member)
    return Error::invalid_argument("type", "must be Role or Member", "INVALID_VALUE");
  Out o;
  o.begin_object();
  o.field("type", static_cast<int>(b.type));
  o.field("allow", b.allow);
  o.field("deny", b.deny);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const CreateInvite& b) {
  if (b.max_age) FLUXER_CHECK(check_range<std::int64_t>("max_age", b.max_age->count(), 0, 604800));
  if (b.max_uses) FLUXER_CHECK(check_range("max_uses", *b.max_uses, 0, 100));
  Out o;
  o.begin_object();
  o.field("max_age", b.max_age);
  o.field("max_uses", b.max_uses);
  o.field("temporary", b.temporary);
  o.field("unique", b.unique);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const CreateWebhook& b) {
  FLUXER_CHECK(check_length("name", b.name, 1, 80));
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("avatar", b.avatar);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const ModifyWebhook& b) {
  if (b.name) FLUXER_CHECK(check_length("name", *b.name, 1, 80));
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("avatar", b.avatar);
  o.field("channel_id", b.channel_id);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const CreateDm& b) {
  if (!b.recipient_id) return Error::invalid_argument("recipient_id", "is required", "REQUIRED");
  Out o;
  o.begin_object();
  o.field("recipient_id", b.recipient_id);
  o.end_object();
  return o.take();
}

// ------------------------------------------------------------------ guild bodies

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
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("icon", b.icon);
  o.field("banner", b.banner);
  o.field("splash", b.splash);
  o.field("embed_splash", b.embed_splash);
  o.field("system_channel_id", b.system_channel_id);
  o.field("system_channel_flags", b.system_channel_flags);
  o.field("afk_channel_id", b.afk_channel_id);
  o.field("afk_timeout", b.afk_timeout);
  o.field("default_message_notifications", b.default_message_notifications);
  o.field("verification_level", b.verification_level);
  o.field("mfa_level", b.mfa_level);
  o.field("explicit_content_filter", b.explicit_content_filter);
  o.field("splash_card_alignment", b.splash_card_alignment);
  if (b.features) {
    o.key("features");
    o.begin_array();
    for (const auto& f : *b.features) o.value(f);
    o.end_array();
  }
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const ModifyMember& b) {
  if (b.nick.has_value()) FLUXER_CHECK(check_length("nick", *b.nick, 1, 32));
  if (b.roles) FLUXER_CHECK(check_count("roles", b.roles->size(), 250));
  if (b.timeout_reason.has_value()) FLUXER_CHECK(check_length("timeout_reason", *b.timeout_reason, 1, 512));
  if (b.connection_id) FLUXER_CHECK(check_length("connection_id", *b.connection_id, 1, 32));
  Out o;
  o.begin_object();
  o.field("nick", b.nick);
  if (b.roles) o.field("roles", *b.roles);
  o.field("mute", b.mute);
  o.field("deaf", b.deaf);
  o.field("communication_disabled_until", b.communication_disabled_until);
  o.field("timeout_reason", b.timeout_reason);
  o.field("channel_id", b.channel_id);
  o.field("connection_id", b.connection_id);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const CreateRole& b) {
  FLUXER_CHECK(check_length("name", b.name, 1, 100));
  if (b.color) FLUXER_CHECK(check_range<std::uint32_t>("color", *b.color, 0, 0xFFFFFF));
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("color", b.color);
  o.field("permissions", b.permissions);
  o.field("hoist", b.hoist);
  o.field("mentionable", b.mentionable);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const ModifyRole& b) {
  if (b.name) FLUXER_CHECK(check_length("name", *b.name, 1, 100));
  if (b.color) FLUXER_CHECK(check_range<std::uint32_t>("color", *b.color, 0, 0xFFFFFF));
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("color", b.color);
  o.field("permissions", b.permissions);
  o.field("hoist", b.hoist);
  o.field("hoist_position", b.hoist_position);
  o.field("mentionable", b.mentionable);
  o.end_object();
  return o.take();
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
  Out o;
  o.begin_object();
  o.field("delete_message_days", b.delete_message_days);
  o.field("reason", b.reason);
  o.field("ban_duration_seconds", b.ban_duration);
  o.end_object();
  return o.take();
}

namespace {
Result<void> check_emoji_name(const std::string& name) {
  FLUXER_CHECK(check_length("name", name, 2, 32));
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    if (!ok) return Error::invalid_argument("name", "may only contain letters, digits and underscores", "INVALID_VALUE");
  }
  return {};
}
}  // namespace

Result<std::string> to_json(const CreateEmoji& b) {
  FLUXER_CHECK(check_emoji_name(b.name));
  if (b.image.rfind("data:image/", 0) != 0)
    return Error::invalid_argument("image", "must be a data URI (data:image/...;base64,...)", "INVALID_VALUE");
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.field("image", b.image);
  o.end_object();
  return o.take();
}

Result<std::string> to_json(const ModifyEmoji& b) {
  FLUXER_CHECK(check_emoji_name(b.name));
  Out o;
  o.begin_object();
  o.field("name", b.name);
  o.end_object();
  return o.take();
}

}  // namespace fluxer
