// Soak with faults: the Client against the emulator for a bounded time while a scripted
// user sends numbered messages and the emulator injects random faults (socket drops,
// zombie connections, op 7, op 9, resumable close codes, 429 storms, 5xx and HTML bodies,
// 503s, slow responses).
//
// Asserts: every numbered message reaches the handler at most once and in order; a message
// missing from the sequence is only allowed where a new session started (the server could
// not replay it: an invalidated session, or a close that forbids resuming) and is reported;
// every REST call completes or fails with a typed error (none hangs); thread count and heap
// stay bounded (the emulator runs in a child process, so both are the client's alone); the
// number of identifies stays within what the faults justify.
//
// Duration: FLUXER_SOAK_SECONDS (default 30, split over the two protocol modes); CI runs
// it for about 3 minutes (`meson test -C build --setup soak --suite soak`).

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/client.hpp>
#include <fluxer/emulator/server.hpp>

namespace fluxer::emulator::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::size_t thread_count() {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    (void)entry;
    ++n;
  }
  return n;
}

std::size_t heap_in_use() {
  const auto info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

std::chrono::seconds soak_duration() {
  if (const char* s = std::getenv("FLUXER_SOAK_SECONDS")) {
    const long v = std::strtol(s, nullptr, 10);
    if (v > 0) return std::chrono::seconds(v);
  }
  return 30s;
}

/// What the bot's handler saw.
struct Seen {
  std::mutex mutex;
  std::vector<long> numbers;            // in arrival order
  std::vector<std::size_t> sessions_at;  // number of READYs seen when each arrived
  std::size_t sessions = 0;              // READY count (new sessions)
};

struct Report {
  std::size_t sent = 0, delivered = 0, duplicates = 0, out_of_order = 0, lost_unreplayable = 0, lost = 0;
  std::map<std::string, std::size_t> faults;
  std::size_t rest_calls = 0, rest_ok = 0, rest_failed = 0, rest_hung = 0;
  std::uint64_t identifies = 0, resumes = 0, connects = 0;
  std::size_t threads_start = 0, threads_end = 0, heap_start = 0, heap_end = 0;
};

/// The emulator in a child process, so that the heap and the threads measured here are the
/// client's alone (the emulator keeps every message it is sent). Forked before this process
/// starts a thread of its own; driven over two pipes, one command per line, each answered with
/// one line. The child also runs the scripted user, who sends numbered messages.
class EmulatorChild {
 public:
  explicit EmulatorChild(ProtocolMode mode) {
    int down[2] = {-1, -1};
    int up[2] = {-1, -1};
    if (::pipe(down) != 0 || ::pipe(up) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(down[1]);
      ::close(up[0]);
      run(mode, down[0], up[1]);  // never returns
    }
    ::close(down[0]);
    ::close(up[1]);
    to_ = ::fdopen(down[1], "w");
    from_ = ::fdopen(up[0], "r");
    if (pid_ < 0 || to_ == nullptr || from_ == nullptr) return;
    // "<api url> <gateway url> <bot token> <channel id>"
    std::istringstream hello(read_line());
    hello >> api_url >> gateway_url >> bot_token >> channel;
  }
  ~EmulatorChild() {
    if (to_ != nullptr) {
      (void)call("quit");
      std::fclose(to_);
    }
    if (from_ != nullptr) std::fclose(from_);
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  EmulatorChild(const EmulatorChild&) = delete;
  EmulatorChild& operator=(const EmulatorChild&) = delete;

  [[nodiscard]] bool ok() const { return !gateway_url.empty(); }

  /// Sends one command and returns the child's answer ("" if it has gone).
  std::string call(const std::string& command) {
    std::fprintf(to_, "%s\n", command.c_str());
    std::fflush(to_);
    return read_line();
  }

  std::string api_url, gateway_url, bot_token;
  std::uint64_t channel = 0;  // #general, where the user posts

 private:
  std::string read_line() {
    char line[1024];
    if (std::fgets(line, sizeof line, from_) == nullptr) return {};
    std::string s(line);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }

  [[noreturn]] static void run(ProtocolMode mode, int in_fd, int out_fd) {
    FILE* in = ::fdopen(in_fd, "r");
    FILE* out = ::fdopen(out_fd, "w");
    auto reply = [out](const std::string& line) {
      std::fprintf(out, "%s\n", line.c_str());
      std::fflush(out);
    };
    ServerOptions so;
    so.mode = mode;
    so.heartbeat_interval = 600ms;
    so.resume_window = 5s;
    so.log_level = LogLevel::Off;
    so.log_sink = [](LogLevel, std::string_view) {};
    so.rate_limit_time_scale = 0.05;  // real limits, windows 20x shorter
    auto demo = make_demo_world();
    const auto channel = demo.general_channel_id;
    const auto human = demo.human_id;
    {
      Server server(so, std::move(demo.world));
      if (!server.start().ok()) {
        reply("");
        ::_exit(1);
      }
      reply(server.api_url() + " " + server.gateway_url() + " " + demo.bot_token + " " +
            std::to_string(channel.value()));
      std::atomic<bool> stop{false};
      std::atomic<long> sent{0};
      std::thread user;
      char line[256];
      while (std::fgets(line, sizeof line, in) != nullptr) {
        std::istringstream command(line);
        std::string op;
        long arg = 0;
        command >> op >> arg;
        if (op == "quit") break;
        if (op == "user") {  // the scripted user: numbered messages, as fast as ~50/s
          user = std::thread([&] {
            long n = 0;
            while (!stop.load()) {
              if (server.send_message(human, channel, "soak " + std::to_string(++n)).ok()) {
                sent.store(n);
              } else {
                --n;
              }
              std::this_thread::sleep_for(20ms);
            }
          });
        } else if (op == "stop-user") {
          stop.store(true);
          if (user.joinable()) user.join();
          reply(std::to_string(sent.load()));
          continue;
        } else if (op == "drop") {
          server.drop_connection();
        } else if (op == "acks") {
          server.set_heartbeat_acks(arg != 0);
        } else if (op == "op7") {
          server.send_reconnect(true);
        } else if (op == "op9") {
          server.invalidate_session();
        } else if (op == "close") {
          server.close_connection(static_cast<std::uint16_t>(arg), "soak");
        } else if (op == "storm") {
          server.rate_limit_storm({.method = "", .path = "/channels/{channel_id}"}, 3, 50ms, arg != 0);
        } else if (op == "html") {
          server.fail_route_html({.method = "GET", .path = "/channels/{channel_id}"}, 502, 2);
        } else if (op == "503") {
          server.service_unavailable({.method = "", .path = "/channels/{channel_id}/messages"}, 2);
        } else if (op == "500") {
          server.fail_route({.method = "GET", .path = "/channels/{channel_id}"}, 500, "INTERNAL_SERVER_ERROR", "soak",
                            1);
        } else if (op == "slow") {
          server.delay_route({.method = "", .path = "/channels/{channel_id}/messages"}, 300ms, 3);
        } else {
          reply("unknown command " + op);
          continue;
        }
        reply("ok");
      }
      stop.store(true);
      if (user.joinable()) user.join();
    }
    reply("bye");
    ::_exit(0);
  }

  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

Report soak(ProtocolMode mode, std::chrono::seconds duration, std::uint64_t seed) {
  Report report;
  EmulatorChild server(mode);
  EXPECT_TRUE(server.ok()) << "the emulator did not start";
  if (!server.ok()) return report;

  ClientOptions co;
  co.api_base = server.api_url;
  co.gateway_url = server.gateway_url;
  co.log_level = LogLevel::Warn;
  co.log_sink = [](LogLevel, std::string_view) {};
  co.callback_threads = 2;
  co.guild_ready_timeout = 2s;
  co.gateway.identify_interval = 50ms;
  co.gateway.reconnect.base = 50ms;
  co.gateway.reconnect.cap = 500ms;
  co.gateway.invalid_session_delay_min = 50ms;
  co.gateway.invalid_session_delay_max = 200ms;
  co.gateway.identify_timeout = 3s;
  co.gateway.random_seed = seed;
  co.rest.call_timeout = 10s;
  co.rest.retry_backoff_base = 20ms;
  co.rest.retry_backoff_cap = 200ms;
  Client client(co);

  Seen seen;
  client.on(events::READY, [&](const RawEvent&) {
    std::lock_guard lock(seen.mutex);
    ++seen.sessions;
  });
  // REST calls made by the bot while faults fly: each must end (ok or typed error).
  std::mutex calls_mutex;
  std::vector<std::pair<Clock::time_point, std::shared_ptr<std::atomic<int>>>> calls;  // 0 pending, 1 ok, 2 error
  client.on_message_create([&](const MessageCreate& e) {
    if (e.message.author.bot || !e.message.content.starts_with("soak ")) return;
    const long n = std::strtol(e.message.content.c_str() + 5, nullptr, 10);
    {
      std::lock_guard lock(seen.mutex);
      seen.numbers.push_back(n);
      seen.sessions_at.push_back(seen.sessions);
    }
    if (n % 10 == 0) {
      auto state = std::make_shared<std::atomic<int>>(0);
      {
        std::lock_guard lock(calls_mutex);
        calls.emplace_back(Clock::now(), state);
      }
      auto done = [state](auto r) { state->store(r.ok() ? 1 : 2); };
      if (n % 20 == 0) {
        client.channels().send(e.message.channel_id, "ack " + std::to_string(n)).then(done);
      } else {
        client.rest().get_channel(e.message.channel_id).then(done);
      }
    }
  });
  std::atomic<bool> ready{false};
  client.on_ready([&](const ClientReady&) { ready.store(true); });
  auto running = client.start(server.bot_token);
  const auto ready_deadline = Clock::now() + 20s;
  while (!ready.load() && Clock::now() < ready_deadline) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(ready.load()) << "the client did not become ready";
  if (!ready.load()) return report;
  report.threads_start = thread_count();
  report.heap_start = heap_in_use();

  server.call("user");

  // The faults.
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const std::vector<std::uint16_t> resumable_codes{1000, 1001, 4000, 4001, 4002, 4003, 4005, 4007, 4008, 4009};
  const auto end = Clock::now() + duration;
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + pick(900)));
    switch (pick(10)) {
      case 0:
        server.call("drop");
        ++report.faults["drop"];
        break;
      case 1:
        server.call("acks 0");
        std::this_thread::sleep_for(1500ms);  // the client must see a zombie and resume
        server.call("acks 1");
        ++report.faults["zombie"];
        break;
      case 2:
        server.call("op7");
        ++report.faults["op7"];
        break;
      case 3:
        server.call("op9");
        ++report.faults["op9"];
        break;
      case 4: {
        const auto code = resumable_codes[static_cast<std::size_t>(pick(static_cast<int>(resumable_codes.size())))];
        server.call("close " + std::to_string(code));
        ++report.faults["close " + std::to_string(code)];
        break;
      }
      case 5:
        server.call(pick(4) == 0 ? "storm 1" : "storm 0");
        ++report.faults["429 storm"];
        break;
      case 6:
        server.call("html");
        ++report.faults["502 html"];
        break;
      case 7:
        server.call("503");
        ++report.faults["503"];
        break;
      case 8:
        server.call("500");
        ++report.faults["500"];
        break;
      case 9:
        server.call("slow");
        ++report.faults["slow"];
        break;
    }
  }
  const long sent = std::strtol(server.call("stop-user").c_str(), nullptr, 10);
  report.sent = static_cast<std::size_t>(sent);

  // Let the last messages arrive (deadline), then check.
  const auto settle = Clock::now() + 15s;
  while (Clock::now() < settle) {
    {
      std::lock_guard lock(seen.mutex);
      if (!seen.numbers.empty() && seen.numbers.back() == sent) break;
    }
    std::this_thread::sleep_for(20ms);
  }
  // Every REST call ends within its call timeout.
  const auto calls_deadline = Clock::now() + 15s;
  for (;;) {
    std::size_t pending = 0;
    {
      std::lock_guard lock(calls_mutex);
      for (const auto& [at, st] : calls) pending += st->load() == 0 ? 1 : 0;
    }
    if (pending == 0 || Clock::now() > calls_deadline) break;
    std::this_thread::sleep_for(20ms);
  }
  {
    std::lock_guard lock(calls_mutex);
    report.rest_calls = calls.size();
    for (const auto& [at, st] : calls) {
      const int v = st->load();
      report.rest_ok += v == 1 ? 1 : 0;
      report.rest_failed += v == 2 ? 1 : 0;
      report.rest_hung += v == 0 ? 1 : 0;
    }
  }
  if (auto status = client.shard_status(0)) {
    report.identifies = status->identifies;
    report.resumes = status->resumes;
    report.connects = status->connects;
  }
  report.threads_end = thread_count();
  report.heap_end = heap_in_use();

  // Exactly once, in order; gaps only across a new session.
  {
    std::lock_guard lock(seen.mutex);
    long last = 0;
    std::size_t last_session = seen.sessions_at.empty() ? 0 : seen.sessions_at.front();
    std::vector<long> sorted = seen.numbers;
    std::sort(sorted.begin(), sorted.end());
    report.duplicates = static_cast<std::size_t>(sorted.end() - std::unique(sorted.begin(), sorted.end()));
    for (std::size_t i = 0; i < seen.numbers.size(); ++i) {
      const long n = seen.numbers[i];
      if (n <= last) {
        ++report.out_of_order;
        continue;
      }
      if (n != last + 1) {
        const auto missing = static_cast<std::size_t>(n - last - 1);
        if (seen.sessions_at[i] != last_session) {
          report.lost_unreplayable += missing;
        } else {
          report.lost += missing;
          ADD_FAILURE() << "messages " << last + 1 << ".." << n - 1 << " lost within one session";
        }
      }
      last = n;
      last_session = seen.sessions_at[i];
    }
    report.delivered = seen.numbers.size();
    if (last < sent) {
      ADD_FAILURE() << "the last " << sent - last << " message(s) never arrived";
    }
  }
  client.destroy();
  EXPECT_TRUE(running.result().ok());
  return report;
}

void print(const char* mode, const Report& r, std::chrono::seconds duration) {
  std::printf("[soak %s] %llds: sent %zu, delivered %zu, duplicates %zu, out of order %zu, lost (not replayable: new "
              "session) %zu, lost (error) %zu\n",
              mode, static_cast<long long>(duration.count()), r.sent, r.delivered, r.duplicates, r.out_of_order,
              r.lost_unreplayable, r.lost);
  std::printf("[soak %s] faults:", mode);
  std::size_t total = 0;
  for (const auto& [name, n] : r.faults) {
    std::printf(" %s=%zu", name.c_str(), n);
    total += n;
  }
  std::printf(" (total %zu)\n", total);
  std::printf("[soak %s] REST calls %zu: ok %zu, typed error %zu, hung %zu\n", mode, r.rest_calls, r.rest_ok,
              r.rest_failed, r.rest_hung);
  std::printf("[soak %s] gateway: connects %llu, identifies %llu, resumes %llu\n", mode,
              static_cast<unsigned long long>(r.connects), static_cast<unsigned long long>(r.identifies),
              static_cast<unsigned long long>(r.resumes));
  std::printf("[soak %s] threads %zu -> %zu, heap %zu KiB -> %zu KiB\n", mode, r.threads_start, r.threads_end,
              r.heap_start / 1024, r.heap_end / 1024);
  std::fflush(stdout);
}

void check(const Report& r) {
  EXPECT_GT(r.delivered, 0u);
  EXPECT_EQ(r.duplicates, 0u);
  EXPECT_EQ(r.out_of_order, 0u);
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.rest_hung, 0u);
  EXPECT_LE(r.threads_end, r.threads_start + 2);
  // The heap is the client's alone (the emulator runs in a child process) and the message
  // cache is off by default: nothing here should grow with the number of messages. 8 MiB
  // is far above the noise (~0.2 MiB in 15 s) and below a leak of 1 KiB per message.
  EXPECT_LE(r.heap_end, r.heap_start + (8U << 20U));
  // Identifies: the first, plus at most one per fault that forbids resuming (op 9, 4007,
  // an expired or refused resume after a close), plus identifies lost to a later fault.
  std::size_t fresh = 1;
  for (const auto& [name, n] : r.faults) {
    if (name == "op9" || name == "close 4007") fresh += 2 * n;
  }
  fresh += r.faults.count("drop") ? r.faults.at("drop") : 0;
  EXPECT_LE(r.identifies, fresh + 3) << "more identifies than the faults justify";
}

TEST(Soak, ModeA) {
  const auto d = soak_duration() / 2;
  auto r = soak(ProtocolMode::A, d, 0xA11CE);
  print("A", r, d);
  check(r);
}

TEST(Soak, ModeB) {
  const auto d = soak_duration() - soak_duration() / 2;
  auto r = soak(ProtocolMode::B, d, 0xB0B);
  print("B", r, d);
  check(r);
}

}  // namespace
}  // namespace fluxer::emulator::test
