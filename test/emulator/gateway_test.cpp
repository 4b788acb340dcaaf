// Gateway over real sockets: HELLO, version check, IDENTIFY and READY, the bot guild burst,
// decode errors and close codes, compression in both modes, fault injection.

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace fluxer::emulator::test {
namespace {

class GatewayTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  bool b() const { return GetParam() == ProtocolMode::B; }
  ServerOptions options() const { return fast_options(GetParam()); }
};

std::string str(const rapidjson::Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

TEST_P(GatewayTest, HelloIsTheFirstFrameWithTheConfiguredInterval) {
  auto o = options();
  o.heartbeat_interval = std::chrono::milliseconds{12'345};
  Emu emu(o);
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server)) << gw.ws.error();
  auto hello = gw.next();
  ASSERT_TRUE(hello.IsObject());
  EXPECT_EQ(gw.last.kind, WsFrame::Kind::Text);  // uncompressed frames are text
  EXPECT_EQ(hello["op"].GetInt(), 10);
  EXPECT_EQ(hello["d"]["heartbeat_interval"].GetInt(), 12'345);
  EXPECT_FALSE(hello.HasMember("s"));
  EXPECT_FALSE(hello.HasMember("t"));
  // The gateway also listens on "/".
  WsClient root;
  ASSERT_TRUE(root.connect(emu.server->port(), "/?v=1&encoding=json"));
  EXPECT_EQ(root.next().kind, WsFrame::Kind::Text);
}

TEST_P(GatewayTest, DefaultHeartbeatIntervalIs41250) {
  auto o = options();
  o.heartbeat_interval = ServerOptions{}.heartbeat_interval;
  Emu emu(o);
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  EXPECT_EQ(gw.hello(), 41'250);
}

TEST_P(GatewayTest, BadApiVersionClosesWith4012BeforeHello) {
  Emu emu(options());
  for (const char* query : {"?v=2&encoding=json", "?encoding=json", ""}) {
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server, query));
    auto f = gw.ws.next_data();
    ASSERT_EQ(f.kind, WsFrame::Kind::Close) << query;
    EXPECT_EQ(f.close_code, 4012);
    EXPECT_EQ(f.close_reason, "Invalid API version");
  }
  // Any encoding value selects JSON.
  Gw etf;
  ASSERT_TRUE(etf.connect(*emu.server, "?v=1&encoding=etf"));
  EXPECT_EQ(etf.hello(), 60'000);
}

TEST_P(GatewayTest, IdentifyGivesReadyThenTheGuildBurst) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.identify(emu.demo.bot_token));
  auto ready = gw.next();
  ASSERT_TRUE(ready.IsObject());
  EXPECT_EQ(ready["op"].GetInt(), 0);
  EXPECT_EQ(str(ready["t"]), "READY");
  EXPECT_EQ(ready["s"].GetInt(), 1);
  const auto& d = ready["d"];
  EXPECT_EQ(d["session_id"].GetStringLength(), 32U);
  EXPECT_EQ(d["version"].GetInt(), 1);
  EXPECT_TRUE(d["user"]["bot"].GetBool());
  EXPECT_EQ(str(d["user"]["id"]), emu.demo.bot_user_id.str());
  EXPECT_TRUE(d["guilds"].IsArray());
  EXPECT_EQ(d["guilds"].Size(), 0U);  // bots get guilds as a burst
  EXPECT_TRUE(d["user_settings"].IsNull());
  EXPECT_EQ(str(d["sessions"][0]["session_id"]), "all");
  EXPECT_FALSE(d.HasMember("resume_gateway_url"));
  if (b())
    EXPECT_TRUE(d["rtc_regions"][0].IsObject());
  else
    EXPECT_TRUE(d["rtc_regions"][0].IsString());

  std::int64_t expected_seq = 2;
  if (!b()) {
    // [A]: an unavailable stub for every guild first (the demo world's second guild is
    // unavailable: it gets only its stub).
    for (const auto id : {emu.demo.guild_id, emu.demo.unavailable_guild_id}) {
      auto stub = gw.next();
      ASSERT_TRUE(stub.IsObject());
      EXPECT_EQ(str(stub["t"]), "GUILD_CREATE");
      EXPECT_EQ(stub["s"].GetInt(), expected_seq++);
      EXPECT_EQ(str(stub["d"]["id"]), id.str());
      EXPECT_TRUE(stub["d"]["unavailable"].GetBool());
    }
  }
  auto gc = gw.next();
  ASSERT_TRUE(gc.IsObject());
  EXPECT_EQ(str(gc["t"]), "GUILD_CREATE");
  EXPECT_EQ(gc["s"].GetInt(), expected_seq);
  const auto& g = gc["d"];
  EXPECT_EQ(str(g["id"]), emu.demo.guild_id.str());
  EXPECT_FALSE(g.HasMember("guild_id"));
  EXPECT_FALSE(g.HasMember("unavailable"));
  EXPECT_FALSE(g.HasMember("name"));  // the guild object is nested under "properties"
  EXPECT_EQ(str(g["properties"]["name"]), "Emulator Guild");
  EXPECT_EQ(str(g["properties"]["owner_id"]), emu.demo.human_id.str());
  EXPECT_EQ(g["roles"].Size(), 2U);
  EXPECT_EQ(g["channels"].Size(), 4U);
  ASSERT_EQ(g["members"].Size(), 1U);                    // only the bot's own member
  EXPECT_EQ(g["members"][0]["user"].MemberCount(), 1U);  // user reduced to {id}
  EXPECT_EQ(str(g["members"][0]["user"]["id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(g["member_count"].GetInt(), 2);
  EXPECT_EQ(g["presences"].Size(), 0U);
  EXPECT_TRUE(g["joined_at"].IsString());
  if (b()) {  // [B]: the unavailable guild comes as GUILD_DELETE {id, unavailable}
    auto gone = gw.next();
    ASSERT_TRUE(gone.IsObject());
    EXPECT_EQ(str(gone["t"]), "GUILD_DELETE");
    EXPECT_EQ(str(gone["d"]["id"]), emu.demo.unavailable_guild_id.str());
    EXPECT_TRUE(gone["d"]["unavailable"].GetBool());
  }
}

TEST_P(GatewayTest, UnavailableGuildsInTheBurst) {
  Emu emu(options());
  emu.server->with_world([&](World& w) { w.guild(emu.demo.guild_id)->unavailable = true; });
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  // Both demo guilds are unavailable now. [B]: GUILD_DELETE {id, unavailable} each; [A]:
  // the GUILD_CREATE stubs and nothing more.
  for (const auto id : {emu.demo.guild_id, emu.demo.unavailable_guild_id}) {
    auto e = gw.next();
    ASSERT_TRUE(e.IsObject());
    EXPECT_EQ(str(e["t"]), b() ? "GUILD_DELETE" : "GUILD_CREATE");
    EXPECT_EQ(str(e["d"]["id"]), id.str());
    EXPECT_TRUE(e["d"]["unavailable"].GetBool());
  }
  EXPECT_FALSE(gw.next(200ms).IsObject());
  EXPECT_EQ(gw.last.kind, WsFrame::Kind::Timeout);
}

TEST_P(GatewayTest, HumanUsersGetGuildsInReady) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.identify(emu.demo.human_token));
  auto ready = gw.until_dispatch("READY");
  ASSERT_TRUE(ready.IsObject());
  ASSERT_EQ(ready["d"]["guilds"].Size(), 2U);
  EXPECT_TRUE(ready["d"]["guilds"][0].HasMember("properties"));
  EXPECT_TRUE(ready["d"]["guilds"][1]["unavailable"].GetBool());  // the demo's unavailable guild
}

TEST_P(GatewayTest, InvalidTokensClose4004) {
  Emu emu(options());
  for (const std::string& token :
       {std::string("nope"), "Bot " + emu.demo.bot_token, emu.demo.application_id.str() + ".wrongsecret"}) {
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.identify(token));
    auto f = gw.ws.wait_close();
    EXPECT_EQ(f.close_code, 4004) << token;
    EXPECT_EQ(f.close_reason, "Invalid token");
  }
}

TEST_P(GatewayTest, DecodeErrorsClose4002) {
  Emu emu(options());
  struct Case {
    std::string payload;
    std::string reason;
  };
  const std::string big = R"({"op":1,"d":null,"pad":")" + std::string(4100, 'x') + R"("})";
  const std::vector<Case> cases{
      {"not json", "Decode failed"},
      {"[1,2]", "Decode failed"},
      {R"({"d":null})", "Invalid payload"},
      {R"({"op":"1","d":null})", "Invalid payload"},
      {big, "Payload too large"},
      {R"({"op":2,"d":{"token":"x","properties":{"os":"linux","browser":"b"}}})", "Invalid identify payload"},
      {R"({"op":2,"d":{"token":"x","properties":{"os":"linux","browser":"b","device":7}}})",
       "Invalid identify payload"},
      {R"({"op":2,"d":{"properties":{"os":"l","browser":"b","device":"d"}}})", "Invalid identify payload"},
  };
  for (const auto& c : cases) {
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_GT(gw.hello(), 0);
    ASSERT_TRUE(gw.ws.send_text(c.payload));
    auto f = gw.ws.wait_close();
    EXPECT_EQ(f.close_code, 4002) << c.payload.substr(0, 80);
    EXPECT_EQ(f.close_reason, c.reason) << c.payload.substr(0, 80);
  }
  // Exactly 4096 bytes is still accepted.
  Gw ok;
  ASSERT_TRUE(ok.connect(*emu.server));
  ASSERT_GT(ok.hello(), 0);
  std::string exact = R"({"op":1,"d":null,"pad":")";
  exact += std::string(4096 - exact.size() - 2, 'x') + R"("})";
  ASSERT_EQ(exact.size(), 4096U);
  ASSERT_TRUE(ok.send(exact));
  auto ack = ok.next();
  ASSERT_TRUE(ack.IsObject());
  EXPECT_EQ(ack["op"].GetInt(), 11);
}

TEST_P(GatewayTest, CommandsBeforeIdentifyClose4003) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.send(R"({"op":3,"d":{"status":"online"}})"));
  auto f = gw.ws.wait_close();
  EXPECT_EQ(f.close_code, 4003);
  EXPECT_EQ(f.close_reason, "Not authenticated");
}

TEST_P(GatewayTest, HeartbeatBeforeIdentifyIsAckedWithoutD) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.send(R"({"op":1,"d":"anything goes before a session"})"));
  auto ack = gw.next();
  ASSERT_TRUE(ack.IsObject());
  EXPECT_EQ(ack["op"].GetInt(), 11);
  EXPECT_FALSE(ack.HasMember("d"));  // op 11 has no d at all
}

TEST_P(GatewayTest, SecondIdentifyCloses4005) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  ASSERT_TRUE(gw.identify(emu.demo.bot_token));
  auto f = gw.ws.wait_close();
  EXPECT_EQ(f.close_code, 4005);
}

TEST_P(GatewayTest, UnknownOrServerOpcodesWithASessionClose4001) {
  Emu emu(options());
  for (const char* payload : {R"({"op":42,"d":null})", R"({"op":11,"d":null})", R"({"op":5,"d":{}})", R"({"op":3})"}) {
    Gw gw;
    ASSERT_TRUE(gw.connect(*emu.server));
    ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
    ASSERT_TRUE(gw.send(payload));
    auto f = gw.ws.wait_close();
    EXPECT_EQ(f.close_code, 4001) << payload;
  }
}

TEST_P(GatewayTest, AcceptedCommands) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  ASSERT_TRUE(gw.send(R"({"op":3,"d":{"status":"idle","afk":false,"mobile":false,"custom_status":null}})"));
  ASSERT_TRUE(gw.send(R"({"op":14,"d":{"subscriptions":{")" + emu.demo.guild_id.str() + R"(":{"typing":true}}}})"));
  ASSERT_TRUE(gw.send(R"({"op":4,"d":{"guild_id":null,"channel_id":null,"self_mute":false,"self_deaf":false}})"));
  ASSERT_TRUE(gw.send(R"({"op":1,"d":null})"));
  // None of the three closed the connection: the heartbeat after them is answered.
  auto ack = gw.until_op(11);
  ASSERT_TRUE(ack.IsObject()) << static_cast<int>(gw.last.kind) << " " << gw.last.close_code;
  EXPECT_EQ(ack["op"].GetInt(), 11);
}

TEST_P(GatewayTest, PresenceValidation) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  ASSERT_TRUE(gw.send(R"({"op":3,"d":{"status":"sleeping"}})"));
  if (b()) {
    auto f = gw.ws.wait_close();
    EXPECT_EQ(f.close_code, 4002);
    EXPECT_EQ(f.close_reason, "Invalid presence payload");
  } else {
    ASSERT_TRUE(gw.send(R"({"op":1,"d":null})"));
    auto ack = gw.until_op(11);
    ASSERT_TRUE(ack.IsObject());
  }
}

TEST_P(GatewayTest, RequestGuildMembers) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  const auto g = emu.demo.guild_id.str();
  ASSERT_TRUE(gw.send(R"({"op":8,"d":{"guild_id":")" + g + R"(","query":"ALI","limit":10,"nonce":"q1"}})"));
  auto chunk = gw.until_dispatch("GUILD_MEMBERS_CHUNK");
  ASSERT_TRUE(chunk.IsObject());
  const auto& d = chunk["d"];
  EXPECT_EQ(str(d["guild_id"]), g);
  ASSERT_EQ(d["members"].Size(), 1U);
  EXPECT_EQ(str(d["members"][0]["user"]["username"]), "alice");
  EXPECT_EQ(d["chunk_index"].GetInt(), 0);
  EXPECT_EQ(d["chunk_count"].GetInt(), 1);
  EXPECT_EQ(str(d["nonce"]), "q1");

  ASSERT_TRUE(gw.send(R"({"op":8,"d":{"guild_id":")" + g + R"(","user_ids":[")" + emu.demo.bot_user_id.str() +
                      R"("],"presences":true}})"));
  auto by_id = gw.until_dispatch("GUILD_MEMBERS_CHUNK");
  ASSERT_TRUE(by_id.IsObject());
  ASSERT_EQ(by_id["d"]["members"].Size(), 1U);
  EXPECT_TRUE(by_id["d"]["presences"].IsArray());

  ASSERT_TRUE(gw.send(R"({"op":8,"d":{"guild_id":")" + g + R"(","query":"zzz","limit":5}})"));
  auto none = gw.until_dispatch("GUILD_MEMBERS_CHUNK");
  ASSERT_TRUE(none.IsObject());
  EXPECT_EQ(none["d"]["members"].Size(), 0U);  // no match still yields one empty chunk
  EXPECT_EQ(none["d"]["chunk_count"].GetInt(), 1);

  // Full list. [A] needs MANAGE_ROLES + KICK_MEMBERS + BAN_MEMBERS (silently nothing
  // without them); [B] bots may ask once per guild per 30 s.
  const std::string full = R"({"op":8,"d":{"guild_id":")" + g + R"(","query":"","limit":0,"nonce":"all"}})";
  if (!b()) {
    ASSERT_TRUE(gw.send(full));
    EXPECT_FALSE(gw.until_dispatch("GUILD_MEMBERS_CHUNK", 300ms).IsObject());
    emu.server->with_world([&](World& w) {
      w.member(emu.demo.guild_id, emu.demo.bot_user_id)
          ->roles.push_back(w.add_role(emu.demo.guild_id, "Admin", permission::kAdministrator).id);
    });
  }
  ASSERT_TRUE(gw.send(full));
  auto all = gw.until_dispatch("GUILD_MEMBERS_CHUNK");
  ASSERT_TRUE(all.IsObject());
  EXPECT_EQ(all["d"]["members"].Size(), 2U);
  ASSERT_TRUE(gw.send(full));
  if (b()) {
    auto limited = gw.until_dispatch("RATE_LIMITED");
    ASSERT_TRUE(limited.IsObject());
    EXPECT_EQ(limited["d"]["opcode"].GetInt(), 8);
    EXPECT_GT(limited["d"]["retry_after"].GetDouble(), 0.0);
    EXPECT_EQ(str(limited["d"]["meta"]["guild_id"]), g);
    EXPECT_EQ(str(limited["d"]["meta"]["nonce"]), "all");
  } else {
    auto again = gw.until_dispatch("GUILD_MEMBERS_CHUNK");
    ASSERT_TRUE(again.IsObject());
    EXPECT_EQ(again["d"]["members"].Size(), 2U);
  }
}

TEST_P(GatewayTest, PayloadBudgetCloses4008) {
  auto o = options();
  o.payload_limit = 5;
  Emu emu(o);
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(gw.send(R"({"op":1,"d":null})"));
  int acks = 0;
  for (;;) {
    auto d = gw.next();
    if (!d.IsObject()) break;
    if (d["op"].GetInt() == 11) ++acks;
  }
  EXPECT_EQ(acks, 5);
  ASSERT_EQ(gw.last.kind, WsFrame::Kind::Close);
  EXPECT_EQ(gw.last.close_code, 4008);
  EXPECT_EQ(gw.last.close_reason, "Rate limited");
}

TEST_P(GatewayTest, TooManyConnectionsOnB) {
  auto o = options();
  o.max_connections_per_ip = 1;
  Emu emu(o);
  Gw first, second;
  ASSERT_TRUE(first.connect(*emu.server));
  ASSERT_GT(first.hello(), 0);
  ASSERT_TRUE(second.connect(*emu.server));
  auto f = second.ws.next_data();
  if (b()) {
    ASSERT_EQ(f.kind, WsFrame::Kind::Close);  // before HELLO
    EXPECT_EQ(f.close_code, 4008);
    EXPECT_EQ(f.close_reason, "Too many connections");
  } else {
    EXPECT_EQ(f.kind, WsFrame::Kind::Text);  // [A] has no such limit
  }
}

// ---------------------------------------------------------------- compression

TEST_P(GatewayTest, ZstdStreamQueryParameter) {
  Emu emu(options());
  // compress=zstd-stream alone: [A] compresses (independent frames), [B] ignores it.
  Gw gw(b() ? Gw::Zstd::None : Gw::Zstd::Frames);
  ASSERT_TRUE(gw.connect(*emu.server, "?v=1&encoding=json&compress=zstd-stream"));
  EXPECT_EQ(gw.hello(), 60'000);
  EXPECT_EQ(gw.last.kind, b() ? WsFrame::Kind::Text : WsFrame::Kind::Binary);
  // [A]: the client still sends plain JSON text.
  ASSERT_TRUE(gw.identify(emu.demo.bot_token));
  auto ready = gw.until_dispatch("READY");
  ASSERT_TRUE(ready.IsObject());
  EXPECT_EQ(gw.last.kind, b() ? WsFrame::Kind::Text : WsFrame::Kind::Binary);
  // Unknown compression values mean no compression.
  Gw zlib;
  ASSERT_TRUE(zlib.connect(*emu.server, "?v=1&encoding=json&compress=zlib-stream"));
  EXPECT_EQ(zlib.hello(), 60'000);
  EXPECT_EQ(zlib.last.kind, WsFrame::Kind::Text);
}

TEST_P(GatewayTest, ZstdStreamModeB) {
  Emu emu(options());
  Gw gw(b() ? Gw::Zstd::Stream : Gw::Zstd::Frames);
  ASSERT_TRUE(gw.connect(*emu.server, "?v=1&encoding=json&compress=zstd-stream&stream=1"));
  ASSERT_EQ(gw.hello(), 60'000);
  EXPECT_EQ(gw.last.kind, WsFrame::Kind::Binary);
  if (!b()) return;  // [A] ignores stream=1: covered above
  // [B]: one continuous stream both ways; the client compresses what it sends.
  ASSERT_TRUE(gw.identify(emu.demo.bot_token));
  ASSERT_TRUE(gw.until_dispatch("READY").IsObject());
  ASSERT_TRUE(gw.until_dispatch("GUILD_CREATE").IsObject());
  auto m = emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "compressed hello");
  ASSERT_TRUE(m.ok());
  auto ev = gw.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["content"]), "compressed hello");
  ASSERT_TRUE(gw.send(R"({"op":1,"d":null})"));
  auto ack = gw.next();
  ASSERT_TRUE(ack.IsObject());
  EXPECT_EQ(ack["op"].GetInt(), 11);
  // Plain text is not a zstd stream.
  ASSERT_TRUE(gw.ws.send_text(R"({"op":1,"d":null})"));
  auto f = gw.ws.wait_close();
  EXPECT_EQ(f.close_code, 4002);
  EXPECT_EQ(f.close_reason, "Decompression failed");
}

TEST_P(GatewayTest, StreamModeLimitsTheDecompressedSize) {
  if (!b()) GTEST_SKIP() << "[A] does not decompress client payloads";
  Emu emu(options());
  Gw gw(Gw::Zstd::Stream);
  ASSERT_TRUE(gw.connect(*emu.server, "?v=1&encoding=json&compress=zstd-stream&stream=1"));
  ASSERT_GT(gw.hello(), 0);
  // Compresses to far less than 4096 bytes, but is 8 KiB once decompressed.
  ASSERT_TRUE(gw.send(R"({"op":1,"d":null,"pad":")" + std::string(8192, 'a') + R"("})"));
  auto f = gw.ws.wait_close();
  EXPECT_EQ(f.close_code, 4002);
  EXPECT_EQ(f.close_reason, "Payload too large");
}

// ---------------------------------------------------------------- faults

TEST_P(GatewayTest, FaultInjection) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  // The demo world's burst: [A] two stubs and a full GUILD_CREATE; [B] a GUILD_CREATE and
  // the unavailable guild's GUILD_DELETE.
  if (b()) {
    ASSERT_TRUE(gw.until_dispatch("GUILD_DELETE").IsObject());
  } else {
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(gw.until_dispatch("GUILD_CREATE").IsObject());
  }
  ASSERT_TRUE(emu.server->wait_for_connections(1, 5s));
  auto conns = emu.server->connections();
  ASSERT_EQ(conns.size(), 1U);
  const auto id = conns[0].id;
  EXPECT_TRUE(conns[0].identified);
  EXPECT_EQ(conns[0].user_id, emu.demo.bot_user_id);

  EXPECT_EQ(emu.server->send_unknown_opcode(77, id), 1U);
  auto unknown_op = gw.next();
  ASSERT_TRUE(unknown_op.IsObject());
  EXPECT_EQ(unknown_op["op"].GetInt(), 77);

  const auto seq_before = conns[0].seq;
  emu.server->send_unknown_event("SOMETHING_NEW", R"({"x":1})", id);
  auto unknown_ev = gw.next();
  ASSERT_TRUE(unknown_ev.IsObject());
  EXPECT_EQ(str(unknown_ev["t"]), "SOMETHING_NEW");
  EXPECT_EQ(unknown_ev["s"].GetInt64(), seq_before + 1);

  emu.server->send_non_json(id);
  auto raw = gw.ws.next_data();
  EXPECT_EQ(raw.kind, WsFrame::Kind::Text);
  EXPECT_TRUE(parse(raw.payload).HasParseError());

  emu.server->send_oversized_frame(1 << 20, id);
  auto big = gw.ws.next_data();
  EXPECT_GE(big.payload.size(), 1U << 20U);

  emu.server->set_heartbeat_acks(false, id);
  ASSERT_TRUE(gw.send(R"({"op":1,"d":null})"));
  EXPECT_FALSE(gw.next(300ms).IsObject());
  EXPECT_EQ(gw.last.kind, WsFrame::Kind::Timeout);
  emu.server->set_heartbeat_acks(true, id);
  ASSERT_TRUE(gw.send(R"({"op":1,"d":null})"));
  EXPECT_EQ(gw.next()["op"].GetInt(), 11);

  emu.server->invalidate_session(id);
  auto op9 = gw.next();
  ASSERT_TRUE(op9.IsObject());
  EXPECT_EQ(op9["op"].GetInt(), 9);
  EXPECT_TRUE(op9["d"].IsFalse());
  // The socket stays open and unauthenticated: Identify again on it.
  ASSERT_TRUE(gw.identify(emu.demo.bot_token));
  ASSERT_TRUE(gw.until_dispatch("READY").IsObject());

  emu.server->send_reconnect(true, id);
  auto op7 = gw.until_op(7);
  ASSERT_TRUE(op7.IsObject());
  EXPECT_EQ(op7["op"].GetInt(), 7);
  EXPECT_FALSE(op7.HasMember("d"));
  auto close = gw.ws.wait_close();
  EXPECT_EQ(close.close_code, 4000);
}

TEST_P(GatewayTest, DropAndCloseFaults) {
  Emu emu(options());
  Gw a, c;
  ASSERT_TRUE(a.connect(*emu.server));
  ASSERT_TRUE(c.connect(*emu.server));
  ASSERT_GT(a.hello(), 0);
  ASSERT_GT(c.hello(), 0);
  ASSERT_TRUE(emu.server->wait_for_connections(2, 5s, false));
  const auto conns = emu.server->connections();
  ASSERT_EQ(conns.size(), 2U);
  EXPECT_EQ(emu.server->drop_connection(conns[0].id), 1U);
  auto dropped = a.ws.wait_close();
  EXPECT_EQ(dropped.kind, WsFrame::Kind::Eof);  // no close frame: the client sees 1006
  EXPECT_EQ(emu.server->close_connection(4321, "custom", conns[1].id), 1U);
  auto closed = c.ws.wait_close();
  EXPECT_EQ(closed.kind, WsFrame::Kind::Close);
  EXPECT_EQ(closed.close_code, 4321);
  EXPECT_EQ(closed.close_reason, "custom");
}

TEST_P(GatewayTest, ClientCloseFrameIsEchoed) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.ws.send_close(1000));
  auto f = gw.ws.wait_close();
  EXPECT_EQ(f.kind, WsFrame::Kind::Close);
  EXPECT_EQ(f.close_code, 1000);
}

INSTANTIATE_TEST_SUITE_P(Modes, GatewayTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
