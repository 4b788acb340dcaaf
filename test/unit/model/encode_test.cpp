// Encoders: REST bodies and gateway commands produce the documented JSON, refuse what the
// server would refuse, and round-trip with the decoders where the SDK also decodes.

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>

#include "fixtures.hpp"
#include "model/json.hpp"
#include "test_util.hpp"

namespace {

using namespace fluxer;
using namespace fluxer::literals;
using model_test::error_path;
using model_test::ok;
using model_test::ts;

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  EXPECT_FALSE(d.HasParseError()) << json;
  return d;
}

// ------------------------------------------------------------------ round trips

TEST(RoundTrip, EmbedEncodesWhatItDecodes) {
  Embed e;
  e.title = "Build #42";
  e.description = "All green \"quoted\" \\ and\nnewline ✓";
  e.url = "https://ci.example/42";
  e.timestamp = ts("2026-01-05T12:00:00.123Z");
  e.color = 0x2ecc71;
  e.author = EmbedAuthor{"CI", "https://ci.example", std::nullopt, std::nullopt};
  e.footer = EmbedFooter{"footer", "https://ci.example/f.png", std::nullopt};
  EmbedMedia img;
  img.url = "attachment://graph.png";
  img.description = "graph";
  e.image = img;
  EmbedMedia thumb;
  thumb.url = "https://ci.example/t.png";
  e.thumbnail = thumb;
  e.fields = {{"Tests", "1234 passed", true}, {"Time", "3m", false}};
  const std::string json = to_json(e);
  auto back = ok(from_json<Embed>(json));
  EXPECT_EQ(back, e);
  // Sent embeds carry no type and no server-only fields.
  auto doc = parse(json);
  EXPECT_FALSE(doc.HasMember("type"));
  EXPECT_STREQ(doc["timestamp"].GetString(), "2026-01-05T12:00:00.123Z");
}

TEST(RoundTrip, ReceivedEmbedReencodesItsSendableFields) {
  auto received = ok(from_json<Embed>(fixtures::kEmbedRich));
  auto again = ok(from_json<Embed>(to_json(received)));
  EXPECT_EQ(again.title, received.title);
  EXPECT_EQ(again.fields, received.fields);
  EXPECT_EQ(again.timestamp, received.timestamp);
  ASSERT_TRUE(again.author.has_value());
  EXPECT_FALSE(again.author->proxy_icon_url.has_value());  // server-only, not sent
  ASSERT_TRUE(again.thumbnail.has_value());
  EXPECT_FALSE(again.thumbnail->width.has_value());
}

TEST(RoundTrip, PermissionOverwrite) {
  PermissionOverwrite ow{1400000000000000501_id, OverwriteType::Member,
                         Permission::VIEW_CHANNEL_MEMBERS | Permission::PIN_MESSAGES, Permission::SEND_MESSAGES};
  const std::string json = to_json(ow);
  EXPECT_EQ(json, R"({"id":"1400000000000000501","type":1,"allow":"20266198323167232","deny":"2048"})");
  EXPECT_EQ(ok(from_json<PermissionOverwrite>(json)), ow);
}

TEST(RoundTrip, ChannelOverwritesFromFixture) {
  auto ch = ok(from_json<Channel>(fixtures::kChannelText));
  CreateChannel body;
  body.name = "copy";
  body.permission_overwrites = ch.permission_overwrites;
  auto doc = parse(ok(to_json(body)));
  std::vector<PermissionOverwrite> back;
  for (const auto& v : doc["permission_overwrites"].GetArray())
    back.push_back(ok(from_json<PermissionOverwrite>(mjson::to_text(v))));
  EXPECT_EQ(back, ch.permission_overwrites);
}

TEST(RoundTrip, TimestampsAndSnowflakesInBodies) {
  const Timestamp until = ts("2026-01-07T00:00:00.000001Z");
  auto doc = parse(ok(to_json(ModifyMember::timeout(until))));
  EXPECT_EQ(model_test::ts(doc["communication_disabled_until"].GetString()), until);
}

// ------------------------------------------------------------------ message bodies

TEST(EncodeMessage, MinimalAndFull) {
  EXPECT_EQ(ok(to_json(CreateMessage{.content = "pong"})), R"({"content":"pong"})");

  CreateMessage m;
  m.content = "hi <@1>";
  m.embeds.push_back(Embed{.title = "t"});
  m.allowed_mentions = AllowedMentions{{MentionType::Users}, {}, {}, false};
  m.message_reference = MessageReference{5_id, {}, std::nullopt, MessageReferenceType::Default};
  m.nonce = "abc";
  m.flags = message_flags::SUPPRESS_NOTIFICATIONS;
  m.sticker_ids = {9_id};
  m.tts = false;
  m.files.push_back(FileUpload{"a.png", "PNGDATA", "image/png", "alt", true});
  m.files.push_back(FileUpload{"b.txt", "text", "", std::nullopt, false});
  EXPECT_EQ(ok(to_json(m)),
            R"({"content":"hi <@1>","embeds":[{"title":"t"}],"allowed_mentions":{"parse":["users"],)"
            R"("replied_user":false},"message_reference":{"message_id":"5","type":0},"nonce":"abc","flags":4096,)"
            R"("sticker_ids":["9"],"tts":false,"attachments":[{"id":0,"filename":"a.png","description":"alt",)"
            R"("flags":8},{"id":1,"filename":"b.txt"}]})");
}

TEST(EncodeMessage, ExplicitAttachmentsThenFiles) {
  CreateMessage m;
  m.attachments.push_back(AttachmentMetadata{5, "kept.png", std::nullopt, std::nullopt, std::nullopt});
  m.attachments.push_back(AttachmentMetadata{1400000000000002001ull, "existing.txt", "t", std::nullopt, 0});
  m.files.push_back(FileUpload{"new.png", "x", "", std::nullopt, false});
  auto doc = parse(ok(to_json(m)));
  const auto& a = doc["attachments"];
  ASSERT_EQ(a.Size(), 3u);
  EXPECT_EQ(a[0]["id"].GetInt(), 5);
  EXPECT_STREQ(a[1]["id"].GetString(), "1400000000000002001");  // too big for a JSON number
  EXPECT_EQ(a[2]["id"].GetInt(), 0);
  EXPECT_STREQ(a[2]["filename"].GetString(), "new.png");
  // A file index colliding with an explicit id is refused.
  m.attachments[0].id = 0;
  EXPECT_EQ(error_path(to_json(m)), "files.0");
}

TEST(EncodeMessage, AllowedMentionsForms) {
  EXPECT_EQ(to_json(AllowedMentions{}), "{}");  // nothing may ping
  EXPECT_EQ(to_json(AllowedMentions{{}, {1_id, 2_id}, {3_id}, std::nullopt}), R"({"users":["1","2"],"roles":["3"]})");
  CreateMessage m{.content = "x"};
  m.allowed_mentions = AllowedMentions{{MentionType::Users}, {1_id}, {}, std::nullopt};
  EXPECT_EQ(error_path(to_json(m)), "allowed_mentions.users");
  m.allowed_mentions = AllowedMentions{{}, std::vector<Snowflake>(101, 1_id), {}, std::nullopt};
  EXPECT_EQ(error_path(to_json(m)), "allowed_mentions.users");
}

TEST(EncodeMessage, RefusesWhatNoServerAccepts) {
  EXPECT_EQ(to_json(CreateMessage{}).error().code, "CANNOT_SEND_EMPTY_MESSAGE");
  EXPECT_EQ(error_path(to_json(CreateMessage{.content = ""})), "content");
  CreateMessage m{.content = "x"};
  m.embeds.resize(11);
  EXPECT_EQ(error_path(to_json(m)), "embeds");
  m.embeds.resize(2);
  m.embeds[1].title = std::string(257, 'a');
  EXPECT_EQ(error_path(to_json(m)), "embeds.1.title");
  m.embeds.clear();
  m.nonce = std::string(33, 'n');
  EXPECT_EQ(error_path(to_json(m)), "nonce");
  m.nonce = "";
  EXPECT_EQ(error_path(to_json(m)), "nonce");
  m.nonce.reset();
  m.sticker_ids = {1_id, 2_id, 3_id, 4_id};
  EXPECT_EQ(error_path(to_json(m)), "sticker_ids");
  m.sticker_ids.clear();
  m.files.resize(11, FileUpload{"f", "", "", std::nullopt, false});
  EXPECT_EQ(error_path(to_json(m)), "files");
  m.files.assign(1, FileUpload{"", "", "", std::nullopt, false});
  EXPECT_EQ(error_path(to_json(m)), "files.0.filename");
  // Content length is the caller's policy (2000 vs 4000): to_json does not check it.
  EXPECT_TRUE(to_json(CreateMessage{.content = std::string(5000, 'x')}).ok());
}

TEST(EncodeMessage, Forward) {
  CreateMessage m;
  m.message_reference = MessageReference{5_id, 6_id, 7_id, MessageReferenceType::Forward};
  EXPECT_EQ(ok(to_json(m)), R"({"message_reference":{"message_id":"5","channel_id":"6","guild_id":"7","type":1}})");
  m.content = "no";
  EXPECT_EQ(error_path(to_json(m)), "message_reference");
  m.content.reset();
  m.message_reference->channel_id = {};
  EXPECT_EQ(error_path(to_json(m)), "message_reference.channel_id");
}

TEST(EncodeMessage, EditKeepsAbsentAndClearsNull) {
  EXPECT_EQ(ok(to_json(EditMessage{})), "{}");
  EditMessage e;
  e.content = nullptr;
  e.embeds = std::vector<Embed>{};
  e.attachments = std::vector<AttachmentMetadata>{};
  EXPECT_EQ(ok(to_json(e)), R"({"content":null,"embeds":[],"attachments":[]})");
  e.content = "new";
  e.embeds.reset();
  e.attachments.reset();
  e.flags = message_flags::SUPPRESS_EMBEDS;
  EXPECT_EQ(ok(to_json(e)), R"({"content":"new","flags":4})");
  e.files.push_back(FileUpload{"x.txt", "x", "", std::nullopt, false});
  EXPECT_EQ(ok(to_json(e)), R"({"content":"new","flags":4,"attachments":[{"id":0,"filename":"x.txt"}]})");
}

TEST(EncodeMessage, ExecuteWebhookAndBulkDelete) {
  ExecuteWebhook w;
  w.message.content = "deploy done";
  w.username = "CI";
  w.avatar_url = "https://ci.example/a.png";
  EXPECT_EQ(ok(to_json(w)), R"({"content":"deploy done","username":"CI","avatar_url":"https://ci.example/a.png"})");
  w.username = "";
  EXPECT_EQ(error_path(to_json(w)), "username");
  EXPECT_EQ(ok(to_json(BulkDeleteMessages{{1_id, 2_id}})), R"({"message_ids":["1","2"]})");
  EXPECT_EQ(error_path(to_json(BulkDeleteMessages{})), "message_ids");
  EXPECT_EQ(error_path(to_json(BulkDeleteMessages{std::vector<Snowflake>(101, 1_id)})), "message_ids");
}

// ------------------------------------------------------------------ channel bodies

TEST(EncodeChannel, CreateAndModify) {
  CreateChannel c{.name = "voice", .type = ChannelType::GuildVoice, .bitrate = 64000, .user_limit = 10};
  EXPECT_EQ(ok(to_json(c)), R"({"name":"voice","type":2,"bitrate":64000,"user_limit":10})");
  c.bitrate = 1000;
  EXPECT_EQ(error_path(to_json(c)), "bitrate");
  c.bitrate.reset();
  c.type = ChannelType::Dm;
  EXPECT_EQ(error_path(to_json(c)), "type");
  EXPECT_EQ(error_path(to_json(CreateChannel{.name = ""})), "name");

  ModifyChannel m;
  m.parent_id = nullptr;  // move out of the category
  m.topic = "new topic";
  m.rate_limit_per_user = std::chrono::seconds{30};
  m.rtc_region = nullptr;
  EXPECT_EQ(ok(to_json(m)), R"({"topic":"new topic","parent_id":null,"rate_limit_per_user":30,"rtc_region":null})");
  m.rate_limit_per_user = std::chrono::seconds{21601};
  EXPECT_EQ(error_path(to_json(m)), "rate_limit_per_user");
  EXPECT_EQ(ok(to_json(ModifyChannel{})), "{}");
}

TEST(EncodeChannel, OverwriteInviteWebhookDm) {
  EXPECT_EQ(ok(to_json(EditChannelPermissions{OverwriteType::Member, Permissions{Permission::VIEW_CHANNEL},
                                              std::nullopt})),
            R"({"type":1,"allow":"1024"})");
  EXPECT_EQ(error_path(to_json(EditChannelPermissions{static_cast<OverwriteType>(7), {}, {}})), "type");
  EXPECT_EQ(ok(to_json(CreateInvite{std::chrono::hours{24}, 5, false, true})),
            R"({"max_age":86400,"max_uses":5,"temporary":false,"unique":true})");
  EXPECT_EQ(error_path(to_json(CreateInvite{std::chrono::seconds{604801}, {}, {}, {}})), "max_age");
  EXPECT_EQ(error_path(to_json(CreateInvite{{}, 101, {}, {}})), "max_uses");
  EXPECT_EQ(ok(to_json(CreateWebhook{"CI", std::nullopt})), R"({"name":"CI"})");
  EXPECT_EQ(error_path(to_json(CreateWebhook{std::string(81, 'w'), std::nullopt})), "name");
  ModifyWebhook mw;
  mw.avatar = nullptr;
  mw.channel_id = 5_id;
  EXPECT_EQ(ok(to_json(mw)), R"({"avatar":null,"channel_id":"5"})");
  EXPECT_EQ(ok(to_json(CreateDm{7_id})), R"({"recipient_id":"7"})");
  EXPECT_EQ(error_path(to_json(CreateDm{})), "recipient_id");
}

// ------------------------------------------------------------------ guild bodies

TEST(EncodeGuild, ModifyGuild) {
  ModifyGuild g;
  g.name = "New name";
  g.icon = nullptr;
  g.afk_timeout = std::chrono::minutes{5};
  g.system_channel_id = 10_id;
  EXPECT_EQ(ok(to_json(g)), R"({"name":"New name","icon":null,"system_channel_id":"10","afk_timeout":300})");
  g.afk_timeout = std::chrono::seconds{59};
  EXPECT_EQ(error_path(to_json(g)), "afk_timeout");
  g.afk_timeout.reset();
  g.verification_level = 5;
  EXPECT_EQ(error_path(to_json(g)), "verification_level");
}

TEST(EncodeGuild, ModifyMemberNickResetAndTimeouts) {
  ModifyMember reset;
  reset.nick = nullptr;
  EXPECT_EQ(ok(to_json(reset)), R"({"nick":null})");
  EXPECT_EQ(ok(to_json(ModifyMember::clear_timeout())), R"({"communication_disabled_until":null})");
  ModifyMember timeout = ModifyMember::timeout(ts("2026-01-07T00:00:00Z"));
  timeout.timeout_reason = "spam";
  EXPECT_EQ(ok(to_json(timeout)),
            R"({"communication_disabled_until":"2026-01-07T00:00:00.000Z","timeout_reason":"spam"})");
  ModifyMember m;
  m.nick = "Bobby";
  m.roles = std::vector<Snowflake>{1_id, 2_id};
  m.mute = true;
  m.channel_id = nullptr;  // disconnect from voice
  m.connection_id = "conn-1";
  EXPECT_EQ(ok(to_json(m)),
            R"({"nick":"Bobby","roles":["1","2"],"mute":true,"channel_id":null,"connection_id":"conn-1"})");
  m.nick = std::string(33, 'n');
  EXPECT_EQ(error_path(to_json(m)), "nick");
  m.nick = "";
  EXPECT_EQ(error_path(to_json(m)), "nick");
  m.nick.reset();
  m.roles = std::vector<Snowflake>(251, 1_id);
  EXPECT_EQ(error_path(to_json(m)), "roles");
}

TEST(EncodeGuild, Roles) {
  CreateRole c{.name = "Mods", .color = 0x3498db, .permissions = Permission::KICK_MEMBERS | Permission::BAN_MEMBERS};
  EXPECT_EQ(ok(to_json(c)), R"({"name":"Mods","color":3447003,"permissions":"6"})");
  c.color = 0x1000000;
  EXPECT_EQ(error_path(to_json(c)), "color");
  EXPECT_EQ(error_path(to_json(CreateRole{.name = std::string(101, 'r')})), "name");
  ModifyRole m;
  m.hoist_position = nullptr;
  m.mentionable = true;
  m.permissions = Permissions{Permission::VIEW_CHANNEL_MEMBERS};
  EXPECT_EQ(ok(to_json(m)), R"({"permissions":"18014398509481984","hoist_position":null,"mentionable":true})");
}

TEST(EncodeGuild, BansWithDuration) {
  CreateBan b{.delete_message_days = 1, .reason = "spam", .ban_duration = std::chrono::hours{24}};
  EXPECT_EQ(ok(to_json(b)), R"({"delete_message_days":1,"reason":"spam","ban_duration_seconds":86400})");
  for (auto d : kAllowedBanDurations) EXPECT_TRUE(to_json(CreateBan{.ban_duration = d}).ok());
  EXPECT_TRUE(to_json(CreateBan{.ban_duration = std::chrono::seconds{0}}).ok());  // permanent
  EXPECT_EQ(error_path(to_json(CreateBan{.ban_duration = std::chrono::hours{2}})), "ban_duration_seconds");
  EXPECT_EQ(error_path(to_json(CreateBan{.delete_message_days = 8})), "delete_message_days");
  EXPECT_EQ(error_path(to_json(CreateBan{.reason = std::string(513, 'r')})), "reason");
  EXPECT_EQ(ok(to_json(CreateBan{})), "{}");
}

TEST(EncodeGuild, Emojis) {
  EXPECT_EQ(ok(to_json(CreateEmoji{"party_blob", "data:image/png;base64,AAAA"})),
            R"({"name":"party_blob","image":"data:image/png;base64,AAAA"})");
  EXPECT_EQ(error_path(to_json(CreateEmoji{"a", "data:image/png;base64,AAAA"})), "name");
  EXPECT_EQ(error_path(to_json(CreateEmoji{"bad-name", "data:image/png;base64,AAAA"})), "name");
  EXPECT_EQ(error_path(to_json(CreateEmoji{"ok_name", "https://x/y.png"})), "image");
  EXPECT_EQ(ok(to_json(ModifyEmoji{"renamed"})), R"({"name":"renamed"})");
}

// ------------------------------------------------------------------ gateway commands

TEST(EncodeGateway, Identify) {
  Identify id;
  id.token = "1400000000000000099.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
  id.properties = {"linux", "fluxer-cpp", "fluxer-cpp"};
  id.ignored_events = {"typing_start", "MESSAGE_REACTION_ADD"};
  id.flags = identify_flags::DEBOUNCE_MESSAGE_REACTIONS;
  id.shard = std::pair{0, 2};
  UpdatePresence p;
  p.status = PresenceStatus::Idle;
  p.custom_status = CustomStatus{.text = "hello", .emoji_name = "👋"};
  id.presence = p;
  EXPECT_EQ(ok(to_json(id)),
            R"({"op":2,"d":{"token":"1400000000000000099.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",)"
            R"("properties":{"os":"linux","browser":"fluxer-cpp","device":"fluxer-cpp"},)"
            R"("presence":{"status":"idle","afk":false,"mobile":false,"custom_status":{"text":"hello",)"
            R"("emoji_name":"👋"}},"ignored_events":["TYPING_START","MESSAGE_REACTION_ADD"],"flags":2,)"
            R"("shard":[0,2]}})");
  Identify minimal;
  minimal.token = "1.secret";
  EXPECT_EQ(ok(to_json(minimal)), std::string(R"({"op":2,"d":{"token":"1.secret","properties":{"os":")") +
                                      kDefaultIdentifyOs + R"(","browser":"fluxer-cpp","device":"fluxer-cpp"}}})");
}

TEST(EncodeGateway, IdentifyRefusals) {
  Identify id;
  EXPECT_EQ(error_path(to_json(id)), "token");
  id.token = "Bot 1.secret";
  auto r = to_json(id);
  EXPECT_EQ(error_path(r), "token");
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
  id.token = "bot 1.secret";
  EXPECT_EQ(error_path(to_json(id)), "token");
  id.token = "1.secret";
  id.shard = std::pair{2, 2};
  EXPECT_EQ(error_path(to_json(id)), "shard");
  id.shard = std::pair{0, 16385};
  EXPECT_EQ(error_path(to_json(id)), "shard");
  id.shard.reset();
  id.ignored_events.assign(257, "TYPING_START");
  EXPECT_EQ(error_path(to_json(id)), "ignored_events");
  id.ignored_events.clear();
  id.presence = UpdatePresence{.status = PresenceStatus::Unknown};
  EXPECT_EQ(error_path(to_json(id)), "presence.status");
}

TEST(EncodeGateway, ResumeHeartbeat) {
  EXPECT_EQ(ok(to_json(Resume{"1.secret", "abc", 42})),
            R"({"op":6,"d":{"token":"1.secret","session_id":"abc","seq":42}})");
  EXPECT_EQ(error_path(to_json(Resume{"1.secret", "", 1})), "session_id");
  EXPECT_EQ(error_path(to_json(Resume{"Bot 1.secret", "abc", 1})), "token");
  EXPECT_EQ(error_path(to_json(Resume{"1.secret", "abc", -1})), "seq");
  EXPECT_EQ(to_json(Heartbeat{}), R"({"op":1,"d":null})");
  EXPECT_EQ(to_json(Heartbeat{251}), R"({"op":1,"d":251})");
}

TEST(EncodeGateway, PresenceUpdate) {
  EXPECT_EQ(ok(to_json(UpdatePresence{})), R"({"op":3,"d":{"status":"online","afk":false,"mobile":false}})");
  UpdatePresence clear{.status = PresenceStatus::Dnd, .afk = true, .custom_status = nullptr};
  EXPECT_EQ(ok(to_json(clear)), R"({"op":3,"d":{"status":"dnd","afk":true,"mobile":false,"custom_status":null}})");
  UpdatePresence full;
  full.status = PresenceStatus::Invisible;
  full.custom_status =
      CustomStatus{.text = "away", .expires_at = ts("2026-02-01T00:00:00Z"), .emoji_id = 5_id, .emoji_name = "blob"};
  EXPECT_EQ(ok(to_json(full)),
            R"({"op":3,"d":{"status":"invisible","afk":false,"mobile":false,"custom_status":{"text":"away",)"
            R"("expires_at":"2026-02-01T00:00:00.000Z","emoji_id":"5","emoji_name":"blob"}}})");
  EXPECT_EQ(error_path(to_json(UpdatePresence{.status = PresenceStatus::Unknown})), "status");
  // What we send decodes as the presence object the server reports.
  auto doc = parse(ok(to_json(full)));
  auto cs = ok(from_json<Presence>(R"({"user":{"id":"1"},"custom_status":)" +
                                   mjson::to_text(doc["d"]["custom_status"]) + "}"));
  EXPECT_EQ(cs.custom_status->emoji_id, 5_id);
  EXPECT_EQ(cs.custom_status->expires_at, full.custom_status->expires_at);
}

TEST(EncodeGateway, VoiceState) {
  UpdateVoiceState join{.guild_id = 1_id, .channel_id = 2_id, .self_deaf = true};
  EXPECT_EQ(ok(to_json(join)),
            R"({"op":4,"d":{"guild_id":"1","channel_id":"2","self_mute":false,"self_deaf":true,)"
            R"("self_video":false,"self_stream":false}})");
  UpdateVoiceState leave{.guild_id = 1_id, .connection_id = "conn-1"};
  EXPECT_EQ(ok(to_json(leave)),
            R"({"op":4,"d":{"guild_id":"1","channel_id":null,"connection_id":"conn-1","self_mute":false,)"
            R"("self_deaf":false,"self_video":false,"self_stream":false}})");
  UpdateVoiceState dm_call{.channel_id = 3_id};
  auto doc = parse(ok(to_json(dm_call)));
  EXPECT_TRUE(doc["d"]["guild_id"].IsNull());
}

TEST(EncodeGateway, RequestGuildMembers) {
  EXPECT_EQ(ok(to_json(RequestGuildMembers{.guild_id = 1_id})),
            R"({"op":8,"d":{"guild_id":"1","query":"","limit":0,"presences":false}})");
  RequestGuildMembers by_id{.guild_id = 1_id, .user_ids = {2_id, 3_id}, .presences = true, .nonce = "n1"};
  EXPECT_EQ(ok(to_json(by_id)), R"({"op":8,"d":{"guild_id":"1","user_ids":["2","3"],"presences":true,"nonce":"n1"}})");
  by_id.user_ids.assign(101, 2_id);
  EXPECT_EQ(error_path(to_json(by_id)), "user_ids");
  by_id.user_ids.clear();
  by_id.nonce = std::string(33, 'n');
  EXPECT_EQ(error_path(to_json(by_id)), "nonce");
  EXPECT_EQ(error_path(to_json(RequestGuildMembers{})), "guild_id");
}

TEST(EncodeGateway, LazyRequestAndGuildCounts) {
  LazyRequest lazy;
  lazy.subscriptions.push_back(
      GuildSubscription{.guild_id = 1_id, .typing = true, .member_list_channels = {{10_id, {{0, 99}}}}, .members = {2_id}});
  EXPECT_EQ(ok(to_json(lazy)),
            R"({"op":14,"d":{"subscriptions":{"1":{"typing":true,"member_list_channels":{"10":[[0,99]]},)"
            R"("members":["2"]}}}})");
  lazy.subscriptions.push_back(GuildSubscription{.guild_id = 1_id});
  EXPECT_EQ(error_path(to_json(lazy)), "subscriptions.1.guild_id");
  lazy.subscriptions.pop_back();
  lazy.subscriptions[0].member_list_channels[0].second = {{5, 2}};
  EXPECT_EQ(error_path(to_json(lazy)), "subscriptions.0.member_list_channels.0");
  EXPECT_EQ(ok(to_json(RequestGuildCounts{{1_id, 2_id}, "n"})), R"({"op":15,"d":{"guild_ids":["1","2"],"nonce":"n"}})");
  EXPECT_EQ(error_path(to_json(RequestGuildCounts{})), "guild_ids");
}

}  // namespace
