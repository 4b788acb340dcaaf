#pragma once
// Minimal raw clients for the emulator's tests, written independently of the SDK and of
// the emulator's own framing code: libcurl for HTTP, and a tiny hand-written WebSocket
// client over a blocking TCP socket (so tests control every byte and see every close).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/rapidjson.hpp"  // RapidJSON with the project's SizeType prelude only

namespace fluxer::emulator::test {

using namespace std::chrono_literals;

struct HttpResult {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  [[nodiscard]] std::optional<std::string> header(const std::string& lower_name) const;
  [[nodiscard]] rapidjson::Document json() const;
};

/// One HTTP request with libcurl. `headers` are "Name: value" lines.
HttpResult http(const std::string& method, const std::string& url, const std::vector<std::string>& headers = {},
                const std::string& body = {});

/// Parses JSON text (asserting nothing; check HasParseError()).
rapidjson::Document parse(const std::string& text);

struct WsFrame {
  enum class Kind { Text, Binary, Close, Ping, Pong, Timeout, Eof };
  Kind kind = Kind::Timeout;
  std::string payload;
  int close_code = 0;  // Close frames
  std::string close_reason;
};

class WsClient {
 public:
  WsClient() = default;
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  /// Connects to 127.0.0.1:port and upgrades `target` (e.g. "/gateway?v=1&encoding=json").
  /// Returns false (with `error()`) when the handshake fails.
  bool connect(std::uint16_t port, const std::string& target);
  /// Connects and sends `request` as is (an upgrade request, possibly followed by more
  /// bytes in the same write); then reads the handshake response like connect().
  bool connect_raw(std::uint16_t port, const std::string& request);
  /// The upgrade request connect() sends (`connection` = the Connection header's value;
  /// empty = no Connection header).
  [[nodiscard]] static std::string upgrade_request(const std::string& target,
                                                   const std::string& connection = "Upgrade");
  /// A masked client frame with any opcode and FIN bit.
  [[nodiscard]] static std::string frame(int opcode, const std::string& payload, bool fin = true,
                                         std::uint32_t mask = 0x5a5a5a5aU);
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  /// The HTTP status line + headers of the handshake response.
  [[nodiscard]] const std::string& handshake_response() const noexcept { return handshake_; }

  bool send_text(const std::string& text);
  bool send_binary(const std::string& bytes);
  /// Sends a close frame with a code.
  bool send_close(std::uint16_t code);
  /// Writes raw bytes to the socket.
  bool send_bytes(const std::string& bytes);

  /// Next frame, or Timeout / Eof (socket closed without a close frame, or after one).
  WsFrame next(std::chrono::milliseconds timeout = 5s);
  /// Next Text/Binary/Close/Eof frame, skipping pings/pongs.
  WsFrame next_data(std::chrono::milliseconds timeout = 5s);
  /// Reads frames until a Close or Eof arrives (data frames are discarded). Returns it.
  WsFrame wait_close(std::chrono::milliseconds timeout = 5s);
  void close_socket();

 private:
  bool read_some(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
  std::string error_;
  std::string handshake_;
  std::uint32_t mask_seed_ = 0x12345678U;
};

/// A raw TCP client for HTTP-level attacks: send any bytes, read whatever comes back.
class TcpClient {
 public:
  TcpClient() = default;
  ~TcpClient();
  TcpClient(const TcpClient&) = delete;
  TcpClient& operator=(const TcpClient&) = delete;

  bool connect(std::uint16_t port);
  /// Writes every byte (false when the peer closed).
  bool send(const std::string& bytes);
  /// Reads until one complete HTTP response (status line, headers and a Content-Length
  /// body) is buffered, the peer closes or the timeout passes; returns that response (or
  /// whatever arrived) and removes it from the buffer.
  std::string read_response(std::chrono::milliseconds timeout = 5s);
  /// Waits until the peer closes the connection (reading and discarding data).
  bool wait_closed(std::chrono::milliseconds timeout = 5s);
  [[nodiscard]] bool open() const noexcept { return fd_ >= 0; }
  void close_socket();

 private:
  bool read_some(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  bool eof_ = false;
  std::string buffer_;
};

/// zstd helpers written for the tests (libzstd directly).
class ZstdStreamReader {  // one persistent decompression stream
 public:
  ZstdStreamReader();
  ~ZstdStreamReader();
  ZstdStreamReader(const ZstdStreamReader&) = delete;
  ZstdStreamReader& operator=(const ZstdStreamReader&) = delete;
  std::optional<std::string> feed(const std::string& compressed);

 private:
  void* stream_;
};
class ZstdStreamWriter {  // one persistent compression stream, flushed per message
 public:
  ZstdStreamWriter();
  ~ZstdStreamWriter();
  ZstdStreamWriter(const ZstdStreamWriter&) = delete;
  ZstdStreamWriter& operator=(const ZstdStreamWriter&) = delete;
  std::string write(const std::string& plain);

 private:
  void* stream_;
};
/// Decompresses one complete, independent zstd frame.
std::optional<std::string> zstd_frame_decompress(const std::string& compressed);

}  // namespace fluxer::emulator::test
