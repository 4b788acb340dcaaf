// The REST fault conveniences of Server in both modes: delays, JSON and HTML failures, 429
// storms shaped like real 429s (route and global), RESOURCE_LOCKED, message edit locks,
// 503 + Retry-After, route selection (method, {param} segments, with and without /v1) and
// counts.

#include <gtest/gtest.h>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

class FaultsTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Emu emu{rest_options(GetParam())};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  [[nodiscard]] std::string messages() const { return "/channels/" + emu.demo.general_channel_id.str() + "/messages"; }
};

TEST_P(FaultsTest, DelayRoute) {
  emu.server->delay_route({"GET", "/users/@me"}, 300ms, 1);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(bot.get("/users/@me").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
}

TEST_P(FaultsTest, FailRouteWithJsonAndCounts) {
  const auto id =
      emu.server->fail_route({"POST", "/channels/{channel_id}/messages"}, 500, "INTERNAL_SERVER_ERROR", "boom", 2);
  expect_error(bot.post(messages(), R"({"content":"1"})"), 500, "INTERNAL_SERVER_ERROR");
  // Other methods on the same path are not affected.
  EXPECT_EQ(bot.get(messages()).status, 200);
  auto second = bot.post(messages(), R"({"content":"2"})");
  expect_error(second, 500, "INTERNAL_SERVER_ERROR");
  EXPECT_EQ(str(second.json()["message"]), "boom");
  EXPECT_EQ(bot.post(messages(), R"({"content":"3"})").status, 200);  // two were requested
  emu.server->remove_rest_fault(id);
  // Unlimited until removed; matches with and without /v1.
  const auto forever = emu.server->fail_route({"", "/users/@me"}, 418, "TEAPOT", "short and stout");
  EXPECT_EQ(bot.get("/users/@me").status, 418);
  EXPECT_EQ(http("GET", emu.server->http_url() + "/users/@me", {emu.bot_auth()}).status, 418);
  EXPECT_EQ(bot.get("/users/@me").status, 418);
  emu.server->remove_rest_fault(forever);
  EXPECT_EQ(bot.get("/users/@me").status, 200);
}

TEST_P(FaultsTest, HtmlFailure) {
  emu.server->fail_route_html({"GET", ""}, 502, 1);
  auto r = bot.get("/users/@me");
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.header("content-type").value_or(""), "text/html");
  EXPECT_NE(r.body.find("502 Bad Gateway"), std::string::npos);
  EXPECT_TRUE(r.json().HasParseError());  // not JSON at all
  EXPECT_EQ(bot.get("/users/@me").status, 200);
}

TEST_P(FaultsTest, RouteRateLimitStorm) {
  emu.server->rate_limit_storm({"POST", "/channels/{channel_id}/messages"}, 3, 1500ms);
  for (int i = 0; i < 3; ++i) {
    auto r = bot.post(messages(), R"({"content":"x"})");
    ASSERT_EQ(r.status, 429) << i;
    auto d = r.json();
    EXPECT_EQ(str(d["code"]), "RATE_LIMITED");
    EXPECT_FALSE(d["global"].GetBool());
    EXPECT_DOUBLE_EQ(d["retry_after"].GetDouble(), 1.5);
    EXPECT_EQ(r.header("retry-after").value_or(""), "2");
    EXPECT_EQ(r.header("x-ratelimit-limit").value_or(""), "20");
    EXPECT_EQ(r.header("x-ratelimit-remaining").value_or(""), "0");
    if (b()) {
      EXPECT_EQ(r.header("x-ratelimit-scope").value_or(""), "user");
      EXPECT_EQ(r.header("x-ratelimit-bucket").value_or(""), "147bdb3b2a76145f");
      EXPECT_EQ(r.header("x-ratelimit-reset-after").value_or(""), "1.5");
    } else {
      EXPECT_EQ(r.header("x-ratelimit-global").value_or(""), "false");
    }
  }
  EXPECT_EQ(bot.post(messages(), R"({"content":"through"})").status, 200);
  // The stormed requests never reached the world.
  EXPECT_EQ(bot.get(messages()).json().Size(), 1U);
}

TEST_P(FaultsTest, GlobalRateLimitStorm) {
  emu.server->rate_limit_storm({}, 2, 250ms, true);
  for (int i = 0; i < 2; ++i) {
    auto r = bot.get("/users/@me");
    ASSERT_EQ(r.status, 429);
    EXPECT_TRUE(r.json()["global"].GetBool());
    EXPECT_DOUBLE_EQ(r.json()["retry_after"].GetDouble(), 0.25);
    EXPECT_EQ(r.header("x-ratelimit-global").value_or(""), "true");
    EXPECT_EQ(r.header("retry-after").value_or(""), "1");
    if (b()) {
      EXPECT_EQ(r.header("x-ratelimit-scope").value_or(""), "global");
      EXPECT_FALSE(r.header("x-ratelimit-bucket").has_value());
    }
  }
  EXPECT_EQ(bot.get("/users/@me").status, 200);
}

TEST_P(FaultsTest, ResourceLocked) {
  auto m = bot.post(messages(), R"({"content":"mine"})");
  ASSERT_EQ(m.status, 200);
  const auto path = messages() + "/" + str(m.json()["id"]);
  emu.server->resource_locked({"PATCH", "/channels/{c}/messages/{m}"});
  auto locked = bot.patch(path, R"({"content":"edit"})");
  expect_error(locked, 429, "RESOURCE_LOCKED");
  EXPECT_EQ(locked.header("retry-after").value_or(""), "1");
  EXPECT_FALSE(locked.header("x-ratelimit-limit").has_value());
  EXPECT_FALSE(locked.json().HasMember("retry_after"));
  EXPECT_EQ(bot.patch(path, R"({"content":"edit"})").status, 200);  // one by default
}

TEST_P(FaultsTest, LockMessageHoldsItsEditLock) {
  auto a = bot.post(messages(), R"({"content":"a"})");
  auto b_msg = bot.post(messages(), R"({"content":"b"})");
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(b_msg.status, 200);
  const Snowflake locked_id = *Snowflake::parse(str(a.json()["id"]));
  emu.server->lock_message(emu.demo.general_channel_id, locked_id, 400ms);
  expect_error(bot.patch(messages() + "/" + locked_id.str(), R"({"content":"a2"})"), 429, "RESOURCE_LOCKED");
  EXPECT_EQ(bot.patch(messages() + "/" + str(b_msg.json()["id"]), R"({"content":"b2"})").status, 200);
  EXPECT_EQ(bot.get(messages() + "/" + locked_id.str()).status, 200);  // reads are not locked
  // The lock ends by itself; poll with a deadline.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  long status = 429;
  while (status == 429 && std::chrono::steady_clock::now() < deadline)
    status = bot.patch(messages() + "/" + locked_id.str(), R"({"content":"a2"})").status;
  EXPECT_EQ(status, 200);
}

TEST_P(FaultsTest, ServiceUnavailable) {
  emu.server->service_unavailable({}, 1);
  auto r = bot.get("/users/@me");
  expect_error(r, 503, "SERVICE_UNAVAILABLE");
  EXPECT_EQ(r.header("retry-after").value_or(""), "1");
  EXPECT_EQ(bot.get("/users/@me").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Modes, FaultsTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
