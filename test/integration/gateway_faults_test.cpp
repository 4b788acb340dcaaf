// Every gateway fault the emulator can inject, in both server revisions and all three
// compression settings (none, zstd [A] frames, zstd [B] stream). Each test streams
// numbered messages from a scripted human across the fault and asserts they reach the bot
// exactly once and in order; fatal close codes must stop the shard without a retry.

#include <algorithm>
#include <thread>

#include "gateway_support.hpp"

namespace fluxer::gateway::test {
namespace {

constexpr int kBefore = 10;
constexpr int kTotal = 30;

class GatewayFaults : public ::testing::TestWithParam<Variant> {
 protected:
  void start(std::chrono::milliseconds heartbeat = std::chrono::milliseconds{1000},
             const std::function<void(GatewayOptions&)>& tweak = {}) {
    emu_ = std::make_unique<Emu>(emulator_options(GetParam().mode, heartbeat));
    auto o = gateway_options(*emu_, GetParam().compression);
    if (tweak) tweak(o);
    bot_ = std::make_unique<Bot>(o);
    auto started = bot_->gateway().start();
    ASSERT_TRUE(started.ok()) << started.error().to_string();
    ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Ready, 1)) << "no READY";
    ASSERT_TRUE(emu_->server->wait_for_connections(1, 5s));
    expect_compressed(GetParam().compression == Compression::ZstdStream);
  }

  /// The current connection is (not) compressed, on both ends; when it is, the shard
  /// detected the form the revision speaks ([A] frames, [B] stream).
  void expect_compressed(bool compressed) {
    auto conns = emu_->server->connections();
    ASSERT_EQ(conns.size(), 1U);
    EXPECT_EQ(conns[0].compressed, compressed);
    auto st = bot_->gateway().status(0);
    ASSERT_TRUE(st.has_value());
    EXPECT_EQ(st->compressed, compressed);
    EXPECT_EQ(st->zstd_mode, compressed ? expected_zstd_mode(GetParam()) : ZstdMode::None)
        << "zstd mode " << to_string(st->zstd_mode);
  }

  /// Messages 1..10, the fault, messages 11..30: all arrive once, in order, on a resumed
  /// session.
  void stream_across_resumable(const std::function<void()>& fault) {
    send_numbered(*emu_, "n", 1, kBefore);
    ASSERT_TRUE(bot_->wait_content("n" + std::to_string(kBefore)));
    fault();
    send_numbered(*emu_, "n", kBefore + 1, kTotal);
    ASSERT_TRUE(bot_->wait_content("n" + std::to_string(kTotal))) << "the stream did not recover";
    EXPECT_EQ(bot_->contents("n"), numbered("n", 1, kTotal));
    // Resumed, not identified again, once the fault cost the socket.
    ASSERT_TRUE(bot_->wait([&] {
      auto st = bot_->gateway().status(0);
      return st && st->state == ShardState::Ready;
    }));
    auto st = bot_->gateway().status(0);
    EXPECT_EQ(st->identifies, 1U);
    EXPECT_EQ(bot_->count(ShardEvent::Kind::Ready), 1U);
  }

  /// For faults that end the session: messages before it and after the new READY arrive
  /// once, in order (the server keeps nothing for a session that no longer exists).
  void stream_across_lost_session(const std::function<void()>& fault) {
    send_numbered(*emu_, "n", 1, kBefore);
    ASSERT_TRUE(bot_->wait_content("n" + std::to_string(kBefore)));
    fault();
    ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Ready, 2)) << "no fresh READY";
    ASSERT_TRUE(emu_->server->wait_for_connections(1, 5s));
    send_numbered(*emu_, "n", kBefore + 1, kTotal);
    ASSERT_TRUE(bot_->wait_content("n" + std::to_string(kTotal)));
    EXPECT_EQ(bot_->contents("n"), numbered("n", 1, kTotal));
    EXPECT_EQ(bot_->gateway().status(0)->identifies, 2U);
  }

  void expect_fatal(std::uint16_t code, ErrorKind kind) {
    ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Stopped, 1)) << "no stop after " << code;
    auto events = bot_->events();
    const auto& stop = events.back();
    EXPECT_EQ(stop.kind, ShardEvent::Kind::Stopped);
    ASSERT_TRUE(stop.error.has_value());
    EXPECT_EQ(stop.error->kind, kind);
    EXPECT_EQ(stop.error->status, code);
    auto st = bot_->gateway().status(0);
    EXPECT_EQ(st->state, ShardState::Stopped);
    const auto connects = st->connects;
    // No retry storm: the socket goes and no new one appears (the window is the
    // assertion, not a synchronisation).
    EXPECT_TRUE(emu_->server->wait_for_connections_at_most(0, 5s, false));
    EXPECT_FALSE(emu_->server->wait_for_connections(1, 300ms, false));
    EXPECT_EQ(bot_->gateway().status(0)->connects, connects);
    EXPECT_FALSE(bot_->gateway().running());
  }

  std::unique_ptr<Emu> emu_;
  std::unique_ptr<Bot> bot_;
};

TEST_P(GatewayFaults, SocketDrop) {
  start();
  stream_across_resumable([&] { ASSERT_EQ(emu_->server->drop_connection(), 1U); });
  EXPECT_GE(bot_->gateway().status(0)->resumes, 1U);
}

// The replay proper: messages 11..20 are sent while the bot has no connection at all, so
// they can only reach it through the server's replay after its Resume. The emulator is held
// (pause()) from before the drop until they are sent: the client's reconnect waits
// unanswered (its upgrade request is held), so it cannot resume early whatever its backoff.
TEST_P(GatewayFaults, MessagesSentWhileDisconnectedAreReplayedAfterResume) {
  start();
  send_numbered(*emu_, "n", 1, kBefore);
  ASSERT_TRUE(bot_->wait_content("n" + std::to_string(kBefore)));
  emu_->server->pause();
  const bool dropped = emu_->server->drop_connection() == 1U;
  // The bot saw the drop and the server no longer has the session on any socket.
  const bool disconnected = dropped && bot_->wait_events(ShardEvent::Kind::Disconnected, 1) &&
                            emu_->server->wait_for_connections_at_most(0, 5s);
  if (disconnected) send_numbered(*emu_, "n", kBefore + 1, 20);
  emu_->server->resume();
  ASSERT_TRUE(dropped);
  ASSERT_TRUE(disconnected) << "the drop was not seen on both ends";
  ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 1)) << "no RESUMED";
  send_numbered(*emu_, "n", 21, kTotal);
  ASSERT_TRUE(bot_->wait_content("n" + std::to_string(kTotal)));

  // (a) The session was resumed, never identified again.
  auto st = bot_->gateway().status(0);
  EXPECT_EQ(st->identifies, 1U);
  EXPECT_GE(st->resumes, 1U);
  EXPECT_EQ(bot_->count(ShardEvent::Kind::Ready), 1U);
  EXPECT_EQ(bot_->count(ShardEvent::Kind::SessionInvalidated), 0U);
  // (b) What was sent while disconnected arrived between the drop and RESUMED: the replay.
  const auto timeline = bot_->timeline();
  const auto drop = std::find(timeline.begin(), timeline.end(), "#disconnected");
  ASSERT_NE(drop, timeline.end());
  const auto resumed = std::find(drop, timeline.end(), "#resumed");
  ASSERT_NE(resumed, timeline.end());
  std::vector<std::string> replayed;
  for (auto it = drop; it != resumed; ++it)
    if (it->rfind("MESSAGE_CREATE:n", 0) == 0) replayed.push_back(it->substr(std::string("MESSAGE_CREATE:").size()));
  EXPECT_FALSE(replayed.empty()) << "nothing was replayed";
  EXPECT_EQ(replayed, numbered("n", kBefore + 1, 20)) << "the replay is exactly what was missed";
  // (c) Every message exactly once, in order.
  EXPECT_EQ(bot_->contents("n"), numbered("n", 1, kTotal));
  expect_compressed(GetParam().compression == Compression::ZstdStream);
}

TEST_P(GatewayFaults, ZombieConnection) {
  start(500ms);
  stream_across_resumable([&] {
    ASSERT_EQ(emu_->server->set_heartbeat_acks(false), 1U);
    // The client notices at its next beat and resumes on a new socket.
    ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 1));
  });
  auto events = bot_->events();
  bool zombie = false;
  for (const auto& e : events)
    if (e.kind == ShardEvent::Kind::Disconnected && e.reason.find("zombie") != std::string::npos) zombie = true;
  EXPECT_TRUE(zombie);
}

TEST_P(GatewayFaults, ReconnectOp7) {
  start();
  stream_across_resumable([&] { ASSERT_EQ(emu_->server->send_reconnect(true), 1U); });
  // Exactly one reconnect for one op 7 (+ close 4000).
  EXPECT_EQ(bot_->gateway().status(0)->connects, 2U);
  EXPECT_EQ(bot_->count(ShardEvent::Kind::Disconnected), 1U);
}

TEST_P(GatewayFaults, ReconnectOp7WithoutClose) {
  start();
  stream_across_resumable([&] { ASSERT_EQ(emu_->server->send_reconnect(false), 1U); });
  EXPECT_EQ(bot_->gateway().status(0)->connects, 2U);
}

TEST_P(GatewayFaults, InvalidSessionOp9) {
  start();
  stream_across_lost_session([&] { ASSERT_EQ(emu_->server->invalidate_session(), 1U); });
  EXPECT_EQ(bot_->count(ShardEvent::Kind::SessionInvalidated), 1U);
  EXPECT_EQ(bot_->gateway().status(0)->connects, 1U) << "op 9 identifies on the same socket";
}

TEST_P(GatewayFaults, ResumableCloseCodes) {
  start();
  int round = 0;
  for (std::uint16_t code : {1000, 1001, 4000, 4001, 4002, 4005, 4006, 4008, 4009}) {
    SCOPED_TRACE(code);
    const std::string prefix = "c" + std::to_string(code) + "-";
    const auto resumed_before = bot_->count(ShardEvent::Kind::Resumed);
    send_numbered(*emu_, prefix, 1, 5);
    ASSERT_TRUE(bot_->wait_content(prefix + "5"));
    ASSERT_EQ(emu_->server->close_connection(code, "test close"), 1U);
    send_numbered(*emu_, prefix, 6, 12);
    ASSERT_TRUE(bot_->wait_content(prefix + "12"));
    ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, resumed_before + 1));
    EXPECT_EQ(bot_->contents(prefix), numbered(prefix, 1, 12));
    ++round;
  }
  EXPECT_EQ(bot_->gateway().status(0)->identifies, 1U);
  EXPECT_EQ(bot_->count(ShardEvent::Kind::Ready), 1U);
  const auto lines = bot_->log_lines();
  int loud = 0;
  for (const auto& l : lines)
    if (l.find("a bug in the SDK") != std::string::npos) ++loud;
  EXPECT_EQ(loud, 3) << "4001, 4002 and 4005 are logged as our bug";
}

TEST_P(GatewayFaults, HeartbeatTimeoutClose) {
  start();
  stream_across_resumable([&] { ASSERT_EQ(emu_->server->close_connection(4009, "Heartbeat timeout"), 1U); });
}

TEST_P(GatewayFaults, InvalidSequenceIdentifiesAfresh) {
  start();
  stream_across_lost_session([&] { ASSERT_EQ(emu_->server->close_connection(4007, "Invalid sequence"), 1U); });
}

TEST_P(GatewayFaults, NotAuthenticatedIdentifiesAfresh) {
  start();
  stream_across_lost_session([&] { ASSERT_EQ(emu_->server->close_connection(4003, "Not authenticated"), 1U); });
}

TEST_P(GatewayFaults, FatalCodesStopWithoutRetry) {
  const std::pair<std::uint16_t, ErrorKind> cases[] = {{4004, ErrorKind::InvalidToken},
                                                       {4010, ErrorKind::WebSocket},
                                                       {4011, ErrorKind::WebSocket},
                                                       {4012, ErrorKind::WebSocket}};
  for (const auto& [code, kind] : cases) {
    SCOPED_TRACE(code);
    bot_.reset();
    start();
    ASSERT_EQ(emu_->server->close_connection(code, "fatal"), 1U);
    expect_fatal(code, kind);
  }
}

TEST_P(GatewayFaults, RejectedTokenStops) {
  emu_ = std::make_unique<Emu>(emulator_options(GetParam().mode));
  auto o = gateway_options(*emu_, GetParam().compression);
  o.token = emu_->demo.application_id.str() + ".notTheSecretAtAllxxxxxxxxxxxxxxxxxxxxxxxxxx";
  bot_ = std::make_unique<Bot>(o);
  ASSERT_TRUE(bot_->gateway().start().ok());
  expect_fatal(4004, ErrorKind::InvalidToken);
  EXPECT_EQ(bot_->gateway().status(0)->identifies, 1U);
  for (const auto& line : bot_->log_lines()) EXPECT_EQ(line.find("notTheSecretAtAll"), std::string::npos) << line;
}

TEST_P(GatewayFaults, RotatedTokenEndsTheSessionThenStops) {
  start();
  // Rotation ends the session (op 9); the fresh Identify with the old token gets 4004.
  ASSERT_TRUE(emu_->server->rotate_bot_token(emu_->demo.application_id).ok());
  expect_fatal(4004, ErrorKind::InvalidToken);
  EXPECT_EQ(bot_->count(ShardEvent::Kind::SessionInvalidated), 1U);
}

TEST_P(GatewayFaults, UnknownOpcodeIsIgnored) {
  start();
  stream_across_resumable([&] { ASSERT_EQ(emu_->server->send_unknown_opcode(99), 1U); });
  EXPECT_EQ(bot_->gateway().status(0)->connects, 1U);
}

TEST_P(GatewayFaults, NonJsonFrameIsIgnored) {
  start();
  stream_across_resumable([&] { ASSERT_EQ(emu_->server->send_non_json(), 1U); });
  EXPECT_EQ(bot_->gateway().status(0)->connects, 1U);
  bool logged = false;
  for (const auto& l : bot_->log_lines())
    if (l.find("not a gateway frame") != std::string::npos) logged = true;
  EXPECT_TRUE(logged);
}

TEST_P(GatewayFaults, GarbageBinaryFrame) {
  start();
  stream_across_resumable(
      [&] { ASSERT_EQ(emu_->server->send_raw_frame(std::string("\x28\xb5\x2f\xfd garbage", 12), true), 1U); });
  // Compressed: the zstd stream is broken, so the socket is replaced; plain: ignored.
  if (GetParam().compression == Compression::None) {
    EXPECT_EQ(bot_->gateway().status(0)->connects, 1U);
  }
}

TEST_P(GatewayFaults, OversizedFrameIsRefusedAndTheSessionResumed) {
  start(1000ms, [](GatewayOptions& o) {
    o.max_frame_bytes = 64 * 1024;
    o.max_decompressed_bytes = 64 * 1024;
  });
  stream_across_resumable([&] {
    ASSERT_EQ(emu_->server->send_oversized_frame(100 * 1024), 1U);
    ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 1));
  });
  auto events = bot_->events();
  bool refused = false;
  for (const auto& e : events)
    if (e.kind == ShardEvent::Kind::Disconnected && e.close_code == 1009) refused = true;
  EXPECT_TRUE(refused);
}

TEST_P(GatewayFaults, UnknownAndUndecodableEventsAreDeliveredNotDropped) {
  start();
  stream_across_resumable([&] {
    ASSERT_EQ(emu_->server->send_unknown_event("SOMETHING_NEW", R"({"x":[1,2,3]})"), 1U);
    ASSERT_EQ(emu_->server->send_unknown_event("MESSAGE_CREATE", R"({"content":"no ids at all"})"), 1U);
  });
  auto seen = bot_->seen();
  bool unknown = false, undecodable = false;
  for (const auto& s : seen) {
    if (s.name == "SOMETHING_NEW") {
      unknown = true;
      EXPECT_FALSE(s.typed);
      EXPECT_FALSE(s.decode_error);
      EXPECT_EQ(s.raw, R"({"x":[1,2,3]})");
    }
    if (s.name == "MESSAGE_CREATE" && !s.typed) {
      undecodable = true;
      EXPECT_TRUE(s.decode_error);
      EXPECT_EQ(s.raw, R"({"content":"no ids at all"})");
    }
  }
  EXPECT_TRUE(unknown);
  EXPECT_TRUE(undecodable);
}

TEST_P(GatewayFaults, PausedServerLooksLikeAZombieAndRecovers) {
  start(500ms);
  stream_across_resumable([&] {
    emu_->server->pause();
    const bool noticed = bot_->wait_events(ShardEvent::Kind::Disconnected, 1, 10s);
    emu_->server->resume();
    ASSERT_TRUE(noticed);
  });
}

TEST_P(GatewayFaults, SeveralFaultsInARow) {
  start(500ms);
  send_numbered(*emu_, "m", 1, 5);
  ASSERT_TRUE(bot_->wait_content("m5"));
  emu_->server->drop_connection();
  send_numbered(*emu_, "m", 6, 8);
  ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 1));
  emu_->server->send_reconnect(true);
  send_numbered(*emu_, "m", 9, 12);
  ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 2));
  emu_->server->close_connection(4000, "Session unavailable");
  send_numbered(*emu_, "m", 13, 16);
  ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 3));
  emu_->server->set_heartbeat_acks(false);
  send_numbered(*emu_, "m", 17, 20);
  ASSERT_TRUE(bot_->wait_content("m20"));
  ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 4));
  send_numbered(*emu_, "m", 21, 25);
  ASSERT_TRUE(bot_->wait_content("m25"));
  EXPECT_EQ(bot_->contents("m"), numbered("m", 1, 25));
  EXPECT_EQ(bot_->gateway().status(0)->identifies, 1U);
}

INSTANTIATE_TEST_SUITE_P(Variants, GatewayFaults, ::testing::ValuesIn(all_variants()),
                         [](const auto& info) { return variant_name(info.param); });

/// Faults that only exist with compression.
class GatewayCompressionFaults : public GatewayFaults {};

TEST_P(GatewayCompressionFaults, CompressionFailedFallsBackToPlainText) {
  start();
  stream_across_resumable([&] {
    ASSERT_EQ(emu_->server->close_connection(4002, "Compression failed: zstd-stream"), 1U);
    ASSERT_TRUE(bot_->wait_events(ShardEvent::Kind::Resumed, 1));
  });
  expect_compressed(false);
}

INSTANTIATE_TEST_SUITE_P(Variants, GatewayCompressionFaults,
                         ::testing::Values(Variant{ProtocolMode::A, Compression::ZstdStream},
                                           Variant{ProtocolMode::B, Compression::ZstdStream}),
                         [](const auto& info) { return variant_name(info.param); });

}  // namespace
}  // namespace fluxer::gateway::test
