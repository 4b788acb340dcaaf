// Invites, webhooks, users and DMs over raw HTTP in both modes: invite creation/reuse/expiry
// and their MANAGE_CHANNELS-only events, webhook management, token routes, execution
// (`?wait=true`, webhook authors, [B] multipart and webhook messages), user lookups,
// profiles, guild lists and leaving, DMs ([A] user-only), unknown routes.

#include <gtest/gtest.h>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

class SocialTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Emu emu{rest_options(GetParam())};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  Api alice{*emu.server, emu.demo.human_token};
  Api anonymous{*emu.server, ""};
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  [[nodiscard]] std::string guild_path() const { return "/guilds/" + emu.demo.guild_id.str(); }
  [[nodiscard]] std::string general() const { return "/channels/" + emu.demo.general_channel_id.str(); }
  void give_bot_role(std::uint64_t permissions) {
    emu.server->with_world([&](World& w) {
      auto& role = w.add_role(emu.demo.guild_id, "bot-role", permissions);
      w.member(emu.demo.guild_id, emu.demo.bot_user_id)->roles.push_back(role.id);
    });
  }
  /// Creates a webhook in #general as the owner; returns (id, token).
  std::pair<std::string, std::string> make_webhook() {
    auto r = alice.post(general() + "/webhooks", R"({"name":"Hook"})");
    EXPECT_EQ(r.status, 200) << r.body;
    return {str(r.json()["id"]), str(r.json()["token"])};
  }
};

TEST_P(SocialTest, Invites) {
  Session owner, mine;
  ASSERT_TRUE(owner.open(*emu.server, emu.demo.human_token));
  ASSERT_TRUE(mine.open(*emu.server, emu.demo.bot_token, 1));
  auto created = bot.post(general() + "/invites", R"({"max_age":3600,"max_uses":5})");
  ASSERT_EQ(created.status, 200) << created.body;
  auto inv = created.json();
  const auto code = str(inv["code"]);
  EXPECT_EQ(code.size(), 8U);
  EXPECT_EQ(str(inv["guild"]["id"]), emu.demo.guild_id.str());
  EXPECT_EQ(str(inv["channel"]["id"]), emu.demo.general_channel_id.str());
  EXPECT_EQ(str(inv["inviter"]["id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(inv["max_uses"].GetInt(), 5);
  EXPECT_EQ(inv["max_age"].GetInt(), 3600);
  EXPECT_EQ(inv["uses"].GetInt(), 0);
  EXPECT_TRUE(inv["expires_at"].IsString());
  // INVITE_CREATE goes to MANAGE_CHANNELS holders only: the owner, not the bot.
  auto ev = owner.next("INVITE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["code"]), code);
  EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());
  EXPECT_TRUE(ev["d"].HasMember("uses"));
  ASSERT_EQ(bot.post(general() + "/typing", "").status, 204);
  auto names = names_until(mine.gw, "TYPING_START");
  EXPECT_EQ(std::count(names.begin(), names.end(), "INVITE_CREATE"), 0);

  // Without `unique` an identical invite is reused.
  EXPECT_EQ(str(bot.post(general() + "/invites", R"({"max_age":3600,"max_uses":5})").json()["code"]), code);
  EXPECT_NE(str(bot.post(general() + "/invites", R"({"max_age":3600,"max_uses":5,"unique":true})").json()["code"]),
            code);
  expect_error(bot.post(general() + "/invites", R"({"max_age":700000})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.post(general() + "/invites", R"({"max_uses":101})"), 400, "INVALID_FORM_BODY");

  // GET /invites/{code} needs no credentials and has no metadata.
  auto got = anonymous.get("/invites/" + code);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(str(got.json()["code"]), code);
  EXPECT_FALSE(got.json().HasMember("uses"));
  expect_error(anonymous.get("/invites/nope1234"), 404, "UNKNOWN_INVITE");

  expect_error(bot.get(general() + "/invites"), 403, "MISSING_PERMISSIONS");
  expect_error(bot.get(guild_path() + "/invites"), 403, "MISSING_PERMISSIONS");
  EXPECT_EQ(alice.get(general() + "/invites").json().Size(), 2U);
  EXPECT_EQ(alice.get(guild_path() + "/invites").json().Size(), 2U);

  expect_error(bot.del("/invites/" + code), 403, "MISSING_PERMISSIONS");
  ASSERT_EQ(alice.del("/invites/" + code).status, 204);
  auto deleted = owner.next("INVITE_DELETE");
  ASSERT_TRUE(deleted.IsObject());
  EXPECT_EQ(str(deleted["d"]["code"]), code);
  expect_error(anonymous.get("/invites/" + code), 404, "UNKNOWN_INVITE");
  expect_error(alice.del("/invites/" + code), 404, "UNKNOWN_INVITE");

  // A used-up invite is gone.
  auto single = str(bot.post(general() + "/invites", R"({"max_uses":1,"unique":true})").json()["code"]);
  emu.server->with_world([&](World& w) { w.invite(single)->uses = 1; });
  expect_error(anonymous.get("/invites/" + single), 404, "UNKNOWN_INVITE");
}

TEST_P(SocialTest, WebhookManagement) {
  expect_error(bot.post(general() + "/webhooks", R"({"name":"Hook"})"), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageWebhooks);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto created = bot.post(general() + "/webhooks", R"({"name":"Hook","avatar":"data:image/png;base64,iVBORw0KGgo="})");
  ASSERT_EQ(created.status, 200) << created.body;
  auto h = created.json();
  const auto id = str(h["id"]);
  const auto token = str(h["token"]);
  EXPECT_EQ(str(h["channel_id"]), emu.demo.general_channel_id.str());
  EXPECT_EQ(str(h["guild_id"]), emu.demo.guild_id.str());
  EXPECT_EQ(str(h["user"]["id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(h["avatar"].GetStringLength(), 32U);
  auto ev = s.next("WEBHOOKS_UPDATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(ev["d"].MemberCount(), 2U);  // {guild_id, channel_id}, no webhook data
  EXPECT_EQ(str(ev["d"]["channel_id"]), emu.demo.general_channel_id.str());
  expect_error(bot.post(general() + "/webhooks", R"({"name":""})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.post(general() + "/webhooks", R"({"name":"x","avatar":"nope"})"), 400, "INVALID_FORM_BODY");

  EXPECT_EQ(bot.get(general() + "/webhooks").json().Size(), 1U);
  EXPECT_EQ(bot.get(guild_path() + "/webhooks").json().Size(), 1U);
  auto by_id = bot.get("/webhooks/" + id);
  ASSERT_EQ(by_id.status, 200);
  EXPECT_TRUE(by_id.json().HasMember("user"));
  auto by_token = anonymous.get("/webhooks/" + id + "/" + token);
  ASSERT_EQ(by_token.status, 200) << by_token.body;
  EXPECT_FALSE(by_token.json().HasMember("user"));
  expect_error(anonymous.get("/webhooks/" + id + "/wrong-token"), 404, "UNKNOWN_WEBHOOK");
  expect_error(anonymous.get("/webhooks/" + id), 401, "UNAUTHORIZED");
  expect_error(bot.get("/webhooks/1"), 404, "UNKNOWN_WEBHOOK");

  auto renamed = anonymous.patch("/webhooks/" + id + "/" + token, R"({"name":"Renamed"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(str(renamed.json()["name"]), "Renamed");
  auto moved = bot.patch("/webhooks/" + id, R"({"channel_id":")" + emu.demo.commands_channel_id.str() + R"("})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(str(moved.json()["channel_id"]), emu.demo.commands_channel_id.str());
  ASSERT_EQ(anonymous.del("/webhooks/" + id + "/" + token).status, 204);
  expect_error(bot.get("/webhooks/" + id), 404, "UNKNOWN_WEBHOOK");
}

TEST_P(SocialTest, WebhookExecution) {
  auto [id, token] = make_webhook();
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const auto exec = "/webhooks/" + id + "/" + token;
  auto quiet = anonymous.post(exec, R"({"content":"hello from a hook","username":"Hooky"})");
  EXPECT_EQ(quiet.status, 204) << quiet.body;
  auto ev = s.next("MESSAGE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  const auto& author = ev["d"]["author"];
  EXPECT_EQ(str(author["id"]), id);  // webhook authors: {id: webhook id, username, "0000", bot}
  EXPECT_EQ(str(author["username"]), "Hooky");
  EXPECT_EQ(str(author["discriminator"]), "0000");
  EXPECT_TRUE(author["bot"].GetBool());
  EXPECT_EQ(str(ev["d"]["webhook_id"]), id);
  EXPECT_FALSE(ev["d"].HasMember("member"));

  auto waited = anonymous.post(exec + "?wait=true", R"({"content":"and wait"})");
  ASSERT_EQ(waited.status, 200) << waited.body;
  const auto message_id = str(waited.json()["id"]);
  EXPECT_EQ(str(waited.json()["author"]["username"]), "Hook");  // the webhook's own name
  expect_error(anonymous.post(exec, "{}"), 400, "CANNOT_SEND_EMPTY_MESSAGE");
  expect_error(anonymous.post("/webhooks/" + id + "/bad", R"({"content":"x"})"), 404, "UNKNOWN_WEBHOOK");

  // Multipart execution: [B] only.
  auto upload = anonymous.raw("POST", exec + "?wait=true",
                              multipart({{"payload_json", R"({"content":"file"})"}, {"files[0]", "x", "x.txt", ""}}),
                              multipart_type());
  if (b()) {
    ASSERT_EQ(upload.status, 200) << upload.body;
    EXPECT_EQ(upload.json()["attachments"].Size(), 1U);
  } else {
    expect_error(upload, 400, "INVALID_FORM_BODY");
  }

  // [B] webhook message routes.
  const auto msg = exec + "/messages/" + message_id;
  auto got = anonymous.get(msg);
  if (!b()) {
    EXPECT_EQ(got.status, 404);
    return;
  }
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(str(got.json()["content"]), "and wait");
  auto edited = anonymous.patch(msg, R"({"content":"edited by the hook"})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(str(edited.json()["content"]), "edited by the hook");
  EXPECT_TRUE(s.next("MESSAGE_UPDATE").IsObject());
  // A message the webhook did not send is unknown to it.
  auto other = emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "not the hook's");
  ASSERT_TRUE(other.ok());
  expect_error(anonymous.get(exec + "/messages/" + other->id.str()), 404, "UNKNOWN_MESSAGE");
  ASSERT_EQ(anonymous.del(msg).status, 204);
  EXPECT_TRUE(s.next("MESSAGE_DELETE").IsObject());
  expect_error(anonymous.get(msg), 404, "UNKNOWN_MESSAGE");
}

TEST_P(SocialTest, Users) {
  auto u = bot.get("/users/" + emu.demo.human_id.str());
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(str(u.json()["username"]), "alice");
  EXPECT_FALSE(u.json().HasMember("email"));  // partial user
  expect_error(bot.get("/users/1"), 404, "UNKNOWN_USER");
  expect_error(anonymous.get("/users/" + emu.demo.human_id.str()), 401, "UNAUTHORIZED");
  auto profile = bot.get("/users/" + emu.demo.human_id.str() + "/profile?guild_id=" + emu.demo.guild_id.str());
  ASSERT_EQ(profile.status, 200) << profile.body;
  EXPECT_EQ(str(profile.json()["user"]["id"]), emu.demo.human_id.str());
  EXPECT_TRUE(profile.json()["user_profile"].IsObject());
  EXPECT_EQ(str(profile.json()["guild_member"]["user"]["id"]), emu.demo.human_id.str());
  EXPECT_FALSE(bot.get("/users/" + emu.demo.human_id.str() + "/profile").json().HasMember("guild_member"));

  auto guilds = bot.get("/users/@me/guilds" + std::string(b() ? "?with_counts=true" : ""));
  ASSERT_EQ(guilds.status, 200) << guilds.body;
  const auto list = guilds.json();
  ASSERT_TRUE(list.IsArray());
  ASSERT_EQ(list.Size(), 2U);  // the demo guild and the demo's unavailable guild
  EXPECT_EQ(str(list[1]["id"]), emu.demo.unavailable_guild_id.str());
  const auto& g = list[0];
  EXPECT_EQ(str(g["id"]), emu.demo.guild_id.str());
  EXPECT_EQ(str(g["permissions"]), std::to_string(permission::kDefaultEveryone));
  EXPECT_EQ(g.HasMember("member_count"), b());

  // Leaving: the owner cannot; the bot can, and its sessions get GUILD_DELETE.
  expect_error(alice.del("/users/@me/guilds/" + emu.demo.guild_id.str()), 400, "INVALID_FORM_BODY");
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_EQ(bot.del("/users/@me/guilds/" + emu.demo.guild_id.str()).status, 204);
  auto left = s.next("GUILD_DELETE");
  ASSERT_TRUE(left.IsObject());
  EXPECT_EQ(str(left["d"]["id"]), emu.demo.guild_id.str());
  const auto remaining = bot.get("/users/@me/guilds").json();
  ASSERT_EQ(remaining.Size(), 1U);
  EXPECT_EQ(str(remaining[0]["id"]), emu.demo.unavailable_guild_id.str());
  expect_error(bot.del("/users/@me/guilds/" + emu.demo.guild_id.str()), 404, "UNKNOWN_GUILD");
}

TEST_P(SocialTest, DirectMessages) {
  auto open = bot.post("/users/@me/channels", R"({"recipient_id":")" + emu.demo.human_id.str() + R"("})");
  if (!b()) {  // [A]: user-only
    expect_error(open, 403, "ACCESS_DENIED");
    expect_error(bot.get("/users/@me/channels"), 403, "ACCESS_DENIED");
    auto as_user = alice.post("/users/@me/channels", R"({"recipient_id":")" + emu.demo.bot_user_id.str() + R"("})");
    ASSERT_EQ(as_user.status, 200) << as_user.body;
    EXPECT_EQ(as_user.json()["type"].GetInt(), 1);
    return;
  }
  ASSERT_EQ(open.status, 200) << open.body;
  auto dm = open.json();
  EXPECT_EQ(dm["type"].GetInt(), 1);
  ASSERT_EQ(dm["recipients"].Size(), 1U);  // excluding the caller
  EXPECT_EQ(str(dm["recipients"][0]["id"]), emu.demo.human_id.str());
  auto again = bot.post("/users/@me/channels", R"({"recipient_id":")" + emu.demo.human_id.str() + R"("})");
  EXPECT_EQ(str(again.json()["id"]), str(dm["id"]));
  ASSERT_EQ(bot.get("/users/@me/channels").json().Size(), 1U);
  // The bot may message the DM now.
  EXPECT_EQ(bot.post("/channels/" + str(dm["id"]) + "/messages", R"({"content":"hi"})").status, 200);
  // Bots need a shared guild.
  Snowflake stranger;
  emu.server->with_world([&](World& w) { stranger = w.add_user("stranger").id; });
  expect_error(bot.post("/users/@me/channels", R"({"recipient_id":")" + stranger.str() + R"("})"), 400,
               "CANNOT_SEND_MESSAGES_TO_USER");
  expect_error(bot.post("/users/@me/channels", R"({"recipient_id":"1"})"), 404, "UNKNOWN_USER");
  expect_error(bot.post("/users/@me/channels", "{}"), 400, "INVALID_FORM_BODY");
  auto group = bot.post("/users/@me/channels", R"({"recipients":[")" + emu.demo.human_id.str() + R"("]})");
  ASSERT_EQ(group.status, 200) << group.body;
  EXPECT_EQ(group.json()["type"].GetInt(), 3);
  EXPECT_EQ(str(group.json()["owner_id"]), emu.demo.bot_user_id.str());
}

TEST_P(SocialTest, DmCreationAnnouncesTheChannelToItsCreator) {
  if (!b()) GTEST_SKIP() << "bots cannot open DMs in [A]";
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto open = bot.post("/users/@me/channels", R"({"recipient_id":")" + emu.demo.human_id.str() + R"("})");
  ASSERT_EQ(open.status, 200);
  auto ev = s.next("CHANNEL_CREATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["id"]), str(open.json()["id"]));
  EXPECT_EQ(ev["d"]["type"].GetInt(), 1);
}

TEST_P(SocialTest, UnknownRoutesAndUserOnlyAnswers) {
  auto r = bot.get("/channels/" + emu.demo.general_channel_id.str() + "/nothing-here");
  expect_error(r, 404, b() ? "NOT_FOUND" : "GENERAL_ERROR");
  expect_error(bot.post("/guilds/" + emu.demo.guild_id.str() + "/members", "{}"), 404,
               b() ? "NOT_FOUND" : "GENERAL_ERROR");
  expect_error(anonymous.get("/guilds/" + emu.demo.guild_id.str()), 401, "UNAUTHORIZED");
}

TEST_P(SocialTest, UserOnlyRoutes) {
  const std::string code = str(alice.post(general() + "/invites", R"({"max_uses":2})").json()["code"]);
  // Bots: 403 ACCESS_DENIED on user-only routes.
  expect_error(bot.post("/invites/" + code, "{}"), 403, "ACCESS_DENIED");
  expect_error(bot.patch("/users/@me", R"({"username":"x"})"), 403, "ACCESS_DENIED");
  expect_error(bot.get("/users/@me/settings"), 403, "ACCESS_DENIED");
  expect_error(bot.get("/users/@me/relationships"), 403, "ACCESS_DENIED");
  expect_error(bot.del(general() + "/messages/ack"), 403, "ACCESS_DENIED");
  // Users: features the emulator does not have say so.
  expect_error(alice.get("/users/@me/settings"), 501, "NOT_IMPLEMENTED");

  // Accepting an invite as a human joins the guild (GUILD_MEMBER_ADD to the guild).
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  Snowflake bob_id;
  std::string bob_token;
  emu.server->with_world([&](World& w) {
    auto& bob = w.add_user("bob");
    bob_id = bob.id;
    bob_token = w.user_token(bob.id);
  });
  Api bob{*emu.server, bob_token};
  auto joined = bob.post("/invites/" + code, "{}");
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(str(joined.json()["code"]), code);
  auto ev = s.next("GUILD_MEMBER_ADD");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["user"]["id"]), bob_id.str());
  EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());
  EXPECT_EQ(bob.get("/users/@me/guilds").json().Size(), 1U);
  EXPECT_EQ(bob.post("/invites/" + code, "{}").status, 200);  // already a member: no second use
  // A banned user cannot join; the second use exhausts the invite.
  Snowflake carol_id;
  std::string carol_token, dave_token;
  emu.server->with_world([&](World& w) {
    auto& carol = w.add_user("carol");
    carol_id = carol.id;
    carol_token = w.user_token(carol.id);
    dave_token = w.user_token(w.add_user("dave").id);
    w.add_ban(emu.demo.guild_id, carol.id, emu.demo.human_id);
  });
  expect_error(Api(*emu.server, carol_token).post("/invites/" + code, "{}"), 403, "USER_BANNED_FROM_GUILD");
  EXPECT_EQ(Api(*emu.server, dave_token).post("/invites/" + code, "{}").status, 200);
  expect_error(anonymous.get("/invites/" + code), 404, "UNKNOWN_INVITE");
}

INSTANTIATE_TEST_SUITE_P(Modes, SocialTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
