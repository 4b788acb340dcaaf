// Field tables: messages and what they contain (embeds, attachments, reactions, ...).
// Embeds are also sent (CreateMessage): the writer leaves out what only servers set.

#include "model/tables.hpp"

namespace fluxer::mjson {

namespace {

/// Message `nonce`: a string; newer servers also allow an integer (kept as its text).
bool read_nonce(Decoder& d, std::optional<std::string>& out, const Event& e) {
  switch (e.kind) {
    case Event::Kind::String: out.emplace(e.str, e.len); return true;
    case Event::Kind::Uint: out = std::to_string(e.uint_value); return true;
    case Event::Kind::Int: out = std::to_string(e.int_value); return true;
    case Event::Kind::Null: out.reset(); return true;
    default: return d.fail("expected a string or an integer");
  }
}

bool read_id(Decoder& d, void* target, const Event& e) {
  return Codec<Snowflake>::read(d, *static_cast<Snowflake*>(target), e);
}
void reset_id(void* target) {
  *static_cast<Snowflake*>(target) = Snowflake{};
}
bool id_empty(const void* target) {
  return !*static_cast<const Snowflake*>(target);
}

/// A user object read for its `id` only, into a snowflake (snapshot mentions).
const ObjectTable& id_only() {
  static const ObjectTable table(
      "UserId", {
                    FieldDesc{.name = "id", .read = &read_id, .reset = &reset_id, .empty = &id_empty}.required(),
                });
  return table;
}

bool read_id_element(Decoder& d, void* container, const Event& e) {
  auto& ids = *static_cast<std::vector<Snowflake>*>(container);
  if (e.kind == Event::Kind::Object) return d.push_object(id_only(), &ids.emplace_back());
  return Codec<Snowflake>::read(d, ids.emplace_back(), e);
}
void drop_id(void* container) {
  static_cast<std::vector<Snowflake>*>(container)->pop_back();
}
constexpr ArrayOps kIdOrUserOps{&read_id_element, &drop_id, nullptr, false};

/// Snapshot `mentions`: user ids; user objects are accepted too and keep their id.
bool read_id_list(Decoder& d, std::vector<Snowflake>& out, const Event& e) {
  if (e.kind == Event::Kind::Array) {
    out.clear();
    return d.push_array(kIdOrUserOps, &out);
  }
  return Codec<std::vector<Snowflake>>::read(d, out, e);
}

/// `referenced_message`: absent = not a reply; null = the target was deleted. Replies of
/// replies are followed kMaxMessageDepth levels deep.
bool read_referenced(Decoder& d, Nullable<Box<Message>>& out, const Event& e) {
  if (e.kind == Event::Kind::Object && d.open_fields_named("referenced_message") > kMaxMessageDepth)
    return d.fail("referenced_message nested too deeply", "TOO_DEEP");
  return Codec<Nullable<Box<Message>>>::read(d, out, e);
}

}  // namespace

// ------------------------------------------------------------------ embeds

const ObjectTable& table_of(Tag<EmbedAuthor>) {
  static const ObjectTable table("EmbedAuthor", {
                                                    field<&EmbedAuthor::name>("name"),
                                                    field<&EmbedAuthor::url>("url"),
                                                    field<&EmbedAuthor::icon_url>("icon_url"),
                                                    field<&EmbedAuthor::proxy_icon_url>("proxy_icon_url").not_sent(),
                                                });
  return table;
}

const ObjectTable& table_of(Tag<EmbedProvider>) {
  static const ObjectTable table("EmbedProvider", {
                                                      field<&EmbedProvider::name>("name"),
                                                      field<&EmbedProvider::url>("url"),
                                                  });
  return table;
}

const ObjectTable& table_of(Tag<EmbedFooter>) {
  static const ObjectTable table("EmbedFooter", {
                                                    field<&EmbedFooter::text>("text"),
                                                    field<&EmbedFooter::icon_url>("icon_url"),
                                                    field<&EmbedFooter::proxy_icon_url>("proxy_icon_url").not_sent(),
                                                });
  return table;
}

const ObjectTable& table_of(Tag<EmbedMedia>) {
  static const ObjectTable table("EmbedMedia", {
                                                   field<&EmbedMedia::url>("url"),
                                                   field<&EmbedMedia::description>("description"),
                                                   field<&EmbedMedia::proxy_url>("proxy_url").not_sent(),
                                                   field<&EmbedMedia::width>("width").not_sent(),
                                                   field<&EmbedMedia::height>("height").not_sent(),
                                                   field<&EmbedMedia::content_type>("content_type").not_sent(),
                                                   field<&EmbedMedia::content_hash>("content_hash").not_sent(),
                                                   field<&EmbedMedia::placeholder>("placeholder").not_sent(),
                                                   field<&EmbedMedia::duration>("duration").not_sent(),
                                                   field<&EmbedMedia::flags>("flags").not_sent(),
                                               });
  return table;
}

const ObjectTable& table_of(Tag<EmbedField>) {
  static const ObjectTable table("EmbedField", {
                                                   field<&EmbedField::name>("name"),
                                                   field<&EmbedField::value>("value"),
                                                   field<&EmbedField::is_inline>("inline"),
                                               });
  return table;
}

// Written in this order: title, description, url, timestamp, color, author, image,
// thumbnail, footer, fields.
const ObjectTable& table_of(Tag<Embed>) {
  static const ObjectTable table("Embed", {
                                              field<&Embed::type>("type").not_sent(),
                                              field<&Embed::title>("title"),
                                              field<&Embed::description>("description"),
                                              field<&Embed::url>("url"),
                                              field<&Embed::timestamp>("timestamp"),
                                              field<&Embed::color>("color"),
                                              field<&Embed::author>("author"),
                                              field<&Embed::provider>("provider").not_sent(),
                                              field<&Embed::image>("image"),
                                              field<&Embed::thumbnail>("thumbnail"),
                                              field<&Embed::video>("video").not_sent(),
                                              field<&Embed::audio>("audio").not_sent(),
                                              field<&Embed::footer>("footer"),
                                              field<&Embed::fields>("fields"),
                                              field<&Embed::nsfw>("nsfw").not_sent(),
                                          });
  return table;
}

// ------------------------------------------------------------------ attachments, reactions

const ObjectTable& table_of(Tag<Attachment>) {
  static const ObjectTable table("Attachment", {
                                                   field<&Attachment::id>("id").required(),
                                                   field<&Attachment::filename>("filename"),
                                                   field<&Attachment::title>("title"),
                                                   field<&Attachment::description>("description"),
                                                   field<&Attachment::content_type>("content_type"),
                                                   field<&Attachment::content_hash>("content_hash"),
                                                   field<&Attachment::size>("size"),
                                                   field<&Attachment::url>("url"),
                                                   field<&Attachment::proxy_url>("proxy_url"),
                                                   field<&Attachment::width>("width"),
                                                   field<&Attachment::height>("height"),
                                                   field<&Attachment::placeholder>("placeholder"),
                                                   field<&Attachment::flags>("flags"),
                                                   field<&Attachment::nsfw>("nsfw"),
                                                   field<&Attachment::duration>("duration"),
                                                   field<&Attachment::waveform>("waveform"),
                                                   field<&Attachment::expires_at>("expires_at"),
                                                   field<&Attachment::expired>("expired"),
                                               });
  return table;
}

const ObjectTable& table_of(Tag<Reaction>) {
  static const ObjectTable table("Reaction", {
                                                 field<&Reaction::emoji>("emoji").strict(),
                                                 field<&Reaction::count>("count"),
                                                 field<&Reaction::me>("me"),
                                             });
  return table;
}

// ------------------------------------------------------------------ references, snapshots

// Also sent (CreateMessage): a zero `channel_id` is left out.
const ObjectTable& table_of(Tag<MessageReference>) {
  static const ObjectTable table("MessageReference",
                                 {
                                     field<&MessageReference::message_id>("message_id").required(),
                                     field<&MessageReference::channel_id>("channel_id").omit_default(),
                                     field<&MessageReference::guild_id>("guild_id"),
                                     field<&MessageReference::type>("type").strict(),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<MessageSnapshot>) {
  static const ObjectTable table("MessageSnapshot",
                                 {
                                     field<&MessageSnapshot::content>("content"),
                                     field<&MessageSnapshot::timestamp>("timestamp"),
                                     field<&MessageSnapshot::edited_timestamp>("edited_timestamp"),
                                     field_with<&MessageSnapshot::mentions, &read_id_list>("mentions"),
                                     field<&MessageSnapshot::mention_roles>("mention_roles"),
                                     field<&MessageSnapshot::embeds>("embeds"),
                                     field<&MessageSnapshot::attachments>("attachments"),
                                     field<&MessageSnapshot::stickers>("stickers"),
                                     field<&MessageSnapshot::type>("type"),
                                     field<&MessageSnapshot::flags>("flags"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<MessageCall>) {
  static const ObjectTable table("MessageCall", {
                                                    field<&MessageCall::participants>("participants"),
                                                    field<&MessageCall::ended_timestamp>("ended_timestamp"),
                                                });
  return table;
}

// ------------------------------------------------------------------ message

// Strict: the ids (and who wrote it). Everything else costs only itself: a message is
// never lost to a cosmetic field.
const ObjectTable& table_of(Tag<Message>) {
  static const ObjectTable table("Message",
                                 {
                                     field<&Message::id>("id").required(),
                                     field<&Message::channel_id>("channel_id").required(),
                                     field<&Message::guild_id>("guild_id"),
                                     field<&Message::author>("author").strict(),
                                     field<&Message::member>("member"),
                                     field<&Message::webhook_id>("webhook_id"),
                                     field<&Message::type>("type"),
                                     field<&Message::flags>("flags"),
                                     field<&Message::content>("content"),
                                     field<&Message::timestamp>("timestamp"),
                                     field<&Message::edited_timestamp>("edited_timestamp"),
                                     field<&Message::pinned>("pinned"),
                                     field<&Message::mention_everyone>("mention_everyone"),
                                     field<&Message::tts>("tts"),
                                     field<&Message::mentions>("mentions"),
                                     field<&Message::mention_roles>("mention_roles"),
                                     field<&Message::embeds>("embeds"),
                                     field<&Message::attachments>("attachments"),
                                     field<&Message::stickers>("stickers"),
                                     field<&Message::stickers>("sticker_items").not_sent(),
                                     field<&Message::reactions>("reactions"),
                                     field<&Message::message_reference>("message_reference"),
                                     field<&Message::message_snapshots>("message_snapshots"),
                                     field_with<&Message::nonce, &read_nonce>("nonce"),
                                     field<&Message::call>("call"),
                                     field_with<&Message::referenced_message, &read_referenced>("referenced_message"),
                                 });
  return table;
}

}  // namespace fluxer::mjson
