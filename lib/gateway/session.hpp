#pragma once
// Private to libfluxer: one shard's gateway protocol as a sans-IO state machine.
//
// In: the socket opened / closed (with its close code), a decoded frame, a transport error
// the adapter found (frame too large, broken zstd), the identify grant, a timer, user
// commands, and always the time now. Out: actions for the adapter, in order (open a socket,
// send a payload, close the socket, ask the identify queue, notify the client), plus for
// each dispatch frame the verdict "deliver it or not". No socket, thread or clock in here:
// every transition is unit-tested with a fake clock.
//
// Connections are numbered; input about an older connection than the current one is
// ignored, so a late close of a socket the session already gave up on (op 7, zombie,
// identify timeout) can never cause a second reconnect.

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fluxer/core/log.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/gateway/options.hpp>
#include <fluxer/gateway/shard.hpp>

#include "gateway/backoff.hpp"
#include "gateway/frame.hpp"
#include "gateway/pacer.hpp"

namespace fluxer::gateway::detail {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

/// The close code the SDK sends when it drops a connection it wants to resume (zombie,
/// op 7, a lost Identify, a bad frame): not 1000, so the session stays resumable.
inline constexpr std::uint16_t kCloseResume = 4000;
/// The close code of stop(): a normal close.
inline constexpr std::uint16_t kCloseNormal = 1000;
/// What the adapter reports when a socket ended without a close frame.
inline constexpr std::uint16_t kCloseAbnormal = 1006;
/// Payloads in a window kept for heartbeats when no HELLO told the interval yet.
inline constexpr int kDefaultHeartbeatReserve = 3;
/// The server's inbound limit (fluxer-protocol.md §3.1): larger payloads close 4002.
inline constexpr std::size_t kMaxOutboundPayload = 4096;

/// Open a new socket (numbered `connection`), compressed or not.
struct OpenSocket {
  std::uint64_t connection = 0;
  bool compress = false;
};
/// Send one payload on the current socket.
struct SendPayload {
  std::string text;
};
/// Close the current socket; the session already considers it gone.
struct CloseSocket {
  std::uint16_t code = kCloseNormal;
  std::string reason;
};
/// Queue this shard at the identify queue (call on_identify_granted() when granted).
struct AcquireIdentify {};
/// Leave the identify queue: release the lease, or stop waiting for one.
struct ReleaseIdentify {};
/// Tell the client.
struct Notify {
  ShardEvent event;
};
using Action = std::variant<OpenSocket, SendPayload, CloseSocket, AcquireIdentify, ReleaseIdentify, Notify>;

class Session {
 public:
  /// `options` and `log` must outlive the session. `seed` feeds the shard's generator.
  Session(const GatewayOptions& options, int shard_id, std::uint64_t seed, const Logger& log);

  // ---- inputs
  void start(TimePoint now);
  /// stop(): close 1000, leave the identify queue, notify Stopped (no error).
  void stop(TimePoint now);
  void on_open(std::uint64_t connection, TimePoint now);
  /// The socket ended: a close frame (`code`, `reason`), or 1006 for a drop / failed connect.
  void on_closed(std::uint64_t connection, std::uint16_t code, std::string_view reason, TimePoint now);
  /// The adapter refused what the server sent (too large, undecompressable): close the
  /// socket with `code` and reconnect, resuming.
  void on_transport_error(std::uint64_t connection, std::uint16_t code, std::string reason, TimePoint now);
  /// A payload from the server. For a dispatch, returns true when it must be delivered
  /// (false for a duplicate of an already delivered sequence number).
  bool on_frame(std::uint64_t connection, Frame& frame, TimePoint now);
  void on_identify_granted(TimePoint now);
  /// Runs whatever is due at `now` (heartbeat, zombie check, timeouts, reconnect, pacing).
  void on_timer(TimePoint now);
  /// The server revision became known (READY's shape, or zstd stream mode).
  void set_revision(RevisionHint revision);

  // ---- commands (from the client, marshalled to the loop thread)
  /// Queues a payload; sent when READY and the pacing allows. Errors: ClientNotReady
  /// (stopped), RateLimit (queue full).
  Result<void> queue_command(std::string payload, TimePoint now);
  /// Replaces the presence: sent coalesced (latest wins) and used by later Identify payloads.
  Result<void> update_presence(const UpdatePresence& presence, TimePoint now);

  // ---- outputs
  /// The actions produced since the last call, in order.
  [[nodiscard]] std::vector<Action> take_actions() {
    std::vector<Action> out;
    out.swap(actions_);
    return out;
  }
  [[nodiscard]] bool has_actions() const noexcept { return !actions_.empty(); }
  /// When on_timer() must run next; nullopt when nothing is scheduled.
  [[nodiscard]] std::optional<TimePoint> next_deadline();

  // ---- state
  [[nodiscard]] ShardState state() const noexcept;
  [[nodiscard]] int shard_id() const noexcept { return shard_id_; }
  [[nodiscard]] const std::string& session_id() const noexcept { return session_id_; }
  [[nodiscard]] std::int64_t last_seq() const noexcept { return last_seq_; }
  [[nodiscard]] std::optional<std::chrono::microseconds> latency() const noexcept { return latency_; }
  [[nodiscard]] std::uint64_t connection() const noexcept { return connection_; }
  [[nodiscard]] bool compress() const noexcept { return compress_; }
  [[nodiscard]] std::uint64_t connects() const noexcept { return connects_; }
  [[nodiscard]] std::uint64_t identifies() const noexcept { return identifies_; }
  [[nodiscard]] std::uint64_t resumes() const noexcept { return resumes_; }
  [[nodiscard]] const std::optional<Error>& error() const noexcept { return error_; }
  [[nodiscard]] std::chrono::milliseconds heartbeat_period() const noexcept { return period_; }
  /// The upper bound the next reconnect delay is drawn from.
  [[nodiscard]] std::chrono::milliseconds backoff_ceiling() const noexcept { return backoff_.ceiling(); }
  [[nodiscard]] int payload_limit() const noexcept { return pacer_.limit(); }
  [[nodiscard]] std::size_t queued() const noexcept { return queue_.size(); }

 private:
  enum class Phase : std::uint8_t {
    Idle,
    WaitingToConnect,  // backoff timer
    Connecting,        // socket opening / waiting for HELLO
    WaitingGrant,      // HELLO seen, in the identify queue
    Identifying,       // Identify sent
    Resuming,          // Resume sent
    InvalidWait,       // op 9: waiting before a fresh Identify on the same socket
    Ready,
    Stopped,
  };

  template <class T>
  void act(T&& action) {
    actions_.emplace_back(std::in_place_type<std::decay_t<T>>, std::forward<T>(action));
  }
  void open_socket(TimePoint now);
  void clear_timers();
  void send_now(std::string text, TimePoint now);
  void send_heartbeat(TimePoint now);
  void begin_auth(TimePoint now);
  void on_hello(const Frame& frame, TimePoint now);
  bool on_dispatch(Frame& frame, TimePoint now);
  void on_invalid_session(TimePoint now);
  void leave_identify_queue();
  /// Gives up the current socket (closing it with `code` when the session initiated it) and
  /// schedules the next attempt.
  void reconnect(std::uint16_t code, std::string reason, bool we_close, bool resumable, bool slow, TimePoint now);
  void fail(Error error, std::uint16_t code, std::string reason);
  void clear_session();
  void pump(TimePoint now);
  [[nodiscard]] int heartbeat_reserve() const noexcept;
  [[nodiscard]] std::chrono::milliseconds random_between(std::chrono::milliseconds lo, std::chrono::milliseconds hi);

  const GatewayOptions& options_;
  const Logger& log_;
  int shard_id_;
  std::mt19937_64 rng_;
  Backoff backoff_;
  Pacer pacer_;
  Pacer presence_pacer_;

  Phase phase_ = Phase::Idle;
  std::uint64_t connection_ = 0;  // the current socket's number (0 = none yet)
  bool socket_open_ = false;      // OpenSocket issued and not given up (may still be connecting)
  bool compress_ = false;
  RevisionHint revision_ = RevisionHint::Unknown;

  // session
  std::string session_id_;
  std::int64_t last_seq_ = 0;
  std::optional<UpdatePresence> presence_;

  // heartbeat
  std::chrono::milliseconds period_{0};
  std::optional<TimePoint> next_beat_;
  bool awaiting_ack_ = false;
  TimePoint beat_sent_at_{};
  std::optional<std::chrono::microseconds> latency_;

  // identify queue
  bool in_identify_queue_ = false;  // waiting or holding a lease

  // deadlines
  std::optional<TimePoint> reconnect_at_;
  std::optional<TimePoint> hello_deadline_;
  std::optional<TimePoint> auth_deadline_;
  std::optional<TimePoint> invalid_until_;
  std::optional<TimePoint> ready_at_;
  TimePoint last_now_{};

  // outbound
  std::deque<std::string> queue_;
  std::optional<std::string> pending_presence_;

  // counters
  std::uint64_t connects_ = 0;
  std::uint64_t identifies_ = 0;
  std::uint64_t resumes_ = 0;
  std::optional<Error> error_;
  std::vector<int> warned_ops_;

  std::vector<Action> actions_;
};

}  // namespace fluxer::gateway::detail
