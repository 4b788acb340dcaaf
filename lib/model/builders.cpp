// EmbedBuilder and MessageBuilder.

#include <fluxer/model/embed_builder.hpp>
#include <fluxer/model/message_builder.hpp>

namespace fluxer {

namespace {
std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}
}  // namespace

// ------------------------------------------------------------------ EmbedBuilder

EmbedBuilder& EmbedBuilder::title(std::string text) {
  embed_.title = std::move(text);
  return *this;
}
EmbedBuilder& EmbedBuilder::description(std::string text) {
  embed_.description = std::move(text);
  return *this;
}
EmbedBuilder& EmbedBuilder::url(std::string url) {
  embed_.url = std::move(url);
  return *this;
}
EmbedBuilder& EmbedBuilder::timestamp(Timestamp t) {
  embed_.timestamp = t;
  return *this;
}
EmbedBuilder& EmbedBuilder::color(std::uint32_t rgb) {
  embed_.color = rgb;
  return *this;
}
EmbedBuilder& EmbedBuilder::author(std::string name, std::string url, std::string icon_url) {
  embed_.author = EmbedAuthor{std::move(name), non_empty(std::move(url)), non_empty(std::move(icon_url)), {}};
  return *this;
}
EmbedBuilder& EmbedBuilder::footer(std::string text, std::string icon_url) {
  embed_.footer = EmbedFooter{std::move(text), non_empty(std::move(icon_url)), {}};
  return *this;
}
EmbedBuilder& EmbedBuilder::image(std::string url, std::string description) {
  EmbedMedia m;
  m.url = std::move(url);
  m.description = non_empty(std::move(description));
  embed_.image = std::move(m);
  return *this;
}
EmbedBuilder& EmbedBuilder::thumbnail(std::string url, std::string description) {
  EmbedMedia m;
  m.url = std::move(url);
  m.description = non_empty(std::move(description));
  embed_.thumbnail = std::move(m);
  return *this;
}
EmbedBuilder& EmbedBuilder::add_field(std::string name, std::string value, bool is_inline) {
  embed_.fields.push_back(EmbedField{std::move(name), std::move(value), is_inline});
  return *this;
}
EmbedBuilder& EmbedBuilder::clear_fields() {
  embed_.fields.clear();
  return *this;
}

Result<Embed> EmbedBuilder::build() const {
  if (auto r = validate(embed_); !r) return std::move(r).error();
  Embed e = embed_;
  e.type = "rich";
  return e;
}

// ------------------------------------------------------------------ MessageBuilder

MessageBuilder& MessageBuilder::max_content_length(std::size_t limit) noexcept {
  limits_.max_content_length = limit;
  return *this;
}
MessageBuilder& MessageBuilder::content(std::string text) {
  message_.content = std::move(text);
  return *this;
}
MessageBuilder& MessageBuilder::add_embed(Embed embed) {
  message_.embeds.push_back(std::move(embed));
  return *this;
}
MessageBuilder& MessageBuilder::add_embed(const EmbedBuilder& embed) {
  message_.embeds.push_back(embed.peek());
  return *this;
}
MessageBuilder& MessageBuilder::reply_to(Snowflake message_id, bool mention_author, Snowflake channel_id) {
  message_.message_reference = MessageReference{message_id, channel_id, std::nullopt, MessageReferenceType::Default};
  if (!mention_author) {
    if (!message_.allowed_mentions) {
      // Keep the default (everything allowed) apart from the reply ping.
      message_.allowed_mentions =
          AllowedMentions{{MentionType::Users, MentionType::Roles, MentionType::Everyone}, {}, {}, false};
    } else {
      message_.allowed_mentions->replied_user = false;
    }
  }
  return *this;
}
MessageBuilder& MessageBuilder::forward(Snowflake channel_id, Snowflake message_id, std::optional<Snowflake> guild_id) {
  message_.message_reference = MessageReference{message_id, channel_id, guild_id, MessageReferenceType::Forward};
  return *this;
}
MessageBuilder& MessageBuilder::allowed_mentions(AllowedMentions mentions) {
  const auto replied = message_.allowed_mentions ? message_.allowed_mentions->replied_user : std::nullopt;
  message_.allowed_mentions = std::move(mentions);
  if (!message_.allowed_mentions->replied_user) message_.allowed_mentions->replied_user = replied;
  return *this;
}
MessageBuilder& MessageBuilder::nonce(std::string nonce) {
  message_.nonce = std::move(nonce);
  return *this;
}
MessageBuilder& MessageBuilder::tts(bool on) {
  message_.tts = on;
  return *this;
}
MessageBuilder& MessageBuilder::flags(std::uint32_t flags) noexcept {
  message_.flags = flags;
  return *this;
}
MessageBuilder& MessageBuilder::suppress_embeds(bool on) noexcept {
  auto f = message_.flags.value_or(0);
  message_.flags = on ? (f | message_flags::SUPPRESS_EMBEDS) : (f & ~message_flags::SUPPRESS_EMBEDS);
  return *this;
}
MessageBuilder& MessageBuilder::silent(bool on) noexcept {
  auto f = message_.flags.value_or(0);
  message_.flags = on ? (f | message_flags::SUPPRESS_NOTIFICATIONS) : (f & ~message_flags::SUPPRESS_NOTIFICATIONS);
  return *this;
}
MessageBuilder& MessageBuilder::add_sticker(Snowflake sticker_id) {
  message_.sticker_ids.push_back(sticker_id);
  return *this;
}
MessageBuilder& MessageBuilder::add_file(FileUpload file) {
  message_.files.push_back(std::move(file));
  return *this;
}
MessageBuilder& MessageBuilder::add_file(std::string filename, std::string data, std::string description) {
  FileUpload f;
  f.filename = std::move(filename);
  f.data = std::move(data);
  f.description = non_empty(std::move(description));
  return add_file(std::move(f));
}

Result<CreateMessage> MessageBuilder::build() const& {
  if (auto r = validate(message_, limits_); !r) return std::move(r).error();
  return message_;
}

Result<CreateMessage> MessageBuilder::build() && {
  if (auto r = validate(message_, limits_); !r) return std::move(r).error();
  return std::move(message_);
}

}  // namespace fluxer
