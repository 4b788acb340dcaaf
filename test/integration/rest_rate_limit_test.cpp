// The REST rate limiter (sans-IO, lib/rest) driven against the emulator's real limits in
// both modes: a burst paced by the limiter meets no 429, and a 429 that does come (a storm
// injected by the emulator) is waited out for the body's retry_after and then succeeds.
// Windows are scaled down so the test takes seconds; the waits are the limiter's own
// decisions (the behaviour under test), not synchronisation.

#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "rest/rate_limiter.hpp"
#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

using fluxer::rest::RateLimiter;
using fluxer::rest::RateLimitInfo;
using fluxer::rest::route_key;
using Clock = std::chrono::steady_clock;

/// Reads what the limiter needs from a raw response (headers, and the 429 body).
RateLimitInfo info_of(const HttpResult& r) {
  RateLimitInfo info;
  info.status = static_cast<int>(r.status);
  info.read_headers(r.headers);
  if (r.status == 429) {
    auto d = r.json();
    if (d.IsObject()) {
      if (d.HasMember("retry_after") && d["retry_after"].IsNumber())
        info.retry_after_body = d["retry_after"].GetDouble();
      if (d.HasMember("global") && d["global"].IsBool()) info.global = info.global || d["global"].GetBool();
      if (d.HasMember("code") && d["code"].IsString()) info.code = d["code"].GetString();
    }
  }
  return info;
}

struct Outcome {
  int succeeded = 0;
  int rate_limited = 0;
  Clock::duration longest_retry_wait{};
};

/// Sends `count` message creates to each channel in turn, paced by `limiter`.
Outcome send_paced(RateLimiter& limiter, const Api& bot, const std::vector<Snowflake>& channels, int count) {
  Outcome out;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  for (int i = 0; i < count; ++i) {
    for (const auto channel : channels) {
      const std::string path = "/channels/" + channel.str() + "/messages";
      const auto key = route_key("POST", path);
      while (Clock::now() < deadline) {
        const auto a = limiter.try_acquire(key, Clock::now(), std::chrono::system_clock::now());
        if (!a.go()) {
          EXPECT_EQ(a.kind, rest::Acquire::Kind::WaitUntil);  // sequential: never waiting on ourselves
          std::this_thread::sleep_until(a.at);
          continue;
        }
        const auto r = bot.post(path, R"({"content":"paced"})");
        const auto v = limiter.on_response(key, a.permit, info_of(r), Clock::now(), std::chrono::system_clock::now());
        if (r.status == 429) ++out.rate_limited;
        if (!v.retry) {
          EXPECT_EQ(r.status, 200) << r.body;
          ++out.succeeded;
          break;
        }
        out.longest_retry_wait = std::max(out.longest_retry_wait, v.at - Clock::now());
        std::this_thread::sleep_until(v.at);
      }
    }
  }
  return out;
}

class RestRateLimitTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  /// Message create: 20 × scale per 10 s × time_scale.
  ServerOptions limited(double scale, double time_scale) const {
    auto o = rest_options(GetParam(), true);
    o.rate_limit_scale = scale;
    o.rate_limit_time_scale = time_scale;
    return o;
  }
};

TEST_P(RestRateLimitTest, PacedBurstMeetsNoRateLimit) {
  Emu emu{limited(0.2, 0.05)};  // 4 messages per 0.5 s per channel
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  RateLimiter limiter;
  const auto out = send_paced(limiter, bot, {emu.demo.general_channel_id}, 10);
  EXPECT_EQ(out.succeeded, 10);
  EXPECT_EQ(out.rate_limited, 0);
}

TEST_P(RestRateLimitTest, ChannelsAreLimitedApart) {
  Emu emu{limited(0.2, 0.05)};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  RateLimiter limiter;
  const auto out = send_paced(limiter, bot, {emu.demo.general_channel_id, emu.demo.commands_channel_id}, 6);
  EXPECT_EQ(out.succeeded, 12);
  EXPECT_EQ(out.rate_limited, 0);
}

TEST_P(RestRateLimitTest, InjectedRateLimitIsWaitedOutThenSucceeds) {
  Emu emu{rest_options(GetParam(), true)};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  emu.server->rate_limit_storm({"POST", "/channels/{channel_id}/messages"}, 2, std::chrono::milliseconds(150));
  RateLimiter limiter;
  const auto out = send_paced(limiter, bot, {emu.demo.general_channel_id}, 1);
  EXPECT_EQ(out.succeeded, 1);
  EXPECT_EQ(out.rate_limited, 2);
  EXPECT_GE(out.longest_retry_wait, std::chrono::milliseconds(100));
}

INSTANTIATE_TEST_SUITE_P(Modes, RestRateLimitTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
