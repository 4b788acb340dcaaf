#pragma once
/// @file
/// Server: a local, protocol-faithful Fluxer instance (HTTP API + gateway on one
/// 127.0.0.1 port) for tests, samples and bot authors, with a scripting and
/// fault-injection API.
///
/// Threading: the server runs one service thread. Every public call is thread-safe; calls
/// that touch the world are executed on the service thread and wait for it (they may also
/// be called from that thread, e.g. inside `with_world`). After `stop()` (or the
/// destructor) returns no callback runs and no thread is left.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/emulator/entities.hpp>
#include <fluxer/emulator/options.hpp>
#include <fluxer/emulator/request_log.hpp>
#include <fluxer/emulator/world.hpp>

namespace fluxer::emulator {

/// A gateway connection as the server sees it.
struct ConnectionInfo {
  std::uint64_t id = 0;
  bool identified = false;                   ///< a session is attached (READY or RESUMED sent)
  std::string session_id;                    ///< empty until identified
  Snowflake user_id;                         ///< empty until identified
  std::optional<std::pair<int, int>> shard;  ///< [B] (shard_id, shard_count) when the client sent one
  std::int64_t seq = 0;                      ///< last sequence number sent to the session
  bool compressed = false;                   ///< zstd negotiated
};

/// What the server holds right now, for tests and monitoring (e.g. that memory taken by a
/// hostile client came back once it was refused).
struct ServerStats {
  std::size_t http_connections = 0;       ///< TCP connections speaking HTTP
  std::size_t websocket_connections = 0;  ///< upgraded connections (open or closing)
  /// Request bytes held: unparsed input, bodies being received, input held while paused.
  std::size_t input_buffered_bytes = 0;
  std::size_t output_buffered_bytes = 0;  ///< response and frame bytes not yet written
  std::size_t request_log_entries = 0;
  std::size_t request_log_bytes = 0;        ///< bodies, headers and paths kept by the log
  std::uint64_t connections_refused = 0;    ///< closed on accept: over ServerOptions::max_connections
  std::uint64_t connections_timed_out = 0;  ///< HTTP connections closed by an idle/header/request deadline
};

/// A REST fault: what a fault rule wants done with a matching request.
struct RestFault {
  /// Hold the response this long (applies to the real response when `status` is empty).
  std::chrono::milliseconds delay{0};
  /// Answer with this status instead of running the route (e.g. 500, 502, 503, 429).
  std::optional<int> status;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  ///< sent verbatim (an HTML page, a JSON error ...)
};
/// Decides, per request, whether to inject a fault; nullopt lets the request through.
/// Called on the service thread; keep it quick and thread-safe with respect to your test.
using RestFaultRule = std::function<std::optional<RestFault>(const RequestLogEntry& request)>;

/// Which requests a REST fault convenience applies to (see Server::delay_route & co.).
struct RestRouteMatch {
  /// "GET", "POST", ...; empty = any method.
  std::string method;
  /// A path relative to the API root with `{name}` matching any one segment, e.g.
  /// "/channels/{channel_id}/messages" or "/channels/123/messages/456". It matches with and
  /// without the "/v1" prefix. Empty = any path.
  std::string path;
};

class Server {
 public:
  /// A server over `world` (moved in). Nothing listens until start().
  explicit Server(ServerOptions options = {}, World world = {});
  /// Stops the server (see stop()).
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds 127.0.0.1:`options.port` (0 = ephemeral) and starts the service thread.
  /// Errors: the port is in use or cannot be bound, or the server was already started.
  [[nodiscard]] Result<void> start();
  /// Closes every socket, stops and joins the service thread. Idempotent. A stopped
  /// server cannot be started again.
  void stop();
  [[nodiscard]] bool running() const noexcept;

  /// The bound port (0 before start()).
  [[nodiscard]] std::uint16_t port() const noexcept;
  /// "http://127.0.0.1:<port>"
  [[nodiscard]] std::string http_url() const;
  /// "http://127.0.0.1:<port>/v1" — what a bot uses as its API base.
  [[nodiscard]] std::string api_url() const;
  /// "ws://127.0.0.1:<port>/gateway" (add `?v=1&encoding=json`).
  [[nodiscard]] std::string gateway_url() const;
  [[nodiscard]] const ServerOptions& options() const noexcept;

  // ------------------------------------------------------------------ world access

  /// Runs `fn` with the world on the service thread and waits. Mutations made here
  /// dispatch no events: use the scripting calls below for that.
  void with_world(const std::function<void(World&)>& fn);
  /// Like with_world(), returning fn's result.
  template <class F>
  auto query(F&& fn) -> std::invoke_result_t<F, World&> {
    using R = std::invoke_result_t<F, World&>;
    if constexpr (std::is_void_v<R>) {
      with_world([&](World& w) { fn(w); });
    } else {
      std::optional<R> out;
      with_world([&](World& w) { out.emplace(fn(w)); });
      return std::move(*out);
    }
  }

  // ------------------------------------------------------------------ scripting (act as a human)
  // Each call goes through the same world path as the REST API, so connected sessions get
  // the same events. Errors are Api errors with Fluxer codes (UNKNOWN_CHANNEL, ...).

  /// Posts a message as `as_user` (MESSAGE_CREATE). Mentions (`<@id>`) are resolved.
  [[nodiscard]] Result<Message> send_message(Snowflake as_user, Snowflake channel_id, std::string content);
  /// Adds a reaction as `as_user`; `emoji` is a Unicode emoji or `name:id` (MESSAGE_REACTION_ADD).
  [[nodiscard]] Result<void> add_reaction(Snowflake as_user, Snowflake channel_id, Snowflake message_id,
                                          const std::string& emoji);
  /// Removes `as_user`'s reaction (MESSAGE_REACTION_REMOVE).
  [[nodiscard]] Result<void> remove_reaction(Snowflake as_user, Snowflake channel_id, Snowflake message_id,
                                             const std::string& emoji);
  /// `user_id` joins the guild (GUILD_MEMBER_ADD; GUILD_CREATE to the user's own sessions).
  [[nodiscard]] Result<Member> join_guild(Snowflake guild_id, Snowflake user_id);
  /// `user_id` leaves the guild (GUILD_MEMBER_REMOVE; GUILD_DELETE to the user's sessions).
  [[nodiscard]] Result<void> leave_guild(Snowflake guild_id, Snowflake user_id);
  /// Creates a guild channel (CHANNEL_CREATE).
  [[nodiscard]] Result<Channel> create_channel(Snowflake guild_id, ChannelType type, std::string name,
                                               std::optional<Snowflake> parent_id = {});
  /// `as_user` starts typing (TYPING_START).
  [[nodiscard]] Result<void> start_typing(Snowflake as_user, Snowflake channel_id);
  /// Adds a human user (no event; join_guild() it next). Its token is redacted in logs.
  [[nodiscard]] User create_user(std::string username);
  /// Rotates a bot's token: its gateway sessions end (op 9 `false`); returns the new token.
  [[nodiscard]] Result<std::string> rotate_bot_token(Snowflake application_id);

  // ------------------------------------------------------------------ observing

  /// Waits until a message in `channel_id` matching `predicate` exists among the messages
  /// created while the server ran (REST, scripting or webhooks; the last
  /// `options.message_log_capacity` of them), oldest first, with an id greater than
  /// `after`. nullopt on timeout.
  [[nodiscard]] std::optional<Message> wait_for_message(Snowflake channel_id,
                                                        const std::function<bool(const Message&)>& predicate,
                                                        std::chrono::milliseconds timeout, Snowflake after = {});
  /// Waits until at least `count` gateway connections exist (identified ones only when
  /// `identified`). False on timeout.
  [[nodiscard]] bool wait_for_connections(std::size_t count, std::chrono::milliseconds timeout, bool identified = true);
  /// Waits until at most `count` gateway connections exist (identified ones only when
  /// `identified`), e.g. until the server noticed a client hung up. False on timeout.
  [[nodiscard]] bool wait_for_connections_at_most(std::size_t count, std::chrono::milliseconds timeout,
                                                  bool identified = true);
  /// Current gateway connections.
  [[nodiscard]] std::vector<ConnectionInfo> connections();
  /// Every HTTP request received so far (bounded by options.request_log_capacity).
  [[nodiscard]] std::vector<RequestLogEntry> request_log() const;
  void clear_request_log();
  /// Resource counters (connections, buffered bytes, request log size).
  [[nodiscard]] ServerStats stats();
  /// Waits for a logged request matching `predicate`. nullopt on timeout.
  [[nodiscard]] std::optional<RequestLogEntry> wait_for_request(
      const std::function<bool(const RequestLogEntry&)>& predicate, std::chrono::milliseconds timeout);

  // ------------------------------------------------------------------ gateway faults
  // `connection` = a ConnectionInfo::id, or nullopt for every connection. Each returns the
  // number of connections affected.

  /// Closes the TCP socket abruptly, without a close frame (the client sees 1006).
  std::size_t drop_connection(std::optional<std::uint64_t> connection = {});
  /// Stops (false) or resumes (true) answering heartbeats with op 11.
  std::size_t set_heartbeat_acks(bool enabled, std::optional<std::uint64_t> connection = {});
  /// Sends op 7 Reconnect, then (when `then_close`) closes 4000 as [B] does.
  std::size_t send_reconnect(bool then_close = true, std::optional<std::uint64_t> connection = {});
  /// Ends the attached session and sends op 9 `false`; the socket stays open.
  std::size_t invalidate_session(std::optional<std::uint64_t> connection = {});
  /// Sends `{"op":<op>,"d":null}` with an opcode the client does not know.
  std::size_t send_unknown_opcode(int op = 99, std::optional<std::uint64_t> connection = {});
  /// Sends a text frame that is not JSON.
  std::size_t send_non_json(std::optional<std::uint64_t> connection = {});
  /// Sends a dispatch whose frame is at least `bytes` long (event `EMULATOR_OVERSIZED`).
  std::size_t send_oversized_frame(std::size_t bytes, std::optional<std::uint64_t> connection = {});
  /// Dispatches an event the client does not know (consumes a sequence number and is replayed).
  std::size_t send_unknown_event(const std::string& name, const std::string& json_data,
                                 std::optional<std::uint64_t> connection = {});
  /// Sends an arbitrary frame as is (no compression).
  std::size_t send_raw_frame(const std::string& data, bool binary, std::optional<std::uint64_t> connection = {});
  /// Closes with any code and reason.
  std::size_t close_connection(std::uint16_t code, const std::string& reason,
                               std::optional<std::uint64_t> connection = {});

  /// Pauses the world: HTTP requests and gateway payloads are held unprocessed and
  /// heartbeat timers stand still until resume().
  void pause();
  void resume();
  [[nodiscard]] bool paused() const noexcept;

  // ------------------------------------------------------------------ REST faults

  /// Adds a rule consulted before every HTTP request is routed; returns its id.
  std::uint64_t add_rest_fault(RestFaultRule rule);
  void remove_rest_fault(std::uint64_t id);
  void clear_rest_faults();

  // ------------------------------------------------------------------ REST fault conveniences
  // (part 2; built on add_rest_fault()). Each returns the rule id, so remove_rest_fault()
  // ends it early. `times` = how many matching requests it affects (nullopt: until removed).
  // Injected responses skip routing: no handler runs and no rate-limit bucket is charged.

  /// Holds matching responses for `delay`; the request itself is processed normally.
  std::uint64_t delay_route(RestRouteMatch route, std::chrono::milliseconds delay,
                            std::optional<std::size_t> times = std::nullopt);
  /// Answers matching requests with `status` and a Fluxer error body `{"code","message"}`.
  std::uint64_t fail_route(RestRouteMatch route, int status, std::string code, std::string message,
                           std::optional<std::size_t> times = std::nullopt);
  /// Answers with `status` (a 5xx) and an HTML page (text/html), like a proxy in front of
  /// the API that lost its upstream.
  std::uint64_t fail_route_html(RestRouteMatch route, int status = 502,
                                std::optional<std::size_t> times = std::nullopt);
  /// A 429 storm: the next `count` matching requests get 429 RATE_LIMITED with the headers
  /// and body of the server's mode (route bucket headers, or the global ones when `global`),
  /// reporting `retry_after`.
  std::uint64_t rate_limit_storm(RestRouteMatch route, std::size_t count, std::chrono::milliseconds retry_after,
                                 bool global = false);
  /// 429 RESOURCE_LOCKED with `Retry-After: 1` (no rate-limit headers).
  std::uint64_t resource_locked(RestRouteMatch route, std::optional<std::size_t> times = 1);
  /// Holds the edit lock of one message for `duration`, as if another edit of it were in
  /// flight: PATCH of that message (also through a webhook) answers 429 RESOURCE_LOCKED
  /// with `Retry-After: 1` until the time is up.
  std::uint64_t lock_message(Snowflake channel_id, Snowflake message_id, std::chrono::milliseconds duration);
  /// 503 SERVICE_UNAVAILABLE with `Retry-After: 1`: the instance's in-flight ceiling.
  std::uint64_t service_unavailable(RestRouteMatch route, std::optional<std::size_t> times = std::nullopt);

  struct Impl;  ///< implementation detail (public only for the implementation's helpers)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fluxer::emulator
