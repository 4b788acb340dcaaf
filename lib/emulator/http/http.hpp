#pragma once
// The emulator's HTTP/1.1 layer: an incremental request parser (Content-Length and chunked
// bodies, a body cap, Expect: 100-continue), responses, query strings, percent-decoding and
// multipart/form-data. Sans-IO: bytes in, structures out.
//
// The parser is strict where leniency would let a hostile client make it hang, grow or
// disagree with a proxy: lines end with CRLF (a bare LF is a 400), one framing per request
// (Transfer-Encoding and Content-Length together, two different Content-Lengths, or two
// Transfer-Encodings are a 400), chunk sizes are checked against the body cap without
// overflow, trailers are bounded by the header limit, and every byte is scanned once.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fluxer::emulator::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// ASCII lower-case copy.
[[nodiscard]] std::string lower(std::string_view s);
/// Case-insensitive ASCII comparison.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
/// Decodes %XX escapes (and '+' as space when `plus_is_space`); invalid escapes stay as is.
[[nodiscard]] std::string percent_decode(std::string_view s, bool plus_is_space = false);
/// Parses "a=1&b=x%20y" into decoded pairs.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

struct Request {
  std::string method;
  std::string target;                                             ///< as sent: path + optional "?query"
  std::string path;                                               ///< raw (still percent-encoded) path
  std::string query;                                              ///< raw query without '?'
  std::vector<std::pair<std::string, std::string>> query_params;  ///< decoded
  HeaderList headers;                                             ///< names lower-cased
  std::string body;
  std::string version;  ///< "HTTP/1.1"

  [[nodiscard]] const std::string* header(std::string_view name) const;
  [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;
  [[nodiscard]] bool keep_alive() const;
};

/// Incremental parser for one request at a time on a connection.
class RequestParser {
 public:
  enum class State { NeedMore, Complete, Error };
  explicit RequestParser(std::size_t max_body, std::size_t max_header = 64 * 1024)
      : max_body_(max_body), max_header_(max_header) {}

  /// Appends bytes; returns the state. After Complete, take() the request; the remaining
  /// bytes stay buffered for the next request (pipelining).
  State feed(std::string_view bytes);
  /// Continues parsing buffered bytes without new input (after take()).
  State resume() { return feed({}); }
  [[nodiscard]] Request take();
  /// After Error: the status to answer (400, 413, 431, 501) and a message.
  [[nodiscard]] int error_status() const noexcept { return error_status_; }
  [[nodiscard]] const std::string& error_message() const noexcept { return error_message_; }
  /// True once the headers of a request with `Expect: 100-continue` are parsed and the
  /// interim response has not been acknowledged with continue_sent().
  [[nodiscard]] bool wants_continue() const noexcept { return wants_continue_; }
  void continue_sent() noexcept { wants_continue_ = false; }
  /// Whether the current request has completely arrived headers (used for upgrades).
  [[nodiscard]] bool headers_done() const noexcept { return phase_ != Phase::Headers; }
  /// Request bytes held right now: unparsed input plus the body received so far.
  [[nodiscard]] std::size_t buffered_bytes() const noexcept { return buffer_.size() + current_.body.size(); }
  /// Takes the bytes buffered after a completed request (after an upgrade they belong to
  /// the new protocol).
  [[nodiscard]] std::string take_buffered() {
    std::string out;
    out.swap(buffer_);
    scan_ = 0;
    return out;
  }

 private:
  enum class Phase { Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };
  State fail(int status, std::string message);
  State parse_headers();
  std::size_t find_line_end(std::size_t from, bool& bare_lf) const;

  std::size_t max_body_;
  std::size_t max_header_;
  std::string buffer_;
  Request current_;
  Phase phase_ = Phase::Headers;
  std::size_t body_remaining_ = 0;
  std::size_t scan_ = 0;           ///< bytes of buffer_ already searched for a line end
  std::size_t trailer_bytes_ = 0;  ///< size of the trailer section so far
  bool wants_continue_ = false;
  int error_status_ = 0;
  std::string error_message_;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;
  /// Hold the response this long before sending (fault injection; rate-limit tests).
  std::chrono::milliseconds delay{0};
  /// Close the connection after sending.
  bool close = false;

  void set_header(std::string name, std::string value);
  [[nodiscard]] const std::string* header(std::string_view name) const;
  /// A JSON response (Content-Type: application/json).
  [[nodiscard]] static Response json(int status, std::string body);
  /// 204 No Content.
  [[nodiscard]] static Response no_content();
};

/// The reason phrase of a status code ("Not Found").
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;
/// Serialises status line, headers (adding Content-Length and Connection) and body.
[[nodiscard]] std::string serialize(const Response& response, bool keep_alive);

/// One part of a multipart/form-data body.
struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;  ///< empty when the part had none
  HeaderList headers;
  std::string data;
};

/// The boundary parameter of a `multipart/form-data; boundary=...` content type.
[[nodiscard]] std::optional<std::string> multipart_boundary(std::string_view content_type);
/// Splits a multipart body. nullopt when it is malformed (no closing delimiter, bad part headers).
[[nodiscard]] std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace fluxer::emulator::http
