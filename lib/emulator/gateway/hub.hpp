#pragma once
// The gateway's protocol logic, sans-IO (no sockets, threads or wall clock: the caller passes
// `now`). A Connection is one WebSocket: fed decoded WebSocket messages and timer ticks, it
// produces frames to send and closes. A Session is what survives a dropped socket (seq,
// replay buffer, ignored events, shard) until the resume window passes. The Hub owns both,
// routes dispatches to the sessions that can see them, and implements EventBus.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "emulator/rapidjson.hpp"

#include <fluxer/core/log.hpp>
#include <fluxer/emulator/options.hpp>
#include <fluxer/emulator/world.hpp>

#include "emulator/gateway/zstd_codec.hpp"
#include "emulator/services.hpp"

namespace fluxer::emulator::gateway {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

/// Something the IO layer must do for a connection, in order.
struct Output {
  enum class Kind { Text, Binary, Close, Drop };
  Kind kind = Kind::Text;
  std::string data;           ///< payload of Text/Binary
  std::uint16_t code = 1000;  ///< Close
  std::string reason;         ///< Close
};

class Hub;
class Connection;

struct Session {
  struct Replayed {
    std::int64_t seq;
    std::string name;
    std::string data;
  };
  std::string id;
  Identity identity;
  std::string token;
  std::int64_t seq = 0;
  std::int64_t acked = 0;
  std::int64_t evicted_max = 0;  ///< highest seq dropped from the buffer by its bounds
  std::deque<Replayed> replay;
  std::size_t replay_bytes = 0;
  std::set<std::string> ignored_events;
  std::optional<std::pair<int, int>> shard;  ///< [B] (id, count)
  std::string status = "online";
  Connection* connection = nullptr;
  TimePoint detached_at{};
  // [B] per-session payload budget (fixed window)
  TimePoint budget_window_start{};
  int budget_count = 0;
};

/// One gateway WebSocket.
class Connection {
 public:
  enum class Compression { None, Frames, Stream };

  Connection(Hub& hub, std::uint64_t id, const std::vector<std::pair<std::string, std::string>>& query);

  /// Right after the upgrade: HELLO, or close 4012 for a bad `v`.
  void open(TimePoint now);
  /// Refuses the connection before HELLO (e.g. too many connections).
  void refuse(std::uint16_t code, std::string reason) {
    opened_ = true;
    close(code, std::move(reason));
  }
  /// One complete WebSocket data message from the client (`binary` = binary frame).
  void receive(std::string_view payload, bool binary, TimePoint now);
  /// A message that exceeded the WebSocket-level cap before it was even buffered.
  void receive_oversized(TimePoint now);
  /// Heartbeat timer; call at least every interval/3 (more often is fine).
  void tick(TimePoint now);
  /// The socket is gone (any reason): detach the session so it can be resumed.
  void transport_closed(TimePoint now);

  [[nodiscard]] std::vector<Output> take_output();
  [[nodiscard]] bool has_output() const noexcept { return !out_.empty(); }
  /// A close or drop was queued: nothing more is processed.
  [[nodiscard]] bool closing() const noexcept { return closing_; }
  [[nodiscard]] std::uint64_t id() const noexcept { return id_; }
  [[nodiscard]] Session* session() const noexcept { return session_; }
  [[nodiscard]] Compression compression() const noexcept { return compression_; }

  // ---- used by the hub and fault injection ----
  /// Sends one gateway payload (compressed as negotiated).
  void send_payload(const std::string& json);
  /// Sends bytes as a frame of that type, bypassing compression.
  void send_raw(std::string data, bool binary);
  void close(std::uint16_t code, std::string reason);
  /// Answers a close frame from the client with the same code: the session stays
  /// resumable whatever the code (the client chose to leave).
  void close_by_peer(std::uint16_t code);
  void drop();
  void attach(Session* s) noexcept { session_ = s; }
  /// Restarts the heartbeat clock (after the world was paused).
  void restart_timers(TimePoint now);
  void detach() noexcept { session_ = nullptr; }
  bool stop_acking = false;

 private:
  void handle(const rapidjson::Document& doc, TimePoint now);
  void on_heartbeat(const rapidjson::Value* d);
  void on_identify(const rapidjson::Value& d, TimePoint now);
  void on_resume(const rapidjson::Value& d, TimePoint now);
  void on_presence(const rapidjson::Value& d, TimePoint now);
  void on_request_members(const rapidjson::Value& d, TimePoint now);
  void on_guild_counts(const rapidjson::Value& d);
  bool over_budget(TimePoint now);
  void queue(Output o);

  Hub& hub_;
  std::uint64_t id_;
  bool version_ok_ = false;
  Compression compression_ = Compression::None;
  std::unique_ptr<zstd::StreamCompressor> compressor_;
  std::unique_ptr<zstd::StreamDecompressor> decompressor_;
  Session* session_ = nullptr;
  std::vector<Output> out_;
  bool closing_ = false;
  bool opened_ = false;
  TimePoint last_heartbeat_{};
  TimePoint next_tick_{};
  bool awaiting_heartbeat_ = false;
  std::deque<TimePoint> payload_times_;
  std::deque<TimePoint> presence_times_;
  std::map<std::uint64_t, TimePoint> member_list_requests_;  // [B] bot full-list requests per guild
};

/// A read-only view of a connection, for scripting and tests.
struct ConnectionSnapshot {
  std::uint64_t id = 0;
  bool identified = false;
  std::string session_id;
  Snowflake user_id;
  std::optional<std::pair<int, int>> shard;
  std::int64_t seq = 0;
  Connection::Compression compression = Connection::Compression::None;
};

class Hub final : public EventBus {
 public:
  Hub(World& world, const ServerOptions& options, const Logger& log);
  ~Hub() override;

  /// Called whenever a connection has new output (the IO layer asks for writability).
  std::function<void(std::uint64_t connection_id)> on_output;

  Connection& add_connection(std::uint64_t id, const std::vector<std::pair<std::string, std::string>>& query);
  [[nodiscard]] Connection* connection(std::uint64_t id);
  /// Forgets a connection (after transport_closed).
  void remove_connection(std::uint64_t id);
  /// Ticks every connection and expires sessions past the resume window.
  void tick(TimePoint now);

  void dispatch(const GatewayEvent& event) override;

  /// Delivers one dispatch to one session: ignored events are dropped (no seq), else the
  /// seq is assigned, the event is kept for replay (if `replayable`) and sent if attached.
  void deliver(Session& session, const std::string& name, const std::string& data, bool replayable);

  // ---- sessions ----
  Session& create_session(const Identity& identity, std::string token);
  [[nodiscard]] Session* find_session(const std::string& id);
  /// Ends a session: the attached connection (if any) gets op 9 `false` and stays open.
  void invalidate_session(const std::string& id);
  /// Whether a session's user can see a guild-scoped event on its shard.
  [[nodiscard]] bool on_shard(const Session& s, std::optional<Snowflake> guild_id) const;
  /// [A] identify budget per token; false when exceeded.
  bool take_identify(const std::string& token, TimePoint now);
  /// [B] per-IP Identify budget (rolling minute); false when exceeded.
  bool take_ip_identify(TimePoint now);
  /// [B] per-IP payload budget (fixed window); false when exceeded.
  bool take_ip_payload(TimePoint now);

  [[nodiscard]] std::vector<ConnectionSnapshot> snapshot() const;
  [[nodiscard]] std::size_t connection_count() const noexcept { return connections_.size(); }
  /// Sessions (attached or waiting for resume).
  [[nodiscard]] const std::map<std::string, std::unique_ptr<Session>>& sessions() const noexcept { return sessions_; }
  void notify(std::uint64_t connection_id) {
    if (on_output) on_output(connection_id);
  }

  World& world;
  const ServerOptions& options;
  const Logger& log;

 private:
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  std::map<std::string, std::deque<TimePoint>> identify_times_;
  std::deque<TimePoint> ip_identify_times_;  // every client is 127.0.0.1: one "IP"
  TimePoint ip_window_start_{};
  int ip_payloads_ = 0;
};

/// The dispatch frame text `{"op":0,"t":name,"s":seq,"d":data}`.
[[nodiscard]] std::string dispatch_frame(const std::string& name, std::int64_t seq, const std::string& data);

}  // namespace fluxer::emulator::gateway
