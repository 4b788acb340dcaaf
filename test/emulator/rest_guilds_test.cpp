// Guild-side routes over raw HTTP in both modes: channels (GET/PATCH/DELETE, overwrites with
// per-viewer visibility events, create, positions), guild GET/PATCH/delete, members (paging
// per mode, edits, timeouts, kicks, role hierarchy), bans, roles, emojis, vanity URL and
// audit logs ([A] user-only).

#include <gtest/gtest.h>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

class GuildsTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Emu emu{rest_options(GetParam())};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  Api alice{*emu.server, emu.demo.human_token};
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  [[nodiscard]] std::string guild_path() const { return "/guilds/" + emu.demo.guild_id.str(); }
  [[nodiscard]] std::string general() const { return "/channels/" + emu.demo.general_channel_id.str(); }

  /// Gives the bot a new top role with `permissions`; returns its id.
  Snowflake give_bot_role(std::uint64_t permissions) {
    Snowflake id;
    emu.server->with_world([&](World& w) {
      auto& role = w.add_role(emu.demo.guild_id, "bot-role", permissions);
      w.member(emu.demo.guild_id, emu.demo.bot_user_id)->roles.push_back(role.id);
      id = role.id;
    });
    return id;
  }
};

TEST_P(GuildsTest, ChannelGetPatchDelete) {
  auto got = bot.get(general());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(str(got.json()["name"]), "general");
  EXPECT_EQ(str(got.json()["topic"]), "General chat");
  EXPECT_EQ(got.json()["type"].GetInt(), 0);
  expect_error(bot.patch(general(), R"({"name":"renamed"})"), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageChannels);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto patched = bot.patch(general(), R"({"name":"renamed","topic":null,"rate_limit_per_user":5,"nsfw":true})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(str(patched.json()["name"]), "renamed");
  EXPECT_TRUE(patched.json()["topic"].IsNull());
  EXPECT_EQ(patched.json()["rate_limit_per_user"].GetInt(), 5);
  auto ev = s.next("CHANNEL_UPDATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["name"]), "renamed");
  EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());

  const auto voice = "/channels/" + emu.demo.voice_channel_id.str();
  expect_error(bot.patch(voice, R"({"topic":"x"})"), 400, "INVALID_FORM_BODY");
  auto bitrate = bot.patch(voice, R"({"bitrate":96000,"user_limit":10})");
  ASSERT_EQ(bitrate.status, 200) << bitrate.body;
  EXPECT_EQ(bitrate.json()["bitrate"].GetInt(), 96000);
  expect_error(bot.patch(voice, R"({"bitrate":100})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.patch(general(), R"({"rate_limit_per_user":30000})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.patch(general(), R"({"parent_id":")" + emu.demo.voice_channel_id.str() + R"("})"), 400,
               "INVALID_FORM_BODY");
  // "" is read as null (the server's empty-value rule) and `name` is nullish: no change.
  auto unchanged = bot.patch(general(), R"({"name":""})");
  ASSERT_EQ(unchanged.status, 200) << unchanged.body;
  EXPECT_EQ(str(unchanged.json()["name"]), "renamed");
  expect_error(bot.patch(general(), "[1,2]"), 400, "INVALID_FORM_BODY");

  // Deleting a category: the children lose their parent.
  ASSERT_EQ(bot.del("/channels/" + emu.demo.category_id.str()).status, 204);
  auto deleted = s.next("CHANNEL_DELETE");
  ASSERT_TRUE(deleted.IsObject());
  EXPECT_EQ(str(deleted["d"]["id"]), emu.demo.category_id.str());
  auto child = s.next("CHANNEL_UPDATE");
  ASSERT_TRUE(child.IsObject());
  EXPECT_TRUE(child["d"]["parent_id"].IsNull());
  expect_error(bot.get("/channels/" + emu.demo.category_id.str()), 404, "UNKNOWN_CHANNEL");
}

TEST_P(GuildsTest, OverwritesChangeWhoSeesTheChannel) {
  auto bob = add_member_user(*emu.server, emu.demo.guild_id, "bob");
  Session bob_session, owner;
  ASSERT_TRUE(bob_session.open(*emu.server, bob.second));
  ASSERT_TRUE(owner.open(*emu.server, emu.demo.human_token));
  const auto path = general() + "/permissions/" + bob.first.str();
  const std::string deny_view = R"({"type":1,"deny":")" + std::to_string(permission::kViewChannel) + R"("})";
  expect_error(bot.put(path, deny_view), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageRoles);
  ASSERT_EQ(bot.put(path, deny_view).status, 204);
  auto gone = bob_session.next("CHANNEL_DELETE");  // bob lost sight of it
  ASSERT_TRUE(gone.IsObject());
  EXPECT_EQ(str(gone["d"]["id"]), emu.demo.general_channel_id.str());
  auto updated = owner.next("CHANNEL_UPDATE");  // the owner still sees it, with the overwrite
  ASSERT_TRUE(updated.IsObject());
  const auto& ows = updated["d"]["permission_overwrites"];
  ASSERT_EQ(ows.Size(), 1U);
  EXPECT_EQ(str(ows[0]["id"]), bob.first.str());
  EXPECT_EQ(ows[0]["type"].GetInt(), 1);
  EXPECT_EQ(str(ows[0]["deny"]), std::to_string(permission::kViewChannel));
  EXPECT_EQ(str(ows[0]["allow"]), "0");
  ASSERT_EQ(bot.del(path).status, 204);
  auto back = bob_session.next("CHANNEL_CREATE");  // and regained it
  ASSERT_TRUE(back.IsObject());
  EXPECT_EQ(str(back["d"]["id"]), emu.demo.general_channel_id.str());
  EXPECT_EQ(bot.del(path).status, 204);  // idempotent

  expect_error(bot.put(general() + "/permissions/123", R"({"type":0})"), 404, "UNKNOWN_ROLE");
  expect_error(bot.put(general() + "/permissions/123", R"({"type":1})"), 404, "UNKNOWN_MEMBER");
  expect_error(bot.put(path, R"({"deny":"8"})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.put(path, R"({"type":2})"), 400, "INVALID_FORM_BODY");
}

TEST_P(GuildsTest, GuildGetPatchAndAccess) {
  auto got = bot.get(guild_path());
  ASSERT_EQ(got.status, 200) << got.body;
  auto g = got.json();
  EXPECT_EQ(str(g["name"]), "Emulator Guild");
  EXPECT_EQ(str(g["owner_id"]), emu.demo.human_id.str());
  // [B] adds roles, emojis, stickers, visible channels and counts.
  EXPECT_EQ(g.HasMember("roles"), b());
  EXPECT_EQ(g.HasMember("member_count"), b());
  if (b()) {
    EXPECT_EQ(g["channels"].Size(), 4U);
    EXPECT_EQ(g["member_count"].GetInt(), 2);
  }
  expect_error(bot.get("/guilds/1"), 404, "UNKNOWN_GUILD");
  Snowflake other;
  emu.server->with_world([&](World& w) { other = w.add_guild("Elsewhere", emu.demo.human_id).id; });
  expect_error(bot.get("/guilds/" + other.str()), 403, "MISSING_PERMISSIONS");

  expect_error(bot.patch(guild_path(), R"({"name":"New name"})"), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageGuild);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto patched =
      bot.patch(guild_path(), R"({"name":"New name","icon":"data:image/png;base64,iVBORw0KGgo=","afk_timeout":600})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(str(patched.json()["name"]), "New name");
  EXPECT_EQ(patched.json()["icon"].GetStringLength(), 32U);  // stored as a hash
  EXPECT_EQ(patched.json()["afk_timeout"].GetInt(), 600);
  auto ev = s.next("GUILD_UPDATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["name"]), "New name");
  EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());
  EXPECT_EQ(str(ev["d"]["id"]), emu.demo.guild_id.str());
  expect_error(bot.patch(guild_path(), R"({"icon":"not a data uri"})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.patch(guild_path(), R"({"afk_timeout":10})"), 400, "INVALID_FORM_BODY");
  Snowflake foreign;
  emu.server->with_world([&](World& w) { foreign = w.add_channel(other, ChannelType::GuildText, "x").id; });
  expect_error(bot.patch(guild_path(), R"({"system_channel_id":")" + foreign.str() + R"("})"), 400,
               "INVALID_FORM_BODY");
}

TEST_P(GuildsTest, DeleteGuildIsForTheOwner) {
  expect_error(bot.post(guild_path() + "/delete", "{}"), 403, "MISSING_PERMISSIONS");
  Snowflake own;
  emu.server->with_world([&](World& w) { own = w.add_guild("Bot's own", emu.demo.bot_user_id).id; });
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 2));
  ASSERT_EQ(bot.post("/guilds/" + own.str() + "/delete", "{}").status, 204);
  auto ev = s.next("GUILD_DELETE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["id"]), own.str());
  EXPECT_EQ(ev["d"].HasMember("guild_id"), b());
  EXPECT_FALSE(ev["d"].HasMember("unavailable"));
  expect_error(bot.get("/guilds/" + own.str()), 404, "UNKNOWN_GUILD");
}

TEST_P(GuildsTest, CreateChannelsAndMoveThem) {
  const std::string body =
      R"({"type":0,"name":"fresh","topic":"t","parent_id":")" + emu.demo.category_id.str() + R"("})";
  expect_error(bot.post(guild_path() + "/channels", body), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageChannels);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto created = bot.post(guild_path() + "/channels", body);
  ASSERT_EQ(created.status, 200) << created.body;
  auto c = created.json();
  EXPECT_EQ(str(c["name"]), "fresh");
  EXPECT_EQ(str(c["topic"]), "t");
  EXPECT_EQ(str(c["parent_id"]), emu.demo.category_id.str());
  auto ev = s.next("CHANNEL_CREATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["id"]), str(c["id"]));
  expect_error(bot.post(guild_path() + "/channels", R"({"type":3,"name":"x"})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.post(guild_path() + "/channels", R"({"type":0})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.post(guild_path() + "/channels", R"({"name":"x"})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.post(guild_path() + "/channels", R"({"type":998,"name":"link"})"), 400, "INVALID_FORM_BODY");
  auto link = bot.post(guild_path() + "/channels", R"({"type":998,"name":"link","url":"https://fluxer.app"})");
  ASSERT_EQ(link.status, 200) << link.body;
  EXPECT_EQ(str(link.json()["url"]), "https://fluxer.app");

  auto moved = bot.patch(guild_path() + "/channels", R"([{"id":")" + str(c["id"]) + R"(","position":0}])");
  ASSERT_EQ(moved.status, 204) << moved.body;
  auto bulk = s.next("CHANNEL_UPDATE_BULK");
  ASSERT_TRUE(bulk.IsObject());
  ASSERT_EQ(bulk["d"]["channels"].Size(), 1U);
  EXPECT_EQ(bulk["d"]["channels"][0]["position"].GetInt(), 0);
  auto listed = bot.get(guild_path() + "/channels").json();
  ASSERT_TRUE(listed.IsArray());
  bool found = false;
  for (const auto& ch : listed.GetArray())
    if (str(ch["id"]) == str(c["id"])) found = ch["position"].GetInt() == 0;
  EXPECT_TRUE(found);
  expect_error(bot.patch(guild_path() + "/channels", R"([{"id":"1","position":0}])"), 400, "INVALID_FORM_BODY");
  expect_error(bot.patch(guild_path() + "/channels", R"({"id":"1"})"), 400, "INVALID_FORM_BODY");
}

TEST_P(GuildsTest, MemberListPagingPerMode) {
  std::vector<Snowflake> ids{emu.demo.human_id, emu.demo.bot_user_id};
  for (auto name : {"bob", "carol", "dave"}) ids.push_back(add_member_user(*emu.server, emu.demo.guild_id, name).first);
  std::sort(ids.begin(), ids.end());
  auto all = bot.get(guild_path() + "/members");
  ASSERT_EQ(all.status, 200) << all.body;
  auto d = all.json();
  if (!b()) {
    ASSERT_EQ(d.Size(), 5U);  // [A]: every member, no paging
  } else {
    ASSERT_EQ(d.Size(), 1U);  // [B]: limit defaults to 1
    EXPECT_EQ(str(d[0]["user"]["id"]), ids[0].str());
    auto page = bot.get(guild_path() + "/members?limit=2&after=" + ids[0].str()).json();
    ASSERT_EQ(page.Size(), 2U);
    EXPECT_EQ(str(page[0]["user"]["id"]), ids[1].str());
    EXPECT_EQ(str(page[1]["user"]["id"]), ids[2].str());
    EXPECT_EQ(bot.get(guild_path() + "/members?limit=1000&after=" + ids[2].str()).json().Size(), 2U);
    expect_error(bot.get(guild_path() + "/members?limit=0"), 400, "INVALID_FORM_BODY");
    expect_error(bot.get(guild_path() + "/members?limit=1001"), 400, "INVALID_FORM_BODY");
  }
  auto member = bot.get(guild_path() + "/members/" + emu.demo.human_id.str());
  ASSERT_EQ(member.status, 200);
  EXPECT_EQ(str(member.json()["user"]["id"]), emu.demo.human_id.str());
  EXPECT_TRUE(member.json()["roles"].IsArray());
  EXPECT_EQ(str(bot.get(guild_path() + "/members/@me").json()["user"]["id"]), emu.demo.bot_user_id.str());
  expect_error(bot.get(guild_path() + "/members/1"), 404, "UNKNOWN_MEMBER");
}

TEST_P(GuildsTest, MemberEditsFollowPermissionsAndHierarchy) {
  auto bob = add_member_user(*emu.server, emu.demo.guild_id, "bob");
  const auto bob_path = guild_path() + "/members/" + bob.first.str();
  expect_error(bot.patch(bob_path, R"({"nick":"Bobby"})"), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageNicknames | permission::kManageRoles | permission::kModerateMembers |
                permission::kMuteMembers);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto nick = bot.patch(bob_path, R"({"nick":"Bobby","mute":true})");
  ASSERT_EQ(nick.status, 200) << nick.body;
  EXPECT_EQ(str(nick.json()["nick"]), "Bobby");
  EXPECT_TRUE(nick.json()["mute"].GetBool());
  auto ev = s.next("GUILD_MEMBER_UPDATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["nick"]), "Bobby");
  EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());
  EXPECT_EQ(str(ev["d"]["user"]["id"]), bob.first.str());

  // Roles: below the bot's top role only.
  auto roles = bot.patch(bob_path, R"({"roles":[")" + emu.demo.moderator_role_id.str() + R"("]})");
  ASSERT_EQ(roles.status, 200) << roles.body;
  EXPECT_EQ(str(roles.json()["roles"][0]), emu.demo.moderator_role_id.str());
  Snowflake high;
  emu.server->with_world([&](World& w) { high = w.add_role(emu.demo.guild_id, "above the bot").id; });
  expect_error(bot.patch(bob_path, R"({"roles":[")" + high.str() + R"("]})"), 403, "MISSING_PERMISSIONS");
  expect_error(bot.patch(bob_path, R"({"roles":["1"]})"), 404, "UNKNOWN_ROLE");

  // Timeouts: at most 365 days ahead, null clears; the owner cannot be timed out or renamed.
  const auto in_an_hour = format_iso8601(to_timestamp(std::chrono::system_clock::now() + std::chrono::hours{1}));
  auto timeout = bot.patch(bob_path, R"({"communication_disabled_until":")" + in_an_hour + R"("})");
  ASSERT_EQ(timeout.status, 200) << timeout.body;
  EXPECT_TRUE(timeout.json()["communication_disabled_until"].IsString());
  const auto too_far = format_iso8601(to_timestamp(std::chrono::system_clock::now() + std::chrono::hours{24 * 400}));
  expect_error(bot.patch(bob_path, R"({"communication_disabled_until":")" + too_far + R"("})"), 400,
               "INVALID_FORM_BODY");
  expect_error(bot.patch(bob_path, R"({"communication_disabled_until":"soon"})"), 400, "INVALID_FORM_BODY");
  auto cleared = bot.patch(bob_path, R"({"communication_disabled_until":null})");
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.json()["communication_disabled_until"].IsNull());
  expect_error(bot.patch(guild_path() + "/members/" + emu.demo.human_id.str(), R"({"nick":"boss"})"), 403,
               "MISSING_PERMISSIONS");
  expect_error(bot.patch(bob_path, R"({"nick":")" + std::string(33, 'n') + R"("})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.patch(guild_path() + "/members/1", R"({"nick":"x"})"), 404, "UNKNOWN_MEMBER");
  // @me: CHANGE_NICKNAME (in the default permissions).
  auto me = bot.patch(guild_path() + "/members/@me", R"({"nick":"Botty"})");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(str(me.json()["nick"]), "Botty");
}

TEST_P(GuildsTest, MemberRolesAndKicks) {
  auto bob = add_member_user(*emu.server, emu.demo.guild_id, "bob");
  const auto role_path = guild_path() + "/members/" + bob.first.str() + "/roles/" + emu.demo.moderator_role_id.str();
  expect_error(bot.put(role_path), 403, "MISSING_PERMISSIONS");
  expect_error(bot.del(guild_path() + "/members/" + bob.first.str()), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageRoles | permission::kKickMembers);
  Session s, bob_session;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_TRUE(bob_session.open(*emu.server, bob.second));
  ASSERT_EQ(bot.put(role_path).status, 204);
  auto ev = s.next("GUILD_MEMBER_UPDATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["roles"][0]), emu.demo.moderator_role_id.str());
  EXPECT_EQ(bot.put(role_path).status, 204);  // already there: nothing changes
  ASSERT_EQ(bot.del(role_path).status, 204);
  expect_error(bot.put(guild_path() + "/members/" + bob.first.str() + "/roles/1"), 404, "UNKNOWN_ROLE");
  expect_error(bot.put(guild_path() + "/members/" + bob.first.str() + "/roles/" + emu.demo.guild_id.str()), 400,
               "INVALID_FORM_BODY");

  // Kicks: not the owner, nobody ranking at or above the bot.
  expect_error(bot.del(guild_path() + "/members/" + emu.demo.human_id.str()), 403, "MISSING_PERMISSIONS");
  ASSERT_EQ(bot.del(guild_path() + "/members/" + bob.first.str(), {"X-Audit-Log-Reason: spam"}).status, 204);
  auto removed = s.next("GUILD_MEMBER_REMOVE");
  ASSERT_TRUE(removed.IsObject());
  EXPECT_EQ(removed["d"]["user"].MemberCount(), 1U);  // only the id
  EXPECT_EQ(str(removed["d"]["user"]["id"]), bob.first.str());
  auto left = bob_session.next("GUILD_DELETE");
  ASSERT_TRUE(left.IsObject());
  EXPECT_EQ(str(left["d"]["id"]), emu.demo.guild_id.str());
  expect_error(bot.del(guild_path() + "/members/" + bob.first.str()), 404, "UNKNOWN_MEMBER");
}

TEST_P(GuildsTest, Bans) {
  auto bob = add_member_user(*emu.server, emu.demo.guild_id, "bob");
  ASSERT_TRUE(emu.server->send_message(bob.first, emu.demo.general_channel_id, "spam").ok());
  expect_error(bot.get(guild_path() + "/bans"), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kBanMembers);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const auto ban_path = guild_path() + "/bans/" + bob.first.str();
  expect_error(bot.put(ban_path, R"({"ban_duration_seconds":5})"), 400, "INVALID_FORM_BODY");
  expect_error(bot.put(ban_path, R"({"delete_message_days":8})"), 400, "INVALID_FORM_BODY");
  ASSERT_EQ(bot.put(ban_path, R"({"delete_message_days":1,"reason":"spam","ban_duration_seconds":3600})").status, 204);
  auto names = names_until(s.gw, "GUILD_MEMBER_REMOVE");
  EXPECT_EQ(names, (std::vector<std::string>{"MESSAGE_DELETE_BULK", "GUILD_BAN_ADD", "GUILD_MEMBER_REMOVE"}));
  auto bans = bot.get(guild_path() + "/bans").json();
  ASSERT_EQ(bans.Size(), 1U);
  EXPECT_EQ(str(bans[0]["user"]["id"]), bob.first.str());
  EXPECT_EQ(str(bans[0]["reason"]), "spam");
  EXPECT_EQ(str(bans[0]["moderator_id"]), emu.demo.bot_user_id.str());
  EXPECT_TRUE(bans[0]["banned_at"].IsString());
  EXPECT_TRUE(bans[0]["expires_at"].IsString());  // a temporary ban
  EXPECT_EQ(bot.get(general() + "/messages").body, "[]");
  ASSERT_EQ(bot.del(ban_path).status, 204);
  auto unban = s.next("GUILD_BAN_REMOVE");
  ASSERT_TRUE(unban.IsObject());
  EXPECT_EQ(str(unban["d"]["user"]["id"]), bob.first.str());
  expect_error(bot.del(ban_path), 400, "INVALID_FORM_BODY");  // not banned
  // Non-members can be banned; the owner cannot; unknown users do not exist.
  Snowflake stranger;
  emu.server->with_world([&](World& w) { stranger = w.add_user("stranger").id; });
  EXPECT_EQ(bot.put(guild_path() + "/bans/" + stranger.str()).status, 204);
  expect_error(bot.put(guild_path() + "/bans/" + emu.demo.human_id.str()), 403, "MISSING_PERMISSIONS");
  expect_error(bot.put(guild_path() + "/bans/1"), 404, "UNKNOWN_USER");
}

TEST_P(GuildsTest, Roles) {
  auto list = bot.get(guild_path() + "/roles").json();
  ASSERT_EQ(list.Size(), 2U);
  EXPECT_EQ(str(list[0]["id"]), emu.demo.guild_id.str());  // @everyone, position 0
  EXPECT_EQ(str(list[0]["permissions"]), std::to_string(permission::kDefaultEveryone));
  expect_error(bot.post(guild_path() + "/roles", R"({"name":"x"})"), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageRoles | permission::kSendMessages);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto created = bot.post(guild_path() + "/roles", R"({"name":"helpers","color":255,"permissions":"2048"})");
  ASSERT_EQ(created.status, 200) << created.body;
  const auto role_id = str(created.json()["id"]);
  EXPECT_EQ(str(created.json()["permissions"]), "2048");
  auto ev = s.next("GUILD_ROLE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());
  EXPECT_EQ(str(ev["d"]["role"]["id"]), role_id);
  // Only permissions the bot holds can be granted.
  expect_error(bot.post(guild_path() + "/roles", R"({"name":"admins","permissions":"8"})"), 403, "MISSING_PERMISSIONS");
  expect_error(bot.post(guild_path() + "/roles", R"({"color":16777216})"), 400, "INVALID_FORM_BODY");

  auto renamed = bot.patch(guild_path() + "/roles/" + role_id, R"({"name":"helpers+","mentionable":true})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(str(renamed.json()["name"]), "helpers+");
  EXPECT_TRUE(s.next("GUILD_ROLE_UPDATE").IsObject());
  Snowflake high;
  emu.server->with_world([&](World& w) { high = w.add_role(emu.demo.guild_id, "above").id; });
  expect_error(bot.patch(guild_path() + "/roles/" + high.str(), R"({"name":"mine"})"), 403, "MISSING_PERMISSIONS");
  expect_error(bot.patch(guild_path() + "/roles/1", R"({"name":"x"})"), 404, "UNKNOWN_ROLE");

  auto moved = bot.patch(guild_path() + "/roles", R"([{"id":")" + role_id + R"(","position":1}])");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_TRUE(moved.json().IsArray());
  auto bulk = s.next("GUILD_ROLE_UPDATE_BULK");
  ASSERT_TRUE(bulk.IsObject());
  EXPECT_GE(bulk["d"]["roles"].Size(), 4U);
  expect_error(bot.patch(guild_path() + "/roles", R"([{"id":")" + emu.demo.guild_id.str() + R"(","position":3}])"), 400,
               "INVALID_FORM_BODY");

  ASSERT_EQ(bot.del(guild_path() + "/roles/" + role_id).status, 204);
  auto deleted = s.next("GUILD_ROLE_DELETE");
  ASSERT_TRUE(deleted.IsObject());
  EXPECT_EQ(str(deleted["d"]["role_id"]), role_id);
  expect_error(bot.del(guild_path() + "/roles/" + emu.demo.guild_id.str()), 400, "INVALID_FORM_BODY");
}

TEST_P(GuildsTest, Emojis) {
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const std::string png = "data:image/png;base64,iVBORw0KGgo=";
  auto created = bot.post(guild_path() + "/emojis", R"({"name":"blob","image":")" + png + R"("})");
  ASSERT_EQ(created.status, 200) << created.body;
  const auto id = str(created.json()["id"]);
  EXPECT_FALSE(created.json()["animated"].GetBool());
  EXPECT_EQ(str(created.json()["user"]["id"]), emu.demo.bot_user_id.str());
  auto ev = s.next("GUILD_EMOJIS_UPDATE");
  ASSERT_TRUE(ev.IsObject());
  ASSERT_EQ(ev["d"]["emojis"].Size(), 1U);
  EXPECT_EQ(str(ev["d"]["emojis"][0]["name"]), "blob");
  auto gif = bot.post(guild_path() + "/emojis", R"({"name":"spin","image":"data:image/gif;base64,R0lGODlh"})");
  ASSERT_EQ(gif.status, 200) << gif.body;
  EXPECT_TRUE(gif.json()["animated"].GetBool());
  expect_error(bot.post(guild_path() + "/emojis", R"({"name":"a","image":")" + png + R"("})"), 400,
               "INVALID_FORM_BODY");
  expect_error(bot.post(guild_path() + "/emojis", R"({"name":"ok_name","image":"https://x/y.png"})"), 400,
               "INVALID_FORM_BODY");
  expect_error(bot.post(guild_path() + "/emojis", R"({"name":"bad-name","image":")" + png + R"("})"), 400,
               "INVALID_FORM_BODY");
  EXPECT_EQ(bot.get(guild_path() + "/emojis").json().Size(), 2U);

  auto renamed = bot.patch(guild_path() + "/emojis/" + id, R"({"name":"blobby"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(str(renamed.json()["name"]), "blobby");
  Snowflake theirs;
  emu.server->with_world([&](World& w) { theirs = w.add_emoji(emu.demo.guild_id, "alices", emu.demo.human_id).id; });
  expect_error(bot.patch(guild_path() + "/emojis/" + theirs.str(), R"({"name":"mine"})"), 403, "MISSING_PERMISSIONS");
  expect_error(bot.del(guild_path() + "/emojis/1"), 404, "UNKNOWN_EMOJI");
  ASSERT_EQ(bot.del(guild_path() + "/emojis/" + id).status, 204);
}

TEST_P(GuildsTest, VanityUrl) {
  expect_error(bot.get(guild_path() + "/vanity-url"), 403, "MISSING_PERMISSIONS");
  auto r = alice.get(guild_path() + "/vanity-url");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["code"].IsNull());
  EXPECT_EQ(r.json()["uses"].GetInt(), 0);
}

TEST_P(GuildsTest, AuditLogs) {
  auto bob = add_member_user(*emu.server, emu.demo.guild_id, "bob");
  give_bot_role(permission::kKickMembers | permission::kViewAuditLog);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_EQ(bot.del(guild_path() + "/members/" + bob.first.str(), {"X-Audit-Log-Reason:  too noisy  "}).status, 204);
  if (b()) {
    auto ev = s.next("GUILD_AUDIT_LOG_ENTRY_CREATE");  // [B] to holders of VIEW_AUDIT_LOG
    ASSERT_TRUE(ev.IsObject());
    EXPECT_EQ(ev["d"]["action_type"].GetInt(), 20);
    EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());
  }
  // [A]: a user-only route (bots get ACCESS_DENIED); [B]: bots with VIEW_AUDIT_LOG may read it.
  auto bots = bot.get(guild_path() + "/audit-logs");
  if (!b()) {
    expect_error(bots, 403, "ACCESS_DENIED");
  } else {
    ASSERT_EQ(bots.status, 200) << bots.body;
  }
  const Api& reader = b() ? bot : alice;
  auto log = reader.get(guild_path() + "/audit-logs").json();
  ASSERT_TRUE(log.IsObject());
  ASSERT_GE(log["audit_log_entries"].Size(), 1U);
  const auto& kick = log["audit_log_entries"][0];  // newest first
  EXPECT_EQ(kick["action_type"].GetInt(), 20);
  EXPECT_EQ(str(kick["user_id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(str(kick["target_id"]), bob.first.str());
  EXPECT_EQ(str(kick["reason"]), "too noisy");  // trimmed
  EXPECT_FALSE(kick.HasMember("changes"));
  EXPECT_GE(log["users"].Size(), 2U);
  EXPECT_TRUE(log["webhooks"].IsArray());
  auto filtered = reader.get(guild_path() + "/audit-logs?action_type=22").json();
  EXPECT_EQ(filtered["audit_log_entries"].Size(), 0U);
  expect_error(reader.get(guild_path() + "/audit-logs?before=1&after=2"), 400, "INVALID_FORM_BODY");
  expect_error(reader.get(guild_path() + "/audit-logs?limit=101"), 400, "INVALID_FORM_BODY");
  auto bob_api = Api(*emu.server, add_member_user(*emu.server, emu.demo.guild_id, "carol").second);
  expect_error(bob_api.get(guild_path() + "/audit-logs"), 403, "MISSING_PERMISSIONS");
}

INSTANTIATE_TEST_SUITE_P(Modes, GuildsTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
