#pragma once
// Shared helpers for the emulator's socket-level tests.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <fluxer/emulator/server.hpp>

#include "raw_client.hpp"

namespace fluxer::emulator::test {

/// Options for fast tests: quiet logs, a long heartbeat unless a test shrinks it.
inline ServerOptions fast_options(ProtocolMode mode) {
  ServerOptions o;
  o.mode = mode;
  o.heartbeat_interval = std::chrono::milliseconds{60'000};
  o.resume_window = std::chrono::milliseconds{2'000};
  o.log_sink = [](LogLevel, std::string_view) {};
  o.log_level = LogLevel::Off;
  return o;
}

/// A started server over the demo world.
struct Emu {
  DemoWorld demo;
  std::unique_ptr<Server> server;
  explicit Emu(ServerOptions options) : demo(make_demo_world()) {
    World world = std::move(demo.world);
    server = std::make_unique<Server>(std::move(options), std::move(world));
    auto started = server->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().to_string());
  }
  [[nodiscard]] std::string url(const std::string& path) const { return server->http_url() + path; }
  [[nodiscard]] std::string bot_auth() const { return "Authorization: Bot " + demo.bot_token; }
};

/// A gateway client that decodes compression as negotiated and parses payloads.
class Gw {
 public:
  enum class Zstd { None, Frames, Stream };
  explicit Gw(Zstd zstd = Zstd::None) : zstd_(zstd) {}

  bool connect(const Server& server, const std::string& query = "?v=1&encoding=json") {
    return ws.connect(server.port(), "/gateway" + query);
  }

  /// The next payload as JSON; a Close/Eof/Timeout yields an empty document and sets `last`.
  rapidjson::Document next(std::chrono::milliseconds timeout = 5s) {
    last = ws.next_data(timeout);
    rapidjson::Document d;
    if (last.kind == WsFrame::Kind::Text) {
      d.Parse(last.payload.data(), last.payload.size());
    } else if (last.kind == WsFrame::Kind::Binary) {
      std::optional<std::string> plain;
      if (zstd_ == Zstd::Frames)
        plain = zstd_frame_decompress(last.payload);
      else
        plain = reader_.feed(last.payload);
      if (plain) {
        last_plain = *plain;
        d.Parse(plain->data(), plain->size());
      }
    }
    return d;
  }
  /// Skips payloads until a dispatch named `name` (or anything that is not a payload).
  rapidjson::Document until_dispatch(const std::string& name, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto d = next(std::max(left, 0ms));
      if (!d.IsObject()) return d;
      if (d["op"].GetInt() == 0 && name == d["t"].GetString()) return d;
    }
  }
  /// Skips payloads until one with opcode `op` (or anything that is not a payload).
  rapidjson::Document until_op(int op, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto d = next(std::max(left, 0ms));
      if (!d.IsObject() || d["op"].GetInt() == op) return d;
    }
  }
  bool send(const std::string& json) {
    if (zstd_ == Zstd::Stream) return ws.send_binary(writer_.write(json));
    return ws.send_text(json);
  }
  /// Reads HELLO and returns its interval (ms), or -1.
  int hello() {
    auto d = next();
    if (!d.IsObject() || d["op"].GetInt() != 10) return -1;
    return d["d"]["heartbeat_interval"].GetInt();
  }
  bool identify(const std::string& token, const std::string& extra = "") {
    return send(R"({"op":2,"d":{"token":")" + token +
                R"(","properties":{"os":"linux","browser":"test","device":"test"})" + extra + "}}");
  }
  /// HELLO + IDENTIFY + READY; returns READY's d.session_id (empty on failure).
  std::string login(const std::string& token, const std::string& extra = "") {
    if (hello() < 0 || !identify(token, extra)) return {};
    auto ready = until_dispatch("READY");
    if (!ready.IsObject()) return {};
    return ready["d"]["session_id"].GetString();
  }

  WsClient ws;
  WsFrame last;
  std::string last_plain;

 private:
  Zstd zstd_;
  ZstdStreamReader reader_;
  ZstdStreamWriter writer_;
};

}  // namespace fluxer::emulator::test
