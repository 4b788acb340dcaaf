#pragma once
// A fake-clock harness around gateway::detail::Session: feed frames and closes, advance
// time through the session's deadlines, and inspect what it asked the adapter to do.

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gateway/frame.hpp"
#include "gateway/session.hpp"

namespace fluxer::gateway::detail::test {

using namespace std::chrono_literals;

/// Log lines, kept for assertions.
struct LogLines {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;
  LogSink sink() {
    return [this](LogLevel level, std::string_view m) {
      std::lock_guard lock(mutex);
      lines.emplace_back(level, std::string(m));
    };
  }
  bool has(LogLevel level, std::string_view needle) {
    std::lock_guard lock(mutex);
    for (const auto& [l, m] : lines)
      if (l == level && m.find(needle) != std::string::npos) return true;
    return false;
  }
};

inline GatewayOptions test_options() {
  GatewayOptions o;
  o.token = "1234567890.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
  o.url = "ws://127.0.0.1:1/gateway";
  o.random_seed = 42;
  return o;
}

class Harness {
 public:
  explicit Harness(GatewayOptions options = test_options(), int shard_id = 0)
      : options_(std::move(options)), log(lines.sink(), LogLevel::Trace), session(options_, shard_id, 7, log) {}

  GatewayOptions options_;
  LogLines lines;
  Logger log;
  Session session;
  TimePoint now{std::chrono::hours{1}};
  std::vector<Action> all;  // every action so far

  /// Actions since the last call.
  std::vector<Action> take() {
    auto a = session.take_actions();
    all.insert(all.end(), a.begin(), a.end());
    return a;
  }
  std::uint64_t conn() const { return session.connection(); }

  bool feed(const std::string& text) {
    auto f = decode_frame(text);
    EXPECT_TRUE(f.ok()) << text;
    if (!f.ok()) return false;
    return session.on_frame(conn(), *f, now);
  }
  void hello(int interval_ms = 1000) {
    feed(R"({"op":10,"d":{"heartbeat_interval":)" + std::to_string(interval_ms) + "}}");
  }
  void ready(const std::string& session_id = "sess-1", std::int64_t seq = 1) {
    feed(R"({"op":0,"t":"READY","s":)" + std::to_string(seq) + R"(,"d":{"session_id":")" + session_id +
         R"(","version":1,"user":{"id":"1","username":"bot","discriminator":"0000","bot":true},"guilds":[]}})");
  }
  bool dispatch(std::int64_t seq, const std::string& name = "TYPING_START") {
    return feed(R"({"op":0,"t":")" + name + R"(","s":)" + std::to_string(seq) +
                R"(,"d":{"channel_id":"5","user_id":"6","timestamp":1700000000}})");
  }
  void ack() { feed(R"({"op":11})"); }
  void close(std::uint16_t code, const std::string& reason = "") { session.on_closed(conn(), code, reason, now); }

  /// start(), HELLO, grant, READY: a connected session.
  void connect(int interval_ms = 1000) {
    session.start(now);
    session.on_open(conn(), now);
    hello(interval_ms);
    session.on_identify_granted(now);
    ready();
    take();
  }

  /// Moves the clock to now + d, running every deadline on the way.
  void advance(std::chrono::milliseconds d) {
    const auto target = now + d;
    for (int guard = 0; guard < 100'000; ++guard) {
      auto next = session.next_deadline();
      if (!next || *next > target) break;
      now = std::max(now, *next);
      session.on_timer(now);
    }
    now = target;
    session.on_timer(now);
  }

  /// Like advance(), acknowledging every heartbeat at once; returns the actions.
  std::vector<Action> run(std::chrono::milliseconds d) {
    std::vector<Action> got;
    const auto target = now + d;
    auto collect = [&] {
      auto a = take();
      bool beat = false;
      for (const auto& s : sent(a))
        if (op_of(s) == 1) beat = true;
      got.insert(got.end(), a.begin(), a.end());
      if (beat) ack();
    };
    for (int guard = 0; guard < 100'000; ++guard) {
      auto next = session.next_deadline();
      if (!next || *next > target) break;
      now = std::max(now, *next);
      session.on_timer(now);
      collect();
    }
    now = target;
    session.on_timer(now);
    collect();
    return got;
  }

  /// After a disconnect: advances to the reconnect and returns what that produced.
  std::vector<Action> reconnect() {
    take();
    auto next = session.next_deadline();
    EXPECT_TRUE(next.has_value());
    if (!next) return {};
    now = std::max(now, *next);
    session.on_timer(now);
    auto a = take();
    EXPECT_EQ(of<OpenSocket>(a).size(), 1U);
    session.on_open(conn(), now);
    return a;
  }

  template <class T>
  static std::vector<T> of(const std::vector<Action>& actions) {
    std::vector<T> out;
    for (const auto& a : actions)
      if (const auto* x = std::get_if<T>(&a)) out.push_back(*x);
    return out;
  }
  static std::vector<std::string> sent(const std::vector<Action>& actions) {
    std::vector<std::string> out;
    for (const auto& a : of<SendPayload>(actions)) out.push_back(a.text);
    return out;
  }
  static std::vector<ShardEvent> events(const std::vector<Action>& actions) {
    std::vector<ShardEvent> out;
    for (const auto& n : of<Notify>(actions)) out.push_back(n.event);
    return out;
  }
  static int op_of(const std::string& payload) {
    const auto pos = payload.find("\"op\":");
    return pos == std::string::npos ? -1 : std::stoi(payload.substr(pos + 5));
  }
  static std::vector<std::string> sent_op(const std::vector<Action>& actions, int op) {
    std::vector<std::string> out;
    for (const auto& s : sent(actions))
      if (op_of(s) == op) out.push_back(s);
    return out;
  }
  static std::vector<int> ops(const std::vector<Action>& actions) {
    std::vector<int> out;
    for (const auto& s : sent(actions)) out.push_back(op_of(s));
    return out;
  }
};

}  // namespace fluxer::gateway::detail::test
