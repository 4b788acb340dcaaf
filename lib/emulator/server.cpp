// The libwebsockets adapter: one lws context on its own service thread, raw TCP sockets on
// 127.0.0.1 carrying HTTP/1.1 (parsed by emulator/http) and, after an upgrade, WebSocket
// frames (emulator/gateway/websocket) for the sans-IO gateway Hub. Cross-thread calls are
// marshalled to the service thread with a task queue and lws_cancel_service().

#include <fluxer/emulator/server.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <libwebsockets.h>

#include "emulator/actions.hpp"
#include "emulator/gateway/hub.hpp"
#include "emulator/gateway/websocket.hpp"
#include "emulator/http/http.hpp"
#include "emulator/lws_log.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator {

std::string_view to_string(ProtocolMode mode) noexcept {
  return mode == ProtocolMode::A ? "a" : "b";
}

std::optional<ProtocolMode> parse_protocol_mode(std::string_view text) noexcept {
  if (text == "a" || text == "A") return ProtocolMode::A;
  if (text == "b" || text == "B") return ProtocolMode::B;
  return std::nullopt;
}

std::optional<std::string> RequestLogEntry::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (http::iequals(k, name)) return v;
  return std::nullopt;
}

namespace {

using gateway::Clock;

ReactionEmoji parse_emoji(const std::string& text) {
  ReactionEmoji e;
  const auto colon = text.rfind(':');
  if (colon != std::string::npos && colon > 0) {
    if (auto id = Snowflake::parse(std::string_view(text).substr(colon + 1))) {
      e.id = *id;
      e.name = text.substr(0, colon);
      return e;
    }
  }
  e.name = text;
  return e;
}

// Held input beyond this stops reading from the socket until it is processed.
constexpr std::size_t kHeldHighWater = 256U << 10U;

struct TickTimer {
  lws_sorted_usec_list_t sul;  // first member: the callback casts back
  Server::Impl* self;
};

}  // namespace

struct Server::Impl final : WorldObserver {
  struct Conn {
    lws* wsi = nullptr;
    std::uint64_t id = 0;
    bool websocket = false;
    http::RequestParser parser;
    std::string out;
    bool close_after_flush = false;
    bool close_ready = false;
    bool drop_now = false;
    // HTTP: a response waiting for its delay; further requests wait behind it.
    std::optional<std::pair<Clock::time_point, std::string>> delayed;
    bool delayed_close = false;
    // Input that arrived while the world was paused or a delayed response was pending.
    std::string held;
    bool rx_paused = false;  // reading stopped until `held` is processed
    // HTTP deadlines: when the connection last finished something (accept, a response),
    // and when the first byte of the request now in progress arrived.
    Clock::time_point last_activity{};
    std::optional<Clock::time_point> request_started;
    std::unique_ptr<ws::Decoder> decoder;
    gateway::Connection* gw = nullptr;
    explicit Conn(std::size_t max_body) : parser(max_body) {}
  };

  ServerOptions options;
  World world;
  Logger logger;
  gateway::Hub hub;
  Services services;
  rest::Router router;

  lws_context* context = nullptr;
  std::optional<LwsLogRoute> lws_log;  // while the context exists
  std::thread thread;
  std::thread::id service_thread_id;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};
  std::atomic<std::uint16_t> bound_port{0};
  std::atomic<bool> is_paused{false};
  TickTimer tick_timer{};
  std::chrono::milliseconds tick_period{10};

  std::map<std::uint64_t, std::unique_ptr<Conn>> conns;
  std::uint64_t next_conn_id = 1;
  std::uint64_t connections_refused = 0;    // service thread
  std::uint64_t connections_timed_out = 0;  // service thread
  std::set<std::uint64_t> dirty;

  // Tasks marshalled to the service thread.
  std::mutex task_mutex;
  std::deque<std::function<void()>> tasks;
  std::mutex inline_mutex;  // serialises world access when no service thread runs
  bool serving = false;     // guarded by task_mutex: the service thread takes tasks

  // Observations.
  mutable std::mutex observe_mutex;
  std::condition_variable observe_cv;
  std::deque<Message> created_messages;  // bounded by options.message_log_capacity
  std::deque<RequestLogEntry> request_log;
  std::size_t request_log_bytes = 0;
  std::size_t connection_count = 0;
  std::size_t identified_count = 0;

  // REST faults.
  std::mutex fault_mutex;
  std::map<std::uint64_t, RestFaultRule> faults;
  std::uint64_t next_fault_id = 1;

  Impl(ServerOptions opts, World w)
      : options(std::move(opts)),
        world(std::move(w)),
        logger(options.log_sink ? options.log_sink : stderr_sink(), options.log_level),
        hub(world, options, logger),
        services{world, options, logger, hub, *this, {}, {}, {}} {
    rest::register_all_routes(router);
    register_secrets();
    hub.on_output = [this](std::uint64_t id) { dirty.insert(id); };
    tick_period =
        std::clamp(options.heartbeat_interval / 20, std::chrono::milliseconds{5}, std::chrono::milliseconds{250});
  }

  ~Impl() override = default;

  // Every token of the world is redacted from logs (the Logger ignores duplicates).
  void register_secrets() {
    for (const auto& [id, app] : world.applications()) logger.add_token(app.token());
    for (const auto& [id, u] : world.users())
      if (auto t = world.user_token(id); !t.empty()) logger.add_secret(t);
    for (const auto& [id, h] : world.webhooks()) logger.add_secret(h.token);
  }

  // ------------------------------------------------------------ observer

  void message_created(const Message& message) override {
    {
      std::lock_guard lock(observe_mutex);
      created_messages.push_back(message);
      while (created_messages.size() > options.message_log_capacity) created_messages.pop_front();
    }
    observe_cv.notify_all();
  }

  void update_counts() {
    std::size_t total = 0, identified = 0;
    for (const auto& snap : hub.snapshot()) {
      ++total;
      if (snap.identified) ++identified;
    }
    {
      std::lock_guard lock(observe_mutex);
      connection_count = total;
      identified_count = identified;
    }
    observe_cv.notify_all();
  }

  // ------------------------------------------------------------ tasks

  bool on_service_thread() const { return std::this_thread::get_id() == service_thread_id; }

  // Runs fn on the service thread and waits; inline when there is no service thread
  // (before start() or after stop()). Lock order everywhere: inline_mutex, then task_mutex.
  void run_sync(const std::function<void()>& fn) {
    if (on_service_thread()) return fn();
    std::promise<void> done;
    auto future = done.get_future();
    for (;;) {
      {
        std::lock_guard lock(task_mutex);
        if (serving) {
          tasks.emplace_back([&] {
            try {
              fn();
              done.set_value();
            } catch (...) {
              done.set_exception(std::current_exception());
            }
          });
          lws_cancel_service(context);
          break;
        }
      }
      std::unique_lock inline_lock(inline_mutex);
      {
        std::lock_guard lock(task_mutex);
        if (serving) continue;  // started meanwhile: queue it instead
      }
      fn();
      return;
    }
    future.get();
  }

  void run_tasks() {
    std::deque<std::function<void()>> batch;
    {
      std::lock_guard lock(task_mutex);
      batch.swap(tasks);
    }
    for (auto& t : batch) t();
    pump();
  }

  // ------------------------------------------------------------ lws glue

  static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len) {
    auto* self = static_cast<Impl*>(lws_context_user(lws_get_context(wsi)));
    if (!self) return 0;
    auto** slot = static_cast<Conn**>(user);
    switch (reason) {
      case LWS_CALLBACK_EVENT_WAIT_CANCELLED: self->run_tasks(); return 0;
      case LWS_CALLBACK_RAW_ADOPT: {
        if (self->conns.size() >= self->options.max_connections) {
          ++self->connections_refused;  // closed at once: file descriptors stay bounded
          return -1;
        }
        auto conn = std::make_unique<Conn>(self->options.max_http_body);
        conn->wsi = wsi;
        conn->last_activity = Clock::now();
        conn->id = self->next_conn_id++;
        if (slot) *slot = conn.get();
        self->conns[conn->id] = std::move(conn);
        return 0;
      }
      case LWS_CALLBACK_RAW_RX: {
        if (!slot || !*slot) return -1;
        auto* c = *slot;
        self->on_bytes(*c, std::string_view(static_cast<const char*>(in), len));
        self->pump();
        return c->drop_now ? -1 : 0;
      }
      case LWS_CALLBACK_RAW_WRITEABLE: {
        if (!slot || !*slot) return -1;
        return self->on_writable(**slot);
      }
      case LWS_CALLBACK_RAW_CLOSE: {
        if (!slot || !*slot) return 0;
        self->on_closed(**slot);
        *slot = nullptr;
        return 0;
      }
      default: return 0;
    }
  }

  static void on_tick(lws_sorted_usec_list_t* sul) {
    auto* timer = reinterpret_cast<TickTimer*>(sul);
    auto* self = timer->self;
    self->tick();
    lws_sul_schedule(self->context, 0, &self->tick_timer.sul, &Impl::on_tick,
                     std::chrono::duration_cast<std::chrono::microseconds>(self->tick_period).count());
  }

  void tick() {
    const auto now = Clock::now();
    if (!is_paused) hub.tick(now);
    if (!is_paused) enforce_http_deadlines(now);
    for (auto& [id, c] : conns) {
      if (c->delayed && c->delayed->first <= now) {
        c->out += c->delayed->second;
        c->close_after_flush = c->close_after_flush || c->delayed_close;
        c->delayed.reset();
        lws_callback_on_writable(c->wsi);
        if (!c->close_after_flush && !is_paused) continue_http(*c);
      }
    }
    pump();
    update_counts();
  }

  // Slowloris and idle guards for HTTP connections (gateway sockets have the heartbeat
  // rules). Connections waiting on the server (a delayed response, held input) are exempt.
  void enforce_http_deadlines(Clock::time_point now) {
    for (auto& [id, cp] : conns) {
      auto& c = *cp;
      if (c.websocket || c.close_after_flush || c.drop_now || c.delayed || !c.held.empty()) continue;
      if (c.request_started) {
        const auto age = now - *c.request_started;
        if ((!c.parser.headers_done() && age > options.http_header_timeout) || age > options.http_request_timeout) {
          ++connections_timed_out;
          logger.debug("http[{}] request incomplete after {} ms: 408", id,
                       std::chrono::duration_cast<std::chrono::milliseconds>(age).count());
          http::Response r;
          r.status = 408;
          r.close = true;
          send_response(c, r, false);
        }
      } else if (c.out.empty() && now - c.last_activity > options.http_idle_timeout) {
        ++connections_timed_out;
        c.drop_now = true;  // a plain close: nothing was in flight
        lws_callback_on_writable(c.wsi);
      }
    }
  }

  // Keeps bytes that cannot be processed now; stops reading the socket once a lot waits.
  void hold(Conn& c, std::string_view bytes) {
    c.held.append(bytes);
    if (!c.rx_paused && c.held.size() > kHeldHighWater) {
      lws_rx_flow_control(c.wsi, 0);
      c.rx_paused = true;
    }
  }

  // Moves queued gateway output into socket buffers.
  void pump() {
    while (!dirty.empty()) {
      auto ids = std::move(dirty);
      dirty.clear();
      for (auto id : ids) {
        auto it = conns.find(id);
        if (it == conns.end()) {
          // gateway ids equal socket ids
          continue;
        }
        auto& c = *it->second;
        if (!c.gw) continue;
        for (auto& o : c.gw->take_output()) {
          if (c.close_after_flush || c.drop_now) break;
          switch (o.kind) {
            case gateway::Output::Kind::Text: c.out += ws::encode(ws::Opcode::Text, o.data); break;
            case gateway::Output::Kind::Binary: c.out += ws::encode(ws::Opcode::Binary, o.data); break;
            case gateway::Output::Kind::Close:
              c.out += ws::encode_close(o.code, o.reason);
              c.close_after_flush = true;
              break;
            case gateway::Output::Kind::Drop: c.drop_now = true; break;
          }
        }
        lws_callback_on_writable(c.wsi);
      }
    }
  }

  int on_writable(Conn& c) {
    if (c.drop_now) return -1;
    if (c.close_ready) return -1;
    if (!c.out.empty()) {
      const std::size_t n = std::min<std::size_t>(c.out.size(), 65536);
      std::vector<unsigned char> buf(LWS_PRE + n);
      std::memcpy(buf.data() + LWS_PRE, c.out.data(), n);
      const int written = lws_write(c.wsi, buf.data() + LWS_PRE, n, LWS_WRITE_RAW);
      if (written < 0) return -1;
      c.out.erase(0, n);
    }
    if (!c.out.empty()) {
      lws_callback_on_writable(c.wsi);
    } else if (c.close_after_flush) {
      c.close_ready = true;  // close once lws has drained its own buffer
      lws_callback_on_writable(c.wsi);
    }
    return 0;
  }

  void on_closed(Conn& c) {
    if (c.gw) {
      c.gw->transport_closed(Clock::now());
      hub.remove_connection(c.id);
      c.gw = nullptr;
    }
    conns.erase(c.id);
    update_counts();
  }

  // ------------------------------------------------------------ HTTP

  void on_bytes(Conn& c, std::string_view bytes) {
    if (c.close_after_flush || c.drop_now) return;
    if (c.websocket) {
      if (is_paused) return hold(c, bytes);
      return on_ws_bytes(c, bytes);
    }
    if (is_paused || c.delayed) return hold(c, bytes);
    process_http(c, c.parser.feed(bytes));
  }

  // Resumes processing after a pause or a delayed response.
  void continue_http(Conn& c) {
    if (c.rx_paused) {
      lws_rx_flow_control(c.wsi, 1);
      c.rx_paused = false;
    }
    if (c.websocket) {
      auto held = std::move(c.held);
      c.held.clear();
      if (!held.empty()) on_ws_bytes(c, held);
      return;
    }
    auto held = std::move(c.held);
    c.held.clear();
    process_http(c, c.parser.feed(held));
  }

  void process_http(Conn& c, http::RequestParser::State state) {
    for (;;) {
      if (state == http::RequestParser::State::Error) {
        auto r = rest::error_response(c.parser.error_status(), "INVALID_REQUEST", c.parser.error_message());
        r.close = true;
        send_response(c, r, false);
        return;
      }
      if (state == http::RequestParser::State::NeedMore) {
        if (c.parser.wants_continue()) {
          c.out += "HTTP/1.1 100 Continue\r\n\r\n";
          c.parser.continue_sent();
          lws_callback_on_writable(c.wsi);
        }
        if (c.parser.buffered_bytes() > 0 && !c.request_started) c.request_started = Clock::now();
        return;
      }
      auto request = c.parser.take();
      c.request_started.reset();
      c.last_activity = Clock::now();
      handle_request(c, std::move(request));
      if (c.websocket || c.delayed || c.close_after_flush) return;
      state = c.parser.resume();
    }
  }

  void send_response(Conn& c, const http::Response& r, bool keep_alive) {
    auto bytes = http::serialize(r, keep_alive);
    const bool close = !keep_alive || r.close;
    if (r.delay.count() > 0) {
      c.delayed = std::make_pair(Clock::now() + r.delay, std::move(bytes));
      c.delayed_close = close;
      return;
    }
    c.out += bytes;
    if (close) c.close_after_flush = true;
    lws_callback_on_writable(c.wsi);
  }

  static std::size_t entry_bytes(const RequestLogEntry& e) {
    std::size_t n = e.method.size() + e.path.size() + e.query.size() + e.body.size();
    for (const auto& [k, v] : e.headers) n += k.size() + v.size();
    return n;
  }

  void log_request(const http::Request& req, int status) {
    RequestLogEntry e;
    e.method = req.method;
    e.path = req.path;
    e.query = req.query;
    e.headers = req.headers;
    e.body_size = req.body.size();
    e.body_truncated = req.body.size() > options.request_log_body_limit;
    e.body = e.body_truncated ? req.body.substr(0, options.request_log_body_limit) : req.body;
    e.time = std::chrono::system_clock::now();
    e.status = status;
    if (options.log_traffic) logger.info("http {} {} -> {}", req.method, req.target, status);
    {
      std::lock_guard lock(observe_mutex);
      request_log_bytes += entry_bytes(e);
      request_log.push_back(std::move(e));
      // Oldest first; the newest entry stays even when it alone is over the byte limit.
      while (!request_log.empty() && (request_log.size() > options.request_log_capacity ||
                                      (request_log_bytes > options.request_log_max_bytes && request_log.size() > 1))) {
        request_log_bytes -= entry_bytes(request_log.front());
        request_log.pop_front();
      }
    }
    observe_cv.notify_all();
  }

  RequestLogEntry to_entry(const http::Request& req) const {
    RequestLogEntry e;
    e.method = req.method;
    e.path = req.path;
    e.query = req.query;
    e.headers = req.headers;
    e.body = req.body;
    e.time = std::chrono::system_clock::now();
    return e;
  }

  // Whether a comma-separated header value lists `token` (case-insensitive).
  static bool has_token(const std::string* value, std::string_view token) {
    if (!value) return false;
    std::string_view rest(*value);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      auto item = rest.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (http::iequals(item, token)) return true;
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return false;
  }

  void handle_request(Conn& c, http::Request req) {
    if (has_token(req.header("upgrade"), "websocket")) return upgrade_websocket(c, req);

    std::optional<RestFault> fault;
    {
      std::lock_guard lock(fault_mutex);
      if (!faults.empty()) {
        const auto entry = to_entry(req);
        for (auto& [id, rule] : faults) {
          if (!rule) continue;
          fault = rule(entry);
          if (fault) break;
        }
      }
    }
    http::Response response;
    if (fault && fault->status) {
      response.status = *fault->status;
      response.headers = fault->headers;
      response.body = fault->body;
    } else {
      response = router.handle(req, services);
    }
    if (fault) response.delay += fault->delay;
    if (options.mode == ProtocolMode::B)  // [B] echoes X-Request-ID (§5.1)
      if (const auto* rid = req.header("x-request-id"); rid && !response.header("X-Request-ID"))
        response.set_header("X-Request-ID", *rid);
    log_request(req, response.status);
    send_response(c, response, req.keep_alive());
  }

  void upgrade_websocket(Conn& c, const http::Request& req) {
    const auto* key = req.header("sec-websocket-key");
    const auto* version = req.header("sec-websocket-version");
    if (req.path != "/" && req.path != "/gateway") {
      auto r = rest::error_response(404, "NOT_FOUND", "404: Not Found");
      log_request(req, 404);
      return send_response(c, r, false);
    }
    if (!has_token(req.header("connection"), "upgrade")) {
      // As cowboy answers an Upgrade without `Connection: upgrade`.
      http::Response r;
      r.status = 426;
      r.set_header("Upgrade", "websocket");
      log_request(req, 426);
      return send_response(c, r, false);
    }
    if (req.method != "GET" || !key || !version || *version != "13") {
      auto r = rest::error_response(400, "INVALID_REQUEST", "Bad WebSocket upgrade");
      log_request(req, 400);
      return send_response(c, r, false);
    }
    log_request(req, 101);
    c.out += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    c.out += "Sec-WebSocket-Accept: " + ws::accept_key(*key) + "\r\n\r\n";
    c.websocket = true;
    c.decoder = std::make_unique<ws::Decoder>(options.max_inbound_payload);
    const std::size_t open_sockets = hub.snapshot().size();  // closing ones excluded
    c.gw = &hub.add_connection(c.id, req.query_params);
    if (options.mode == ProtocolMode::B && open_sockets >= options.max_connections_per_ip)
      c.gw->refuse(4008, "Too many connections");
    else
      c.gw->open(Clock::now());
    // Frames the client sent right behind the upgrade request (in the same packet) are
    // already in the HTTP parser's buffer: they belong to the WebSocket now.
    if (auto early = c.parser.take_buffered(); !early.empty()) on_ws_bytes(c, early);
    lws_callback_on_writable(c.wsi);
    update_counts();
  }

  void on_ws_bytes(Conn& c, std::string_view bytes) {
    std::vector<ws::Message> messages;
    const auto err = c.decoder->feed(bytes, messages);
    const auto now = Clock::now();
    for (auto& m : messages) {
      if (!c.gw || c.gw->closing()) break;
      switch (m.opcode) {
        case ws::Opcode::Text: c.gw->receive(m.payload, false, now); break;
        case ws::Opcode::Binary: c.gw->receive(m.payload, true, now); break;
        case ws::Opcode::Ping: c.out += ws::encode(ws::Opcode::Pong, m.payload); break;
        case ws::Opcode::Pong: break;
        case ws::Opcode::Close: {
          // The decoder only lets valid close bodies through; an empty one is answered 1000.
          std::uint16_t code = 1000;
          if (m.payload.size() >= 2)
            code = static_cast<std::uint16_t>((static_cast<unsigned char>(m.payload[0]) << 8U) |
                                              static_cast<unsigned char>(m.payload[1]));
          c.gw->close_by_peer(code);
          break;
        }
        default: break;
      }
      pump();
    }
    if (c.gw && !c.gw->closing()) {
      if (err == ws::Decoder::Error::TooLarge)
        c.gw->receive_oversized(now);
      else if (err == ws::Decoder::Error::Protocol)
        c.gw->close(1002, "Protocol error");
      else if (err == ws::Decoder::Error::InvalidUtf8)
        c.gw->close(1007, "Invalid UTF-8");
    }
    lws_callback_on_writable(c.wsi);
    update_counts();
  }

  // ------------------------------------------------------------ lifecycle

  Error fail_start(std::string message) {
    stopped = true;
    lws_log.reset();
    return Error(ErrorKind::Other, std::move(message), "LISTEN_FAILED");
  }

  /// Why 127.0.0.1:`port` cannot be bound right now, or nullopt if it can (or the probe
  /// itself could not run: then libwebsockets decides).
  static std::optional<std::string> probe_port(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::nullopt;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // as the listener will
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    const int err = errno;
    ::close(fd);
    if (rc == 0) return std::nullopt;
    return err == EADDRINUSE ? std::string("port in use") : std::string(std::strerror(err));
  }

  Result<void> start() {
    std::lock_guard inline_lock(inline_mutex);  // no inline world access while starting
    if (started.exchange(true))
      return Error(ErrorKind::InvalidArgument, "emulator: server already started or stopped (a Server starts once)");
    static const lws_protocols protocols[] = {
        {"fluxer-emulator", &Impl::callback, sizeof(Conn*), 0, 0, nullptr, 0},
        {nullptr, nullptr, 0, 0, 0, nullptr, 0},
    };
    if (options.port != 0) {
      // libwebsockets 4.1 leaks its vhost allocation when it cannot bind: catch the usual
      // case (the port is taken) before creating the context.
      if (auto reason = probe_port(options.port))
        return fail_start(fmt::format("emulator: cannot listen on 127.0.0.1:{}: {}", options.port, *reason));
    }
    lws_log.emplace(logger);  // libwebsockets' own lines go to our sink, at our level
    lws_context_creation_info info{};
    info.port = options.port;
    info.iface = "127.0.0.1";
    info.protocols = protocols;
    info.user = this;
    info.options = LWS_SERVER_OPTION_ADOPT_APPLY_LISTEN_ACCEPT_CONFIG | LWS_SERVER_OPTION_DISABLE_IPV6;
    info.listen_accept_role = "raw-skt";
    info.listen_accept_protocol = "fluxer-emulator";
    info.vhost_name = "fluxer-emulator";
    context = lws_create_context(&info);
    if (!context)
      return fail_start(fmt::format("emulator: cannot listen on 127.0.0.1:{} (port in use?)", options.port));
    auto* vhost = lws_get_vhost_by_name(context, "fluxer-emulator");
    const int port = vhost ? lws_get_vhost_listen_port(vhost) : -1;
    if (port <= 0) {
      lws_context_destroy(context);
      context = nullptr;
      return fail_start(fmt::format("emulator: cannot listen on 127.0.0.1:{} (port in use?)", options.port));
    }
    bound_port = static_cast<std::uint16_t>(port);
    services.http_base = fmt::format("http://127.0.0.1:{}", port);
    services.gateway_url = fmt::format("ws://127.0.0.1:{}/gateway", port);
    tick_timer.self = this;
    std::promise<void> ready;
    auto ready_future = ready.get_future();
    thread = std::thread([this, &ready] {
      service_thread_id = std::this_thread::get_id();
      lws_sul_schedule(context, 0, &tick_timer.sul, &Impl::on_tick,
                       std::chrono::duration_cast<std::chrono::microseconds>(tick_period).count());
      ready.set_value();
      while (!stop_requested) lws_service(context, 0);
    });
    ready_future.wait();
    {
      std::lock_guard lock(task_mutex);
      serving = true;
    }
    logger.info("emulator: listening on {} (mode {})", services.http_base, to_string(options.mode));
    return {};
  }

  void stop() {
    {
      std::lock_guard lock(task_mutex);
      if (!serving) {
        if (!started.exchange(true)) stopped = true;  // never started: cannot start later
        return;
      }
      serving = false;
      stop_requested = true;
      lws_cancel_service(context);
    }
    if (thread.joinable()) thread.join();
    stopped = true;
    // Run tasks that arrived after the last service iteration (their callers are waiting).
    {
      std::lock_guard inline_lock(inline_mutex);
      std::deque<std::function<void()>> rest;
      {
        std::lock_guard lock(task_mutex);
        rest.swap(tasks);
      }
      for (auto& t : rest) t();
    }
    lws_sul_cancel(&tick_timer.sul);
    lws_context_destroy(context);  // closes sockets; RAW_CLOSE callbacks run here, on this thread
    context = nullptr;
    lws_log.reset();
    conns.clear();
    update_counts();
  }

  // ------------------------------------------------------------ faults

  template <class F>
  std::size_t for_connections(std::optional<std::uint64_t> target, F&& fn) {
    std::size_t count = 0;
    run_sync([&] {
      for (auto& [id, c] : conns) {
        if (!c->gw || c->gw->closing()) continue;
        if (target && *target != id) continue;
        fn(*c);
        ++count;
      }
      pump();
    });
    return count;
  }
};

// ================================================================ Server

Server::Server(ServerOptions options, World world)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(world))) {}
Server::~Server() {
  stop();
}

Result<void> Server::start() {
  return impl_->start();
}
void Server::stop() {
  impl_->stop();
}
bool Server::running() const noexcept {
  return impl_->started && !impl_->stopped;
}
std::uint16_t Server::port() const noexcept {
  return impl_->bound_port;
}
std::string Server::http_url() const {
  return fmt::format("http://127.0.0.1:{}", port());
}
std::string Server::api_url() const {
  return http_url() + "/v1";
}
std::string Server::gateway_url() const {
  return fmt::format("ws://127.0.0.1:{}/gateway", port());
}
const ServerOptions& Server::options() const noexcept {
  return impl_->options;
}

void Server::with_world(const std::function<void(World&)>& fn) {
  impl_->run_sync([&] {
    fn(impl_->world);
    impl_->register_secrets();  // tokens of users/bots added here are redacted too
  });
}

namespace {
template <class T, class F>
Result<T> run_action(Server::Impl& impl, F&& fn) {
  std::optional<Result<T>> out;
  impl.run_sync([&] { out.emplace(fn()); });
  return std::move(*out);
}
}  // namespace

Result<Message> Server::send_message(Snowflake as_user, Snowflake channel_id, std::string content) {
  return run_action<Message>(*impl_, [&]() -> Result<Message> {
    actions::MessageDraft d;
    d.channel_id = channel_id;
    d.author_id = as_user;
    d.content = std::move(content);
    return actions::create_message(impl_->services, std::move(d));
  });
}

Result<void> Server::add_reaction(Snowflake as_user, Snowflake channel_id, Snowflake message_id,
                                  const std::string& emoji) {
  return run_action<void>(*impl_, [&] {
    return actions::add_reaction(impl_->services, channel_id, message_id, as_user, parse_emoji(emoji));
  });
}

Result<void> Server::remove_reaction(Snowflake as_user, Snowflake channel_id, Snowflake message_id,
                                     const std::string& emoji) {
  return run_action<void>(*impl_, [&] {
    return actions::remove_reaction(impl_->services, channel_id, message_id, as_user, parse_emoji(emoji));
  });
}

Result<Member> Server::join_guild(Snowflake guild_id, Snowflake user_id) {
  return run_action<Member>(*impl_, [&] { return actions::add_member(impl_->services, guild_id, user_id); });
}

Result<void> Server::leave_guild(Snowflake guild_id, Snowflake user_id) {
  return run_action<void>(*impl_, [&] { return actions::remove_member(impl_->services, guild_id, user_id); });
}

Result<Channel> Server::create_channel(Snowflake guild_id, ChannelType type, std::string name,
                                       std::optional<Snowflake> parent_id) {
  return run_action<Channel>(
      *impl_, [&] { return actions::create_channel(impl_->services, guild_id, type, std::move(name), parent_id); });
}

Result<void> Server::start_typing(Snowflake as_user, Snowflake channel_id) {
  return run_action<void>(*impl_, [&] { return actions::start_typing(impl_->services, channel_id, as_user); });
}

User Server::create_user(std::string username) {
  std::optional<User> out;
  impl_->run_sync([&] {
    auto& u = impl_->world.add_user(std::move(username));
    impl_->logger.add_secret(impl_->world.user_token(u.id));
    out = u;
  });
  return std::move(*out);
}

Result<std::string> Server::rotate_bot_token(Snowflake application_id) {
  return run_action<std::string>(*impl_, [&]() -> Result<std::string> {
    auto* app = impl_->world.application(application_id);
    if (!app) return Error::api(404, "UNKNOWN_APPLICATION", "Unknown Application");
    const auto bot = app->bot_user_id;
    auto token = impl_->world.rotate_bot_token(application_id);
    impl_->logger.add_token(token);
    std::vector<std::string> ended;
    for (const auto& [id, s] : impl_->hub.sessions())
      if (s->identity.user_id == bot) ended.push_back(id);
    for (const auto& id : ended) impl_->hub.invalidate_session(id);
    impl_->pump();
    impl_->update_counts();
    return token;
  });
}

std::optional<Message> Server::wait_for_message(Snowflake channel_id,
                                                const std::function<bool(const Message&)>& predicate,
                                                std::chrono::milliseconds timeout, Snowflake after) {
  std::unique_lock lock(impl_->observe_mutex);
  std::optional<Message> found;
  impl_->observe_cv.wait_for(lock, timeout, [&] {
    for (const auto& m : impl_->created_messages) {
      if (m.channel_id != channel_id || m.id <= after) continue;
      if (!predicate || predicate(m)) {
        found = m;
        return true;
      }
    }
    return false;
  });
  return found;
}

bool Server::wait_for_connections(std::size_t count, std::chrono::milliseconds timeout, bool identified) {
  std::unique_lock lock(impl_->observe_mutex);
  return impl_->observe_cv.wait_for(
      lock, timeout, [&] { return (identified ? impl_->identified_count : impl_->connection_count) >= count; });
}

bool Server::wait_for_connections_at_most(std::size_t count, std::chrono::milliseconds timeout, bool identified) {
  std::unique_lock lock(impl_->observe_mutex);
  return impl_->observe_cv.wait_for(
      lock, timeout, [&] { return (identified ? impl_->identified_count : impl_->connection_count) <= count; });
}

std::vector<ConnectionInfo> Server::connections() {
  std::vector<ConnectionInfo> out;
  impl_->run_sync([&] {
    for (const auto& s : impl_->hub.snapshot()) {
      ConnectionInfo info;
      info.id = s.id;
      info.identified = s.identified;
      info.session_id = s.session_id;
      info.user_id = s.user_id;
      info.shard = s.shard;
      info.seq = s.seq;
      info.compressed = s.compression != gateway::Connection::Compression::None;
      out.push_back(std::move(info));
    }
  });
  return out;
}

std::vector<RequestLogEntry> Server::request_log() const {
  std::lock_guard lock(impl_->observe_mutex);
  return {impl_->request_log.begin(), impl_->request_log.end()};
}

void Server::clear_request_log() {
  std::lock_guard lock(impl_->observe_mutex);
  impl_->request_log.clear();
  impl_->request_log_bytes = 0;
}

ServerStats Server::stats() {
  ServerStats s;
  impl_->run_sync([&] {
    for (const auto& [id, c] : impl_->conns) {
      if (c->websocket)
        ++s.websocket_connections;
      else
        ++s.http_connections;
      s.input_buffered_bytes += c->parser.buffered_bytes() + c->held.size();
      s.output_buffered_bytes += c->out.size() + (c->delayed ? c->delayed->second.size() : 0);
    }
    s.connections_refused = impl_->connections_refused;
    s.connections_timed_out = impl_->connections_timed_out;
  });
  std::lock_guard lock(impl_->observe_mutex);
  s.request_log_entries = impl_->request_log.size();
  s.request_log_bytes = impl_->request_log_bytes;
  return s;
}

std::optional<RequestLogEntry> Server::wait_for_request(const std::function<bool(const RequestLogEntry&)>& predicate,
                                                        std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->observe_mutex);
  std::optional<RequestLogEntry> found;
  impl_->observe_cv.wait_for(lock, timeout, [&] {
    for (const auto& e : impl_->request_log)
      if (!predicate || predicate(e)) {
        found = e;
        return true;
      }
    return false;
  });
  return found;
}

std::size_t Server::drop_connection(std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [](Impl::Conn& c) { c.gw->drop(); });
}

std::size_t Server::set_heartbeat_acks(bool enabled, std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [enabled](Impl::Conn& c) { c.gw->stop_acking = !enabled; });
}

std::size_t Server::send_reconnect(bool then_close, std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [then_close](Impl::Conn& c) {
    c.gw->send_payload(R"({"op":7})");
    if (then_close) c.gw->close(4000, "Session drain requested; reconnect to continue");
  });
}

std::size_t Server::invalidate_session(std::optional<std::uint64_t> connection) {
  auto n = impl_->for_connections(connection, [this](Impl::Conn& c) {
    if (auto* s = c.gw->session())
      impl_->hub.invalidate_session(s->id);
    else
      c.gw->send_payload(R"({"op":9,"d":false})");
  });
  impl_->run_sync([&] {
    impl_->pump();
    impl_->update_counts();
  });
  return n;
}

std::size_t Server::send_unknown_opcode(int op, std::optional<std::uint64_t> connection) {
  return impl_->for_connections(
      connection, [op](Impl::Conn& c) { c.gw->send_payload(R"({"op":)" + std::to_string(op) + R"(,"d":null})"); });
}

std::size_t Server::send_non_json(std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [](Impl::Conn& c) { c.gw->send_raw("this is not JSON {\"op\":", false); });
}

std::size_t Server::send_oversized_frame(std::size_t bytes, std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [this, bytes](Impl::Conn& c) {
    std::string data = R"({"padding":")" + std::string(bytes, 'x') + R"("})";
    if (auto* s = c.gw->session())
      impl_->hub.deliver(*s, "EMULATOR_OVERSIZED", data, false);
    else
      c.gw->send_payload(gateway::dispatch_frame("EMULATOR_OVERSIZED", 0, data));
  });
}

std::size_t Server::send_unknown_event(const std::string& name, const std::string& json_data,
                                       std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [&](Impl::Conn& c) {
    if (auto* s = c.gw->session()) impl_->hub.deliver(*s, name, json_data, true);
  });
}

std::size_t Server::send_raw_frame(const std::string& data, bool binary, std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [&](Impl::Conn& c) { c.gw->send_raw(data, binary); });
}

std::size_t Server::close_connection(std::uint16_t code, const std::string& reason,
                                     std::optional<std::uint64_t> connection) {
  return impl_->for_connections(connection, [&](Impl::Conn& c) { c.gw->close(code, reason); });
}

void Server::pause() {
  impl_->run_sync([&] { impl_->is_paused = true; });
}

void Server::resume() {
  impl_->run_sync([&] {
    impl_->is_paused = false;
    const auto now = Clock::now();
    // Heartbeat clocks and HTTP deadlines restart so the pause itself does not count as
    // client silence.
    for (auto& [id, c] : impl_->conns) {
      if (c->gw) c->gw->restart_timers(now);
      c->last_activity = now;
      if (c->request_started) c->request_started = now;
      if (!c->delayed) impl_->continue_http(*c);
    }
    impl_->pump();
  });
}

bool Server::paused() const noexcept {
  return impl_->is_paused;
}

std::uint64_t Server::add_rest_fault(RestFaultRule rule) {
  std::lock_guard lock(impl_->fault_mutex);
  const auto id = impl_->next_fault_id++;
  impl_->faults[id] = std::move(rule);
  return id;
}

void Server::remove_rest_fault(std::uint64_t id) {
  std::lock_guard lock(impl_->fault_mutex);
  impl_->faults.erase(id);
}

void Server::clear_rest_faults() {
  std::lock_guard lock(impl_->fault_mutex);
  impl_->faults.clear();
}

}  // namespace fluxer::emulator
