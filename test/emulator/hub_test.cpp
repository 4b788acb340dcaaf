// The sans-IO gateway core driven with a fake clock: heartbeat timing (op 1 at 90 %, 4009
// after the timeout), resume windows per mode, replay buffer bounds and the replay floor,
// payload budgets, the [A] identify limit.

#include <gtest/gtest.h>

#include "emulator/gateway/hub.hpp"
#include "raw_client.hpp"

namespace fluxer::emulator::test {
namespace {

using gateway::Output;
using namespace std::chrono_literals;

class HubTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  HubTest() : demo(make_demo_world()), logger([](LogLevel, std::string_view) {}, LogLevel::Off) {
    options.mode = GetParam();
    options.heartbeat_interval = 41'250ms;  // the real values: the fake clock makes them free
  }
  gateway::Hub& hub() {
    if (!hub_) hub_ = std::make_unique<gateway::Hub>(demo.world, options, logger);
    return *hub_;
  }
  gateway::Connection& open(std::uint64_t id) {
    auto& c = hub().add_connection(id, {{"v", "1"}, {"encoding", "json"}});
    c.open(now);
    return c;
  }
  static std::vector<rapidjson::Document> payloads(gateway::Connection& c) {
    std::vector<rapidjson::Document> out;
    for (auto& o : c.take_output())
      if (o.kind == Output::Kind::Text) out.push_back(parse(o.data));
    return out;
  }
  static std::optional<Output> close_of(gateway::Connection& c) {
    for (auto& o : c.take_output())
      if (o.kind == Output::Kind::Close || o.kind == Output::Kind::Drop) return o;
    return std::nullopt;
  }
  std::string identify_json() const {
    return R"({"op":2,"d":{"token":")" + demo.bot_token + R"(","properties":{"os":"l","browser":"b","device":"d"}}})";
  }
  std::string login(gateway::Connection& c) {
    c.receive(identify_json(), false, now);
    auto out = payloads(c);
    if (out.empty()) return {};
    return out.front()["d"]["session_id"].GetString();
  }

  DemoWorld demo;
  ServerOptions options;
  Logger logger;
  gateway::TimePoint now = gateway::Clock::now();
  std::unique_ptr<gateway::Hub> hub_;
};

TEST_P(HubTest, HeartbeatTimingFollowsTheRealServer) {
  auto& c = open(1);
  ASSERT_EQ(payloads(c).size(), 1U);  // HELLO
  // Ticks every 13 750 ms: nothing at 13.75 s and 27.5 s, op 1 at 41.25 s (>= 37 125 ms).
  c.tick(now + 13'750ms);
  c.tick(now + 27'500ms);
  EXPECT_TRUE(c.take_output().empty());
  c.tick(now + 41'250ms);
  auto ask = payloads(c);
  ASSERT_EQ(ask.size(), 1U);
  EXPECT_EQ(ask[0]["op"].GetInt(), 1);
  EXPECT_TRUE(ask[0]["d"].IsNull());
  // Not closed at 45 s exactly (the check is "more than 45 s", on a tick).
  c.tick(now + 45'000ms);
  EXPECT_TRUE(c.take_output().empty());
  c.tick(now + 55'000ms);
  auto closed = close_of(c);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code, 4009);
}

TEST_P(HubTest, ClientHeartbeatsResetTheClockButServerOp1DoesNot) {
  auto& c = open(1);
  (void)c.take_output();
  c.tick(now + 41'250ms);  // asks
  ASSERT_EQ(payloads(c).size(), 1U);
  c.receive(R"({"op":1,"d":null})", false, now + 42'000ms);
  auto ack = payloads(c);
  ASSERT_EQ(ack.size(), 1U);
  EXPECT_EQ(ack[0]["op"].GetInt(), 11);
  c.tick(now + 55'000ms);
  c.tick(now + 68'750ms);
  EXPECT_TRUE(c.take_output().empty());  // 26.75 s since the beat: below 90 %
  c.tick(now + 82'500ms);                // 40.5 s since the beat: ask again
  ASSERT_EQ(payloads(c).size(), 1U);
}

TEST_P(HubTest, ResumeWindowPerMode) {
  const auto window = GetParam() == ProtocolMode::A ? 10s : 60s;
  auto& c = open(1);
  (void)c.take_output();
  const auto sid = login(c);
  ASSERT_FALSE(sid.empty());
  c.transport_closed(now);
  hub().remove_connection(1);
  hub().tick(now + window);  // exactly the window: still there
  EXPECT_NE(hub().find_session(sid), nullptr);
  hub().tick(now + window + 1ms);
  EXPECT_EQ(hub().find_session(sid), nullptr);
  auto& fresh = open(2);
  (void)fresh.take_output();
  fresh.receive(R"({"op":6,"d":{"token":")" + demo.bot_token + R"(","session_id":")" + sid + R"(","seq":1}})", false,
                now + window + 2ms);
  auto out = payloads(fresh);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0]["op"].GetInt(), 9);
  EXPECT_TRUE(out[0]["d"].IsFalse());
}

TEST_P(HubTest, EvictedEventsRaiseTheReplayFloor) {
  options.replay_max_events = 3;
  auto& c = open(1);
  (void)c.take_output();
  const auto sid = login(c);
  ASSERT_FALSE(sid.empty());
  auto* session = hub().find_session(sid);
  ASSERT_NE(session, nullptr);
  const auto base = session->seq;
  for (int i = 0; i < 5; ++i) hub().deliver(*session, "TEST_EVENT", "{}", true);
  EXPECT_EQ(session->replay.size(), 3U);
  EXPECT_EQ(session->evicted_max, base + 2);
  c.transport_closed(now);
  hub().remove_connection(1);
  auto resume = [&](std::uint64_t id, std::int64_t seq) {
    auto& r = open(id);
    (void)r.take_output();
    r.receive(R"({"op":6,"d":{"token":")" + demo.bot_token + R"(","session_id":")" + sid + R"(","seq":)" +
                  std::to_string(seq) + "}}",
              false, now);
    return payloads(r);
  };
  // From below the floor: the gap cannot be filled: op 9.
  auto lost = resume(2, base + 1);
  ASSERT_EQ(lost.size(), 1U);
  EXPECT_EQ(lost[0]["op"].GetInt(), 9);
  // From the floor: the three retained events, then RESUMED.
  auto ok = resume(3, base + 2);
  ASSERT_EQ(ok.size(), 4U);
  EXPECT_EQ(ok[0]["s"].GetInt64(), base + 3);
  EXPECT_EQ(std::string(ok[3]["t"].GetString()), "RESUMED");
}

TEST_P(HubTest, AcknowledgedSeqTrimsTheBufferOnB) {
  auto& c = open(1);
  (void)c.take_output();
  const auto sid = login(c);
  auto* session = hub().find_session(sid);
  for (int i = 0; i < 4; ++i) hub().deliver(*session, "TEST_EVENT", "{}", true);
  const auto size_before = session->replay.size();
  c.receive(R"({"op":1,"d":)" + std::to_string(session->seq - 1) + "}", false, now);
  if (GetParam() == ProtocolMode::B)
    EXPECT_EQ(session->replay.size(), 1U);
  else
    EXPECT_EQ(session->replay.size(), size_before);
}

TEST_P(HubTest, PayloadBudgetPerSessionOnB) {
  options.payload_limit = 3;
  auto& c = open(1);
  (void)c.take_output();
  const auto sid = login(c);  // counts for the connection; the session starts counting after it
  ASSERT_FALSE(sid.empty());
  for (int i = 0; i < 2; ++i) c.receive(R"({"op":1,"d":null})", false, now);
  (void)c.take_output();
  c.transport_closed(now);
  hub().remove_connection(1);
  // A new connection resumes: its own budget is fresh, the session's is not (fixed window).
  auto& r = open(2);
  (void)r.take_output();
  r.receive(R"({"op":6,"d":{"token":")" + demo.bot_token + R"(","session_id":")" + sid + R"(","seq":1}})", false, now);
  (void)r.take_output();
  r.receive(R"({"op":1,"d":null})", false, now);
  r.receive(R"({"op":1,"d":null})", false, now);
  auto closed = close_of(r);
  if (GetParam() == ProtocolMode::B) {
    ASSERT_TRUE(closed.has_value());
    EXPECT_EQ(closed->code, 4008);
  } else {
    EXPECT_FALSE(closed.has_value());
  }
}

TEST_P(HubTest, RollingConnectionBudget) {
  options.payload_limit = 3;
  options.payload_window = 1000ms;
  auto& c = open(1);
  (void)c.take_output();
  c.receive(R"({"op":1,"d":null})", false, now);
  c.receive(R"({"op":1,"d":null})", false, now + 400ms);
  c.receive(R"({"op":1,"d":null})", false, now + 800ms);
  c.receive(R"({"op":1,"d":null})", false, now + 1000ms);  // the first one left the window
  EXPECT_FALSE(close_of(c).has_value());
  c.receive(R"({"op":1,"d":null})", false, now + 1100ms);  // 4 within (100 ms, 1100 ms]
  auto closed = close_of(c);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code, 4008);
}

TEST_P(HubTest, IdentifyLimitPerTokenOnA) {
  options.identify_limit = 2;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    auto& c = open(i);
    (void)c.take_output();
    c.receive(identify_json(), false, now);
    auto closed = close_of(c);
    if (GetParam() == ProtocolMode::A && i == 3) {
      ASSERT_TRUE(closed.has_value());
      EXPECT_EQ(closed->code, 4008);
    } else {
      EXPECT_FALSE(closed.has_value()) << i;
    }
  }
}

TEST_P(HubTest, PerIpBudgetsOnB) {
  options.ip_identify_limit = 1;
  options.ip_payload_limit = 4;
  auto& first = open(1);
  (void)first.take_output();
  first.receive(identify_json(), false, now);
  EXPECT_FALSE(payloads(first).empty());  // READY
  auto& second = open(2);
  (void)second.take_output();
  second.receive(identify_json(), false, now);
  auto out = second.take_output();
  if (GetParam() == ProtocolMode::B) {
    EXPECT_TRUE(out.empty());  // silently dropped: no READY, no close
  } else {
    EXPECT_FALSE(out.empty());
  }
  // Payloads so far: 2 identifies. Two more fit in the IP budget, the fifth closes [B].
  second.receive(R"({"op":1,"d":null})", false, now);
  first.receive(R"({"op":1,"d":null})", false, now);
  EXPECT_FALSE(close_of(first).has_value());
  second.receive(R"({"op":1,"d":null})", false, now);
  auto closed = close_of(second);
  if (GetParam() == ProtocolMode::B) {
    ASSERT_TRUE(closed.has_value());
    EXPECT_EQ(closed->code, 4008);
  } else {
    EXPECT_FALSE(closed.has_value());
  }
}

TEST_P(HubTest, ResumeMissingFieldsPerMode) {
  auto& c = open(1);
  (void)c.take_output();
  c.receive(R"({"op":6,"d":{"token":"t","seq":1}})", false, now);
  auto closed = close_of(c);
  ASSERT_TRUE(closed.has_value());
  if (GetParam() == ProtocolMode::B) {
    EXPECT_EQ(closed->kind, Output::Kind::Close);
    EXPECT_EQ(closed->code, 4002);
  } else {
    EXPECT_EQ(closed->kind, Output::Kind::Drop);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, HubTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
