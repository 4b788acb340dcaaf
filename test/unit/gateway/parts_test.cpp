// The gateway's small sans-IO parts: the pacer, the backoff, the identify queue, URL
// handling, pending member requests, and shard routing.

#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include <fluxer/gateway/gateway.hpp>
#include <fluxer/gateway/identify_queue.hpp>

#include "gateway/backoff.hpp"
#include "gateway/member_requests.hpp"
#include "gateway/pacer.hpp"
#include "gateway/url.hpp"
#include "gateway/zstd_stream.hpp"

#include "fluxer_config.h"
#if FLUXER_HAVE_ZSTD
#include <zstd.h>
#endif

namespace fluxer::gateway::detail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(GatewayPacer, RollingWindowWithReserve) {
  Pacer p(5, 10s);
  const auto t0 = Clock::time_point{} + 1h;
  EXPECT_TRUE(p.can_send(t0, 2));
  for (int i = 0; i < 3; ++i) p.record(t0 + std::chrono::seconds{i});
  EXPECT_FALSE(p.can_send(t0 + 3s, 2)) << "3 sent, 2 kept back";
  EXPECT_TRUE(p.can_send(t0 + 3s, 0));
  EXPECT_EQ(p.next_slot(t0 + 3s, 2), t0 + 10s);
  p.record(t0 + 3s);
  p.record(t0 + 4s);
  EXPECT_FALSE(p.can_send(t0 + 5s));
  EXPECT_EQ(p.next_slot(t0 + 5s), t0 + 10s);
  EXPECT_TRUE(p.can_send(t0 + 10s));
  EXPECT_EQ(p.in_window(t0 + 12s), 2U);
}

TEST(GatewayBackoff, FullJitterUnderADoublingCeiling) {
  Backoff b(ReconnectPolicy{100ms, 1s, 60s});
  std::mt19937_64 rng(1);
  const std::chrono::milliseconds ceilings[] = {100ms, 200ms, 400ms, 800ms, 1000ms, 1000ms};
  for (auto c : ceilings) {
    EXPECT_EQ(b.ceiling(), c);
    auto d = b.next(rng);
    EXPECT_GE(d, 0ms);
    EXPECT_LE(d, c);
  }
  b.reset();
  EXPECT_EQ(b.ceiling(), 100ms);
  // Many draws spread over the range (not a fixed delay, not clock-derived).
  std::mt19937_64 rng2(2);
  Backoff c(ReconnectPolicy{1000ms, 1000ms, 60s});
  std::int64_t lo = 1000, hi = 0;
  for (int i = 0; i < 200; ++i) {
    const auto d = c.next(rng2).count();
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_LT(lo, 100);
  EXPECT_GT(hi, 900);
}

TEST(GatewayIdentifyQueue, OneGrantPerIntervalAndOneLeaseAtATime) {
  auto t = Clock::time_point{} + 1h;
  LocalIdentifyQueue q(5s, [&] { return t; });
  auto a = q.try_acquire("app", 0, 30s);
  ASSERT_TRUE(a.granted);
  auto b = q.try_acquire("app", 1, 30s);
  EXPECT_FALSE(b.granted);
  EXPECT_EQ(b.retry_after, 5s) << "no grant before the interval ends";
  q.release(a.lease);
  b = q.try_acquire("app", 1, 30s);
  EXPECT_FALSE(b.granted);
  EXPECT_EQ(b.retry_after, 5s) << "released, but the interval still applies";
  t += 5s;
  b = q.try_acquire("app", 1, 30s);
  ASSERT_TRUE(b.granted);
  EXPECT_NE(b.lease, a.lease);
  // Another bot (bucket) is independent.
  EXPECT_TRUE(q.try_acquire("other-app", 0, 30s).granted);
  // A holder that never releases (crashed) frees the bucket when its lease expires.
  t += 30s;
  auto c = q.try_acquire("app", 2, 30s);
  EXPECT_TRUE(c.granted);
  q.release(999'999);  // unknown: ignored
}

TEST(GatewayIdentifyQueue, ALeaseHeldPastTheIntervalIsPolledUntilItsExpiry) {
  auto t = Clock::time_point{} + 1h;
  LocalIdentifyQueue q(5s, [&] { return t; });
  ASSERT_TRUE(q.try_acquire("app", 0, 30s).granted);
  t += 5s;
  auto b = q.try_acquire("app", 1, 30s);
  EXPECT_FALSE(b.granted) << "a lease is held until release or its timeout";
  EXPECT_EQ(b.retry_after, LocalIdentifyQueue::kLeasePoll)
      << "the holder may be another gateway, whose release is not announced: ask again soon";
  t += 25s - 100ms;
  b = q.try_acquire("app", 1, 30s);
  EXPECT_FALSE(b.granted);
  EXPECT_EQ(b.retry_after, 100ms) << "the lease expires before the next poll";
  t += 100ms;
  EXPECT_TRUE(q.try_acquire("app", 1, 30s).granted);
}

TEST(GatewayIdentifyQueue, TheDefaultQueueIsOnePerTokenForTheWholeProcess) {
  const std::string token = "111111111111111111.process-wide-pacing-test-token-aaaaaaaaaaa";
  auto a = process_identify_queue(token, 1h);
  auto b = process_identify_queue(token, 1h);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a, b) << "two gateways with one token get one pacing object";
  EXPECT_NE(process_identify_queue("222222222222222222.another-token-entirely-bbbbbbbbbbbbbbbbbbb", 1h), a);
  EXPECT_NE(process_identify_queue(token, 2h), a) << "a different interval is a different queue";
  // Between them: one grant per interval.
  auto first = a->try_acquire("111111111111111111", 0, 30s);
  ASSERT_TRUE(first.granted);
  a->release(first.lease);
  auto second = b->try_acquire("111111111111111111", 0, 30s);
  EXPECT_FALSE(second.granted) << "the other gateway's grant counts";
  EXPECT_GT(second.retry_after, 59min);
  // Held only by its users: once none is left, the next one starts afresh.
  a.reset();
  b.reset();
  auto fresh = process_identify_queue(token, 1h);
  EXPECT_TRUE(fresh->try_acquire("111111111111111111", 0, 30s).granted);
}

TEST(GatewayUrl, ParsesAndBuildsTheQuery) {
  auto u = parse_gateway_url("wss://gateway.fluxer.app");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "gateway.fluxer.app");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->request_path(false), "/?v=1&encoding=json");
  EXPECT_EQ(u->request_path(true), "/?v=1&encoding=json&compress=zstd-stream&stream=1");
  EXPECT_EQ(u->host_header(), "gateway.fluxer.app");

  auto l = parse_gateway_url("ws://127.0.0.1:8080/gateway?v=9&encoding=etf&compress=zlib-stream&x=1");
  ASSERT_TRUE(l.ok());
  EXPECT_FALSE(l->tls);
  EXPECT_EQ(l->port, 8080);
  EXPECT_EQ(l->request_path(false), "/gateway?x=1&v=1&encoding=json");
  EXPECT_EQ(l->host_header(), "127.0.0.1:8080");

  auto v6 = parse_gateway_url("WS://[::1]:9/");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header(), "[::1]:9");

  for (const char* bad : {"https://gateway.fluxer.app", "gateway.fluxer.app", "ws://", "ws://host:0", "ws://host:99999",
                          "ws://user:pw@host/", "ws://[::1"}) {
    auto r = parse_gateway_url(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
    }
  }
}

TEST(GatewayUrl, LoopbackHosts) {
  for (const char* host : {"127.0.0.1", "127.255.3.4", "localhost", "LocalHost", "localhost.", "::1", "[::1]",
                           "0:0:0:0:0:0:0:1", "0000::0001", "::ffff:127.0.0.1"})
    EXPECT_TRUE(is_loopback_host(host)) << host;
  for (const char* host : {"", "128.0.0.1", "10.0.0.1", "192.168.1.10", "0.0.0.0", "127.0.0", "127.0.0.1.5",
                           "127.0.0.256", "127.0.0.1.nip.io", "localhost.example.com", "evil-localhost", "foo.localhost",
                           "::", "::2", "1::1", "::ffff:10.0.0.1", "::1::", "gateway.fluxer.app", "2001:db8::1"})
    EXPECT_FALSE(is_loopback_host(host)) << host;
}

TEST(GatewayUrl, PlainWsIsRefusedForHostsThatAreNotLoopbackUnlessAllowed) {
  auto check = [](std::string_view url, bool allow) {
    auto parsed = parse_gateway_url(url);
    EXPECT_TRUE(parsed.ok()) << url;
    return parsed.ok() ? check_transport_security(*parsed, allow) : Result<void>{};
  };
  // wss anywhere, ws on loopback: fine with or without the opt-in.
  for (const char* url : {"wss://gateway.fluxer.app", "wss://10.0.0.5:8443/gateway", "ws://127.0.0.1:8080/gateway",
                          "ws://localhost:8080", "ws://[::1]:9/", "ws://127.1.2.3"}) {
    EXPECT_TRUE(check(url, false).ok()) << url;
    EXPECT_TRUE(check(url, true).ok()) << url;
  }
  // ws to anything else: refused with a typed error that says why and what to do.
  for (const char* url : {"ws://gateway.fluxer.app", "ws://192.168.1.10:8080/gateway", "ws://[2001:db8::1]:80/",
                          "ws://localhost.example.com/", "WS://10.0.0.1"}) {
    auto r = check(url, false);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
    EXPECT_EQ(r.error().code, "INSECURE_GATEWAY_URL");
    EXPECT_NE(r.error().message.find("clear text"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("allow_insecure_ws"), std::string::npos) << r.error().message;
    // The explicit opt-in accepts it.
    EXPECT_TRUE(check(url, true).ok()) << url;
  }
}

TEST(GatewayShards, GuildRouting) {
  const Snowflake guild{(std::uint64_t{123456} << 22U) | 77U};
  EXPECT_EQ(shard_for_guild(guild, 1), 0);
  EXPECT_EQ(shard_for_guild(guild, 4), 123456 % 4);
  EXPECT_EQ(shard_for_guild(guild, 7), 123456 % 7);
}

GuildMembersChunk chunk(Snowflake guild, int index, int count, const std::string& nonce, int members) {
  GuildMembersChunk c;
  c.guild_id = guild;
  c.chunk_index = index;
  c.chunk_count = count;
  c.nonce = nonce;
  for (int i = 0; i < members; ++i) {
    GuildMember m;
    User u;
    u.id = Snowflake{static_cast<std::uint64_t>(index * 1000 + i + 1)};
    m.user = u;
    c.members.push_back(m);
  }
  return c;
}

TEST(GatewayMemberRequests, CompletesWhenEveryChunkArrivedInAnyOrder) {
  MemberRequests r;
  const auto t = Clock::time_point{} + 1h;
  Promise<GuildMembers> p;
  auto f = p.get_future();
  RequestGuildMembers req;
  req.guild_id = Snowflake{5};
  ASSERT_TRUE(r.add(0, req, std::move(p), t + 10s).ok());
  ASSERT_TRUE(req.nonce.has_value()) << "a nonce is chosen";
  EXPECT_LE(req.nonce->size(), 32U);
  EXPECT_FALSE(r.on_chunk(1, chunk(Snowflake{5}, 0, 3, *req.nonce, 2))) << "another shard";
  EXPECT_FALSE(r.on_chunk(0, chunk(Snowflake{5}, 0, 3, "other", 2))) << "another nonce";
  EXPECT_TRUE(r.on_chunk(0, chunk(Snowflake{5}, 2, 3, *req.nonce, 1)));
  EXPECT_TRUE(r.on_chunk(0, chunk(Snowflake{5}, 0, 3, *req.nonce, 2)));
  EXPECT_TRUE(r.on_chunk(0, chunk(Snowflake{5}, 0, 3, *req.nonce, 2))) << "a duplicate is absorbed";
  EXPECT_FALSE(f.ready());
  EXPECT_TRUE(r.on_chunk(0, chunk(Snowflake{5}, 1, 3, *req.nonce, 4)));
  ASSERT_TRUE(f.ready());
  auto result = f.result();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->members.size(), 7U);
  EXPECT_EQ(result->guild_id, Snowflake{5});
  EXPECT_EQ(result->nonce, *req.nonce);
  EXPECT_EQ(r.size(), 0U);
}

TEST(GatewayMemberRequests, RateLimitedTimeoutAndShardFailure) {
  MemberRequests r;
  const auto t = Clock::time_point{} + 1h;
  Promise<GuildMembers> p1, p2, p3, p4;
  auto f1 = p1.get_future(), f2 = p2.get_future(), f3 = p3.get_future(), f4 = p4.get_future();
  RequestGuildMembers a, b, c, d;
  a.guild_id = Snowflake{5};
  a.nonce = "mine";
  b.guild_id = Snowflake{6};
  c.guild_id = Snowflake{7};
  d.guild_id = Snowflake{8};
  ASSERT_TRUE(r.add(0, a, std::move(p1), t + 10s).ok());
  ASSERT_TRUE(r.add(0, b, std::move(p2), t + 10s).ok());
  ASSERT_TRUE(r.add(0, c, std::move(p3), t + 5s).ok());
  ASSERT_TRUE(r.add(1, d, std::move(p4), t + 10s).ok());
  EXPECT_EQ(r.next_deadline(), t + 5s);

  RateLimited by_nonce;
  by_nonce.opcode = 8;
  by_nonce.retry_after = 12'500ms;
  by_nonce.guild_id = Snowflake{5};
  by_nonce.nonce = "mine";
  EXPECT_TRUE(r.on_rate_limited(0, by_nonce));
  auto e1 = f1.result();
  ASSERT_FALSE(e1.ok());
  EXPECT_EQ(e1.error().kind, ErrorKind::RateLimit);
  EXPECT_EQ(e1.error().code, "RATE_LIMITED");
  EXPECT_EQ(e1.error().retry_after, 12'500ms);

  RateLimited by_guild;  // no nonce echoed: matched by guild
  by_guild.opcode = 8;
  by_guild.guild_id = Snowflake{6};
  EXPECT_TRUE(r.on_rate_limited(0, by_guild));
  EXPECT_EQ(f2.result().error().kind, ErrorKind::RateLimit);

  r.expire(t + 5s);
  EXPECT_EQ(f3.result().error().kind, ErrorKind::Timeout);

  r.fail_all(Error{ErrorKind::InvalidToken, "4004"}, 1);
  EXPECT_EQ(f4.result().error().kind, ErrorKind::InvalidToken);
  EXPECT_EQ(r.size(), 0U);
}

TEST(GatewayMemberRequests, RefusesLongAndDuplicateNonces) {
  MemberRequests r;
  const auto t = Clock::time_point{} + 1h;
  RequestGuildMembers a;
  a.nonce = std::string(33, 'n');
  Promise<GuildMembers> p1;
  auto f1 = p1.get_future();
  EXPECT_FALSE(r.add(0, a, std::move(p1), t).ok());
  EXPECT_EQ(f1.result().error().kind, ErrorKind::InvalidArgument);
  a.nonce = "same";
  Promise<GuildMembers> p2, p3;
  auto f3 = p3.get_future();
  EXPECT_TRUE(r.add(0, a, std::move(p2), t).ok());
  EXPECT_FALSE(r.add(0, a, std::move(p3), t).ok());
  EXPECT_EQ(f3.result().error().kind, ErrorKind::InvalidArgument);
}

}  // namespace
}  // namespace fluxer::gateway::detail

namespace fluxer::gateway::detail {
namespace {

TEST(GatewayZstd, StreamRoundTripKeepsTheStreamOpen) {
  if (!zstd_available()) GTEST_SKIP() << "built without zstd";
  Deflater out;
  Inflater in;
  for (int i = 0; i < 50; ++i) {
    const std::string payload = R"({"op":1,"d":)" + std::to_string(i) + "}";
    std::string compressed;
    ASSERT_TRUE(out.deflate(payload, compressed));
    std::string_view text;
    bool ended = true;
    ASSERT_EQ(in.inflate(compressed, 1 << 20, text, ended), Inflater::Status::Ok);
    EXPECT_EQ(text, payload) << "each flushed payload decodes on arrival";
    EXPECT_FALSE(ended) << "a [B] stream never ends a frame";
  }
}

#if FLUXER_HAVE_ZSTD
/// One payload as an [A] server sends it: a complete, independent zstd frame (level 3).
std::string independent_frame(const std::string& payload) {
  std::string out(ZSTD_compressBound(payload.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), payload.data(), payload.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}
#endif

TEST(GatewayZstd, IndependentFramesEndAFrameAndStreamChunksDoNot) {
#if FLUXER_HAVE_ZSTD
  // [A]: every message a complete frame, one decompressor for the connection.
  Inflater frames;
  for (const std::string& payload : {std::string(R"({"op":10,"d":{"heartbeat_interval":41250}})"),
                                     std::string(R"({"op":11})"), std::string(50'000, 'y')}) {
    std::string_view text;
    bool ended = false;
    ASSERT_EQ(frames.inflate(independent_frame(payload), 1 << 20, text, ended), Inflater::Status::Ok);
    EXPECT_EQ(text, payload);
    EXPECT_TRUE(ended) << "a complete independent frame ends exactly at the message's end";
  }
  // [B]: the first flushed chunk of a stream (what decides the mode) does not end a frame.
  Deflater stream;
  Inflater chunks;
  std::string compressed;
  ASSERT_TRUE(stream.deflate(R"({"op":10,"d":{"heartbeat_interval":41250}})", compressed));
  std::string_view text;
  bool ended = true;
  ASSERT_EQ(chunks.inflate(compressed, 1 << 20, text, ended), Inflater::Status::Ok);
  EXPECT_EQ(text, R"({"op":10,"d":{"heartbeat_interval":41250}})");
  EXPECT_FALSE(ended);
#else
  GTEST_SKIP() << "built without zstd";
#endif
}

TEST(GatewayZstd, LimitsAndCorruption) {
  if (!zstd_available()) GTEST_SKIP() << "built without zstd";
  Deflater out;
  std::string compressed;
  ASSERT_TRUE(out.deflate(std::string(100'000, 'x'), compressed));
  EXPECT_LT(compressed.size(), 1'000U);
  Inflater small;
  std::string_view text;
  bool ended = false;
  EXPECT_EQ(small.inflate(compressed, 10'000, text, ended), Inflater::Status::TooLarge);
  Inflater big;
  ASSERT_EQ(big.inflate(compressed, 200'000, text, ended), Inflater::Status::Ok);
  EXPECT_EQ(text.size(), 100'000U);
  Inflater garbage;
  EXPECT_EQ(garbage.inflate("\x28\xb5\x2f\xfd not zstd at all", 1 << 20, text, ended), Inflater::Status::Corrupt);
  Inflater not_even_magic;
  EXPECT_EQ(not_even_magic.inflate("{\"op\":10}", 1 << 20, text, ended), Inflater::Status::Corrupt);
}

}  // namespace
}  // namespace fluxer::gateway::detail
