#pragma once
/// @file
/// GatewayOptions: how a Gateway connects, identifies, paces and reconnects.
///
/// The defaults work against both server revisions (older self-hosted [A] servers and the
/// current [B] one) with the same configuration; tests shrink the timings.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/gateway/identify_queue.hpp>
#include <fluxer/model/gateway_commands.hpp>

namespace fluxer::gateway {

/// Transport compression of the gateway connection.
enum class Compression : std::uint8_t {
  /// Plain JSON text frames (the default, and what every server supports).
  None,
  /// `compress=zstd-stream&stream=1`: the SDK works out from the first frame whether the
  /// server sends independent zstd frames ([A]; the client keeps sending plain text) or one
  /// continuous stream ([B]; the client compresses everything it sends through one
  /// persistent stream). A server that answers uncompressed is fine too. After a close
  /// 4002 whose reason says the compressed connection failed ("Compression failed:
  /// zstd-stream": the server cannot compress; [B] "Decompression failed": it cannot
  /// decompress what the shard sent) the shard reconnects without compression for the rest
  /// of its life: plain text is what every server speaks, and a compressed stream that
  /// failed once would fail again. Other 4002 closes leave compression on.
  ZstdStream,
};

/// Reconnect backoff: exponential with full jitter. The n-th consecutive reconnect waits a
/// random time in [0, min(cap, base × 2^n)], drawn from the shard's own random generator.
struct ReconnectPolicy {
  std::chrono::milliseconds base{1'000};
  std::chrono::milliseconds cap{60'000};
  /// A session that stayed READY this long resets the backoff to its first step.
  std::chrono::milliseconds stable_after{60'000};
};

/// Everything a Gateway needs. Only `token` and `url` have no usable default.
struct GatewayOptions {
  /// The bot token `<application_id>.<secret>`. Sent raw in Identify; a leading `Bot ` is
  /// removed. Redacted from every log line.
  std::string token;
  /// The gateway URL (`wss://gateway.fluxer.app`, or `endpoints.gateway` from discovery, or
  /// `url` from `GET /gateway/bot`). The SDK appends `v=1&encoding=json` (and the
  /// compression parameters) to its query. Plain `ws://` is accepted only for a loopback
  /// host (127.0.0.0/8, ::1, localhost: the emulator, tests, a local instance); for any other
  /// host start() fails with InvalidArgument, code INSECURE_GATEWAY_URL, unless
  /// `allow_insecure_ws` is set.
  std::string url;
  /// Accept a plain `ws://` URL whose host is not loopback. Off by default and best left
  /// off: Identify and Resume carry the bot token, which would then cross the network in
  /// clear text (readable and replayable by anyone on the path), and nothing authenticates
  /// the server. Only for a trusted private network (or one already encrypted, e.g. a VPN).
  bool allow_insecure_ws = false;

  /// Total number of shards of the bot ([B]; [A] servers ignore sharding). 1..16384.
  int shard_count = 1;
  /// The shards this process runs; empty = all of [0, shard_count). Lets one bot be split
  /// across processes.
  std::vector<int> shard_ids;

  Compression compression = Compression::None;

  // ---- Identify
  IdentifyProperties properties{};
  /// Presence sent in Identify (absent = the saved status). update_presence() replaces it
  /// for later Identify payloads too.
  std::optional<UpdatePresence> presence{};
  /// Event names the server should not send (they consume no sequence number).
  std::vector<std::string> ignored_events{};
  /// Identify `flags` (see fluxer::identify_flags).
  std::uint32_t identify_flags = 0;
  /// Paces Identify payloads; null = the process's LocalIdentifyQueue for this token and
  /// `identify_interval` (process_identify_queue()), shared with every other Gateway or
  /// Client of the process that runs the same token without a queue of its own.
  std::shared_ptr<IdentifyQueue> identify_queue{};
  /// Least time between two Identify payloads of this bot (for the default queue).
  std::chrono::milliseconds identify_interval{5'000};
  /// An Identify (or Resume) that gets no READY, RESUMED or Invalid Session within this time
  /// is treated as lost: the socket is closed and the shard reconnects.
  std::chrono::milliseconds identify_timeout{30'000};
  /// Connecting plus waiting for HELLO may take at most this long.
  std::chrono::milliseconds hello_timeout{20'000};
  /// After op 9 Invalid Session the shard waits a random time in this range, then identifies.
  std::chrono::milliseconds invalid_session_delay_min{1'000};
  std::chrono::milliseconds invalid_session_delay_max{5'000};

  // ---- Heartbeat
  /// Heartbeats go out every `heartbeat_interval × heartbeat_ratio` (the first one after a
  /// random part of it), so the server never has to ask. A beat that is still unacknowledged
  /// when the next one is due marks the connection a zombie: it is closed and resumed.
  double heartbeat_ratio = 0.8;

  // ---- Reconnects
  ReconnectPolicy reconnect{};

  // ---- Outbound pacing (fluxer-protocol.md §3.10)
  /// Payloads per connection per `payload_window`. Default: 120 (the [A] budget) until the
  /// server shows it is a [B] server, then 600. Heartbeats always go first; a few slots of
  /// every window are kept for them.
  std::optional<int> payload_limit{};
  std::chrono::milliseconds payload_window{60'000};
  /// Presence updates per `presence_window`; more are coalesced (the latest wins).
  int presence_limit = 5;
  std::chrono::milliseconds presence_window{20'000};
  /// Commands queued per shard while the connection is paced or reconnecting; more are
  /// refused with a RateLimit error (never dropped silently).
  std::size_t max_queued_commands = 1'000;

  // ---- Limits
  /// Largest WebSocket message accepted from the server (compressed size).
  std::size_t max_frame_bytes = 16U << 20U;
  /// Largest payload after decompression.
  std::size_t max_decompressed_bytes = 16U << 20U;
  /// Verify the server's TLS certificate and host name (wss). Leave on.
  bool verify_tls = true;
  /// A PEM file of certificate authorities to trust for wss, e.g. a self-hosted instance's
  /// own CA; empty = the system's trust store.
  std::string tls_ca_file;

  // ---- Commands
  /// A Request Guild Members whose chunks have not all arrived after this long fails with
  /// a Timeout error.
  std::chrono::milliseconds member_request_timeout{30'000};

  // ---- Shutdown
  /// stop() closes every socket with 1000 and waits up to this long for the closes.
  std::chrono::milliseconds stop_timeout{2'000};

  /// Seeds the shards' random generators (heartbeat and reconnect jitter); nullopt = from
  /// std::random_device. Fixed seeds are for tests.
  std::optional<std::uint64_t> random_seed{};
};

}  // namespace fluxer::gateway
