// The libwebsockets adapter: one lws context and one loop thread for every shard. Each
// shard is a sans-IO Session (gateway/session.*); this file only moves bytes, timers and
// commands between it and libwebsockets, decompresses what the server sends, and hands
// dispatches to the handlers.
//
// Ownership and lifetime. A Connection object belongs to one libwebsockets client socket
// (`wsi`) and lives until libwebsockets destroys that wsi (LWS_CALLBACK_WSI_DESTROY); it is
// freed after lws_service() returns, never inside a callback. A shard points at its
// current Connection; when the session gives a socket up (op 7, zombie, timeouts, stop) the
// Connection is detached first, so whatever libwebsockets still reports about it is ignored.
// Timers are lws_sul entries embedded in the shards, cancelled before the context goes.

#include <fluxer/gateway/gateway.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include <libwebsockets.h>

#include <fluxer/model/codec.hpp>

#include "gateway/frame.hpp"
#include "gateway/member_requests.hpp"
#include "gateway/session.hpp"
#include "gateway/url.hpp"
#include "gateway/zstd_stream.hpp"

namespace fluxer::gateway {

using detail::Clock;
using detail::TimePoint;

namespace {

constexpr std::size_t kRxBufferSize = 8192;        // per socket; larger messages arrive in pieces
constexpr std::size_t kServiceBufferSize = 65536;  // per loop: how much one read() may take
constexpr auto kLeaseMargin = std::chrono::seconds{5};

struct Shard;
struct Connection;

/// An lws timer with a way back to its owner (the sul must stay the first member).
struct SulTimer {
  lws_sorted_usec_list_t sul{};
  void* owner = nullptr;
};

struct Connection {
  Shard* shard = nullptr;  // null once the session gave this socket up
  std::uint64_t number = 0;
  lws* wsi = nullptr;
  bool established = false;
  enum class Mode : std::uint8_t { Unknown, Plain, Frames, Stream } mode = Mode::Unknown;
  std::unique_ptr<detail::Inflater> inflater;
  std::unique_ptr<detail::Deflater> deflater;
  struct Out {
    std::string bytes;  // LWS_PRE bytes of headroom, then the payload
    bool binary = false;
  };
  std::deque<Out> out;
  std::string rx;
  bool rx_binary = false;
  bool in_message = false;
  bool close_pending = false;
  std::uint16_t close_code = detail::kCloseNormal;
  std::string close_reason;
  bool peer_close = false;
  std::uint16_t peer_code = 1005;
  std::string peer_reason;
  bool ended = false;      // CLIENT_CLOSED or CONNECTION_ERROR seen
  bool destroyed = false;  // libwebsockets forgot the wsi: free it
};

struct Shard {
  SulTimer timer;
  void* gateway = nullptr;  // the Gateway::Impl
  int id = 0;
  detail::Session session;
  Connection* conn = nullptr;
  bool processing = false;
  std::optional<TimePoint> scheduled_for;
  bool waiting_identify = false;
  bool holds_lease = false;
  std::uint64_t lease = 0;
  std::atomic<std::int64_t> seq{0};
  std::atomic<std::int64_t> latency_us{-1};

  Shard(const GatewayOptions& options, int shard_id, std::uint64_t seed, const Logger& log)
      : id(shard_id), session(options, shard_id, seed, log) {
    timer.owner = this;
  }
};

std::string strip_token_prefix(std::string token) {
  auto lower_starts = [&](std::string_view prefix) {
    if (token.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(token[i])) != prefix[i]) return false;
    return true;
  };
  if (lower_starts("bot ")) return token.substr(4);
  if (lower_starts("bearer ")) return token.substr(7);
  return token;
}

/// The identify-queue bucket of a token: its application id (the part before the first
/// '.'), never the secret; a hash when the token has no such part.
std::string token_bucket(const std::string& token) {
  const auto dot = token.find('.');
  if (dot != std::string::npos && dot > 0) return token.substr(0, dot);
  return fmt::format("token-{:016x}", std::hash<std::string>{}(token));
}

Error not_running() {
  return Error{ErrorKind::ClientNotReady, "the gateway is not running", "NOT_RUNNING"};
}

}  // namespace

int shard_for_guild(Snowflake guild_id, int shard_count) noexcept {
  if (shard_count <= 1) return 0;
  return static_cast<int>((guild_id.value() >> 22U) % static_cast<std::uint64_t>(shard_count));
}

struct Gateway::Impl {
  GatewayOptions options;
  GatewayHandlers handlers;
  Logger& log;
  std::shared_ptr<Executor> executor;
  std::shared_ptr<ThreadPool> own_pool;
  std::shared_ptr<IdentifyQueue> identify_queue;
  std::string bucket;
  detail::GatewayUrl url;
  std::string host_header;

  lws_context* context = nullptr;
  std::thread thread;
  std::thread::id loop_id;
  std::atomic<int> phase{0};  // 0 new, 1 running, 2 stopped
  std::mutex stop_mutex;      // serialises stop() callers

  // Cross-thread commands (guarded by `mutex`).
  std::mutex mutex;
  std::deque<UniqueFunction<void()>> commands;
  bool accepting = false;
  bool stop_requested = false;

  // Loop-thread state.
  std::vector<std::unique_ptr<Shard>> shards;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> conns;
  std::deque<Shard*> identify_waiters;
  std::optional<TimePoint> identify_retry_at;
  bool housekeeping_asap = false;
  SulTimer housekeeping;
  std::optional<TimePoint> housekeeping_for;
  detail::MemberRequests members;
  std::set<std::string, std::less<>> decode_warned;
  bool stopping = false;
  TimePoint stop_deadline{};
  bool destroying = false;
  bool batch_open = false;  ///< a dispatch was delivered in this pass of the loop (loop thread)

  // Status snapshots (any thread).
  mutable std::mutex status_mutex;
  std::map<int, ShardStatus> statuses;
  std::atomic<std::size_t> stopped_shards{0};

  Impl(GatewayOptions o, GatewayHandlers h, Logger& l, std::shared_ptr<Executor> e)
      : options(std::move(o)), handlers(std::move(h)), log(l), executor(std::move(e)) {
    housekeeping.owner = this;
  }

  [[nodiscard]] bool on_loop_thread() const { return std::this_thread::get_id() == loop_id; }

  Shard* find_shard(int id) {
    for (auto& s : shards)
      if (s->id == id) return s.get();
    return nullptr;
  }

  // ------------------------------------------------------------------ start / stop

  Result<void> validate_and_prepare() {
    options.token = strip_token_prefix(options.token);
    if (options.token.empty()) return Error::invalid_argument("token", "a bot token is required", "MISSING_TOKEN");
    log.add_token(options.token);
    auto parsed = detail::parse_gateway_url(options.url);
    if (!parsed) return std::move(parsed).error();
    if (auto secure = detail::check_transport_security(*parsed, options.allow_insecure_ws); !secure)
      return std::move(secure).error();
    if (!parsed->tls && !detail::is_loopback_host(parsed->host))
      log.warn("gateway: connecting to {} over plain ws:// (allow_insecure_ws): the token crosses the network in "
               "clear text",
               parsed->host);
    url = std::move(*parsed);
    host_header = url.host_header();
    if (options.shard_count < 1 || options.shard_count > 16384)
      return Error::invalid_argument("shard_count", "shard_count must be 1..16384");
    std::vector<int> ids = options.shard_ids;
    if (ids.empty())
      for (int i = 0; i < options.shard_count; ++i) ids.push_back(i);
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end())
      return Error::invalid_argument("shard_ids", "shard ids must be unique");
    for (int id : ids)
      if (id < 0 || id >= options.shard_count)
        return Error::invalid_argument("shard_ids",
                                       fmt::format("shard id {} is outside [0, {})", id, options.shard_count));
    if (options.compression == Compression::ZstdStream && !detail::zstd_available())
      return Error::invalid_argument("compression", "this build of fluxer has no zstd support", "NO_ZSTD");
    if (options.max_frame_bytes == 0 || options.max_decompressed_bytes == 0)
      return Error::invalid_argument("max_frame_bytes", "frame limits must be positive");
    if (options.invalid_session_delay_max < options.invalid_session_delay_min)
      std::swap(options.invalid_session_delay_min, options.invalid_session_delay_max);
    // Refuse now what would make every Identify fail later.
    Identify probe;
    probe.token = options.token;
    probe.properties = options.properties;
    probe.presence = options.presence;
    probe.ignored_events = options.ignored_events;
    probe.flags = options.identify_flags;
    if (auto encoded = to_json(probe); !encoded) return std::move(encoded).error();
    if (!identify_queue) identify_queue = options.identify_queue;
    // The default paces every gateway of this process that runs the same token together.
    if (!identify_queue) identify_queue = process_identify_queue(options.token, options.identify_interval);
    bucket = token_bucket(options.token);
    if (!executor) {
      own_pool = std::make_shared<ThreadPool>(1);
      executor = own_pool;
    }
    std::random_device device;
    for (int id : ids) {
      const std::uint64_t seed = options.random_seed ? *options.random_seed + 0x9E3779B97F4A7C15ULL * (id + 1)
                                                     : (static_cast<std::uint64_t>(device()) << 32U) ^ device();
      shards.push_back(std::make_unique<Shard>(options, id, seed, log));
      shards.back()->gateway = this;
      ShardStatus st;
      st.shard_id = id;
      statuses[id] = st;
    }
    return {};
  }

  Result<void> start() {
    int expected = 0;
    if (!phase.compare_exchange_strong(expected, 1))
      return Error{ErrorKind::Other, "the gateway was already started (a Gateway starts once)", "ALREADY_STARTED"};
    if (auto ok = validate_and_prepare(); !ok) {
      phase = 2;
      return ok;
    }
    static const lws_protocols protocols[] = {
        {"fluxer-gateway", &Impl::callback, 0, kRxBufferSize, 0, nullptr, 0},
        {nullptr, nullptr, 0, 0, 0, nullptr, 0},
    };
    lws_context_creation_info info{};
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    info.gid = -1;
    info.uid = -1;
    info.user = this;
    info.options = url.tls ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0;
    if (url.tls && !options.tls_ca_file.empty()) info.client_ssl_ca_filepath = options.tls_ca_file.c_str();
    // lws sizes its fd tables by this: keep it near what we use (2 sockets per shard at most
    // while one closes and the next opens, plus lws's own pipe).
    info.fd_limit_per_thread = static_cast<unsigned>(shards.size() * 3 + 16);
    info.pt_serv_buf_size = kServiceBufferSize;
    info.timeout_secs = static_cast<unsigned>(
        std::max<std::int64_t>(1, std::chrono::ceil<std::chrono::seconds>(options.hello_timeout).count()));
    info.connect_timeout_secs = info.timeout_secs;
    context = lws_create_context(&info);
    if (context == nullptr) {
      phase = 2;
      return Error{ErrorKind::Other, "libwebsockets could not create its context", "LWS_CONTEXT"};
    }
    {
      std::lock_guard lock(mutex);
      accepting = true;
    }
    std::promise<void> ready;
    auto ready_future = ready.get_future();
    thread = std::thread([this, &ready] { run(ready); });
    ready_future.wait();
    return {};
  }

  void request_stop() {
    std::lock_guard lock(mutex);
    stop_requested = true;
    if (accepting && context != nullptr) lws_cancel_service(context);
  }

  void stop() {
    if (phase.load() == 0) {
      phase = 2;
      return;
    }
    if (on_loop_thread()) {
      request_stop();
      return;
    }
    std::lock_guard guard(stop_mutex);
    request_stop();
    if (thread.joinable()) thread.join();
    // Whatever was posted after the loop's last look runs now, against stopped shards.
    std::deque<UniqueFunction<void()>> rest;
    {
      std::lock_guard lock(mutex);
      accepting = false;
      rest.swap(commands);
    }
    for (auto& c : rest) run_command(c);
    members.fail_all(Error{ErrorKind::Cancelled, "the gateway stopped", "STOPPED"});
    phase = 2;
    if (own_pool) own_pool->shutdown();
  }

  bool post(UniqueFunction<void()> fn) {
    std::lock_guard lock(mutex);
    if (!accepting) return false;
    commands.push_back(std::move(fn));
    lws_cancel_service(context);
    return true;
  }

  /// Runs `fn` on the loop thread (inline when already there) and returns its result.
  template <class F>
  Result<void> on_loop(F fn) {
    if (phase.load() != 1) return not_running();
    if (on_loop_thread()) {
      if (stopping) return not_running();
      return fn();
    }
    auto done = std::make_shared<std::promise<Result<void>>>();
    auto result = done->get_future();
    if (!post([done, fn = std::move(fn)]() mutable { done->set_value(fn()); })) return not_running();
    return result.get();
  }

  void run_command(UniqueFunction<void()>& c) {
    try {
      c();
    } catch (const std::exception& e) {
      log.error("gateway: a command failed: {}", e.what());
    } catch (...) {
      log.error("gateway: a command failed");
    }
  }

  // ------------------------------------------------------------------ the loop

  void run(std::promise<void>& ready) {
    loop_id = std::this_thread::get_id();
    ready.set_value();
    const auto now = Clock::now();
    for (auto& s : shards) {
      s->session.start(now);
      process(*s);
    }
    for (;;) {
      lws_service(context, 0);
      end_batch();
      sweep();
      if (stopping && (conns.empty() || Clock::now() >= stop_deadline)) break;
    }
    // Teardown, still on the loop thread: no handler runs from here on.
    for (auto& s : shards) lws_sul_cancel(&s->timer.sul);
    lws_sul_cancel(&housekeeping.sul);
    std::deque<UniqueFunction<void()>> rest;
    {
      std::lock_guard lock(mutex);
      accepting = false;
      rest.swap(commands);
    }
    for (auto& c : rest) run_command(c);  // the shards are stopped: these fail cleanly
    destroying = true;
    lws_context_destroy(context);
    context = nullptr;
    conns.clear();
    for (auto& s : shards) s->conn = nullptr;
  }

  void sweep() {
    for (auto it = conns.begin(); it != conns.end();) {
      if (it->second->destroyed) {
        log.trace("gateway: socket {} released", it->second->number);
        it = conns.erase(it);
      } else {
        ++it;
      }
    }
  }

  void drain_commands() {
    std::deque<UniqueFunction<void()>> todo;
    bool begin = false;
    {
      std::lock_guard lock(mutex);
      todo.swap(commands);
      begin = stop_requested && !stopping;
    }
    for (auto& c : todo) run_command(c);
    if (begin) begin_stop();
  }

  void begin_stop() {
    stopping = true;
    const auto now = Clock::now();
    stop_deadline = now + options.stop_timeout;
    for (auto& s : shards) {
      s->session.stop(now);
      process(*s);
    }
    members.fail_all(Error{ErrorKind::Cancelled, "the gateway stopped", "STOPPED"});
    schedule_housekeeping();
  }

  // ------------------------------------------------------------------ session actions

  void process(Shard& s) {
    if (s.processing) return;  // a callback inside an action: the outer loop picks it up
    s.processing = true;
    bool any = false;
    while (s.session.has_actions()) {
      any = true;
      auto actions = s.session.take_actions();
      for (auto& a : actions) std::visit([&](auto& x) { apply(s, x); }, a);
    }
    s.processing = false;
    if (any) publish_status(s);
    schedule(s);
  }

  void apply(Shard& s, detail::OpenSocket& a) {
    if (context == nullptr || destroying) return;
    auto owned = std::make_unique<Connection>();
    Connection* c = owned.get();
    c->shard = &s;
    c->number = a.connection;
    if (a.compress) c->inflater = std::make_unique<detail::Inflater>();
    conns.emplace(c, std::move(owned));
    s.conn = c;
    const std::string path = url.request_path(a.compress);
    lws_client_connect_info ci{};
    ci.context = context;
    ci.address = url.host.c_str();
    ci.port = url.port;
    ci.path = path.c_str();
    ci.host = host_header.c_str();
    ci.origin = host_header.c_str();
    ci.ietf_version_or_minus_one = -1;
    ci.local_protocol_name = "fluxer-gateway";
    ci.opaque_user_data = c;
    ci.pwsi = &c->wsi;
    if (url.tls) {
      ci.ssl_connection = LCCSCF_USE_SSL;
      if (!options.verify_tls)
        ci.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK | LCCSCF_ALLOW_EXPIRED |
                             LCCSCF_ALLOW_INSECURE;
    }
    log.debug("gateway shard {}: connecting socket {} to {}://{}{}", s.id, a.connection, url.tls ? "wss" : "ws",
              host_header, path);
    lws* wsi = lws_client_connect_via_info(&ci);
    if (wsi == nullptr) {
      // Failed at once; libwebsockets holds no reference to the connection any more.
      c->wsi = nullptr;
      c->destroyed = true;
      if (!c->ended) {
        c->ended = true;
        if (c->shard != nullptr) {
          c->shard = nullptr;
          if (s.conn == c) s.conn = nullptr;
          s.session.on_closed(a.connection, detail::kCloseAbnormal, "cannot open the connection", Clock::now());
        }
      }
    }
  }

  void apply(Shard& s, detail::SendPayload& a) {
    Connection* c = s.conn;
    if (c == nullptr) return;  // the session only sends on an open socket
    Connection::Out o;
    if (c->mode == Connection::Mode::Stream) {
      std::string compressed;
      if (!c->deflater || !c->deflater->deflate(a.text, compressed)) {
        s.session.on_transport_error(c->number, detail::kCloseResume, "zstd compression of a payload failed",
                                     Clock::now());
        return;
      }
      o.bytes.reserve(LWS_PRE + compressed.size());
      o.bytes.assign(LWS_PRE, '\0');
      o.bytes += compressed;
      o.binary = true;
    } else {
      o.bytes.reserve(LWS_PRE + a.text.size());
      o.bytes.assign(LWS_PRE, '\0');
      o.bytes += a.text;
    }
    c->out.push_back(std::move(o));
    if (c->wsi != nullptr && c->established) lws_callback_on_writable(c->wsi);
  }

  void apply(Shard& s, detail::CloseSocket& a) {
    Connection* c = s.conn;
    if (c == nullptr) return;
    s.conn = nullptr;
    c->shard = nullptr;
    c->out.clear();
    c->inflater.reset();
    c->deflater.reset();
    c->close_pending = true;
    c->close_code = a.code;
    c->close_reason = a.reason;
    if (c->wsi == nullptr || c->ended) return;
    if (c->established) {
      lws_callback_on_writable(c->wsi);
      // A dead peer never acknowledges the close: do not wait long for it.
      lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, 2);
    } else {
      lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    }
  }

  void apply(Shard& s, detail::AcquireIdentify&) {
    if (!s.waiting_identify && !s.holds_lease) {
      s.waiting_identify = true;
      identify_waiters.push_back(&s);
    }
    housekeeping_asap = true;
    schedule_housekeeping();
  }

  void apply(Shard& s, detail::ReleaseIdentify&) {
    if (s.holds_lease) {
      s.holds_lease = false;
      try {
        identify_queue->release(s.lease);
      } catch (const std::exception& e) {
        log.error("gateway: the identify queue failed to release a lease: {}", e.what());
      }
    }
    if (s.waiting_identify) {
      s.waiting_identify = false;
      identify_waiters.erase(std::remove(identify_waiters.begin(), identify_waiters.end(), &s), identify_waiters.end());
    }
    housekeeping_asap = true;
    schedule_housekeeping();
  }

  void apply(Shard& s, detail::Notify& a) {
    const auto& ev = a.event;
    if (ev.kind == ShardEvent::Kind::Stopped && ev.error) {
      members.fail_all(*ev.error, s.id);
    } else if (ev.kind == ShardEvent::Kind::SessionInvalidated ||
               (ev.kind == ShardEvent::Kind::Disconnected && !ev.resumable)) {
      members.fail_all(
          Error{ErrorKind::WebSocket, "the gateway session ended before every chunk arrived", "SESSION_LOST"}, s.id);
    }
    publish_status(s);  // a handler that asks for the status sees this event's state
    if (!handlers.on_shard_event || destroying) return;
    try {
      handlers.on_shard_event(ev);
    } catch (const std::exception& e) {
      log.error("gateway: on_shard_event threw: {}", e.what());
    } catch (...) {
      log.error("gateway: on_shard_event threw");
    }
  }

  void publish_status(Shard& s) {
    const auto& session = s.session;
    std::size_t stopped = 0;
    {
      std::lock_guard lock(status_mutex);
      auto& st = statuses[s.id];
      st.state = session.state();
      st.session_id = session.session_id();
      st.zstd_mode = ZstdMode::None;
      if (s.conn != nullptr && s.conn->mode == Connection::Mode::Frames) st.zstd_mode = ZstdMode::Frames;
      if (s.conn != nullptr && s.conn->mode == Connection::Mode::Stream) st.zstd_mode = ZstdMode::Stream;
      st.compressed = st.zstd_mode != ZstdMode::None;
      st.connects = session.connects();
      st.identifies = session.identifies();
      st.resumes = session.resumes();
      st.error = session.error();
      for (const auto& [id, other] : statuses)
        if (other.state == ShardState::Stopped) ++stopped;
    }
    s.seq.store(session.last_seq(), std::memory_order_relaxed);
    stopped_shards.store(stopped, std::memory_order_relaxed);
  }

  // ------------------------------------------------------------------ timers

  void schedule(Shard& s) {
    if (context == nullptr || destroying) return;
    const auto deadline = s.session.next_deadline();
    if (deadline == s.scheduled_for) return;
    lws_sul_cancel(&s.timer.sul);
    s.scheduled_for = deadline;
    if (!deadline) return;
    const auto us = std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::microseconds>(*deadline - Clock::now()).count());
    lws_sul_schedule(context, 0, &s.timer.sul, &Impl::shard_timer_fired, us);
  }

  static void shard_timer_fired(lws_sorted_usec_list_t* sul);

  void schedule_housekeeping() {
    if (context == nullptr || destroying) return;
    std::optional<TimePoint> due;
    auto consider = [&](const std::optional<TimePoint>& t) {
      if (t && (!due || *t < *due)) due = t;
    };
    const auto now = Clock::now();
    if (housekeeping_asap) consider(now);
    consider(identify_retry_at);
    consider(members.next_deadline());
    if (stopping) consider(stop_deadline);
    if (due == housekeeping_for) return;
    lws_sul_cancel(&housekeeping.sul);
    housekeeping_for = due;
    if (!due) return;
    const auto us =
        std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::microseconds>(*due - now).count());
    lws_sul_schedule(context, 0, &housekeeping.sul, &Impl::housekeeping_fired, us);
  }

  static void housekeeping_fired(lws_sorted_usec_list_t* sul) {
    auto* self = static_cast<Impl*>(reinterpret_cast<SulTimer*>(sul)->owner);
    self->housekeeping_for.reset();
    self->run_housekeeping();
  }

  void run_housekeeping() {
    const auto now = Clock::now();
    housekeeping_asap = false;
    if (!stopping) service_identify(now);
    members.expire(now);
    schedule_housekeeping();
  }

  void service_identify(TimePoint now) {
    identify_retry_at.reset();
    while (!identify_waiters.empty()) {
      Shard* s = identify_waiters.front();
      IdentifyGrant grant;
      try {
        grant = identify_queue->try_acquire(bucket, s->id, options.identify_timeout + kLeaseMargin);
      } catch (const std::exception& e) {
        log.error("gateway: the identify queue failed: {}; asking again in 1 s", e.what());
        grant = IdentifyGrant{false, 0, std::chrono::seconds{1}};
      }
      if (!grant.granted) {
        identify_retry_at = now + std::max(grant.retry_after, std::chrono::milliseconds{1});
        break;
      }
      identify_waiters.pop_front();
      s->waiting_identify = false;
      s->holds_lease = true;
      s->lease = grant.lease;
      s->session.on_identify_granted(now);
      process(*s);
    }
  }

  // ------------------------------------------------------------------ libwebsockets

  static int callback(lws* wsi, lws_callback_reasons reason, void* /*user*/, void* in, std::size_t len) {
    auto* self = static_cast<Impl*>(lws_context_user(lws_get_context(wsi)));
    if (self == nullptr) return 0;
    try {
      return self->on_callback(wsi, reason, in, len);
    } catch (const std::exception& e) {
      self->log.error("gateway: internal error in a libwebsockets callback: {}", e.what());
    } catch (...) {
      self->log.error("gateway: internal error in a libwebsockets callback");
    }
    return 0;
  }

  int on_callback(lws* wsi, lws_callback_reasons reason, void* in, std::size_t len) {
    if (reason == LWS_CALLBACK_EVENT_WAIT_CANCELLED) {
      if (!destroying) drain_commands();
      return 0;
    }
    auto* c = static_cast<Connection*>(lws_get_opaque_user_data(wsi));
    if (c == nullptr) return 0;
    switch (reason) {
      case LWS_CALLBACK_CLIENT_ESTABLISHED:
        c->established = true;
        if (c->shard == nullptr) {
          lws_callback_on_writable(wsi);  // given up while connecting: close now
        } else {
          c->shard->session.on_open(c->number, Clock::now());
          process(*c->shard);
        }
        return 0;
      case LWS_CALLBACK_CLIENT_RECEIVE: on_receive(*c, wsi, static_cast<const char*>(in), len); return 0;
      case LWS_CALLBACK_CLIENT_WRITEABLE: return on_writable(*c, wsi);
      case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        c->peer_close = true;
        if (len >= 2) {
          const auto* p = static_cast<const unsigned char*>(in);
          c->peer_code = static_cast<std::uint16_t>((p[0] << 8U) | p[1]);
          c->peer_reason.assign(reinterpret_cast<const char*>(p) + 2, len - 2);
        }
        return 0;
      case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        ended(*c, detail::kCloseAbnormal,
              in != nullptr ? fmt::format("connection failed: {}", std::string_view(static_cast<const char*>(in), len))
                            : std::string("connection failed"));
        return 0;
      case LWS_CALLBACK_CLIENT_CLOSED:
        if (c->peer_close)
          ended(*c, c->peer_code, c->peer_reason);
        else
          ended(*c, detail::kCloseAbnormal, "connection lost");
        return 0;
      case LWS_CALLBACK_WSI_DESTROY:
        ended(*c, detail::kCloseAbnormal, "connection lost");
        c->destroyed = true;
        c->wsi = nullptr;
        lws_set_opaque_user_data(wsi, nullptr);
        return 0;
      default: return 0;
    }
  }

  void ended(Connection& c, std::uint16_t code, std::string reason) {
    if (c.ended) return;
    c.ended = true;
    Shard* s = c.shard;
    if (s == nullptr) return;
    c.shard = nullptr;
    if (s->conn == &c) s->conn = nullptr;
    if (destroying) return;
    s->session.on_closed(c.number, code, reason, Clock::now());
    process(*s);
  }

  int on_writable(Connection& c, lws* wsi) {
    if (c.close_pending) {
      const auto reason_len = std::min<std::size_t>(c.close_reason.size(), 123);
      lws_close_reason(wsi, static_cast<lws_close_status>(c.close_code),
                       reinterpret_cast<unsigned char*>(c.close_reason.data()), reason_len);
      return -1;
    }
    if (c.out.empty()) return 0;
    auto& o = c.out.front();
    const std::size_t n = o.bytes.size() - LWS_PRE;
    const int written = lws_write(wsi, reinterpret_cast<unsigned char*>(o.bytes.data()) + LWS_PRE, n,
                                  o.binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
    c.out.pop_front();
    if (written < static_cast<int>(n)) return -1;  // the socket is broken; CLIENT_CLOSED follows
    if (!c.out.empty()) lws_callback_on_writable(wsi);
    return 0;
  }

  void on_receive(Connection& c, lws* wsi, const char* data, std::size_t len) {
    if (c.shard == nullptr) return;  // a socket we gave up: ignore what is still in flight
    const bool first = !c.in_message;
    const bool final = lws_is_final_fragment(wsi) != 0;
    if (first) {
      c.rx_binary = lws_frame_is_binary(wsi) != 0;
      c.rx.clear();
      c.in_message = true;
    }
    if (c.rx.size() + len > options.max_frame_bytes) {
      c.in_message = false;
      c.rx.clear();
      return transport_error(
          c, 1009, fmt::format("the server sent a message over max_frame_bytes ({} bytes)", options.max_frame_bytes));
    }
    if (first && final) {
      c.in_message = false;
      return handle_message(c, std::string_view(data, len), c.rx_binary);
    }
    c.rx.append(data, len);
    if (final) {
      c.in_message = false;
      handle_message(c, c.rx, c.rx_binary);
    }
  }

  void transport_error(Connection& c, std::uint16_t code, std::string reason) {
    Shard* s = c.shard;
    if (s == nullptr) return;
    s->session.on_transport_error(c.number, code, std::move(reason), Clock::now());
    process(*s);
  }

  void handle_message(Connection& c, std::string_view data, bool binary) {
    Shard& s = *c.shard;
    std::string_view text = data;
    if (binary && c.inflater) {
      bool frame_ended = false;
      switch (c.inflater->inflate(data, options.max_decompressed_bytes, text, frame_ended)) {
        case detail::Inflater::Status::Ok: break;
        case detail::Inflater::Status::TooLarge:
          return transport_error(c, 1009,
                                 fmt::format("a message decompressed to more than max_decompressed_bytes ({} bytes)",
                                             options.max_decompressed_bytes));
        default: return transport_error(c, 1007, "the server's zstd data does not decompress");
      }
      if (c.mode == Connection::Mode::Unknown) {
        if (frame_ended) {
          c.mode = Connection::Mode::Frames;  // [A]: independent frames; we keep sending text
          s.session.set_revision(detail::RevisionHint::A);
        } else {
          c.mode = Connection::Mode::Stream;  // [B]: one stream each way
          c.deflater = std::make_unique<detail::Deflater>();
          s.session.set_revision(detail::RevisionHint::B);
        }
        log.debug("gateway shard {}: zstd {} mode", s.id, frame_ended ? "frame ([A])" : "stream ([B])");
        publish_status(s);
      }
    } else if (c.mode == Connection::Mode::Unknown) {
      c.mode = Connection::Mode::Plain;  // uncompressed (asked or not)
    }
    auto frame = detail::decode_frame(text);
    const auto now = Clock::now();
    if (!frame) {
      log.warn("gateway shard {}: ignoring a payload that is not a gateway frame: {}", s.id, frame.error().to_string());
      return;
    }
    const int op = frame->op;
    const bool deliver = s.session.on_frame(c.number, *frame, now);
    process(s);
    if (op == 11) {
      const auto latency = s.session.latency();
      s.latency_us.store(latency ? latency->count() : -1, std::memory_order_relaxed);
    }
    if (deliver) deliver_dispatch(s, std::move(*frame));
  }

  /// After a pass of the loop: tells the consumer that the dispatches of this pass are all
  /// delivered (see GatewayHandlers::on_batch_end).
  void end_batch() {
    if (!batch_open) return;
    batch_open = false;
    if (!handlers.on_batch_end || destroying) return;
    try {
      handlers.on_batch_end();
    } catch (const std::exception& e) {
      log.error("gateway: on_batch_end threw: {}", e.what());
    } catch (...) {
      log.error("gateway: on_batch_end threw");
    }
  }

  void deliver_dispatch(Shard& s, detail::Frame&& f) {
    s.seq.store(s.session.last_seq(), std::memory_order_relaxed);
    for (const auto& w : f.warnings)
      log.warn("gateway shard {}: {}: skipped a field with a wrong value ({}); the event is delivered without it "
               "(logged once per event and field)",
               s.id, f.name, w);
    if (auto* unknown = std::get_if<UnknownEvent>(&f.event); unknown != nullptr && unknown->error) {
      if (decode_warned.size() < 256 && decode_warned.insert(f.name).second)
        log.warn("gateway shard {}: {} did not decode ({}); delivered as UnknownEvent (logged once per event name)",
                 s.id, f.name, unknown->error->to_string());
      else
        log.debug("gateway shard {}: {} did not decode ({})", s.id, f.name, unknown->error->to_string());
    } else if (const auto* chunk = std::get_if<GuildMembersChunk>(&f.event)) {
      members.on_chunk(s.id, *chunk);
      schedule_housekeeping();
    } else if (const auto* limited = std::get_if<RateLimited>(&f.event)) {
      members.on_rate_limited(s.id, *limited);
      schedule_housekeeping();
    }
    if (!handlers.on_dispatch || destroying) return;
    Dispatch d;
    d.shard_id = s.id;
    d.seq = f.seq.value_or(0);
    d.name = std::move(f.name);
    d.event = std::move(f.event);
    d.raw = std::move(f.raw);
    batch_open = true;
    try {
      handlers.on_dispatch(std::move(d));
    } catch (const std::exception& e) {
      log.error("gateway: on_dispatch threw: {}", e.what());
    } catch (...) {
      log.error("gateway: on_dispatch threw");
    }
  }

  // ------------------------------------------------------------------ status

  std::optional<ShardStatus> status(int id) const {
    std::optional<ShardStatus> out;
    {
      std::lock_guard lock(status_mutex);
      auto it = statuses.find(id);
      if (it == statuses.end()) return std::nullopt;
      out = it->second;
    }
    for (const auto& s : shards) {
      if (s->id != id) continue;
      out->seq = s->seq.load(std::memory_order_relaxed);
      const auto l = s->latency_us.load(std::memory_order_relaxed);
      if (l >= 0) out->latency = std::chrono::microseconds{l};
    }
    return out;
  }
};

void Gateway::Impl::shard_timer_fired(lws_sorted_usec_list_t* sul) {
  auto* s = static_cast<Shard*>(reinterpret_cast<SulTimer*>(sul)->owner);
  auto* self = static_cast<Gateway::Impl*>(s->gateway);
  s->scheduled_for.reset();
  s->session.on_timer(Clock::now());
  self->process(*s);
}

// ================================================================ Gateway

Gateway::Gateway(GatewayOptions options, GatewayHandlers handlers, Logger& log, std::shared_ptr<Executor> executor)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handlers), log, std::move(executor))) {}

Gateway::~Gateway() {
  if (impl_->phase.load() == 1 && impl_->on_loop_thread()) {
    impl_->log.error("gateway: destroyed from its own loop thread (inside a handler); aborting");
    std::abort();
  }
  impl_->stop();
}

Result<void> Gateway::start() {
  return impl_->start();
}

void Gateway::stop() {
  impl_->stop();
}

bool Gateway::running() const noexcept {
  return impl_->phase.load() == 1 && impl_->stopped_shards.load() < impl_->shards.size();
}

std::vector<int> Gateway::shard_ids() const {
  std::vector<int> out;
  std::lock_guard lock(impl_->status_mutex);
  for (const auto& [id, st] : impl_->statuses) out.push_back(id);
  return out;
}

std::optional<ShardStatus> Gateway::status(int shard_id) const {
  return impl_->status(shard_id);
}

std::optional<std::chrono::microseconds> Gateway::latency(int shard_id) const {
  auto st = impl_->status(shard_id);
  if (!st) return std::nullopt;
  return st->latency;
}

Result<void> Gateway::send_to_shard(int shard_id, std::string payload) {
  if (payload.empty() || payload.size() > detail::kMaxOutboundPayload)
    return Error::invalid_argument("payload", fmt::format("a gateway payload must be 1..{} bytes (got {})",
                                                          detail::kMaxOutboundPayload, payload.size()));
  auto* impl = impl_.get();
  return impl->on_loop([impl, shard_id, payload = std::move(payload)]() mutable -> Result<void> {
    Shard* s = impl->find_shard(shard_id);
    if (s == nullptr)
      return Error::invalid_argument("shard_id", fmt::format("this gateway does not run shard {}", shard_id));
    auto r = s->session.queue_command(std::move(payload), Clock::now());
    impl->process(*s);
    return r;
  });
}

Result<void> Gateway::send_to_gateway(std::string payload) {
  if (payload.empty() || payload.size() > detail::kMaxOutboundPayload)
    return Error::invalid_argument("payload", fmt::format("a gateway payload must be 1..{} bytes (got {})",
                                                          detail::kMaxOutboundPayload, payload.size()));
  auto* impl = impl_.get();
  return impl->on_loop([impl, payload = std::move(payload)]() mutable -> Result<void> {
    for (auto& s : impl->shards) {
      if (s->session.state() == ShardState::Stopped)
        return Error{ErrorKind::ClientNotReady, fmt::format("gateway shard {} is stopped", s->id), "SHARD_STOPPED"};
      if (s->session.queued() >= impl->options.max_queued_commands)
        return Error{ErrorKind::RateLimit, fmt::format("gateway shard {}: its command queue is full", s->id),
                     "QUEUE_FULL"};
    }
    const auto now = Clock::now();
    for (auto& s : impl->shards) {
      auto r = s->session.queue_command(payload, now);
      impl->process(*s);
      if (!r) return r;
    }
    return {};
  });
}

Result<void> Gateway::update_presence(const UpdatePresence& presence, std::optional<int> shard_id) {
  if (auto encoded = to_json(presence); !encoded) return std::move(encoded).error();
  auto* impl = impl_.get();
  return impl->on_loop([impl, presence, shard_id]() -> Result<void> {
    if (shard_id && impl->find_shard(*shard_id) == nullptr)
      return Error::invalid_argument("shard_id", fmt::format("this gateway does not run shard {}", *shard_id));
    Result<void> out;
    const auto now = Clock::now();
    for (auto& s : impl->shards) {
      if (shard_id && s->id != *shard_id) continue;
      auto r = s->session.update_presence(presence, now);
      impl->process(*s);
      if (!r && out) out = std::move(r);
    }
    return out;
  });
}

Future<GuildMembers> Gateway::request_guild_members(RequestGuildMembers request) {
  auto* impl = impl_.get();
  if (impl->phase.load() != 1) return make_error_future<GuildMembers>(not_running());
  const int shard_id = shard_for_guild(request.guild_id, impl->options.shard_count);
  if (!impl->status(shard_id))
    return make_error_future<GuildMembers>(Error::invalid_argument(
        "guild_id",
        fmt::format("guild {} belongs to shard {}, which this gateway does not run", request.guild_id, shard_id)));
  if (request.nonce && request.nonce->size() > 32)
    return make_error_future<GuildMembers>(
        Error::invalid_argument("nonce", "a Request Guild Members nonce is at most 32 bytes"));
  Promise<GuildMembers> promise(impl->executor);
  auto future = promise.get_future();
  impl->post([impl, shard_id, request = std::move(request), promise = std::move(promise)]() mutable {
    Shard* s = impl->find_shard(shard_id);
    const auto now = Clock::now();
    if (s == nullptr || impl->stopping) {
      promise.set_error(not_running());
      return;
    }
    if (auto added =
            impl->members.add(shard_id, request, std::move(promise), now + impl->options.member_request_timeout);
        !added)
      return;
    auto payload = to_json(request);
    if (!payload) {
      impl->members.fail(*request.nonce, std::move(payload).error());
      return;
    }
    auto queued = s->session.queue_command(std::move(*payload), now);
    impl->process(*s);
    if (!queued) impl->members.fail(*request.nonce, std::move(queued).error());
    impl->schedule_housekeeping();
  });
  // A refused post drops the lambda and with it the promise: the future fails Cancelled.
  return future;
}

Result<void> Gateway::lazy_request(const LazyRequest& request) {
  auto* impl = impl_.get();
  std::map<int, LazyRequest> split;
  for (const auto& sub : request.subscriptions) {
    const int shard_id = shard_for_guild(sub.guild_id, impl->options.shard_count);
    if (!impl->status(shard_id))
      return Error::invalid_argument("subscriptions", fmt::format("guild {} belongs to shard {}, which this gateway "
                                                                  "does not run",
                                                                  sub.guild_id, shard_id));
    split[shard_id].subscriptions.push_back(sub);
  }
  std::vector<std::pair<int, std::string>> payloads;
  for (auto& [shard_id, part] : split) {
    auto encoded = to_json(part);
    if (!encoded) return std::move(encoded).error();
    if (encoded->size() > detail::kMaxOutboundPayload)
      return Error::invalid_argument("subscriptions",
                                     fmt::format("the request for shard {} is {} bytes, over the "
                                                 "server's {}-byte limit: split it",
                                                 shard_id, encoded->size(), detail::kMaxOutboundPayload));
    payloads.emplace_back(shard_id, std::move(*encoded));
  }
  if (payloads.empty()) return {};
  return impl->on_loop([impl, payloads = std::move(payloads)]() mutable -> Result<void> {
    for (auto& [id, text] : payloads) {
      Shard* s = impl->find_shard(id);
      if (s == nullptr || s->session.state() == ShardState::Stopped)
        return Error{ErrorKind::ClientNotReady, fmt::format("gateway shard {} is stopped", id), "SHARD_STOPPED"};
      if (s->session.queued() >= impl->options.max_queued_commands)
        return Error{ErrorKind::RateLimit, fmt::format("gateway shard {}: its command queue is full", id),
                     "QUEUE_FULL"};
    }
    const auto now = Clock::now();
    for (auto& [id, text] : payloads) {
      Shard* s = impl->find_shard(id);
      auto r = s->session.queue_command(std::move(text), now);
      impl->process(*s);
      if (!r) return r;
    }
    return {};
  });
}

Result<void> Gateway::request_guild_counts(const RequestGuildCounts& request) {
  auto* impl = impl_.get();
  std::map<int, RequestGuildCounts> split;
  for (const auto& gid : request.guild_ids) {
    const int shard_id = shard_for_guild(gid, impl->options.shard_count);
    if (!impl->status(shard_id))
      return Error::invalid_argument("guild_ids", fmt::format("guild {} belongs to shard {}, which this gateway "
                                                              "does not run",
                                                              gid, shard_id));
    auto& part = split[shard_id];
    part.guild_ids.push_back(gid);
    part.nonce = request.nonce;
  }
  std::vector<std::pair<int, std::string>> payloads;
  for (auto& [shard_id, part] : split) {
    auto encoded = to_json(part);
    if (!encoded) return std::move(encoded).error();
    payloads.emplace_back(shard_id, std::move(*encoded));
  }
  if (payloads.empty()) return {};
  return impl->on_loop([impl, payloads = std::move(payloads)]() mutable -> Result<void> {
    for (auto& [id, text] : payloads) {
      Shard* s = impl->find_shard(id);
      if (s == nullptr || s->session.state() == ShardState::Stopped)
        return Error{ErrorKind::ClientNotReady, fmt::format("gateway shard {} is stopped", id), "SHARD_STOPPED"};
    }
    const auto now = Clock::now();
    for (auto& [id, text] : payloads) {
      Shard* s = impl->find_shard(id);
      auto r = s->session.queue_command(std::move(text), now);
      impl->process(*s);
      if (!r) return r;
    }
    return {};
  });
}

}  // namespace fluxer::gateway
