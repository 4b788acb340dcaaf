// End-to-end dispatch through a fluxer::Client on loopback, against the gateway alone
// measured in the same run (issue 10).
//
//   BM_client/<event>   five pairs of runs, each pair: first fluxer::gateway::Gateway with a
//                       handler that counts the event (the baseline: frame parse, typed
//                       decode, sequence checks, the handler call on the loop thread), then a
//                       fluxer::Client (the same gateway, plus the post to the shard's strand
//                       on the callback pool, Cache::apply, the guild burst bookkeeping, the
//                       handler registry, one typed handler that counts the event).
//
// Events: message_create (the ~1.3 KB MESSAGE_CREATE of the gateway benchmark) and
// guild_member_add (a member with its user; every event has another user id, so the cache
// really inserts a new user and member each time). A loopback sender thread
// (gateway_loopback.hpp) sends HELLO, READY, a GUILD_CREATE of the guild (so both events
// land in a cached guild and channel, as for a bot that is in the guild), then pushes the
// pre-encoded dispatches (plain text frames) as fast as the socket takes them.
//
// Measured from the first to the last counted event: events/s (wall) and CPU per event.
// A Client spans several threads (gateway loop, callback pool, REST, timers), so its CPU is
// the process's (CLOCK_PROCESS_CPUTIME_ID) minus the sender's own threads (they measure
// themselves: LoopbackSender::cpu()). The gateway baseline is measured the same way
// (gw_cpu_us) and, as in fluxer-bench-gateway, as its loop thread alone (gw_loop_cpu_us).
// Reported as medians over the pairs: events/s and CPU µs per event of both, the median of
// the per-pair ratios client/gateway (client_vs_gw_cpu) and differences
// (client_minus_gw_cpu_us: what the client adds to the gateway), and the least disturbed
// client run (client_cpu_us_best).
//
// Client options: gateway_url = the sender; api_base = a loopback port that refuses
// connections (the guild list the client asks for after READY fails at once; no retries);
// wait_for_guilds off; default cache (unbounded, no messages); default callback_threads (2).
//
//   BM_part/...        the client's parts alone, to tell where its time goes: decode_frame(),
//                      Cache::apply as the client calls it, and the strand hand-off of
//                      ClientCore::on_dispatch (flooded, and paced to the gateway's rate).
//
// FLUXER_BENCH_CLIENT_EVENTS=<n> shortens the runs (for profiling).

#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <libwebsockets.h>

#include <fluxer/client/client.hpp>
#include <fluxer/gateway/gateway.hpp>

#include "../unit/model/fixtures.hpp"
#include "gateway/frame.hpp"
#include "gateway_loopback.hpp"
#include "model/json.hpp"

namespace {

using namespace std::chrono_literals;
using fluxer::bench::LoopbackSender;
using fluxer::bench::ws_frame;

enum class Kind { MessageCreate, GuildMemberAdd };
const char* name_of(Kind k) { return k == Kind::MessageCreate ? "message_create" : "guild_member_add"; }
const char* event_of(Kind k) { return k == Kind::MessageCreate ? "MESSAGE_CREATE" : "GUILD_MEMBER_ADD"; }

int event_count() {
  if (const char* n = std::getenv("FLUXER_BENCH_CLIENT_EVENTS"); n != nullptr && std::atoi(n) > 1)
    return std::atoi(n);
  return 200'000;
}

constexpr std::uint64_t kFirstSeq = 100'000'000;              // fixed width: 9 digits
constexpr std::uint64_t kFirstUser = 1400000001000000000ULL;  // fixed width: 19 digits
constexpr const char* kToken = "1400000000000000100.benchmarkbenchmarkbenchmarkbenchmarkbenchm";

std::chrono::nanoseconds clock_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return std::chrono::seconds{ts.tv_sec} + std::chrono::nanoseconds{ts.tv_nsec};
}

// ---------------------------------------------------------------- payloads

std::string minified(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  return fluxer::mjson::to_text(doc);
}

std::string dispatch_json(std::string_view name, std::uint64_t seq, const std::string& d) {
  return R"({"op":0,"t":")" + std::string(name) + R"(","s":)" + std::to_string(seq) + R"(,"d":)" + d + "}";
}

const std::string kHello = R"({"op":10,"d":{"heartbeat_interval":60000}})";
const std::string kReady =
    R"({"op":0,"t":"READY","s":1,"d":{"session_id":"0123456789abcdef0123456789abcdef","version":1,)"
    R"("user":{"id":"1400000000000000100","username":"bench","discriminator":"0001","bot":true},"guilds":[]}})";

/// One template dispatch frame and where to patch it per event.
struct Script {
  std::string hello;
  std::string ready;
  std::string guild_create;  // the frame sent right after READY
  std::string frame;         // the template dispatch frame
  std::string json;          // its payload (the dispatch JSON text)
  std::string guild_json;    // the GUILD_CREATE's
  std::size_t seq_at = 0;
  std::size_t user_at = std::string::npos;  // GUILD_MEMBER_ADD: the user id's digits
  int events = 0;
};

const Script& script(Kind k) {
  static std::map<Kind, Script> cache;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(k); it != cache.end()) return it->second;
  Script s;
  s.hello = ws_frame(kHello, false);
  s.ready = ws_frame(kReady, false);
  s.guild_json = dispatch_json("GUILD_CREATE", 2, minified(fixtures::kGuildCreate));
  s.guild_create = ws_frame(s.guild_json, false);
  s.events = event_count();
  if (k == Kind::MessageCreate) {
    s.json = dispatch_json("MESSAGE_CREATE", kFirstSeq, minified(fixtures::kMessageCreate));
  } else {
    std::string d = minified(fixtures::kGuildMemberAdd);
    const std::string user = "\"1400000000000000300\"";
    d.replace(d.find(user), user.size(), "\"" + std::to_string(kFirstUser) + "\"");
    s.json = dispatch_json("GUILD_MEMBER_ADD", kFirstSeq, d);
  }
  s.frame = ws_frame(s.json, false);
  if (k == Kind::GuildMemberAdd) s.user_at = s.frame.find(std::to_string(kFirstUser));
  s.seq_at = s.frame.find(std::to_string(kFirstSeq));
  std::fprintf(stderr, "%s: %d dispatches of %zu bytes (frame)\n", name_of(k), s.events, s.frame.size());
  return cache.emplace(k, std::move(s)).first->second;
}

/// GUILD_CREATE, then the dispatches: the template frame with its fixed-width seq (and
/// user id) patched per event, 64 frames a write.
fluxer::bench::Blast blast_for(const Script& s) {
  return [&s](const std::function<bool(std::string_view)>& write) {
    if (!write(s.guild_create)) return;
    constexpr int kBatch = 64;
    std::string batch;
    batch.reserve(s.frame.size() * kBatch);
    for (int sent = 0; sent < s.events;) {
      batch.clear();
      for (int i = 0; i < kBatch && sent < s.events; ++i, ++sent) {
        const std::size_t at = batch.size();
        batch += s.frame;
        const auto n = static_cast<std::uint64_t>(sent);
        const auto seq = std::to_string(kFirstSeq + n);
        std::memcpy(batch.data() + at + s.seq_at, seq.data(), seq.size());
        if (s.user_at != std::string::npos) {
          const auto user = std::to_string(kFirstUser + n);
          std::memcpy(batch.data() + at + s.user_at, user.data(), user.size());
        }
      }
      if (!write(batch)) return;
    }
  };
}

// ---------------------------------------------------------------- measuring

/// Counts events (on whichever thread runs the handler; one at a time for both clients)
/// and reads the clocks at the first and the last one.
struct Meter {
  const LoopbackSender* sender = nullptr;
  int target = 0;
  int count = 0;
  std::chrono::nanoseconds process0{}, process1{}, sender0{}, sender1{}, thread0{}, thread1{};
  std::chrono::steady_clock::time_point wall0{}, wall1{};
  std::promise<void> done;

  void event() {
    ++count;
    if (count == 1) {
      thread0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
      sender0 = sender->cpu();
      process0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
      wall0 = std::chrono::steady_clock::now();
    }
    if (count == target) {
      wall1 = std::chrono::steady_clock::now();
      process1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
      sender1 = sender->cpu();
      thread1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
      done.set_value();
    }
  }
};

struct Sample {
  double cpu_us = 0;         ///< process CPU minus the sender's, per event
  double thread_cpu_us = 0;  ///< CPU of the thread that ran the handler, per event
  double sender_cpu_us = 0;  ///< the sender's CPU per event (subtracted)
  double rate = 0;           ///< events per second, first to last event
  double seconds = 0;
  double cached_members = 0;
};

Sample sample_of(const Meter& m) {
  using us = std::chrono::duration<double, std::micro>;
  const double n = m.target - 1;
  Sample s;
  s.seconds = std::chrono::duration<double>(m.wall1 - m.wall0).count();
  s.rate = n / s.seconds;
  s.sender_cpu_us = us(m.sender1 - m.sender0).count() / n;
  s.cpu_us = us((m.process1 - m.process0) - (m.sender1 - m.sender0)).count() / n;
  s.thread_cpu_us = us(m.thread1 - m.thread0).count() / n;
  return s;
}

/// A loopback port that refuses connections (bound, never listening) while it lives.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~ClosedPort() { ::close(fd_); }
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// ---------------------------------------------------------------- the two clients

std::optional<Sample> run_gateway(const Script& s, Kind k) {
  fluxer::Logger log([](fluxer::LogLevel, std::string_view) {}, fluxer::LogLevel::Warn);
  LoopbackSender sender(s.hello, s.ready, blast_for(s));
  Meter meter;
  meter.sender = &sender;
  meter.target = s.events;
  auto done = meter.done.get_future();
  fluxer::gateway::GatewayOptions o;
  o.token = kToken;
  o.url = sender.url();
  o.compression = fluxer::gateway::Compression::None;
  o.identify_interval = 0ms;
  o.random_seed = 1;
  fluxer::gateway::GatewayHandlers h;
  const std::string name = event_of(k);
  h.on_dispatch = [&meter, &name](fluxer::gateway::Dispatch&& d) {
    if (d.name == name) meter.event();
  };
  fluxer::gateway::Gateway gateway(o, std::move(h), log);
  if (!gateway.start().ok()) return std::nullopt;
  const bool ok = done.wait_for(120s) == std::future_status::ready;
  gateway.stop();
  if (!ok) return std::nullopt;
  return sample_of(meter);
}

std::optional<Sample> run_client(const Script& s, Kind k) {
  ClosedPort api;
  LoopbackSender sender(s.hello, s.ready, blast_for(s));
  Meter meter;
  meter.sender = &sender;
  meter.target = s.events;
  auto done = meter.done.get_future();
  fluxer::ClientOptions o;
  o.gateway_url = sender.url();
  o.api_base = "http://127.0.0.1:" + std::to_string(api.port()) + "/v1";
  o.rest.max_failure_retries = 0;
  o.wait_for_guilds = false;
  o.log_sink = [](fluxer::LogLevel, std::string_view) {};
  o.log_level = fluxer::LogLevel::Error;
  o.gateway.identify_interval = 0ms;
  o.gateway.random_seed = 1;
  std::optional<Sample> result;
  {
    fluxer::Client client(o);
    if (k == Kind::MessageCreate) {
      client.on_message_create([&meter](const fluxer::MessageCreate&) { meter.event(); });
    } else {
      client.on_guild_member_add([&meter](const fluxer::GuildMemberAdd&) { meter.event(); });
    }
    auto login = client.start(kToken);
    const bool ok = done.wait_for(120s) == std::future_status::ready;
    const auto members = client.cache().stats().members.count;
    client.destroy();
    if (!ok) return std::nullopt;
    result = sample_of(meter);
    result->cached_members = static_cast<double>(members);
  }
  return result;
}

double median(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  return x[x.size() / 2];
}

/// Gateway and client alternately, `state.iterations()` pairs: on a machine whose load
/// drifts, each pair sees about the same conditions, so the ratio stays meaningful.
void BM_client(benchmark::State& state, Kind k) {
  const Script& s = script(k);
  std::vector<double> gw_cpu, gw_loop_cpu, gw_rate, cl_cpu, cl_rate, ratios, diffs, sender_cpu;
  double members = 0;
  for (auto _ : state) {
    auto g = run_gateway(s, k);
    auto c = run_client(s, k);
    if (!g || !c) {
      state.SkipWithError("not every event arrived");
      return;
    }
    gw_cpu.push_back(g->cpu_us);
    gw_loop_cpu.push_back(g->thread_cpu_us);
    gw_rate.push_back(g->rate);
    cl_cpu.push_back(c->cpu_us);
    cl_rate.push_back(c->rate);
    sender_cpu.push_back(c->sender_cpu_us);
    ratios.push_back(c->cpu_us / g->cpu_us);
    diffs.push_back(c->cpu_us - g->cpu_us);
    members = c->cached_members;
    state.SetIterationTime(c->seconds);
  }
  state.counters["gw_events_per_s"] = median(gw_rate);
  state.counters["gw_cpu_us"] = median(gw_cpu);
  state.counters["gw_loop_cpu_us"] = median(gw_loop_cpu);
  state.counters["client_events_per_s"] = median(cl_rate);
  state.counters["client_cpu_us"] = median(cl_cpu);
  state.counters["client_cpu_us_best"] = *std::min_element(cl_cpu.begin(), cl_cpu.end());
  state.counters["client_vs_gw_cpu"] = median(ratios);
  state.counters["client_minus_gw_cpu_us"] = median(diffs);
  state.counters["sender_cpu_us"] = median(sender_cpu);
  state.counters["cached_members"] = members;
}

// ---------------------------------------------------------------- parts

/// decode_frame() alone on the dispatch text: the codec's share of the gateway's CPU.
void BM_part_decode(benchmark::State& state, Kind k) {
  const Script& s = script(k);
  for (auto _ : state) {
    auto frame = fluxer::gateway::detail::decode_frame(s.json);
    benchmark::DoNotOptimize(frame);
  }
}

fluxer::DispatchEvent decoded(const std::string& json) {
  auto frame = fluxer::gateway::detail::decode_frame(json);
  if (!frame) std::abort();
  return std::move(frame->event);
}

/// Cache::apply alone, as the client calls it (before values collected), on a default
/// cache holding the guild of the GUILD_CREATE; GUILD_MEMBER_ADD with a new user each time.
void BM_part_cache_apply(benchmark::State& state, Kind k) {
  const Script& s = script(k);
  fluxer::Cache cache;
  cache.apply(decoded(s.guild_json));
  fluxer::DispatchEvent ev = decoded(s.json);
  auto* add = std::get_if<fluxer::GuildMemberAdd>(&ev);
  std::uint64_t user = kFirstUser;
  for (auto _ : state) {
    if (add != nullptr) add->member.user->id = fluxer::Snowflake(user++);
    auto update = cache.apply(ev);
    benchmark::DoNotOptimize(update);
  }
  state.counters["cached_members"] = static_cast<double>(cache.stats().members.count);
}

/// The hand-off of ClientCore::on_dispatch alone: the loop thread moves each decoded
/// dispatch into a heap object and posts it to a Strand on a 2-thread pool; the task
/// destroys it. The producer paces itself to `pace_us` of busy work per event (about the
/// gateway's own CPU per event, so the pool drains as fast as in the client and sleeps
/// between events), and that busy work is excluded: reported is process CPU minus the
/// producer's pacing, per event.
void BM_part_handoff(benchmark::State& state, Kind k) {
  const Script& s = script(k);
  const auto pace = std::chrono::microseconds(state.range(0));
  constexpr int kTasks = 20'000;
  const fluxer::DispatchEvent ev = decoded(s.json);
  const auto raw = std::make_shared<const std::string>(s.json);
  double per_event_us = 0;
  for (auto _ : state) {
    auto pool = std::make_shared<fluxer::ThreadPool>(2);
    auto strand = std::make_shared<fluxer::Strand>(pool);
    std::vector<fluxer::gateway::Dispatch> batch(kTasks);
    for (auto& d : batch) {
      d.name = event_of(k);
      d.event = ev;
      d.raw = raw;
    }
    std::atomic<int> done{0};
    std::promise<void> finished;
    std::chrono::nanoseconds paced{};
    const auto cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (auto& d : batch) {
      if (pace.count() > 0) {  // (no clock reads at all when not pacing)
        const auto t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        auto t = t0;
        while (t - t0 < pace) t = clock_ns(CLOCK_THREAD_CPUTIME_ID);
        paced += t - t0;
      }
      auto owned = std::make_unique<fluxer::gateway::Dispatch>(std::move(d));
      strand->post([owned = std::move(owned), &done, &finished]() mutable {
        owned.reset();
        if (done.fetch_add(1) + 1 == kTasks) finished.set_value();
      });
    }
    finished.get_future().wait();
    const auto cpu1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    per_event_us = std::chrono::duration<double, std::micro>(cpu1 - cpu0 - paced).count() / kTasks;
    state.SetIterationTime(per_event_us * kTasks / 1e6);
    pool->shutdown();
  }
  state.counters["handoff_cpu_us"] = per_event_us;
}

const int kRegistered = [] {
  lws_set_log_level(LLL_ERR, nullptr);
  for (Kind k : {Kind::MessageCreate, Kind::GuildMemberAdd}) {
    benchmark::RegisterBenchmark((std::string("BM_client/") + name_of(k)).c_str(), BM_client, k)
        ->Iterations(5)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (Kind k : {Kind::MessageCreate, Kind::GuildMemberAdd}) {
    const std::string n = name_of(k);
    benchmark::RegisterBenchmark(("BM_part/decode/" + n).c_str(), BM_part_decode, k);
    benchmark::RegisterBenchmark(("BM_part/cache_apply/" + n).c_str(), BM_part_cache_apply, k)->Iterations(200'000);
  }
  // Paced at 0 (the pool keeps up only in bursts) and at about the gateway's CPU per event.
  benchmark::RegisterBenchmark("BM_part/handoff/message_create", BM_part_handoff, Kind::MessageCreate)
      ->Arg(0)
      ->Arg(10)
      ->Iterations(3)
      ->UseManualTime();
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
