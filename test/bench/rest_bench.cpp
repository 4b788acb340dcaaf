// REST client benchmark (issue 8). Two parts:
//
// 1. Limits off, emulator on loopback: requests/s and client CPU per request for a small
//    GET (`GET /channels/{id}`) and a message create, through the whole Rest pipeline
//    (futures, limiter, decode included), against raw libcurl multi doing the same requests
//    in the same run. The emulator runs in a forked child process, so the CPU time measured
//    (getrusage of this process) is the client's alone. Target: ours <= 1.5x raw libcurl.
// 2. Limits on, realistic values ([A] fixed windows and [B] leaky buckets; message create
//    20 per 10 s per channel; 50 requests per second for the bot): achieved throughput as a
//    fraction of what the advertised limits allow (target >= 95%) and the 429s received
//    (target: none after the first response of each bucket).
//
// Run from a release build:
//   meson setup build-rel --buildtype=release -Dbenchmarks=true
//   ninja -C build-rel test/bench/fluxer-bench-rest
//   build-rel/test/bench/fluxer-bench-rest [--quick]

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <curl/curl.h>
#include <fmt/format.h>

#include <fluxer/emulator/server.hpp>
#include <fluxer/rest/rest.hpp>
#include <fluxer/version.hpp>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// ---------------------------------------------------------------------------- measuring

/// This process's CPU time so far, user and system, in seconds.
struct CpuTime {
  double user = 0;
  double system = 0;
};
CpuTime cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return {static_cast<double>(u.ru_utime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec) / 1e6,
          static_cast<double>(u.ru_stime.tv_sec) + static_cast<double>(u.ru_stime.tv_usec) / 1e6};
}

struct Sample {
  double wall = 0;    ///< seconds
  double cpu = 0;     ///< seconds, user + system
  double system = 0;  ///< seconds of `cpu` spent in the kernel
  long switches = 0;  ///< voluntary context switches (a thread blocked: a hand-off between threads)
  int requests = 0;
  int failures = 0;
  [[nodiscard]] double per_second() const { return requests / wall; }
  [[nodiscard]] double cpu_us() const { return cpu * 1e6 / requests; }
  [[nodiscard]] double user_us() const { return (cpu - system) * 1e6 / requests; }
  [[nodiscard]] double system_us() const { return system * 1e6 / requests; }
  [[nodiscard]] double switches_per_request() const { return static_cast<double>(switches) / requests; }
};

long voluntary_switches() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_nvcsw;
}

template <class F>
Sample measure(int requests, F&& run) {
  const auto cpu0 = cpu_seconds();
  const long switches0 = voluntary_switches();
  const auto t0 = Clock::now();
  Sample s;
  s.failures = run();
  s.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto cpu1 = cpu_seconds();
  s.cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system);
  s.system = cpu1.system - cpu0.system;
  s.switches = voluntary_switches() - switches0;
  s.requests = requests;
  return s;
}

Sample median(std::vector<Sample> v) {
  std::sort(v.begin(), v.end(), [](const Sample& a, const Sample& b) { return a.cpu_us() < b.cpu_us(); });
  return v[v.size() / 2];
}

// ---------------------------------------------------------------------------- the emulator child

struct Target {
  std::uint16_t port = 0;
  std::string token;
  std::vector<std::string> channels;
  [[nodiscard]] std::string api() const { return fmt::format("http://127.0.0.1:{}/v1", port); }
};

fluxer::emulator::DemoWorld bench_world(int channels, std::vector<fluxer::Snowflake>& ids) {
  auto demo = fluxer::emulator::make_demo_world();
  ids.clear();
  for (int i = 0; i < channels; ++i)
    ids.push_back(demo.world
                      .add_channel(demo.guild_id, fluxer::emulator::ChannelType::GuildText,
                                   "bench-" + std::to_string(i), demo.category_id)
                      .id);
  return demo;
}

fluxer::emulator::ServerOptions quiet_options(fluxer::emulator::ProtocolMode mode, bool limits) {
  fluxer::emulator::ServerOptions o;
  o.mode = mode;
  o.rate_limits = limits;
  o.log_level = fluxer::LogLevel::Off;
  o.log_sink = [](fluxer::LogLevel, std::string_view) {};
  o.request_log_capacity = 100'000;
  o.message_log_capacity = 100;
  return o;
}

/// Forks an emulator (limits off) serving `channels` extra text channels; the child lives
/// until `control` is closed.
pid_t fork_emulator(int channels, Target& target, int& control) {
  int up[2];
  int down[2];
  if (pipe(up) != 0 || pipe(down) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    close(up[0]);
    close(down[1]);
    std::vector<fluxer::Snowflake> ids;
    auto demo = bench_world(channels, ids);
    auto token = demo.bot_token;
    fluxer::emulator::Server server(quiet_options(fluxer::emulator::ProtocolMode::B, false), std::move(demo.world));
    if (!server.start()) _exit(2);
    std::string line = fmt::format("{} {}", server.port(), token);
    for (auto id : ids) line.append(" ").append(id.str());  // (GCC 12 -O3 -Wrestrict false positive on " " + s)
    line += "\n";
    if (write(up[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(3);
    char c;
    while (read(down[0], &c, 1) > 0) {
    }
    server.stop();
    _exit(0);
  }
  close(up[1]);
  close(down[0]);
  control = down[1];
  std::string line;
  char c;
  while (read(up[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(up[0]);
  std::istringstream in(line);
  in >> target.port >> target.token;
  std::string id;
  while (in >> id) target.channels.push_back(id);
  return pid;
}

// ---------------------------------------------------------------------------- raw libcurl multi

std::size_t sink(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

/// `per_channel` requests on each channel, one in flight per channel (as the client's
/// buckets do), with reused easy handles and connections. Returns the failures.
int raw_curl(const Target& t, int per_channel, bool post) {
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8L);
  struct Slot {
    CURL* easy;
    curl_slist* headers;
    std::string url;
    std::string body;
    std::string response;
    int left;
    int sent = 0;
  };
  std::vector<Slot> slots(t.channels.size());
  const std::string auth = "Authorization: Bot " + t.token;
  const std::string agent =
      fmt::format("User-Agent: fluxer-cpp (https://github.com/fluxer-cpp/fluxer, {})", fluxer::kVersion);
  auto prepare = [&](Slot& s) {
    s.response.clear();
    if (post) {
      s.body =
          fmt::format(R"({{"content":"benchmark message {}","nonce":"raw{}x{}"}})", s.sent, &s - slots.data(), s.sent);
      curl_easy_setopt(s.easy, CURLOPT_POSTFIELDS, s.body.c_str());
      curl_easy_setopt(s.easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(s.body.size()));
    }
    ++s.sent;
    curl_multi_add_handle(multi, s.easy);
  };
  for (std::size_t i = 0; i < slots.size(); ++i) {
    auto& s = slots[i];
    s.easy = curl_easy_init();
    s.left = per_channel;
    s.url = t.api() + "/channels/" + t.channels[i] + (post ? "/messages" : "");
    s.headers = curl_slist_append(nullptr, auth.c_str());
    s.headers = curl_slist_append(s.headers, agent.c_str());
    if (post) s.headers = curl_slist_append(s.headers, "Content-Type: application/json");
    s.headers = curl_slist_append(s.headers, "Expect:");
    curl_easy_setopt(s.easy, CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(s.easy, CURLOPT_HTTPHEADER, s.headers);
    curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, &sink);
    curl_easy_setopt(s.easy, CURLOPT_WRITEDATA, &s.response);
    curl_easy_setopt(s.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(s.easy, CURLOPT_PRIVATE, &s);
    prepare(s);
  }
  int failures = 0;
  int running = static_cast<int>(slots.size());
  while (running > 0) {
    int still = 0;
    curl_multi_perform(multi, &still);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      CURL* easy = m->easy_handle;
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      if (m->data.result != CURLE_OK || status != 200) ++failures;
      Slot* s = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &s);
      curl_multi_remove_handle(multi, easy);
      if (--s->left > 0) {
        prepare(*s);
      } else {
        --running;
      }
    }
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  for (auto& s : slots) {
    curl_slist_free_all(s.headers);
    curl_easy_cleanup(s.easy);
  }
  curl_multi_cleanup(multi);
  return failures;
}

// ---------------------------------------------------------------------------- the Rest pipeline

std::vector<fluxer::Snowflake> channel_ids(const Target& t) {
  std::vector<fluxer::Snowflake> ids;
  for (const auto& c : t.channels) ids.push_back(*fluxer::Snowflake::parse(c));
  return ids;
}

int through_rest(fluxer::Rest& rest, const Target& t, int per_channel, bool post) {
  const auto ids = channel_ids(t);
  int failures = 0;
  if (post) {
    std::vector<fluxer::Future<fluxer::Message>> fs;
    fs.reserve(ids.size() * static_cast<std::size_t>(per_channel));
    for (int i = 0; i < per_channel; ++i)
      for (auto id : ids) {
        fluxer::CreateMessage m;
        m.content = fmt::format("benchmark message {}", i);
        fs.push_back(rest.create_message(id, std::move(m)));
      }
    for (auto& f : fs) failures += f.result().ok() ? 0 : 1;
  } else {
    std::vector<fluxer::Future<fluxer::Channel>> fs;
    fs.reserve(ids.size() * static_cast<std::size_t>(per_channel));
    for (int i = 0; i < per_channel; ++i)
      for (auto id : ids) fs.push_back(rest.get_channel(id));
    for (auto& f : fs) failures += f.result().ok() ? 0 : 1;
  }
  return failures;
}

/// The same requests through the callback overloads: the caller blocks once, until the
/// last callback has run (on the callback executor), instead of once per future.
int through_rest_callbacks(fluxer::Rest& rest, const Target& t, int per_channel, bool post) {
  const auto ids = channel_ids(t);
  std::mutex mutex;
  std::condition_variable all_done;
  int left = per_channel * static_cast<int>(ids.size());
  int failures = 0;
  auto done = [&](bool ok) {
    std::lock_guard lock(mutex);
    failures += ok ? 0 : 1;
    if (--left == 0) all_done.notify_one();
  };
  for (int i = 0; i < per_channel; ++i)
    for (auto id : ids) {
      if (post) {
        fluxer::CreateMessage m;
        m.content = fmt::format("benchmark message {}", i);
        rest.create_message(id, std::move(m), {}, [&](fluxer::Result<fluxer::Message> r) { done(r.ok()); });
      } else {
        rest.get_channel(id, [&](fluxer::Result<fluxer::Channel> r) { done(r.ok()); });
      }
    }
  std::unique_lock lock(mutex);
  all_done.wait(lock, [&] { return left == 0; });
  return failures;
}

void part1(bool quick) {
  Target t;
  int control = -1;
  const pid_t child = fork_emulator(8, t, control);
  if (child <= 0 || t.port == 0) {
    fmt::print(stderr, "could not start the emulator child\n");
    std::exit(1);
  }
  fluxer::RestOptions o;
  o.api_base = t.api();
  o.token = t.token;
  o.log_level = fluxer::LogLevel::Warn;
  o.global_limit_per_window = 0;  // limits off on both sides
  fluxer::Rest rest(o);
  const int per_channel = quick ? 100 : 500;
  const int total = per_channel * static_cast<int>(t.channels.size());
  const int rounds = quick ? 3 : 5;

  fmt::print(
      "## Part 1: limits off, emulator on loopback (separate process), {} channels, one request in flight "
      "per channel\n\n",
      t.channels.size());
  fmt::print(
      "| request | client | requests/s | CPU µs/request | CPU ratio (ours / raw) | of which user / kernel µs | "
      "voluntary context switches per request |\n|---|---|---|---|---|---|---|\n");
  for (const bool post : {false, true}) {
    // Warm-up: connections, allocator, the emulator's caches.
    raw_curl(t, 20, post);
    through_rest(rest, t, 20, post);
    through_rest_callbacks(rest, t, 20, post);
    std::vector<Sample> raw;
    std::vector<Sample> ours;
    std::vector<Sample> callbacks;
    for (int r = 0; r < rounds; ++r) {  // interleaved, so all see the same machine load
      raw.push_back(measure(total, [&] { return raw_curl(t, per_channel, post); }));
      ours.push_back(measure(total, [&] { return through_rest(rest, t, per_channel, post); }));
      callbacks.push_back(measure(total, [&] { return through_rest_callbacks(rest, t, per_channel, post); }));
    }
    const auto a = median(raw);
    const auto b = median(ours);
    const auto c = median(callbacks);
    const char* what = post ? "POST /channels/{id}/messages" : "GET /channels/{id}";
    fmt::print("| {} | raw libcurl multi | {:.0f} | {:.1f} | 1.00 | {:.1f} / {:.1f} | {:.2f} |\n", what,
               a.per_second(), a.cpu_us(), a.user_us(), a.system_us(), a.switches_per_request());
    fmt::print("| {} | fluxer::Rest (+ decode) | {:.0f} | {:.1f} | {:.2f} | {:.1f} / {:.1f} | {:.2f} |\n", what,
               b.per_second(), b.cpu_us(), b.cpu_us() / a.cpu_us(), b.user_us(), b.system_us(),
               b.switches_per_request());
    fmt::print("| {} | fluxer::Rest, callback overloads (+ decode) | {:.0f} | {:.1f} | {:.2f} | {:.1f} / {:.1f} | {:.2f} |\n",
               what, c.per_second(), c.cpu_us(), c.cpu_us() / a.cpu_us(), c.user_us(), c.system_us(),
               c.switches_per_request());
    if (a.failures || b.failures || c.failures)
      fmt::print("(failures: raw {}, futures {}, callbacks {})\n", a.failures, b.failures, c.failures);
  }
  close(control);
  int status = 0;
  waitpid(child, &status, 0);
}

// ---------------------------------------------------------------------------- part 2

struct LimitedRun {
  double elapsed = 0;  ///< first submission to last completion, seconds
  double minimum = 0;  ///< the least time the advertised limits allow, seconds
  int completed = 0;
  int rate_limited = 0;
  int rate_limited_after_first = 0;  ///< 429s after the first response of the request's bucket
  int failures = 0;
};

/// The least time the advertised limits allow for `per_channel` requests on each of
/// `channels` channels: a simulation (1 ms steps) of a client that sends the moment both the
/// route bucket (`route_limit` per `route_window` s) and the bot-wide bucket (`global_limit`
/// per second) allow it. Fixed windows ([A]) start at the first request; leaky buckets ([B])
/// hold their limit and drain at limit / window.
double least_time(bool fixed, int channels, int per_channel, int route_limit, double route_window, int global_limit,
                  double global_window) {
  std::vector<int> sent(static_cast<std::size_t>(channels), 0);
  std::vector<double> level(static_cast<std::size_t>(channels), 0);   // leaky: requests in the bucket
  std::vector<int> in_window(static_cast<std::size_t>(channels), 0);  // fixed: sent in the current window
  double global_level = 0;
  int global_in_window = 0;
  const double dt = 0.001;
  int remaining = channels * per_channel;
  for (int step = 0;; ++step) {
    const double t = step * dt;
    if (fixed) {
      if (step > 0 && std::fmod(t + dt / 2, route_window) < dt) std::fill(in_window.begin(), in_window.end(), 0);
      if (step > 0 && std::fmod(t + dt / 2, global_window) < dt) global_in_window = 0;
    }
    for (int c = 0; c < channels; ++c) {
      auto& n = sent[static_cast<std::size_t>(c)];
      while (n < per_channel) {
        const bool route_ok = fixed ? in_window[static_cast<std::size_t>(c)] < route_limit
                                    : level[static_cast<std::size_t>(c)] + 1 <= route_limit + 1e-9;
        const bool global_ok = fixed ? global_in_window < global_limit : global_level + 1 <= global_limit + 1e-9;
        if (!route_ok || !global_ok) break;
        ++n;
        --remaining;
        if (fixed) {
          ++in_window[static_cast<std::size_t>(c)];
          ++global_in_window;
        } else {
          level[static_cast<std::size_t>(c)] += 1;
          global_level += 1;
        }
        if (remaining == 0) return t;
      }
    }
    if (!fixed) {
      for (auto& l : level) l = std::max(0.0, l - route_limit / route_window * dt);
      global_level = std::max(0.0, global_level - global_limit / global_window * dt);
    }
  }
}

/// Sends `per_channel` requests on each of `channels` channels through a Rest client and
/// times them; `message_create` selects the route (20 per 10 s) or GET /channels/{id}
/// (100 per 10 s, so the bot-wide 50/s binds).
LimitedRun limited_run(fluxer::emulator::ProtocolMode mode, int channels, int per_channel, bool message_create) {
  std::vector<fluxer::Snowflake> ids;
  auto demo = bench_world(channels, ids);
  const auto token = demo.bot_token;
  fluxer::emulator::Server server(quiet_options(mode, true), std::move(demo.world));
  if (!server.start()) std::exit(1);
  fluxer::RestOptions o;
  o.api_base = server.api_url();
  o.token = token;
  o.log_level = fluxer::LogLevel::Warn;
  o.call_timeout = std::chrono::minutes(5);
  fluxer::Rest rest(o);
  LimitedRun run;
  const auto t0 = Clock::now();
  std::vector<fluxer::Future<fluxer::Message>> posts;
  std::vector<fluxer::Future<fluxer::Channel>> gets;
  for (int i = 0; i < per_channel; ++i)
    for (auto id : ids) {
      if (message_create) {
        fluxer::CreateMessage m;
        m.content = fmt::format("paced {}", i);
        posts.push_back(rest.create_message(id, std::move(m)));
      } else {
        gets.push_back(rest.get_channel(id));
      }
    }
  for (auto& f : posts) (f.result().ok() ? run.completed : run.failures) += 1;
  for (auto& f : gets) (f.result().ok() ? run.completed : run.failures) += 1;
  run.elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  std::map<std::string, bool> answered;  // bucket (path) -> a response came back already
  for (const auto& e : server.request_log()) {
    if (e.path.rfind("/v1/channels/", 0) != 0) continue;
    if (e.status == 429) {
      ++run.rate_limited;
      if (answered[e.path]) ++run.rate_limited_after_first;
    }
    answered[e.path] = true;
  }
  run.minimum = least_time(mode == fluxer::emulator::ProtocolMode::A, channels, per_channel, message_create ? 20 : 100,
                           10.0, 50, 1.0);
  server.stop();
  return run;
}

void part2(bool quick) {
  fmt::print("\n## Part 2: limits on (real values), emulator in this process\n\n");
  fmt::print(
      "| mode | workload | requests | least time the limits allow | elapsed | throughput / advertised | 429s | "
      "429s after a bucket's first response |\n|---|---|---|---|---|---|---|---|\n");
  struct Case {
    fluxer::emulator::ProtocolMode mode;
    int channels;
    int per_channel;
    bool create;
    const char* what;
  };
  const int msgs = quick ? 30 : 40;
  const int gets = quick ? 4 : 6;
  const Case cases[] = {
      {fluxer::emulator::ProtocolMode::B, 5, msgs, true, "message create, 5 channels (20 per 10 s each)"},
      {fluxer::emulator::ProtocolMode::A, 5, msgs, true, "message create, 5 channels (20 per 10 s each)"},
      {fluxer::emulator::ProtocolMode::B, 60, gets, false, "GET channel, 60 channels (bot-wide 50/s binds)"},
      {fluxer::emulator::ProtocolMode::A, 60, gets, false, "GET channel, 60 channels (bot-wide 50/s binds)"},
  };
  for (const auto& c : cases) {
    const auto r = limited_run(c.mode, c.channels, c.per_channel, c.create);
    fmt::print("| {} | {} | {} ({} failed) | {:.2f} s | {:.2f} s | {:.1f}% | {} | {} |\n",
               c.mode == fluxer::emulator::ProtocolMode::A ? "A" : "B", c.what, r.completed, r.failures, r.minimum,
               r.elapsed, r.elapsed > 0 ? 100.0 * r.minimum / r.elapsed : 0.0, r.rate_limited,
               r.rate_limited_after_first);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const bool only1 = argc > 1 && std::strcmp(argv[argc - 1], "--part1") == 0;
  const bool only2 = argc > 1 && std::strcmp(argv[argc - 1], "--part2") == 0;
  // Fork the emulator before any thread exists (libcurl's global init included).
  if (!only2) part1(quick);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if (!only1) part2(quick);
  curl_global_cleanup();
  return 0;
}
