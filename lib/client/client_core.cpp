#include "client/client_core.hpp"

#include <algorithm>
#include <cctype>

#include "client/collector_state.hpp"

namespace fluxer::client_detail {
namespace {

using Clock = std::chrono::steady_clock;

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::shared_ptr<Logger> make_logger(const ClientOptions& o) {
  auto log = std::make_shared<Logger>(o.log_sink ? o.log_sink : stderr_sink(), o.log_level);
  if (!o.rest.token.empty()) log->add_token(o.rest.token);
  return log;
}

RestOptions rest_options(const ClientOptions& o) {
  RestOptions r = o.rest;
  r.api_base = o.api_base;
  return r;
}

}  // namespace

ClientCore::ClientCore(ClientOptions options)
    : options_(std::move(options)),
      log_(make_logger(options_)),
      pool_(std::make_shared<ThreadPool>(std::max<std::size_t>(options_.callback_threads, 1),
                                         [log = log_](std::exception_ptr ep) {
                                           try {
                                             std::rethrow_exception(ep);
                                           } catch (const std::exception& e) {
                                             log->error("a callback threw: {}", e.what());
                                           } catch (...) {
                                             log->error("a callback threw a non-standard exception");
                                           }
                                         })),
      rest_(std::make_unique<Rest>(rest_options(options_), pool_, log_)),
      cache_(options_.cache),
      registry_([this](std::string_view name, std::exception_ptr ep) { report_handler_exception(name, ep); }) {
  if (options_.intents) {
    log_->debug("client: `intents` is ignored: Fluxer has no intents (use `ignored_events` to receive less)");
  }
  for (auto& name : options_.ignored_events) name = upper(name);
}

ClientCore::~ClientCore() {
  destroy();
  std::thread supervisor;
  {
    std::lock_guard lock(state_mutex_);
    supervisor = std::move(supervisor_);
  }
  if (supervisor.joinable()) {
    if (supervisor.get_id() == std::this_thread::get_id()) {
      supervisor.detach();
    } else {
      supervisor.join();
    }
  }
}

void ClientCore::report_handler_exception(std::string_view what, std::exception_ptr ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const Exception& e) {
    log_->error("handler for {} threw: {}", what, e.error().to_string());
  } catch (const std::exception& e) {
    log_->error("handler for {} threw: {}", what, e.what());
  } catch (...) {
    log_->error("handler for {} threw a non-standard exception", what);
  }
}

// ==================================================================== lifecycle

Future<void> ClientCore::start(std::string token) {
  while (token.starts_with("Bot ")) token.erase(0, 4);
  Promise<void> promise(pool_);
  auto future = promise.get_future();
  {
    std::lock_guard lock(state_mutex_);
    if (state_ == State::Stopped || stop_requested_) {
      return make_error_future<void>(
          Error(ErrorKind::AlreadyLoggedIn, "this client was destroyed; create a new Client to log in again",
                "CLIENT_DESTROYED"));
    }
    if (state_ != State::Idle) {
      return make_error_future<void>(
          Error(ErrorKind::AlreadyLoggedIn, "this client is already logged in (a Client logs in once)"));
    }
    if (token.empty()) {
      return make_error_future<void>(Error(ErrorKind::InvalidToken, "the token is empty", "EMPTY_TOKEN"));
    }
    state_ = State::Starting;
    done_.emplace(std::move(promise));
  }
  log_->add_token(token);
  rest_->set_token(token);
  supervisor_ = std::thread([this, token = std::move(token)]() mutable { supervise(std::move(token)); });
  return future;
}

void ClientCore::supervise(std::string token) {
  // 1. The gateway URL: the options, else GET /gateway/bot (which also checks the token).
  std::string url;
  if (options_.gateway_url) {
    url = *options_.gateway_url;
  } else {
    auto info = rest_->get_gateway_bot().result();
    if (!info) {
      Error e = info.error();
      if (e.kind != ErrorKind::Cancelled) {
        e.message = "could not discover the gateway (GET /gateway/bot): " + e.message;
        fatal(std::move(e));
      }
      url.clear();
    } else {
      url = info->url;
    }
  }

  // 2. The gateway, one strand per shard.
  if (!url.empty()) {
    gateway::GatewayOptions g = options_.gateway;
    g.token = token;
    g.url = url;
    g.shard_count = options_.shard_count;
    g.shard_ids = options_.shard_ids;
    g.compression = options_.compression;
    g.presence = options_.presence;
    g.ignored_events = options_.ignored_events;
    gateway::GatewayHandlers handlers;
    handlers.on_dispatch = [this](gateway::Dispatch&& d) { on_dispatch(std::move(d)); };
    handlers.on_shard_event = [this](const gateway::ShardEvent& e) { on_shard_event(e); };
    handlers.on_batch_end = [this] { on_batch_end(); };
    std::unique_lock lock(state_mutex_);
    if (!stop_requested_) {
      gateway_ = std::make_unique<gateway::Gateway>(std::move(g), std::move(handlers), *log_, pool_);
      // The shards this process runs (the gateway knows them only once started, and its
      // loop may deliver the first event before start() returns).
      shard_ids_ = options_.shard_ids;
      if (shard_ids_.empty())
        for (int id = 0; id < std::max(options_.shard_count, 1); ++id) shard_ids_.push_back(id);
      for (int id : shard_ids_) {
        auto s = std::make_unique<Shard>();
        s->id = id;
        s->strand = std::make_shared<Strand>(pool_);
        shards_.emplace(id, std::move(s));
      }
      // Started under the lock, so teardown() never stops a gateway that is still starting.
      // (The gateway calls us only from its loop thread, which never waits for this one.)
      auto started = gateway_->start();
      if (started) {
        gw_.store(gateway_.get(), std::memory_order_release);
        if (state_ == State::Starting) state_ = State::Running;
      }
      lock.unlock();
      if (!started) {
        fatal(started.error());
      } else {
        for (const auto& name : registry_.names()) warn_ignored(name);
      }
    }
  }

  // 3. Wait for destroy() or a fatal error, then tear down (unless destroy() does it).
  std::unique_lock lock(state_mutex_);
  state_cv_.wait(lock, [&] { return stop_requested_; });
  if (teardown_running_) return;  // destroy() tears down
  teardown_running_ = true;
  lock.unlock();
  teardown();
}

void ClientCore::fatal(Error error) {
  log_->error("client: stopping: {}", error.to_string());
  {
    std::lock_guard lock(state_mutex_);
    if (!fatal_error_ && !stop_requested_) fatal_error_ = std::move(error);
    stop_requested_ = true;
  }
  stopping_.store(true);
  state_cv_.notify_all();
}

void ClientCore::destroy() {
  {
    std::unique_lock lock(state_mutex_);
    stop_requested_ = true;
    if (teardown_running_) {
      // Someone else (the supervisor after a fatal error, or another thread) tears down.
      // A callback thread must not wait for it: teardown joins the callback threads.
      if (pool_->in_pool()) return;
      state_cv_.wait(lock, [&] { return state_ == State::Stopped; });
      return;
    }
    teardown_running_ = true;  // this thread tears down
  }
  stopping_.store(true);
  state_cv_.notify_all();
  teardown();
}

// Runs once, on the thread that claimed it (teardown_running_).
void ClientCore::teardown() {
  std::lock_guard teardown_lock(teardown_mutex_);
  {
    std::lock_guard lock(state_mutex_);
    state_ = State::Stopping;
  }
  stopping_.store(true);
  ready_.store(false);
  // 1. No more gateway events (joins the loop thread; pending member requests cancelled).
  if (gateway_) gateway_->stop();
  // 2. Collectors end; timers stop.
  std::map<std::uint64_t, std::function<void()>> collectors;
  {
    std::lock_guard lock(collectors_mutex_);
    collectors.swap(collectors_);
  }
  for (auto& [id, end] : collectors) end();
  timers_.shutdown();
  // 3. REST: everything pending completes with Cancelled.
  rest_->shutdown();
  // 4. The result of login()/start(), then the callback pool (runs what is queued: REST
  //    continuations and this result; strand tasks see `stopping_` and skip handlers).
  std::optional<Promise<void>> done;
  std::optional<Error> error;
  {
    std::lock_guard lock(state_mutex_);
    done = std::move(done_);
    done_.reset();
    error = fatal_error_;
  }
  if (done) {
    if (error) {
      done->set_error(*error);
    } else {
      done->set_value();
    }
  }
  pool_->shutdown();
  {
    std::lock_guard lock(state_mutex_);
    state_ = State::Stopped;
  }
  state_cv_.notify_all();
}

// ==================================================================== events

ClientCore::Shard* ClientCore::shard(int id) noexcept {
  auto it = shards_.find(id);
  return it == shards_.end() ? nullptr : it->second.get();
}

// The gateway's loop thread: queue, and hand the queue on at the end of the loop's pass.
void ClientCore::on_dispatch(gateway::Dispatch&& d) {
  Shard* s = shard(d.shard_id);
  if (s == nullptr || stopping_.load(std::memory_order_relaxed)) return;
  s->pending.push_back(std::move(d));
}

void ClientCore::on_batch_end() {
  for (auto& [id, s] : shards_)
    if (!s->pending.empty()) flush(*s);
}

void ClientCore::flush(Shard& shard) {
  if (shard.pending.empty()) return;
  Shard* s = &shard;
  std::vector<gateway::Dispatch> batch;
  batch.swap(shard.pending);
  if (stopping_.load(std::memory_order_relaxed)) return;
  s->strand->post([this, s, batch = std::move(batch)]() mutable {
    for (auto& d : batch) process(*s, d);
  });
}

void ClientCore::on_shard_event(const gateway::ShardEvent& e) {
  Shard* s = shard(e.shard_id);
  if (s == nullptr) return;
  flush(*s);  // the dispatches before this event reach handlers first
  if (e.kind == gateway::ShardEvent::Kind::Stopped && e.error) {
    // A fatal close (bad token, invalid shard, sharding required, bad version): the whole
    // client stops, rather than run silently with fewer shards. Not on the loop thread.
    fatal(*e.error);
  }
  if (stopping_.load(std::memory_order_relaxed)) return;
  s->strand->post([this, s, e] { process_shard_event(*s, e); });
}

void ClientCore::process_shard_event(Shard& shard, const gateway::ShardEvent& e) {
  if (stopping_.load(std::memory_order_relaxed)) return;
  (void)shard;
  shard_handlers.fire(e, [&](std::exception_ptr ep) { report_handler_exception("shard event", ep); });
}

void ClientCore::process(Shard& shard, gateway::Dispatch& d) {
  if (stopping_.load(std::memory_order_relaxed)) return;
  log_->trace("client: shard {} dispatch {} (seq {})", shard.id, d.name, d.seq);
  const auto now = Clock::now();
  // A burst whose deadline passed ends before this event is classified.
  if (shard.burst.active() && now >= shard.burst.deadline()) finish_burst_if_done(shard, true);

  // The cache first: handlers see the event's changes.
  CacheUpdate update = cache_.apply(d.event);
  if (update.error) log_->debug("cache: {} partly stored: {}", d.name, update.error->to_string());

  std::optional<GuildBurst::Create> created;
  std::optional<GuildBurst::Delete> deleted;
  if (const auto* ready = std::get_if<Ready>(&d.event)) {
    begin_burst(shard, *ready);
  } else if (const auto* gc = std::get_if<GuildCreate>(&d.event)) {
    created = shard.burst.on_guild_create(gc->guild.id, gc->unavailable);
  } else if (const auto* gd = std::get_if<GuildDelete>(&d.event)) {
    deleted = shard.burst.on_guild_delete(gd->id, gd->unavailable);
  }

  if (const auto* unknown = std::get_if<UnknownEvent>(&d.event); unknown && unknown->error) {
    log_->warn("gateway: {} (seq {}) could not be decoded; handlers get it as an unknown event: {}", d.name, d.seq,
               unknown->error->to_string());
  }

  const RawEvent raw(d.name, d.shard_id, d.seq, d.raw, &d.event);
  registry_.dispatch(raw);

  auto report = [&](std::string_view what) {
    return [this, what](std::exception_ptr ep) { report_handler_exception(what, ep); };
  };
  if (created) {
    const auto& gc = std::get<GuildCreate>(d.event);
    switch (*created) {
      case GuildBurst::Create::Burst: break;
      case GuildBurst::Create::Joined: join_handlers.fire(GuildJoined{&gc}, report("guild join")); break;
      case GuildBurst::Create::Available:
        available_handlers.fire(GuildAvailable{&gc}, report("guild available"));
        break;
      case GuildBurst::Create::Unavailable:
        unavailable_handlers.fire(GuildUnavailable{gc.guild.id}, report("guild unavailable"));
        break;
    }
  } else if (deleted) {
    const auto& gd = std::get<GuildDelete>(d.event);
    switch (*deleted) {
      case GuildBurst::Delete::Burst: break;
      case GuildBurst::Delete::Unavailable:
        unavailable_handlers.fire(GuildUnavailable{gd.id}, report("guild unavailable"));
        break;
      case GuildBurst::Delete::Left: {
        GuildLeft left{gd.id, std::nullopt};
        if (const auto* g = update.before_as<Guild>()) left.guild = *g;
        leave_handlers.fire(left, report("guild leave"));
        break;
      }
    }
  }
  if (created || deleted) finish_burst_if_done(shard, false);
  if (std::holds_alternative<Ready>(d.event)) maybe_ready();
}

void ClientCore::begin_burst(Shard& shard, const Ready& ready) {
  const auto now = Clock::now();
  ++shard.session;
  std::vector<Snowflake> announced;
  announced.reserve(ready.guilds.size());
  for (const auto& g : ready.guilds) announced.push_back(g.guild.id);
  shard.burst.start(now, options_.guild_ready_timeout, announced);
  shard.burst_done.store(false);
  shard.ready_seen.store(true);
  if (shard.burst_timer != 0) timers_.cancel(shard.burst_timer);
  const auto session = shard.session;
  Shard* s = &shard;
  shard.burst_timer = timers_.schedule(shard.burst.deadline() + std::chrono::milliseconds(1), [this, s, session] {
    if (stopping_.load()) return;
    s->strand->post([this, s, session] {
      if (stopping_.load() || s->session != session) return;
      finish_burst_if_done(*s, true);
    });
  });
  fetch_guild_list(shard, session, std::nullopt, std::make_shared<std::vector<Snowflake>>());
}

void ClientCore::fetch_guild_list(Shard& shard, std::uint64_t session, std::optional<Snowflake> after,
                                  std::shared_ptr<std::vector<Snowflake>> acc) {
  constexpr int kPage = 200;
  GetCurrentUserGuilds query;
  query.limit = kPage;
  query.after = after;
  Shard* s = &shard;
  rest_->get_current_user_guilds(
      query,
      [this, s, session, acc](Result<std::vector<Guild>> r) mutable {
        if (stopping_.load()) return;
        if (!r) {
          log_->warn("client: could not list the bot's guilds ({}); the guild burst ends at its deadline",
                     r.error().to_string());
          s->strand->post([this, s, session] {
            if (s->session != session) return;
            s->burst.list_failed();
          });
          return;
        }
        const bool more = r->size() >= static_cast<std::size_t>(kPage);
        Snowflake last{};
        for (const auto& g : *r) {
          last = std::max(last, g.id);
          if (options_.shard_count <= 1 || gateway::shard_for_guild(g.id, options_.shard_count) == s->id) {
            acc->push_back(g.id);
          }
        }
        if (more) {
          fetch_guild_list(*s, session, last, acc);
          return;
        }
        s->strand->post([this, s, session, acc] {
          if (stopping_.load() || s->session != session) return;
          log_->debug("client: shard {}: the bot is in {} guild(s) on this shard", s->id, acc->size());
          s->burst.expect(*acc);
          finish_burst_if_done(*s, false);
        });
      });
}

void ClientCore::finish_burst_if_done(Shard& shard, bool deadline_passed) {
  if (!shard.burst.active()) return;
  const bool complete = shard.burst.complete();
  if (!complete && !deadline_passed) return;
  log_->debug("client: shard {}: the guild burst is over", shard.id);
  shard.burst_missing.store(complete ? 0 : shard.burst.pending());
  shard.burst.finish();
  if (shard.burst_timer != 0) timers_.cancel(shard.burst_timer);
  shard.burst_timer = 0;
  if (!complete) {
    log_->info("shard {}: the guild burst ended at its deadline with {} guild(s) still missing", shard.id,
               shard.burst_missing.load());
  }
  shard.burst_done.store(true);
  maybe_ready();
}

void ClientCore::maybe_ready() {
  std::size_t missing = 0;
  for (const auto& [id, s] : shards_) {
    if (!s->ready_seen.load()) return;
    if (options_.wait_for_guilds && !s->burst_done.load()) return;
    missing += s->burst_done.load() ? s->burst_missing.load() : 0;
  }
  {
    std::lock_guard lock(info_mutex_);
    if (ready_fired_) return;
    ready_fired_ = true;
    ready_at_ = std::chrono::time_point_cast<Timestamp::duration>(std::chrono::system_clock::now());
  }
  ready_.store(true, std::memory_order_release);
  ClientReady ready;
  if (auto u = cache_.current_user()) ready.user = *u;
  ready.guilds = cache_.guild_ids().size();
  ready.guilds_missing = missing;
  ready.shards = shard_ids_;
  log_->info("client: ready as {} ({} guild(s), {} shard(s))", ready.user.username, ready.guilds,
             ready.shards.size());
  ready_handlers.fire(ready, [&](std::exception_ptr ep) { report_handler_exception("ready", ep); });
}

// ==================================================================== handlers

void ClientCore::warn_ignored(std::string_view name) {
  if (name.empty()) return;
  const std::string key = upper(name);
  if (std::find(options_.ignored_events.begin(), options_.ignored_events.end(), key) ==
      options_.ignored_events.end()) {
    return;
  }
  std::lock_guard lock(warned_mutex_);
  if (!warned_ignored_.insert(key).second) return;
  log_->warn("a handler is registered for {}, which `ignored_events` asks the server not to send", key);
}

std::uint64_t ClientCore::add_raw(std::string_view name, HandlerFn fn) {
  warn_ignored(name);
  return registry_.add(std::string(name), std::move(fn));
}

bool ClientCore::remove_handler(std::uint64_t id) {
  return registry_.remove(id) || ready_handlers.remove(id) || join_handlers.remove(id) ||
         available_handlers.remove(id) || unavailable_handlers.remove(id) || leave_handlers.remove(id) ||
         shard_handlers.remove(id);
}

// ==================================================================== collectors

template <class T, class Opts>
Collector<T> ClientCore::make_collector(Opts options, std::string_view event_name,
                                        std::function<const T*(const DispatchEvent&)> match) {
  using State = CollectorState<T>;
  Promise<Collected<T>> promise(pool_);
  auto future = std::make_shared<Future<Collected<T>>>(promise.get_future());
  typename State::Limits limits{options.max, options.time, options.idle};
  auto state = std::make_shared<State>(limits, std::move(options.filter), std::move(options.on_collect),
                                       std::move(promise), Clock::now());
  Collector<T> handle(state, future);
  if (stopping_.load()) {
    state->end(CollectorEnd::ClientDestroyed);
    return handle;
  }
  if (limits.max && *limits.max == 0) {
    state->end(CollectorEnd::Limit);
    return handle;
  }

  const std::uint64_t key = next_id();
  auto handler_id = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto timer_id = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::weak_ptr<State> weak = state;
  {
    std::lock_guard lock(collectors_mutex_);
    collectors_.emplace(key, [weak] {
      if (auto s = weak.lock()) s->end(CollectorEnd::ClientDestroyed);
    });
  }
  handler_id->store(registry_.add(std::string(event_name), [state, match](const RawEvent& e) {
    if (const T* item = match(e.event())) state->offer(*item, Clock::now());
  }));
  // Deadlines: re-armed after each expiry check while the collector runs.
  auto arm = std::make_shared<std::function<void()>>();
  *arm = [this, weak, timer_id, arm_weak = std::weak_ptr<std::function<void()>>(arm)] {
    auto s = weak.lock();
    if (!s) return;
    auto at = s->next_deadline();
    if (!at) return;
    timer_id->store(timers_.schedule(*at, [weak, arm_weak] {
      auto st = weak.lock();
      if (!st) return;
      if (!st->expire(Clock::now())) {
        if (auto a = arm_weak.lock()) (*a)();
      }
    }));
  };
  // The end hook keeps the arm function alive until the collector ends (then both go).
  state->set_on_end([this, key, handler_id, timer_id, arm] {
    if (auto id = handler_id->exchange(0)) registry_.remove(id);
    if (auto t = timer_id->exchange(0)) timers_.cancel(t);
    std::lock_guard lock(collectors_mutex_);
    collectors_.erase(key);
  });
  (*arm)();
  if (stopping_.load()) state->end(CollectorEnd::ClientDestroyed);
  return handle;
}

MessageCollector ClientCore::collect_messages(MessageCollectorOptions options) {
  const auto channel = options.channel_id;
  return make_collector<Message>(std::move(options), events::MESSAGE_CREATE,
                                 [channel](const DispatchEvent& ev) -> const Message* {
                                   const auto* m = std::get_if<MessageCreate>(&ev);
                                   if (m == nullptr) return nullptr;
                                   if (channel && m->message.channel_id != *channel) return nullptr;
                                   return &m->message;
                                 });
}

ReactionCollector ClientCore::collect_reactions(ReactionCollectorOptions options) {
  const auto message = options.message_id;
  return make_collector<MessageReactionAdd>(std::move(options), events::MESSAGE_REACTION_ADD,
                                            [message](const DispatchEvent& ev) -> const MessageReactionAdd* {
                                              const auto* r = std::get_if<MessageReactionAdd>(&ev);
                                              if (r == nullptr || r->message_id != message) return nullptr;
                                              return r;
                                            });
}

// ==================================================================== queries & commands

std::optional<Timestamp> ClientCore::ready_at() const {
  std::lock_guard lock(info_mutex_);
  return ready_at_;
}

std::optional<CurrentUser> ClientCore::user() const { return cache_.current_user(); }

// The gateway object lives until the ClientCore dies and its members are thread-safe, so
// these calls need no lock of ours (holding one while the gateway's loop thread calls
// on_shard_event() -> fatal() could deadlock).
std::optional<std::chrono::microseconds> ClientCore::latency(int shard_id) const {
  auto* gw = gw_.load(std::memory_order_acquire);
  if (gw == nullptr) return std::nullopt;
  return gw->latency(shard_id);
}

std::optional<gateway::ShardStatus> ClientCore::shard_status(int shard_id) const {
  auto* gw = gw_.load(std::memory_order_acquire);
  if (gw == nullptr) return std::nullopt;
  return gw->status(shard_id);
}

std::vector<int> ClientCore::shard_ids() const {
  std::lock_guard lock(state_mutex_);
  return shard_ids_;
}

namespace {
Error not_running() {
  return Error(ErrorKind::ClientNotReady, "the client is not connected (call login() first)", "NOT_RUNNING");
}
}  // namespace

Result<void> ClientCore::send_to_gateway(std::string payload) {
  auto* gw = gw_.load(std::memory_order_acquire);
  if (gw == nullptr || stopping_.load()) return not_running();
  return gw->send_to_gateway(std::move(payload));
}

Result<void> ClientCore::send_to_shard(int shard_id, std::string payload) {
  auto* gw = gw_.load(std::memory_order_acquire);
  if (gw == nullptr || stopping_.load()) return not_running();
  return gw->send_to_shard(shard_id, std::move(payload));
}

Result<void> ClientCore::update_presence(const UpdatePresence& presence) {
  auto* gw = gw_.load(std::memory_order_acquire);
  if (gw == nullptr || stopping_.load()) return not_running();
  return gw->update_presence(presence);
}

Future<gateway::GuildMembers> ClientCore::request_guild_members(RequestGuildMembers request) {
  auto* gw = gw_.load(std::memory_order_acquire);
  if (gw == nullptr || stopping_.load()) return make_error_future<gateway::GuildMembers>(not_running());
  return gw->request_guild_members(std::move(request));
}

}  // namespace fluxer::client_detail
