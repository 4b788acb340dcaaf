// The sans-IO gateway session, driven with a fake clock: heartbeats (jitter, latest seq,
// zombie detection, server op 1), Identify and Resume, sequence numbers and replays, op 7
// and op 9, every close code of fluxer-protocol.md §3.9, backoff, timeouts, pacing and
// presence coalescing, stop.

#include <algorithm>
#include <set>

#include "session_harness.hpp"

namespace fluxer::gateway::detail::test {
namespace {

TEST(GatewaySession, StartOpensOneSocket) {
  Harness h;
  h.session.start(h.now);
  auto a = h.take();
  auto opens = Harness::of<OpenSocket>(a);
  ASSERT_EQ(opens.size(), 1U);
  EXPECT_FALSE(opens[0].compress);
  EXPECT_EQ(h.session.state(), ShardState::Connecting);
  h.session.start(h.now);  // idempotent
  EXPECT_TRUE(Harness::of<OpenSocket>(h.take()).empty());
}

TEST(GatewaySession, CompressionIsAskedForWhenConfigured) {
  auto o = test_options();
  o.compression = Compression::ZstdStream;
  Harness h(o);
  h.session.start(h.now);
  auto opens = Harness::of<OpenSocket>(h.take());
  ASSERT_EQ(opens.size(), 1U);
  EXPECT_TRUE(opens[0].compress);
}

TEST(GatewaySession, HelloQueuesForIdentifyThenSendsARawTokenIdentify) {
  auto o = test_options();
  o.token = "1234567890.secret";
  o.shard_count = 4;
  o.ignored_events = {"TYPING_START"};
  o.identify_flags = 2;
  o.presence = UpdatePresence{PresenceStatus::Idle, false, false, {}};
  Harness h(o, 3);
  h.session.start(h.now);
  h.session.on_open(h.conn(), h.now);
  h.hello();
  auto a = h.take();
  EXPECT_EQ(Harness::of<AcquireIdentify>(a).size(), 1U);
  EXPECT_TRUE(Harness::sent(a).empty()) << "nothing but a heartbeat may go before the identify grant";
  EXPECT_EQ(h.session.state(), ShardState::Identifying);
  h.session.on_identify_granted(h.now);
  auto sent = Harness::sent(h.take());
  ASSERT_EQ(sent.size(), 1U);
  const auto& identify = sent[0];
  EXPECT_EQ(Harness::op_of(identify), 2);
  EXPECT_NE(identify.find(R"("token":"1234567890.secret")"), std::string::npos) << identify;
  EXPECT_EQ(identify.find("Bot "), std::string::npos);
  EXPECT_NE(identify.find(R"("os":)"), std::string::npos);
  EXPECT_NE(identify.find(R"("browser":)"), std::string::npos);
  EXPECT_NE(identify.find(R"("device":)"), std::string::npos);
  EXPECT_NE(identify.find(R"("shard":[3,4])"), std::string::npos) << identify;
  EXPECT_NE(identify.find(R"("ignored_events":["TYPING_START"])"), std::string::npos) << identify;
  EXPECT_NE(identify.find(R"("flags":2)"), std::string::npos) << identify;
  EXPECT_NE(identify.find(R"("status":"idle")"), std::string::npos) << identify;
  EXPECT_EQ(h.session.identifies(), 1U);
}

TEST(GatewaySession, NoShardFieldWhenNotSharded) {
  Harness h;
  h.session.start(h.now);
  h.hello();
  h.session.on_identify_granted(h.now);
  auto sent = Harness::sent(h.take());
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].find("\"shard\""), std::string::npos) << sent[0];
}

TEST(GatewaySession, ReadyReleasesTheIdentifyLeaseAndNotifies) {
  Harness h;
  h.session.start(h.now);
  h.hello();
  h.session.on_identify_granted(h.now);
  h.take();
  EXPECT_TRUE(h.feed(
      R"({"op":0,"t":"READY","s":1,"d":{"session_id":"s-1","version":1,"user":{"id":"1","username":"b","discriminator":"0000","bot":true},"guilds":[]}})"));
  auto a = h.take();
  EXPECT_EQ(Harness::of<ReleaseIdentify>(a).size(), 1U);
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Ready);
  EXPECT_EQ(ev[0].session_id, "s-1");
  EXPECT_EQ(h.session.state(), ShardState::Ready);
  EXPECT_EQ(h.session.session_id(), "s-1");
  EXPECT_EQ(h.session.last_seq(), 1);
}

TEST(GatewaySession, FirstHeartbeatIsJitteredThenEveryPeriodWithTheLatestSeq) {
  Harness h;
  h.connect(1000);  // period 800 ms
  EXPECT_EQ(h.session.heartbeat_period(), 800ms);
  // The first beat comes at a random point of the first period.
  const auto start = h.now;
  std::optional<TimePoint> first;
  for (int i = 0; i < 81 && !first; ++i) {
    h.advance(10ms);
    for (const auto& s : Harness::sent(h.take()))
      if (Harness::op_of(s) == 1) first = h.now;
  }
  ASSERT_TRUE(first.has_value());
  EXPECT_LE(*first - start, 810ms);
  // Dispatches move the seq; the next beat carries the latest one, not the one at HELLO.
  h.ack();
  h.dispatch(2);
  h.dispatch(3);
  h.advance(800ms);
  auto beats = Harness::sent(h.take());
  ASSERT_EQ(beats.size(), 1U);
  EXPECT_EQ(beats[0], R"({"op":1,"d":3})");
}

TEST(GatewaySession, FirstBeatsOfDifferentSeedsDiffer) {
  std::set<std::int64_t> firsts;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    auto o = test_options();
    Harness h(o);
    // A different generator per shard seed: reuse the harness with a new session.
    Session s(h.options_, 0, seed, h.log);
    s.start(h.now);
    auto f = decode_frame(R"({"op":10,"d":{"heartbeat_interval":10000}})");
    s.on_frame(s.connection(), *f, h.now);
    (void)s.take_actions();
    auto d = s.next_deadline();
    ASSERT_TRUE(d.has_value());
    firsts.insert(std::chrono::duration_cast<std::chrono::milliseconds>(*d - h.now).count());
  }
  EXPECT_GT(firsts.size(), 4U) << "the first beat must be jittered by the shard's generator";
}

TEST(GatewaySession, HeartbeatBeforeAnyDispatchSendsNull) {
  Harness h;
  h.session.start(h.now);
  h.hello(1000);
  h.take();
  h.advance(800ms);
  auto beats = Harness::sent(h.take());
  ASSERT_EQ(beats.size(), 1U);
  EXPECT_EQ(beats[0], R"({"op":1,"d":null})");
}

TEST(GatewaySession, ServerHeartbeatRequestIsAnsweredAtOnce) {
  Harness h;
  h.connect();
  h.dispatch(5);
  h.take();
  h.feed(R"({"op":1,"d":null})");
  auto sent = Harness::sent(h.take());
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0], R"({"op":1,"d":5})");
}

TEST(GatewaySession, LatencyIsTheAckRoundTrip) {
  Harness h;
  h.connect();
  EXPECT_FALSE(h.session.latency().has_value());
  auto beat = h.session.next_deadline();
  ASSERT_TRUE(beat.has_value());
  h.advance(std::chrono::duration_cast<std::chrono::milliseconds>(*beat - h.now));
  ASSERT_EQ(Harness::ops(h.take()), std::vector<int>{1});
  h.now += 37ms;
  h.ack();
  ASSERT_TRUE(h.session.latency().has_value());
  EXPECT_EQ(*h.session.latency(), std::chrono::microseconds{37'000});
}

TEST(GatewaySession, MissingAckMakesAZombieThatIsClosedAndResumed) {
  Harness h;
  h.connect(1000);
  h.dispatch(2);
  h.advance(800ms);  // a beat goes out
  ASSERT_EQ(Harness::ops(h.take()), std::vector<int>{1});
  h.advance(800ms);  // the next one is due, the last was never acknowledged
  auto a = h.take();
  auto closes = Harness::of<CloseSocket>(a);
  ASSERT_EQ(closes.size(), 1U);
  EXPECT_EQ(closes[0].code, kCloseResume);
  EXPECT_NE(closes[0].reason.find("zombie"), std::string::npos);
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Disconnected);
  EXPECT_TRUE(ev[0].resumable);
  EXPECT_EQ(h.session.state(), ShardState::Reconnecting);
  // Reconnect, HELLO: a Resume from the last delivered seq, no Identify.
  h.advance(ev[0].reconnect_in);
  auto opens = Harness::of<OpenSocket>(h.take());
  ASSERT_EQ(opens.size(), 1U);
  h.hello();
  auto b = h.take();
  EXPECT_TRUE(Harness::of<AcquireIdentify>(b).empty());
  auto sent = Harness::sent(b);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(Harness::op_of(sent[0]), 6);
  EXPECT_NE(sent[0].find(R"("session_id":"sess-1")"), std::string::npos);
  EXPECT_NE(sent[0].find(R"("seq":2)"), std::string::npos);
  EXPECT_EQ(h.session.state(), ShardState::Resuming);
}

TEST(GatewaySession, AnsweringServerOp1DoesNotCauseAFalseZombie) {
  Harness h;
  h.connect(1000);
  h.advance(800ms);
  h.ack();
  h.take();
  h.advance(790ms);
  h.feed(R"({"op":1,"d":null})");  // server asks right before our beat is due
  h.advance(10ms);                 // our beat goes; the ACK of the answer is still in flight
  auto a = h.take();
  EXPECT_TRUE(Harness::of<CloseSocket>(a).empty());
  EXPECT_EQ(Harness::ops(a), (std::vector<int>{1, 1}));
}

TEST(GatewaySession, ResumedKeepsTheHigherSeqAndReplaysAreDeliveredOnce) {
  Harness h;
  h.connect();
  for (int s = 2; s <= 5; ++s) EXPECT_TRUE(h.dispatch(s));
  h.close(1006);
  h.reconnect();
  h.hello();
  h.take();
  // The replay: 4 and 5 were delivered before (a server that replays from too far back),
  // 6 and 7 are new.
  EXPECT_FALSE(h.dispatch(4));
  EXPECT_FALSE(h.dispatch(5));
  EXPECT_TRUE(h.dispatch(6));
  EXPECT_TRUE(h.dispatch(7));
  // [A] RESUMED carries the seq the client sent (5): it must not move last_seq back.
  EXPECT_TRUE(h.feed(R"({"op":0,"t":"RESUMED","s":5,"d":null})"));
  EXPECT_EQ(h.session.last_seq(), 7);
  EXPECT_FALSE(h.dispatch(7));
  EXPECT_TRUE(h.dispatch(8));
  auto ev = Harness::events(h.take());
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Resumed);
  EXPECT_EQ(h.session.state(), ShardState::Ready);
  auto beats = Harness::sent_op(h.run(2s), 1);
  ASSERT_FALSE(beats.empty());
  EXPECT_EQ(beats.back(), R"({"op":1,"d":8})");
}

TEST(GatewaySession, ResumedOfRevisionBAdvancesToItsSeq) {
  Harness h;
  h.connect();
  h.dispatch(2);
  h.close(1006);
  h.reconnect();
  h.hello();
  EXPECT_TRUE(h.feed(R"({"op":0,"t":"RESUMED","s":9,"d":{}})"));
  EXPECT_EQ(h.session.last_seq(), 9);
}

TEST(GatewaySession, Op7ReconnectsExactlyOnce) {
  Harness h;
  h.connect();
  const auto old = h.conn();
  h.feed(R"({"op":7})");
  auto a = h.take();
  ASSERT_EQ(Harness::of<CloseSocket>(a).size(), 1U);
  // The server's close 4000 of the same socket arrives afterwards: it must be ignored.
  h.session.on_closed(old, 4000, "Session drain requested; reconnect to continue", h.now);
  auto b = h.take();
  EXPECT_TRUE(b.empty());
  h.reconnect();
  EXPECT_EQ(h.session.connects(), 2U);
  h.hello();
  EXPECT_EQ(Harness::ops(h.take()), std::vector<int>{6});
}

TEST(GatewaySession, StaleConnectionEventsAreIgnored) {
  Harness h;
  h.connect();
  const auto old = h.conn();
  h.close(1006);
  h.reconnect();
  ASSERT_NE(h.conn(), old);
  h.session.on_closed(old, 4004, "Invalid token", h.now);
  auto f = decode_frame(R"({"op":9,"d":false})");
  h.session.on_frame(old, *f, h.now);
  h.session.on_transport_error(old, 1009, "too big", h.now);
  EXPECT_TRUE(h.take().empty());
  EXPECT_NE(h.session.state(), ShardState::Stopped);
}

TEST(GatewaySession, InvalidSessionWaitsOneToFiveSecondsThenIdentifiesOnTheSameSocket) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    auto o = test_options();
    Harness h(o);
    Session s(h.options_, 0, seed, h.log);
    s.start(h.now);
    auto hello = decode_frame(R"({"op":10,"d":{"heartbeat_interval":100000}})");
    s.on_frame(s.connection(), *hello, h.now);
    s.on_identify_granted(h.now);
    auto ready = decode_frame(
        R"({"op":0,"t":"READY","s":1,"d":{"session_id":"x","version":1,"user":{"id":"1","username":"b","discriminator":"0000","bot":true},"guilds":[]}})");
    s.on_frame(s.connection(), *ready, h.now);
    (void)s.take_actions();
    auto nine = decode_frame(R"({"op":9,"d":false})");
    s.on_frame(s.connection(), *nine, h.now);
    auto a = s.take_actions();
    auto ev = Harness::events(a);
    ASSERT_EQ(ev.size(), 1U);
    EXPECT_EQ(ev[0].kind, ShardEvent::Kind::SessionInvalidated);
    EXPECT_EQ(ev[0].session_id, "x");
    EXPECT_GE(ev[0].reconnect_in, 1s);
    EXPECT_LE(ev[0].reconnect_in, 5s);
    EXPECT_TRUE(s.session_id().empty());
    EXPECT_TRUE(Harness::of<CloseSocket>(a).empty()) << "op 9 keeps the socket";
    auto deadline = s.next_deadline();
    ASSERT_TRUE(deadline.has_value());
    s.on_timer(h.now + ev[0].reconnect_in - 1ms);
    EXPECT_TRUE(Harness::of<AcquireIdentify>(s.take_actions()).empty());
    s.on_timer(h.now + ev[0].reconnect_in);
    auto b = s.take_actions();
    EXPECT_EQ(Harness::of<AcquireIdentify>(b).size(), 1U);
    EXPECT_TRUE(Harness::of<OpenSocket>(b).empty());
    s.on_identify_granted(h.now + ev[0].reconnect_in);
    EXPECT_EQ(Harness::ops(s.take_actions()), std::vector<int>{2});
  }
}

TEST(GatewaySession, InvalidSessionAnsweringAResumeLeadsToIdentify) {
  Harness h;
  h.connect();
  h.close(1006);
  h.reconnect();
  h.hello();
  ASSERT_EQ(Harness::ops(h.take()), std::vector<int>{6});
  h.feed(R"({"op":9,"d":false})");
  auto a = h.run(6s);
  EXPECT_EQ(Harness::of<AcquireIdentify>(a).size(), 1U);
  h.session.on_identify_granted(h.now);
  EXPECT_EQ(Harness::ops(h.take()), std::vector<int>{2});
}

// ---------------------------------------------------------------- close codes

struct CloseCase {
  std::uint16_t code;
  bool fatal;
  bool resumes;  // the next attempt resumes (else identifies)
  ErrorKind kind = ErrorKind::Other;
};

class GatewaySessionClose : public ::testing::TestWithParam<CloseCase> {};

TEST_P(GatewaySessionClose, FollowsTheProtocolTable) {
  const auto c = GetParam();
  Harness h;
  h.connect();
  h.dispatch(2);
  h.take();
  h.close(c.code, "reason text");
  auto a = h.take();
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  if (c.fatal) {
    EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Stopped);
    ASSERT_TRUE(ev[0].error.has_value());
    EXPECT_EQ(ev[0].error->kind, c.kind);
    EXPECT_EQ(ev[0].error->status, c.code);
    EXPECT_EQ(h.session.state(), ShardState::Stopped);
    ASSERT_TRUE(h.session.error().has_value());
    // No retry, ever.
    h.advance(std::chrono::hours{1});
    EXPECT_TRUE(Harness::of<OpenSocket>(h.take()).empty());
    EXPECT_FALSE(h.session.next_deadline().has_value());
    EXPECT_TRUE(h.lines.has(LogLevel::Error, "stopping for good"));
    return;
  }
  EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Disconnected);
  EXPECT_EQ(ev[0].close_code, c.code);
  EXPECT_EQ(ev[0].resumable, c.resumes);
  h.advance(ev[0].reconnect_in);
  EXPECT_EQ(Harness::of<OpenSocket>(h.take()).size(), 1U);
  h.hello();
  auto b = h.take();
  if (c.resumes) {
    EXPECT_EQ(Harness::ops(b), std::vector<int>{6});
  } else {
    EXPECT_EQ(Harness::of<AcquireIdentify>(b).size(), 1U);
    EXPECT_TRUE(Harness::sent(b).empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, GatewaySessionClose,
    ::testing::Values(CloseCase{1000, false, true}, CloseCase{1001, false, true}, CloseCase{1005, false, true},
                      CloseCase{1006, false, true}, CloseCase{4000, false, true}, CloseCase{4001, false, true},
                      CloseCase{4002, false, true}, CloseCase{4003, false, false}, CloseCase{4005, false, true},
                      CloseCase{4006, false, true}, CloseCase{4007, false, false}, CloseCase{4008, false, true},
                      CloseCase{4009, false, true}, CloseCase{4004, true, false, ErrorKind::InvalidToken},
                      CloseCase{4010, true, false, ErrorKind::WebSocket},
                      CloseCase{4011, true, false, ErrorKind::WebSocket},
                      CloseCase{4012, true, false, ErrorKind::WebSocket}),
    [](const auto& info) { return "Code" + std::to_string(info.param.code); });

TEST(GatewaySession, OurBugCodesAreLoggedLoudly) {
  for (std::uint16_t code : {4001, 4002, 4005}) {
    Harness h;
    h.connect();
    h.close(code, "Unknown opcode");
    EXPECT_TRUE(h.lines.has(LogLevel::Error, "a bug in the SDK")) << code;
  }
}

TEST(GatewaySession, InvalidTokenErrorNamesTheKind) {
  Harness h;
  h.connect();
  h.close(4004, "Invalid token");
  auto ev = Harness::events(h.take());
  ASSERT_EQ(ev.size(), 1U);
  ASSERT_TRUE(ev[0].error);
  EXPECT_EQ(ev[0].error->kind, ErrorKind::InvalidToken);
  EXPECT_EQ(ev[0].error->code, "INVALID_TOKEN");
  // The token never appears in what the session logged or reported.
  EXPECT_EQ(ev[0].error->message.find(h.options_.token), std::string::npos);
}

TEST(GatewaySession, CompressionFailedReconnectsWithoutCompression) {
  auto o = test_options();
  o.compression = Compression::ZstdStream;
  Harness h(o);
  h.connect();
  h.close(4002, "Compression failed: zstd-stream");
  auto ev = Harness::events(h.take());
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_TRUE(ev[0].resumable);
  h.advance(ev[0].reconnect_in);
  auto opens = Harness::of<OpenSocket>(h.take());
  ASSERT_EQ(opens.size(), 1U);
  EXPECT_FALSE(opens[0].compress);
  EXPECT_FALSE(h.session.compress());
  // Another 4002 (a decode error) does not turn compression back on or off.
  h.session.on_open(h.conn(), h.now);
  h.hello();
  h.close(4002, "Decode failed");
  opens = Harness::of<OpenSocket>(h.reconnect());
  ASSERT_EQ(opens.size(), 1U);
  EXPECT_FALSE(opens[0].compress);
}

TEST(GatewaySession, OnlyCompressionFailuresTurnCompressionOff) {
  auto reopened_compressed = [](const std::string& reason) {
    auto o = test_options();
    o.compression = Compression::ZstdStream;
    Harness h(o);
    h.connect();
    h.close(4002, reason);
    auto opens = Harness::of<OpenSocket>(h.reconnect());
    EXPECT_EQ(opens.size(), 1U);
    EXPECT_EQ(h.session.compress(), !opens.empty() && opens[0].compress);
    return !opens.empty() && opens[0].compress;
  };
  // [B]: the server could not decompress what we sent on our stream. Plain text is the safe
  // fallback (a stream that failed once would fail on every new connection).
  EXPECT_FALSE(reopened_compressed("Decompression failed"));
  EXPECT_FALSE(reopened_compressed("Compression failed: zstd-stream"));
  EXPECT_FALSE(reopened_compressed("compression FAILED"));
  // Other decode errors are not about compression: it stays on.
  EXPECT_TRUE(reopened_compressed("Decode failed"));
  EXPECT_TRUE(reopened_compressed("Payload too large"));
  EXPECT_TRUE(reopened_compressed("Invalid payload"));
  EXPECT_TRUE(reopened_compressed("Invalid resume payload"));
  EXPECT_TRUE(reopened_compressed("compression parameter ignored"));
}

TEST(GatewaySession, TransportErrorsCloseAndResume) {
  Harness h;
  h.connect();
  h.session.on_transport_error(h.conn(), 1009, "message over max_frame_bytes", h.now);
  auto a = h.take();
  auto closes = Harness::of<CloseSocket>(a);
  ASSERT_EQ(closes.size(), 1U);
  EXPECT_EQ(closes[0].code, 1009);
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_TRUE(ev[0].resumable);
}

// ---------------------------------------------------------------- backoff and timeouts

/// Backoff from 100 ms up to `cap`, reset after 10 s of stable session; no hello timeout.
GatewayOptions backoff_options(std::chrono::milliseconds cap) {
  auto o = test_options();
  o.reconnect.base = 100ms;
  o.reconnect.cap = cap;
  o.reconnect.stable_after = 10s;
  o.hello_timeout = 1h;
  return o;
}

TEST(GatewaySession, BackoffGrowsWithFullJitterUpToTheCapAndResetsAfterAStableSession) {
  Harness h(backoff_options(1600ms));
  h.session.start(h.now);
  std::vector<std::chrono::milliseconds> delays;
  for (int i = 0; i < 8; ++i) {
    h.close(1006, "refused");  // the connect itself fails
    auto ev = Harness::events(h.take());
    ASSERT_EQ(ev.size(), 1U);
    delays.push_back(ev[0].reconnect_in);
    h.advance(ev[0].reconnect_in);
    ASSERT_EQ(Harness::of<OpenSocket>(h.take()).size(), 1U);
  }
  const std::chrono::milliseconds ceilings[] = {100ms, 200ms, 400ms, 800ms, 1600ms, 1600ms, 1600ms, 1600ms};
  for (std::size_t i = 0; i < delays.size(); ++i) {
    EXPECT_GE(delays[i], 0ms);
    EXPECT_LE(delays[i], ceilings[i]) << i;
  }
  // A session READY for longer than stable_after: the next delay is back at the first step.
  h.session.on_open(h.conn(), h.now);
  h.hello(100'000);
  h.session.on_identify_granted(h.now);
  h.ready();
  h.take();
  h.advance(11s);
  h.take();
  h.close(1006);
  auto ev = Harness::events(h.take());
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_LE(ev[0].reconnect_in, 100ms);
}

TEST(GatewaySession, RateLimitedCloseBacksOffLonger) {
  auto o = test_options();
  o.reconnect.base = 1000ms;
  o.reconnect.cap = 60s;
  Harness h(o);
  h.connect();
  h.close(4008, "Rate limited");
  auto ev = Harness::events(h.take());
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_TRUE(ev[0].resumable);
  EXPECT_LE(ev[0].reconnect_in, 2000ms);
  EXPECT_TRUE(h.lines.has(LogLevel::Warn, "rate limited"));
}

TEST(GatewaySession, RateLimitedCloseRaisesTheCeilingAbove4000s) {
  // Two sessions with the same options and seed; one is closed 4000, the other 4008.
  auto o = test_options();
  o.reconnect.base = 1000ms;
  o.reconnect.cap = 60s;
  o.hello_timeout = 1h;
  Harness plain(o);
  Harness limited(o);
  plain.connect(100'000);
  limited.connect(100'000);
  plain.close(4000, "Session unavailable");
  limited.close(4008, "Rate limited");
  auto ev_plain = Harness::events(plain.take());
  auto ev_limited = Harness::events(limited.take());
  ASSERT_EQ(ev_plain.size(), 1U);
  ASSERT_EQ(ev_limited.size(), 1U);
  EXPECT_TRUE(ev_limited[0].resumable);
  // 4000 moved the backoff one step (1 s -> 2 s), 4008 two (-> 4 s).
  EXPECT_EQ(plain.session.backoff_ceiling(), 2000ms);
  EXPECT_EQ(limited.session.backoff_ceiling(), 4000ms);
  // Same generator: the 4008 delay is the larger of two draws, the first being 4000's.
  EXPECT_LE(ev_plain[0].reconnect_in, 1000ms);
  EXPECT_GE(ev_limited[0].reconnect_in, ev_plain[0].reconnect_in);
  EXPECT_LE(ev_limited[0].reconnect_in, 2000ms);
  // The raised ceiling stays raised for the attempts that follow (here: a failed connect).
  plain.advance(ev_plain[0].reconnect_in);
  limited.advance(ev_limited[0].reconnect_in);
  ASSERT_EQ(Harness::of<OpenSocket>(plain.take()).size(), 1U);
  ASSERT_EQ(Harness::of<OpenSocket>(limited.take()).size(), 1U);
  plain.close(1006, "refused");
  limited.close(1006, "refused");
  ev_plain = Harness::events(plain.take());
  ev_limited = Harness::events(limited.take());
  ASSERT_EQ(ev_plain.size(), 1U);
  ASSERT_EQ(ev_limited.size(), 1U);
  EXPECT_LE(ev_plain[0].reconnect_in, 2000ms);
  EXPECT_LE(ev_limited[0].reconnect_in, 4000ms);
  EXPECT_EQ(plain.session.backoff_ceiling(), 4000ms);
  EXPECT_EQ(limited.session.backoff_ceiling(), 8000ms);
}

TEST(GatewaySession, ASessionShorterThanStableAfterDoesNotResetTheBackoff) {
  Harness h(backoff_options(60s));
  h.session.start(h.now);
  for (int i = 0; i < 3; ++i) {  // three failed connects: 100 -> 200 -> 400 -> 800 ms
    h.close(1006, "refused");
    auto ev = Harness::events(h.take());
    ASSERT_EQ(ev.size(), 1U);
    h.advance(ev[0].reconnect_in);
    ASSERT_EQ(Harness::of<OpenSocket>(h.take()).size(), 1U);
  }
  ASSERT_EQ(h.session.backoff_ceiling(), 800ms);
  // READY, then up for 9.9 s only (heartbeats acknowledged): not stable yet.
  h.session.on_open(h.conn(), h.now);
  h.hello(1000);
  h.session.on_identify_granted(h.now);
  h.ready();
  h.take();
  h.run(9900ms);
  ASSERT_EQ(h.session.state(), ShardState::Ready);
  h.close(1006);
  auto ev = Harness::events(h.take());
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_LE(ev[0].reconnect_in, 800ms) << "drawn from the ceiling reached before READY";
  EXPECT_EQ(h.session.backoff_ceiling(), 1600ms) << "the backoff was reset by a short session";
}

TEST(GatewaySession, ResumeWithoutResumedInTimeReconnectsAndResumesAgain) {
  auto o = test_options();
  o.identify_timeout = 5s;
  Harness h(o);
  h.connect(100'000);
  h.dispatch(2);
  h.dispatch(3);
  h.close(1006);
  h.reconnect();
  h.hello(100'000);
  auto a = h.take();
  ASSERT_EQ(Harness::sent_op(a, 6).size(), 1U);
  ASSERT_EQ(h.session.state(), ShardState::Resuming);
  // The server never answers the Resume (no replay, no RESUMED, no op 9).
  h.advance(4999ms);
  EXPECT_TRUE(Harness::of<CloseSocket>(h.take()).empty());
  h.advance(1ms);
  a = h.take();
  auto closes = Harness::of<CloseSocket>(a);
  ASSERT_EQ(closes.size(), 1U);
  EXPECT_EQ(closes[0].code, kCloseResume) << "not 1000: the session must stay resumable";
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Disconnected);
  EXPECT_TRUE(ev[0].resumable);
  EXPECT_NE(ev[0].reason.find("no RESUMED"), std::string::npos) << ev[0].reason;
  EXPECT_EQ(h.session.session_id(), "sess-1");
  EXPECT_EQ(h.session.last_seq(), 3);
  // The next connection resumes the same session from the same seq; no Identify.
  h.reconnect();
  h.hello(100'000);
  a = h.take();
  EXPECT_TRUE(Harness::of<AcquireIdentify>(a).empty());
  auto resumes = Harness::sent_op(a, 6);
  ASSERT_EQ(resumes.size(), 1U);
  EXPECT_NE(resumes[0].find(R"("session_id":"sess-1")"), std::string::npos);
  EXPECT_NE(resumes[0].find(R"("seq":3)"), std::string::npos);
  EXPECT_TRUE(Harness::sent_op(a, 2).empty());
  EXPECT_EQ(h.session.identifies(), 1U);
  EXPECT_EQ(h.session.resumes(), 2U);
  // This time it works.
  EXPECT_TRUE(h.dispatch(4));
  EXPECT_TRUE(h.feed(R"({"op":0,"t":"RESUMED","s":4,"d":{}})"));
  EXPECT_EQ(h.session.state(), ShardState::Ready);
}

TEST(GatewaySession, IdentifyWithoutReadyIsTreatedAsLost) {
  auto o = test_options();
  o.identify_timeout = 5s;
  Harness h(o);
  h.session.start(h.now);
  h.hello(100'000);
  h.session.on_identify_granted(h.now);
  h.take();
  h.advance(4999ms);
  EXPECT_TRUE(Harness::of<CloseSocket>(h.take()).empty());
  h.advance(1ms);
  auto a = h.take();
  EXPECT_EQ(Harness::of<CloseSocket>(a).size(), 1U);
  EXPECT_EQ(Harness::of<ReleaseIdentify>(a).size(), 1U) << "the lease is given back";
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_FALSE(ev[0].resumable);
  EXPECT_NE(ev[0].reason.find("Identify lost"), std::string::npos);
}

TEST(GatewaySession, NoHelloInTimeReconnects) {
  auto o = test_options();
  o.hello_timeout = 3s;
  Harness h(o);
  h.session.start(h.now);
  h.take();
  h.advance(3s);
  auto a = h.take();
  EXPECT_EQ(Harness::of<CloseSocket>(a).size(), 1U);
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Disconnected);
}

TEST(GatewaySession, SocketClosingWhileQueuedForIdentifyLeavesTheQueue) {
  Harness h;
  h.session.start(h.now);
  h.hello();
  ASSERT_EQ(Harness::of<AcquireIdentify>(h.take()).size(), 1U);
  h.close(1006);
  EXPECT_EQ(Harness::of<ReleaseIdentify>(h.take()).size(), 1U);
  // A grant that arrives anyway is handed straight back.
  h.session.on_identify_granted(h.now);
  auto a = h.take();
  EXPECT_EQ(Harness::of<ReleaseIdentify>(a).size(), 1U);
  EXPECT_TRUE(Harness::sent(a).empty());
}

// ---------------------------------------------------------------- pacing

TEST(GatewaySession, CommandsWaitForReadyAndThePacingKeepsRoomForHeartbeats) {
  auto o = test_options();
  o.payload_limit = 10;
  o.payload_window = 60s;
  Harness h(o);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.session.queue_command(R"({"op":3,"d":{"status":"idle"}})", h.now).ok());
  h.session.start(h.now);
  h.hello(30'000);  // period 24 s: 60/24 + 2 = 4 slots kept for heartbeats
  h.session.on_identify_granted(h.now);
  EXPECT_EQ(Harness::ops(h.take()), std::vector<int>{2}) << "nothing but Identify before READY";
  h.ready();
  EXPECT_EQ(Harness::ops(h.take()), (std::vector<int>{3, 3, 3}));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(h.session.queue_command(R"({"op":14,"d":{}})", h.now).ok());
  // Identify + 3 + 2 more = 6 = 10 - 4 kept for heartbeats.
  EXPECT_EQ(Harness::ops(h.take()).size(), 2U);
  EXPECT_EQ(h.session.queued(), 8U);
  // Heartbeats still go out although the window is "full".
  auto beats = Harness::sent_op(h.run(50s), 1);
  EXPECT_GE(beats.size(), 2U);
  EXPECT_EQ(h.session.queued(), 8U);
  // Once the first sends leave the window, the queue drains.
  h.run(11s);
  EXPECT_LT(h.session.queued(), 8U);
  h.run(5min);
  EXPECT_EQ(h.session.queued(), 0U);
}

TEST(GatewaySession, PacingNeverExceedsTheLimitInAnyWindow) {
  auto o = test_options();
  o.payload_limit = 20;
  o.payload_window = 10s;
  Harness h(o);
  h.connect(4000);
  std::vector<TimePoint> sends;
  for (int step = 0; step < 600; ++step) {
    if (step % 2 == 0) (void)h.session.queue_command(R"({"op":14,"d":{}})", h.now);
    if (step % 100 == 0) h.feed(R"({"op":1,"d":null})");
    h.advance(100ms);
    for (const auto& a : h.take())
      if (std::holds_alternative<SendPayload>(a)) sends.push_back(h.now);
    h.ack();
  }
  for (std::size_t i = 0; i < sends.size(); ++i) {
    std::size_t in_window = 0;
    for (std::size_t j = i; j < sends.size() && sends[j] - sends[i] < 10s; ++j) ++in_window;
    EXPECT_LE(in_window, 20U) << "at send " << i;
  }
}

TEST(GatewaySession, RevisionBRaisesTheDefaultBudget) {
  Harness h;
  EXPECT_EQ(h.session.payload_limit(), 120);
  h.session.set_revision(RevisionHint::B);
  EXPECT_EQ(h.session.payload_limit(), 600);
  auto o = test_options();
  o.payload_limit = 50;
  Harness fixed(o);
  fixed.session.set_revision(RevisionHint::B);
  EXPECT_EQ(fixed.session.payload_limit(), 50);
}

TEST(GatewaySession, ReadyOfRevisionBRaisesTheBudget) {
  Harness h;
  h.session.start(h.now);
  h.hello();
  h.session.on_identify_granted(h.now);
  h.feed(
      R"({"op":0,"t":"READY","s":1,"d":{"session_id":"s","version":1,"user":{"id":"1","username":"b","discriminator":"0000","bot":true},"guilds":[],"webauthn_credentials":[]}})");
  EXPECT_EQ(h.session.payload_limit(), 600);
}

TEST(GatewaySession, PresenceUpdatesAreCoalescedToFivePerTwentySeconds) {
  Harness h;
  h.connect(100'000);
  const char* statuses[] = {"online", "idle", "dnd", "invisible", "online", "idle", "dnd", "idle"};
  int i = 0;
  for (const char* st : statuses) {
    UpdatePresence p;
    p.status = parse_presence_status(st);
    ASSERT_TRUE(h.session.update_presence(p, h.now).ok());
    h.now += 100ms;
    ++i;
  }
  auto first = Harness::sent_op(h.take(), 3);
  EXPECT_EQ(first.size(), 5U);
  auto later = Harness::sent_op(h.run(20s), 3);
  ASSERT_EQ(later.size(), 1U) << "the three updates beyond the budget collapse into the latest";
  EXPECT_NE(later[0].find(R"("status":"idle")"), std::string::npos) << later[0];
  // The next Identify carries the latest presence.
  h.close(4007);
  h.reconnect();
  h.hello(100'000);
  h.session.on_identify_granted(h.now);
  auto identify = Harness::sent(h.take());
  ASSERT_EQ(identify.size(), 1U);
  EXPECT_NE(identify[0].find(R"("status":"idle")"), std::string::npos);
}

TEST(GatewaySession, CommandsAreRefusedWhenTheQueueIsFullOrTheShardStopped) {
  auto o = test_options();
  o.max_queued_commands = 2;
  Harness h(o);
  EXPECT_TRUE(h.session.queue_command("{\"op\":14,\"d\":{}}", h.now).ok());
  EXPECT_TRUE(h.session.queue_command("{\"op\":14,\"d\":{}}", h.now).ok());
  auto full = h.session.queue_command("{\"op\":14,\"d\":{}}", h.now);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().kind, ErrorKind::RateLimit);
  auto big = h.session.queue_command(std::string(5000, 'x'), h.now);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::InvalidArgument);
  h.session.stop(h.now);
  auto stopped = h.session.queue_command("{\"op\":14,\"d\":{}}", h.now);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().kind, ErrorKind::ClientNotReady);
}

TEST(GatewaySession, CommandsQueuedAcrossAReconnectAreSentAfterResumed) {
  Harness h;
  h.connect();
  h.close(1006);
  h.take();
  ASSERT_TRUE(h.session.queue_command(R"({"op":14,"d":{}})", h.now).ok());
  EXPECT_TRUE(Harness::sent(h.take()).empty());
  h.reconnect();
  h.hello();
  EXPECT_EQ(Harness::ops(h.take()), std::vector<int>{6});
  h.feed(R"({"op":0,"t":"RESUMED","s":1,"d":{}})");
  EXPECT_EQ(Harness::ops(h.take()), std::vector<int>{14});
}

// ---------------------------------------------------------------- stop

TEST(GatewaySession, StopClosesNormallyAndSchedulesNothing) {
  Harness h;
  h.connect();
  h.session.stop(h.now);
  auto a = h.take();
  auto closes = Harness::of<CloseSocket>(a);
  ASSERT_EQ(closes.size(), 1U);
  EXPECT_EQ(closes[0].code, 1000);
  auto ev = Harness::events(a);
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, ShardEvent::Kind::Stopped);
  EXPECT_FALSE(ev[0].error.has_value());
  EXPECT_FALSE(h.session.next_deadline().has_value());
  h.advance(std::chrono::hours{1});
  EXPECT_TRUE(h.take().empty());
  h.session.stop(h.now);
  EXPECT_TRUE(h.take().empty());
}

TEST(GatewaySession, StopWhileWaitingForIdentifyLeavesTheQueue) {
  Harness h;
  h.session.start(h.now);
  h.hello();
  h.take();
  h.session.stop(h.now);
  EXPECT_EQ(Harness::of<ReleaseIdentify>(h.take()).size(), 1U);
}

TEST(GatewaySession, UnknownOpcodesAreLoggedOnceAndIgnored) {
  Harness h;
  h.connect();
  h.feed(R"({"op":99,"d":null})");
  h.feed(R"({"op":99,"d":null})");
  EXPECT_TRUE(h.take().empty());
  EXPECT_TRUE(h.lines.has(LogLevel::Warn, "unknown opcode 99"));
  EXPECT_EQ(h.session.state(), ShardState::Ready);
}

}  // namespace
}  // namespace fluxer::gateway::detail::test
