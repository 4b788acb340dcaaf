#include "raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <curl/curl.h>
#include <zstd.h>

namespace fluxer::emulator::test {

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<HttpResult*>(user);
  std::string line(data, size * n);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
    out->headers.emplace_back(std::move(name), std::move(value));
  }
  return size * n;
}

}  // namespace

std::optional<std::string> HttpResult::header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return std::nullopt;
}

rapidjson::Document HttpResult::json() const {
  return parse(body);
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.data(), text.size());
  return d;
}

HttpResult http(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                const std::string& body) {
  HttpResult result;
  CURL* curl = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return result;
}

// ------------------------------------------------------------------ WebSocket

WsClient::~WsClient() {
  close_socket();
}

void WsClient::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool WsClient::send_bytes(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool WsClient::read_some(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  pollfd p{fd_, POLLIN, 0};
  const int r = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
  if (r <= 0) return false;
  char buf[65536];
  const auto n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    close_socket();
    return false;
  }
  buffer_.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::string WsClient::upgrade_request(const std::string& target, const std::string& connection) {
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n";
  if (!connection.empty()) request += "Connection: " + connection + "\r\n";
  request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  return request;
}

bool WsClient::connect(std::uint16_t port, const std::string& target) {
  return connect_raw(port, upgrade_request(target));
}

bool WsClient::connect_raw(std::uint16_t port, const std::string& request) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error_ = std::string("connect: ") + std::strerror(errno);
    close_socket();
    return false;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (!send_bytes(request)) {
    error_ = "send failed";
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (buffer_.find("\r\n\r\n") == std::string::npos)
    if (!read_some(deadline)) {
      error_ = "no handshake response";
      return false;
    }
  const auto end = buffer_.find("\r\n\r\n");
  handshake_ = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  if (handshake_.rfind("HTTP/1.1 101", 0) != 0) {
    error_ = "handshake refused: " + handshake_;
    return false;
  }
  // RFC 6455's example key has a well-known accept value.
  if (handshake_.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") == std::string::npos) {
    error_ = "bad Sec-WebSocket-Accept: " + handshake_;
    return false;
  }
  return true;
}

namespace {
std::string client_frame(int opcode, const std::string& payload, std::uint32_t mask) {
  std::string f;
  f += static_cast<char>(0x80 | opcode);
  if (payload.size() < 126) {
    f += static_cast<char>(0x80 | payload.size());
  } else if (payload.size() <= 0xFFFF) {
    f += static_cast<char>(0x80 | 126);
    f += static_cast<char>(payload.size() >> 8);
    f += static_cast<char>(payload.size() & 0xFF);
  } else {
    f += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i) f += static_cast<char>((static_cast<std::uint64_t>(payload.size()) >> (8 * i)) & 0xFF);
  }
  const char m[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16), static_cast<char>(mask >> 8),
                     static_cast<char>(mask)};
  f.append(m, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) f += static_cast<char>(payload[i] ^ m[i % 4]);
  return f;
}
}  // namespace

std::string WsClient::frame(int opcode, const std::string& payload, bool fin, std::uint32_t mask) {
  auto f = client_frame(opcode, payload, mask);
  if (!fin) f[0] = static_cast<char>(f[0] & 0x7F);
  return f;
}

bool WsClient::send_text(const std::string& text) {
  return send_bytes(client_frame(1, text, mask_seed_++ * 2654435761U));
}
bool WsClient::send_binary(const std::string& bytes) {
  return send_bytes(client_frame(2, bytes, mask_seed_++ * 2654435761U));
}
bool WsClient::send_close(std::uint16_t code) {
  std::string p;
  p += static_cast<char>(code >> 8);
  p += static_cast<char>(code & 0xFF);
  return send_bytes(client_frame(8, p, mask_seed_++ * 2654435761U));
}

WsFrame WsClient::next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (buffer_.size() >= 2) {
      const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data());
      const int opcode = p[0] & 0x0F;
      std::uint64_t len = p[1] & 0x7F;
      std::size_t header = 2;
      bool have = true;
      if (len == 126) {
        have = buffer_.size() >= 4;
        if (have) len = (static_cast<std::uint64_t>(p[2]) << 8) | p[3];
        header = 4;
      } else if (len == 127) {
        have = buffer_.size() >= 10;
        if (have) {
          len = 0;
          for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
        }
        header = 10;
      }
      if (have && buffer_.size() >= header + len) {
        WsFrame f;
        f.payload = buffer_.substr(header, static_cast<std::size_t>(len));
        buffer_.erase(0, header + static_cast<std::size_t>(len));
        switch (opcode) {
          case 1: f.kind = WsFrame::Kind::Text; break;
          case 2: f.kind = WsFrame::Kind::Binary; break;
          case 8:
            f.kind = WsFrame::Kind::Close;
            if (f.payload.size() >= 2) {
              f.close_code = (static_cast<unsigned char>(f.payload[0]) << 8) | static_cast<unsigned char>(f.payload[1]);
              f.close_reason = f.payload.substr(2);
            }
            break;
          case 9: f.kind = WsFrame::Kind::Ping; break;
          default: f.kind = WsFrame::Kind::Pong; break;
        }
        return f;
      }
    }
    if (fd_ < 0) return WsFrame{WsFrame::Kind::Eof, {}, 0, {}};
    if (!read_some(deadline)) {
      if (fd_ < 0) continue;  // socket closed: drain what is buffered, then Eof
      return WsFrame{WsFrame::Kind::Timeout, {}, 0, {}};
    }
  }
}

WsFrame WsClient::next_data(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto f = next(std::max(left, 0ms));
    if (f.kind != WsFrame::Kind::Ping && f.kind != WsFrame::Kind::Pong) return f;
  }
}

WsFrame WsClient::wait_close(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto f = next(std::max(left, 0ms));
    if (f.kind == WsFrame::Kind::Close || f.kind == WsFrame::Kind::Eof || f.kind == WsFrame::Kind::Timeout) return f;
  }
}

// ------------------------------------------------------------------ raw TCP

TcpClient::~TcpClient() {
  close_socket();
}

void TcpClient::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool TcpClient::connect(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close_socket();
    return false;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}

bool TcpClient::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool TcpClient::read_some(std::chrono::steady_clock::time_point deadline) {
  if (fd_ < 0 || eof_) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  pollfd p{fd_, POLLIN, 0};
  const int r = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
  if (r <= 0) return false;
  char buf[65536];
  const auto n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::string TcpClient::read_response(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::size_t length = 0;
      std::string head = buffer_.substr(0, end);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (const auto cl = head.find("\r\ncontent-length:"); cl != std::string::npos)
        length = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
      if (buffer_.size() >= end + 4 + length) {
        auto out = buffer_.substr(0, end + 4 + length);
        buffer_.erase(0, end + 4 + length);
        return out;
      }
    }
    if (!read_some(deadline)) {
      auto out = std::move(buffer_);
      buffer_.clear();
      return out;
    }
  }
}

bool TcpClient::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!eof_) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (!read_some(deadline) && !eof_ && std::chrono::steady_clock::now() >= deadline) return false;
  }
  return true;
}

// ------------------------------------------------------------------ zstd

ZstdStreamReader::ZstdStreamReader() : stream_(ZSTD_createDStream()) {}
ZstdStreamReader::~ZstdStreamReader() {
  ZSTD_freeDStream(static_cast<ZSTD_DStream*>(stream_));
}

std::optional<std::string> ZstdStreamReader::feed(const std::string& compressed) {
  std::string out;
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  char buf[65536];
  for (;;) {
    ZSTD_outBuffer o{buf, sizeof buf, 0};
    const auto r = ZSTD_decompressStream(static_cast<ZSTD_DStream*>(stream_), &o, &in);
    if (ZSTD_isError(r)) return std::nullopt;
    out.append(buf, o.pos);
    if (in.pos == in.size && o.pos < o.size) break;
  }
  return out;
}

ZstdStreamWriter::ZstdStreamWriter() : stream_(ZSTD_createCStream()) {}
ZstdStreamWriter::~ZstdStreamWriter() {
  ZSTD_freeCStream(static_cast<ZSTD_CStream*>(stream_));
}

std::string ZstdStreamWriter::write(const std::string& plain) {
  std::string out;
  ZSTD_inBuffer in{plain.data(), plain.size(), 0};
  char buf[65536];
  for (;;) {
    ZSTD_outBuffer o{buf, sizeof buf, 0};
    const auto r = ZSTD_compressStream2(static_cast<ZSTD_CStream*>(stream_), &o, &in, ZSTD_e_flush);
    out.append(buf, o.pos);
    if (ZSTD_isError(r) || (r == 0 && in.pos == in.size)) break;
  }
  return out;
}

std::optional<std::string> zstd_frame_decompress(const std::string& compressed) {
  const auto size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) return std::nullopt;
  std::string out(static_cast<std::size_t>(size), '\0');
  const auto n = ZSTD_decompress(out.data(), out.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != size) return std::nullopt;
  return out;
}

}  // namespace fluxer::emulator::test
