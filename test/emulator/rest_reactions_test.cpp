// Pins and reactions over raw HTTP in both modes: PIN_MESSAGES, the pin system message and
// events, ISO `before` paging; reaction add/remove/moderation, emoji path values, the
// `?session_id=` exclusion rule (§4.4), listing with [B] paging headers and the [B] /users
// variant.

#include <gtest/gtest.h>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

class InteractionsTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Emu emu{rest_options(GetParam())};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  Api alice{*emu.server, emu.demo.human_token};
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  [[nodiscard]] std::string channel_path() const { return "/channels/" + emu.demo.general_channel_id.str(); }

  Snowflake say(Snowflake as, const std::string& content, std::optional<Snowflake> channel = {}) {
    auto m = emu.server->send_message(as, channel.value_or(emu.demo.general_channel_id), content);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
    return m.ok() ? m->id : Snowflake{};
  }
  void give_bot_role(std::uint64_t permissions) {
    emu.server->with_world([&](World& w) {
      auto& role = w.add_role(emu.demo.guild_id, "bot-role", permissions);
      w.member(emu.demo.guild_id, emu.demo.bot_user_id)->roles.push_back(role.id);
    });
  }
  [[nodiscard]] std::string reactions(const Snowflake& message, const std::string& suffix = {}) const {
    return channel_path() + "/messages/" + message.str() + "/reactions" + suffix;
  }
};

const std::string kThumbs = "%F0%9F%91%8D";  // 👍
const std::string kThumbsRaw = "\xF0\x9F\x91\x8D";

TEST_P(InteractionsTest, PinsNeedPinMessagesAndAnnounceThemselves) {
  const auto id = say(emu.demo.human_id, "pin me").str();
  expect_error(bot.put(channel_path() + "/pins/" + id), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kPinMessages);
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_EQ(bot.put(channel_path() + "/pins/" + id).status, 204);
  auto names = names_until(s.gw, "MESSAGE_CREATE");
  EXPECT_EQ(names, (std::vector<std::string>{"MESSAGE_UPDATE", "CHANNEL_PINS_UPDATE", "MESSAGE_CREATE"}));
  auto messages = bot.get(channel_path() + "/messages?limit=2").json();
  ASSERT_EQ(messages.Size(), 2U);
  EXPECT_EQ(messages[0]["type"].GetInt(), 6);  // CHANNEL_PINNED_MESSAGE, by the pinner
  EXPECT_EQ(str(messages[0]["author"]["id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(str(messages[0]["message_reference"]["message_id"]), id);
  EXPECT_TRUE(messages[1]["pinned"].GetBool());
  // Idempotent: a second pin changes nothing.
  ASSERT_EQ(bot.put(channel_path() + "/pins/" + id).status, 204);
  // A system message cannot be pinned.
  expect_error(bot.put(channel_path() + "/pins/" + str(messages[0]["id"])), 400, "CANNOT_MODIFY_SYSTEM_WEBHOOK");
  expect_error(bot.put(channel_path() + "/pins/1"), 404, "UNKNOWN_MESSAGE");

  ASSERT_EQ(bot.del(channel_path() + "/pins/" + id).status, 204);
  auto update = s.next("MESSAGE_UPDATE");
  ASSERT_TRUE(update.IsObject());
  EXPECT_FALSE(update["d"]["pinned"].GetBool());
  auto pins_update = s.next("CHANNEL_PINS_UPDATE");
  ASSERT_TRUE(pins_update.IsObject());
  EXPECT_TRUE(pins_update["d"]["last_pin_timestamp"].IsString());  // unchanged by an unpin
}

TEST_P(InteractionsTest, PinListPagesByIsoTimestamp) {
  give_bot_role(permission::kPinMessages);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(say(emu.demo.human_id, "p" + std::to_string(i)).str());
    ASSERT_EQ(bot.put(channel_path() + "/pins/" + ids.back()).status, 204);
  }
  auto page = bot.get(channel_path() + "/messages/pins?limit=2");
  ASSERT_EQ(page.status, 200) << page.body;
  auto d = page.json();
  ASSERT_EQ(d["items"].Size(), 2U);
  EXPECT_TRUE(d["has_more"].GetBool());
  EXPECT_EQ(str(d["items"][0]["message"]["id"]), ids[2]);  // newest pin first
  EXPECT_EQ(str(d["items"][1]["message"]["id"]), ids[1]);
  EXPECT_TRUE(d["items"][0]["pinned_at"].IsString());
  EXPECT_FALSE(d["items"][0]["message"].HasMember("referenced_message"));
  auto rest = bot.get(channel_path() + "/messages/pins?before=" + str(d["items"][1]["pinned_at"])).json();
  ASSERT_EQ(rest["items"].Size(), 1U);
  EXPECT_EQ(str(rest["items"][0]["message"]["id"]), ids[0]);
  EXPECT_FALSE(rest["has_more"].GetBool());
  expect_error(bot.get(channel_path() + "/messages/pins?limit=51"), 400, "INVALID_FORM_BODY");
  expect_error(bot.get(channel_path() + "/messages/pins?before=yesterday"), 400, "INVALID_FORM_BODY");
  expect_error(bot.get("/channels/" + emu.demo.category_id.str() + "/messages/pins"), 400,
               "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL");
}

TEST_P(InteractionsTest, AddAndRemoveOwnReaction) {
  const auto id = say(emu.demo.human_id, "react to me");
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_EQ(bot.put(reactions(id, "/" + kThumbs + "/@me")).status, 204);
  auto add = s.next("MESSAGE_REACTION_ADD");
  ASSERT_TRUE(add.IsObject());
  const auto& d = add["d"];
  EXPECT_EQ(str(d["user_id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(str(d["message_id"]), id.str());
  EXPECT_EQ(str(d["emoji"]["name"]), kThumbsRaw);
  EXPECT_TRUE(d["member"].HasMember("user"));
  EXPECT_EQ(str(d["guild_id"]), emu.demo.guild_id.str());
  auto message = bot.get(channel_path() + "/messages/" + id.str()).json();
  EXPECT_EQ(message["reactions"][0]["count"].GetInt(), 1);
  EXPECT_TRUE(message["reactions"][0]["me"].GetBool());

  ASSERT_EQ(bot.del(reactions(id, "/" + kThumbs + "/@me")).status, 204);
  EXPECT_TRUE(s.next("MESSAGE_REACTION_REMOVE").IsObject());
  // Removing a reaction one does not hold still answers 204 and announces the removal.
  ASSERT_EQ(bot.del(reactions(id, "/" + kThumbs + "/@me")).status, 204);
  EXPECT_TRUE(s.next("MESSAGE_REACTION_REMOVE").IsObject());
  // Unknown messages: PUT 404, DELETE @me 204.
  expect_error(bot.put(channel_path() + "/messages/1/reactions/" + kThumbs + "/@me"), 404, "UNKNOWN_MESSAGE");
  EXPECT_EQ(bot.del(channel_path() + "/messages/1/reactions/" + kThumbs + "/@me").status, 204);
}

TEST_P(InteractionsTest, CustomAndInvalidEmoji) {
  const auto id = say(emu.demo.human_id, "emoji");
  Snowflake emoji_id;
  emu.server->with_world(
      [&](World& w) { emoji_id = w.add_emoji(emu.demo.guild_id, "party", emu.demo.human_id, true).id; });
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_EQ(bot.put(reactions(id, "/party:" + emoji_id.str() + "/@me")).status, 204);
  auto add = s.next("MESSAGE_REACTION_ADD");
  ASSERT_TRUE(add.IsObject());
  EXPECT_EQ(str(add["d"]["emoji"]["id"]), emoji_id.str());
  EXPECT_EQ(str(add["d"]["emoji"]["name"]), "party");
  EXPECT_TRUE(add["d"]["emoji"]["animated"].GetBool());
  expect_error(bot.put(reactions(id, "/nope:123456789/@me")), 400, "CUSTOM_EMOJI_NOT_FOUND");
  // [B] validates a new Unicode group; plain ASCII is no emoji.
  auto ascii = bot.put(reactions(id, "/abc/@me"));
  if (b())
    expect_error(ascii, 400, "NOT_A_VALID_UNICODE_EMOJI");
  else
    EXPECT_EQ(ascii.status, 204);
  expect_error(bot.put(reactions(id, "/" + std::string(65, 'x') + "/@me")), 400, "INVALID_FORM_BODY");
}

TEST_P(InteractionsTest, SessionIdExcludesTheCallersSessionInGuilds) {
  const auto id = say(emu.demo.human_id, "exclusion");
  Session mine, human;
  ASSERT_TRUE(mine.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_TRUE(human.open(*emu.server, emu.demo.human_token));
  const auto session_id = emu.server->connections().front().session_id;  // the first connection is the bot's
  ASSERT_EQ(bot.put(reactions(id, "/" + kThumbs + "/@me?session_id=" + session_id)).status, 204);
  ASSERT_EQ(bot.post(channel_path() + "/typing", "").status, 204);  // a marker after it
  auto names = names_until(mine.gw, "TYPING_START");
  EXPECT_EQ(std::count(names.begin(), names.end(), "MESSAGE_REACTION_ADD"), 0);
  ASSERT_EQ(names.back(), "TYPING_START");
  auto seen = human.next("MESSAGE_REACTION_ADD");  // other sessions still get it
  ASSERT_TRUE(seen.IsObject());
  EXPECT_FALSE(seen["d"].HasMember("session_id"));
  expect_error(bot.put(reactions(id, "/" + kThumbs + "/@me?session_id=" + std::string(65, 'a'))), 400,
               "INVALID_FORM_BODY");
}

TEST_P(InteractionsTest, SessionIdIsEchoedInDirectMessages) {
  Snowflake dm;
  emu.server->with_world([&](World& w) { dm = w.open_dm(emu.demo.bot_user_id, emu.demo.human_id).id; });
  const auto id = say(emu.demo.human_id, "dm", dm);
  Session mine;
  ASSERT_TRUE(mine.open(*emu.server, emu.demo.bot_token, 1));
  const auto session_id = emu.server->connections().front().session_id;
  ASSERT_EQ(bot.put("/channels/" + dm.str() + "/messages/" + id.str() + "/reactions/" + kThumbs +
                    "/@me?session_id=" + session_id)
                .status,
            204);
  auto ev = mine.next("MESSAGE_REACTION_ADD");  // nobody is excluded in DMs
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["session_id"]), session_id);
  EXPECT_FALSE(ev["d"].HasMember("guild_id"));
}

TEST_P(InteractionsTest, ListReactionUsersWithPaging) {
  const auto id = say(emu.demo.human_id, "popular");
  auto bob = add_member_user(*emu.server, emu.demo.guild_id, "bob");
  auto carol = add_member_user(*emu.server, emu.demo.guild_id, "carol");
  for (auto user : {carol.first, emu.demo.human_id, bob.first})
    ASSERT_TRUE(emu.server->add_reaction(user, emu.demo.general_channel_id, id, kThumbsRaw).ok());
  std::vector<std::string> sorted{emu.demo.human_id.str(), bob.first.str(), carol.first.str()};
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    return Snowflake::parse(a)->value() < Snowflake::parse(b)->value();
  });
  auto first = bot.get(reactions(id, "/" + kThumbs + "?limit=2"));
  ASSERT_EQ(first.status, 200) << first.body;
  auto users = first.json();
  ASSERT_EQ(users.Size(), 2U);
  EXPECT_EQ(str(users[0]["id"]), sorted[0]);  // ascending user ids
  EXPECT_EQ(str(users[1]["id"]), sorted[1]);
  EXPECT_EQ(first.header("x-has-more").has_value(), b());
  if (b()) {
    EXPECT_EQ(*first.header("x-has-more"), "true");
    EXPECT_EQ(first.header("x-next-after").value_or(""), sorted[1]);
  }
  auto second = bot.get(reactions(id, "/" + kThumbs + "?after=" + sorted[1]));
  ASSERT_EQ(second.json().Size(), 1U);
  EXPECT_EQ(str(second.json()[0]["id"]), sorted[2]);
  if (b()) {
    EXPECT_EQ(second.header("x-has-more").value_or(""), "false");
    EXPECT_FALSE(second.header("x-next-after").has_value());
  }
  // [B] /users: the same page in the body.
  auto paged = bot.get(reactions(id, "/" + kThumbs + "/users?limit=2"));
  if (b()) {
    ASSERT_EQ(paged.status, 200) << paged.body;
    auto d = paged.json();
    EXPECT_EQ(d["items"].Size(), 2U);
    EXPECT_TRUE(d["has_more"].GetBool());
    EXPECT_EQ(str(d["next_after"]), sorted[1]);
    auto last = bot.get(reactions(id, "/" + kThumbs + "/users?after=" + sorted[1])).json();
    EXPECT_FALSE(last["has_more"].GetBool());
    EXPECT_TRUE(last["next_after"].IsNull());
  } else {
    EXPECT_EQ(paged.status, 404);
  }
  // An emoji without a group: an empty list.
  EXPECT_EQ(bot.get(reactions(id, "/%F0%9F%98%80")).body, "[]");
  if (b()) expect_error(bot.get(reactions(id, "/" + kThumbs + "?limit=101")), 400, "INVALID_FORM_BODY");
}

TEST_P(InteractionsTest, ModerationRemovals) {
  const auto id = say(emu.demo.human_id, "moderate me");
  ASSERT_TRUE(emu.server->add_reaction(emu.demo.human_id, emu.demo.general_channel_id, id, kThumbsRaw).ok());
  ASSERT_TRUE(emu.server->add_reaction(emu.demo.human_id, emu.demo.general_channel_id, id, "\xF0\x9F\x98\x80").ok());
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const auto user_path = reactions(id, "/" + kThumbs + "/" + emu.demo.human_id.str());
  expect_error(bot.del(user_path), 403, "MISSING_PERMISSIONS");
  expect_error(bot.del(reactions(id, "/" + kThumbs)), 403, "MISSING_PERMISSIONS");
  expect_error(bot.del(reactions(id)), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageMessages);
  ASSERT_EQ(bot.del(user_path).status, 204);
  auto removed = s.next("MESSAGE_REACTION_REMOVE");
  ASSERT_TRUE(removed.IsObject());
  EXPECT_EQ(str(removed["d"]["user_id"]), emu.demo.human_id.str());
  ASSERT_EQ(bot.del(reactions(id, "/%F0%9F%98%80")).status, 204);
  auto emoji = s.next("MESSAGE_REACTION_REMOVE_EMOJI");
  ASSERT_TRUE(emoji.IsObject());
  EXPECT_EQ(str(emoji["d"]["emoji"]["name"]), "\xF0\x9F\x98\x80");
  ASSERT_EQ(bot.del(reactions(id)).status, 204);
  auto all = s.next("MESSAGE_REACTION_REMOVE_ALL");
  ASSERT_TRUE(all.IsObject());
  EXPECT_FALSE(all["d"].HasMember("emoji"));
  EXPECT_FALSE(bot.get(channel_path() + "/messages/" + id.str()).json().HasMember("reactions"));
}

TEST_P(InteractionsTest, RemoveEmojiInDirectMessagesPerMode) {
  Snowflake dm;
  emu.server->with_world([&](World& w) { dm = w.open_dm(emu.demo.bot_user_id, emu.demo.human_id).id; });
  // The bot's own message: its author may clear reactions anywhere.
  auto m = emu.server->send_message(emu.demo.bot_user_id, dm, "dm message");
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(emu.server->add_reaction(emu.demo.human_id, dm, m->id, kThumbsRaw).ok());
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_EQ(bot.del("/channels/" + dm.str() + "/messages/" + m->id.str() + "/reactions/" + kThumbs).status, 204);
  // [A] sends REMOVE_ALL instead of REMOVE_EMOJI in private channels.
  auto ev = s.next(b() ? "MESSAGE_REACTION_REMOVE_EMOJI" : "MESSAGE_REACTION_REMOVE_ALL");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["emoji"]["name"]), kThumbsRaw);
}

INSTANTIATE_TEST_SUITE_P(Modes, InteractionsTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
