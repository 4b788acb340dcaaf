#pragma once
// A TLS terminator for the gateway's wss tests: a self-signed certificate made in memory
// (libcrypto), written to a temporary PEM file the client can trust, and a proxy that
// accepts TLS on 127.0.0.1 and forwards the plain bytes to the emulator.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fluxer::gateway::test {

/// A self-signed certificate for `san` ("IP:127.0.0.1", "DNS:example.com") and its key,
/// written as PEM files in a fresh temporary directory (removed on destruction).
class SelfSignedCert {
 public:
  explicit SelfSignedCert(const std::string& san) {
    char tmpl[] = "/tmp/fluxer-tls-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return;
    dir_ = tmpl;
    cert_file = dir_ + "/cert.pem";
    key_file = dir_ + "/key.pem";
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("fluxer test"), -1, -1,
                               0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, san},
                                     std::pair<int, std::string>{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
      X509_add_ext(x, ext, -1);
      X509_EXTENSION_free(ext);
    }
    X509_sign(x, key, EVP_sha256());
    if (FILE* f = std::fopen(cert_file.c_str(), "w")) {
      PEM_write_X509(f, x);
      std::fclose(f);
    }
    if (FILE* f = std::fopen(key_file.c_str(), "w")) {
      PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
      std::fclose(f);
    }
    X509_free(x);
    EVP_PKEY_free(key);
  }
  ~SelfSignedCert() {
    if (dir_.empty()) return;
    std::remove(cert_file.c_str());
    std::remove(key_file.c_str());
    ::rmdir(dir_.c_str());
  }
  SelfSignedCert(const SelfSignedCert&) = delete;
  SelfSignedCert& operator=(const SelfSignedCert&) = delete;

  std::string cert_file;
  std::string key_file;

 private:
  std::string dir_;
};

/// Accepts TLS on 127.0.0.1:<port()> and forwards each connection to 127.0.0.1:`target`.
class TlsProxy {
 public:
  TlsProxy(const SelfSignedCert& cert, std::uint16_t target) : target_(target) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_file(ctx_, cert.cert_file.c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx_, cert.key_file.c_str(), SSL_FILETYPE_PEM);
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~TlsProxy() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    {
      std::lock_guard lock(mutex_);
      for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : workers_) t.join();
    ::close(listener_);
    SSL_CTX_free(ctx_);
  }
  TlsProxy(const TlsProxy&) = delete;
  TlsProxy& operator=(const TlsProxy&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  /// Handshakes that completed (a client that refused the certificate never completes one).
  [[nodiscard]] int handshakes() const noexcept { return handshakes_; }

 private:
  void accept_loop() {
    for (;;) {
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return;
      if (stopping_) {
        ::close(fd);
        return;
      }
      std::lock_guard lock(mutex_);
      open_.push_back(fd);
      workers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    SSL* ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    int up = -1;
    if (SSL_accept(ssl) == 1) {
      ++handshakes_;
      up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(target_);
      if (::connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        {
          std::lock_guard lock(mutex_);
          open_.push_back(up);
        }
        pump(ssl, fd, up);
      }
    }
    SSL_shutdown(ssl);
    SSL_free(ssl);
    if (up >= 0) ::close(up);
    ::close(fd);
  }

  void pump(SSL* ssl, int fd, int up) {
    char buf[16384];
    for (;;) {
      if (SSL_pending(ssl) == 0) {
        pollfd fds[2] = {{fd, POLLIN, 0}, {up, POLLIN, 0}};
        if (::poll(fds, 2, 1000) < 0) return;
        if (stopping_) return;
        if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
          const ssize_t n = ::recv(up, buf, sizeof buf, 0);
          if (n <= 0) return;
          if (SSL_write(ssl, buf, static_cast<int>(n)) <= 0) return;
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      }
      const int n = SSL_read(ssl, buf, sizeof buf);
      if (n <= 0) {
        if (SSL_get_error(ssl, n) == SSL_ERROR_WANT_READ) continue;
        return;
      }
      std::size_t off = 0;
      while (off < static_cast<std::size_t>(n)) {
        const ssize_t w = ::send(up, buf + off, static_cast<std::size_t>(n) - off, MSG_NOSIGNAL);
        if (w <= 0) return;
        off += static_cast<std::size_t>(w);
      }
    }
  }

  std::uint16_t target_;
  SSL_CTX* ctx_ = nullptr;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> handshakes_{0};
  std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

}  // namespace fluxer::gateway::test
