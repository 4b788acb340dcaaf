// Gateway sessions over real sockets: heartbeats (op 1, 4009), sequence rules (4007),
// RESUME and replay with the [A]/[B] RESUMED shapes, op 9, op 7 on resume elsewhere,
// ignored_events, [B] sharding (4010/4011), and the events scripting produces.

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace fluxer::emulator::test {
namespace {

class SessionTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  bool b() const { return GetParam() == ProtocolMode::B; }
  ServerOptions options() const { return fast_options(GetParam()); }
  // Logs in and consumes the whole burst; returns the session id.
  static std::string login_and_burst(Gw& gw, const Emu& emu, bool b, const std::string& extra = "") {
    auto sid = gw.login(emu.demo.bot_token, extra);
    if (sid.empty()) return sid;
    // The demo world: [A] two `unavailable` stubs then one full GUILD_CREATE; [B] one
    // GUILD_CREATE and a GUILD_DELETE stub for the unavailable guild.
    for (int i = 0; i < (b ? 1 : 3); ++i)
      if (!gw.until_dispatch("GUILD_CREATE").IsObject()) return {};
    if (b && !gw.until_dispatch("GUILD_DELETE").IsObject()) return {};
    return sid;
  }
};

std::string str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

TEST_P(SessionTest, SilentClientIsAskedThenClosed4009) {
  auto o = options();
  o.heartbeat_interval = std::chrono::milliseconds{150};
  Emu emu(o);
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_EQ(gw.hello(), 150);
  const auto start = std::chrono::steady_clock::now();
  auto ask = gw.until_op(1, 3s);
  ASSERT_TRUE(ask.IsObject());
  EXPECT_TRUE(ask["d"].IsNull());  // server op 1 has d: null
  // Asked at >= 90 % of the interval.
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds{135});
  auto f = gw.ws.wait_close(3s);
  EXPECT_EQ(f.close_code, 4009);
  EXPECT_EQ(f.close_reason, "Heartbeat timeout");
  // Closed only after the timeout (45/41.25 of the interval) passed while waiting.
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds{163});
}

TEST_P(SessionTest, AnsweringServerHeartbeatRequestsKeepsTheConnection) {
  auto o = options();
  // Long enough that a loaded machine answers within one tick (interval / 3).
  o.heartbeat_interval = std::chrono::milliseconds{600};
  Emu emu(o);
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  // Answer three requests: the connection outlives several timeouts.
  for (int i = 0; i < 3; ++i) {
    auto ask = gw.until_op(1, 3s);
    ASSERT_TRUE(ask.IsObject()) << "round " << i << " kind " << static_cast<int>(gw.last.kind);
    ASSERT_TRUE(gw.send(R"({"op":1,"d":null})"));
    ASSERT_TRUE(gw.until_op(11, 3s).IsObject());
  }
}

TEST_P(SessionTest, HeartbeatSequenceRules) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(login_and_burst(gw, emu, b()).empty());
  ASSERT_TRUE(gw.send(R"({"op":1,"d":2})"));
  ASSERT_TRUE(gw.until_op(11).IsObject());
  ASSERT_TRUE(gw.send(R"({"op":1,"d":1})"));  // lower than acknowledged
  if (b()) {
    ASSERT_TRUE(gw.until_op(11).IsObject());      // [B] ignores it
    ASSERT_TRUE(gw.send(R"({"op":1,"d":"2"})"));  // not an integer
  }
  auto f = gw.ws.wait_close();
  EXPECT_EQ(f.close_code, 4007);  // [A] on the lower seq, [B] on the string
  EXPECT_EQ(f.close_reason, "Invalid sequence");
}

TEST_P(SessionTest, HeartbeatWithoutDCloses4001) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(login_and_burst(gw, emu, b()).empty());
  ASSERT_TRUE(gw.send(R"({"op":1})"));
  EXPECT_EQ(gw.ws.wait_close().close_code, 4001);
}

TEST_P(SessionTest, ResumeReplaysMissedEventsThenResumed) {
  Emu emu(options());
  Gw first;
  ASSERT_TRUE(first.connect(*emu.server));
  const auto sid = login_and_burst(first, emu, b());
  ASSERT_FALSE(sid.empty());
  auto m1 = emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "one");
  ASSERT_TRUE(m1.ok());
  auto e1 = first.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(e1.IsObject());
  const auto seen_seq = e1["s"].GetInt64();
  first.ws.close_socket();  // transport drop
  ASSERT_TRUE(emu.server->wait_for_connections_at_most(0, 5s));
  // Two events while disconnected.
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "two").ok());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "three").ok());

  Gw second;
  ASSERT_TRUE(second.connect(*emu.server));
  ASSERT_GT(second.hello(), 0);
  ASSERT_TRUE(second.send(R"({"op":6,"d":{"token":")" + emu.demo.bot_token + R"(","session_id":")" + sid +
                          R"(","seq":)" + std::to_string(seen_seq) + "}}"));
  auto r2 = second.next();
  ASSERT_TRUE(r2.IsObject());
  EXPECT_EQ(str(r2["t"]), "MESSAGE_CREATE");
  EXPECT_EQ(str(r2["d"]["content"]), "two");
  EXPECT_EQ(r2["s"].GetInt64(), seen_seq + 1);
  auto r3 = second.next();
  ASSERT_TRUE(r3.IsObject());
  EXPECT_EQ(str(r3["d"]["content"]), "three");
  EXPECT_EQ(r3["s"].GetInt64(), seen_seq + 2);
  auto resumed = second.next();
  ASSERT_TRUE(resumed.IsObject());
  EXPECT_EQ(str(resumed["t"]), "RESUMED");
  if (b()) {
    EXPECT_TRUE(resumed["d"].IsObject());
    EXPECT_EQ(resumed["s"].GetInt64(), seen_seq + 2);  // [B]: the current seq
  } else {
    EXPECT_TRUE(resumed["d"].IsNull());
    EXPECT_EQ(resumed["s"].GetInt64(), seen_seq);  // [A]: the seq the client sent
  }
  // Live events continue with the next seq.
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "four").ok());
  auto r4 = second.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(r4.IsObject());
  EXPECT_EQ(r4["s"].GetInt64(), seen_seq + 3);
}

TEST_P(SessionTest, BurstAndReadyAreNotReplayedOnB) {
  Emu emu(options());
  Gw first;
  ASSERT_TRUE(first.connect(*emu.server));
  const auto sid = login_and_burst(first, emu, b());
  ASSERT_FALSE(sid.empty());
  first.ws.close_socket();
  ASSERT_TRUE(emu.server->wait_for_connections_at_most(0, 5s));
  Gw second;
  ASSERT_TRUE(second.connect(*emu.server));
  ASSERT_GT(second.hello(), 0);
  ASSERT_TRUE(
      second.send(R"({"op":6,"d":{"token":")" + emu.demo.bot_token + R"(","session_id":")" + sid + R"(","seq":1}})"));
  auto first_frame = second.next();
  ASSERT_TRUE(first_frame.IsObject());
  // [B] never retains the burst: RESUMED comes at once. [A] replays the GUILD_CREATEs.
  EXPECT_EQ(str(first_frame["t"]), b() ? "RESUMED" : "GUILD_CREATE");
}

TEST_P(SessionTest, ResumeFailures) {
  Emu emu(options());
  Gw first;
  ASSERT_TRUE(first.connect(*emu.server));
  const auto sid = login_and_burst(first, emu, b());
  ASSERT_FALSE(sid.empty());
  first.ws.close_socket();
  ASSERT_TRUE(emu.server->wait_for_connections_at_most(0, 5s));

  auto resume = [&](const std::string& token, const std::string& session, const std::string& seq) {
    return R"({"op":6,"d":{"token":")" + token + R"(","session_id":")" + session + R"(","seq":)" + seq + "}}";
  };
  {  // unknown session: op 9 false, the socket stays open and Identify works on it
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.send(resume(emu.demo.bot_token, "0123456789abcdef0123456789abcdef", "1")));
    auto op9 = gw.next();
    ASSERT_TRUE(op9.IsObject());
    EXPECT_EQ(op9["op"].GetInt(), 9);
    EXPECT_TRUE(op9["d"].IsFalse());
    ASSERT_TRUE(gw.identify(emu.demo.bot_token));
    EXPECT_TRUE(gw.until_dispatch("READY").IsObject());
  }
  {  // a seq ahead of the session: 4007
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.send(resume(emu.demo.bot_token, sid, "999")));
    EXPECT_EQ(gw.ws.wait_close().close_code, 4007);
  }
  {  // 4007 refused only that attempt: the session keeps its state, a valid seq resumes it
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.send(resume(emu.demo.bot_token, sid, "1")));
    EXPECT_TRUE(gw.until_dispatch("RESUMED").IsObject());
  }
  {  // another user's token: 4004
    Gw owner;
    ASSERT_TRUE(owner.connect(*emu.server));
    const auto sid2 = login_and_burst(owner, emu, b());
    ASSERT_FALSE(sid2.empty());
    owner.ws.close_socket();
    ASSERT_TRUE(emu.server->wait_for_connections_at_most(0, 5s));
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.send(resume(emu.demo.human_token, sid2, "1")));
    EXPECT_EQ(gw.ws.wait_close().close_code, 4004);
  }
  {  // malformed resume payload
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.send(R"({"op":6,"d":{"token":"x","session_id":"y"}})"));
    auto f = gw.ws.wait_close();
    if (b()) {
      EXPECT_EQ(f.close_code, 4002);
      EXPECT_EQ(f.close_reason, "Invalid resume payload");
    } else {
      EXPECT_EQ(f.kind, WsFrame::Kind::Eof);  // [A]: the handler crashes, no close frame
    }
  }
}

TEST_P(SessionTest, ResumeWithALowerSeqThanAcknowledged) {
  Emu emu(options());
  Gw first;
  ASSERT_TRUE(first.connect(*emu.server));
  const auto sid = login_and_burst(first, emu, b());
  ASSERT_FALSE(sid.empty());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "x").ok());
  auto ev = first.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  const auto seq = ev["s"].GetInt64();
  ASSERT_TRUE(first.send(R"({"op":1,"d":)" + std::to_string(seq) + "}"));
  ASSERT_TRUE(first.until_op(11).IsObject());
  first.ws.close_socket();
  ASSERT_TRUE(emu.server->wait_for_connections_at_most(0, 5s));
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(
      gw.send(R"({"op":6,"d":{"token":")" + emu.demo.bot_token + R"(","session_id":")" + sid + R"(","seq":1}})"));
  if (b()) {
    EXPECT_EQ(gw.ws.wait_close().close_code, 4007);  // [B]: below the acknowledged seq
  } else {
    auto r = gw.until_dispatch("RESUMED");  // [A] has no such check
    EXPECT_TRUE(r.IsObject());
  }
}

TEST_P(SessionTest, ResumingElsewhereDisplacesTheOldSocket) {
  Emu emu(options());
  Gw old_socket;
  ASSERT_TRUE(old_socket.connect(*emu.server));
  const auto sid = login_and_burst(old_socket, emu, b());
  ASSERT_FALSE(sid.empty());
  Gw fresh;
  ASSERT_TRUE(fresh.connect(*emu.server));
  ASSERT_GT(fresh.hello(), 0);
  ASSERT_TRUE(
      fresh.send(R"({"op":6,"d":{"token":")" + emu.demo.bot_token + R"(","session_id":")" + sid + R"(","seq":1}})"));
  ASSERT_TRUE(fresh.until_dispatch("RESUMED").IsObject());
  if (b()) {
    auto op7 = old_socket.until_op(7);
    ASSERT_TRUE(op7.IsObject());
    EXPECT_FALSE(op7.HasMember("d"));
  }
  auto f = old_socket.ws.wait_close();
  EXPECT_EQ(f.close_code, 4000);
}

TEST_P(SessionTest, IgnoredEventsAreDroppedWithoutConsumingSeq) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(login_and_burst(gw, emu, b(), R"(,"ignored_events":["typing_start"])").empty());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "a").ok());
  auto a = gw.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(a.IsObject());
  ASSERT_TRUE(emu.server->start_typing(emu.demo.human_id, emu.demo.general_channel_id).ok());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "b").ok());
  auto next = gw.next();
  ASSERT_TRUE(next.IsObject());
  EXPECT_EQ(str(next["t"]), "MESSAGE_CREATE");             // TYPING_START was dropped...
  EXPECT_EQ(next["s"].GetInt64(), a["s"].GetInt64() + 1);  // ...and took no seq
}

TEST_P(SessionTest, IgnoredMessageCreateStillArrivesWhenItMentionsTheBotOnB) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(login_and_burst(gw, emu, b(), R"(,"ignored_events":["MESSAGE_CREATE"])").empty());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "plain").ok());
  ASSERT_TRUE(
      emu.server
          ->send_message(emu.demo.human_id, emu.demo.general_channel_id, "hey <@" + emu.demo.bot_user_id.str() + ">")
          .ok());
  auto ev = gw.until_dispatch("MESSAGE_CREATE", 500ms);
  if (b()) {
    ASSERT_TRUE(ev.IsObject());
    EXPECT_EQ(str(ev["d"]["content"]), "hey <@" + emu.demo.bot_user_id.str() + ">");
  } else {
    EXPECT_FALSE(ev.IsObject());
  }
}

TEST_P(SessionTest, Sharding) {
  auto o = options();
  o.max_guilds_per_shard = 2;  // the bot will hold 3: the demo's two (one unavailable) and a second
  Emu emu(o);
  const int demo_shard = static_cast<int>((emu.demo.guild_id.value() >> 22U) % 2U);
  // A second guild for the bot on the other shard of 2 (ids are time-based: retry until
  // the millisecond parity differs).
  const auto second_guild = emu.server->query([&](World& w) {
    for (;;) {
      const auto id = w.add_guild("Second", emu.demo.human_id).id;
      if (static_cast<int>((id.value() >> 22U) % 2U) != demo_shard) {
        w.add_member(id, emu.demo.bot_user_id);
        return id;
      }
      w.remove_guild(id);
    }
  });

  if (!b()) {  // [A] ignores `shard` entirely
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_FALSE(gw.login(emu.demo.bot_token, R"(,"shard":[5,2])").empty());
    return;
  }
  for (const char* bad :
       {R"(,"shard":[2,2])", R"(,"shard":[0,0])", R"(,"shard":[-1,2])", R"(,"shard":"0,1")", R"(,"shard":[0,16385])"}) {
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.identify(emu.demo.bot_token, bad));
    EXPECT_EQ(gw.ws.wait_close().close_code, 4010) << bad;
  }
  {  // unsharded, the bot holds 3 guilds > max 2: sharding required
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.identify(emu.demo.bot_token));
    EXPECT_EQ(gw.ws.wait_close().close_code, 4011);
  }
  Gw s0, s1;
  ASSERT_TRUE(s0.connect(*emu.server));
  ASSERT_TRUE(s1.connect(*emu.server));
  ASSERT_FALSE(s0.login(emu.demo.bot_token, R"(,"shard":[0,2])").empty());
  ASSERT_FALSE(s1.login(emu.demo.bot_token, R"(,"shard":[1,2])").empty());
  // Each shard's burst holds only its own guild.
  auto g0 = s0.until_dispatch("GUILD_CREATE");
  auto g1 = s1.until_dispatch("GUILD_CREATE");
  ASSERT_TRUE(g0.IsObject());
  ASSERT_TRUE(g1.IsObject());
  const auto demo_id = emu.demo.guild_id.str();
  EXPECT_EQ(str((demo_shard == 0 ? g0 : g1)["d"]["id"]), demo_id);
  EXPECT_EQ(str((demo_shard == 0 ? g1 : g0)["d"]["id"]), second_guild.str());
  // A guild event reaches only the owning shard; a DM only shard 0.
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "sharded").ok());
  Gw& owner = demo_shard == 0 ? s0 : s1;
  EXPECT_TRUE(owner.until_dispatch("MESSAGE_CREATE").IsObject());
  const auto dm = emu.server->query([&](World& w) { return w.open_dm(emu.demo.human_id, emu.demo.bot_user_id).id; });
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, dm, "direct").ok());
  auto dm_ev = s0.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(dm_ev.IsObject());
  EXPECT_EQ(str(dm_ev["d"]["content"]), "direct");
  EXPECT_FALSE(dm_ev["d"].HasMember("guild_id"));
  // Nothing else: shard 1 never gets the DM, the non-owning shard never the guild message.
  EXPECT_FALSE(s1.until_dispatch("MESSAGE_CREATE", 300ms).IsObject());
  EXPECT_FALSE(s0.until_dispatch("MESSAGE_CREATE", 100ms).IsObject());
}

TEST_P(SessionTest, ScriptedHumanActionsProduceEvents) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(login_and_burst(gw, emu, b()).empty());
  const auto g = emu.demo.guild_id;
  const auto ch = emu.demo.general_channel_id;

  auto bob = emu.server->create_user("bob");
  ASSERT_TRUE(emu.server->join_guild(g, bob.id).ok());
  auto add = gw.until_dispatch("GUILD_MEMBER_ADD");
  ASSERT_TRUE(add.IsObject());
  EXPECT_EQ(str(add["d"]["guild_id"]), g.str());
  EXPECT_EQ(str(add["d"]["user"]["username"]), "bob");

  auto msg = emu.server->send_message(bob.id, ch, "hi from bob");
  ASSERT_TRUE(msg.ok());
  ASSERT_TRUE(emu.server->add_reaction(bob.id, ch, msg->id, "👍").ok());
  auto react = gw.until_dispatch("MESSAGE_REACTION_ADD");
  ASSERT_TRUE(react.IsObject());
  EXPECT_EQ(str(react["d"]["user_id"]), bob.id.str());
  EXPECT_EQ(str(react["d"]["emoji"]["name"]), "👍");
  EXPECT_TRUE(react["d"]["member"].HasMember("user"));  // reactions carry member with user
  ASSERT_TRUE(emu.server->remove_reaction(bob.id, ch, msg->id, "👍").ok());
  EXPECT_TRUE(gw.until_dispatch("MESSAGE_REACTION_REMOVE").IsObject());

  ASSERT_TRUE(emu.server->start_typing(bob.id, ch).ok());
  auto typing = gw.until_dispatch("TYPING_START");
  ASSERT_TRUE(typing.IsObject());
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto ts = typing["d"]["timestamp"].GetInt64();
  if (b())
    EXPECT_NEAR(static_cast<double>(ts), static_cast<double>(now_s), 5.0);  // seconds
  else
    EXPECT_NEAR(static_cast<double>(ts) / 1000.0, static_cast<double>(now_s), 5.0);  // milliseconds

  auto created = emu.server->create_channel(g, ChannelType::GuildText, "new-channel", emu.demo.category_id);
  ASSERT_TRUE(created.ok());
  auto cc = gw.until_dispatch("CHANNEL_CREATE");
  ASSERT_TRUE(cc.IsObject());
  EXPECT_EQ(str(cc["d"]["name"]), "new-channel");
  EXPECT_EQ(str(cc["d"]["parent_id"]), emu.demo.category_id.str());

  ASSERT_TRUE(emu.server->leave_guild(g, bob.id).ok());
  auto removed = gw.until_dispatch("GUILD_MEMBER_REMOVE");
  ASSERT_TRUE(removed.IsObject());
  EXPECT_EQ(removed["d"]["user"].MemberCount(), 1U);  // only the id
  EXPECT_EQ(str(removed["d"]["user"]["id"]), bob.id.str());

  // The bot itself is removed: its session gets GUILD_DELETE {id}.
  ASSERT_TRUE(emu.server->leave_guild(g, emu.demo.bot_user_id).ok());
  auto gone = gw.until_dispatch("GUILD_DELETE");
  ASSERT_TRUE(gone.IsObject());
  EXPECT_EQ(str(gone["d"]["id"]), g.str());
  EXPECT_FALSE(gone["d"].HasMember("unavailable"));
  // ...and joining again brings a full GUILD_CREATE.
  ASSERT_TRUE(emu.server->join_guild(g, emu.demo.bot_user_id).ok());
  auto back = gw.until_dispatch("GUILD_CREATE");
  ASSERT_TRUE(back.IsObject());
  EXPECT_TRUE(back["d"].HasMember("properties"));
}

TEST_P(SessionTest, EventsFollowChannelVisibility) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(login_and_burst(gw, emu, b()).empty());
  // Hide #bot-commands from the bot with a member overwrite.
  emu.server->with_world([&](World& w) {
    w.channel(emu.demo.commands_channel_id)
        ->permission_overwrites.push_back(
            {emu.demo.bot_user_id, PermissionOverwrite::Type::Member, 0, permission::kViewChannel});
  });
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.commands_channel_id, "hidden").ok());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "visible").ok());
  auto ev = gw.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["content"]), "visible");
}

TEST_P(SessionTest, RotatingTheTokenEndsSessions) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(login_and_burst(gw, emu, b()).empty());
  auto token = emu.server->rotate_bot_token(emu.demo.application_id);
  ASSERT_TRUE(token.ok());
  EXPECT_NE(*token, emu.demo.bot_token);
  auto op9 = gw.until_op(9);
  ASSERT_TRUE(op9.IsObject());
  EXPECT_TRUE(op9["d"].IsFalse());
  ASSERT_TRUE(gw.identify(emu.demo.bot_token));
  EXPECT_EQ(gw.ws.wait_close().close_code, 4004);  // the old token is dead
}

INSTANTIATE_TEST_SUITE_P(Modes, SessionTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
