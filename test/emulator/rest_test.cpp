// HTTP side: discovery, /gateway/bot auth rules, /users/@me, /applications/@me, message
// create/get, the REST -> world -> MESSAGE_CREATE path, the request log and REST faults.

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace fluxer::emulator::test {
namespace {

class RestTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Emu emu{fast_options(GetParam())};
};

TEST_P(RestTest, DiscoveryDocumentsPointAtTheServer) {
  for (const char* path : {"/v1/instance", "/instance"}) {
    auto r = http("GET", emu.url(path));
    ASSERT_EQ(r.status, 200) << path;
    auto d = r.json();
    ASSERT_TRUE(d.IsObject());
    EXPECT_EQ(d["api_code_version"].GetInt(), 1);
    EXPECT_EQ(std::string(d["endpoints"]["gateway"].GetString()), emu.server->gateway_url());
    EXPECT_EQ(std::string(d["endpoints"]["api_public"].GetString()), emu.server->http_url());
    // [A] calls the static base "cdn", [B] "static_cdn".
    EXPECT_EQ(d["endpoints"].HasMember("cdn"), GetParam() == ProtocolMode::A);
    EXPECT_EQ(d["endpoints"].HasMember("static_cdn"), GetParam() == ProtocolMode::B);
  }
  auto wk = http("GET", emu.url("/.well-known/fluxer"));
  if (GetParam() == ProtocolMode::B) {
    ASSERT_EQ(wk.status, 200);
    EXPECT_EQ(wk.header("access-control-allow-origin").value_or(""), "*");
    EXPECT_TRUE(wk.json()["features"].HasMember("presigned_attachment_uploads"));
  } else {
    EXPECT_EQ(wk.status, 404);  // [A] has no well-known document
  }
  EXPECT_EQ(http("GET", emu.url("/v1/.well-known/fluxer")).status, 404);
}

TEST_P(RestTest, GatewayBotAuthRules) {
  const auto url = emu.url("/v1/gateway/bot");
  auto ok = http("GET", url, {emu.bot_auth()});
  ASSERT_EQ(ok.status, 200);
  auto d = ok.json();
  EXPECT_EQ(std::string(d["url"].GetString()), emu.server->gateway_url());
  EXPECT_EQ(d["shards"].GetInt(), 1);
  EXPECT_EQ(d["session_start_limit"]["total"].GetInt(), 1000);
  EXPECT_EQ(d["session_start_limit"]["remaining"].GetInt(), 999);
  EXPECT_EQ(d["session_start_limit"]["reset_after"].GetInt(), 14'400'000);
  EXPECT_EQ(d["session_start_limit"]["max_concurrency"].GetInt(), 1);
  // Prefixes are case-insensitive here, and a bare token works.
  EXPECT_EQ(http("GET", url, {"Authorization: bot " + emu.demo.bot_token}).status, 200);
  EXPECT_EQ(http("GET", url, {"Authorization: Bearer " + emu.demo.bot_token}).status, 200);
  EXPECT_EQ(http("GET", url, {"Authorization: " + emu.demo.bot_token}).status, 200);

  auto missing = http("GET", url);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(std::string(missing.json()["code"].GetString()), "MISSING_AUTHORIZATION");
  auto user = http("GET", url, {"Authorization: " + emu.demo.human_token});
  EXPECT_EQ(user.status, 401);
  EXPECT_EQ(std::string(user.json()["code"].GetString()), "INVALID_AUTH_TOKEN");
  auto junk = http("GET", url, {"Authorization: Bot not-a-token"});
  EXPECT_EQ(std::string(junk.json()["code"].GetString()), "INVALID_AUTH_TOKEN");
  // A well-shaped but unknown token: [B] checks the shape only, [A] the database too.
  auto fake = http("GET", url, {"Authorization: Bot 123456.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"});
  EXPECT_EQ(fake.status, GetParam() == ProtocolMode::B ? 200 : 401);
}

TEST_P(RestTest, UsersMeNeedsAValidToken) {
  auto me = http("GET", emu.url("/v1/users/@me"), {emu.bot_auth()});
  ASSERT_EQ(me.status, 200);
  auto d = me.json();
  EXPECT_EQ(std::string(d["id"].GetString()), emu.demo.bot_user_id.str());
  EXPECT_TRUE(d["bot"].GetBool());
  EXPECT_EQ(std::string(d["username"].GetString()), "EmulatorBot");
  EXPECT_TRUE(d["email"].IsNull());
  EXPECT_TRUE(d.HasMember("global_name") && d["global_name"].IsNull());  // present and null, not absent
  EXPECT_EQ(d.HasMember("is_staff"), GetParam() == ProtocolMode::B);
  // Same route without /v1.
  EXPECT_EQ(http("GET", emu.url("/users/@me"), {emu.bot_auth()}).status, 200);
  // The human's user token works without a prefix; a bot token without `Bot ` does not.
  auto human = http("GET", emu.url("/v1/users/@me"), {"Authorization: " + emu.demo.human_token});
  ASSERT_EQ(human.status, 200);
  EXPECT_FALSE(human.json().HasMember("bot"));  // `bot` only when true
  auto bare = http("GET", emu.url("/v1/users/@me"), {"Authorization: " + emu.demo.bot_token});
  EXPECT_EQ(bare.status, 401);
  EXPECT_EQ(std::string(bare.json()["code"].GetString()), "UNAUTHORIZED");
  EXPECT_EQ(http("GET", emu.url("/v1/users/@me")).status, 401);
  // A trailing slash is another path.
  EXPECT_EQ(http("GET", emu.url("/v1/users/@me/"), {emu.bot_auth()}).status, 404);
}

TEST_P(RestTest, ApplicationsMeNeedsTheBotPrefix) {
  auto app = http("GET", emu.url("/v1/applications/@me"), {emu.bot_auth()});
  ASSERT_EQ(app.status, 200);
  auto d = app.json();
  EXPECT_EQ(std::string(d["id"].GetString()), emu.demo.application_id.str());
  EXPECT_NE(d["id"].GetString(), emu.demo.bot_user_id.str());  // application id != bot user id
  EXPECT_FALSE(d["bot_require_code_grant"].GetBool());
  EXPECT_TRUE(d["verify_key"].IsNull());
  EXPECT_EQ(d["flags"].GetInt(), 0);
  EXPECT_EQ(std::string(d["bot"]["id"].GetString()), emu.demo.bot_user_id.str());
  auto human = http("GET", emu.url("/v1/applications/@me"), {"Authorization: " + emu.demo.human_token});
  EXPECT_EQ(human.status, 401);
  EXPECT_EQ(std::string(human.json()["code"].GetString()), "INVALID_TOKEN");
}

TEST_P(RestTest, RequestIdIsEchoedOnB) {
  auto r = http("GET", emu.url("/v1/users/@me"), {emu.bot_auth(), "X-Request-ID: abc-123"});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-request-id").has_value(), GetParam() == ProtocolMode::B);
  if (GetParam() == ProtocolMode::B) {
    EXPECT_EQ(*r.header("x-request-id"), "abc-123");
  }
}

TEST_P(RestTest, OversizedBodiesAre413) {
  emu.server->stop();
  auto o = fast_options(GetParam());
  o.max_http_body = 64;
  Emu small(o);
  auto r = http("POST", small.url("/v1/channels/1/messages"), {small.bot_auth(), "Content-Type: application/json"},
                R"({"content":")" + std::string(100, 'x') + R"("})");
  EXPECT_EQ(r.status, 413);
}

TEST_P(RestTest, UnknownRoutesAnswerFluxerErrors) {
  auto r = http("GET", emu.url("/v1/definitely/not/a/route"), {emu.bot_auth()});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(std::string(r.json()["code"].GetString()), GetParam() == ProtocolMode::A ? "GENERAL_ERROR" : "NOT_FOUND");
  EXPECT_TRUE(r.json()["message"].IsString());
}

TEST_P(RestTest, CreateMessageDispatchesMessageCreate) {
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());

  const auto channel = emu.demo.general_channel_id;
  const auto url = emu.url("/v1/channels/" + channel.str() + "/messages");
  auto r = http("POST", url, {emu.bot_auth(), "Content-Type: application/json"},
                R"({"content":"hello <@)" + emu.demo.human_id.str() + R"(>","nonce":"n-1"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto m = r.json();
  EXPECT_EQ(std::string(m["content"].GetString()), "hello <@" + emu.demo.human_id.str() + ">");
  EXPECT_EQ(std::string(m["author"]["id"].GetString()), emu.demo.bot_user_id.str());
  EXPECT_EQ(std::string(m["nonce"].GetString()), "n-1");
  EXPECT_EQ(std::string(m["mentions"][0]["id"].GetString()), emu.demo.human_id.str());
  EXPECT_TRUE(m["edited_timestamp"].IsNull());
  EXPECT_FALSE(m.HasMember("referenced_message"));  // absent: not a reply
  EXPECT_FALSE(m.HasMember("member"));              // REST responses carry no member

  auto ev = gw.until_dispatch("MESSAGE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  const auto& d = ev["d"];
  EXPECT_EQ(std::string(d["id"].GetString()), std::string(m["id"].GetString()));
  EXPECT_EQ(std::string(d["guild_id"].GetString()), emu.demo.guild_id.str());
  EXPECT_EQ(d["channel_type"].GetInt(), 0);
  EXPECT_EQ(std::string(d["nonce"].GetString()), "n-1");
  ASSERT_TRUE(d.HasMember("member"));
  EXPECT_FALSE(d["member"].HasMember("user"));  // member in MESSAGE_CREATE has no user

  auto get =
      http("GET", emu.url("/v1/channels/" + channel.str() + "/messages/" + m["id"].GetString()), {emu.bot_auth()});
  ASSERT_EQ(get.status, 200);
  EXPECT_FALSE(get.json().HasMember("nonce"));  // the nonce is echoed only on create
  auto missing = http("GET", emu.url("/v1/channels/" + channel.str() + "/messages/1"), {emu.bot_auth()});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(std::string(missing.json()["code"].GetString()), "UNKNOWN_MESSAGE");

  // The human sees the bot's message through the scripting API's observer too.
  auto seen = emu.server->wait_for_message(
      channel, [](const Message& msg) { return msg.content.rfind("hello", 0) == 0; }, 5s);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->author_id, emu.demo.bot_user_id);
}

TEST_P(RestTest, CreateMessageValidatesAndChecksPermissions) {
  const auto url = emu.url("/v1/channels/" + emu.demo.general_channel_id.str() + "/messages");
  const std::vector<std::string> headers{emu.bot_auth(), "Content-Type: application/json"};
  auto empty = http("POST", url, headers, "{}");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(std::string(empty.json()["code"].GetString()), "CANNOT_SEND_EMPTY_MESSAGE");
  auto bad = http("POST", url, headers, R"({"content": 5})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(std::string(bad.json()["code"].GetString()), "INVALID_FORM_BODY");
  EXPECT_EQ(std::string(bad.json()["errors"][0]["path"].GetString()), "content");
  auto not_json = http("POST", url, headers, "{nope");
  EXPECT_EQ(not_json.status, 400);
  const std::string long_content(2500, 'a');
  auto too_long = http("POST", url, headers, R"({"content":")" + long_content + R"("})");
  // Bots may send 4 000 characters on [B], 2 000 on [A].
  EXPECT_EQ(too_long.status, GetParam() == ProtocolMode::B ? 200 : 400);
  auto unknown_channel = http("POST", emu.url("/v1/channels/42/messages"), headers, R"({"content":"x"})");
  EXPECT_EQ(unknown_channel.status, 404);
  EXPECT_EQ(std::string(unknown_channel.json()["code"].GetString()), "UNKNOWN_CHANNEL");
  auto category =
      http("POST", emu.url("/v1/channels/" + emu.demo.category_id.str() + "/messages"), headers, R"({"content":"x"})");
  EXPECT_EQ(category.status, 400);
  EXPECT_EQ(std::string(category.json()["code"].GetString()), "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL");

  // Deny SEND_MESSAGES to @everyone on #general: the bot gets MISSING_PERMISSIONS.
  emu.server->with_world([&](World& w) {
    w.channel(emu.demo.general_channel_id)
        ->permission_overwrites.push_back(
            {emu.demo.guild_id, PermissionOverwrite::Type::Role, 0, permission::kSendMessages});
  });
  auto denied = http("POST", url, headers, R"({"content":"x"})");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(std::string(denied.json()["code"].GetString()), "MISSING_PERMISSIONS");
}

TEST_P(RestTest, NonceIsIdempotentOnB) {
  const auto url = emu.url("/v1/channels/" + emu.demo.general_channel_id.str() + "/messages");
  const std::vector<std::string> headers{emu.bot_auth(), "Content-Type: application/json"};
  auto first = http("POST", url, headers, R"({"content":"once","nonce":"same"})");
  auto second = http("POST", url, headers, R"({"content":"once","nonce":"same"})");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  const bool same = std::string(first.json()["id"].GetString()) == second.json()["id"].GetString();
  EXPECT_EQ(same, GetParam() == ProtocolMode::B);
}

TEST_P(RestTest, RequestLogRecordsWhatTheClientSent) {
  emu.server->clear_request_log();
  auto r = http("POST", emu.url("/v1/channels/" + emu.demo.general_channel_id.str() + "/messages?x=1"),
                {emu.bot_auth(), "Content-Type: application/json", "X-Audit-Log-Reason: testing"},
                R"({"content":"logged"})");
  ASSERT_EQ(r.status, 200);
  auto entry = emu.server->wait_for_request([](const RequestLogEntry& e) { return e.method == "POST"; }, 5s);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->path, "/v1/channels/" + emu.demo.general_channel_id.str() + "/messages");
  EXPECT_EQ(entry->query, "x=1");
  EXPECT_EQ(entry->body, R"({"content":"logged"})");
  EXPECT_EQ(entry->header("authorization").value_or(""), "Bot " + emu.demo.bot_token);
  EXPECT_EQ(entry->header("x-audit-log-reason").value_or(""), "testing");
  EXPECT_EQ(entry->status, 200);
  EXPECT_LE(entry->time, std::chrono::system_clock::now());
}

TEST_P(RestTest, RestFaultsReplaceOrDelayResponses) {
  const auto me = emu.url("/v1/users/@me");
  const auto id = emu.server->add_rest_fault([](const RequestLogEntry& e) -> std::optional<RestFault> {
    if (e.path != "/v1/users/@me") return std::nullopt;
    RestFault f;
    f.status = 502;
    f.headers = {{"Content-Type", "text/html"}};
    f.body = "<html><body>Bad Gateway</body></html>";
    return f;
  });
  auto r = http("GET", me, {emu.bot_auth()});
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.body, "<html><body>Bad Gateway</body></html>");
  EXPECT_EQ(r.header("content-type").value_or(""), "text/html");
  emu.server->remove_rest_fault(id);
  EXPECT_EQ(http("GET", me, {emu.bot_auth()}).status, 200);

  emu.server->add_rest_fault([](const RequestLogEntry&) -> std::optional<RestFault> {
    RestFault f;
    f.delay = std::chrono::milliseconds{300};
    return f;
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(http("GET", me, {emu.bot_auth()}).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds{300});
  emu.server->clear_rest_faults();
}

TEST_P(RestTest, PausedWorldHoldsRequestsUntilResumed) {
  emu.server->pause();
  EXPECT_TRUE(emu.server->paused());
  std::atomic<long> status{0};
  std::thread client([&] { status = http("GET", emu.url("/v1/users/@me"), {emu.bot_auth()}).status; });
  // The request arrives but stays unanswered while paused.
  EXPECT_FALSE(emu.server->wait_for_request([](const RequestLogEntry&) { return true; }, 300ms).has_value());
  EXPECT_EQ(status.load(), 0);
  emu.server->resume();
  client.join();
  EXPECT_EQ(status.load(), 200);
}

INSTANTIATE_TEST_SUITE_P(Modes, RestTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
