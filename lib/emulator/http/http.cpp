#include "emulator/http/http.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace fluxer::emulator::http {

namespace {
char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool token_char(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = to_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string_view::npos)
      out.emplace_back(percent_decode(item, true), std::string{});
    else
      out.emplace_back(percent_decode(item.substr(0, eq), true), percent_decode(item.substr(eq + 1), true));
  }
  return out;
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query_params)
    if (k == name) return v;
  return std::nullopt;
}

bool Request::keep_alive() const {
  const auto* conn = header("connection");
  if (version == "HTTP/1.0") return conn && iequals(trim(*conn), "keep-alive");
  return !(conn && iequals(trim(*conn), "close"));
}

RequestParser::State RequestParser::fail(int status, std::string message) {
  error_status_ = status;
  error_message_ = std::move(message);
  return State::Error;
}

namespace {
// Header field values: visible characters, spaces, tabs and obs-text; no other controls.
bool valid_field_value(std::string_view v) noexcept {
  return std::none_of(v.begin(), v.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  });
}
bool valid_target(std::string_view t) noexcept {
  return std::none_of(t.begin(), t.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F;
  });
}
}  // namespace

// Finds the next CRLF-terminated line end at or after `from` (the index of its '\n'), or
// npos when none is buffered yet. A '\n' without '\r' before it is a bare LF: `bare_lf` is
// set and npos returned (every line here must end with CRLF).
std::size_t RequestParser::find_line_end(std::size_t from, bool& bare_lf) const {
  const auto nl = buffer_.find('\n', from);
  if (nl == std::string::npos) return nl;
  if (nl == 0 || buffer_[nl - 1] != '\r') {
    bare_lf = true;
    return std::string::npos;
  }
  return nl;
}

RequestParser::State RequestParser::parse_headers() {
  // Empty lines before a request line are ignored (RFC 9112 §2.2).
  while (buffer_.size() >= 2 && buffer_.compare(0, 2, "\r\n") == 0) {
    buffer_.erase(0, 2);
    scan_ = scan_ > 2 ? scan_ - 2 : 0;
  }
  // Look for the blank line that ends the header section, scanning only bytes not seen yet
  // (a slow client must not make every read rescan the whole buffer).
  std::size_t end = std::string::npos;
  for (;;) {
    bool bare_lf = false;
    const auto nl = find_line_end(scan_, bare_lf);
    if (bare_lf) return fail(400, "Malformed request: lines must end with CRLF");
    if (nl == std::string::npos) {
      scan_ = buffer_.size();
      break;
    }
    scan_ = nl + 1;
    if (nl >= 3 && buffer_.compare(nl - 3, 4, "\r\n\r\n") == 0) {
      end = nl - 3;
      break;
    }
  }
  if (end == std::string::npos) {
    if (buffer_.size() > max_header_) return fail(431, "Request header fields too large");
    return State::NeedMore;
  }
  scan_ = 0;
  if (end > max_header_) return fail(431, "Request header fields too large");
  std::string_view head(buffer_.data(), end);
  const auto line_end = head.find("\r\n");
  const auto request_line = head.substr(0, line_end);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return fail(400, "Malformed request line");
  current_ = Request{};
  current_.method = std::string(request_line.substr(0, sp1));
  current_.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  current_.version = std::string(request_line.substr(sp2 + 1));
  if (current_.method.empty() || !std::all_of(current_.method.begin(), current_.method.end(), token_char))
    return fail(400, "Malformed method");
  if (current_.version != "HTTP/1.1" && current_.version != "HTTP/1.0") return fail(400, "Unsupported HTTP version");
  if (current_.target.empty() || current_.target.front() != '/' || !valid_target(current_.target))
    return fail(400, "Malformed request target");
  const auto q = current_.target.find('?');
  current_.path = current_.target.substr(0, q);
  if (q != std::string::npos) {
    current_.query = current_.target.substr(q + 1);
    current_.query_params = parse_query(current_.query);
  }
  std::string_view rest = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!rest.empty()) {
    const auto nl = rest.find("\r\n");
    const auto line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail(400, "Malformed header line");
    const auto name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), token_char)) return fail(400, "Malformed header name");
    const auto value = trim(line.substr(colon + 1));
    if (!valid_field_value(value)) return fail(400, "Malformed header value");
    current_.headers.emplace_back(lower(name), std::string(value));
  }
  buffer_.erase(0, end + 4);

  // Request-smuggling guards: one framing only, and no two different lengths.
  const std::string* te = nullptr;
  const std::string* cl = nullptr;
  for (const auto& [k, v] : current_.headers) {
    if (k == "transfer-encoding") {
      if (te) return fail(400, "Repeated Transfer-Encoding header");
      te = &v;
    } else if (k == "content-length") {
      if (cl && *cl != v) return fail(400, "Conflicting Content-Length headers");
      cl = &v;
    }
  }
  if (te && cl) return fail(400, "Both Transfer-Encoding and Content-Length");
  if (te) {
    if (!iequals(trim(*te), "chunked")) return fail(501, "Unsupported transfer encoding");
    phase_ = Phase::ChunkSize;
  } else if (cl) {
    std::size_t length = 0;
    const auto v = trim(*cl);
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), length);
    if (v.empty() || ec != std::errc{} || ptr != v.data() + v.size()) return fail(400, "Malformed Content-Length");
    if (length > max_body_) return fail(413, "Request body too large");
    body_remaining_ = length;
    phase_ = length == 0 ? Phase::Done : Phase::Body;
  } else {
    phase_ = Phase::Done;
  }
  if (const auto* expect = current_.header("expect");
      expect && iequals(trim(*expect), "100-continue") && phase_ != Phase::Done)
    wants_continue_ = true;
  return State::NeedMore;
}

RequestParser::State RequestParser::feed(std::string_view bytes) {
  if (error_status_ != 0) return State::Error;
  buffer_.append(bytes);
  for (;;) {
    switch (phase_) {
      case Phase::Headers: {
        const auto s = parse_headers();
        if (s == State::Error) return s;
        if (phase_ == Phase::Headers) return State::NeedMore;
        break;
      }
      case Phase::Body: {
        const auto n = std::min(body_remaining_, buffer_.size());
        current_.body.append(buffer_, 0, n);
        buffer_.erase(0, n);
        body_remaining_ -= n;
        if (body_remaining_ != 0) return State::NeedMore;
        phase_ = Phase::Done;
        break;
      }
      case Phase::ChunkSize: {
        bool bare_lf = false;
        const auto nl = find_line_end(0, bare_lf);
        if (bare_lf) return fail(400, "Malformed chunk: lines must end with CRLF");
        if (nl == std::string::npos) return buffer_.size() > 1024 ? fail(400, "Malformed chunk") : State::NeedMore;
        if (nl > 1024) return fail(400, "Malformed chunk");
        std::string_view line(buffer_.data(), nl - 1);
        if (const auto semi = line.find(';'); semi != std::string_view::npos) line = line.substr(0, semi);
        line = trim(line);
        std::size_t size = 0;
        const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
        if (line.empty() || ec != std::errc{} || ptr != line.data() + line.size())
          return fail(ec == std::errc::result_out_of_range ? 413 : 400, "Malformed chunk size");
        buffer_.erase(0, nl + 1);
        if (size == 0) {
          phase_ = Phase::Trailers;
          scan_ = 0;
          trailer_bytes_ = 0;
        } else {
          // `current_.body.size() + size` would wrap for a size near 2^64.
          if (size > max_body_ || current_.body.size() > max_body_ - size) return fail(413, "Request body too large");
          body_remaining_ = size;
          phase_ = Phase::ChunkData;
        }
        break;
      }
      case Phase::ChunkData: {
        const auto n = std::min(body_remaining_, buffer_.size());
        current_.body.append(buffer_, 0, n);
        buffer_.erase(0, n);
        body_remaining_ -= n;
        if (body_remaining_ != 0) return State::NeedMore;
        phase_ = Phase::ChunkDataEnd;
        break;
      }
      case Phase::ChunkDataEnd:
        if (buffer_.size() < 2) return State::NeedMore;
        if (buffer_.compare(0, 2, "\r\n") != 0) return fail(400, "Malformed chunk");
        buffer_.erase(0, 2);
        phase_ = Phase::ChunkSize;
        break;
      case Phase::Trailers: {
        // Trailer fields are read and discarded, within the header size limit, and each
        // byte is scanned once.
        bool bare_lf = false;
        const auto nl = find_line_end(scan_, bare_lf);
        if (bare_lf) return fail(400, "Malformed trailer: lines must end with CRLF");
        if (nl == std::string::npos) {
          scan_ = buffer_.size();
          if (trailer_bytes_ + buffer_.size() > max_header_) return fail(431, "Request trailer fields too large");
          return State::NeedMore;
        }
        trailer_bytes_ += nl + 1;
        if (trailer_bytes_ > max_header_) return fail(431, "Request trailer fields too large");
        buffer_.erase(0, nl + 1);
        scan_ = 0;
        if (nl == 1) phase_ = Phase::Done;
        break;
      }
      case Phase::Done: return State::Complete;
    }
  }
}

Request RequestParser::take() {
  Request out = std::move(current_);
  current_ = Request{};
  phase_ = Phase::Headers;
  body_remaining_ = 0;
  wants_continue_ = false;
  scan_ = 0;
  return out;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers)
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

const std::string* Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

std::string serialize(const Response& response, bool keep_alive) {
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", response.status, reason_phrase(response.status));
  for (const auto& [k, v] : response.headers) {
    if (iequals(k, "content-length") || iequals(k, "connection")) continue;
    out += k;
    out += ": ";
    out += v;
    out += "\r\n";
  }
  if (response.status != 204 && response.status != 304 && response.status >= 200)
    out += fmt::format("Content-Length: {}\r\n", response.body.size());
  out += keep_alive && !response.close ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  out += "\r\n";
  if (response.status != 204 && response.status != 304) out += response.body;
  return out;
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto semi = content_type.find(';');
  if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data") || semi == std::string_view::npos)
    return std::nullopt;
  auto params = content_type.substr(semi + 1);
  while (!params.empty()) {
    const auto next = params.find(';');
    auto param = trim(params.substr(0, next));
    params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
    const auto eq = param.find('=');
    if (eq == std::string_view::npos || !iequals(trim(param.substr(0, eq)), "boundary")) continue;
    auto value = trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (value.empty() || value.size() > 200) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

namespace {
// Extracts a parameter (name="x" or filename="y") from a Content-Disposition value.
std::optional<std::string> disposition_param(std::string_view value, std::string_view name) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    const auto semi = value.find(';', pos);
    if (semi == std::string_view::npos) return std::nullopt;
    pos = semi + 1;
    auto rest = trim(value.substr(pos));
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (!iequals(trim(rest.substr(0, eq)), name)) continue;
    auto v = rest.substr(eq + 1);
    if (!v.empty() && v.front() == '"') {
      std::string out;
      for (std::size_t i = 1; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
          out += v[++i];
        } else if (v[i] == '"') {
          return out;
        } else {
          out += v[i];
        }
      }
      return std::nullopt;
    }
    const auto end = v.find(';');
    return std::string(trim(v.substr(0, end)));
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  std::vector<Part> parts;
  auto pos = body.find(delimiter);
  if (pos == std::string_view::npos) return std::nullopt;
  pos += delimiter.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    const auto header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string_view::npos) return std::nullopt;
    Part part;
    auto head = body.substr(pos, header_end - pos);
    while (!head.empty()) {
      const auto nl = head.find("\r\n");
      const auto line = head.substr(0, nl);
      head = nl == std::string_view::npos ? std::string_view{} : head.substr(nl + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      part.headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    for (const auto& [k, v] : part.headers) {
      if (k == "content-disposition") {
        if (!iequals(trim(std::string_view(v).substr(0, v.find(';'))), "form-data")) return std::nullopt;
        auto name = disposition_param(v, "name");
        if (!name) return std::nullopt;
        part.name = std::move(*name);
        part.filename = disposition_param(v, "filename");
      } else if (k == "content-type") {
        part.content_type = v;
      }
    }
    if (part.name.empty()) return std::nullopt;
    const auto data_start = header_end + 4;
    const auto next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return std::nullopt;
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    pos = next + 2 + delimiter.size();
  }
}

}  // namespace fluxer::emulator::http
