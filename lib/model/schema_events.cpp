// Field tables: the payloads (`d`) of gateway dispatches. Events that are exactly one
// entity (CHANNEL_CREATE, MESSAGE_UPDATE, ...) have no table: dispatch.cpp reads them
// straight into the entity.

#include <cmath>

#include "model/tables.hpp"

namespace fluxer::mjson {

namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// Unix milliseconds beyond year 9999 are refused (they would overflow a Timestamp).
constexpr std::int64_t kMaxUnixMillis = 253'402'300'799'999;

bool unix_millis_to_timestamp(Decoder& d, std::int64_t ms, Timestamp& out) {
  if (ms < 0 || ms > kMaxUnixMillis) return d.fail("timestamp out of range", "OUT_OF_RANGE");
  out = Timestamp{microseconds{ms * 1000}};
  return true;
}

/// A Unix time as an integer in milliseconds, or (AutoSeconds) in seconds when the value is
/// at most 10^11 ([B] TYPING_START). ISO 8601 strings are accepted as well.
template <bool AutoSeconds>
bool read_unix_time(Decoder& d, Timestamp& out, const Event& e) {
  constexpr double kSecondsThreshold = 1e11;
  switch (e.kind) {
    case Event::Kind::String:
    case Event::Kind::Null: return Codec<Timestamp>::read(d, out, e);
    case Event::Kind::Int: return unix_millis_to_timestamp(d, e.int_value, out);
    case Event::Kind::Uint: {
      if (e.uint_value > static_cast<std::uint64_t>(kMaxUnixMillis))
        return d.fail("timestamp out of range", "OUT_OF_RANGE");
      const auto n = static_cast<std::int64_t>(e.uint_value);
      if (AutoSeconds && static_cast<double>(n) <= kSecondsThreshold) return unix_millis_to_timestamp(d, n * 1000, out);
      return unix_millis_to_timestamp(d, n, out);
    }
    case Event::Kind::Double: {
      const double x = e.double_value;
      if (!std::isfinite(x) || x < 0 || x > static_cast<double>(kMaxUnixMillis))
        return d.fail("timestamp out of range", "OUT_OF_RANGE");
      if (AutoSeconds && x <= kSecondsThreshold)
        return unix_millis_to_timestamp(d, static_cast<std::int64_t>(std::llround(x * 1000.0)), out);
      return unix_millis_to_timestamp(d, static_cast<std::int64_t>(std::llround(x)), out);
    }
    default: return d.fail("expected a Unix timestamp (number)");
  }
}

bool read_optional_unix_millis(Decoder& d, std::optional<Timestamp>& out, const Event& e) {
  if (e.kind == Event::Kind::Null) {
    out.reset();
    return true;
  }
  return read_unix_time<false>(d, out.emplace(), e);
}

/// RATE_LIMITED `retry_after`: fractional seconds, rounded up to milliseconds.
bool read_retry_after(Decoder& d, milliseconds& out, const Event& e) {
  double s = 0;
  if (!Codec<double>::read(d, s, e)) return false;
  if (!std::isfinite(s) || s < 0 || s > 1e9) return d.fail("out of range", "OUT_OF_RANGE");
  out = milliseconds{static_cast<std::int64_t>(std::ceil(s * 1000.0))};
  return true;
}

/// A member list group id: a role id, "online" or "offline".
bool read_group_id(Decoder& d, std::string& out, const Event& e) {
  if (e.kind == Event::Kind::String) {
    out.assign(e.str, e.len);
    return true;
  }
  if (e.kind == Event::Kind::Uint) {
    out = std::to_string(e.uint_value);
    return true;
  }
  return d.fail("expected a string");
}

const ObjectTable& rate_limited_meta() {
  static const ObjectTable table("RateLimitedMeta", {
                                                        field<&RateLimited::guild_id>("guild_id"),
                                                        field<&RateLimited::nonce>("nonce"),
                                                    });
  return table;
}

// A member list item's `member` is a member object with the member's `presence` inside.
void begin_list_member(void* object) {
  static_cast<MemberListItem*>(object)->member.emplace();
}
void* list_member(void* object) {
  return &*static_cast<MemberListItem*>(object)->member;
}

const ObjectTable& list_item_member() {
  static const ObjectTable table("MemberListItemMember", {field<&MemberListItem::presence>("presence")},
                                 {{&list_member, &table_of(Tag<GuildMember>{})}}, &begin_list_member);
  return table;
}

void reset_list_member(void* object) {
  auto& item = *static_cast<MemberListItem*>(object);
  item.member.reset();
  item.presence.reset();
}

constexpr FieldDesc list_member_field() {
  FieldDesc f = nested_fields<&list_item_member>("member");
  f.reset = &reset_list_member;
  return f;
}

bool finish_guild_delete(Decoder& d, void* object) {
  auto& e = *static_cast<GuildDelete*>(object);
  if (!e.id && e.guild_id) e.id = *e.guild_id;
  return e.id || d.missing("id");
}

bool finish_channel_bulk(Decoder&, void* object) {
  auto& e = *static_cast<ChannelUpdateBulk*>(object);
  for (auto& ch : e.channels)
    if (!ch.guild_id) ch.guild_id = e.guild_id;
  return true;
}

bool finish_invite_create(Decoder&, void* object) {
  auto& e = *static_cast<InviteCreate*>(object);
  if (!e.channel_id && e.invite.channel) e.channel_id = e.invite.channel->id;
  if (!e.guild_id && e.invite.guild) e.guild_id = e.invite.guild->id;
  return true;
}

bool finish_presence_bulk(Decoder&, void* object) {
  auto& e = *static_cast<PresenceUpdateBulk*>(object);
  for (auto& p : e.presences)
    if (!p.guild_id) p.guild_id = e.guild_id;
  return true;
}

template <class E>
ObjectTable role_event(std::string_view name) {
  return ObjectTable(name, {
                               field<&E::guild_id>("guild_id").required(),
                               field<&E::role>("role").required(),
                           });
}

template <class E>
ObjectTable member_event(std::string_view name) {
  ObjectTable t(name, {field<&E::guild_id>("guild_id").required()},
                {{&member_of<&E::member>, &table_of(Tag<GuildMember>{})}});
  t.add_flags("user", kRequired | kStrict);
  return t;
}

template <class E>
ObjectTable guild_user_event(std::string_view name) {
  return ObjectTable(name, {
                               field<&E::guild_id>("guild_id").required(),
                               field<&E::user>("user").required(),
                           });
}

template <class E>
ObjectTable recipient_event(std::string_view name) {
  return ObjectTable(name, {
                               field<&E::channel_id>("channel_id").required(),
                               field<&E::user>("user").required(),
                           });
}

}  // namespace

// ------------------------------------------------------------------ session

const ObjectTable& table_of(Tag<RtcRegion>) {
  static const ObjectTable table("RtcRegion", {
                                                  field<&RtcRegion::id>("id"),
                                                  field<&RtcRegion::name>("name"),
                                                  field<&RtcRegion::emoji>("emoji"),
                                              });
  return table;
}

const ObjectTable& table_of(Tag<Ready>) {
  static const ObjectTable table("Ready", {
                                              field<&Ready::version>("v"),
                                              field<&Ready::version>("version"),
                                              field<&Ready::session_id>("session_id").required(),
                                              field<&Ready::user>("user").required(),
                                              field<&Ready::guilds>("guilds"),
                                              field<&Ready::private_channels>("private_channels"),
                                              field<&Ready::rtc_regions>("rtc_regions"),
                                              field<&Ready::country_code>("country_code"),
                                              field<&Ready::shard>("shard"),
                                          });
  return table;
}

const ObjectTable& table_of(Tag<RateLimited>) {
  static const ObjectTable table("RateLimited",
                                 {
                                     field<&RateLimited::opcode>("opcode"),
                                     field_with<&RateLimited::retry_after, &read_retry_after>("retry_after").strict(),
                                     nested_fields<&rate_limited_meta>("meta").strict(),
                                 });
  return table;
}

// ------------------------------------------------------------------ guilds

// `unavailable` tells an outage from a removal: strict.
const ObjectTable& table_of(Tag<GuildDelete>) {
  static const ObjectTable table("GuildDelete",
                                 {
                                     field<&GuildDelete::id>("id"),
                                     field<&GuildDelete::unavailable>("unavailable").strict(),
                                     field<&GuildDelete::unavailable_hidden>("unavailable_hidden"),
                                     field<&GuildDelete::guild_id>("guild_id"),
                                 },
                                 {}, nullptr, &finish_guild_delete);
  return table;
}

const ObjectTable& table_of(Tag<GuildRoleCreate>) {
  static const ObjectTable table = role_event<GuildRoleCreate>("GuildRoleCreate");
  return table;
}

const ObjectTable& table_of(Tag<GuildRoleUpdate>) {
  static const ObjectTable table = role_event<GuildRoleUpdate>("GuildRoleUpdate");
  return table;
}

const ObjectTable& table_of(Tag<GuildRoleUpdateBulk>) {
  static const ObjectTable table("GuildRoleUpdateBulk",
                                 {
                                     field<&GuildRoleUpdateBulk::guild_id>("guild_id").required(),
                                     field<&GuildRoleUpdateBulk::roles>("roles"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<GuildRoleDelete>) {
  static const ObjectTable table("GuildRoleDelete", {
                                                        field<&GuildRoleDelete::guild_id>("guild_id").required(),
                                                        field<&GuildRoleDelete::role_id>("role_id").required(),
                                                    });
  return table;
}

const ObjectTable& table_of(Tag<GuildEmojisUpdate>) {
  static const ObjectTable table("GuildEmojisUpdate", {
                                                          field<&GuildEmojisUpdate::guild_id>("guild_id").required(),
                                                          field<&GuildEmojisUpdate::emojis>("emojis"),
                                                      });
  return table;
}

const ObjectTable& table_of(Tag<GuildStickersUpdate>) {
  static const ObjectTable table("GuildStickersUpdate",
                                 {
                                     field<&GuildStickersUpdate::guild_id>("guild_id").required(),
                                     field<&GuildStickersUpdate::stickers>("stickers"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<GuildMemberAdd>) {
  static const ObjectTable table = member_event<GuildMemberAdd>("GuildMemberAdd");
  return table;
}

const ObjectTable& table_of(Tag<GuildMemberUpdate>) {
  static const ObjectTable table = member_event<GuildMemberUpdate>("GuildMemberUpdate");
  return table;
}

const ObjectTable& table_of(Tag<GuildMemberRemove>) {
  static const ObjectTable table = guild_user_event<GuildMemberRemove>("GuildMemberRemove");
  return table;
}

const ObjectTable& table_of(Tag<GuildBanAdd>) {
  static const ObjectTable table = guild_user_event<GuildBanAdd>("GuildBanAdd");
  return table;
}

const ObjectTable& table_of(Tag<GuildBanRemove>) {
  static const ObjectTable table = guild_user_event<GuildBanRemove>("GuildBanRemove");
  return table;
}

// The chunk bookkeeping completes a request's future: strict.
const ObjectTable& table_of(Tag<GuildMembersChunk>) {
  static const ObjectTable table("GuildMembersChunk",
                                 {
                                     field<&GuildMembersChunk::guild_id>("guild_id").required(),
                                     field<&GuildMembersChunk::members>("members"),
                                     field<&GuildMembersChunk::chunk_index>("chunk_index").strict(),
                                     field<&GuildMembersChunk::chunk_count>("chunk_count").strict(),
                                     field<&GuildMembersChunk::presences>("presences"),
                                     field<&GuildMembersChunk::nonce>("nonce").strict(),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<MemberListGroup>) {
  static const ObjectTable table("MemberListGroup", {
                                                        field_with<&MemberListGroup::id, &read_group_id>("id").strict(),
                                                        field<&MemberListGroup::count>("count"),
                                                    });
  return table;
}

const ObjectTable& table_of(Tag<MemberListItem>) {
  static const ObjectTable table("MemberListItem", {
                                                       field<&MemberListItem::group>("group"),
                                                       list_member_field(),
                                                   });
  return table;
}

const ObjectTable& table_of(Tag<MemberListOp>) {
  static const ObjectTable table("MemberListOp", {
                                                     field<&MemberListOp::op>("op").strict(),
                                                     field<&MemberListOp::range>("range"),
                                                     field<&MemberListOp::items>("items"),
                                                 });
  return table;
}

const ObjectTable& table_of(Tag<GuildMemberListUpdate>) {
  static const ObjectTable table("GuildMemberListUpdate",
                                 {
                                     field<&GuildMemberListUpdate::guild_id>("guild_id").required(),
                                     field<&GuildMemberListUpdate::id>("id"),
                                     field<&GuildMemberListUpdate::channel_id>("channel_id"),
                                     field<&GuildMemberListUpdate::member_count>("member_count"),
                                     field<&GuildMemberListUpdate::online_count>("online_count"),
                                     field<&GuildMemberListUpdate::groups>("groups"),
                                     field<&GuildMemberListUpdate::ops>("ops"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<GuildAuditLogEntryCreate>) {
  static const ObjectTable table("GuildAuditLogEntryCreate",
                                 {field<&GuildAuditLogEntryCreate::guild_id>("guild_id").required()},
                                 {{&member_of<&GuildAuditLogEntryCreate::entry>, &table_of(Tag<AuditLogEntry>{})}});
  return table;
}

const ObjectTable& table_of(Tag<GuildCounts>) {
  static const ObjectTable table("GuildCounts", {
                                                    field<&GuildCounts::guild_id>("guild_id").required(),
                                                    field<&GuildCounts::member_count>("member_count"),
                                                    field<&GuildCounts::online_count>("online_count"),
                                                });
  return table;
}

const ObjectTable& table_of(Tag<GuildCountsUpdate>) {
  static const ObjectTable table("GuildCountsUpdate", {
                                                          field<&GuildCountsUpdate::counts>("counts"),
                                                          field<&GuildCountsUpdate::nonce>("nonce").strict(),
                                                      });
  return table;
}

// ------------------------------------------------------------------ channels

const ObjectTable& table_of(Tag<ChannelUpdateBulk>) {
  static const ObjectTable table("ChannelUpdateBulk",
                                 {
                                     field<&ChannelUpdateBulk::guild_id>("guild_id").required(),
                                     field<&ChannelUpdateBulk::channels>("channels"),
                                 },
                                 {}, nullptr, &finish_channel_bulk);
  return table;
}

const ObjectTable& table_of(Tag<ChannelPinsUpdate>) {
  static const ObjectTable table("ChannelPinsUpdate",
                                 {
                                     field<&ChannelPinsUpdate::channel_id>("channel_id").required(),
                                     field<&ChannelPinsUpdate::guild_id>("guild_id"),
                                     field<&ChannelPinsUpdate::last_pin_timestamp>("last_pin_timestamp"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<ChannelRecipientAdd>) {
  static const ObjectTable table = recipient_event<ChannelRecipientAdd>("ChannelRecipientAdd");
  return table;
}

const ObjectTable& table_of(Tag<ChannelRecipientRemove>) {
  static const ObjectTable table = recipient_event<ChannelRecipientRemove>("ChannelRecipientRemove");
  return table;
}

const ObjectTable& table_of(Tag<WebhooksUpdate>) {
  static const ObjectTable table("WebhooksUpdate", {
                                                       field<&WebhooksUpdate::guild_id>("guild_id"),
                                                       field<&WebhooksUpdate::channel_id>("channel_id").required(),
                                                   });
  return table;
}

const ObjectTable& table_of(Tag<InviteCreate>) {
  static const ObjectTable table("InviteCreate",
                                 {
                                     field<&InviteCreate::guild_id>("guild_id"),
                                     field<&InviteCreate::channel_id>("channel_id"),
                                 },
                                 {{&member_of<&InviteCreate::invite>, &table_of(Tag<Invite>{})}}, nullptr,
                                 &finish_invite_create);
  return table;
}

const ObjectTable& table_of(Tag<InviteDelete>) {
  static const ObjectTable table("InviteDelete", {
                                                     field<&InviteDelete::code>("code").required(),
                                                     field<&InviteDelete::channel_id>("channel_id"),
                                                     field<&InviteDelete::guild_id>("guild_id"),
                                                 });
  return table;
}

const ObjectTable& table_of(Tag<TypingStart>) {
  static const ObjectTable table("TypingStart",
                                 {
                                     field<&TypingStart::channel_id>("channel_id").required(),
                                     field<&TypingStart::user_id>("user_id").required(),
                                     field<&TypingStart::guild_id>("guild_id"),
                                     field<&TypingStart::member>("member"),
                                     field_with<&TypingStart::timestamp, &read_unix_time<true>>("timestamp"),
                                 });
  return table;
}

// ------------------------------------------------------------------ messages and reactions

const ObjectTable& table_of(Tag<MessageCreate>) {
  static const ObjectTable table("MessageCreate",
                                 {
                                     field<&MessageCreate::channel_type>("channel_type"),
                                     field<&MessageCreate::mention_here>("mention_here"),
                                 },
                                 {{&member_of<&MessageCreate::message>, &table_of(Tag<Message>{})}});
  return table;
}

const ObjectTable& table_of(Tag<MessageDelete>) {
  static const ObjectTable table("MessageDelete", {
                                                      field<&MessageDelete::id>("id").required(),
                                                      field<&MessageDelete::channel_id>("channel_id").required(),
                                                      field<&MessageDelete::guild_id>("guild_id"),
                                                      field<&MessageDelete::content>("content"),
                                                      field<&MessageDelete::author_id>("author_id"),
                                                      field<&MessageDelete::member>("member"),
                                                  });
  return table;
}

const ObjectTable& table_of(Tag<MessageDeleteBulk>) {
  static const ObjectTable table("MessageDeleteBulk",
                                 {
                                     field<&MessageDeleteBulk::ids>("ids"),
                                     field<&MessageDeleteBulk::channel_id>("channel_id").required(),
                                     field<&MessageDeleteBulk::guild_id>("guild_id"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<MessageReactionData>) {
  static const ObjectTable table("MessageReactionData",
                                 {
                                     field<&MessageReactionData::user_id>("user_id").required(),
                                     field<&MessageReactionData::channel_id>("channel_id").required(),
                                     field<&MessageReactionData::message_id>("message_id").required(),
                                     field<&MessageReactionData::emoji>("emoji").strict(),
                                     field<&MessageReactionData::guild_id>("guild_id"),
                                     field<&MessageReactionData::member>("member"),
                                     field<&MessageReactionData::session_id>("session_id"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<ReactionAddition>) {
  static const ObjectTable table("ReactionAddition", {
                                                         field<&ReactionAddition::user_id>("user_id").required(),
                                                         field<&ReactionAddition::emoji>("emoji").strict(),
                                                         field<&ReactionAddition::member>("member"),
                                                     });
  return table;
}

const ObjectTable& table_of(Tag<MessageReactionAddMany>) {
  static const ObjectTable table("MessageReactionAddMany",
                                 {
                                     field<&MessageReactionAddMany::channel_id>("channel_id").required(),
                                     field<&MessageReactionAddMany::message_id>("message_id").required(),
                                     field<&MessageReactionAddMany::guild_id>("guild_id"),
                                     field<&MessageReactionAddMany::reactions>("reactions"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<MessageReactionRemoveAll>) {
  static const ObjectTable table("MessageReactionRemoveAll",
                                 {
                                     field<&MessageReactionRemoveAll::channel_id>("channel_id").required(),
                                     field<&MessageReactionRemoveAll::message_id>("message_id").required(),
                                     field<&MessageReactionRemoveAll::guild_id>("guild_id"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<MessageReactionRemoveEmoji>) {
  static const ObjectTable table("MessageReactionRemoveEmoji",
                                 {
                                     field<&MessageReactionRemoveEmoji::channel_id>("channel_id").required(),
                                     field<&MessageReactionRemoveEmoji::message_id>("message_id").required(),
                                     field<&MessageReactionRemoveEmoji::guild_id>("guild_id"),
                                     field<&MessageReactionRemoveEmoji::emoji>("emoji").strict(),
                                 });
  return table;
}

// ------------------------------------------------------------------ presence, voice, calls

const ObjectTable& table_of(Tag<PresenceUpdate>) {
  static const ObjectTable table = [] {
    ObjectTable t("PresenceUpdate", {}, {{&member_of<&PresenceUpdate::presence>, &table_of(Tag<Presence>{})}});
    t.add_flags("user", kRequired);
    return t;
  }();
  return table;
}

const ObjectTable& table_of(Tag<PresenceUpdateBulk>) {
  static const ObjectTable table("PresenceUpdateBulk",
                                 {
                                     field<&PresenceUpdateBulk::guild_id>("guild_id").required(),
                                     field<&PresenceUpdateBulk::presences>("presences"),
                                 },
                                 {}, nullptr, &finish_presence_bulk);
  return table;
}

const ObjectTable& table_of(Tag<VoiceServerUpdate>) {
  static const ObjectTable table("VoiceServerUpdate", {
                                                          field<&VoiceServerUpdate::token>("token").strict(),
                                                          field<&VoiceServerUpdate::endpoint>("endpoint").strict(),
                                                          field<&VoiceServerUpdate::connection_id>("connection_id"),
                                                          field<&VoiceServerUpdate::guild_id>("guild_id"),
                                                          field<&VoiceServerUpdate::channel_id>("channel_id"),
                                                          field<&VoiceServerUpdate::e2ee_key>("e2ee_key"),
                                                      });
  return table;
}

const ObjectTable& table_of(Tag<EntranceSoundPlay>) {
  static const ObjectTable table("EntranceSoundPlay",
                                 {
                                     field<&EntranceSoundPlay::guild_id>("guild_id"),
                                     field<&EntranceSoundPlay::channel_id>("channel_id").required(),
                                     field<&EntranceSoundPlay::user_id>("user_id").required(),
                                     field<&EntranceSoundPlay::sound_id>("sound_id"),
                                     field<&EntranceSoundPlay::hash>("hash"),
                                     field<&EntranceSoundPlay::url>("url"),
                                     field<&EntranceSoundPlay::duration>("duration_ms"),
                                     field<&EntranceSoundPlay::content_type>("content_type"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<CallData>) {
  static const ObjectTable table("CallData",
                                 {
                                     field<&CallData::channel_id>("channel_id").required(),
                                     field<&CallData::message_id>("message_id"),
                                     field<&CallData::region>("region"),
                                     field<&CallData::ringing>("ringing"),
                                     field<&CallData::voice_states>("voice_states"),
                                     field<&CallData::recipients>("recipients"),
                                     field_with<&CallData::created_at, &read_optional_unix_millis>("created_at"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<CallDelete>) {
  static const ObjectTable table("CallDelete", {
                                                   field<&CallDelete::channel_id>("channel_id").required(),
                                                   field<&CallDelete::unavailable>("unavailable").strict(),
                                               });
  return table;
}

// ------------------------------------------------------------------ codecs of their own

bool Codec<Resumed>::read(Decoder& d, Resumed&, const Event& e) {
  static const ObjectTable nothing("Resumed", {});
  if (e.kind == Event::Kind::Null) return true;
  if (e.kind == Event::Kind::Object) return d.push_object(nothing, nullptr);
  return d.fail("expected an object or null");
}

}  // namespace fluxer::mjson
