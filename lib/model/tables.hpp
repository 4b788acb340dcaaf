#pragma once
// Private to libfluxer: the field table of every model type (defined in schema_*.cpp), and
// the codecs of the types whose JSON is not an object of fields. Include this (not
// codecs.hpp alone) wherever a model type is read or written.

#include <fluxer/model/application.hpp>
#include <fluxer/model/attachment.hpp>
#include <fluxer/model/audit_log.hpp>
#include <fluxer/model/ban.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/channel_requests.hpp>
#include <fluxer/model/embed.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/gateway_bot.hpp>
#include <fluxer/model/gateway_commands.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/guild_requests.hpp>
#include <fluxer/model/guild_snapshot.hpp>
#include <fluxer/model/instance.hpp>
#include <fluxer/model/invite.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/message_requests.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/reaction.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/voice_state.hpp>
#include <fluxer/model/webhook.hpp>

#include "model/codecs.hpp"

namespace fluxer::mjson {

// schema_user.cpp: people and small guild entities
const ObjectTable& table_of(Tag<User>);
const ObjectTable& table_of(Tag<CurrentUser>);
const ObjectTable& table_of(Tag<Application>);
const ObjectTable& table_of(Tag<Ban>);
const ObjectTable& table_of(Tag<Webhook>);
const ObjectTable& table_of(Tag<Emoji>);
const ObjectTable& table_of(Tag<Sticker>);
const ObjectTable& table_of(Tag<Role>);
const ObjectTable& table_of(Tag<GuildMember>);
const ObjectTable& table_of(Tag<CustomStatus>);
const ObjectTable& table_of(Tag<Presence>);
const ObjectTable& table_of(Tag<VoiceState>);

// schema_guild.cpp: guilds, channels, invites, audit log, discovery
const ObjectTable& table_of(Tag<Guild>);
const ObjectTable& table_of(Tag<GuildSnapshot>);
const ObjectTable& table_of(Tag<PermissionOverwrite>);
const ObjectTable& table_of(Tag<Channel>);
const ObjectTable& table_of(Tag<Invite>);
const ObjectTable& table_of(Tag<AuditLogChange>);
const ObjectTable& table_of(Tag<AuditLogEntry>);
const ObjectTable& table_of(Tag<InstanceEndpoints>);
const ObjectTable& table_of(Tag<InstanceCaptcha>);
const ObjectTable& table_of(Tag<InstanceFeatures>);
const ObjectTable& table_of(Tag<InstanceInfo>);
const ObjectTable& table_of(Tag<SessionStartLimit>);
const ObjectTable& table_of(Tag<GatewayBotInfo>);

// schema_message.cpp: messages and what they contain
const ObjectTable& table_of(Tag<EmbedAuthor>);
const ObjectTable& table_of(Tag<EmbedProvider>);
const ObjectTable& table_of(Tag<EmbedFooter>);
const ObjectTable& table_of(Tag<EmbedMedia>);
const ObjectTable& table_of(Tag<EmbedField>);
const ObjectTable& table_of(Tag<Embed>);
const ObjectTable& table_of(Tag<Attachment>);
const ObjectTable& table_of(Tag<Reaction>);
const ObjectTable& table_of(Tag<MessageReference>);
const ObjectTable& table_of(Tag<MessageSnapshot>);
const ObjectTable& table_of(Tag<MessageCall>);
const ObjectTable& table_of(Tag<Message>);

// schema_events.cpp: dispatch payloads (events that are one entity read straight into it)
const ObjectTable& table_of(Tag<RtcRegion>);
const ObjectTable& table_of(Tag<Ready>);
const ObjectTable& table_of(Tag<RateLimited>);
const ObjectTable& table_of(Tag<GuildDelete>);
const ObjectTable& table_of(Tag<GuildRoleCreate>);
const ObjectTable& table_of(Tag<GuildRoleUpdate>);
const ObjectTable& table_of(Tag<GuildRoleUpdateBulk>);
const ObjectTable& table_of(Tag<GuildRoleDelete>);
const ObjectTable& table_of(Tag<GuildEmojisUpdate>);
const ObjectTable& table_of(Tag<GuildStickersUpdate>);
const ObjectTable& table_of(Tag<GuildMemberAdd>);
const ObjectTable& table_of(Tag<GuildMemberUpdate>);
const ObjectTable& table_of(Tag<GuildMemberRemove>);
const ObjectTable& table_of(Tag<GuildMembersChunk>);
const ObjectTable& table_of(Tag<MemberListGroup>);
const ObjectTable& table_of(Tag<MemberListItem>);
const ObjectTable& table_of(Tag<MemberListOp>);
const ObjectTable& table_of(Tag<GuildMemberListUpdate>);
const ObjectTable& table_of(Tag<GuildBanAdd>);
const ObjectTable& table_of(Tag<GuildBanRemove>);
const ObjectTable& table_of(Tag<GuildAuditLogEntryCreate>);
const ObjectTable& table_of(Tag<GuildCounts>);
const ObjectTable& table_of(Tag<GuildCountsUpdate>);
const ObjectTable& table_of(Tag<ChannelUpdateBulk>);
const ObjectTable& table_of(Tag<ChannelPinsUpdate>);
const ObjectTable& table_of(Tag<ChannelRecipientAdd>);
const ObjectTable& table_of(Tag<ChannelRecipientRemove>);
const ObjectTable& table_of(Tag<WebhooksUpdate>);
const ObjectTable& table_of(Tag<InviteCreate>);
const ObjectTable& table_of(Tag<InviteDelete>);
const ObjectTable& table_of(Tag<TypingStart>);
const ObjectTable& table_of(Tag<MessageCreate>);
const ObjectTable& table_of(Tag<MessageDelete>);
const ObjectTable& table_of(Tag<MessageDeleteBulk>);
const ObjectTable& table_of(Tag<MessageReactionData>);
const ObjectTable& table_of(Tag<ReactionAddition>);
const ObjectTable& table_of(Tag<MessageReactionAddMany>);
const ObjectTable& table_of(Tag<MessageReactionRemoveAll>);
const ObjectTable& table_of(Tag<MessageReactionRemoveEmoji>);
const ObjectTable& table_of(Tag<PresenceUpdate>);
const ObjectTable& table_of(Tag<PresenceUpdateBulk>);
const ObjectTable& table_of(Tag<VoiceServerUpdate>);
const ObjectTable& table_of(Tag<EntranceSoundPlay>);
const ObjectTable& table_of(Tag<CallData>);
const ObjectTable& table_of(Tag<CallDelete>);

// schema_requests.cpp: what the SDK sends (REST bodies, gateway commands)
const ObjectTable& table_of(Tag<AllowedMentions>);
const ObjectTable& table_of(Tag<CreateMessage>);
const ObjectTable& table_of(Tag<EditMessage>);
const ObjectTable& table_of(Tag<ExecuteWebhook>);
const ObjectTable& table_of(Tag<BulkDeleteMessages>);
const ObjectTable& table_of(Tag<CreateChannel>);
const ObjectTable& table_of(Tag<ModifyChannel>);
const ObjectTable& table_of(Tag<EditChannelPermissions>);
const ObjectTable& table_of(Tag<CreateInvite>);
const ObjectTable& table_of(Tag<CreateWebhook>);
const ObjectTable& table_of(Tag<ModifyWebhook>);
const ObjectTable& table_of(Tag<CreateDm>);
const ObjectTable& table_of(Tag<ModifyGuild>);
const ObjectTable& table_of(Tag<ModifyMember>);
const ObjectTable& table_of(Tag<CreateRole>);
const ObjectTable& table_of(Tag<ModifyRole>);
const ObjectTable& table_of(Tag<CreateBan>);
const ObjectTable& table_of(Tag<CreateEmoji>);
const ObjectTable& table_of(Tag<ModifyEmoji>);
const ObjectTable& table_of(Tag<IdentifyProperties>);
const ObjectTable& table_of(Tag<UpdatePresence>);
const ObjectTable& table_of(Tag<Identify>);
const ObjectTable& table_of(Tag<Resume>);
const ObjectTable& table_of(Tag<UpdateVoiceState>);
const ObjectTable& table_of(Tag<RequestGuildCounts>);

// ------------------------------------------------------------------ codecs of their own

/// Statuses travel as strings; unknown ones are kept as PresenceStatus::Unknown.
template <>
struct Codec<PresenceStatus> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, PresenceStatus& out, const Event& e) {
    if (e.kind == Event::Kind::String) {
      out = parse_presence_status(e.text());
      return true;
    }
    if (e.kind == Event::Kind::Null) {
      out = PresenceStatus::Offline;
      return true;
    }
    return d.fail("expected a status string");
  }
  static void write(Out& o, PresenceStatus v) { o.value(to_string(v)); }
  static bool omit(PresenceStatus) { return false; }
  static bool empty(PresenceStatus) { return false; }
};

/// `allowed_mentions.parse` entries: "users", "roles", "everyone".
template <>
struct Codec<MentionType> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, MentionType& out, const Event& e);
  static void write(Out& o, MentionType v);
  static bool omit(MentionType) { return false; }
  static bool empty(MentionType) { return false; }
};

/// READY `rtc_regions`: [A] region ids, [B] `{id, name, emoji}` objects.
template <>
struct Codec<RtcRegion> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, RtcRegion& out, const Event& e) {
    if (e.kind == Event::Kind::String) {
      out.id.assign(e.str, e.len);
      return true;
    }
    if (e.kind == Event::Kind::Object) return d.push_object(table_of(Tag<RtcRegion>{}), &out);
    return d.fail("expected a region id or object");
  }
  static void write(Out& o, const RtcRegion& v) { write_object(o, table_of(Tag<RtcRegion>{}), &v); }
  static bool omit(const RtcRegion&) { return false; }
  static bool empty(const RtcRegion&) { return false; }
};

inline int& shard_id(ShardInfo& s) {
  return s.id;
}
inline int& shard_count(ShardInfo& s) {
  return s.count;
}

/// `[shard_id, shard_count]`.
template <>
struct Codec<ShardInfo> : PairCodec<ShardInfo, &shard_id, &shard_count> {};

/// RESUMED: [A] `null`, [B] `{}` (plus staff timings); nothing to read.
template <>
struct Codec<Resumed> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, Resumed&, const Event& e);
  static void write(Out& o, const Resumed&) { o.null(); }
  static bool omit(const Resumed&) { return false; }
  static bool empty(const Resumed&) { return false; }
};

}  // namespace fluxer::mjson
