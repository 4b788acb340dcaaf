// Gateway throughput on loopback, against a baseline measured in the same run.
//
//   BM_loopback/<variant>   five pairs of runs, each pair: first a bare libwebsockets client
//                           that only counts frames (the baseline), then
//                           fluxer::gateway::Gateway (frames decompressed, envelopes parsed,
//                           events decoded into DispatchEvent, sequence numbers checked, the
//                           raw `d` shared, a no-op handler called)
//
// Variants: plain (text frames), zstd_b (one zstd stream, [B]), zstd_a (one zstd frame per
// message, [A]). A loopback sender thread (gateway_loopback.hpp) pushes pre-encoded ~1 KB
// MESSAGE_CREATE dispatches as fast as the socket takes them. Reported, as medians over the
// pairs: events per second (wall time from the first to the last event) and CPU per event
// (CPU time of the client's loop thread only, CLOCK_THREAD_CPUTIME_ID) of each client
// (bare_*, gw_*), gw_vs_bare_cpu (median of the per-pair ratios) and gw_cpu_us_best (the
// least disturbed gateway run).
//
//   BM_decode_frame         decode_frame() alone on the same text (the codec's share)
//   BM_idle_shard_memory/<variant>  memory per idle connected shard, against a
//                           fluxer-emulator process: a forked child runs a gateway with 1
//                           shard, another one with 101 shards; per shard = the difference of
//                           their growth / 100, for the resident set (RSS) and for the bytes
//                           the allocator handed out (heap; includes allocated but untouched
//                           pages, e.g. a zstd window).

#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <libwebsockets.h>
#include <zstd.h>

#include <fluxer/gateway/gateway.hpp>

#include "../unit/model/fixtures.hpp"
#include "gateway/frame.hpp"
#include "gateway_loopback.hpp"
#include "model/json.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using fluxer::bench::LoopbackSender;
using fluxer::bench::ws_frame;

enum class Variant { Plain, ZstdB, ZstdA };
const char* name_of(Variant v) {
  return v == Variant::Plain ? "plain" : v == Variant::ZstdB ? "zstd_b" : "zstd_a";
}

constexpr int kPlainEvents = 200'000;
constexpr int kZstdEvents = 100'000;
constexpr std::uint64_t kFirstSeq = 100'000'000;  // fixed width: 9 digits

std::chrono::nanoseconds thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds{ts.tv_sec} + std::chrono::nanoseconds{ts.tv_nsec};
}

// ---------------------------------------------------------------- payloads

const std::string& message_d() {
  static const std::string d = [] {
    rapidjson::Document doc;
    doc.Parse(fixtures::kMessageCreate.data(), fixtures::kMessageCreate.size());
    return fluxer::mjson::to_text(doc);
  }();
  return d;
}

std::string dispatch_json(std::uint64_t seq) {
  return R"({"op":0,"t":"MESSAGE_CREATE","s":)" + std::to_string(seq) + R"(,"d":)" + message_d() + "}";
}

/// The same message with its own id, nonce and content (random words), so that a zstd
/// stream cannot compress consecutive events down to nothing, as it would identical ones.
std::string varied_dispatch_json(std::uint64_t seq, std::mt19937_64& rng) {
  static const char* words[] = {"the",    "build",  "is",     "green", "again",   "deploy",  "tonight", "who",
                                "broke",  "main",   "please", "check", "logs",    "ping",    "pong",    "lunch",
                                "review", "merged", "flaky",  "test",  "retry",   "network", "down",    "up",
                                "cache",  "miss",   "hit",    "shard", "gateway", "resume",  "ok",      "thanks"};
  std::string d = message_d();
  auto replace = [&](const std::string& from, const std::string& to) {
    if (auto at = d.find(from); at != std::string::npos) d.replace(at, from.size(), to);
  };
  const std::uint64_t id = 1400000000000003001ULL + seq * 4096 + (rng() & 4095);
  replace("\"1400000000000003001\"", "\"" + std::to_string(id) + "\"");
  replace("\"1400000000000003000\"", "\"" + std::to_string(id - 1) + "\"");
  std::string content;
  const int n = 8 + static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) {
    if (i) content += ' ';
    content += words[rng() % (sizeof words / sizeof *words)];
  }
  const auto c0 = d.find("\"content\":\"") + 11;
  d.replace(c0, d.find('"', c0) - c0, content);
  return R"({"op":0,"t":"MESSAGE_CREATE","s":)" + std::to_string(seq) + R"(,"d":)" + d + "}";
}

const std::string kHello = R"({"op":10,"d":{"heartbeat_interval":60000}})";
const std::string kReady =
    R"({"op":0,"t":"READY","s":1,"d":{"session_id":"0123456789abcdef0123456789abcdef","version":1,)"
    R"("user":{"id":"1400000000000000100","username":"bench","discriminator":"0001","bot":true},"guilds":[]}})";

/// Everything the sender sends for one connection: HELLO, READY, the dispatches.
struct Script {
  std::string hello;
  std::string ready;
  int events = 0;
  std::string frames;  // pre-built (zstd); empty for plain (generated while sending)
};

std::string zstd_stream_message(ZSTD_CStream* cs, std::string_view json) {
  std::string out(ZSTD_compressBound(json.size()) + 64, '\0');
  ZSTD_inBuffer in{json.data(), json.size(), 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  while (ZSTD_compressStream2(cs, &o, &in, ZSTD_e_flush) != 0) {
  }
  out.resize(o.pos);
  return out;
}

std::string zstd_frame(std::string_view json) {
  std::string out(ZSTD_compressBound(json.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), json.data(), json.size(), 3));
  return out;
}

const Script& script(Variant v) {
  static std::map<Variant, Script> cache;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto it = cache.find(v);
  if (it != cache.end()) return it->second;
  Script s;
  if (v == Variant::Plain) {
    s.hello = ws_frame(kHello, false);
    s.ready = ws_frame(kReady, false);
    s.events = kPlainEvents;
  } else if (v == Variant::ZstdB) {
    ZSTD_CStream* cs = ZSTD_createCStream();
    ZSTD_CCtx_setParameter(cs, ZSTD_c_compressionLevel, 3);
    s.hello = ws_frame(zstd_stream_message(cs, kHello), true);
    s.ready = ws_frame(zstd_stream_message(cs, kReady), true);
    s.events = kZstdEvents;
    std::mt19937_64 rng(7);
    for (int i = 0; i < s.events; ++i)
      s.frames +=
          ws_frame(zstd_stream_message(cs, varied_dispatch_json(kFirstSeq + static_cast<std::uint64_t>(i), rng)), true);
    ZSTD_freeCStream(cs);
  } else {
    s.hello = ws_frame(zstd_frame(kHello), true);
    s.ready = ws_frame(zstd_frame(kReady), true);
    s.events = kZstdEvents;
    std::mt19937_64 rng(7);
    for (int i = 0; i < s.events; ++i)
      s.frames += ws_frame(zstd_frame(varied_dispatch_json(kFirstSeq + static_cast<std::uint64_t>(i), rng)), true);
  }
  std::fprintf(
      stderr, "%s: %d dispatches, %zu bytes of frames (%.0f bytes per event on the wire)\n", name_of(v), s.events,
      s.frames.size(),
      s.frames.empty() ? double(ws_frame(dispatch_json(kFirstSeq), false).size()) : double(s.frames.size()) / s.events);
  return cache.emplace(v, std::move(s)).first->second;
}

fluxer::bench::Blast blast_for(const Script& s) {
  if (!s.frames.empty()) {
    return [&s](const std::function<bool(std::string_view)>& write) {
      // In slices, so the sender does not hand the kernel 50 MB at once.
      constexpr std::size_t kSlice = 256 * 1024;
      for (std::size_t pos = 0; pos < s.frames.size(); pos += kSlice)
        if (!write(std::string_view(s.frames).substr(pos, kSlice))) return;
    };
  }
  return [events = s.events](const std::function<bool(std::string_view)>& write) {
    // Plain: one template frame, the fixed-width seq patched per frame, 64 frames a write.
    const std::string frame = ws_frame(dispatch_json(kFirstSeq), false);
    const std::size_t seq_at = frame.find(std::to_string(kFirstSeq));
    constexpr int kBatch = 64;
    std::string batch;
    batch.reserve(frame.size() * kBatch);
    for (int sent = 0; sent < events;) {
      batch.clear();
      for (int i = 0; i < kBatch && sent < events; ++i, ++sent) {
        const std::size_t at = batch.size();
        batch += frame;
        auto digits = std::to_string(kFirstSeq + static_cast<std::uint64_t>(sent));
        std::memcpy(batch.data() + at + seq_at, digits.data(), digits.size());
      }
      if (!write(batch)) return;
    }
  };
}

// ---------------------------------------------------------------- measuring

/// Counted on the client's loop thread.
struct Meter {
  int target = 0;
  int count = 0;
  std::chrono::nanoseconds cpu0{}, cpu1{};
  std::chrono::steady_clock::time_point wall0{}, wall1{};
  std::promise<void> done;

  void event() {
    ++count;
    if (count == 1) {
      cpu0 = thread_cpu();
      wall0 = std::chrono::steady_clock::now();
    }
    if (count == target) {
      cpu1 = thread_cpu();
      wall1 = std::chrono::steady_clock::now();
      done.set_value();
    }
  }
  [[nodiscard]] double seconds() const { return std::chrono::duration<double>(wall1 - wall0).count(); }
  [[nodiscard]] double cpu_us_per_event() const {
    return std::chrono::duration<double, std::micro>(cpu1 - cpu0).count() / (target - 1);
  }
  [[nodiscard]] double events_per_s() const { return (target - 1) / seconds(); }
};

/// What one run measured.
struct Sample {
  double cpu_us = 0;  ///< client loop thread CPU per event
  double rate = 0;    ///< events per second, first to last event
  double seconds = 0;
};

Sample sample_of(const Meter& m) {
  return Sample{m.cpu_us_per_event(), m.events_per_s(), m.seconds()};
}

// ---------------------------------------------------------------- the bare client

struct BareClient {
  Meter* meter = nullptr;
  int frames = 0;
  bool sent = false;
  bool finished = false;
  lws* wsi = nullptr;

  static int callback(lws* wsi, lws_callback_reasons reason, void*, void* in, std::size_t len) {
    auto* self = static_cast<BareClient*>(lws_context_user(lws_get_context(wsi)));
    (void)in;
    (void)len;
    switch (reason) {
      case LWS_CALLBACK_CLIENT_ESTABLISHED: lws_callback_on_writable(wsi); break;
      case LWS_CALLBACK_CLIENT_WRITEABLE:
        if (!self->sent) {
          unsigned char buf[LWS_PRE + 2];
          buf[LWS_PRE] = '{';
          buf[LWS_PRE + 1] = '}';
          lws_write(wsi, buf + LWS_PRE, 2, LWS_WRITE_TEXT);
          self->sent = true;
        }
        if (self->finished) return -1;
        break;
      case LWS_CALLBACK_CLIENT_RECEIVE:
        // Count dispatches: every complete message after HELLO and READY.
        if (lws_is_final_fragment(wsi) && ++self->frames > 2 && self->meter->count < self->meter->target)
          self->meter->event();
        break;
      case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
      case LWS_CALLBACK_CLIENT_CLOSED: self->finished = true; break;
      default: break;
    }
    return 0;
  }
};

std::optional<Sample> run_bare(const Script& s) {
  LoopbackSender sender(s.hello, s.ready, blast_for(s));
  Meter meter;
  meter.target = s.events;
  auto done = meter.done.get_future();
  BareClient client;
  client.meter = &meter;
  static const lws_protocols protocols[] = {{"bare", &BareClient::callback, 0, 8192, 0, nullptr, 0},
                                            {nullptr, nullptr, 0, 0, 0, nullptr, 0}};
  lws_context_creation_info info{};
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = protocols;
  info.user = &client;
  info.fd_limit_per_thread = 16;
  info.pt_serv_buf_size = 65536;
  lws_context* ctx = lws_create_context(&info);
  lws_client_connect_info ci{};
  ci.context = ctx;
  ci.address = "127.0.0.1";
  ci.port = sender.port();
  ci.path = "/gateway?v=1&encoding=json";
  ci.host = "127.0.0.1";
  ci.origin = "127.0.0.1";
  ci.local_protocol_name = "bare";
  ci.ietf_version_or_minus_one = -1;
  client.wsi = lws_client_connect_via_info(&ci);
  std::thread loop([&] {
    while (!client.finished && done.wait_for(0s) != std::future_status::ready) lws_service(ctx, 0);
  });
  const bool ok = done.wait_for(120s) == std::future_status::ready;
  client.finished = true;
  lws_cancel_service(ctx);
  loop.join();
  lws_context_destroy(ctx);
  if (!ok) return std::nullopt;
  return sample_of(meter);
}

// ---------------------------------------------------------------- the gateway

std::optional<Sample> run_gateway(const Script& s, Variant v) {
  fluxer::Logger log([](fluxer::LogLevel, std::string_view) {}, fluxer::LogLevel::Warn);
  LoopbackSender sender(s.hello, s.ready, blast_for(s));
  Meter meter;
  meter.target = s.events;
  auto done = meter.done.get_future();
  fluxer::gateway::GatewayOptions o;
  o.token = "1400000000000000100.benchmarkbenchmarkbenchmarkbenchmarkbenchm";
  o.url = sender.url();
  o.compression = v == Variant::Plain ? fluxer::gateway::Compression::None : fluxer::gateway::Compression::ZstdStream;
  o.identify_interval = 0ms;
  o.random_seed = 1;
  fluxer::gateway::GatewayHandlers h;
  h.on_dispatch = [&meter](fluxer::gateway::Dispatch&& d) {
    if (d.name == "MESSAGE_CREATE") meter.event();
  };
  fluxer::gateway::Gateway gateway(o, std::move(h), log);
  if (!gateway.start().ok()) return std::nullopt;
  const bool ok = done.wait_for(120s) == std::future_status::ready;
  gateway.stop();
  if (!ok) return std::nullopt;
  return sample_of(meter);
}

/// Bare client and gateway alternately, `state.iterations()` pairs: on a machine whose load
/// drifts, each pair sees about the same conditions, so the ratio stays meaningful.
void BM_loopback(benchmark::State& state, Variant v) {
  const Script& s = script(v);
  std::vector<Sample> bare, gw;
  std::vector<double> ratios;
  for (auto _ : state) {
    auto b = run_bare(s);
    auto g = run_gateway(s, v);
    if (!b || !g) {
      state.SkipWithError("not every event arrived");
      return;
    }
    bare.push_back(*b);
    gw.push_back(*g);
    ratios.push_back(g->cpu_us / b->cpu_us);
    state.SetIterationTime(g->seconds);
  }
  auto median = [](std::vector<double> x) {
    std::sort(x.begin(), x.end());
    return x[x.size() / 2];
  };
  auto field = [](const std::vector<Sample>& samples, double Sample::*f) {
    std::vector<double> out;
    for (const auto& x : samples) out.push_back(x.*f);
    return out;
  };
  state.counters["bare_cpu_us"] = median(field(bare, &Sample::cpu_us));
  state.counters["bare_events_per_s"] = median(field(bare, &Sample::rate));
  state.counters["gw_cpu_us"] = median(field(gw, &Sample::cpu_us));
  state.counters["gw_events_per_s"] = median(field(gw, &Sample::rate));
  state.counters["gw_vs_bare_cpu"] = median(ratios);
  const auto gw_cpu = field(gw, &Sample::cpu_us);
  state.counters["gw_cpu_us_best"] = *std::min_element(gw_cpu.begin(), gw_cpu.end());
}

// ---------------------------------------------------------------- decode alone

/// decode_frame() on the benchmark's frame text: the envelope parse and the typed decode
/// that BM_gateway includes (the share of its CPU that belongs to the codec).
void BM_decode_frame(benchmark::State& state) {
  const std::string text = dispatch_json(kFirstSeq);
  for (auto _ : state) {
    auto frame = fluxer::gateway::detail::decode_frame(text);
    benchmark::DoNotOptimize(frame);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// ---------------------------------------------------------------- memory per idle shard

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

/// A fluxer-emulator process (mode B, 60 s heartbeats) and the settings it printed.
class EmulatorProcess {
 public:
  EmulatorProcess() {
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const char* argv[] = {FLUXER_EMULATOR_BINARY, "--port", "0",           "--mode", "b",
                          "--heartbeat-ms",       "60000",  "--log-level", "off",    nullptr};
    if (posix_spawn(&pid_, FLUXER_EMULATOR_BINARY, &actions, nullptr, const_cast<char**>(argv), environ) != 0)
      pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[1024];
    while (f != nullptr && fgets(line, sizeof line, f) != nullptr && (url.empty() || token.empty())) {
      std::string l(line);
      while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
      if (l.rfind("FLUXER_GATEWAY_URL=", 0) == 0) url = l.substr(19);
      if (l.rfind("FLUXER_TOKEN=", 0) == 0) token = l.substr(13);
    }
    if (f != nullptr) fclose(f);
  }
  ~EmulatorProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  std::string url;
  std::string token;

 private:
  pid_t pid_ = -1;
};

/// Bytes the allocator has handed out (in use), heap and mmap'd blocks.
std::size_t heap_bytes() {
  const auto mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

std::size_t rss_with_shards(const EmulatorProcess& emu, int shards, bool zstd, bool& ok, std::size_t* heap = nullptr) {
  fluxer::Logger log([](fluxer::LogLevel, std::string_view) {}, fluxer::LogLevel::Warn);
  std::mutex m;
  std::condition_variable cv;
  int ready = 0;
  fluxer::gateway::GatewayOptions o;
  o.token = emu.token;
  o.url = emu.url;
  o.shard_count = shards;
  o.identify_interval = 0ms;
  o.compression = zstd ? fluxer::gateway::Compression::ZstdStream : fluxer::gateway::Compression::None;
  fluxer::gateway::GatewayHandlers h;
  h.on_shard_event = [&](const fluxer::gateway::ShardEvent& e) {
    if (e.kind != fluxer::gateway::ShardEvent::Kind::Ready) return;
    std::lock_guard lock(m);
    ++ready;
    cv.notify_all();
  };
  fluxer::gateway::Gateway gateway(o, std::move(h), log);
  ok = gateway.start().ok();
  std::unique_lock lock(m);
  ok = ok && cv.wait_for(lock, 60s, [&] { return ready == shards; });
  lock.unlock();
  const std::size_t rss = rss_bytes();
  if (heap != nullptr) *heap = heap_bytes();
  gateway.stop();
  return rss;
}

/// RSS growth of a fresh child process that runs `shards` idle shards (fork(), so every
/// measurement starts from the same heap and none reuses what another one freed).
struct Growth {
  double rss;
  double heap;
};

std::optional<Growth> rss_growth_in_child(const EmulatorProcess& emu, int shards, bool zstd) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    close(fds[0]);
    malloc_trim(0);  // free heap pages of the parent must not be reused unnoticed
    const auto before = rss_bytes();
    const auto heap_before = heap_bytes();
    bool ok = false;
    std::size_t heap_during = 0;
    const auto during = rss_with_shards(emu, shards, zstd, ok, &heap_during);
    Growth g{ok ? static_cast<double>(during) - static_cast<double>(before) : -1.0,
             static_cast<double>(heap_during) - static_cast<double>(heap_before)};
    (void)!write(fds[1], &g, sizeof g);
    _exit(0);
  }
  close(fds[1]);
  Growth g{-1.0, 0.0};
  const bool got = read(fds[0], &g, sizeof g) == static_cast<ssize_t>(sizeof g);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got || g.rss < 0) return std::nullopt;
  return g;
}

void BM_idle_shard_memory(benchmark::State& state, bool zstd) {
  EmulatorProcess emu;
  if (emu.url.empty() || emu.token.empty()) {
    state.SkipWithError("could not start fluxer-emulator");
    return;
  }
  constexpr int kShards = 101;
  double per_shard = 0;
  double heap_per_shard = 0;
  double fixed = 0;
  for (auto _ : state) {
    const auto one = rss_growth_in_child(emu, 1, zstd);
    const auto many = rss_growth_in_child(emu, kShards, zstd);
    if (!one || !many) {
      state.SkipWithError("not every shard became READY");
      return;
    }
    per_shard = (many->rss - one->rss) / (kShards - 1);
    fixed = one->rss - per_shard;
    heap_per_shard = (many->heap - one->heap) / (kShards - 1);
    state.SetIterationTime(1);
  }
  state.counters["rss_KiB_per_idle_shard"] = per_shard / 1024.0;
  state.counters["heap_KiB_per_idle_shard"] = heap_per_shard / 1024.0;
  state.counters["rss_KiB_fixed"] = fixed / 1024.0;
}

const int kRegistered = [] {
  lws_set_log_level(LLL_ERR, nullptr);
  // Memory first: measured in children forked from a process that has not run anything yet.
  benchmark::RegisterBenchmark("BM_idle_shard_memory/plain", BM_idle_shard_memory, false)
      ->Iterations(1)
      ->UseManualTime();
  benchmark::RegisterBenchmark("BM_idle_shard_memory/zstd", BM_idle_shard_memory, true)->Iterations(1)->UseManualTime();
  benchmark::RegisterBenchmark("BM_decode_frame/message_create", BM_decode_frame);
  for (Variant v : {Variant::Plain, Variant::ZstdB, Variant::ZstdA}) {
    benchmark::RegisterBenchmark((std::string("BM_loopback/") + name_of(v)).c_str(), BM_loopback, v)
        ->Iterations(5)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
