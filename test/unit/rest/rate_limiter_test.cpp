#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "rest/rate_limiter.hpp"

namespace fluxer::rest {
namespace {

using namespace std::chrono_literals;
using Kind = Acquire::Kind;

/// A fake clock: a steady time and a wall time that advance together.
struct FakeClock {
  SteadyTime steady{std::chrono::hours(1)};
  WallTime wall{std::chrono::seconds(1'700'000'000) + 300ms};
  void advance(std::chrono::nanoseconds d) {
    steady += d;
    wall += std::chrono::duration_cast<WallTime::duration>(d);
  }
};

/// A [B]-style successful response.
RateLimitInfo ok_b(std::int64_t limit, std::int64_t remaining, double reset_after,
                   std::optional<std::string> bucket = std::nullopt) {
  RateLimitInfo i;
  i.status = 200;
  i.limit = limit;
  i.remaining = remaining;
  i.reset_after = reset_after;
  i.bucket = std::move(bucket);
  return i;
}

/// An [A]-style response: whole-second `X-RateLimit-Reset`, no Reset-After.
RateLimitInfo fixed_a(int status, std::int64_t limit, std::int64_t remaining, double reset) {
  RateLimitInfo i;
  i.status = status;
  i.limit = limit;
  i.remaining = remaining;
  i.reset = reset;
  return i;
}

/// A refusal without rate-limit headers (tests add what they need).
RateLimitInfo refused(int status, std::string code) {
  RateLimitInfo i;
  i.status = status;
  i.code = std::move(code);
  return i;
}

class RateLimiterTest : public ::testing::Test {
 protected:
  FakeClock clock;
  RateLimiter limiter;
  RouteKey send1 = route_key("POST", "/channels/1/messages");
  RouteKey send2 = route_key("POST", "/channels/2/messages");

  std::string go(const RouteKey& key) {
    auto a = limiter.try_acquire(key, clock.steady, clock.wall);
    EXPECT_EQ(a.kind, Kind::Go);
    return a.permit;
  }
  Verdict respond(const RouteKey& key, const std::string& permit, const RateLimitInfo& info) {
    return limiter.on_response(key, permit, info, clock.steady, clock.wall);
  }
};

TEST_F(RateLimiterTest, UnknownBucketLetsOneRequestThroughThenUsesWhatItLearned) {
  const auto p = go(send1);
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitForResponse);
  EXPECT_FALSE(respond(send1, p, ok_b(5, 4, 1.0)).retry);

  for (int i = 0; i < 4; ++i) go(send1);
  const auto wait = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(wait.kind, Kind::WaitUntil);
  EXPECT_EQ(wait.at, clock.steady + 1s);
}

TEST_F(RateLimiterTest, RequestsInFlightCountAgainstRemaining) {
  respond(send1, go(send1), ok_b(3, 2, 10.0));
  const auto a = go(send1);
  go(send1);
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitUntil);
  // One response in: the server says 1 left, one request is still out: nothing may go.
  respond(send1, a, ok_b(3, 1, 10.5));  // a later drain time: the newer view
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitUntil);
}

TEST_F(RateLimiterTest, StaleResponseNeverRaisesRemaining) {
  respond(send1, go(send1), ok_b(10, 9, 0.5));  // leaky bucket: drain time grows per request
  const auto a = go(send1);
  const auto b = go(send1);
  // b is processed after a, and its answer arrives first.
  respond(send1, b, ok_b(10, 7, 1.5));
  respond(send1, a, ok_b(10, 8, 1.0));  // older view, arrives late
  int went = 0;
  while (limiter.try_acquire(send1, clock.steady, clock.wall).go()) ++went;
  EXPECT_EQ(went, 7);
}

TEST_F(RateLimiterTest, SameWindowKeepsTheLowestRemaining) {
  // [A] fixed window: every response of the window carries the same whole-second reset.
  RateLimitInfo i = fixed_a(200, 5, 4, 1'700'000'010);
  respond(send1, go(send1), i);
  const auto a = go(send1);
  const auto b = go(send1);
  i.remaining = 2;
  respond(send1, b, i);
  i.remaining = 3;
  respond(send1, a, i);
  int went = 0;
  while (limiter.try_acquire(send1, clock.steady, clock.wall).go()) ++went;
  EXPECT_EQ(went, 2);
}

TEST_F(RateLimiterTest, ResetAfterKeepsMillisecondPrecision) {
  respond(send1, go(send1), ok_b(1, 0, 0.428));
  const auto w = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(w.at - clock.steady), 428ms);
  clock.advance(427ms);
  EXPECT_FALSE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
  clock.advance(1ms);
  EXPECT_TRUE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, WholeSecondResetIsReadAsTheEndOfThatSecond) {
  // wall now = 1700000000.300; [A] says Reset: 1700000001 (floor of the real reset).
  respond(send1, go(send1), fixed_a(200, 1, 0, 1'700'000'001));
  const auto w = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(w.at - clock.steady), 1700ms);
}

TEST_F(RateLimiterTest, LeakyBucketGivesSlotsBackOneByOne) {
  // [B]: 10 per 5 s, bucket full, fully drained in 5 s: one slot every 500 ms.
  respond(send1, go(send1), ok_b(10, 0, 5.0));
  const auto w = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_EQ(w.at, clock.steady + 500ms);
  clock.advance(500ms);
  EXPECT_TRUE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
  const auto next = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(next.kind, Kind::WaitUntil);
  EXPECT_EQ(next.at, clock.steady + 500ms);
  clock.advance(1500ms);  // four slots back since the full bucket; one is taken by the request in flight
  int went = 0;
  while (limiter.try_acquire(send1, clock.steady, clock.wall).go()) ++went;
  EXPECT_EQ(went, 3);
}

TEST_F(RateLimiterTest, FixedWindowRateLimitTrustsTheBodysRetryAfter) {
  // [A] 429: whole-second Reset (read as up to 1.7 s away), body retry_after 0.2 s.
  const auto p = go(send1);
  RateLimitInfo i = fixed_a(429, 5, 0, 1'700'000'001);
  i.code = "RATE_LIMITED";
  i.retry_after_body = 0.2;
  const auto v = respond(send1, p, i);
  EXPECT_EQ(v.at, clock.steady + 200ms);
  clock.advance(200ms);
  int went = 0;
  while (limiter.try_acquire(send1, clock.steady, clock.wall).go()) ++went;
  EXPECT_EQ(went, 5);
}

TEST_F(RateLimiterTest, MajorParameterSeparatesAllowances) {
  respond(send1, go(send1), ok_b(1, 0, 5.0));
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitUntil);
  EXPECT_TRUE(limiter.try_acquire(send2, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, ServerBucketNameJoinsRoutesPerMajorParameter) {
  // Two routes the client does not know: separate until the server names their bucket.
  const auto a = route_key("GET", "/channels/1/widgets");
  const auto b = route_key("POST", "/channels/1/widgets");
  const auto a_other = route_key("GET", "/channels/2/widgets");
  respond(a, go(a), ok_b(2, 1, 10.0, "0123456789abcdef"));
  const auto d = go(b);  // b's route is not named yet: its own unknown bucket
  respond(b, d, ok_b(2, 0, 10.5, "0123456789abcdef"));
  EXPECT_EQ(limiter.bucket_of(a), limiter.bucket_of(b));
  EXPECT_EQ(limiter.try_acquire(a, clock.steady, clock.wall).kind, Kind::WaitUntil);
  EXPECT_EQ(limiter.try_acquire(b, clock.steady, clock.wall).kind, Kind::WaitUntil);
  EXPECT_NE(limiter.bucket_of(a), limiter.bucket_of(a_other));
  EXPECT_TRUE(limiter.try_acquire(a_other, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, ReactionAddAndRemoveShareOneBucketFromTheFirstRequest) {
  // [A] never names buckets: the client's keys must already match the server's.
  const auto add = route_key("PUT", "/channels/1/messages/5/reactions/x/@me");
  const auto del = route_key("DELETE", "/channels/1/messages/6/reactions/y/@me");
  EXPECT_EQ(limiter.bucket_of(add), limiter.bucket_of(del));
  respond(add, go(add), fixed_a(200, 2, 0, 1'700'000'005));
  EXPECT_EQ(limiter.try_acquire(del, clock.steady, clock.wall).kind, Kind::WaitUntil);
}

TEST_F(RateLimiterTest, HostileHeaderNumbersAreBounded) {
  RateLimitInfo i;
  i.read_headers({{"X-RateLimit-Limit", "9223372036854775807"},
                  {"X-RateLimit-Remaining", "99999999999999999999999"},
                  {"X-RateLimit-Reset-After", "1e308"},
                  {"Retry-After", "-5"}});
  ASSERT_TRUE(i.limit);
  EXPECT_EQ(*i.limit, kMaxHeaderCount);
  ASSERT_TRUE(i.remaining);
  EXPECT_EQ(*i.remaining, kMaxHeaderCount);
  EXPECT_FALSE(i.retry_after_header);
  i.status = 200;
  respond(send1, go(send1), i);  // no overflow in the leak arithmetic
  int went = 0;
  while (went < 100 && limiter.try_acquire(send1, clock.steady, clock.wall).go()) ++went;
  EXPECT_EQ(went, 49);  // the bucket allows a lot; the global ceiling (50, one spent above) stops it
}

TEST_F(RateLimiterTest, DateHeaderCorrectsASkewedClockForWholeSecondResets) {
  // Our clock is 1 h ahead of the server's: without Date, the reset looks long past.
  clock.wall += std::chrono::hours(1);
  RateLimitInfo i = fixed_a(200, 2, 0, 1'700'000'003);
  i.read_headers({{"Date", "Tue, 14 Nov 2023 22:13:20 GMT"}});  // 1'700'000'000
  ASSERT_TRUE(i.date);
  EXPECT_EQ(*i.date, 1'700'000'000.0);
  respond(send1, go(send1), i);
  const auto w = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  // Reset 1'700'000'003 (end of that second: ...004) minus the server's 1'700'000'000.
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(w.at - clock.steady), 4000ms);
}

TEST_F(RateLimiterTest, DateHeaderIsIgnoredWhenOurClockAgrees) {
  RateLimitInfo i = fixed_a(200, 2, 0, 1'700'000'001);
  i.read_headers({{"Date", "Tue, 14 Nov 2023 22:13:20 GMT"}});  // our clock: ...000.300
  respond(send1, go(send1), i);
  const auto w = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(w.at - clock.steady), 1700ms);
}

TEST_F(RateLimiterTest, MalformedDatesAreIgnored) {
  for (const char* bad : {"yesterday", "Tue, 14 Nov 2023 22:13:20 UTC", "Tue, 31 Feb 2023 22:13:20 GMT",
                          "Tue, 14 Foo 2023 22:13:20 GMT", "Tue, 14 Nov 2023 25:13:20 GMT"}) {
    RateLimitInfo i;
    i.read_headers({{"Date", bad}});
    EXPECT_FALSE(i.date) << bad;
  }
}

TEST_F(RateLimiterTest, RouteRateLimitedBlocksItsBucketForTheBodysRetryAfter) {
  const auto p = go(send1);
  RateLimitInfo i = ok_b(5, 0, 0.5);
  i.status = 429;
  i.code = "RATE_LIMITED";
  i.retry_after_header = 1;  // whole seconds, rounded up: the body is more precise
  i.retry_after_body = 0.428;
  const auto v = respond(send1, p, i);
  EXPECT_TRUE(v.retry);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(v.at - clock.steady), 428ms);
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitUntil);
  EXPECT_TRUE(limiter.try_acquire(send2, clock.steady, clock.wall).go());
  clock.advance(500ms);
  EXPECT_TRUE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, GlobalRateLimitBlocksEverythingButWebhookExecution) {
  const auto p = go(send1);
  RateLimitInfo i = refused(429, "RATE_LIMITED");
  i.global = true;
  i.retry_after_body = 0.75;
  EXPECT_TRUE(respond(send1, p, i).retry);
  const auto w = limiter.try_acquire(send2, clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_EQ(w.at, clock.steady + 750ms);
  EXPECT_TRUE(limiter.try_acquire(route_key("POST", "/webhooks/3/tok"), clock.steady, clock.wall).go());
  clock.advance(750ms);
  EXPECT_TRUE(limiter.try_acquire(send2, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, ResourceLockedRetriesOnlyThatRequest) {
  respond(send1, go(send1), ok_b(5, 4, 10.0));
  const auto p = go(send1);
  RateLimitInfo i = refused(429, "RESOURCE_LOCKED");
  i.retry_after_header = 1;
  const auto v = respond(send1, p, i);
  EXPECT_TRUE(v.retry);
  EXPECT_EQ(v.at, clock.steady + 1s);
  EXPECT_TRUE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, ServiceUnavailableRetriesAfterRetryAfter) {
  const auto p = go(send1);
  RateLimitInfo i = refused(503, "SERVICE_UNAVAILABLE");
  i.retry_after_header = 1;
  const auto v = respond(send1, p, i);
  EXPECT_TRUE(v.retry);
  EXPECT_EQ(v.at, clock.steady + 1s);
}

TEST_F(RateLimiterTest, OtherResponsesAreNotRetried) {
  const auto p = go(send1);
  RateLimitInfo i;
  i.status = 500;
  EXPECT_FALSE(respond(send1, p, i).retry);
  i.status = 404;
  EXPECT_FALSE(respond(send1, go(send1), i).retry);
}

TEST_F(RateLimiterTest, GlobalCeilingIsFiftyPerSecondExceptWebhookExecution) {
  for (int i = 0; i < 50; ++i) {
    const auto key = route_key("GET", "/channels/" + std::to_string(100 + i));
    ASSERT_TRUE(limiter.try_acquire(key, clock.steady, clock.wall).go()) << i;
  }
  const auto w = limiter.try_acquire(route_key("GET", "/channels/999"), clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_EQ(w.at, clock.steady + 1050ms);  // the window is padded by 5%
  EXPECT_TRUE(limiter.try_acquire(route_key("POST", "/webhooks/3/tok"), clock.steady, clock.wall).go());
  clock.advance(1050ms);
  EXPECT_TRUE(limiter.try_acquire(route_key("GET", "/channels/999"), clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, RefusedByTheGlobalCeilingCountsNothingInTheBucket) {
  RateLimiter small(RateLimiter::Options{}, std::make_shared<InProcessGlobalLimit>(1, 1s));
  const auto first = small.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_TRUE(first.go());
  (void)small.on_response(send1, first.permit, ok_b(5, 4, 10.0), clock.steady, clock.wall);
  EXPECT_EQ(small.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitUntil);  // the global window
  clock.advance(1050ms);
  int went = 0;
  for (int i = 0; i < 4; ++i, clock.advance(1050ms))
    went += small.try_acquire(send1, clock.steady, clock.wall).go() ? 1 : 0;
  EXPECT_EQ(went, 4);
}

TEST_F(RateLimiterTest, FailedTransferSpendsItsSlotAndReleaseGivesItBack) {
  respond(send1, go(send1), ok_b(2, 2, 10.0));
  limiter.on_failure(go(send1));
  limiter.release(go(send1));
  EXPECT_TRUE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitUntil);
}

TEST_F(RateLimiterTest, RouteWithoutHeadersIsUnlimitedAfterOneSuccess) {
  const auto key = route_key("GET", "/users/@me");
  RateLimitInfo none;
  none.status = 200;
  respond(key, go(key), none);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.try_acquire(key, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, FailureWithoutHeadersKeepsTheBucketUnknown) {
  RateLimitInfo none;
  none.status = 404;
  respond(send1, go(send1), none);
  go(send1);
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitForResponse);
}

TEST_F(RateLimiterTest, WindowRefillsAtReset) {
  respond(send1, go(send1), ok_b(2, 0, 2.0));
  EXPECT_FALSE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
  clock.advance(2s);
  EXPECT_TRUE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
  EXPECT_TRUE(limiter.try_acquire(send1, clock.steady, clock.wall).go());
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitForResponse);
}

TEST_F(RateLimiterTest, HostileValuesAreBounded) {
  respond(send1, go(send1), ok_b(1, 0, 1e300));
  const auto w = limiter.try_acquire(send1, clock.steady, clock.wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_LE(w.at - clock.steady, std::chrono::hours(24));
  clock.advance(std::chrono::hours(1));  // leaking at 1 per 24 h: still nothing back
  EXPECT_EQ(limiter.try_acquire(send1, clock.steady, clock.wall).kind, Kind::WaitUntil);
  // A vanishing drain time is "drained now".
  const auto other = route_key("GET", "/channels/3/messages");
  respond(other, go(other), ok_b(5, 0, 1e-300));
  EXPECT_TRUE(limiter.try_acquire(other, clock.steady, clock.wall).go());
  // A limit of 0 is treated as 1; remaining above the limit is capped.
  respond(send2, go(send2), ok_b(0, 99, 1.0));
  EXPECT_TRUE(limiter.try_acquire(send2, clock.steady, clock.wall).go());
  EXPECT_FALSE(limiter.try_acquire(send2, clock.steady, clock.wall).go());
}

TEST_F(RateLimiterTest, CollectForgetsIdleBucketsOnly) {
  respond(send1, go(send1), ok_b(5, 4, 1.0));
  go(send2);  // in flight: must stay
  EXPECT_EQ(limiter.bucket_count(), 2U);
  clock.advance(4min);
  EXPECT_EQ(limiter.collect(clock.steady), 0U);
  clock.advance(2min);
  EXPECT_EQ(limiter.collect(clock.steady), 1U);
  EXPECT_EQ(limiter.bucket_count(), 1U);
}

TEST(RateLimitInfo, ReadsHeadersCaseInsensitivelyAndIgnoresMalformedValues) {
  RateLimitInfo i;
  i.read_headers({{"x-ratelimit-limit", "20"},
                  {"X-RATELIMIT-REMAINING", " 19 "},
                  {"X-RateLimit-Reset-After", "9.512"},
                  {"X-RateLimit-Reset", "1700000010"},
                  {"X-RateLimit-Bucket", "8a1f0c2e9b3d4f56"},
                  {"X-RateLimit-Global", "true"},
                  {"X-RateLimit-Scope", "user"},
                  {"Retry-After", "2"},
                  {"Content-Type", "application/json"}});
  EXPECT_EQ(i.limit, 20);
  EXPECT_EQ(i.remaining, 19);
  ASSERT_TRUE(i.reset_after);
  EXPECT_DOUBLE_EQ(*i.reset_after, 9.512);
  EXPECT_DOUBLE_EQ(*i.reset, 1700000010.0);
  EXPECT_EQ(i.bucket, "8a1f0c2e9b3d4f56");
  EXPECT_TRUE(i.global);
  EXPECT_EQ(i.scope, "user");
  EXPECT_DOUBLE_EQ(*i.retry_after_header, 2.0);

  RateLimitInfo bad;
  bad.read_headers({{"X-RateLimit-Limit", "ten"},
                    {"X-RateLimit-Remaining", "-1"},
                    {"X-RateLimit-Reset-After", "nan"},
                    {"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"},
                    {"X-RateLimit-Global", "false"}});
  EXPECT_FALSE(bad.limit);
  EXPECT_FALSE(bad.remaining);
  EXPECT_FALSE(bad.reset_after);
  EXPECT_FALSE(bad.retry_after_header);
  EXPECT_FALSE(bad.global);
}

/// A GlobalRateLimit that records what the limiter asked of it (in wall-clock terms, as a
/// store shared between processes would see it).
class RecordingGlobal final : public GlobalRateLimit {
 public:
  SlotGrant reserve(std::size_t count, WallTime now) override {
    asked_at.push_back(now);
    if (refuse_until && now < *refuse_until) return {0, *refuse_until};
    taken += static_cast<int>(count);
    return {count, {}};
  }
  void block_until(WallTime until) override { blocked = until; }
  int taken = 0;
  std::vector<WallTime> asked_at;
  std::optional<WallTime> refuse_until;
  std::optional<WallTime> blocked;
};

TEST(RateLimiterGlobal, UsesTheInjectedGlobalLimitInWallClockTerms) {
  auto g = std::make_shared<RecordingGlobal>();
  RateLimiter limiter(RateLimiter::Options{}, g);
  const SteadyTime now{std::chrono::hours(2)};
  const WallTime wall{std::chrono::seconds(1'800'000'000)};
  const auto key = route_key("GET", "/channels/1");
  const auto a = limiter.try_acquire(key, now, wall);
  ASSERT_TRUE(a.go());
  EXPECT_EQ(g->taken, 1);
  ASSERT_EQ(g->asked_at.size(), 1U);
  EXPECT_EQ(g->asked_at[0], wall);
  (void)limiter.try_acquire(route_key("POST", "/webhooks/1/tok"), now, wall);
  EXPECT_EQ(g->taken, 1);  // exempt
  RateLimitInfo i;
  i.status = 429;
  i.scope = "global";
  i.retry_after_body = 2.5;
  (void)limiter.on_response(key, a.permit, i, now, wall);
  ASSERT_TRUE(g->blocked);
  EXPECT_EQ(*g->blocked, wall + 2500ms);
}

TEST(RateLimiterGlobal, AWallClockRetryTimeBecomesASteadyWait) {
  auto g = std::make_shared<RecordingGlobal>();
  const SteadyTime now{std::chrono::hours(2)};
  const WallTime wall{std::chrono::seconds(1'800'000'000)};
  g->refuse_until = wall + 300ms;  // another process holds the window
  RateLimiter limiter(RateLimiter::Options{}, g);
  const auto w = limiter.try_acquire(route_key("GET", "/channels/1"), now, wall);
  ASSERT_EQ(w.kind, Kind::WaitUntil);
  EXPECT_EQ(w.at, now + 300ms);
  EXPECT_TRUE(limiter.try_acquire(route_key("GET", "/channels/1"), now + 300ms, wall + 300ms).go());
}

TEST(InProcessGlobalLimit, NoMoreThanTheLimitInAnyPaddedWindow) {
  InProcessGlobalLimit g(3, 1s);
  EXPECT_EQ(g.window(), 1050ms);
  const WallTime t0{std::chrono::seconds(1'800'000'000)};
  EXPECT_EQ(g.reserve(2, t0).granted, 2U);
  const auto partial = g.reserve(2, t0 + 400ms);
  EXPECT_EQ(partial.granted, 1U);
  EXPECT_EQ(partial.retry_at, t0 + 1050ms);
  EXPECT_EQ(g.reserve(1, t0 + 1049ms).granted, 0U);
  EXPECT_EQ(g.reserve(5, t0 + 1050ms).granted, 2U);  // the two of t0 expired, t0+400 still counts
  g.block_until(t0 + 5s);
  const auto blocked = g.reserve(1, t0 + 3s);
  EXPECT_EQ(blocked.granted, 0U);
  EXPECT_EQ(blocked.retry_at, t0 + 5s);
}

TEST(InProcessGlobalLimit, AClockSteppedBackForgetsTheHistory) {
  InProcessGlobalLimit g(1, 1s);
  const WallTime t0{std::chrono::seconds(1'800'000'000)};
  EXPECT_EQ(g.reserve(1, t0).granted, 1U);
  EXPECT_EQ(g.reserve(1, t0 - std::chrono::hours(1)).granted, 1U);
}

}  // namespace
}  // namespace fluxer::rest
