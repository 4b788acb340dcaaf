#pragma once
/// @file
/// ServerOptions: how an emulator Server listens and which protocol revision it speaks.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fluxer/core/log.hpp>

namespace fluxer::emulator {

/// Which server revision to imitate (fluxer-protocol.md §1, §9).
enum class ProtocolMode : std::uint8_t {
  A,  ///< the January 2026 snapshot (older self-hosted servers)
  B,  ///< the current server (fluxer.app)
};

/// "a" / "b".
[[nodiscard]] std::string_view to_string(ProtocolMode mode) noexcept;
/// Parses "a"/"A"/"b"/"B"; nullopt otherwise.
[[nodiscard]] std::optional<ProtocolMode> parse_protocol_mode(std::string_view text) noexcept;

/// Options of an emulator Server. Defaults are the real server's values; tests shrink the
/// timings so that heartbeat and resume behaviour can be exercised in milliseconds.
struct ServerOptions {
  /// Port on 127.0.0.1; 0 picks a free ephemeral port (see Server::port()).
  std::uint16_t port = 0;
  ProtocolMode mode = ProtocolMode::B;

  /// HELLO `heartbeat_interval`. The server checks every interval/3, asks with op 1 once
  /// 90 % of the interval passed since the last client heartbeat, and closes 4009 once the
  /// heartbeat timeout passed while waiting.
  std::chrono::milliseconds heartbeat_interval{41'250};
  /// Default: interval × 45 000 / 41 250 (the real 45 s for the real interval).
  std::optional<std::chrono::milliseconds> heartbeat_timeout;
  /// How long a disconnected session can be resumed. Default: 10 s in [A], 60 s in [B].
  std::optional<std::chrono::milliseconds> resume_window;

  /// Client payloads allowed per connection per `payload_window` before close 4008.
  /// Default: 120 in [A], 600 in [B] (which also applies it per session).
  std::optional<int> payload_limit;
  std::chrono::milliseconds payload_window{60'000};
  /// [A] session starts (Identify) per token per minute before close 4008.
  int identify_limit = 20;
  /// [B] Identify payloads per source IP per minute; the excess is silently dropped.
  int ip_identify_limit = 300;
  /// [B] client payloads per source IP per fixed `payload_window` before close 4008.
  int ip_payload_limit = 6'000;
  /// [B] concurrent gateway sockets per source IP (every client is 127.0.0.1 here); one
  /// more is closed 4008 "Too many connections" before HELLO.
  std::size_t max_connections_per_ip = 256;
  /// [B] guilds one bot shard may hold before close 4011.
  int max_guilds_per_shard = 2'500;
  /// [B] replay buffer bounds; older events raise the replay floor.
  std::size_t replay_max_events = 4'096;
  std::size_t replay_max_bytes = 16U << 20U;
  /// Inbound WebSocket message limit (also after decompression) → close 4002.
  std::size_t max_inbound_payload = 4'096;
  /// HTTP request body limit → 413.
  std::size_t max_http_body = 64U << 20U;
  /// Entries kept in the request log (oldest dropped first).
  std::size_t request_log_capacity = 10'000;
  /// Body bytes kept per request-log entry (RequestLogEntry::body_truncated beyond).
  std::size_t request_log_body_limit = 1U << 20U;
  /// Bytes (bodies, headers, paths) the request log holds at most: the oldest entries are
  /// dropped beyond, so large uploads cannot make a long-running emulator grow.
  std::size_t request_log_max_bytes = 32U << 20U;

  /// TCP connections (HTTP and gateway) served at once; more are closed as they are
  /// accepted (ServerStats::connections_refused counts them).
  std::size_t max_connections = 1'024;
  /// An HTTP connection with no request in progress (just accepted, or between keep-alive
  /// requests) is closed after this long.
  std::chrono::milliseconds http_idle_timeout{60'000};
  /// A request whose header section is still incomplete this long after its first byte is
  /// answered 408 and its connection closed (the slowloris guard).
  std::chrono::milliseconds http_header_timeout{30'000};
  /// A request (headers and body) still incomplete this long after its first byte is
  /// answered 408 and its connection closed.
  std::chrono::milliseconds http_request_timeout{300'000};
  /// Created messages remembered for Server::wait_for_message (oldest dropped first), so
  /// a long-running emulator does not grow without bound.
  std::size_t message_log_capacity = 10'000;

  /// Log sink and level (tokens of the world are redacted). Default: stderr at Warn.
  LogSink log_sink;
  LogLevel log_level = LogLevel::Warn;
  /// Log every HTTP request and gateway frame at Info (the binary turns this on).
  bool log_traffic = false;

  /// REST rate limits (fluxer-protocol.md §5.2): the per-route buckets and the global
  /// limit, with the headers and 429 bodies of the mode. false: no 429 RATE_LIMITED and no
  /// X-RateLimit-* header at all (a deployment with rate limits disabled; benchmarks).
  bool rate_limits = true;
  /// Multiplies every request allowance (route buckets and the global limit); results are
  /// rounded down but never below 1. 0.1 turns 20 per 10 s into 2 per 10 s.
  double rate_limit_scale = 1.0;
  /// Multiplies every rate-limit window (and so every refill and retry_after); 0.01 turns a
  /// 10 s window into 100 ms, so tests see resets quickly.
  double rate_limit_time_scale = 1.0;
  /// The global allowance per identity per one-second window (50 on the real server).
  int global_rate_limit = 50;

  [[nodiscard]] std::chrono::milliseconds effective_heartbeat_timeout() const {
    return heartbeat_timeout.value_or(std::chrono::milliseconds{heartbeat_interval.count() * 45'000 / 41'250});
  }
  [[nodiscard]] std::chrono::milliseconds effective_resume_window() const {
    return resume_window.value_or(mode == ProtocolMode::A ? std::chrono::milliseconds{10'000}
                                                          : std::chrono::milliseconds{60'000});
  }
  [[nodiscard]] int effective_payload_limit() const {
    return payload_limit.value_or(mode == ProtocolMode::A ? 120 : 600);
  }
};

}  // namespace fluxer::emulator
