#pragma once
// Private to libfluxer: the state behind fluxer::Client.
//
// Threads and who touches what:
// - the gateway loop thread only calls on_dispatch()/on_shard_event(), which post to the
//   shard's strand (no user code, no blocking);
// - a shard's strand (on the callback pool) applies the event to the cache, updates the
//   shard's guild burst, runs the handlers, and fires the client-level events;
// - the supervisor thread discovers the gateway URL, starts the gateway, and tears the
//   client down after a fatal error;
// - the timer thread runs collector and guild-burst deadlines (posting to strands);
// - destroy() tears down on the calling thread (see teardown()).

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <fluxer/cache/cache.hpp>
#include <fluxer/client/client.hpp>
#include <fluxer/core/executor.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/gateway/gateway.hpp>
#include <fluxer/rest/rest.hpp>

#include "client/guild_burst.hpp"
#include "client/handler_registry.hpp"
#include "client/timer_queue.hpp"

namespace fluxer::client_detail {

/// Copy-on-write list of handlers of one client-level event type.
template <class T>
class EventList {
 public:
  void add(std::uint64_t id, std::function<void(const T&)> fn) {
    std::lock_guard lock(mutex_);
    auto next = std::make_shared<std::vector<Entry>>(*list_);
    next->push_back(Entry{id, std::move(fn)});
    list_ = std::move(next);
  }
  bool remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    auto next = std::make_shared<std::vector<Entry>>(*list_);
    auto it = std::find_if(next->begin(), next->end(), [&](const Entry& e) { return e.id == id; });
    if (it == next->end()) return false;
    next->erase(it);
    list_ = std::move(next);
    return true;
  }
  template <class OnException>
  void fire(const T& value, OnException&& on_exception) const {
    std::shared_ptr<const std::vector<Entry>> list;
    {
      std::lock_guard lock(mutex_);
      list = list_;
    }
    for (const auto& e : *list) {
      try {
        e.fn(value);
      } catch (...) {
        on_exception(std::current_exception());
      }
    }
  }

 private:
  struct Entry {
    std::uint64_t id;
    std::function<void(const T&)> fn;
  };
  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<Entry>> list_ = std::make_shared<std::vector<Entry>>();
};

class ClientCore {
 public:
  explicit ClientCore(ClientOptions options);
  ~ClientCore();

  // running
  Future<void> start(std::string token);
  void destroy();
  [[nodiscard]] bool is_ready() const noexcept { return ready_.load(std::memory_order_acquire); }
  [[nodiscard]] std::optional<Timestamp> ready_at() const;
  [[nodiscard]] std::optional<CurrentUser> user() const;
  [[nodiscard]] std::optional<std::chrono::microseconds> latency(int shard_id) const;
  [[nodiscard]] std::optional<gateway::ShardStatus> shard_status(int shard_id) const;
  [[nodiscard]] std::vector<int> shard_ids() const;

  // handlers
  std::uint64_t add_raw(std::string_view name, HandlerFn fn);
  bool remove_handler(std::uint64_t id);
  std::uint64_t next_id() { return next_client_event_id_.fetch_add(1); }
  EventList<ClientReady> ready_handlers;
  EventList<GuildJoined> join_handlers;
  EventList<GuildAvailable> available_handlers;
  EventList<GuildUnavailable> unavailable_handlers;
  EventList<GuildLeft> leave_handlers;
  EventList<gateway::ShardEvent> shard_handlers;

  // collectors
  MessageCollector collect_messages(MessageCollectorOptions options);
  ReactionCollector collect_reactions(ReactionCollectorOptions options);

  // gateway commands
  Result<void> send_to_gateway(std::string payload);
  Result<void> send_to_shard(int shard_id, std::string payload);
  Result<void> update_presence(const UpdatePresence& presence);
  Future<gateway::GuildMembers> request_guild_members(RequestGuildMembers request);

  // parts
  Rest& rest() noexcept { return *rest_; }
  Cache& cache() noexcept { return cache_; }
  Logger& logger() noexcept { return *log_; }
  const ClientOptions& options() const noexcept { return options_; }
  const std::shared_ptr<ThreadPool>& pool() const noexcept { return pool_; }

 private:
  enum class State : std::uint8_t { Idle, Starting, Running, Stopping, Stopped };

  struct Shard {
    int id = 0;
    std::shared_ptr<Strand> strand;
    // Touched only on the gateway's loop thread: dispatches received in the current pass of
    // the loop, handed to the strand in one task (one wake-up of the pool per socket read
    // rather than per event).
    std::vector<gateway::Dispatch> pending;
    // Touched only on the strand:
    GuildBurst burst;
    std::uint64_t burst_timer = 0;
    std::uint64_t session = 0;  // READY count, to drop stale guild lists / timers
    // Read by every strand (ready check):
    std::atomic<bool> ready_seen{false};
    std::atomic<bool> burst_done{false};
    std::atomic<std::size_t> burst_missing{0};
  };

  void supervise(std::string token);
  void on_dispatch(gateway::Dispatch&& d);
  void on_shard_event(const gateway::ShardEvent& e);
  void on_batch_end();
  void flush(Shard& shard);
  void process(Shard& shard, gateway::Dispatch& d);
  void process_shard_event(Shard& shard, const gateway::ShardEvent& e);
  void begin_burst(Shard& shard, const Ready& ready);
  void fetch_guild_list(Shard& shard, std::uint64_t session, std::optional<Snowflake> after,
                        std::shared_ptr<std::vector<Snowflake>> acc);
  void finish_burst_if_done(Shard& shard, bool deadline_passed);
  void maybe_ready();
  void fatal(Error error);
  void teardown();
  void report_handler_exception(std::string_view what, std::exception_ptr ep);
  Shard* shard(int id) noexcept;
  void warn_ignored(std::string_view name);
  template <class T, class Opts>
  Collector<T> make_collector(Opts options, std::string_view event_name,
                              std::function<const T*(const DispatchEvent&)> match);

  ClientOptions options_;
  std::shared_ptr<Logger> log_;
  std::shared_ptr<ThreadPool> pool_;
  std::unique_ptr<Rest> rest_;
  Cache cache_;
  HandlerRegistry registry_;
  TimerQueue timers_;
  std::atomic<std::uint64_t> next_client_event_id_{1ULL << 62};

  // Lifecycle.
  mutable std::mutex state_mutex_;
  std::condition_variable state_cv_;
  State state_ = State::Idle;
  bool stop_requested_ = false;
  bool teardown_running_ = false;
  std::optional<Error> fatal_error_;
  std::optional<Promise<void>> done_;
  std::thread supervisor_;
  std::atomic<bool> stopping_{false};
  std::mutex teardown_mutex_;

  // Set once by the supervisor before any shard runs; read-only afterwards.
  std::unique_ptr<gateway::Gateway> gateway_;
  std::atomic<gateway::Gateway*> gw_{nullptr};  // set once the gateway started
  std::map<int, std::unique_ptr<Shard>> shards_;
  std::vector<int> shard_ids_;

  std::atomic<bool> ready_{false};
  mutable std::mutex info_mutex_;
  std::optional<Timestamp> ready_at_;
  bool ready_fired_ = false;

  // Collectors still running (ended with ClientDestroyed at teardown).
  std::mutex collectors_mutex_;
  std::map<std::uint64_t, std::function<void()>> collectors_;

  std::mutex warned_mutex_;
  std::unordered_set<std::string> warned_ignored_;
};

}  // namespace fluxer::client_detail
