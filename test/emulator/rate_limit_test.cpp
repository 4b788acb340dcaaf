// The sans-IO REST rate limiter with a fake clock (no sockets, no sleeping): [A] fixed
// windows, [B] leaky buckets, the global bucket before the route bucket, exemptions,
// keys per major parameter, scaling, pruning, bucket hashes, and the header/body builders.

#include <gtest/gtest.h>

#include "emulator/rapidjson.hpp"
#include "emulator/rate_limit.hpp"
#include "emulator/rest/rate_limit_filter.hpp"

namespace fluxer::emulator::test {
namespace {

using namespace std::chrono_literals;
using ratelimit::Algorithm;
using ratelimit::BucketSet;
using ratelimit::Clock;
using ratelimit::RateLimiter;
using ratelimit::Verdict;

const Clock::time_point t0 = Clock::time_point{} + 1000s;

TEST(RateLimitTable, KnowsTheServerBuckets) {
  auto create = ratelimit::bucket_config("channel:message:create::channel_id");
  ASSERT_TRUE(create.has_value());
  EXPECT_EQ(create->limit, 20);
  EXPECT_EQ(create->window, 10s);
  EXPECT_FALSE(create->exempt_from_global);
  auto execute = ratelimit::bucket_config("webhook:execute::webhook_id");
  ASSERT_TRUE(execute.has_value());
  EXPECT_EQ(execute->limit, 60);
  EXPECT_EQ(execute->window, 60s);
  EXPECT_TRUE(execute->exempt_from_global);
  EXPECT_EQ(ratelimit::bucket_config("guild:role:create::guild_id")->window, 60s);
  EXPECT_FALSE(ratelimit::bucket_config("no:such:bucket").has_value());
  EXPECT_EQ(ratelimit::default_bucket().limit, 60);
}

TEST(RateLimitTable, TemplatesAndHashes) {
  EXPECT_EQ(ratelimit::full_template("channel:message:create", "channel_id"), "channel:message:create::channel_id");
  EXPECT_EQ(ratelimit::full_template("user:channels", ""), "user:channels");
  // First 16 hex characters of SHA-256 of the template name (computed independently).
  EXPECT_EQ(ratelimit::bucket_hash("channel:message:create::channel_id"), "147bdb3b2a76145f");
  EXPECT_EQ(ratelimit::bucket_hash("channel:reactions::channel_id"), "a62688f612cd33b5");
  EXPECT_EQ(ratelimit::bucket_hash("user:settings:get"), "92ae2a2fd62c331c");
}

TEST(FixedWindow, CountsAWindowThatStartsWithTheFirstRequest) {
  BucketSet set(Algorithm::FixedWindow);
  for (int i = 0; i < 3; ++i) {
    auto d = set.acquire("k", 3, 10s, t0 + std::chrono::seconds{i});
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.limit, 3);
    EXPECT_EQ(d.remaining, 2 - i);
    EXPECT_DOUBLE_EQ(d.reset_after.count(), 10.0 - i);  // the window ends at t0 + 10 s
  }
  auto denied = set.acquire("k", 3, 10s, t0 + 4s);
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.remaining, 0);
  EXPECT_DOUBLE_EQ(denied.retry_after.count(), 6.0);
  // A denied request consumes nothing: still denied, same reset, until the window ends.
  EXPECT_FALSE(set.acquire("k", 3, 10s, t0 + 9999ms).allowed);
  auto fresh = set.acquire("k", 3, 10s, t0 + 10s);
  EXPECT_TRUE(fresh.allowed);
  EXPECT_EQ(fresh.remaining, 2);
  EXPECT_DOUBLE_EQ(fresh.reset_after.count(), 10.0);
}

TEST(LeakyBucket, DrainsContinuously) {
  BucketSet set(Algorithm::LeakyBucket);
  // 4 per 2 s: one request drains every 0.5 s.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(set.acquire("k", 4, 2s, t0).allowed) << i;
  auto denied = set.acquire("k", 4, 2s, t0);
  EXPECT_FALSE(denied.allowed);
  EXPECT_NEAR(denied.retry_after.count(), 0.5, 1e-9);  // until one more fits
  EXPECT_NEAR(denied.reset_after.count(), 2.0, 1e-9);  // until it is empty
  auto later = set.acquire("k", 4, 2s, t0 + 500ms);
  EXPECT_TRUE(later.allowed);
  EXPECT_EQ(later.remaining, 0);
  EXPECT_NEAR(later.reset_after.count(), 2.0, 1e-9);
  auto much_later = set.acquire("k", 4, 2s, t0 + 1500ms);
  EXPECT_TRUE(much_later.allowed);
  EXPECT_EQ(much_later.remaining, 1);  // 4 - 1 (after draining 2 of 4, +1)
  EXPECT_NEAR(much_later.reset_after.count(), 1.5, 1e-9);
}

TEST(BucketSet, PruneForgetsWholeBuckets) {
  BucketSet fixed(Algorithm::FixedWindow);
  fixed.acquire("a", 1, 1s, t0);
  fixed.acquire("b", 1, 5s, t0);
  fixed.prune(t0 + 2s);
  EXPECT_EQ(fixed.size(), 1U);
  BucketSet leaky(Algorithm::LeakyBucket);
  leaky.acquire("a", 1, 1s, t0);
  leaky.acquire("b", 1, 5s, t0);
  leaky.prune(t0 + 2s);
  EXPECT_EQ(leaky.size(), 1U);
}

TEST(RateLimiter, RouteBucketsAreKeyedByTheMajorParameter) {
  RateLimiter limiter(Algorithm::FixedWindow, {0.1, 1.0, 50});  // 20/10 s → 2/10 s
  const std::string tmpl = "channel:message:create::channel_id";
  EXPECT_EQ(limiter.scaled(tmpl).limit, 2);
  EXPECT_EQ(limiter.check("user:1", tmpl, "100", t0).kind, Verdict::Kind::Allowed);
  EXPECT_EQ(limiter.check("user:1", tmpl, "100", t0).kind, Verdict::Kind::Allowed);
  EXPECT_EQ(limiter.check("user:1", tmpl, "100", t0).kind, Verdict::Kind::RouteLimited);
  // Another channel has its own allowance; so does another caller.
  EXPECT_EQ(limiter.check("user:1", tmpl, "200", t0).kind, Verdict::Kind::Allowed);
  EXPECT_EQ(limiter.check("user:2", tmpl, "100", t0).kind, Verdict::Kind::Allowed);
}

TEST(RateLimiter, GlobalBucketComesFirstAndSparesTheRouteBucket) {
  RateLimiter limiter(Algorithm::LeakyBucket, {1.0, 1.0, 3});
  const std::string tmpl = "channel:typing::channel_id";
  for (int i = 0; i < 3; ++i) ASSERT_EQ(limiter.check("user:1", tmpl, "1", t0).kind, Verdict::Kind::Allowed);
  auto v = limiter.check("user:1", tmpl, "1", t0);
  EXPECT_EQ(v.kind, Verdict::Kind::GlobalLimited);
  ASSERT_TRUE(v.global.has_value());
  EXPECT_FALSE(v.route.has_value());  // the route bucket was not even evaluated
  EXPECT_NEAR(v.global->retry_after.count(), 1.0 / 3.0, 1e-9);
  // After the global window drains, the route bucket shows only the 3 admitted requests.
  auto after = limiter.check("user:1", tmpl, "1", t0 + 1s);
  ASSERT_EQ(after.kind, Verdict::Kind::Allowed);
  // Route bucket (20 per 10 s drains 2 per second): 3 admitted at t0, 2 drained by t0 + 1 s,
  // +1 now = level 2, so 18 remain; the denied 4th request was never charged to it.
  EXPECT_EQ(after.route->remaining, 18);
}

TEST(RateLimiter, WebhookExecutionIsExemptFromTheGlobalBucket) {
  RateLimiter limiter(Algorithm::FixedWindow, {1.0, 1.0, 2});
  for (int i = 0; i < 10; ++i) {
    auto v = limiter.check("ip:127.0.0.1", "webhook:execute::webhook_id", "9", t0);
    ASSERT_EQ(v.kind, Verdict::Kind::Allowed) << i;
    EXPECT_FALSE(v.global.has_value());
  }
  // Other routes of the same identity still see the global limit (2 per second here).
  EXPECT_EQ(limiter.check("ip:127.0.0.1", "invite:read::invite_code", "x", t0).kind, Verdict::Kind::Allowed);
  EXPECT_EQ(limiter.check("ip:127.0.0.1", "invite:read::invite_code", "x", t0).kind, Verdict::Kind::Allowed);
  EXPECT_EQ(limiter.check("ip:127.0.0.1", "invite:read::invite_code", "x", t0).kind, Verdict::Kind::GlobalLimited);
}

TEST(RateLimiter, RoutesWithoutABucketOnlySeeTheGlobalLimit) {
  RateLimiter limiter(Algorithm::FixedWindow, {1.0, 1.0, 1});
  auto v = limiter.check("user:1", "", "", t0);
  EXPECT_EQ(v.kind, Verdict::Kind::Allowed);
  EXPECT_FALSE(v.route.has_value());
  EXPECT_EQ(limiter.check("user:1", "", "", t0).kind, Verdict::Kind::GlobalLimited);
}

TEST(RateLimiter, TimeScaleShrinksWindows) {
  RateLimiter limiter(Algorithm::FixedWindow, {0.05, 0.01, 50});  // 20/10 s → 1 per 100 ms
  const std::string tmpl = "channel:message:create::channel_id";
  EXPECT_EQ(limiter.scaled(tmpl).window, 100ms);
  EXPECT_EQ(limiter.check("user:1", tmpl, "1", t0).kind, Verdict::Kind::Allowed);
  auto denied = limiter.check("user:1", tmpl, "1", t0 + 40ms);
  EXPECT_EQ(denied.kind, Verdict::Kind::RouteLimited);
  EXPECT_NEAR(denied.route->retry_after.count(), 0.06, 1e-9);
  EXPECT_EQ(limiter.check("user:1", tmpl, "1", t0 + 100ms).kind, Verdict::Kind::Allowed);
}

TEST(RateLimitHeaders, SecondsAreFormattedWithMillisecondPrecision) {
  using S = ratelimit::Seconds;
  EXPECT_EQ(rest::format_seconds(S{1.5}), "1.5");
  EXPECT_EQ(rest::format_seconds(S{10}), "10");
  EXPECT_EQ(rest::format_seconds(S{0.4281}), "0.428");
  EXPECT_EQ(rest::format_seconds(S{0.0004}), "0");
  EXPECT_EQ(rest::format_seconds(S{2.05}), "2.05");
}

const auto wall = std::chrono::system_clock::time_point{} + 1'700'000'000s + 250ms;

rapidjson::Document body(const http::Response& r) {
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  return d;
}

TEST(RateLimitHeaders, ModeARouteAndGlobal429) {
  rest::RateLimitInfo info{false, ratelimit::Seconds{2.3}, 20, ratelimit::Seconds{2.3},
                           "channel:message:create::channel_id"};
  auto r = rest::rate_limited_response(ProtocolMode::A, info, wall);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(*r.header("X-RateLimit-Global"), "false");
  EXPECT_EQ(*r.header("X-RateLimit-Limit"), "20");
  EXPECT_EQ(*r.header("X-RateLimit-Remaining"), "0");
  EXPECT_EQ(*r.header("X-RateLimit-Reset"), "1700000002");  // floor(now + 2.3 s)
  EXPECT_EQ(*r.header("Retry-After"), "3");                 // ceil
  EXPECT_EQ(r.header("X-RateLimit-Bucket"), nullptr);       // [B] only
  EXPECT_EQ(r.header("X-RateLimit-Scope"), nullptr);
  auto d = body(r);
  EXPECT_STREQ(d["code"].GetString(), "RATE_LIMITED");
  EXPECT_TRUE(d["message"].IsString());
  EXPECT_FALSE(d["global"].GetBool());
  EXPECT_DOUBLE_EQ(d["retry_after"].GetDouble(), 2.3);

  info.global = true;
  auto g = rest::rate_limited_response(ProtocolMode::A, info, wall);
  EXPECT_EQ(*g.header("X-RateLimit-Global"), "true");
  EXPECT_TRUE(body(g)["global"].GetBool());
}

TEST(RateLimitHeaders, ModeBRouteAndGlobal429) {
  rest::RateLimitInfo info{false, ratelimit::Seconds{0.0004}, 30, ratelimit::Seconds{9.25},
                           "channel:reactions::channel_id"};
  auto r = rest::rate_limited_response(ProtocolMode::B, info, wall);
  EXPECT_EQ(*r.header("Retry-After"), "1");  // whole seconds, at least 1
  EXPECT_EQ(*r.header("X-RateLimit-Scope"), "user");
  EXPECT_EQ(*r.header("X-RateLimit-Limit"), "30");
  EXPECT_EQ(*r.header("X-RateLimit-Remaining"), "0");
  EXPECT_EQ(*r.header("X-RateLimit-Reset"), "1700000010");  // ceil(now + 9.25 s)
  EXPECT_EQ(*r.header("X-RateLimit-Reset-After"), "9.25");
  EXPECT_EQ(*r.header("X-RateLimit-Bucket"), "a62688f612cd33b5");
  EXPECT_EQ(r.header("X-RateLimit-Global"), nullptr);           // only on global 429s
  EXPECT_DOUBLE_EQ(body(r)["retry_after"].GetDouble(), 0.001);  // never below 1 ms

  info.global = true;
  auto g = rest::rate_limited_response(ProtocolMode::B, info, wall);
  EXPECT_EQ(*g.header("X-RateLimit-Global"), "true");
  EXPECT_EQ(*g.header("X-RateLimit-Scope"), "global");
  EXPECT_NE(g.header("Retry-After"), nullptr);
  // A global 429 carries none of the route headers.
  for (const char* h : {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After",
                        "X-RateLimit-Bucket"})
    EXPECT_EQ(g.header(h), nullptr) << h;
}

TEST(RateLimitHeaders, SuccessHeadersPerMode) {
  ratelimit::Decision d;
  d.limit = 20;
  d.remaining = 17;
  d.reset_after = ratelimit::Seconds{1.5};
  http::Response a;
  rest::add_rate_limit_headers(a, ProtocolMode::A, d, "channel:message:create::channel_id", wall);
  EXPECT_EQ(*a.header("X-RateLimit-Limit"), "20");
  EXPECT_EQ(*a.header("X-RateLimit-Remaining"), "17");
  EXPECT_EQ(*a.header("X-RateLimit-Reset"), "1700000001");
  EXPECT_EQ(a.header("X-RateLimit-Reset-After"), nullptr);
  EXPECT_EQ(a.header("X-RateLimit-Bucket"), nullptr);
  http::Response b;
  rest::add_rate_limit_headers(b, ProtocolMode::B, d, "channel:message:create::channel_id", wall);
  EXPECT_EQ(*b.header("X-RateLimit-Reset"), "1700000002");
  EXPECT_EQ(*b.header("X-RateLimit-Reset-After"), "1.5");
  EXPECT_EQ(*b.header("X-RateLimit-Bucket"), "147bdb3b2a76145f");
  // A reset at or before the current second becomes the next second.
  d.reset_after = ratelimit::Seconds{0};
  http::Response now;
  rest::add_rate_limit_headers(now, ProtocolMode::B, d, "channel:message:create::channel_id", wall);
  EXPECT_EQ(*now.header("X-RateLimit-Reset"), "1700000001");
}

}  // namespace
}  // namespace fluxer::emulator::test
