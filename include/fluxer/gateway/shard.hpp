#pragma once
/// @file
/// Shard lifecycle: states, the notifications a Gateway sends about its shards, and the
/// status snapshot any thread can read.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fluxer/core/error.hpp>

namespace fluxer::gateway {

/// Where a shard is in its life.
enum class ShardState : std::uint8_t {
  Idle,          ///< not started
  Connecting,    ///< opening the socket, waiting for HELLO
  Identifying,   ///< waiting for the identify queue, or Identify sent and no READY yet
  Resuming,      ///< Resume sent, waiting for the replay and RESUMED
  Ready,         ///< READY or RESUMED received: dispatches flow
  Reconnecting,  ///< the socket is gone; waiting (backoff) before the next attempt
  Stopped,       ///< stopped for good: stop() was called or a fatal close code arrived
};

/// "idle", "connecting", "identifying", "resuming", "ready", "reconnecting", "stopped".
[[nodiscard]] std::string_view to_string(ShardState state) noexcept;

/// A notification about one shard, delivered on the gateway loop thread in order with the
/// shard's dispatches.
struct ShardEvent {
  enum class Kind : std::uint8_t {
    /// READY arrived: a new session (`session_id`). Sent just before the READY dispatch.
    Ready,
    /// RESUMED arrived: the session continues; the replayed events came before it.
    Resumed,
    /// The connection ended (`close_code`, `reason`; 1006 = dropped without a close frame,
    /// or a client-side decision such as a zombie connection). The shard reconnects after
    /// `reconnect_in`, resuming when `resumable`.
    Disconnected,
    /// op 9 Invalid Session: the session is gone; a fresh Identify follows after
    /// `reconnect_in` (no event between the two is lost to a replay: there is none).
    SessionInvalidated,
    /// The shard stopped for good. `error` says why (InvalidToken for 4004, WebSocket with
    /// `status` = 4010, 4011 or 4012), or is empty after stop().
    Stopped,
  };

  Kind kind = Kind::Ready;
  int shard_id = 0;
  /// The session (Ready, Resumed; the lost one for SessionInvalidated).
  std::string session_id;
  /// Disconnected / Stopped: the WebSocket close code (0 when none applies).
  std::uint16_t close_code = 0;
  std::string reason;
  /// Disconnected: the next attempt resumes the session (false: it identifies afresh).
  bool resumable = false;
  /// Disconnected / SessionInvalidated: the wait before the next attempt.
  std::chrono::milliseconds reconnect_in{0};
  /// Stopped: the fatal error, or nullopt when stop() was asked for.
  std::optional<Error> error;
};

/// "ready", "resumed", "disconnected", "session_invalidated", "stopped".
[[nodiscard]] std::string_view to_string(ShardEvent::Kind kind) noexcept;

/// What zstd turned out to be on a shard's current connection (Compression::ZstdStream asks
/// for it; the server's first binary message tells which form it speaks).
enum class ZstdMode : std::uint8_t {
  /// Not compressed: compression was not asked for, the server answered in plain text, or
  /// no message has arrived on this connection yet (or there is no connection).
  None,
  /// [A]: every server message is an independent, complete zstd frame; the client keeps
  /// sending plain text.
  Frames,
  /// [B]: one continuous zstd stream in each direction; the client compresses what it sends.
  Stream,
};

/// "none", "frames", "stream".
[[nodiscard]] std::string_view to_string(ZstdMode mode) noexcept;

/// A snapshot of one shard, readable from any thread (Gateway::status()).
struct ShardStatus {
  int shard_id = 0;
  ShardState state = ShardState::Idle;
  /// Round trip of the last acknowledged heartbeat; nullopt before the first ACK.
  std::optional<std::chrono::microseconds> latency;
  std::string session_id;
  /// The last sequence number delivered.
  std::int64_t seq = 0;
  /// The current connection is zstd-compressed.
  bool compressed = false;
  /// Which form of zstd the current connection speaks (None when not compressed).
  ZstdMode zstd_mode = ZstdMode::None;
  /// Sockets opened, Identify and Resume payloads sent, since start().
  std::uint64_t connects = 0;
  std::uint64_t identifies = 0;
  std::uint64_t resumes = 0;
  /// Why the shard stopped, when it stopped on a fatal close.
  std::optional<Error> error;
};

}  // namespace fluxer::gateway
