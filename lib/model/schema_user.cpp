// Field tables: users, members, presences, voice states and small guild entities.

#include "model/tables.hpp"

namespace fluxer::mjson {

namespace {

/// Sticker `tags`: guild stickers send an array; Discord's comma-separated string is
/// accepted too.
bool read_tags(Decoder& d, std::vector<std::string>& out, const Event& e) {
  if (e.kind != Event::Kind::String) return Codec<std::vector<std::string>>::read(d, out, e);
  out.clear();
  std::string_view s = e.text();
  while (!s.empty()) {
    const auto comma = s.find(',');
    auto part = s.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return true;
}

/// [A] `viewer_stream_key`: a single key or null, kept as a one-element list.
bool read_single_stream_key(Decoder& d, std::vector<std::string>& out, const Event& e) {
  out.clear();
  if (e.kind == Event::Kind::Null) return true;
  if (e.kind != Event::Kind::String) return d.fail("expected a string");
  out.emplace_back(e.str, e.len);
  return true;
}

}  // namespace

const ObjectTable& table_of(Tag<User>) {
  static const ObjectTable table("User", {
                                             field<&User::id>("id").required(),
                                             field<&User::username>("username"),
                                             field<&User::discriminator>("discriminator"),
                                             field<&User::global_name>("global_name"),
                                             field<&User::avatar>("avatar"),
                                             field<&User::avatar_color>("avatar_color"),
                                             field<&User::bot>("bot"),
                                             field<&User::system>("system"),
                                             field<&User::flags>("flags"),
                                         });
  return table;
}

const ObjectTable& table_of(Tag<CurrentUser>) {
  static const ObjectTable table("CurrentUser",
                                 {
                                     field<&CurrentUser::email>("email"),
                                     field<&CurrentUser::phone>("phone"),
                                     field<&CurrentUser::bio>("bio"),
                                     field<&CurrentUser::pronouns>("pronouns"),
                                     field<&CurrentUser::banner>("banner"),
                                     field<&CurrentUser::accent_color>("accent_color"),
                                     field<&CurrentUser::banner_color>("banner_color"),
                                     field<&CurrentUser::verified>("verified"),
                                     field<&CurrentUser::mfa_enabled>("mfa_enabled"),
                                     field<&CurrentUser::nsfw_allowed>("nsfw_allowed"),
                                     field<&CurrentUser::is_staff>("is_staff"),
                                     field<&CurrentUser::premium_type>("premium_type"),
                                     field<&CurrentUser::premium_since>("premium_since"),
                                     field<&CurrentUser::premium_until>("premium_until"),
                                     field<&CurrentUser::acls>("acls"),
                                     field<&CurrentUser::traits>("traits"),
                                 },
                                 {{&base_of<CurrentUser, User>, &table_of(Tag<User>{})}});
  return table;
}

const ObjectTable& table_of(Tag<Application>) {
  static const ObjectTable table("Application",
                                 {
                                     field<&Application::id>("id").required(),
                                     field<&Application::name>("name"),
                                     field<&Application::icon>("icon"),
                                     field<&Application::description>("description"),
                                     field<&Application::bot_public>("bot_public"),
                                     field<&Application::bot_require_code_grant>("bot_require_code_grant"),
                                     field<&Application::verify_key>("verify_key"),
                                     field<&Application::flags>("flags"),
                                     field<&Application::bot>("bot"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<Ban>) {
  static const ObjectTable table("Ban", {
                                            field<&Ban::user>("user").strict(),
                                            field<&Ban::reason>("reason"),
                                            field<&Ban::moderator_id>("moderator_id"),
                                            field<&Ban::banned_at>("banned_at"),
                                            field<&Ban::expires_at>("expires_at"),
                                        });
  return table;
}

const ObjectTable& table_of(Tag<Webhook>) {
  static const ObjectTable table("Webhook", {
                                                field<&Webhook::id>("id").required(),
                                                field<&Webhook::guild_id>("guild_id"),
                                                field<&Webhook::channel_id>("channel_id"),
                                                field<&Webhook::user>("user"),
                                                field<&Webhook::name>("name"),
                                                field<&Webhook::avatar>("avatar"),
                                                field<&Webhook::token>("token"),
                                            });
  return table;
}

// Reaction emoji have no id (Unicode); guild emoji always have one. Neither is required.
const ObjectTable& table_of(Tag<Emoji>) {
  static const ObjectTable table("Emoji", {
                                              field<&Emoji::id>("id"),
                                              field<&Emoji::name>("name"),
                                              field<&Emoji::animated>("animated"),
                                              field<&Emoji::user>("user"),
                                          });
  return table;
}

const ObjectTable& table_of(Tag<Sticker>) {
  static const ObjectTable table("Sticker", {
                                                field<&Sticker::id>("id").required(),
                                                field<&Sticker::name>("name"),
                                                field<&Sticker::description>("description"),
                                                field_with<&Sticker::tags, &read_tags>("tags"),
                                                field<&Sticker::format_type>("format_type"),
                                                field<&Sticker::animated>("animated"),
                                                field<&Sticker::nsfw>("nsfw"),
                                                field<&Sticker::user>("user"),
                                            });
  return table;
}

const ObjectTable& table_of(Tag<Role>) {
  static const ObjectTable table("Role", {
                                             field<&Role::id>("id").required(),
                                             field<&Role::name>("name"),
                                             field<&Role::color>("color"),
                                             field<&Role::position>("position"),
                                             field<&Role::hoist_position>("hoist_position"),
                                             field<&Role::permissions>("permissions"),
                                             field<&Role::hoist>("hoist"),
                                             field<&Role::mentionable>("mentionable"),
                                             field<&Role::unicode_emoji>("unicode_emoji"),
                                         });
  return table;
}

const ObjectTable& table_of(Tag<GuildMember>) {
  static const ObjectTable table("GuildMember",
                                 {
                                     field<&GuildMember::user>("user"),
                                     field<&GuildMember::nick>("nick"),
                                     field<&GuildMember::avatar>("avatar"),
                                     field<&GuildMember::banner>("banner"),
                                     field<&GuildMember::accent_color>("accent_color"),
                                     field<&GuildMember::roles>("roles"),
                                     field<&GuildMember::joined_at>("joined_at"),
                                     field<&GuildMember::mute>("mute"),
                                     field<&GuildMember::deaf>("deaf"),
                                     field<&GuildMember::communication_disabled_until>("communication_disabled_until"),
                                     field<&GuildMember::profile_flags>("profile_flags"),
                                     field<&GuildMember::join_source_type>("join_source_type"),
                                     field<&GuildMember::source_invite_code>("source_invite_code"),
                                     field<&GuildMember::inviter_id>("inviter_id"),
                                 });
  return table;
}

// Presence updates (op 3) write text, expires_at, emoji_id and emoji_name.
const ObjectTable& table_of(Tag<CustomStatus>) {
  static const ObjectTable table("CustomStatus", {
                                                     field<&CustomStatus::text>("text"),
                                                     field<&CustomStatus::expires_at>("expires_at"),
                                                     field<&CustomStatus::emoji_id>("emoji_id").lenient(),
                                                     field<&CustomStatus::emoji_name>("emoji_name"),
                                                     field<&CustomStatus::emoji_animated>("emoji_animated").not_sent(),
                                                 });
  return table;
}

const ObjectTable& table_of(Tag<Presence>) {
  static const ObjectTable table("Presence", {
                                                 field<&Presence::user>("user").strict(),
                                                 field<&Presence::status>("status"),
                                                 field<&Presence::mobile>("mobile"),
                                                 field<&Presence::afk>("afk"),
                                                 field<&Presence::custom_status>("custom_status"),
                                                 field<&Presence::guild_id>("guild_id"),
                                             });
  return table;
}

const ObjectTable& table_of(Tag<VoiceState>) {
  static const ObjectTable table(
      "VoiceState",
      {
          field<&VoiceState::guild_id>("guild_id"),
          field<&VoiceState::channel_id>("channel_id"),
          field<&VoiceState::user_id>("user_id"),
          field<&VoiceState::connection_id>("connection_id"),
          field<&VoiceState::session_id>("session_id"),
          field<&VoiceState::member>("member"),
          field<&VoiceState::mute>("mute"),
          field<&VoiceState::deaf>("deaf"),
          field<&VoiceState::self_mute>("self_mute"),
          field<&VoiceState::self_deaf>("self_deaf"),
          field<&VoiceState::self_video>("self_video"),
          field<&VoiceState::self_stream>("self_stream"),
          field<&VoiceState::is_mobile>("is_mobile"),
          field<&VoiceState::suppress>("suppress"),
          field<&VoiceState::viewer_stream_keys>("viewer_stream_keys"),
          field_with<&VoiceState::viewer_stream_keys, &read_single_stream_key>("viewer_stream_key").not_sent(),
          field<&VoiceState::e2ee_capable>("e2ee_capable"),
          field<&VoiceState::version>("version"),
      });
  return table;
}

}  // namespace fluxer::mjson
