// Field tables: guilds, guild snapshots, channels, invites, audit log entries and the
// discovery documents.

#include "model/tables.hpp"

namespace fluxer::mjson {

namespace {

void adopt_channels(Guild& g) {
  for (auto& ch : g.channels)
    if (!ch.guild_id) ch.guild_id = g.id;
}

bool finish_guild(Decoder& d, void* object) {
  auto& g = *static_cast<Guild*>(object);
  if (!g.id) return d.missing("id");
  adopt_channels(g);
  return true;
}

/// The guild's fields without its checks, for GUILD_CREATE's `properties` (the snapshot
/// checks the id once everything is read).
const ObjectTable& guild_properties() {
  static const ObjectTable table("GuildProperties", {}, {{&same_object, &table_of(Tag<Guild>{})}});
  return table;
}

/// GUILD_CREATE's top-level `id` wins over `properties.id`, whatever their order.
bool read_snapshot_id(Decoder& d, std::uint64_t& scratch, const Event& e) {
  Snowflake id;
  if (!Codec<Snowflake>::read(d, id, e)) return false;
  scratch = id.value();
  return true;
}

bool finish_snapshot(Decoder& d, void* object) {
  auto& s = *static_cast<GuildSnapshot*>(object);
  if (d.top().scratch != 0) s.guild.id = Snowflake{d.top().scratch};
  if (!s.guild.id) return d.missing("id");
  s.guild.unavailable = s.unavailable;
  adopt_channels(s.guild);
  return true;
}

/// Audit log `target_id`: a string (an id, or an invite code), or an integer.
bool read_text_or_unsigned(Decoder& d, std::optional<std::string>& out, const Event& e) {
  switch (e.kind) {
    case Event::Kind::String: out.emplace(e.str, e.len); return true;
    case Event::Kind::Uint: out = std::to_string(e.uint_value); return true;
    case Event::Kind::Null: out.reset(); return true;
    default: return d.fail("expected a string or null");
  }
}

/// Audit log `options`: an object kept as its text; null leaves it empty.
bool read_options(Decoder& d, std::string& out, const Event& e) {
  if (e.kind == Event::Kind::Object) return d.push_capture(&out, true);
  if (e.kind == Event::Kind::Null) {
    out.clear();
    return true;
  }
  return d.fail("expected an object");
}

const ObjectTable& instance_push() {
  static const ObjectTable table("InstancePush", {
                                                     field<&InstanceInfo::push_public_vapid_key>("public_vapid_key"),
                                                 });
  return table;
}

}  // namespace

// The guild object (REST, GUILD_UPDATE, `properties` of GUILD_CREATE). Roles, channels,
// emojis and stickers are lists of their own entities: one that fails is dropped.
const ObjectTable& table_of(Tag<Guild>) {
  static const ObjectTable table("Guild",
                                 {
                                     field<&Guild::id>("id"),
                                     field<&Guild::name>("name"),
                                     field<&Guild::icon>("icon"),
                                     field<&Guild::banner>("banner"),
                                     field<&Guild::banner_width>("banner_width"),
                                     field<&Guild::banner_height>("banner_height"),
                                     field<&Guild::splash>("splash"),
                                     field<&Guild::splash_width>("splash_width"),
                                     field<&Guild::splash_height>("splash_height"),
                                     field<&Guild::splash_card_alignment>("splash_card_alignment"),
                                     field<&Guild::embed_splash>("embed_splash"),
                                     field<&Guild::embed_splash_width>("embed_splash_width"),
                                     field<&Guild::embed_splash_height>("embed_splash_height"),
                                     field<&Guild::vanity_url_code>("vanity_url_code"),
                                     field<&Guild::owner_id>("owner_id"),
                                     field<&Guild::system_channel_id>("system_channel_id"),
                                     field<&Guild::system_channel_flags>("system_channel_flags"),
                                     field<&Guild::rules_channel_id>("rules_channel_id"),
                                     field<&Guild::afk_channel_id>("afk_channel_id"),
                                     field<&Guild::afk_timeout>("afk_timeout"),
                                     field<&Guild::features>("features"),
                                     field<&Guild::verification_level>("verification_level"),
                                     field<&Guild::mfa_level>("mfa_level"),
                                     field<&Guild::nsfw_level>("nsfw_level"),
                                     field<&Guild::explicit_content_filter>("explicit_content_filter"),
                                     field<&Guild::default_message_notifications>("default_message_notifications"),
                                     field<&Guild::disabled_operations>("disabled_operations"),
                                     field<&Guild::permissions>("permissions"),
                                     field<&Guild::nsfw>("nsfw"),
                                     field<&Guild::content_warning_level>("content_warning_level"),
                                     field<&Guild::content_warning_text>("content_warning_text"),
                                     field<&Guild::roles>("roles"),
                                     field<&Guild::channels>("channels"),
                                     field<&Guild::emojis>("emojis"),
                                     field<&Guild::stickers>("stickers"),
                                     field<&Guild::member_count>("member_count"),
                                     field<&Guild::online_count>("online_count"),
                                     field<&Guild::unavailable>("unavailable").strict(),
                                 },
                                 {}, nullptr, &finish_guild);
  return table;
}

// GUILD_CREATE / GUILD_SYNC: `id`, the guild object nested in `properties`, the lists at the
// top level; Discord-shaped top-level guild fields are accepted too.
const ObjectTable& table_of(Tag<GuildSnapshot>) {
  static const ObjectTable table("GuildSnapshot",
                                 {
                                     transient<&read_snapshot_id>("id"),
                                     object_field<&GuildSnapshot::guild, &guild_properties>("properties").strict(),
                                     field<&GuildSnapshot::members>("members"),
                                     field<&GuildSnapshot::voice_states>("voice_states"),
                                     field<&GuildSnapshot::presences>("presences"),
                                     field<&GuildSnapshot::joined_at>("joined_at"),
                                     field<&GuildSnapshot::unavailable>("unavailable").strict(),
                                     field<&GuildSnapshot::unavailable_hidden>("unavailable_hidden"),
                                 },
                                 {{&member_of<&GuildSnapshot::guild>, &table_of(Tag<Guild>{})}}, nullptr,
                                 &finish_snapshot);
  return table;
}

// An overwrite that were skipped would grant what it denies: every field is strict.
const ObjectTable& table_of(Tag<PermissionOverwrite>) {
  static const ObjectTable table("PermissionOverwrite", {
                                                            field<&PermissionOverwrite::id>("id").required(),
                                                            field<&PermissionOverwrite::type>("type").strict(),
                                                            field<&PermissionOverwrite::allow>("allow"),
                                                            field<&PermissionOverwrite::deny>("deny"),
                                                        });
  return table;
}

const ObjectTable& table_of(Tag<Channel>) {
  static const ObjectTable table("Channel",
                                 {
                                     field<&Channel::id>("id").required(),
                                     field<&Channel::type>("type").required(),
                                     field<&Channel::guild_id>("guild_id"),
                                     field<&Channel::name>("name"),
                                     field<&Channel::topic>("topic"),
                                     field<&Channel::url>("url"),
                                     field<&Channel::icon>("icon"),
                                     field<&Channel::owner_id>("owner_id"),
                                     field<&Channel::position>("position"),
                                     field<&Channel::parent_id>("parent_id"),
                                     field<&Channel::bitrate>("bitrate"),
                                     field<&Channel::user_limit>("user_limit"),
                                     field<&Channel::rtc_region>("rtc_region"),
                                     field<&Channel::last_message_id>("last_message_id"),
                                     field<&Channel::last_pin_timestamp>("last_pin_timestamp"),
                                     field<&Channel::permission_overwrites>("permission_overwrites").strict(),
                                     field<&Channel::recipients>("recipients"),
                                     field<&Channel::nsfw>("nsfw"),
                                     field<&Channel::rate_limit_per_user>("rate_limit_per_user"),
                                     field<&Channel::voice_connection_limit>("voice_connection_limit"),
                                     field<&Channel::nsfw_override>("nsfw_override"),
                                     field<&Channel::content_warning_level>("content_warning_level"),
                                     field<&Channel::content_warning_text>("content_warning_text"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<Invite>) {
  static const ObjectTable table("Invite", {
                                               field<&Invite::code>("code").required(),
                                               field<&Invite::type>("type"),
                                               field<&Invite::guild>("guild"),
                                               field<&Invite::channel>("channel"),
                                               field<&Invite::inviter>("inviter"),
                                               field<&Invite::member_count>("member_count"),
                                               field<&Invite::presence_count>("presence_count"),
                                               field<&Invite::expires_at>("expires_at"),
                                               field<&Invite::temporary>("temporary"),
                                               field<&Invite::created_at>("created_at"),
                                               field<&Invite::uses>("uses"),
                                               field<&Invite::max_uses>("max_uses"),
                                               field<&Invite::max_age>("max_age"),
                                           });
  return table;
}

const ObjectTable& table_of(Tag<AuditLogChange>) {
  static const ObjectTable table("AuditLogChange",
                                 {
                                     field<&AuditLogChange::key>("key").strict(),
                                     field_with<&AuditLogChange::old_value_json, &read_raw_json>("old_value"),
                                     field_with<&AuditLogChange::new_value_json, &read_raw_json>("new_value"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<AuditLogEntry>) {
  static const ObjectTable table(
      "AuditLogEntry", {
                           field<&AuditLogEntry::id>("id").required(),
                           field<&AuditLogEntry::action_type>("action_type").strict(),
                           field<&AuditLogEntry::user_id>("user_id"),
                           field_with<&AuditLogEntry::target_id, &read_text_or_unsigned>("target_id").strict(),
                           field<&AuditLogEntry::reason>("reason"),
                           field_with<&AuditLogEntry::options_json, &read_options>("options"),
                           field<&AuditLogEntry::changes>("changes"),
                       });
  return table;
}

// ------------------------------------------------------------------ discovery

const ObjectTable& table_of(Tag<InstanceEndpoints>) {
  static const ObjectTable table("InstanceEndpoints",
                                 {
                                     field<&InstanceEndpoints::api>("api").strict(),
                                     field<&InstanceEndpoints::api_client>("api_client"),
                                     field<&InstanceEndpoints::api_public>("api_public"),
                                     field<&InstanceEndpoints::gateway>("gateway").strict(),
                                     field<&InstanceEndpoints::media>("media"),
                                     field<&InstanceEndpoints::static_cdn>("static_cdn"),      // [B]
                                     field<&InstanceEndpoints::static_cdn>("cdn").not_sent(),  // [A]
                                     field<&InstanceEndpoints::marketing>("marketing"),
                                     field<&InstanceEndpoints::admin>("admin"),
                                     field<&InstanceEndpoints::invite>("invite"),
                                     field<&InstanceEndpoints::gift>("gift"),
                                     field<&InstanceEndpoints::webapp>("webapp"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<InstanceCaptcha>) {
  static const ObjectTable table("InstanceCaptcha",
                                 {
                                     field<&InstanceCaptcha::provider>("provider"),
                                     field<&InstanceCaptcha::hcaptcha_site_key>("hcaptcha_site_key"),
                                     field<&InstanceCaptcha::turnstile_site_key>("turnstile_site_key"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<InstanceFeatures>) {
  static const ObjectTable table(
      "InstanceFeatures", {
                              field<&InstanceFeatures::voice_enabled>("voice_enabled"),
                              field<&InstanceFeatures::stripe_enabled>("stripe_enabled"),
                              field<&InstanceFeatures::self_hosted>("self_hosted"),
                              field<&InstanceFeatures::sms_mfa_enabled>("sms_mfa_enabled"),
                              field<&InstanceFeatures::presigned_attachment_uploads>("presigned_attachment_uploads"),
                              field<&InstanceFeatures::emails_enabled>("emails_enabled"),
                          });
  return table;
}

const ObjectTable& table_of(Tag<InstanceInfo>) {
  static const ObjectTable table("InstanceInfo", {
                                                     field<&InstanceInfo::api_code_version>("api_code_version"),
                                                     field<&InstanceInfo::endpoints>("endpoints").required(),
                                                     field<&InstanceInfo::captcha>("captcha"),
                                                     field<&InstanceInfo::features>("features"),
                                                     nested_fields<&instance_push>("push"),
                                                 });
  return table;
}

const ObjectTable& table_of(Tag<SessionStartLimit>) {
  static const ObjectTable table("SessionStartLimit", {
                                                          field<&SessionStartLimit::total>("total"),
                                                          field<&SessionStartLimit::remaining>("remaining"),
                                                          field<&SessionStartLimit::reset_after>("reset_after"),
                                                          field<&SessionStartLimit::max_concurrency>("max_concurrency"),
                                                      });
  return table;
}

const ObjectTable& table_of(Tag<GatewayBotInfo>) {
  static const ObjectTable table("GatewayBotInfo",
                                 {
                                     field<&GatewayBotInfo::url>("url").required(),
                                     field<&GatewayBotInfo::shards>("shards"),
                                     field<&GatewayBotInfo::session_start_limit>("session_start_limit"),
                                 });
  return table;
}

}  // namespace fluxer::mjson
