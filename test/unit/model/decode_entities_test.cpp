// Decoding of every entity type from fixtures written from the protocol reference,
// including the [A] / [B] variants.

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>

#include "fixtures.hpp"
#include "test_util.hpp"

namespace {

using namespace fluxer;
using namespace fluxer::literals;
using model_test::error_path;
using model_test::lenient;
using model_test::lenient_event;
using model_test::ok;
using model_test::ts;

TEST(DecodeUser, PartialUser) {
  auto u = ok(from_json<User>(fixtures::kPartialUser));
  EXPECT_EQ(u.id, 1400000000000000200_id);
  EXPECT_EQ(u.username, "alice");
  EXPECT_EQ(u.discriminator, "0042");
  EXPECT_EQ(u.global_name, "Alice");
  EXPECT_EQ(u.avatar, "a_0123456789abcdef");
  EXPECT_EQ(u.avatar_color, 0xFF00FFu);
  EXPECT_FALSE(u.bot);
  EXPECT_EQ(u.flags, user_flags::PARTNER);
  EXPECT_EQ(u.mention(), "<@1400000000000000200>");
  EXPECT_EQ(u.tag(), "alice#0042");
  EXPECT_EQ(u.display_name(), "Alice");
}

TEST(DecodeUser, IdOnlyUser) {
  auto u = ok(from_json<User>(R"({"id":"1400000000000000300"})"));
  EXPECT_EQ(u.id, 1400000000000000300_id);
  EXPECT_TRUE(u.username.empty());
  EXPECT_EQ(u.display_name(), "");
}

TEST(DecodeUser, IntegerSnowflakeAccepted) {
  auto u = ok(from_json<User>(R"({"id":1400000000000000300,"username":"bob"})"));
  EXPECT_EQ(u.id, 1400000000000000300_id);
}

TEST(DecodeUser, CurrentUserPrivateFields) {
  auto u = ok(from_json<CurrentUser>(fixtures::kCurrentUser));
  EXPECT_EQ(u.id, 1400000000000000100_id);
  EXPECT_TRUE(u.bot);
  EXPECT_EQ(u.verified, true);
  EXPECT_EQ(u.mfa_enabled, false);
  EXPECT_EQ(u.nsfw_allowed, true);
  EXPECT_EQ(u.is_staff, false);
  EXPECT_EQ(u.premium_type, 0);
  EXPECT_FALSE(u.email.has_value());  // null
  EXPECT_FALSE(u.global_name.has_value());
  User& as_user = u;  // slices into the partial user
  EXPECT_EQ(as_user.username, "helperbot");
}

TEST(DecodeUser, MissingIdIsAnError) {
  auto r = from_json<User>(R"({"username":"x"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Decode);
  EXPECT_EQ(error_path(r), "id");
  EXPECT_EQ(r.error().code, "MISSING_FIELD");
}

TEST(DecodeUser, WrongTypeNamesThePath) {
  // A cosmetic field costs only itself, with a warning naming it; the id is strict.
  auto r = lenient<User>(R"({"id":"1","username":42,"global_name":"G"})");
  EXPECT_EQ(r.value.id, Snowflake{1});
  EXPECT_EQ(r.value.username, "");
  EXPECT_EQ(r.value.global_name, "G");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].path, "username");
  EXPECT_EQ(r.warnings[0].code, "INVALID_TYPE");
  EXPECT_EQ(r.warnings[0].message, "expected a string");
  auto bad_id = from_json<User>(R"({"id":"12ab"})");
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(error_path(bad_id), "id");
  EXPECT_EQ(bad_id.error().code, "INVALID_SNOWFLAKE");
  auto negative = from_json<User>(R"({"id":-5})");
  EXPECT_EQ(error_path(negative), "id");
  auto overflow = from_json<User>(R"({"id":"18446744073709551616"})");
  EXPECT_EQ(error_path(overflow), "id");
}

TEST(DecodeUser, UnknownFieldsAreIgnored) {
  auto u = ok(from_json<User>(R"({"id":"7","future_field":{"deep":[1,2,{"x":null}]},"another":true})"));
  EXPECT_EQ(u.id, Snowflake{7});
}

TEST(DecodeRole, EveryoneAndModerator) {
  auto everyone = ok(from_json<Role>(fixtures::kRoleEveryone));
  EXPECT_EQ(everyone.id, 1400000000000000001_id);
  EXPECT_EQ(everyone.permissions, Permissions::default_everyone());
  EXPECT_FALSE(everyone.hoist_position.has_value());
  auto mod = ok(from_json<Role>(fixtures::kRoleModerator));
  EXPECT_EQ(mod.color, 3447003u);
  EXPECT_EQ(mod.hoist_position, 1);
  EXPECT_TRUE(mod.permissions.has(Permission::PIN_MESSAGES | Permission::KICK_MEMBERS | Permission::BAN_MEMBERS));
  EXPECT_TRUE(mod.hoist);
  EXPECT_EQ(mod.mention(), "<@&1400000000000000501>");
}

TEST(DecodeRole, PermissionsMustBeDecimal) {
  auto r = from_json<Role>(R"({"id":"1","permissions":"0x10"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(error_path(r), "permissions");
  EXPECT_EQ(r.error().code, "INVALID_PERMISSIONS");
  auto big = ok(from_json<Role>(R"({"id":"1","permissions":"18446744073709551615"})"));
  EXPECT_EQ(big.permissions.value(), ~0ull);
}

TEST(DecodeEmoji, GuildEmojiUnicodeAndUser) {
  auto e = ok(from_json<Emoji>(fixtures::kGuildEmoji));
  EXPECT_TRUE(e.is_custom());
  EXPECT_EQ(e.animated, true);
  EXPECT_EQ(e.mention(), "<a:party_blob:1400000000000000701>");
  EXPECT_EQ(e.reaction_key(), "party_blob:1400000000000000701");
  auto with_user = ok(from_json<Emoji>(fixtures::kGuildEmojiWithUser));
  ASSERT_TRUE(with_user.user.has_value());
  EXPECT_EQ(with_user.user->username, "alice");
  EXPECT_EQ(with_user.mention(), "<:wave:1400000000000000702>");
  auto unicode = ok(from_json<Emoji>(R"({"name":"👍"})"));
  EXPECT_FALSE(unicode.is_custom());
  EXPECT_FALSE(unicode.animated.has_value());
  EXPECT_EQ(unicode.reaction_key(), "👍");
}

TEST(DecodeSticker, GuildStickerAndBothItemShapes) {
  auto s = ok(from_json<Sticker>(fixtures::kGuildSticker));
  EXPECT_EQ(s.description, "says hello");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"wave", "hi"}));
  EXPECT_EQ(s.format_type, sticker_format::PNG);
  auto a = ok(from_json<Sticker>(fixtures::kStickerItemA));
  EXPECT_EQ(a.format_type, 1);
  EXPECT_FALSE(a.animated.has_value());
  auto b = ok(from_json<Sticker>(fixtures::kStickerItemB));
  EXPECT_FALSE(b.format_type.has_value());
  EXPECT_EQ(b.animated, true);
  EXPECT_EQ(b.nsfw, false);
  // Discord-style comma-separated tags are accepted too.
  auto csv = ok(from_json<Sticker>(R"({"id":"1","name":"x","tags":"a, b,c"})"));
  EXPECT_EQ(csv.tags, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(DecodeMember, FullMember) {
  auto m = ok(from_json<GuildMember>(fixtures::kMember));
  ASSERT_TRUE(m.user.has_value());
  EXPECT_EQ(m.user_id(), 1400000000000000200_id);
  EXPECT_EQ(m.nick, "Ally");
  EXPECT_EQ(m.display_name(), "Ally");
  EXPECT_EQ(m.roles, std::vector<Snowflake>{1400000000000000501_id});
  EXPECT_EQ(m.joined_at, ts("2026-01-02T03:04:05.678Z"));
  EXPECT_EQ(m.communication_disabled_until, ts("2026-02-01T00:00:00Z"));
  EXPECT_TRUE(m.is_timed_out(ts("2026-01-31T23:59:59Z")));
  EXPECT_FALSE(m.is_timed_out(ts("2026-02-01T00:00:00Z")));
  EXPECT_EQ(m.join_source_type, 0);
  EXPECT_EQ(m.source_invite_code, "abcDEF");
  EXPECT_FALSE(m.inviter_id.has_value());
}

TEST(DecodeMember, WithoutUserAndWithIdOnlyUser) {
  auto no_user =
      ok(from_json<GuildMember>(R"({"roles":[],"joined_at":"2026-01-02T03:04:05Z","mute":false,"deaf":false})"));
  EXPECT_FALSE(no_user.user.has_value());
  EXPECT_EQ(no_user.user_id(), Snowflake{});
  auto id_only = ok(from_json<GuildMember>(R"({"user":{"id":"5"},"roles":["6"]})"));
  ASSERT_TRUE(id_only.user.has_value());
  EXPECT_EQ(id_only.user->id, Snowflake{5});
  EXPECT_TRUE(id_only.user->username.empty());
}

TEST(DecodeMember, BadRoleNamesIndex) {
  auto r = from_json<GuildMember>(R"({"roles":["1","2",3.5]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(error_path(r), "roles.2");
  // `user` is not what identifies a member in a list: a bad one is dropped, with a warning.
  auto bad_user = lenient<GuildMember>(R"({"user":{"id":true},"nick":"n"})");
  EXPECT_FALSE(bad_user.value.user.has_value());
  EXPECT_EQ(bad_user.value.nick, "n");
  EXPECT_EQ(bad_user.paths(), "user.id");
}

TEST(DecodeChannel, TextChannelWithOverwrites) {
  auto c = ok(from_json<Channel>(fixtures::kChannelText));
  EXPECT_EQ(c.type, ChannelType::GuildText);
  EXPECT_EQ(c.guild_id, 1400000000000000001_id);
  EXPECT_EQ(c.name, "general");
  EXPECT_EQ(c.topic, "Talk here");
  EXPECT_EQ(c.parent_id, 1400000000000000009_id);
  EXPECT_EQ(c.rate_limit_per_user, std::chrono::seconds{5});
  EXPECT_EQ(c.last_pin_timestamp, ts("2026-01-05T10:00:00Z"));
  ASSERT_EQ(c.permission_overwrites.size(), 3u);
  EXPECT_EQ(c.permission_overwrites[0].type, OverwriteType::Role);
  EXPECT_EQ(c.permission_overwrites[0].deny, Permissions{Permission::SEND_MESSAGES});
  EXPECT_EQ(c.permission_overwrites[2].type, OverwriteType::Member);
  EXPECT_EQ(c.permission_overwrites[2].deny, Permissions{Permission::ADD_REACTIONS});
  EXPECT_EQ(c.mention(), "<#1400000000000000010>");
  EXPECT_TRUE(c.is_text_based());
}

TEST(DecodeChannel, EveryType) {
  auto voice = ok(from_json<Channel>(fixtures::kChannelVoice));
  EXPECT_EQ(voice.type, ChannelType::GuildVoice);
  EXPECT_EQ(voice.bitrate, 64000);
  EXPECT_EQ(voice.user_limit, 0);
  EXPECT_FALSE(voice.rtc_region.has_value());
  EXPECT_FALSE(voice.parent_id.has_value());
  EXPECT_EQ(voice.voice_connection_limit, 5);
  EXPECT_EQ(ok(from_json<Channel>(fixtures::kChannelCategory)).type, ChannelType::GuildCategory);
  auto link = ok(from_json<Channel>(fixtures::kChannelLink));
  EXPECT_EQ(link.type, ChannelType::GuildLink);
  EXPECT_EQ(link.url, "https://docs.fluxer.app");
  EXPECT_FALSE(link.is_text_based());
  auto dm = ok(from_json<Channel>(fixtures::kChannelDm));
  EXPECT_EQ(dm.type, ChannelType::Dm);
  ASSERT_EQ(dm.recipients.size(), 1u);
  EXPECT_EQ(dm.recipients[0].username, "alice");
  auto group = ok(from_json<Channel>(fixtures::kChannelGroupDm));
  EXPECT_EQ(group.type, ChannelType::GroupDm);
  EXPECT_EQ(group.owner_id, 1400000000000000200_id);
  auto notes = ok(from_json<Channel>(fixtures::kChannelNotes));
  EXPECT_EQ(notes.type, ChannelType::DmPersonalNotes);
  EXPECT_EQ(to_string(notes.type), "DM_PERSONAL_NOTES");
  auto unknown = ok(from_json<Channel>(fixtures::kChannelUnknownType));
  EXPECT_EQ(static_cast<int>(unknown.type), 15);  // kept as its number
  EXPECT_EQ(to_string(unknown.type), "UNKNOWN");
}

TEST(DecodeChannel, TypeIsRequired) {
  auto r = from_json<Channel>(R"({"id":"1","name":"x"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(error_path(r), "type");
  auto bad_overwrite =
      from_json<Channel>(R"({"id":"1","type":0,"permission_overwrites":[{"id":"2","type":0,"allow":1.5}]})");
  EXPECT_EQ(error_path(bad_overwrite), "permission_overwrites.0.allow");
}

TEST(DecodeGuild, GuildObject) {
  auto g = ok(from_json<Guild>(fixtures::kGuild));
  EXPECT_EQ(g.id, 1400000000000000001_id);
  EXPECT_EQ(g.name, "Fluxer Devs");
  EXPECT_EQ(g.owner_id, 1400000000000000200_id);
  EXPECT_EQ(g.vanity_url_code, "devs");
  EXPECT_EQ(g.system_channel_id, 1400000000000000010_id);
  EXPECT_EQ(g.afk_timeout, std::chrono::seconds{300});
  EXPECT_TRUE(g.has_feature("VANITY_URL"));
  EXPECT_FALSE(g.has_feature("BANNER"));
  EXPECT_EQ(g.verification_level, 1);
  EXPECT_EQ(g.default_message_notifications, 1);
  EXPECT_FALSE(g.permissions.has_value());
  EXPECT_TRUE(g.roles.empty());
  EXPECT_FALSE(g.unavailable);
}

TEST(DecodeGuild, PartialGuildWithPermissionsBit54) {
  auto g = ok(from_json<Guild>(fixtures::kGuildWithPermissions));
  ASSERT_TRUE(g.permissions.has_value());
  EXPECT_EQ(*g.permissions, Permissions{Permission::VIEW_CHANNEL_MEMBERS});
}

TEST(DecodeGuild, ListOfGuilds) {
  std::string json = "[" + std::string(fixtures::kGuild) + "," + std::string(fixtures::kGuildWithPermissions) + "]";
  auto list = ok(from_json<std::vector<Guild>>(json));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_TRUE(list[1].permissions.has_value());
  auto bad = from_json<std::vector<Guild>>(R"([{"id":"1"},{"id":"2","owner_id":"me"}])");
  EXPECT_EQ(error_path(bad), "1.owner_id");
  auto cosmetic = lenient<std::vector<Guild>>(R"([{"id":"1"},{"id":"2","name":7}])");
  EXPECT_EQ(cosmetic.value.size(), 2u);
  EXPECT_EQ(cosmetic.paths(), "1.name");
  auto not_array = from_json<std::vector<Guild>>(R"({"id":"1"})");
  EXPECT_FALSE(not_array.ok());
  EXPECT_EQ(error_path(not_array), "");
}

TEST(DecodeVoiceState, BothRevisions) {
  auto b = ok(from_json<VoiceState>(fixtures::kVoiceStateB));
  EXPECT_EQ(b.connection_id, "conn-1");
  EXPECT_TRUE(b.self_mute);
  EXPECT_EQ(b.viewer_stream_keys, std::vector<std::string>{"stream-a"});
  EXPECT_EQ(b.e2ee_capable, true);
  EXPECT_EQ(b.version, 7);
  ASSERT_TRUE(b.member.has_value());
  EXPECT_EQ(b.member->user_id(), 1400000000000000200_id);
  auto a = ok(from_json<VoiceState>(fixtures::kVoiceStateA));
  EXPECT_FALSE(a.guild_id.has_value());  // DM call
  EXPECT_FALSE(a.member.has_value());
  EXPECT_EQ(a.viewer_stream_keys, std::vector<std::string>{"stream-b"});
  EXPECT_FALSE(a.e2ee_capable.has_value());
  EXPECT_TRUE(a.is_mobile);
}

TEST(DecodePresence, CustomStatusAndStatuses) {
  auto p = ok(from_json<Presence>(fixtures::kPresence));
  EXPECT_EQ(p.status, PresenceStatus::Dnd);
  EXPECT_EQ(p.guild_id, 1400000000000000001_id);
  ASSERT_TRUE(p.custom_status.has_value());
  EXPECT_EQ(p.custom_status->text, "shipping");
  EXPECT_EQ(p.custom_status->emoji_name, "🚀");
  EXPECT_FALSE(p.custom_status->emoji_id.has_value());
  EXPECT_EQ(p.custom_status->expires_at, ts("2026-03-01T00:00:00Z"));
  auto unknown = ok(from_json<Presence>(R"({"user":{"id":"1"},"status":"streaming","custom_status":null})"));
  EXPECT_EQ(unknown.status, PresenceStatus::Unknown);
  EXPECT_FALSE(unknown.custom_status.has_value());
}

TEST(DecodeBan, TemporaryBan) {
  auto b = ok(from_json<Ban>(fixtures::kBan));
  EXPECT_EQ(b.user.username, "spammer");
  EXPECT_EQ(b.reason, "spam");
  EXPECT_EQ(b.moderator_id, 1400000000000000200_id);
  EXPECT_EQ(b.expires_at, ts("2026-01-04T00:00:00Z"));
}

TEST(DecodeApplication, ApplicationsMe) {
  auto a = ok(from_json<Application>(fixtures::kApplication));
  EXPECT_EQ(a.id, 1400000000000000099_id);
  EXPECT_TRUE(a.bot_public);
  EXPECT_FALSE(a.verify_key.has_value());
  ASSERT_TRUE(a.bot.has_value());
  EXPECT_NE(a.bot->id, a.id);  // the application id is not the bot user id
}

TEST(DecodeInvite, InviteWithMetadata) {
  auto i = ok(from_json<Invite>(fixtures::kInvite));
  EXPECT_EQ(i.code, "abcDEF");
  EXPECT_EQ(i.type, InviteType::Guild);
  ASSERT_TRUE(i.guild.has_value());
  EXPECT_EQ(i.guild->name, "Fluxer Devs");
  ASSERT_TRUE(i.channel.has_value());
  EXPECT_EQ(i.channel->type, ChannelType::GuildText);
  EXPECT_EQ(i.member_count, 42);
  EXPECT_FALSE(i.expires_at.has_value());
  EXPECT_EQ(i.uses, 3);
  EXPECT_EQ(i.max_age, std::chrono::seconds{0});
  auto no_code = from_json<Invite>(R"({"type":0})");
  EXPECT_EQ(error_path(no_code), "code");
}

TEST(DecodeWebhook, Webhook) {
  auto w = ok(from_json<Webhook>(fixtures::kWebhook));
  EXPECT_EQ(w.channel_id, 1400000000000000010_id);
  EXPECT_EQ(w.token, "secret-token");
  ASSERT_TRUE(w.user.has_value());
}

TEST(DecodeAuditLog, OpaqueOptionsAndChanges) {
  auto e = ok(from_json<AuditLogEntry>(fixtures::kAuditLogEntry));
  EXPECT_EQ(e.action_type, 22);
  EXPECT_EQ(e.target_id, "1400000000000000300");
  EXPECT_EQ(e.options_json, R"({"delete_member_days":"1"})");
  ASSERT_EQ(e.changes.size(), 2u);
  EXPECT_EQ(e.changes[0].key, "nick");
  EXPECT_EQ(e.changes[0].old_value_json, R"("x")");
  EXPECT_EQ(e.changes[0].new_value_json, "null");
  EXPECT_EQ(e.changes[1].old_value_json, "");  // absent
  EXPECT_EQ(e.changes[1].new_value_json, "[1,2]");
  // A change without a usable key is dropped from the list; the entry survives.
  auto bad = lenient<AuditLogEntry>(R"({"id":"1","changes":[{"key":5},{"key":"name"}]})");
  ASSERT_EQ(bad.value.changes.size(), 1u);
  EXPECT_EQ(bad.value.changes[0].key, "name");
  EXPECT_EQ(bad.paths(), "changes.0.key");
  EXPECT_EQ(error_path(from_json<AuditLogEntry>(R"({"id":"1","action_type":"kick"})")), "action_type");
}

TEST(DecodeInstance, WellKnownShapeB) {
  auto i = ok(from_json<InstanceInfo>(fixtures::kInstanceB));
  EXPECT_EQ(i.api_code_version, 1);
  EXPECT_EQ(i.endpoints.api_public, "https://api.fluxer.app");
  EXPECT_EQ(i.endpoints.gateway, "wss://gateway.fluxer.app");
  EXPECT_EQ(i.endpoints.static_cdn, "https://fluxerstatic.com");
  EXPECT_EQ(i.captcha.provider, "hcaptcha");
  EXPECT_EQ(i.features.presigned_attachment_uploads, true);
  EXPECT_FALSE(i.features.sms_mfa_enabled.has_value());
  EXPECT_EQ(i.push_public_vapid_key, "vapid");
}

TEST(DecodeInstance, InstanceShapeA) {
  auto i = ok(from_json<InstanceInfo>(fixtures::kInstanceA));
  EXPECT_EQ(i.endpoints.gateway, "ws://127.0.0.1:8088/gateway");      // kept byte for byte
  EXPECT_EQ(i.endpoints.static_cdn, "http://127.0.0.1:8088/static");  // from `cdn`
  EXPECT_EQ(i.features.sms_mfa_enabled, false);
  EXPECT_EQ(i.features.self_hosted, true);
  EXPECT_FALSE(i.features.emails_enabled.has_value());
  EXPECT_FALSE(i.push_public_vapid_key.has_value());
  auto no_endpoints = from_json<InstanceInfo>(R"({"api_code_version":1})");
  EXPECT_EQ(error_path(no_endpoints), "endpoints");
  auto bad_endpoint = from_json<InstanceInfo>(R"({"endpoints":{"gateway":1}})");
  EXPECT_EQ(error_path(bad_endpoint), "endpoints.gateway");
}

TEST(DecodeGatewayBot, GatewayBot) {
  auto g = ok(from_json<GatewayBotInfo>(fixtures::kGatewayBot));
  EXPECT_EQ(g.url, "wss://gateway.fluxer.app");
  EXPECT_EQ(g.shards, 1);
  EXPECT_EQ(g.session_start_limit.total, 1000);
  EXPECT_EQ(g.session_start_limit.remaining, 999);
  EXPECT_EQ(g.session_start_limit.reset_after, std::chrono::hours{4});
  EXPECT_EQ(g.session_start_limit.max_concurrency, 1);
  EXPECT_EQ(error_path(from_json<GatewayBotInfo>(R"({"shards":1})")), "url");
}

TEST(DecodeEmbed, RichAndVideo) {
  auto e = ok(from_json<Embed>(fixtures::kEmbedRich));
  EXPECT_EQ(e.type, "rich");
  EXPECT_EQ(e.title, "Build #42");
  EXPECT_EQ(e.timestamp, ts("2026-01-05T12:00:00Z"));
  EXPECT_EQ(e.color, 3066993u);
  ASSERT_TRUE(e.author.has_value());
  EXPECT_EQ(e.author->proxy_icon_url, "https://fluxerusercontent.com/external/x");
  ASSERT_TRUE(e.thumbnail.has_value());
  EXPECT_EQ(e.thumbnail->width, 64);
  ASSERT_TRUE(e.footer.has_value());
  EXPECT_FALSE(e.footer->icon_url.has_value());
  ASSERT_EQ(e.fields.size(), 2u);
  EXPECT_TRUE(e.fields[0].is_inline);
  EXPECT_FALSE(e.fields[1].is_inline);
  auto v = ok(from_json<Embed>(fixtures::kEmbedVideo));
  EXPECT_EQ(v.type, "video");
  ASSERT_TRUE(v.provider.has_value());
  EXPECT_EQ(v.provider->name, "Videos");
  ASSERT_TRUE(v.video.has_value());
  EXPECT_EQ(v.video->duration, std::chrono::duration<double>{12});
  EXPECT_EQ(v.nsfw, false);
}

TEST(DecodeAttachment, LiveAndDecayed) {
  auto a = ok(from_json<Attachment>(fixtures::kAttachment));
  EXPECT_EQ(a.filename, "log.txt");
  EXPECT_EQ(a.size, 2048u);
  EXPECT_TRUE(a.is_spoiler());
  EXPECT_TRUE(a.url.has_value());
  EXPECT_FALSE(a.is_expired(ts("2026-02-01T00:00:00Z")));
  EXPECT_TRUE(a.is_expired(ts("2026-02-05T12:00:00Z")));
  auto old = ok(from_json<Attachment>(fixtures::kAttachmentExpired));
  EXPECT_FALSE(old.url.has_value());
  EXPECT_FALSE(old.proxy_url.has_value());
  EXPECT_TRUE(old.expired);
  EXPECT_TRUE(old.is_expired(ts("2024-01-01T00:00:00Z")));
}

TEST(DecodeMessage, MessageCreateFixtureAsMessage) {
  auto m = ok(from_json<Message>(fixtures::kMessageCreate));
  EXPECT_EQ(m.id, 1400000000000003001_id);
  EXPECT_EQ(m.type, MessageType::Reply);
  EXPECT_EQ(m.author.username, "alice");
  ASSERT_TRUE(m.member.has_value());
  EXPECT_FALSE(m.member->user.has_value());
  EXPECT_EQ(m.timestamp, ts("2026-01-05T12:34:56.789Z"));
  EXPECT_FALSE(m.edited_timestamp.has_value());
  ASSERT_EQ(m.mentions.size(), 1u);
  EXPECT_TRUE(m.mentions[0].bot);
  ASSERT_EQ(m.reactions.size(), 1u);
  EXPECT_EQ(m.reactions[0].emoji.name, "👍");
  EXPECT_FALSE(m.reactions[0].emoji.id.has_value());
  EXPECT_EQ(m.reactions[0].count, 2);
  EXPECT_TRUE(m.reactions[0].me);
  EXPECT_TRUE(m.is_reply());
  EXPECT_TRUE(m.referenced_message.is_null());  // reply target deleted
  EXPECT_EQ(m.nonce, "1400000000000003000");
}

TEST(DecodeMessage, ReferencedMessageAbsentNullOrPresent) {
  auto absent = ok(from_json<Message>(fixtures::kMessageDmForward));
  EXPECT_TRUE(absent.referenced_message.is_absent());
  auto reply = ok(from_json<Message>(fixtures::kMessageUpdateReply));
  ASSERT_TRUE(reply.referenced_message.has_value());
  const Message& target = **reply.referenced_message;
  EXPECT_EQ(target.content, "original");
  EXPECT_TRUE(target.author.bot);
  EXPECT_TRUE(target.referenced_message.is_absent());
  // Message stays a copyable value: the copy is deep.
  Message copy = reply;
  EXPECT_EQ(copy, reply);
  (*copy.referenced_message)->content = "changed";
  EXPECT_EQ((*reply.referenced_message)->content, "original");
  EXPECT_NE(copy, reply);
}

TEST(DecodeMessage, ForwardSnapshotIntegerNonceAndStickerItems) {
  auto m = ok(from_json<Message>(fixtures::kMessageDmForward));
  ASSERT_TRUE(m.message_reference.has_value());
  EXPECT_EQ(m.message_reference->type, MessageReferenceType::Forward);
  EXPECT_FALSE(m.is_reply());
  ASSERT_EQ(m.message_snapshots.size(), 1u);
  EXPECT_EQ(m.message_snapshots[0].content, "original");
  EXPECT_EQ(m.message_snapshots[0].mentions, std::vector<Snowflake>{1400000000000000100_id});
  EXPECT_EQ(m.nonce, "123456789");
  ASSERT_EQ(m.stickers.size(), 1u);
  EXPECT_EQ(m.stickers[0].format_type, 1);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_FALSE(m.attachments[0].url.has_value());
  EXPECT_FALSE(m.call.has_value());
  auto reply = ok(from_json<Message>(fixtures::kMessageUpdateReply));
  ASSERT_EQ(reply.stickers.size(), 1u);
  EXPECT_EQ(reply.stickers[0].animated, true);
}

TEST(DecodeMessage, RequiredIdsAndPaths) {
  EXPECT_EQ(error_path(from_json<Message>(R"({"channel_id":"1"})")), "id");
  EXPECT_EQ(error_path(from_json<Message>(R"({"id":"1"})")), "channel_id");
  EXPECT_EQ(error_path(from_json<Message>(R"({"id":"1","channel_id":"2","author":{"id":[]}})")), "author.id");
  EXPECT_EQ(error_path(from_json<Message>(R"({"id":"1","channel_id":"2","guild_id":"x"})")), "guild_id");
  EXPECT_EQ(error_path(from_json<Message>(R"({"id":"1","channel_id":"2","author":"alice"})")), "author");
  // Everything else costs only itself, and says where.
  auto embeds = lenient<Message>(R"({"id":"1","channel_id":"2","embeds":[{},{"fields":[{"name":1}]}]})");
  ASSERT_EQ(embeds.value.embeds.size(), 2u);
  EXPECT_EQ(embeds.paths(), "embeds.1.fields.0.name");
  EXPECT_EQ(lenient<Message>(R"({"id":"1","channel_id":"2","timestamp":"yesterday"})").paths(), "timestamp");
  EXPECT_EQ(lenient<Message>(R"({"id":"1","channel_id":"2","nonce":{}})").paths(), "nonce");
  auto reply = lenient<Message>(
      R"({"id":"1","channel_id":"2","referenced_message":{"id":"3","channel_id":"2","author":{"id":false}}})");
  EXPECT_TRUE(reply.value.referenced_message.is_absent());
  EXPECT_EQ(reply.paths(), "referenced_message.author.id");
}

TEST(DecodeMessage, ReferencedMessageDepthIsBounded) {
  std::string json = R"({"id":"1","channel_id":"2"})";
  for (int i = 0; i < 10; ++i) json = R"({"id":"1","channel_id":"2","referenced_message":)" + json + "}";
  // The fifth level is dropped (with a warning); the four above it are kept.
  auto r = lenient<Message>(json);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "TOO_DEEP");
  EXPECT_EQ(r.warnings[0].path,
            "referenced_message.referenced_message.referenced_message.referenced_message."
            "referenced_message");
  const Message* m = &r.value;
  for (int level = 0; level < 4; ++level) {
    ASSERT_TRUE(m->referenced_message.has_value()) << level;
    m = m->referenced_message->get();
  }
  EXPECT_TRUE(m->referenced_message.is_absent());
}

TEST(DecodeMessage, NullMeansDefault) {
  auto m = ok(from_json<Message>(
      R"({"id":"1","channel_id":"2","content":null,"pinned":null,"mentions":null,"flags":null,"member":null})"));
  EXPECT_EQ(m.content, "");
  EXPECT_FALSE(m.pinned);
  EXPECT_TRUE(m.mentions.empty());
  EXPECT_EQ(m.flags, 0u);
  EXPECT_FALSE(m.member.has_value());
}

TEST(DecodeJson, InvalidAndTruncatedDocuments) {
  for (std::string_view bad : {"", "{", "nul", "{\"id\":\"1\"", "{\"id\":\"1\"}}", "[1,]", "{\"a\" 1}", "\xff"}) {
    auto r = from_json<User>(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::Decode);
    EXPECT_EQ(r.error().code, "INVALID_JSON");
    EXPECT_EQ(error_path(r), "");
  }
  // Nesting is limited (RapidJSON's parser is recursive); real payloads nest ~8 levels.
  const std::string deep = std::string(129, '[') + std::string(129, ']');
  auto too_deep = from_json<User>(deep);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error().code, "TOO_DEEP");
  const std::string ok_depth = std::string(128, '[') + std::string(128, ']');
  EXPECT_EQ(from_json<User>(ok_depth).error().code, "INVALID_TYPE");  // parsed, then not an object
  // A raw NUL byte is never valid JSON (the in-place parser would otherwise stop there).
  auto nul = from_json<User>(std::string_view("{\"id\":\"1\"}\0garbage", 18));
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.error().code, "INVALID_JSON");
  // Large documents leave the stack buffer for the heap transparently.
  std::string big = R"({"id":"1","username":")" + std::string(100000, 'u') + R"("})";
  EXPECT_EQ(from_json<User>(big).value().username.size(), 100000u);
  auto not_object = from_json<User>("[]");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.error().code, "INVALID_TYPE");
}

}  // namespace
