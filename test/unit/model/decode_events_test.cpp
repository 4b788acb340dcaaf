// Decoding of every dispatch event (both server revisions where they differ), the
// parsed-value entry point used by the gateway, and UnknownEvent.

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>

#include "fixtures.hpp"
#include "model/codec_internal.hpp"
#include "test_util.hpp"

namespace {

using namespace fluxer;
using namespace fluxer::literals;
using model_test::error_path;
using model_test::lenient;
using model_test::lenient_event;
using model_test::ts;

template <class E>
E decode(std::string_view name, std::string_view json) {
  auto r = decode_dispatch(name, json);
  if (!r.ok()) {
    ADD_FAILURE() << name << ": " << r.error().to_string();
    return E{};
  }
  auto* e = std::get_if<E>(&*r);
  if (!e) {
    ADD_FAILURE() << name << " decoded to " << event_name(*r);
    return E{};
  }
  EXPECT_EQ(event_name(*r), name);
  return std::move(*e);
}

TEST(DecodeEvents, ReadyB) {
  auto e = decode<Ready>(events::READY, fixtures::kReadyB);
  EXPECT_EQ(e.version, 1);
  EXPECT_EQ(e.session_id, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(e.user.id, 1400000000000000100_id);
  EXPECT_TRUE(e.user.bot);
  EXPECT_EQ(e.user.verified, true);
  EXPECT_TRUE(e.guilds.empty());
  ASSERT_EQ(e.private_channels.size(), 1u);
  EXPECT_EQ(e.private_channels[0].type, ChannelType::Dm);
  ASSERT_EQ(e.rtc_regions.size(), 2u);
  EXPECT_EQ(e.rtc_regions[0].id, "automatic");
  EXPECT_EQ(e.rtc_regions[1].name, "EU West");
  EXPECT_EQ(e.country_code, "US");
  ASSERT_TRUE(e.shard.has_value());
  EXPECT_EQ(e.shard->count, 1);
}

TEST(DecodeEvents, ReadyARegionsAreStrings) {
  auto e = decode<Ready>(events::READY, fixtures::kReadyA);
  ASSERT_EQ(e.rtc_regions.size(), 2u);
  EXPECT_EQ(e.rtc_regions[0].id, "us-east");
  EXPECT_TRUE(e.rtc_regions[0].name.empty());
  EXPECT_FALSE(e.shard.has_value());
  EXPECT_EQ(error_path(decode_dispatch(events::READY, R"({"user":{"id":"1"}})")), "session_id");
}

TEST(DecodeEvents, ResumedNullOrObject) {
  decode<Resumed>(events::RESUMED, "null");                        // [A]
  decode<Resumed>(events::RESUMED, "{}");                          // [B]
  decode<Resumed>(events::RESUMED, R"({"_timings_gw":{"a":1}})");  // [B] staff
  EXPECT_FALSE(decode_dispatch(events::RESUMED, "[]").ok());
}

TEST(DecodeEvents, UserUpdateAndRateLimited) {
  auto u = decode<UserUpdate>(events::USER_UPDATE, fixtures::kCurrentUser);
  EXPECT_EQ(u.user.username, "helperbot");
  auto r = decode<RateLimited>(events::RATE_LIMITED, fixtures::kRateLimited);
  EXPECT_EQ(r.opcode, 8);
  EXPECT_EQ(r.retry_after, std::chrono::milliseconds{12346});  // rounded up
  EXPECT_EQ(r.guild_id, 1400000000000000001_id);
  EXPECT_EQ(r.nonce, "req-2");
  EXPECT_EQ(error_path(decode_dispatch(events::RATE_LIMITED, R"({"retry_after":-1})")), "retry_after");
}

TEST(DecodeEvents, GuildCreateFull) {
  auto e = decode<GuildCreate>(events::GUILD_CREATE, fixtures::kGuildCreate);
  const Guild& g = e.guild;
  EXPECT_EQ(g.id, 1400000000000000001_id);
  EXPECT_EQ(g.name, "Fluxer Devs");  // from `properties`
  EXPECT_EQ(g.owner_id, 1400000000000000200_id);
  EXPECT_EQ(g.afk_timeout, std::chrono::seconds{300});
  ASSERT_EQ(g.roles.size(), 2u);
  ASSERT_EQ(g.channels.size(), 3u);
  for (const auto& ch : g.channels) EXPECT_EQ(ch.guild_id, g.id);  // filled in
  EXPECT_EQ(g.emojis.size(), 1u);
  EXPECT_EQ(g.stickers.size(), 1u);
  EXPECT_EQ(g.member_count, 42);
  EXPECT_EQ(g.online_count, 7);
  ASSERT_EQ(e.members.size(), 1u);
  ASSERT_TRUE(e.members[0].user.has_value());
  EXPECT_EQ(e.members[0].user->id, 1400000000000000100_id);  // {id} only
  EXPECT_TRUE(e.members[0].user->username.empty());
  ASSERT_EQ(e.voice_states.size(), 1u);
  EXPECT_EQ(e.voice_states[0].connection_id, "c1");
  EXPECT_EQ(e.joined_at, ts("2026-01-01T00:00:00Z"));
  EXPECT_FALSE(e.unavailable);
  EXPECT_EQ(event_guild_id(DispatchEvent{e}), g.id);
  const Channel* general = g.find_channel(1400000000000000010_id);
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(general->name, "general");
  ASSERT_NE(g.find_role(g.id), nullptr);
}

TEST(DecodeEvents, GuildCreateStubs) {
  auto a = decode<GuildCreate>(events::GUILD_CREATE, fixtures::kGuildCreateStub);
  EXPECT_TRUE(a.unavailable);
  EXPECT_TRUE(a.guild.unavailable);
  EXPECT_EQ(a.guild.id, 1400000000000000002_id);
  EXPECT_TRUE(a.guild.name.empty());
  auto b = decode<GuildCreate>(events::GUILD_CREATE, fixtures::kGuildCreateStubHidden);
  EXPECT_TRUE(b.unavailable_hidden);
  EXPECT_EQ(error_path(decode_dispatch(events::GUILD_CREATE, R"({"properties":{"name":"x"}})")), "id");
  EXPECT_EQ(error_path(decode_dispatch(events::GUILD_CREATE, R"({"id":"1","properties":{"owner_id":5.5}})")),
            "properties.owner_id");
  // A bad name costs the name; a channel without a type is dropped from the list.
  EXPECT_EQ(lenient_event(events::GUILD_CREATE, R"({"id":"1","properties":{"name":5}})").paths(), "properties.name");
  auto channels = lenient_event(events::GUILD_CREATE, R"({"id":"1","channels":[{"id":"2"},{"id":"3","type":0}]})");
  EXPECT_EQ(channels.paths(), "channels.0.type");
  ASSERT_EQ(std::get<GuildCreate>(channels.value).guild.channels.size(), 1u);
  EXPECT_EQ(std::get<GuildCreate>(channels.value).guild.channels[0].id, Snowflake{3});
}

TEST(DecodeEvents, GuildSyncUsesTheSameShape) {
  auto e = decode<GuildSync>(events::GUILD_SYNC, fixtures::kGuildCreate);
  EXPECT_EQ(e.guild.name, "Fluxer Devs");
}

TEST(DecodeEvents, GuildUpdate) {
  auto e = decode<GuildUpdate>(events::GUILD_UPDATE, fixtures::kGuildUpdate);
  EXPECT_EQ(e.guild.name, "Fluxer Devs (renamed)");
  EXPECT_EQ(e.guild.mfa_level, 1);
  EXPECT_EQ(e.guild.splash_card_alignment, 1);
}

TEST(DecodeEvents, GuildDeleteVariants) {
  auto left = decode<GuildDelete>(events::GUILD_DELETE, fixtures::kGuildDeleteLeft);
  EXPECT_TRUE(left.removed());
  EXPECT_FALSE(left.guild_id.has_value());
  auto outage = decode<GuildDelete>(events::GUILD_DELETE, fixtures::kGuildDeleteUnavailable);
  EXPECT_FALSE(outage.removed());
  EXPECT_TRUE(outage.unavailable_hidden);
  auto deleted = decode<GuildDelete>(events::GUILD_DELETE, fixtures::kGuildDeleteDeleted);
  EXPECT_TRUE(deleted.removed());
  EXPECT_EQ(deleted.guild_id, deleted.id);
  EXPECT_EQ(error_path(decode_dispatch(events::GUILD_DELETE, "{}")), "id");
}

TEST(DecodeEvents, Roles) {
  auto c = decode<GuildRoleCreate>(events::GUILD_ROLE_CREATE, fixtures::kGuildRoleCreate);
  EXPECT_EQ(c.guild_id, 1400000000000000001_id);
  EXPECT_EQ(c.role.name, "New role");
  auto u = decode<GuildRoleUpdate>(events::GUILD_ROLE_UPDATE, fixtures::kGuildRoleCreate);
  EXPECT_EQ(u.role.id, 1400000000000000502_id);
  auto bulk = decode<GuildRoleUpdateBulk>(events::GUILD_ROLE_UPDATE_BULK, fixtures::kGuildRoleUpdateBulk);
  ASSERT_EQ(bulk.roles.size(), 2u);
  EXPECT_TRUE(bulk.roles[0].permissions.has(Permission::ADMINISTRATOR));
  auto d = decode<GuildRoleDelete>(events::GUILD_ROLE_DELETE, fixtures::kGuildRoleDelete);
  EXPECT_EQ(d.role_id, 1400000000000000502_id);
  EXPECT_EQ(error_path(decode_dispatch(events::GUILD_ROLE_CREATE, R"({"guild_id":"1"})")), "role");
}

TEST(DecodeEvents, EmojisAndStickers) {
  auto e = decode<GuildEmojisUpdate>(events::GUILD_EMOJIS_UPDATE, fixtures::kGuildEmojisUpdate);
  ASSERT_EQ(e.emojis.size(), 2u);
  EXPECT_EQ(e.emojis[1].animated, false);
  auto s = decode<GuildStickersUpdate>(events::GUILD_STICKERS_UPDATE, fixtures::kGuildStickersUpdate);
  ASSERT_EQ(s.stickers.size(), 1u);
  EXPECT_EQ(s.stickers[0].tags.size(), 2u);
}

TEST(DecodeEvents, Members) {
  auto add = decode<GuildMemberAdd>(events::GUILD_MEMBER_ADD, fixtures::kGuildMemberAdd);
  EXPECT_EQ(add.guild_id, 1400000000000000001_id);
  EXPECT_EQ(add.member.user_id(), 1400000000000000300_id);
  EXPECT_EQ(add.member.inviter_id, 1400000000000000200_id);
  auto upd = decode<GuildMemberUpdate>(events::GUILD_MEMBER_UPDATE, fixtures::kGuildMemberUpdate);
  EXPECT_EQ(upd.member.nick, "Bobby");
  EXPECT_TRUE(upd.member.mute);
  EXPECT_TRUE(upd.member.is_timed_out(ts("2026-01-06T12:00:00Z")));
  auto rem = decode<GuildMemberRemove>(events::GUILD_MEMBER_REMOVE, fixtures::kGuildMemberRemove);
  EXPECT_EQ(rem.user.id, 1400000000000000300_id);
  EXPECT_TRUE(rem.user.username.empty());
  EXPECT_EQ(error_path(decode_dispatch(events::GUILD_MEMBER_ADD, R"({"guild_id":"1","roles":[]})")), "user");
  EXPECT_EQ(error_path(decode_dispatch(events::GUILD_MEMBER_REMOVE, R"({"guild_id":"1","user":{}})")), "user.id");
}

TEST(DecodeEvents, MembersChunkAndMemberList) {
  auto c = decode<GuildMembersChunk>(events::GUILD_MEMBERS_CHUNK, fixtures::kGuildMembersChunk);
  EXPECT_EQ(c.members.size(), 1u);
  EXPECT_EQ(c.chunk_count, 1);
  ASSERT_EQ(c.presences.size(), 1u);
  EXPECT_TRUE(c.presences[0].mobile);
  EXPECT_EQ(c.nonce, "req-1");
  auto l = decode<GuildMemberListUpdate>(events::GUILD_MEMBER_LIST_UPDATE, fixtures::kGuildMemberListUpdate);
  EXPECT_EQ(l.id, "1400000000000000010");
  ASSERT_EQ(l.groups.size(), 2u);
  EXPECT_EQ(l.groups[1].id, "offline");
  ASSERT_EQ(l.ops.size(), 1u);
  EXPECT_EQ(l.ops[0].op, "SYNC");
  EXPECT_EQ(l.ops[0].range[1], 99);
  ASSERT_EQ(l.ops[0].items.size(), 3u);
  EXPECT_TRUE(l.ops[0].items[0].group.has_value());
  ASSERT_TRUE(l.ops[0].items[1].member.has_value());
  ASSERT_TRUE(l.ops[0].items[1].presence.has_value());
  EXPECT_EQ(l.ops[0].items[1].presence->status, PresenceStatus::Online);
}

TEST(DecodeEvents, BansAuditLogCounts) {
  auto add = decode<GuildBanAdd>(events::GUILD_BAN_ADD, fixtures::kGuildBanAdd);
  EXPECT_EQ(add.user.id, 1400000000000000300_id);
  auto rem = decode<GuildBanRemove>(events::GUILD_BAN_REMOVE, fixtures::kGuildBanRemove);
  EXPECT_EQ(rem.guild_id, 1400000000000000001_id);
  auto audit =
      decode<GuildAuditLogEntryCreate>(events::GUILD_AUDIT_LOG_ENTRY_CREATE, fixtures::kGuildAuditLogEntryCreate);
  EXPECT_EQ(audit.guild_id, 1400000000000000001_id);
  EXPECT_EQ(audit.entry.action_type, 24);
  EXPECT_TRUE(audit.entry.options_json.empty());  // absent = empty
  ASSERT_EQ(audit.entry.changes.size(), 1u);
  EXPECT_EQ(audit.entry.changes[0].new_value_json, R"("Bobby")");
  auto counts = decode<GuildCountsUpdate>(events::GUILD_COUNTS_UPDATE, fixtures::kGuildCountsUpdate);
  ASSERT_EQ(counts.counts.size(), 1u);
  EXPECT_EQ(counts.counts[0].online_count, 7);
}

TEST(DecodeEvents, Channels) {
  auto c = decode<ChannelCreate>(events::CHANNEL_CREATE, fixtures::kChannelText);
  EXPECT_EQ(c.channel.name, "general");
  auto u = decode<ChannelUpdate>(events::CHANNEL_UPDATE, fixtures::kChannelVoice);
  EXPECT_EQ(u.channel.type, ChannelType::GuildVoice);
  auto d = decode<ChannelDelete>(events::CHANNEL_DELETE, fixtures::kChannelLink);
  EXPECT_EQ(d.channel.type, ChannelType::GuildLink);
  EXPECT_EQ(event_guild_id(DispatchEvent{d}), 1400000000000000001_id);
  auto bulk = decode<ChannelUpdateBulk>(events::CHANNEL_UPDATE_BULK, fixtures::kChannelUpdateBulk);
  ASSERT_EQ(bulk.channels.size(), 2u);
  EXPECT_EQ(bulk.channels[1].guild_id, 1400000000000000001_id);
  auto pins = decode<ChannelPinsUpdate>(events::CHANNEL_PINS_UPDATE, fixtures::kChannelPinsUpdate);
  EXPECT_EQ(pins.last_pin_timestamp, ts("2026-01-05T12:00:00Z"));
  auto cleared = decode<ChannelPinsUpdate>(events::CHANNEL_PINS_UPDATE, fixtures::kChannelPinsUpdateCleared);
  EXPECT_FALSE(cleared.last_pin_timestamp.has_value());
  EXPECT_FALSE(cleared.guild_id.has_value());
  auto radd = decode<ChannelRecipientAdd>(events::CHANNEL_RECIPIENT_ADD, fixtures::kChannelRecipientAdd);
  EXPECT_EQ(radd.user.username, "bob");
  auto rrem = decode<ChannelRecipientRemove>(events::CHANNEL_RECIPIENT_REMOVE, fixtures::kChannelRecipientAdd);
  EXPECT_EQ(rrem.channel_id, 1400000000000000021_id);
  auto hooks = decode<WebhooksUpdate>(events::WEBHOOKS_UPDATE, fixtures::kWebhooksUpdate);
  EXPECT_EQ(hooks.channel_id, 1400000000000000010_id);
}

TEST(DecodeEvents, Invites) {
  auto c = decode<InviteCreate>(events::INVITE_CREATE, fixtures::kInviteCreate);
  EXPECT_EQ(c.invite.code, "xyz789");
  EXPECT_EQ(c.invite.max_uses, 10);
  EXPECT_EQ(c.invite.max_age, std::chrono::seconds{604800});
  EXPECT_EQ(c.guild_id, 1400000000000000001_id);
  EXPECT_EQ(c.channel_id, 1400000000000000010_id);  // from channel.id
  auto d = decode<InviteDelete>(events::INVITE_DELETE, fixtures::kInviteDelete);
  EXPECT_EQ(d.code, "xyz789");
  EXPECT_EQ(error_path(decode_dispatch(events::INVITE_DELETE, R"({"guild_id":"1"})")), "code");
}

TEST(DecodeEvents, TypingStartMillisecondsAndSeconds) {
  auto a = decode<TypingStart>(events::TYPING_START, fixtures::kTypingStartA);
  auto b = decode<TypingStart>(events::TYPING_START, fixtures::kTypingStartB);
  EXPECT_EQ(a.timestamp, ts("2026-01-05T12:00:00Z"));
  EXPECT_EQ(b.timestamp, ts("2026-01-05T12:00:00Z"));
  ASSERT_TRUE(a.member.has_value());
  EXPECT_EQ(a.member->user_id(), 1400000000000000200_id);
  EXPECT_FALSE(b.guild_id.has_value());
  // Fractional seconds, ISO strings, and the boundary (1e11 is still seconds).
  auto frac = decode<TypingStart>(events::TYPING_START, R"({"channel_id":"1","user_id":"2","timestamp":1767614400.5})");
  EXPECT_EQ(frac.timestamp, ts("2026-01-05T12:00:00.500Z"));
  auto iso = decode<TypingStart>(events::TYPING_START,
                                 R"({"channel_id":"1","user_id":"2","timestamp":"2026-01-05T12:00:00Z"})");
  EXPECT_EQ(iso.timestamp, ts("2026-01-05T12:00:00Z"));
  auto boundary =
      decode<TypingStart>(events::TYPING_START, R"({"channel_id":"1","user_id":"2","timestamp":100000000000})");
  EXPECT_EQ(boundary.timestamp.time_since_epoch(), std::chrono::seconds{100000000000});
  // Out of range: the timestamp is skipped (the typing user is not).
  for (std::string_view bad : {"9223372036854775807", "-1", "1e300"}) {
    auto r = lenient_event(events::TYPING_START,
                           std::string(R"({"channel_id":"1","user_id":"2","timestamp":)") + std::string(bad) + "}");
    ASSERT_EQ(r.warnings.size(), 1u) << bad;
    EXPECT_EQ(r.warnings[0].path, "timestamp");
    EXPECT_EQ(r.warnings[0].code, "OUT_OF_RANGE");
    EXPECT_EQ(std::get<TypingStart>(r.value).user_id, Snowflake{2});
  }
}

TEST(DecodeEvents, MessageCreate) {
  auto e = decode<MessageCreate>(events::MESSAGE_CREATE, fixtures::kMessageCreate);
  EXPECT_EQ(e.channel_type, ChannelType::GuildText);
  EXPECT_FALSE(e.mention_here);
  const Message& m = e.message;
  EXPECT_EQ(m.guild_id, 1400000000000000001_id);
  EXPECT_EQ(m.content, "<@1400000000000000100> ping! see the build <@&1400000000000000501>");
  ASSERT_EQ(m.embeds.size(), 1u);
  EXPECT_EQ(m.embeds[0].fields.size(), 1u);
  EXPECT_EQ(m.mention_roles, std::vector<Snowflake>{1400000000000000501_id});
  EXPECT_TRUE(m.referenced_message.is_null());
  EXPECT_EQ(event_guild_id(DispatchEvent{e}), 1400000000000000001_id);
  auto dm = decode<MessageCreate>(events::MESSAGE_CREATE, fixtures::kMessageDmForward);
  EXPECT_EQ(dm.channel_type, ChannelType::Dm);
  EXPECT_FALSE(dm.message.guild_id.has_value());
  EXPECT_EQ(event_guild_id(DispatchEvent{dm}), Snowflake{});
  auto text_type = lenient_event(events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","channel_type":"text"})");
  EXPECT_EQ(text_type.paths(), "channel_type");
  EXPECT_FALSE(std::get<MessageCreate>(text_type.value).channel_type.has_value());
}

TEST(DecodeEvents, MessageUpdateDeleteBulk) {
  auto u = decode<MessageUpdate>(events::MESSAGE_UPDATE, fixtures::kMessageUpdateReply);
  EXPECT_EQ(u.message.edited_timestamp, ts("2026-01-05T12:36:00Z"));
  EXPECT_TRUE(u.message.pinned);
  EXPECT_EQ(u.message.flags, message_flags::SUPPRESS_EMBEDS);
  auto d = decode<MessageDelete>(events::MESSAGE_DELETE, fixtures::kMessageDelete);
  EXPECT_EQ(d.content, "oops");
  EXPECT_EQ(d.author_id, 1400000000000000200_id);
  EXPECT_TRUE(d.member.has_value());
  auto moderated = decode<MessageDelete>(events::MESSAGE_DELETE, fixtures::kMessageDeleteModeration);
  EXPECT_FALSE(moderated.content.has_value());
  EXPECT_FALSE(moderated.author_id.has_value());
  auto bulk = decode<MessageDeleteBulk>(events::MESSAGE_DELETE_BULK, fixtures::kMessageDeleteBulk);
  EXPECT_EQ(bulk.ids.size(), 2u);
}

TEST(DecodeEvents, Reactions) {
  auto add = decode<MessageReactionAdd>(events::MESSAGE_REACTION_ADD, fixtures::kMessageReactionAdd);
  EXPECT_EQ(add.emoji.id, 1400000000000000701_id);
  EXPECT_EQ(add.emoji.animated, true);
  ASSERT_TRUE(add.member.has_value());
  EXPECT_EQ(add.member->user_id(), add.user_id);
  auto rem = decode<MessageReactionRemove>(events::MESSAGE_REACTION_REMOVE, fixtures::kMessageReactionRemove);
  EXPECT_EQ(rem.emoji.name, "👍");
  EXPECT_FALSE(rem.emoji.id.has_value());
  EXPECT_FALSE(rem.emoji.animated.has_value());  // absent is not "false"
  EXPECT_EQ(rem.session_id, "0123456789abcdef0123456789abcdef");
  auto many = decode<MessageReactionAddMany>(events::MESSAGE_REACTION_ADD_MANY, fixtures::kMessageReactionAddMany);
  ASSERT_EQ(many.reactions.size(), 2u);
  EXPECT_EQ(many.reactions[1].emoji.name, "party_blob");
  auto all = decode<MessageReactionRemoveAll>(events::MESSAGE_REACTION_REMOVE_ALL, fixtures::kMessageReactionRemoveAll);
  EXPECT_EQ(all.message_id, 1400000000000003001_id);
  auto emoji =
      decode<MessageReactionRemoveEmoji>(events::MESSAGE_REACTION_REMOVE_EMOJI, fixtures::kMessageReactionRemoveEmoji);
  EXPECT_EQ(emoji.emoji.name, "👍");
  EXPECT_EQ(error_path(decode_dispatch(events::MESSAGE_REACTION_ADD, R"({"channel_id":"1","message_id":"2"})")),
            "user_id");
}

TEST(DecodeEvents, PresenceVoiceCalls) {
  auto p = decode<PresenceUpdate>(events::PRESENCE_UPDATE, fixtures::kPresence);
  EXPECT_EQ(p.presence.status, PresenceStatus::Dnd);
  auto bulk = decode<PresenceUpdateBulk>(events::PRESENCE_UPDATE_BULK, fixtures::kPresenceUpdateBulk);
  ASSERT_EQ(bulk.presences.size(), 2u);
  EXPECT_EQ(bulk.presences[1].guild_id, 1400000000000000001_id);  // batch guild applied
  EXPECT_TRUE(bulk.presences[1].afk);
  auto vs = decode<VoiceStateUpdate>(events::VOICE_STATE_UPDATE, fixtures::kVoiceStateB);
  EXPECT_EQ(vs.state.connection_id, "conn-1");
  auto left = decode<VoiceStateUpdate>(events::VOICE_STATE_UPDATE,
                                       R"({"guild_id":"1","channel_id":null,"user_id":"2","connection_id":"c"})");
  EXPECT_FALSE(left.state.channel_id.has_value());
  auto server = decode<VoiceServerUpdate>(events::VOICE_SERVER_UPDATE, fixtures::kVoiceServerUpdate);
  EXPECT_EQ(server.endpoint, "wss://voice.fluxer.app");
  EXPECT_EQ(server.connection_id, "conn-1");
  EXPECT_EQ(server.e2ee_key, "k");
  auto sound = decode<EntranceSoundPlay>(events::ENTRANCE_SOUND_PLAY, fixtures::kEntranceSoundPlay);
  EXPECT_EQ(sound.guild_id, 1400000000000000001_id);
  EXPECT_EQ(sound.user_id, 1400000000000000200_id);
  EXPECT_EQ(sound.sound_id, 1400000000000000900_id);
  EXPECT_EQ(sound.duration, std::chrono::milliseconds{2750});
  EXPECT_EQ(sound.content_type, "audio/ogg");
  EXPECT_EQ(event_guild_id(DispatchEvent{sound}), 1400000000000000001_id);
  auto call = decode<CallCreate>(events::CALL_CREATE, fixtures::kCallCreate);
  EXPECT_FALSE(call.region.has_value());
  EXPECT_EQ(call.ringing.size(), 1u);
  EXPECT_EQ(call.voice_states.size(), 1u);
  EXPECT_EQ(call.recipients.size(), 2u);
  EXPECT_EQ(call.created_at, ts("2026-01-05T12:00:00Z"));
  auto cu = decode<CallUpdate>(events::CALL_UPDATE, fixtures::kCallCreate);
  EXPECT_EQ(cu.message_id, 1400000000000004001_id);
  auto cd = decode<CallDelete>(events::CALL_DELETE, fixtures::kCallDelete);
  EXPECT_TRUE(cd.unavailable);
}

TEST(DecodeEvents, UnknownEventsKeepTheirPayload) {
  auto r = decode_dispatch("MESSAGE_POLL_VOTE_ADD", R"({"poll": {"id": 1}})");
  ASSERT_TRUE(r.ok());
  auto* u = std::get_if<UnknownEvent>(&*r);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->name, "MESSAGE_POLL_VOTE_ADD");
  EXPECT_EQ(u->json, R"({"poll": {"id": 1}})");
  EXPECT_EQ(event_name(*r), "MESSAGE_POLL_VOTE_ADD");
  // Unknown events are not parsed: even invalid JSON is passed through, never an error.
  EXPECT_TRUE(decode_dispatch("SOMETHING_NEW", "{not json").ok());
  // Names are case-sensitive, as the gateway sends them upper-case.
  EXPECT_TRUE(std::holds_alternative<UnknownEvent>(*decode_dispatch("message_create", "{}")));
}

TEST(DecodeEvents, ErrorsNameTheEventAndPath) {
  auto r = decode_dispatch(events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","author":{"id":"x"}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Decode);
  EXPECT_EQ(error_path(r), "author.id");
  EXPECT_EQ(r.error().message.rfind("MESSAGE_CREATE: author.id:", 0), 0u) << r.error().message;
  auto invalid = decode_dispatch(events::MESSAGE_CREATE, "{\"id\":");
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, "INVALID_JSON");
  EXPECT_EQ(invalid.error().message.rfind("MESSAGE_CREATE: ", 0), 0u);
}

TEST(DecodeEvents, ParsedValueEntryPointMatchesTextEntryPoint) {
  // The gateway parses the envelope once and hands `d` over.
  std::string frame = R"({"op":0,"s":5,"t":"MESSAGE_CREATE","d":)" + std::string(fixtures::kMessageCreate) + "}";
  rapidjson::Document doc;
  doc.Parse(frame.data(), frame.size());
  ASSERT_FALSE(doc.HasParseError());
  auto from_value = mjson::decode_dispatch("MESSAGE_CREATE", doc["d"]);
  auto from_text = decode_dispatch("MESSAGE_CREATE", fixtures::kMessageCreate);
  ASSERT_TRUE(from_value.ok());
  ASSERT_TRUE(from_text.ok());
  EXPECT_EQ(*from_value, *from_text);

  DispatchEvent into;
  ASSERT_TRUE(mjson::decode_dispatch_into("MESSAGE_CREATE", doc["d"], into).ok());
  EXPECT_EQ(into, *from_text);

  // RESUMED with `d` null, and an unknown event re-serialised from the value.
  rapidjson::Document null_doc;
  null_doc.Parse("null");
  EXPECT_TRUE(std::holds_alternative<Resumed>(*mjson::decode_dispatch("RESUMED", null_doc)));
  auto unknown = mjson::decode_dispatch("NEW_EVENT", doc["d"]["reactions"]);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(std::get<UnknownEvent>(*unknown).json, R"([{"emoji":{"id":null,"name":"👍"},"count":2,"me":true}])");
  // And a parsed entity value.
  auto user = mjson::from_value<User>(doc["d"]["author"]);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->username, "alice");
  auto bad = mjson::from_value<User>(doc["d"]["mentions"]);
  EXPECT_FALSE(bad.ok());
}

}  // namespace
