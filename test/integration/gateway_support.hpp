#pragma once
// Shared pieces of the gateway integration tests: an emulator with fast timings, a bot
// (a Gateway whose handlers record what arrived) and the numbered-message stream.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/emulator/server.hpp>
#include <fluxer/gateway/gateway.hpp>

#include "fixture.hpp"

namespace fluxer::gateway::test {

using namespace std::chrono_literals;
using emulator::ProtocolMode;
using emulator::test::Emu;

/// The connection variants every fault is tried on: both server revisions, and zstd in
/// the form each revision speaks ([A] independent frames, [B] one stream each way).
struct Variant {
  ProtocolMode mode;
  Compression compression;
};

inline std::string variant_name(const Variant& v) {
  return std::string(v.mode == ProtocolMode::A ? "A" : "B") + (v.compression == Compression::None ? "_plain" : "_zstd");
}

inline const std::vector<Variant>& all_variants() {
  static const std::vector<Variant> v{{ProtocolMode::A, Compression::None},
                                      {ProtocolMode::A, Compression::ZstdStream},
                                      {ProtocolMode::B, Compression::None},
                                      {ProtocolMode::B, Compression::ZstdStream}};
  return v;
}

/// The zstd form a connection of `v` speaks once established: [A] independent frames,
/// [B] one stream each way; None without compression.
inline ZstdMode expected_zstd_mode(const Variant& v) {
  if (v.compression == Compression::None) return ZstdMode::None;
  return v.mode == ProtocolMode::A ? ZstdMode::Frames : ZstdMode::Stream;
}

/// Emulator options for gateway tests: quiet, 1 s heartbeats, a short resume window.
inline emulator::ServerOptions emulator_options(ProtocolMode mode,
                                                std::chrono::milliseconds heartbeat = std::chrono::milliseconds{1000}) {
  auto o = emulator::test::fast_options(mode);
  o.heartbeat_interval = heartbeat;
  o.resume_window = std::chrono::milliseconds{5'000};
  return o;
}

/// Gateway options for `emu` with test timings (short backoff, no identify spacing).
inline GatewayOptions gateway_options(const Emu& emu, Compression compression = Compression::None) {
  GatewayOptions o;
  o.token = emu.demo.bot_token;
  o.url = emu.server->gateway_url();
  o.compression = compression;
  o.identify_interval = std::chrono::milliseconds{0};
  o.reconnect =
      ReconnectPolicy{std::chrono::milliseconds{20}, std::chrono::milliseconds{200}, std::chrono::milliseconds{60'000}};
  o.invalid_session_delay_min = std::chrono::milliseconds{20};
  o.invalid_session_delay_max = std::chrono::milliseconds{80};
  o.hello_timeout = std::chrono::milliseconds{5'000};
  o.identify_timeout = std::chrono::milliseconds{5'000};
  o.stop_timeout = std::chrono::milliseconds{1'000};
  o.member_request_timeout = std::chrono::milliseconds{5'000};
  o.random_seed = 1234;
  return o;
}

/// A Gateway whose handlers record everything; waits take a deadline.
class Bot {
 public:
  struct Seen {
    int shard = 0;
    std::int64_t seq = 0;
    std::string name;
    std::string content;  ///< MESSAGE_CREATE content
    bool typed = true;    ///< false: UnknownEvent
    bool decode_error = false;
    std::string raw;
  };

  explicit Bot(GatewayOptions options, LogLevel level = LogLevel::Debug)
      : log_(sink(), level), gateway_(std::move(options), handlers(), log_) {}

  Gateway& gateway() { return gateway_; }
  Logger& log() { return log_; }

  /// Waits until `pred()` holds (checked without the bot's lock held, at every handler call
  /// and at least every 10 ms), or the deadline passes.
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000}) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (pred()) return true;
      std::unique_lock lock(mutex_);
      if (std::chrono::steady_clock::now() >= deadline) break;
      cv_.wait_for(lock, std::chrono::milliseconds{10});
    }
    return pred();
  }
  /// Waits until `n` shard events of `kind` arrived (in total).
  bool wait_events(ShardEvent::Kind kind, std::size_t n,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000}) {
    return wait([&] { return count(kind) >= n; }, timeout);
  }
  bool wait_content(const std::string& content, std::chrono::milliseconds timeout = std::chrono::milliseconds{10'000}) {
    return wait(
        [&] {
          std::lock_guard lock(mutex_);
          for (const auto& s : seen_)
            if (s.content == content) return true;
          return false;
        },
        timeout);
  }

  std::vector<Seen> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::vector<ShardEvent> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::size_t count(ShardEvent::Kind kind) {
    std::lock_guard lock(mutex_);
    return count_locked(kind);
  }
  /// MESSAGE_CREATE contents starting with `prefix`, in arrival order.
  std::vector<std::string> contents(const std::string& prefix) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& s : seen_)
      if (s.name == "MESSAGE_CREATE" && s.content.rfind(prefix, 0) == 0) out.push_back(s.content);
    return out;
  }
  /// Dispatches and shard events in the order the handlers saw them: a dispatch as its
  /// name (MESSAGE_CREATE as "MESSAGE_CREATE:<content>"), a shard event as "#<kind>"
  /// ("#ready", "#resumed", "#disconnected", ...).
  std::vector<std::string> timeline() {
    std::lock_guard lock(mutex_);
    return timeline_;
  }
  std::vector<std::string> log_lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  /// Set after stop() returned; a handler that runs afterwards records a violation.
  void mark_stopped() { stopped_ = true; }
  bool late_callback() const { return late_; }

  std::function<void(const Dispatch&)> on_dispatch_hook;

 private:
  LogSink sink() {
    return [this](LogLevel, std::string_view m) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(m);
    };
  }
  GatewayHandlers handlers() {
    GatewayHandlers h;
    h.on_dispatch = [this](Dispatch&& d) {
      if (stopped_) late_ = true;
      Seen s;
      s.shard = d.shard_id;
      s.seq = d.seq;
      s.name = d.name;
      s.raw = d.raw ? *d.raw : std::string();
      if (const auto* m = std::get_if<MessageCreate>(&d.event)) s.content = m->message.content;
      if (const auto* u = std::get_if<UnknownEvent>(&d.event)) {
        s.typed = false;
        s.decode_error = u->error.has_value();
      }
      if (on_dispatch_hook) on_dispatch_hook(d);
      {
        std::lock_guard lock(mutex_);
        timeline_.push_back(s.name == "MESSAGE_CREATE" ? s.name + ":" + s.content : s.name);
        seen_.push_back(std::move(s));
      }
      cv_.notify_all();
    };
    h.on_shard_event = [this](const ShardEvent& e) {
      if (stopped_) late_ = true;
      {
        std::lock_guard lock(mutex_);
        timeline_.push_back("#" + std::string(to_string(e.kind)));
        events_.push_back(e);
      }
      cv_.notify_all();
    };
    return h;
  }
  std::size_t count_locked(ShardEvent::Kind kind) const {
    std::size_t n = 0;
    for (const auto& e : events_)
      if (e.kind == kind) ++n;
    return n;
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Seen> seen_;
  std::vector<ShardEvent> events_;
  std::vector<std::string> lines_;
  std::vector<std::string> timeline_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> late_{false};
  Logger log_;
  Gateway gateway_;
};

/// Sends "<prefix><i>" for i in [from, to] as the demo's human in #general.
inline void send_numbered(Emu& emu, const std::string& prefix, int from, int to) {
  for (int i = from; i <= to; ++i) {
    auto r = emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, prefix + std::to_string(i));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
  }
}

inline std::vector<std::string> numbered(const std::string& prefix, int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i <= to; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

}  // namespace fluxer::gateway::test
