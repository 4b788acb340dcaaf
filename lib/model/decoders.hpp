#pragma once
// Private to libfluxer: readers for every model type (defined in decode_*.cpp). Each
// `read_value` decodes one JSON value in place, reporting failures through Ctx. The
// `*_field` functions decode one member of an object, so an event that is "an entity plus
// a few keys" (MESSAGE_CREATE = message + channel_type, GUILD_MEMBER_ADD = member +
// guild_id) is decoded in the same single pass over the object. They return true for
// unknown keys.

#include <string_view>

#include <fluxer/model/application.hpp>
#include <fluxer/model/attachment.hpp>
#include <fluxer/model/audit_log.hpp>
#include <fluxer/model/ban.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/embed.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/gateway_bot.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/guild_snapshot.hpp>
#include <fluxer/model/instance.hpp>
#include <fluxer/model/invite.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/reaction.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/voice_state.hpp>
#include <fluxer/model/webhook.hpp>

#include "model/json.hpp"

namespace fluxer::mjson {

// enums
bool read_value(Ctx& c, const Value& v, ChannelType& out);
bool read_value(Ctx& c, const Value& v, OverwriteType& out);
bool read_value(Ctx& c, const Value& v, MessageType& out);
bool read_value(Ctx& c, const Value& v, MessageReferenceType& out);
bool read_value(Ctx& c, const Value& v, InviteType& out);
bool read_value(Ctx& c, const Value& v, PresenceStatus& out);

// decode_user.cpp: people and small guild entities
bool user_field(Ctx& c, std::string_view k, const Value& v, User& out);
bool read_value(Ctx& c, const Value& v, User& out);
bool read_value(Ctx& c, const Value& v, CurrentUser& out);
bool read_value(Ctx& c, const Value& v, Application& out);
bool read_value(Ctx& c, const Value& v, Ban& out);
bool read_value(Ctx& c, const Value& v, Webhook& out);
bool read_value(Ctx& c, const Value& v, Emoji& out);
bool read_value(Ctx& c, const Value& v, Sticker& out);
bool read_value(Ctx& c, const Value& v, Role& out);
bool member_field(Ctx& c, std::string_view k, const Value& v, GuildMember& out);
bool read_value(Ctx& c, const Value& v, GuildMember& out);
bool read_value(Ctx& c, const Value& v, CustomStatus& out);
bool presence_field(Ctx& c, std::string_view k, const Value& v, Presence& out);
bool read_value(Ctx& c, const Value& v, Presence& out);
bool voice_state_field(Ctx& c, std::string_view k, const Value& v, VoiceState& out);
bool read_value(Ctx& c, const Value& v, VoiceState& out);

// decode_guild.cpp: guilds, channels, invites, discovery
bool guild_field(Ctx& c, std::string_view k, const Value& v, Guild& out);
bool read_value(Ctx& c, const Value& v, Guild& out);
bool read_value(Ctx& c, const Value& v, GuildSnapshot& out);
bool read_value(Ctx& c, const Value& v, PermissionOverwrite& out);
bool channel_field(Ctx& c, std::string_view k, const Value& v, Channel& out);
bool read_value(Ctx& c, const Value& v, Channel& out);
bool invite_field(Ctx& c, std::string_view k, const Value& v, Invite& out);
bool read_value(Ctx& c, const Value& v, Invite& out);
bool audit_log_entry_field(Ctx& c, std::string_view k, const Value& v, AuditLogEntry& out);
bool read_value(Ctx& c, const Value& v, AuditLogEntry& out);
bool read_value(Ctx& c, const Value& v, InstanceInfo& out);
bool read_value(Ctx& c, const Value& v, GatewayBotInfo& out);

// decode_message.cpp: messages and what they contain
bool message_field(Ctx& c, std::string_view k, const Value& v, Message& out);
bool finish_message(Ctx& c, Message& out);
bool read_value(Ctx& c, const Value& v, Message& out);
bool read_value(Ctx& c, const Value& v, Embed& out);
bool read_value(Ctx& c, const Value& v, Attachment& out);
bool read_value(Ctx& c, const Value& v, Reaction& out);
bool read_value(Ctx& c, const Value& v, MessageReference& out);
bool read_value(Ctx& c, const Value& v, MessageSnapshot& out);
bool read_value(Ctx& c, const Value& v, MessageCall& out);

}  // namespace fluxer::mjson
