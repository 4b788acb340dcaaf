// Emulator fidelity (issue 11): behaviours where a lenient emulator would let a wrong client
// pass offline and fail on the real server. Each test states the server rule it pins.

#include <gtest/gtest.h>

#include <string>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

using namespace std::string_literals;

class FidelityTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  [[nodiscard]] ServerOptions options() const { return rest_options(GetParam()); }
};

std::string first_error_path(const HttpResult& r) {
  auto d = r.json();
  if (!d.IsObject() || !d.HasMember("errors") || !d["errors"].IsArray() || d["errors"].Empty()) return {};
  return str(d["errors"][0]["path"]);
}

// ---------------------------------------------------------------- request bodies (§5.3)

TEST_P(FidelityTest, JsonBodiesAreReadAsTheServerReadsThem) {
  Emu emu(options());
  const Api bot(*emu.server, "Bot " + emu.demo.bot_token);
  const auto messages = "/channels/" + emu.demo.general_channel_id.str() + "/messages";
  // No Content-Type check: JSON sent as text/plain (or with no type at all) is read.
  auto plain = bot.raw("POST", messages, R"({"content":"as text/plain"})", "text/plain");
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(str(plain.json()["content"]), "as text/plain");
  // A blank body is {}: here a message without content.
  expect_error(bot.raw("POST", messages, "", "application/json"), 400, "CANNOT_SEND_EMPTY_MESSAGE");
  expect_error(bot.raw("POST", messages, " \r\n\t", "application/json"), 400, "CANNOT_SEND_EMPTY_MESSAGE");
  // Text that does not parse: INVALID_FORMAT at `body`.
  auto garbage = bot.raw("POST", messages, "content=hello", "application/x-www-form-urlencoded");
  expect_error(garbage, 400, "INVALID_FORM_BODY");
  EXPECT_EQ(first_error_path(garbage), "body");
  if (b()) {
    EXPECT_EQ(str(garbage.json()["errors"][0]["code"]), "INVALID_FORMAT");
  }
  // JSON that is not an object fails the schema at its root.
  auto array = bot.raw("POST", messages, "[1,2]", "application/json");
  expect_error(array, 400, "INVALID_FORM_BODY");
  EXPECT_EQ(first_error_path(array), "root");
  // "" is null: an empty content is no content.
  expect_error(bot.post(messages, R"({"content":""})"), 400, "CANNOT_SEND_EMPTY_MESSAGE");
  // A nested object whose members are all null (or empty, or "") is null: no reply here.
  auto reply = bot.post(messages, R"({"content":"x","message_reference":{"message_id":"","channel_id":null}})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_FALSE(reply.json().HasMember("message_reference") && reply.json()["message_reference"].IsObject());
  // A byte-order mark is dropped; invalid UTF-8 is decoded to U+FFFD, never stored as is.
  auto bom = bot.post(messages,
                      "\xEF\xBB\xBF{\"content\":\"a\xFF"
                      "b\"}");
  ASSERT_EQ(bom.status, 200) << bom.body;
  EXPECT_EQ(str(bom.json()["content"]),
            "a\xEF\xBF\xBD"
            "b");
}

TEST_P(FidelityTest, EmptyStringsResetFields) {
  Emu emu(options());
  const Api bot(*emu.server, "Bot " + emu.demo.bot_token);
  const auto me = "/guilds/" + emu.demo.guild_id.str() + "/members/@me";
  auto set = bot.patch(me, R"({"nick":"robot"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(str(set.json()["nick"]), "robot");
  auto reset = bot.patch(me, R"({"nick":""})");  // behaves like "nick": null
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_TRUE(reset.json()["nick"].IsNull()) << reset.body;
  // A required field sent as "" (or null) is missing: 400, never a crash or a 500.
  emu.server->with_world([&](World& w) { w.guild(emu.demo.guild_id)->owner_id = emu.demo.bot_user_id; });
  const auto guild = "/guilds/" + emu.demo.guild_id.str();
  const auto channel = "/channels/" + emu.demo.general_channel_id.str();
  for (const char* body : {R"({"name":""})", R"({"name":null})"}) {
    expect_error(bot.post(channel + "/webhooks", body), 400, "INVALID_FORM_BODY", body);
    expect_error(bot.post(guild + "/channels", std::string(R"({"type":0,)") + (body + 1)), 400, "INVALID_FORM_BODY",
                 body);
    expect_error(bot.post(guild + "/emojis", R"({"image":"data:image/png;base64,AAAA",)" + std::string(body + 1)), 400,
                 "INVALID_FORM_BODY", body);
  }
}

// ---------------------------------------------------------------- embed input limits (§5.5)

TEST_P(FidelityTest, EmbedInputLimits) {
  Emu emu(options());
  const Api bot(*emu.server, "Bot " + emu.demo.bot_token);
  const auto messages = "/channels/" + emu.demo.general_channel_id.str() + "/messages";
  const auto refused = [&](const std::string& embed, const std::string& path) {
    auto r = bot.post(messages, R"({"embeds":[)" + embed + "]}");
    expect_error(r, 400, "INVALID_FORM_BODY", embed);
    bool found = false;
    auto d = r.json();
    if (d.IsObject() && d.HasMember("errors"))
      for (const auto& e : d["errors"].GetArray()) found = found || str(e["path"]) == path;
    EXPECT_TRUE(found) << embed << " -> " << r.body;
  };
  refused(R"({"title":")" + std::string(300, 't') + R"("})", "embeds.0.title");
  refused(R"({"description":")" + std::string(4097, 'd') + R"("})", "embeds.0.description");
  refused(R"({"title":"t","url":")" + std::string(2049, 'u') + R"("})", "embeds.0.url");
  refused(R"({"title":"t","color":16777216})", "embeds.0.color");
  refused(R"({"title":"t","timestamp":"yesterday"})", "embeds.0.timestamp");
  refused(R"({"title":"t","fields":[{"name":"","value":"v"}]})", "embeds.0.fields.0.name");
  refused(R"({"title":"t","fields":[{"name":"n","value":")" + std::string(1025, 'v') + R"("}]})",
          "embeds.0.fields.0.value");
  std::string many = R"({"title":"t","fields":[)";
  for (int i = 0; i < 26; ++i) many += std::string(i ? "," : "") + R"({"name":"n","value":"v"})";
  refused(many + "]}", "embeds.0.fields");
  refused(R"({"title":"t","footer":{"icon_url":"https://x/y.png"}})", "embeds.0.footer.text");
  refused(R"({"title":"t","author":{"name":")" + std::string(257, 'a') + R"("}})", "embeds.0.author.name");
  refused(R"({"title":"t","image":{"description":"no url"}})", "embeds.0.image.url");
  refused(R"({"title":"x"},{"title":")" + std::string(257, 't') + R"("})", "embeds.1.title");
  // Within the limits: stored with the input fields only and type "rich".
  auto ok = bot.post(
      messages,
      R"({"embeds":[{"title":")" + std::string(256, 't') +
          R"(","color":16777215,"video":{"url":"https://v"},"fields":[{"name":"n","value":"v","inline":true}]}]})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  const auto stored = ok.json();
  const auto& embed = stored["embeds"][0];
  EXPECT_EQ(str(embed["type"]), "rich");
  EXPECT_FALSE(embed.HasMember("video"));
  EXPECT_EQ(embed["fields"].Size(), 1U);
}

// ---------------------------------------------------------------- WebSocket layer

TEST_P(FidelityTest, TextFramesMustBeUtf8) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.ws.send_text("{\"op\":1,\"d\":null,\"x\":\"\xC3\x28\"}"));
  const auto close = gw.ws.wait_close();
  ASSERT_EQ(close.kind, WsFrame::Kind::Close);
  EXPECT_EQ(close.close_code, 1007);
}

TEST_P(FidelityTest, InvalidUtf8InABinaryPayloadIsNeverEchoed) {
  if (!b()) GTEST_SKIP() << "op 15 (the nonce echo) is [B]";
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  // A valid nonce is echoed...
  ASSERT_TRUE(gw.ws.send_binary(R"({"op":15,"d":{"guild_ids":[],"nonce":"ok-1"}})"));
  auto counts = gw.until_dispatch("GUILD_COUNTS_UPDATE");
  ASSERT_TRUE(counts.IsObject());
  EXPECT_EQ(str(counts["d"]["nonce"]), "ok-1");
  // ...invalid UTF-8 (in a binary frame, which the WebSocket layer does not check) is a
  // decode error, not text sent back.
  ASSERT_TRUE(gw.ws.send_binary("{\"op\":15,\"d\":{\"guild_ids\":[],\"nonce\":\"\xFF\xFE\"}}"));
  for (;;) {
    auto f = gw.ws.next_data();
    if (f.kind == WsFrame::Kind::Text) {
      EXPECT_EQ(f.payload.find("\xFF"), std::string::npos);
      continue;
    }
    ASSERT_EQ(f.kind, WsFrame::Kind::Close);
    EXPECT_EQ(f.close_code, 4002);
    EXPECT_EQ(f.close_reason, "Decode failed");
    break;
  }
}

TEST_P(FidelityTest, HandshakeNeedsConnectionUpgrade) {
  Emu emu(options());
  WsClient without;
  EXPECT_FALSE(without.connect_raw(emu.server->port(), WsClient::upgrade_request("/gateway?v=1&encoding=json", "")));
  EXPECT_NE(without.error().find("426"), std::string::npos) << without.error();
  WsClient keep_alive;
  EXPECT_FALSE(keep_alive.connect_raw(emu.server->port(),
                                      WsClient::upgrade_request("/gateway?v=1&encoding=json", "keep-alive")));
  // A token list that names upgrade is fine (browsers send "keep-alive, Upgrade").
  WsClient list;
  ASSERT_TRUE(list.connect_raw(emu.server->port(),
                               WsClient::upgrade_request("/gateway?v=1&encoding=json", "keep-alive, Upgrade")))
      << list.error();
  EXPECT_EQ(list.next_data().kind, WsFrame::Kind::Text);  // HELLO
}

TEST_P(FidelityTest, MalformedCloseFramesAreAnswered1002) {
  Emu emu(options());
  const auto close_with = [&](const std::string& payload) {
    WsClient ws;
    EXPECT_TRUE(ws.connect(emu.server->port(), "/gateway?v=1&encoding=json"));
    ws.next_data();  // HELLO
    ws.send_bytes(WsClient::frame(8, payload));
    return ws.wait_close();
  };
  EXPECT_EQ(close_with("\x00\x00"s).close_code, 1002);      // code 0
  EXPECT_EQ(close_with("\x03"s).close_code, 1002);          // a 1-byte body
  EXPECT_EQ(close_with("\x03\xED"s).close_code, 1002);      // 1005 may not be sent
  EXPECT_EQ(close_with("\x03\xEE"s).close_code, 1002);      // nor 1006
  EXPECT_EQ(close_with("\x07\xD0"s).close_code, 1002);      // 2000 is reserved
  EXPECT_EQ(close_with("\x03\xE8\xFF"s).close_code, 1007);  // a reason that is not UTF-8
  EXPECT_EQ(close_with("\x03\xE8"s
                       "bye")
                .close_code,
            1000);
  EXPECT_EQ(close_with("").close_code, 1000);
}

TEST_P(FidelityTest, AClientCloseCodeNeverEndsItsSession) {
  Emu emu(options());
  Gw first;
  ASSERT_TRUE(first.connect(*emu.server));
  const auto sid = first.login(emu.demo.bot_token);
  ASSERT_FALSE(sid.empty());
  ASSERT_TRUE(first.ws.send_close(4004));  // the server's "fatal" code, sent by the client
  EXPECT_EQ(first.ws.wait_close().close_code, 4004);
  Gw again;
  ASSERT_TRUE(again.connect(*emu.server));
  ASSERT_GT(again.hello(), 0);
  ASSERT_TRUE(
      again.send(R"({"op":6,"d":{"token":")" + emu.demo.bot_token + R"(","session_id":")" + sid + R"(","seq":1}})"));
  EXPECT_TRUE(again.until_dispatch("RESUMED").IsObject());
}

TEST_P(FidelityTest, BytesRightAfterTheUpgradeRequestAreKept) {
  Emu emu(options());
  const std::string identify = R"({"op":2,"d":{"token":")" + emu.demo.bot_token +
                               R"(","properties":{"os":"linux","browser":"test","device":"test"}}})";
  Gw gw;
  // The upgrade request and the Identify frame in one write (one TCP segment).
  ASSERT_TRUE(gw.ws.connect_raw(emu.server->port(),
                                WsClient::upgrade_request("/gateway?v=1&encoding=json") + WsClient::frame(1, identify)))
      << gw.ws.error();
  ASSERT_GT(gw.hello(), 0);
  EXPECT_TRUE(gw.until_dispatch("READY").IsObject());
}

// ---------------------------------------------------------------- gateway rules per mode

TEST_P(FidelityTest, IdentifyWithoutDCloses4005InBothModes) {
  // [B] documents it (a payload without `d` → 4001, Identify → 4005). [A] behaves the same:
  // its handler's first Identify clause needs `d`, and the next clause answers any other
  // Identify with 4005 "Already authenticated" (gateway_handler.erl @ d4c392c).
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.send(R"({"op":2})"));
  EXPECT_EQ(gw.ws.wait_close().close_code, 4005);
}

TEST_P(FidelityTest, ResumeOnASocketThatHasASessionIsProcessedInBothModes) {
  // [B] documents it. [A] does the same: its Resume clause matches whatever session the
  // socket holds (gateway_handler.erl @ d4c392c has no session check for op 6), and a
  // successful resume replaces it.
  Emu emu(options());
  Gw first;
  ASSERT_TRUE(first.connect(*emu.server));
  const auto old_sid = first.login(emu.demo.bot_token);
  ASSERT_FALSE(old_sid.empty());
  first.ws.close_socket();
  ASSERT_TRUE(emu.server->wait_for_connections_at_most(0, 5s));
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  ASSERT_TRUE(
      gw.send(R"({"op":6,"d":{"token":")" + emu.demo.bot_token + R"(","session_id":")" + old_sid + R"(","seq":1}})"));
  EXPECT_TRUE(gw.until_dispatch("RESUMED").IsObject());
  auto conns = emu.server->connections();
  ASSERT_EQ(conns.size(), 1U);
  EXPECT_EQ(conns[0].session_id, old_sid);
}

TEST_P(FidelityTest, ABadResumeFromASecondSocketLeavesTheHealthySessionAlone) {
  Emu emu(options());
  Gw healthy;
  ASSERT_TRUE(healthy.connect(*emu.server));
  const auto sid = healthy.login(emu.demo.bot_token);
  ASSERT_FALSE(sid.empty());
  for (const char* seq : {"999", "-1"}) {
    Gw intruder;
    ASSERT_TRUE(intruder.connect(*emu.server));
    ASSERT_GT(intruder.hello(), 0);
    ASSERT_TRUE(intruder.send(R"({"op":6,"d":{"token":")" + emu.demo.bot_token + R"(","session_id":")" + sid +
                              R"(","seq":)" + seq + "}}"));
    const auto close = intruder.ws.wait_close();
    EXPECT_TRUE(close.close_code == 4007 || close.close_code == 4002 || close.kind == WsFrame::Kind::Eof)
        << seq << ": " << close.close_code;
  }
  // A wrong token for the session: 4004 for the intruder only.
  Gw other;
  ASSERT_TRUE(other.connect(*emu.server));
  ASSERT_GT(other.hello(), 0);
  ASSERT_TRUE(
      other.send(R"({"op":6,"d":{"token":")" + emu.demo.human_token + R"(","session_id":")" + sid + R"(","seq":1}})"));
  EXPECT_EQ(other.ws.wait_close().close_code, 4004);
  // The first socket still has its session and gets events.
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "still here").ok());
  auto ev = healthy.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(ev.IsObject()) << "kind " << static_cast<int>(healthy.last.kind);
  EXPECT_EQ(str(ev["d"]["content"]), "still here");
  auto conns = emu.server->connections();
  ASSERT_EQ(conns.size(), 1U);
  EXPECT_EQ(conns[0].session_id, sid);
}

// ---------------------------------------------------------------- the demo world

TEST_P(FidelityTest, TheDemoWorldHasAnUnavailableGuild) {
  Emu emu(options());
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  std::vector<std::string> seen;
  for (int i = 0; i < (b() ? 2 : 3); ++i) {
    auto e = gw.next();
    ASSERT_TRUE(e.IsObject());
    const bool stub = e["d"].HasMember("unavailable") && e["d"]["unavailable"].GetBool();
    seen.push_back(str(e["t"]) + (stub ? " stub " : " full ") + str(e["d"]["id"]));
  }
  const auto live = emu.demo.guild_id.str(), offline = emu.demo.unavailable_guild_id.str();
  const std::vector<std::string> expected =
      b() ? std::vector<std::string>{"GUILD_CREATE full " + live, "GUILD_DELETE stub " + offline}
          : std::vector<std::string>{"GUILD_CREATE stub " + live, "GUILD_CREATE stub " + offline,
                                     "GUILD_CREATE full " + live};
  EXPECT_EQ(seen, expected);
  // Its REST routes answer as for a guild in an outage.
  const Api bot(*emu.server, "Bot " + emu.demo.bot_token);
  expect_error(bot.get("/guilds/" + offline), 403, "MISSING_ACCESS");
}

INSTANTIATE_TEST_SUITE_P(Modes, FidelityTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace fluxer::emulator::test
