#pragma once
// A loopback WebSocket sender for the gateway benchmarks: plain POSIX sockets on one thread,
// hand-written RFC 6455 server framing, no libwebsockets (so the sender's cost never mixes
// with the client's). It accepts one connection, answers the upgrade, sends HELLO, waits
// for the client's first frame (Identify), sends READY and then pushes pre-encoded
// dispatches as fast as the socket takes them; afterwards it drains the client until it
// hangs up. cpu() is the CPU time the sender's own threads used so far, for benchmarks
// that measure the whole process and subtract the sender.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fluxer::bench {

/// An unmasked server frame (FIN set): text (0x1) or binary (0x2).
inline std::string ws_frame(std::string_view payload, bool binary) {
  std::string f;
  f += static_cast<char>(0x80 | (binary ? 0x2 : 0x1));
  const std::size_t n = payload.size();
  if (n < 126) {
    f += static_cast<char>(n);
  } else if (n <= 0xFFFF) {
    f += static_cast<char>(126);
    f += static_cast<char>((n >> 8) & 0xFF);
    f += static_cast<char>(n & 0xFF);
  } else {
    f += static_cast<char>(127);
    for (int i = 7; i >= 0; --i) f += static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xFF);
  }
  f.append(payload);
  return f;
}

inline bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

/// What the sender does once the client identified: write() the bytes it is given.
using Blast = std::function<void(const std::function<bool(std::string_view)>& write)>;

class LoopbackSender {
 public:
  /// `hello` and `ready` are complete frames (already framed/compressed by the caller).
  LoopbackSender(std::string hello, std::string ready, Blast blast)
      : hello_(std::move(hello)), ready_(std::move(ready)), blast_(std::move(blast)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind");
    if (::listen(listener_, 4) != 0) throw std::runtime_error("listen");
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
    clockid_t clock{};
    if (pthread_getcpuclockid(thread_.native_handle(), &clock) == 0) {
      serve_clock_ = clock;
      serve_clock_ok_ = true;
    }
  }
  ~LoopbackSender() {
    ::shutdown(listener_, SHUT_RDWR);
    if (const int fd = client_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  LoopbackSender(const LoopbackSender&) = delete;
  LoopbackSender& operator=(const LoopbackSender&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/gateway"; }

  /// CPU time used so far by the sender's threads (the serving thread and, once the client
  /// identified, the thread draining what the client sends). Valid while the connection
  /// is open (the threads are alive): read it between the first and the last event.
  [[nodiscard]] std::chrono::nanoseconds cpu() const {
    return (serve_clock_ok_ ? clock_time(serve_clock_) : std::chrono::nanoseconds{}) +
           (drain_started_.load() ? clock_time(drain_clock_) : std::chrono::nanoseconds{});
  }

 private:
  void serve() {
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    client_ = fd;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return (void)::close(fd);
      request.append(buf, static_cast<std::size_t>(n));
    }
    std::string key;
    for (const char* name : {"Sec-WebSocket-Key: ", "sec-websocket-key: "}) {
      const auto pos = request.find(name);
      if (pos != std::string::npos) {
        const auto start = pos + std::strlen(name);
        key = request.substr(start, request.find("\r\n", start) - start);
      }
    }
    const std::string material = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(material.data()), material.size(), digest);
    unsigned char accept[64] = {};
    EVP_EncodeBlock(accept, digest, SHA_DIGEST_LENGTH);
    std::string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    response += "Sec-WebSocket-Accept: " + std::string(reinterpret_cast<char*>(accept)) + "\r\n\r\n";
    response += hello_;
    if (!write_all(fd, response.data(), response.size())) return (void)::close(fd);
    // The client's first frame is its Identify (or, for the bare client, anything).
    if (::recv(fd, buf, sizeof buf, 0) <= 0) return (void)::close(fd);
    if (!write_all(fd, ready_.data(), ready_.size())) return (void)::close(fd);
    // Read whatever the client sends meanwhile so it never blocks on a full buffer.
    std::thread drain([fd] {
      char sink[4096];
      while (::recv(fd, sink, sizeof sink, 0) > 0) {
      }
    });
    clockid_t clock{};
    if (pthread_getcpuclockid(drain.native_handle(), &clock) == 0) {
      drain_clock_ = clock;
      drain_started_ = true;
    }
    blast_([fd](std::string_view bytes) { return write_all(fd, bytes.data(), bytes.size()); });
    drain.join();  // until the client hangs up
    drain_started_ = false;
    client_ = -1;
    ::close(fd);
  }

  static std::chrono::nanoseconds clock_time(clockid_t clock) {
    timespec ts{};
    if (clock_gettime(clock, &ts) != 0) return {};
    return std::chrono::seconds{ts.tv_sec} + std::chrono::nanoseconds{ts.tv_nsec};
  }

  std::string hello_;
  std::string ready_;
  Blast blast_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<int> client_{-1};
  clockid_t serve_clock_{};
  bool serve_clock_ok_ = false;
  clockid_t drain_clock_{};
  std::atomic<bool> drain_started_{false};
  std::thread thread_;
};

}  // namespace fluxer::bench
