// The world: snowflakes, tokens, permissions, seeding from JSON, the demo world, and the
// JSON writers' shapes (absent vs null).

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "emulator/json_writers.hpp"
#include "raw_client.hpp"

namespace fluxer::emulator::test {
namespace {

using namespace permission;

TEST(Snowflakes, UseTheFluxerEpochAndNeverRepeat) {
  SnowflakeGenerator gen;
  std::set<Snowflake> seen;
  Snowflake last{};
  for (int i = 0; i < 10'000; ++i) {
    const auto id = gen.next();
    EXPECT_GT(id, last);
    last = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 10'000U);
  const auto age = std::chrono::system_clock::now() - last.created_at();
  EXPECT_LT(std::chrono::abs(age), std::chrono::seconds{5});
  gen.observe(Snowflake{~0ULL >> 1});
  EXPECT_GT(gen.next().value(), ~0ULL >> 1);
}

TEST(Tokens, BotAndUserTokenShapes) {
  World w;
  auto& app = w.add_bot("Bot");
  const auto token = app.token();
  const auto dot = token.find('.');
  ASSERT_NE(dot, std::string::npos);
  EXPECT_EQ(token.substr(0, dot), app.id.str());
  EXPECT_EQ(app.secret.size(), 43U);
  for (char c : app.secret) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  EXPECT_NE(app.id, app.bot_user_id);
  EXPECT_TRUE(w.user(app.bot_user_id)->bot);
  auto id = w.identify(token);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->user_id, app.bot_user_id);
  EXPECT_TRUE(id->is_bot());
  EXPECT_FALSE(w.identify("Bot " + token).has_value());
  EXPECT_FALSE(w.identify(app.id.str() + ".wrong").has_value());

  auto& u = w.add_user("alice");
  const auto ut = w.user_token(u.id);
  EXPECT_EQ(ut.rfind("flx_", 0), 0U);
  EXPECT_EQ(ut.size(), 40U);
  ASSERT_TRUE(w.identify(ut).has_value());
  EXPECT_FALSE(w.identify(ut)->is_bot());
  EXPECT_EQ(u.discriminator.size(), 4U);

  const auto rotated = w.rotate_bot_token(app.id);
  EXPECT_NE(rotated, token);
  EXPECT_FALSE(w.identify(token).has_value());
  EXPECT_TRUE(w.identify(rotated).has_value());
}

class Permissions : public ::testing::Test {
 protected:
  Permissions() {
    owner = w.add_user("owner").id;
    member = w.add_user("member").id;
    outsider = w.add_user("outsider").id;
    guild = w.add_guild("G", owner).id;
    w.add_member(guild, member);
    text = w.add_channel(guild, ChannelType::GuildText, "text").id;
  }
  World w;
  Snowflake owner, member, outsider, guild, text;
};

TEST_F(Permissions, EveryoneRolesOwnerAndAdministrator) {
  EXPECT_EQ(w.guild_permissions(guild, member), kDefaultEveryone);
  EXPECT_EQ(w.guild_permissions(guild, owner), kAll);
  EXPECT_EQ(w.guild_permissions(guild, outsider), 0U);
  EXPECT_EQ(w.role(guild)->name, "@everyone");  // @everyone's id is the guild id
  const auto mods = w.add_role(guild, "Mods", kKickMembers).id;
  w.member(guild, member)->roles.push_back(mods);
  EXPECT_TRUE(w.has_guild_permission(guild, member, kKickMembers | kSendMessages));
  const auto admin = w.add_role(guild, "Admin", kAdministrator).id;
  w.member(guild, member)->roles.push_back(admin);
  EXPECT_EQ(w.guild_permissions(guild, member), kAll);
  // Administrators ignore overwrites.
  w.channel(text)->permission_overwrites.push_back({guild, PermissionOverwrite::Type::Role, 0, kViewChannel});
  EXPECT_TRUE(w.can_view_channel(text, member));
  EXPECT_EQ(w.top_role_position(guild, member), 2);
  EXPECT_GT(w.top_role_position(guild, owner), 1000);
}

TEST_F(Permissions, OverwritesApplyEveryoneThenRolesThenMember) {
  const auto r1 = w.add_role(guild, "R1").id;
  const auto r2 = w.add_role(guild, "R2").id;
  w.member(guild, member)->roles = {r1, r2};
  auto& ow = w.channel(text)->permission_overwrites;
  ow.push_back({guild, PermissionOverwrite::Type::Role, 0, kSendMessages | kAddReactions});
  EXPECT_FALSE(w.has_channel_permission(text, member, kSendMessages));
  // Role overwrites are combined: one role's allow beats another role's deny.
  ow.push_back({r1, PermissionOverwrite::Type::Role, kSendMessages, 0});
  ow.push_back({r2, PermissionOverwrite::Type::Role, 0, kSendMessages | kEmbedLinks});
  EXPECT_TRUE(w.has_channel_permission(text, member, kSendMessages));
  EXPECT_FALSE(w.has_channel_permission(text, member, kEmbedLinks));
  // The member overwrite comes last.
  ow.push_back({member, PermissionOverwrite::Type::Member, kAddReactions, kSendMessages});
  EXPECT_FALSE(w.has_channel_permission(text, member, kSendMessages));
  EXPECT_TRUE(w.has_channel_permission(text, member, kAddReactions));
  // Without VIEW_CHANNEL nothing is left.
  ow.push_back({member, PermissionOverwrite::Type::Member, 0, kViewChannel});
  EXPECT_EQ(w.channel_permissions(text, member), 0U);
  EXPECT_EQ(w.channel_permissions(text, outsider), 0U);
  EXPECT_EQ(w.channel_permissions(text, owner), kAll);
}

TEST_F(Permissions, CategoryIsVisibleIfAChildIs) {
  const auto cat = w.add_channel(guild, ChannelType::GuildCategory, "cat").id;
  const auto child = w.add_channel(guild, ChannelType::GuildText, "child", cat).id;
  w.channel(cat)->permission_overwrites.push_back({guild, PermissionOverwrite::Type::Role, 0, kViewChannel});
  w.channel(child)->permission_overwrites.push_back({guild, PermissionOverwrite::Type::Role, 0, kViewChannel});
  EXPECT_FALSE(w.can_view_channel(cat, member));
  w.channel(child)->permission_overwrites.push_back({member, PermissionOverwrite::Type::Member, kViewChannel, 0});
  EXPECT_TRUE(w.can_view_channel(cat, member));
}

TEST_F(Permissions, DmParticipantsOnly) {
  const auto dm = w.open_dm(member, outsider).id;
  EXPECT_EQ(w.open_dm(outsider, member).id, dm);  // the same channel both ways
  EXPECT_TRUE(w.can_view_channel(dm, member));
  EXPECT_TRUE(w.can_view_channel(dm, outsider));
  EXPECT_FALSE(w.can_view_channel(dm, owner));
}

TEST(WorldMutations, ReactionsBansRemovals) {
  auto demo = make_demo_world();
  auto& w = demo.world;
  auto& m = w.add_message(demo.general_channel_id, demo.human_id, "hi");
  const auto mid = m.id;
  EXPECT_EQ(w.channel(demo.general_channel_id)->last_message_id, mid);
  ReactionEmoji thumbs{std::nullopt, "👍", false};
  EXPECT_TRUE(w.add_reaction(demo.general_channel_id, mid, demo.human_id, thumbs));
  EXPECT_FALSE(w.add_reaction(demo.general_channel_id, mid, demo.human_id, thumbs));
  EXPECT_TRUE(w.add_reaction(demo.general_channel_id, mid, demo.bot_user_id, thumbs));
  EXPECT_EQ(w.message(demo.general_channel_id, mid)->reactions[0].user_ids.size(), 2U);
  EXPECT_TRUE(w.remove_reaction(demo.general_channel_id, mid, demo.human_id, thumbs));
  EXPECT_TRUE(w.remove_reaction(demo.general_channel_id, mid, demo.bot_user_id, thumbs));
  EXPECT_TRUE(w.message(demo.general_channel_id, mid)->reactions.empty());
  w.add_ban(demo.guild_id, demo.bot_user_id, demo.human_id, "spam");
  EXPECT_NE(w.ban(demo.guild_id, demo.bot_user_id), nullptr);
  w.add_invite(demo.general_channel_id, demo.human_id);
  w.add_webhook(demo.general_channel_id, demo.human_id, "hook");
  EXPECT_FALSE(w.remove_role(demo.guild_id));  // @everyone stays
  EXPECT_TRUE(w.remove_guild(demo.guild_id));
  EXPECT_EQ(w.channel(demo.general_channel_id), nullptr);
  EXPECT_TRUE(w.invites().empty());
  EXPECT_TRUE(w.webhooks().empty());
  EXPECT_TRUE(w.bans(demo.guild_id).empty());
  EXPECT_TRUE(w.messages(demo.general_channel_id).empty());
}

TEST(DemoWorld, HasWhatSamplesNeed) {
  auto d = make_demo_world();
  const auto& w = d.world;
  EXPECT_EQ(w.guild(d.guild_id)->owner_id, d.human_id);
  EXPECT_EQ(w.channel(d.general_channel_id)->type, ChannelType::GuildText);
  EXPECT_EQ(w.channel(d.general_channel_id)->parent_id, d.category_id);
  EXPECT_EQ(w.channel(d.voice_channel_id)->type, ChannelType::GuildVoice);
  EXPECT_EQ(w.channel(d.category_id)->type, ChannelType::GuildCategory);
  EXPECT_NE(w.member(d.guild_id, d.bot_user_id), nullptr);
  EXPECT_EQ(w.identify(d.bot_token)->user_id, d.bot_user_id);
  EXPECT_EQ(w.identify(d.human_token)->user_id, d.human_id);
  EXPECT_TRUE(w.has_channel_permission(d.general_channel_id, d.bot_user_id, kSendMessages));
  // An unavailable guild for outage stubs, with the bot in it.
  ASSERT_NE(w.guild(d.unavailable_guild_id), nullptr);
  EXPECT_TRUE(w.guild(d.unavailable_guild_id)->unavailable);
  EXPECT_FALSE(w.guild(d.guild_id)->unavailable);
  EXPECT_NE(w.member(d.unavailable_guild_id, d.bot_user_id), nullptr);
}

// The seed example of docs/emulator.md loads as pasted.
TEST(Seed, TheDocumentedExampleLoads) {
  std::ifstream in(std::string(FLUXER_SOURCE_ROOT) + "/docs/emulator.md");
  ASSERT_TRUE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = text.str();
  const auto section = doc.find("## Seed files");
  ASSERT_NE(section, std::string::npos);
  const auto start = doc.find("```json\n", section);
  ASSERT_NE(start, std::string::npos);
  const auto end = doc.find("```", start + 8);
  ASSERT_NE(end, std::string::npos);
  auto loaded = World::from_json(doc.substr(start + 8, end - start - 8));
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_NE(loaded->user_by_name("alice"), nullptr);
  const auto* bot = loaded->application(Snowflake{300000000000000000ULL});
  ASSERT_NE(bot, nullptr);
  EXPECT_EQ(loaded->identify(bot->token())->user_id, bot->bot_user_id);
}

TEST(Seed, LoadsEveryKindOfEntityByName) {
  const std::string seed = R"({
    "users": [{"username": "alice", "global_name": "Alice", "token": "flx_aliceTOKEN"},
              {"username": "bob", "id": "200000000000000000"}],
    "bots": [{"name": "Helper", "owner": "alice", "id": "300000000000000000",
              "secret": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"}],
    "guilds": [{
      "name": "Seeded", "owner": "alice", "id": "400000000000000000", "features": ["VANITY_URL"],
      "roles": [{"name": "Mods", "permissions": "8", "color": 255}],
      "channels": [{"name": "Text", "type": "category"},
                   {"name": "general", "parent": "Text", "topic": "hi",
                    "overwrites": [{"role": "@everyone", "deny": "2048"}, {"member": "Helper", "allow": "2048"}]},
                   {"name": "Voice", "type": 2}],
      "system_channel": "general",
      "members": ["bob", {"user": "Helper", "nick": "helper", "roles": ["Mods"]}],
      "messages": [{"channel": "general", "author": "bob", "content": "first!"}]
    }]
  })";
  auto loaded = World::from_json(seed);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  auto& w = *loaded;
  const auto* alice = w.user_by_name("alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->global_name.value_or(""), "Alice");
  EXPECT_EQ(w.identify("flx_aliceTOKEN")->user_id, alice->id);
  EXPECT_NE(w.user(Snowflake{200000000000000000ULL}), nullptr);
  const auto* app = w.application(Snowflake{300000000000000000ULL});
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->token(), "300000000000000000.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ");
  const Snowflake gid{400000000000000000ULL};
  const auto* g = w.guild(gid);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(w.role(gid)->name, "@everyone");
  EXPECT_EQ(g->features.size(), 1U);
  ASSERT_EQ(w.guild_channels(gid).size(), 3U);
  const auto* general = w.guild_channels(gid)[1];
  EXPECT_EQ(general->name.value_or(""), "general");
  EXPECT_EQ(g->system_channel_id, general->id);
  EXPECT_FALSE(w.has_channel_permission(general->id, w.user_by_name("bob")->id, kSendMessages));
  EXPECT_TRUE(w.has_channel_permission(general->id, app->bot_user_id, kSendMessages));
  EXPECT_EQ(w.guild_permissions(gid, app->bot_user_id), kAll);  // Mods has ADMINISTRATOR
  EXPECT_EQ(w.member(gid, app->bot_user_id)->nick.value_or(""), "helper");
  ASSERT_EQ(w.messages(general->id).size(), 1U);
  EXPECT_EQ(w.messages(general->id).begin()->second.content, "first!");
  // Generated ids come after the explicit ones.
  EXPECT_GT(w.next_id().value(), 400000000000000000ULL);
}

TEST(Seed, ErrorsNameThePath) {
  struct Case {
    const char* json;
    const char* path;
  };
  for (
      const auto& c : std::vector<Case>{
          {R"({"guilds":[{"name":"G","owner":"nobody"}]})", "guilds.0.owner"},
          {R"({"users":[{"username":"a"}],"guilds":[{"name":"G","owner":"a","channels":[{"name":"x","type":"forum"}]}]})",
           "guilds.0.channels.0.type"},
          {R"({"users":[{"username":"a"}],"guilds":[{"name":"G","owner":"a","channels":[{"name":"x","parent":"y"}]}]})",
           "guilds.0.channels.0.parent"},
          {R"({"bots":[{"name":"b","secret":"short"}]})", "bots.0.secret"},
          {R"({"users":[{"username":"a"},{"username":"a"}]})", "users.1.username"},
          {R"({"users":[{}]})", "users.0.username"},
          {R"({"users":"nope"})", ".users"},
      }) {
    auto r = World::from_json(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().kind, ErrorKind::Decode);
    ASSERT_FALSE(r.error().errors.empty());
    EXPECT_EQ(r.error().errors[0].path, c.path) << c.json;
  }
  EXPECT_FALSE(World::from_json("{not json").ok());
  EXPECT_FALSE(World::from_json("[]").ok());
  EXPECT_FALSE(World::from_json_file("/nonexistent/seed.json").ok());
}

TEST(JsonWriters, AbsentVersusNull) {
  auto d = make_demo_world();
  json::Context ctx{d.world, ProtocolMode::B, d.bot_user_id};
  // A text channel has a topic (null when unset) but no bitrate; a voice channel the reverse.
  auto text =
      parse(json::build([&](json::Writer& w) { json::channel(w, ctx, *d.world.channel(d.commands_channel_id)); }));
  EXPECT_TRUE(text["topic"].IsNull());
  EXPECT_FALSE(text.HasMember("bitrate"));
  EXPECT_FALSE(text.HasMember("recipients"));
  EXPECT_EQ(std::string(text["guild_id"].GetString()), d.guild_id.str());
  auto voice =
      parse(json::build([&](json::Writer& w) { json::channel(w, ctx, *d.world.channel(d.voice_channel_id)); }));
  EXPECT_TRUE(voice.HasMember("bitrate"));
  EXPECT_FALSE(voice.HasMember("topic"));
  EXPECT_EQ(voice["voice_connection_limit"].GetInt(), 5);
  // A DM lists the other participants only and has no guild_id.
  const auto dm = d.world.open_dm(d.bot_user_id, d.human_id).id;
  auto dmj = parse(json::build([&](json::Writer& w) { json::channel(w, ctx, *d.world.channel(dm)); }));
  EXPECT_FALSE(dmj.HasMember("guild_id"));
  ASSERT_EQ(dmj["recipients"].Size(), 1U);
  EXPECT_EQ(std::string(dmj["recipients"][0]["id"].GetString()), d.human_id.str());
  // Roles: permissions as a decimal string.
  auto role = parse(json::build([&](json::Writer& w) { json::role(w, *d.world.role(d.guild_id)); }));
  EXPECT_EQ(std::string(role["permissions"].GetString()), std::to_string(kDefaultEveryone));
  EXPECT_TRUE(role["hoist_position"].IsNull());
  // Members never list @everyone; user forms.
  const auto& mem = *d.world.member(d.guild_id, d.human_id);
  auto full = parse(json::build([&](json::Writer& w) { json::member(w, ctx, mem, json::MemberUser::Full); }));
  EXPECT_EQ(std::string(full["user"]["username"].GetString()), "alice");
  EXPECT_TRUE(full["nick"].IsNull());
  EXPECT_TRUE(full["communication_disabled_until"].IsNull());
  EXPECT_EQ(full["roles"].Size(), 0U);
  auto omitted = parse(json::build([&](json::Writer& w) { json::member(w, ctx, mem, json::MemberUser::Omit); }));
  EXPECT_FALSE(omitted.HasMember("user"));
  // Guild: [B] fields only in mode B.
  auto gb = parse(json::build([&](json::Writer& w) { json::guild(w, ctx, *d.world.guild(d.guild_id)); }));
  EXPECT_TRUE(gb.HasMember("content_warning_level"));
  json::Context actx{d.world, ProtocolMode::A, d.bot_user_id};
  auto ga = parse(json::build([&](json::Writer& w) { json::guild(w, actx, *d.world.guild(d.guild_id)); }));
  EXPECT_FALSE(ga.HasMember("content_warning_level"));
  EXPECT_TRUE(ga["icon"].IsNull());
}

TEST(JsonWriters, MessagesRepliesAndReactions) {
  auto d = make_demo_world();
  auto& w = d.world;
  const auto original = w.add_message(d.general_channel_id, d.human_id, "question").id;
  auto& reply = w.add_message(d.general_channel_id, d.bot_user_id, "answer");
  reply.message_reference = MessageReference{original, d.general_channel_id, d.guild_id, 0};
  reply.type = 19;
  const auto reply_id = reply.id;
  w.add_reaction(d.general_channel_id, reply_id, d.bot_user_id, ReactionEmoji{std::nullopt, "✅", false});
  json::Context as_bot{w, ProtocolMode::B, d.bot_user_id};
  json::Context as_human{w, ProtocolMode::B, d.human_id};
  auto m = parse(
      json::build([&](json::Writer& wr) { json::message(wr, as_bot, *w.message(d.general_channel_id, reply_id)); }));
  EXPECT_EQ(std::string(m["referenced_message"]["content"].GetString()), "question");
  EXPECT_EQ(m["reactions"][0]["count"].GetInt(), 1);
  EXPECT_TRUE(m["reactions"][0]["me"].GetBool());
  auto h = parse(
      json::build([&](json::Writer& wr) { json::message(wr, as_human, *w.message(d.general_channel_id, reply_id)); }));
  EXPECT_FALSE(h["reactions"][0].HasMember("me"));  // `me` only when true
  w.remove_message(d.general_channel_id, original);
  auto gone = parse(
      json::build([&](json::Writer& wr) { json::message(wr, as_bot, *w.message(d.general_channel_id, reply_id)); }));
  EXPECT_TRUE(gone["referenced_message"].IsNull());  // null: the target is gone
  auto plain = parse(json::build(
      [&](json::Writer& wr) { json::message(wr, as_bot, w.add_message(d.general_channel_id, d.human_id, "x")); }));
  EXPECT_FALSE(plain.HasMember("referenced_message"));  // absent: not a reply
  EXPECT_FALSE(plain.HasMember("reactions"));
  EXPECT_FALSE(plain.HasMember("nonce"));
}

}  // namespace
}  // namespace fluxer::emulator::test
