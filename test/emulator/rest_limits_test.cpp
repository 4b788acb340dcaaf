// REST rate limits end to end in both modes: the success headers (who gets them), route
// buckets keyed per channel, bucket hashes shared by the routes of one bucket, the global
// limit, the webhook exemption, the 429 bodies and headers, scaled windows resetting, and
// switching limits off. Limits are scaled down (and windows stretched where a test must not
// see a reset) so nothing depends on the machine being fast.

#include <gtest/gtest.h>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

class LimitsTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  /// Limits on; allowances × `scale`, windows × `time_scale`, `global` per window.
  ServerOptions limited(double scale, double time_scale, int global = 50) const {
    auto o = rest_options(GetParam(), true);
    o.rate_limit_scale = scale;
    o.rate_limit_time_scale = time_scale;
    o.global_rate_limit = global;
    return o;
  }
};

std::string messages_of(const Emu&, Snowflake channel) {
  return "/channels/" + channel.str() + "/messages";
}

TEST_P(LimitsTest, SuccessHeadersPerMode) {
  Emu emu{limited(1.0, 1.0)};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  Api alice{*emu.server, emu.demo.human_token};
  auto r = bot.post(messages_of(emu, emu.demo.general_channel_id), R"({"content":"x"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("x-ratelimit-limit").value_or(""), "20");
  EXPECT_EQ(r.header("x-ratelimit-remaining").value_or(""), "19");
  const auto reset = std::stoll(r.header("x-ratelimit-reset").value_or("0"));
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GE(reset, now);
  EXPECT_LE(reset, now + 11);
  EXPECT_EQ(r.header("x-ratelimit-bucket").has_value(), b());
  EXPECT_EQ(r.header("x-ratelimit-reset-after").has_value(), b());
  if (b()) {
    EXPECT_EQ(*r.header("x-ratelimit-bucket"), "147bdb3b2a76145f");
    const double after = std::stod(*r.header("x-ratelimit-reset-after"));
    EXPECT_GT(after, 0.0);
    EXPECT_LE(after, 10.0);
  }
  EXPECT_FALSE(r.header("retry-after").has_value());  // only on denials
  EXPECT_FALSE(r.header("x-ratelimit-scope").has_value());
  // [B] sends success headers to bot credentials only; [A] to everyone, also on errors.
  auto user = alice.post(messages_of(emu, emu.demo.general_channel_id), R"({"content":"y"})");
  ASSERT_EQ(user.status, 200);
  EXPECT_EQ(user.header("x-ratelimit-limit").has_value(), !b());
  auto failed = bot.get(messages_of(emu, emu.demo.general_channel_id) + "/1");
  ASSERT_EQ(failed.status, 404);
  EXPECT_EQ(failed.header("x-ratelimit-limit").has_value(), !b());
  // Routes without a declared bucket carry no headers.
  EXPECT_FALSE(bot.get("/applications/@me").header("x-ratelimit-limit").has_value());
}

TEST_P(LimitsTest, RouteBucketsAreKeyedPerChannel) {
  Emu emu{limited(0.1, 10.0)};  // message create: 2 per 100 s
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  const auto general = messages_of(emu, emu.demo.general_channel_id);
  ASSERT_EQ(bot.post(general, R"({"content":"1"})").status, 200);
  ASSERT_EQ(bot.post(general, R"({"content":"2"})").status, 200);
  auto limited = bot.post(general, R"({"content":"3"})");
  ASSERT_EQ(limited.status, 429) << limited.body;
  auto d = limited.json();
  EXPECT_EQ(str(d["code"]), "RATE_LIMITED");
  EXPECT_TRUE(d["message"].IsString());
  EXPECT_FALSE(d["global"].GetBool());
  ASSERT_TRUE(d["retry_after"].IsNumber());
  EXPECT_GT(d["retry_after"].GetDouble(), 0.0);
  EXPECT_LE(d["retry_after"].GetDouble(), 100.0);
  EXPECT_TRUE(limited.header("retry-after").has_value());
  EXPECT_EQ(limited.header("x-ratelimit-limit").value_or(""), "2");
  EXPECT_EQ(limited.header("x-ratelimit-remaining").value_or(""), "0");
  if (b()) {
    EXPECT_EQ(limited.header("x-ratelimit-scope").value_or(""), "user");
    EXPECT_EQ(limited.header("x-ratelimit-bucket").value_or(""), "147bdb3b2a76145f");
    EXPECT_FALSE(limited.header("x-ratelimit-global").has_value());
  } else {
    EXPECT_EQ(limited.header("x-ratelimit-global").value_or(""), "false");
  }
  // One allowance per channel: #bot-commands is untouched.
  EXPECT_EQ(bot.post(messages_of(emu, emu.demo.commands_channel_id), R"({"content":"elsewhere"})").status, 200);
  // Another caller has its own allowance.
  Api alice{*emu.server, emu.demo.human_token};
  EXPECT_EQ(alice.post(general, R"({"content":"me too"})").status, 200);
  // The denied request created nothing.
  EXPECT_EQ(bot.get(general).json().Size(), 3U);
}

TEST_P(LimitsTest, BucketHashNamesTheRouteNotTheCaller) {
  if (!b()) GTEST_SKIP() << "X-RateLimit-Bucket is [B] only";
  Emu emu{limited(1.0, 1.0)};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  auto message = emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "m");
  ASSERT_TRUE(message.ok());
  const auto channel = "/channels/" + emu.demo.general_channel_id.str();
  const auto reactions = channel + "/messages/" + message->id.str() + "/reactions/%F0%9F%91%8D";
  // Every reaction route shares channel:reactions::channel_id.
  auto put = bot.put(reactions + "/@me");
  auto list = bot.get(reactions);
  auto remove = bot.del(reactions + "/@me");
  ASSERT_EQ(put.status, 204);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(remove.status, 204);
  const auto hash = put.header("x-ratelimit-bucket").value_or("");
  EXPECT_EQ(hash, "a62688f612cd33b5");
  EXPECT_EQ(list.header("x-ratelimit-bucket").value_or(""), hash);
  EXPECT_EQ(remove.header("x-ratelimit-bucket").value_or(""), hash);
  // ... they also share the allowance.
  EXPECT_EQ(std::stoi(remove.header("x-ratelimit-remaining").value_or("0")), 27);
  // The same route in another channel: same hash, separate allowance.
  auto other = emu.server->send_message(emu.demo.human_id, emu.demo.commands_channel_id, "m2");
  ASSERT_TRUE(other.ok());
  auto elsewhere = bot.put("/channels/" + emu.demo.commands_channel_id.str() + "/messages/" + other->id.str() +
                           "/reactions/%F0%9F%91%8D/@me");
  EXPECT_EQ(elsewhere.header("x-ratelimit-bucket").value_or(""), hash);
  EXPECT_EQ(elsewhere.header("x-ratelimit-remaining").value_or(""), "29");
  // A different bucket has a different hash.
  auto pins = bot.get(channel + "/messages/pins");
  EXPECT_NE(pins.header("x-ratelimit-bucket").value_or(hash), hash);
}

TEST_P(LimitsTest, GlobalLimit) {
  Emu emu{limited(1.0, 100.0, 3)};  // 3 requests per (stretched) global window
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  for (const auto* path : {"/users/@me", "/users/@me/guilds", "/gateway/bot"})
    ASSERT_NE(bot.get(path).status, 429) << path;
  auto limited = bot.get("/channels/" + emu.demo.general_channel_id.str());
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_TRUE(limited.json()["global"].GetBool());
  EXPECT_EQ(limited.header("x-ratelimit-global").value_or(""), "true");
  EXPECT_TRUE(limited.header("retry-after").has_value());
  if (b()) {
    EXPECT_EQ(limited.header("x-ratelimit-scope").value_or(""), "global");
    EXPECT_FALSE(limited.header("x-ratelimit-limit").has_value());  // no route headers on a global 429
    EXPECT_FALSE(limited.header("x-ratelimit-bucket").has_value());
  } else {
    EXPECT_EQ(limited.header("x-ratelimit-limit").value_or(""), "3");
  }
  // Per identity: another caller is unaffected.
  Api alice{*emu.server, emu.demo.human_token};
  EXPECT_EQ(alice.get("/users/@me").status, 200);
}

TEST_P(LimitsTest, WebhookExecutionIsExemptFromTheGlobalLimit) {
  Emu emu{limited(1.0, 100.0, 2)};
  Api alice{*emu.server, emu.demo.human_token};
  Api anonymous{*emu.server, ""};
  auto hook = alice.post("/channels/" + emu.demo.general_channel_id.str() + "/webhooks", R"({"name":"h"})");
  ASSERT_EQ(hook.status, 200) << hook.body;
  const auto exec = "/webhooks/" + str(hook.json()["id"]) + "/" + str(hook.json()["token"]);
  for (int i = 0; i < 6; ++i) {
    auto r = anonymous.post(exec, R"({"content":"tick"})");
    ASSERT_EQ(r.status, 204) << i << " " << r.body;
    // [B] sends success headers to unauthenticated webhook-token requests.
    if (i == 0) {
      EXPECT_EQ(r.header("x-ratelimit-limit").value_or(""), "60");
      EXPECT_EQ(r.header("x-ratelimit-bucket").value_or(""), b() ? "8d2045d6e1c99d73" : "");  // SHA-256 of the template
    }
  }
  // The same (unauthenticated) identity is still subject to the global limit elsewhere.
  auto first = anonymous.get("/invites/whatever");
  auto second = anonymous.get("/invites/whatever");
  auto third = anonymous.get("/invites/whatever");
  EXPECT_EQ(first.status, 404);
  EXPECT_EQ(second.status, 404);
  EXPECT_EQ(third.status, 429);
  EXPECT_TRUE(third.json()["global"].GetBool());
  // Unauthenticated requests on other routes get no success headers in [B].
  EXPECT_EQ(first.header("x-ratelimit-limit").has_value(), !b());
}

TEST_P(LimitsTest, ScaledWindowsReset) {
  Emu emu{limited(0.1, 0.02)};  // message create: 2 per 200 ms
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  const auto general = messages_of(emu, emu.demo.general_channel_id);
  int ok = 0;
  HttpResult limited;
  for (int i = 0; i < 10 && limited.status != 429; ++i) {
    auto r = bot.post(general, R"({"content":"x"})");
    if (r.status == 200)
      ++ok;
    else
      limited = std::move(r);
  }
  ASSERT_EQ(limited.status, 429) << "no 429 within 10 requests";
  EXPECT_GE(ok, 2);
  EXPECT_LE(limited.json()["retry_after"].GetDouble(), 0.2 + 1e-9);
  // Poll (with a deadline) until the bucket admits again.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  long status = 429;
  while (status == 429 && std::chrono::steady_clock::now() < deadline)
    status = bot.post(general, R"({"content":"again"})").status;
  EXPECT_EQ(status, 200);
}

TEST_P(LimitsTest, LimitsCanBeSwitchedOff) {
  auto options = limited(0.05, 100.0, 1);
  options.rate_limits = false;
  Emu emu{options};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  for (int i = 0; i < 25; ++i) {
    auto r = bot.post(messages_of(emu, emu.demo.general_channel_id), R"({"content":"burst"})");
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_FALSE(r.header("x-ratelimit-limit").has_value());
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, LimitsTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
