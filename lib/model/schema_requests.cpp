// Field tables: what the SDK sends (REST request bodies, gateway command payloads). The
// encoders (encode_rest.cpp, encode_gateway.cpp) validate, then write these tables; keys are
// written in table order, absent optionals and empty lists are left out.

#include <algorithm>
#include <cctype>
#include <limits>

#include "model/tables.hpp"

namespace fluxer::mjson {

namespace {

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
void write_attachments(Out& o, std::string_view key, const std::vector<AttachmentMetadata>& explicit_list,
                       const std::vector<FileUpload>& files, bool always) {
  if (explicit_list.empty() && files.empty() && !always) return;
  o.key(key);
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

void write_create_attachments(Out& o, const void* object, const FieldDesc& f) {
  const auto& m = *static_cast<const CreateMessage*>(object);
  write_attachments(o, f.name, m.attachments, m.files, false);
}

void write_edit_attachments(Out& o, const void* object, const FieldDesc& f) {
  static const std::vector<AttachmentMetadata> kNone;
  const auto& m = *static_cast<const EditMessage*>(object);
  write_attachments(o, f.name, m.attachments ? *m.attachments : kNone, m.files, m.attachments.has_value());
}

/// Identify `ignored_events`: upper-cased, left out when empty.
void write_ignored_events(Out& o, const void* object, const FieldDesc& f) {
  const auto& names = static_cast<const Identify*>(object)->ignored_events;
  if (names.empty()) return;
  o.key(f.name);
  o.begin_array();
  for (const auto& name : names) {
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    o.value(upper);
  }
  o.end_array();
}

const ObjectTable& webhook_identity() {
  static const ObjectTable table("ExecuteWebhookIdentity", {
                                                               field<&ExecuteWebhook::username>("username"),
                                                               field<&ExecuteWebhook::avatar_url>("avatar_url"),
                                                           });
  return table;
}

}  // namespace

// ------------------------------------------------------------------ codecs of their own

bool Codec<MentionType>::read(Decoder& d, MentionType& out, const Event& e) {
  const std::string_view s = e.kind == Event::Kind::String ? e.text() : std::string_view{};
  if (s == "users")
    out = MentionType::Users;
  else if (s == "roles")
    out = MentionType::Roles;
  else if (s == "everyone")
    out = MentionType::Everyone;
  else
    return d.fail("expected \"users\", \"roles\" or \"everyone\"");
  return true;
}

void Codec<MentionType>::write(Out& o, MentionType v) {
  switch (v) {
    case MentionType::Users: o.value("users"); return;
    case MentionType::Roles: o.value("roles"); return;
    case MentionType::Everyone: o.value("everyone"); return;
  }
  o.value("users");
}

// ------------------------------------------------------------------ messages

const ObjectTable& table_of(Tag<AllowedMentions>) {
  static const ObjectTable table("AllowedMentions", {
                                                        field<&AllowedMentions::parse>("parse"),
                                                        field<&AllowedMentions::users>("users"),
                                                        field<&AllowedMentions::roles>("roles"),
                                                        field<&AllowedMentions::replied_user>("replied_user"),
                                                    });
  return table;
}

const ObjectTable& table_of(Tag<CreateMessage>) {
  static const ObjectTable table("CreateMessage", {
                                                      field<&CreateMessage::content>("content"),
                                                      field<&CreateMessage::embeds>("embeds"),
                                                      field<&CreateMessage::allowed_mentions>("allowed_mentions"),
                                                      field<&CreateMessage::message_reference>("message_reference"),
                                                      field<&CreateMessage::nonce>("nonce"),
                                                      field<&CreateMessage::flags>("flags"),
                                                      field<&CreateMessage::sticker_ids>("sticker_ids"),
                                                      field<&CreateMessage::tts>("tts"),
                                                      written<&write_create_attachments>("attachments"),
                                                  });
  return table;
}

const ObjectTable& table_of(Tag<EditMessage>) {
  static const ObjectTable table("EditMessage", {
                                                    field<&EditMessage::content>("content"),
                                                    field<&EditMessage::embeds>("embeds"),
                                                    field<&EditMessage::allowed_mentions>("allowed_mentions"),
                                                    field<&EditMessage::flags>("flags"),
                                                    written<&write_edit_attachments>("attachments"),
                                                });
  return table;
}

// The message's fields, then the webhook's identity.
const ObjectTable& table_of(Tag<ExecuteWebhook>) {
  static const ObjectTable table(
      "ExecuteWebhook", {},
      {{&member_of<&ExecuteWebhook::message>, &table_of(Tag<CreateMessage>{})}, {&same_object, &webhook_identity()}});
  return table;
}

const ObjectTable& table_of(Tag<BulkDeleteMessages>) {
  static const ObjectTable table("BulkDeleteMessages", {
                                                           field<&BulkDeleteMessages::message_ids>("message_ids"),
                                                       });
  return table;
}

// ------------------------------------------------------------------ channels

const ObjectTable& table_of(Tag<CreateChannel>) {
  static const ObjectTable table("CreateChannel",
                                 {
                                     field<&CreateChannel::name>("name"),
                                     field<&CreateChannel::type>("type"),
                                     field<&CreateChannel::topic>("topic"),
                                     field<&CreateChannel::url>("url"),
                                     field<&CreateChannel::parent_id>("parent_id"),
                                     field<&CreateChannel::bitrate>("bitrate"),
                                     field<&CreateChannel::user_limit>("user_limit"),
                                     field<&CreateChannel::nsfw>("nsfw"),
                                     field<&CreateChannel::permission_overwrites>("permission_overwrites"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<ModifyChannel>) {
  static const ObjectTable table("ModifyChannel",
                                 {
                                     field<&ModifyChannel::name>("name"),
                                     field<&ModifyChannel::topic>("topic"),
                                     field<&ModifyChannel::url>("url"),
                                     field<&ModifyChannel::parent_id>("parent_id"),
                                     field<&ModifyChannel::bitrate>("bitrate"),
                                     field<&ModifyChannel::user_limit>("user_limit"),
                                     field<&ModifyChannel::nsfw>("nsfw"),
                                     field<&ModifyChannel::rate_limit_per_user>("rate_limit_per_user"),
                                     field<&ModifyChannel::rtc_region>("rtc_region"),
                                     field<&ModifyChannel::permission_overwrites>("permission_overwrites"),
                                     field<&ModifyChannel::icon>("icon"),
                                     field<&ModifyChannel::owner_id>("owner_id"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<EditChannelPermissions>) {
  static const ObjectTable table("EditChannelPermissions", {
                                                               field<&EditChannelPermissions::type>("type"),
                                                               field<&EditChannelPermissions::allow>("allow"),
                                                               field<&EditChannelPermissions::deny>("deny"),
                                                           });
  return table;
}

const ObjectTable& table_of(Tag<CreateInvite>) {
  static const ObjectTable table("CreateInvite", {
                                                     field<&CreateInvite::max_age>("max_age"),
                                                     field<&CreateInvite::max_uses>("max_uses"),
                                                     field<&CreateInvite::temporary>("temporary"),
                                                     field<&CreateInvite::unique>("unique"),
                                                 });
  return table;
}

const ObjectTable& table_of(Tag<CreateWebhook>) {
  static const ObjectTable table("CreateWebhook", {
                                                      field<&CreateWebhook::name>("name"),
                                                      field<&CreateWebhook::avatar>("avatar"),
                                                  });
  return table;
}

const ObjectTable& table_of(Tag<ModifyWebhook>) {
  static const ObjectTable table("ModifyWebhook", {
                                                      field<&ModifyWebhook::name>("name"),
                                                      field<&ModifyWebhook::avatar>("avatar"),
                                                      field<&ModifyWebhook::channel_id>("channel_id"),
                                                  });
  return table;
}

const ObjectTable& table_of(Tag<CreateDm>) {
  static const ObjectTable table("CreateDm", {
                                                 field<&CreateDm::recipient_id>("recipient_id"),
                                             });
  return table;
}

// ------------------------------------------------------------------ guilds

const ObjectTable& table_of(Tag<ModifyGuild>) {
  static const ObjectTable table(
      "ModifyGuild", {
                         field<&ModifyGuild::name>("name"),
                         field<&ModifyGuild::icon>("icon"),
                         field<&ModifyGuild::banner>("banner"),
                         field<&ModifyGuild::splash>("splash"),
                         field<&ModifyGuild::embed_splash>("embed_splash"),
                         field<&ModifyGuild::system_channel_id>("system_channel_id"),
                         field<&ModifyGuild::system_channel_flags>("system_channel_flags"),
                         field<&ModifyGuild::afk_channel_id>("afk_channel_id"),
                         field<&ModifyGuild::afk_timeout>("afk_timeout"),
                         field<&ModifyGuild::default_message_notifications>("default_message_notifications"),
                         field<&ModifyGuild::verification_level>("verification_level"),
                         field<&ModifyGuild::mfa_level>("mfa_level"),
                         field<&ModifyGuild::explicit_content_filter>("explicit_content_filter"),
                         field<&ModifyGuild::splash_card_alignment>("splash_card_alignment"),
                         field<&ModifyGuild::features>("features"),
                     });
  return table;
}

const ObjectTable& table_of(Tag<ModifyMember>) {
  static const ObjectTable table("ModifyMember",
                                 {
                                     field<&ModifyMember::nick>("nick"),
                                     field<&ModifyMember::roles>("roles"),
                                     field<&ModifyMember::mute>("mute"),
                                     field<&ModifyMember::deaf>("deaf"),
                                     field<&ModifyMember::communication_disabled_until>("communication_disabled_until"),
                                     field<&ModifyMember::timeout_reason>("timeout_reason"),
                                     field<&ModifyMember::channel_id>("channel_id"),
                                     field<&ModifyMember::connection_id>("connection_id"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<CreateRole>) {
  static const ObjectTable table("CreateRole", {
                                                   field<&CreateRole::name>("name"),
                                                   field<&CreateRole::color>("color"),
                                                   field<&CreateRole::permissions>("permissions"),
                                                   field<&CreateRole::hoist>("hoist"),
                                                   field<&CreateRole::mentionable>("mentionable"),
                                               });
  return table;
}

const ObjectTable& table_of(Tag<ModifyRole>) {
  static const ObjectTable table("ModifyRole", {
                                                   field<&ModifyRole::name>("name"),
                                                   field<&ModifyRole::color>("color"),
                                                   field<&ModifyRole::permissions>("permissions"),
                                                   field<&ModifyRole::hoist>("hoist"),
                                                   field<&ModifyRole::hoist_position>("hoist_position"),
                                                   field<&ModifyRole::mentionable>("mentionable"),
                                               });
  return table;
}

const ObjectTable& table_of(Tag<CreateBan>) {
  static const ObjectTable table("CreateBan", {
                                                  field<&CreateBan::delete_message_days>("delete_message_days"),
                                                  field<&CreateBan::reason>("reason"),
                                                  field<&CreateBan::ban_duration>("ban_duration_seconds"),
                                              });
  return table;
}

const ObjectTable& table_of(Tag<CreateEmoji>) {
  static const ObjectTable table("CreateEmoji", {
                                                    field<&CreateEmoji::name>("name"),
                                                    field<&CreateEmoji::image>("image"),
                                                });
  return table;
}

const ObjectTable& table_of(Tag<ModifyEmoji>) {
  static const ObjectTable table("ModifyEmoji", {
                                                    field<&ModifyEmoji::name>("name"),
                                                });
  return table;
}

// ------------------------------------------------------------------ gateway commands

const ObjectTable& table_of(Tag<IdentifyProperties>) {
  static const ObjectTable table("IdentifyProperties", {
                                                           field<&IdentifyProperties::os>("os"),
                                                           field<&IdentifyProperties::browser>("browser"),
                                                           field<&IdentifyProperties::device>("device"),
                                                       });
  return table;
}

const ObjectTable& table_of(Tag<UpdatePresence>) {
  static const ObjectTable table("UpdatePresence", {
                                                       field<&UpdatePresence::status>("status"),
                                                       field<&UpdatePresence::afk>("afk"),
                                                       field<&UpdatePresence::mobile>("mobile"),
                                                       field<&UpdatePresence::custom_status>("custom_status"),
                                                   });
  return table;
}

const ObjectTable& table_of(Tag<Identify>) {
  static const ObjectTable table("Identify",
                                 {
                                     field<&Identify::token>("token"),
                                     field<&Identify::properties>("properties"),
                                     field<&Identify::presence>("presence"),
                                     field_writing<&Identify::ignored_events, &write_ignored_events>("ignored_events"),
                                     field<&Identify::flags>("flags").omit_default(),
                                     field<&Identify::shard>("shard"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<Resume>) {
  static const ObjectTable table("Resume", {
                                               field<&Resume::token>("token"),
                                               field<&Resume::session_id>("session_id"),
                                               field<&Resume::seq>("seq"),
                                           });
  return table;
}

const ObjectTable& table_of(Tag<UpdateVoiceState>) {
  static const ObjectTable table("UpdateVoiceState",
                                 {
                                     field<&UpdateVoiceState::guild_id>("guild_id").null_if_absent(),
                                     field<&UpdateVoiceState::channel_id>("channel_id").null_if_absent(),
                                     field<&UpdateVoiceState::connection_id>("connection_id"),
                                     field<&UpdateVoiceState::self_mute>("self_mute"),
                                     field<&UpdateVoiceState::self_deaf>("self_deaf"),
                                     field<&UpdateVoiceState::self_video>("self_video"),
                                     field<&UpdateVoiceState::self_stream>("self_stream"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<RequestGuildCounts>) {
  static const ObjectTable table("RequestGuildCounts", {
                                                           field<&RequestGuildCounts::guild_ids>("guild_ids"),
                                                           field<&RequestGuildCounts::nonce>("nonce"),
                                                       });
  return table;
}

}  // namespace fluxer::mjson
