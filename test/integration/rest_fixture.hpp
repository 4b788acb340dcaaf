#pragma once
// Shared helpers of the Rest client's integration tests: an emulator world in which the bot
// may do everything (an Administrator role, a guild of its own, two more humans), waiting
// on futures with a deadline, log capture, and a TCP proxy that drops connections.

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fluxer/emulator/server.hpp>
#include <fluxer/rest/rest.hpp>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {

inline constexpr auto kWait = std::chrono::seconds(30);

/// The demo world plus: the bot holds an Administrator role (above Moderators), owns a
/// guild of its own, and two humans (bob, carol) are members of the demo guild.
struct RestEmu {
  DemoWorld demo;
  Snowflake admin_role_id;
  Snowflake bot_guild_id;
  Snowflake bot_guild_channel_id;
  Snowflake bob_id;
  Snowflake carol_id;
  std::string bob_token;
  std::unique_ptr<Server> server;

  explicit RestEmu(ServerOptions options, const std::function<void(RestEmu&, World&)>& extra = {})
      : demo(make_demo_world()) {
    World world = std::move(demo.world);
    auto& admin = world.add_role(demo.guild_id, "Admins", permission::kAdministrator);
    admin_role_id = admin.id;
    world.add_member(demo.guild_id, demo.bot_user_id).roles.push_back(admin_role_id);
    auto& bob = world.add_user("bob");
    bob_id = bob.id;
    bob_token = world.user_token(bob.id);
    carol_id = world.add_user("carol").id;
    world.add_member(demo.guild_id, bob_id);
    world.add_member(demo.guild_id, carol_id);
    auto& own = world.add_guild("Bot Guild", demo.bot_user_id);
    bot_guild_id = own.id;
    bot_guild_channel_id = world.add_channel(own.id, ChannelType::GuildText, "bot-only").id;
    if (extra) extra(*this, world);
    server = std::make_unique<Server>(std::move(options), std::move(world));
    auto started = server->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().to_string());
  }

  [[nodiscard]] ProtocolMode mode() const { return server->options().mode; }

  /// Options of a Rest client talking to this emulator.
  [[nodiscard]] RestOptions rest_options() const {
    RestOptions o;
    o.api_base = server->api_url();
    o.token = demo.bot_token;
    o.call_timeout = std::chrono::seconds(20);
    o.log_sink = [](LogLevel, std::string_view) {};
    return o;
  }
  /// Requests the emulator logged that match `method` and contain `path_part`.
  [[nodiscard]] std::vector<RequestLogEntry> logged(const std::string& method, const std::string& path_part) const {
    std::vector<RequestLogEntry> out;
    for (auto& e : server->request_log())
      if (e.method == method && e.path.find(path_part) != std::string::npos) out.push_back(std::move(e));
    return out;
  }
};

/// The result of a future, waiting at most kWait (a Timeout error when it does not come).
template <class T>
Result<T> await(Future<T>&& f) {
  if (!f.wait_for(kWait)) return Error(ErrorKind::Timeout, "the test's deadline passed", "TEST_DEADLINE");
  return f.result();
}

/// The value of a future that must succeed (fails the test otherwise).
template <class T>
T must(Future<T>&& f, const char* what = "") {
  auto r = await(std::move(f));
  if (!r) ADD_FAILURE() << what << ": " << r.error().to_string();
  if constexpr (!std::is_void_v<T>) {
    if (!r) return T{};
    return std::move(*r);
  }
}

/// The error of a future that must fail.
template <class T>
Error must_fail(Future<T>&& f, const char* what = "") {
  auto r = await(std::move(f));
  if (r) {
    ADD_FAILURE() << what << ": succeeded";
    return Error{};
  }
  return std::move(r).error();
}

/// Log lines kept for assertions.
struct LogLines {
  std::mutex mutex;
  std::vector<std::string> lines;
  LogSink sink() {
    return [this](LogLevel, std::string_view m) {
      std::lock_guard lock(mutex);
      lines.emplace_back(m);
    };
  }
  bool any_contains(const std::string& needle) {
    std::lock_guard lock(mutex);
    for (const auto& l : lines)
      if (l.find(needle) != std::string::npos) return true;
    return false;
  }
};

/// A TCP proxy on 127.0.0.1 in front of the emulator. While `drops` > 0, a connection whose
/// current request contains `marker` is closed as soon as the server starts answering it:
/// the request was processed, the client never sees the response.
class DroppingProxy {
 public:
  DroppingProxy(std::uint16_t upstream_port, std::string marker, int drops)
      : upstream_(upstream_port), marker_(std::move(marker)), drops_(drops) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~DroppingProxy() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    acceptor_.join();
    for (auto& t : pumps_) t.join();
  }
  DroppingProxy(const DroppingProxy&) = delete;
  DroppingProxy& operator=(const DroppingProxy&) = delete;

  [[nodiscard]] std::string api_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  [[nodiscard]] int dropped() const { return dropped_.load(); }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(upstream_);
      if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(client);
        ::close(server);
        continue;
      }
      pumps_.emplace_back([this, client, server] { pump(client, server); });
    }
  }

  void pump(int client, int server) {
    std::string request;  // client bytes since the last response started
    bool answering = false;
    char buf[16384];
    while (!stop_) {
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      if (::poll(fds, 2, 50) <= 0) continue;
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        const auto n = ::recv(client, buf, sizeof buf, 0);
        if (n <= 0) break;
        if (answering) {
          request.clear();
          answering = false;
        }
        request.append(buf, static_cast<std::size_t>(n));
        if (::send(server, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
      }
      if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
        const auto n = ::recv(server, buf, sizeof buf, 0);
        if (n <= 0) break;
        if (!answering && request.find(marker_) != std::string::npos && drops_.fetch_sub(1) > 0) {
          ++dropped_;
          break;  // close both sides without forwarding the answer
        }
        answering = true;
        if (::send(client, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
      }
    }
    ::close(client);
    ::close(server);
  }

  std::uint16_t upstream_;
  std::string marker_;
  std::atomic<int> drops_;
  std::atomic<int> dropped_{0};
  std::atomic<bool> stop_{false};
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread acceptor_;
  std::vector<std::thread> pumps_;
};

}  // namespace fluxer::emulator::test
