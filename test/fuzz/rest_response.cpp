// libFuzzer target: what the REST client does with a response — the header lines as the
// transport collects them, the typed Error of a non-2xx answer (error_from_response), the
// rate-limit facts of the headers (RateLimitInfo::read_headers) and the limiter learning
// from them, and the body decoded as a few typed responses.
//
// Input layout (text, like an HTTP response head):
//   line 1:  `<status>[ <method> <path>]` — up to 3 leading digits are the status (none:
//            200); method and path, when given, are the request's route (route_key), else
//            POST /channels/1400000000000000010/messages;
//   then header lines (`Name: value`, LF-terminated; a CR before the LF stays in the line,
//            as curl hands it over), each through parse_header_line; a line starting with
//            `HTTP/` clears the headers (a new status line, as after 100 Continue);
//   an empty line (LF or CR LF), then the body: every remaining byte.
// Without an empty line everything after line 1 is headers and the body is empty.
//
// Checks: the Error's kind, status and retry_after bounds; header numbers clamped and
// finite; the limiter always lets a request go again a day later (no bucket stuck forever)
// and forgets every bucket once idle.

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/model/codec.hpp>

#include "rest/headers.hpp"
#include "rest/rate_limiter.hpp"
#include "rest/rest_codec.hpp"
#include "rest/route.hpp"
#include "rest/transport.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

using namespace std::chrono_literals;
namespace rest = fluxer::rest;

struct Response {
  int status = 200;
  std::string_view method = "POST";
  std::string_view path = "/channels/1400000000000000010/messages";
  rest::HeaderList headers;
  std::string_view body;
};

Response split(std::string_view in) {
  Response r;
  auto next_line = [&](std::string_view& line) {
    if (in.empty()) return false;
    const auto lf = in.find('\n');
    line = in.substr(0, lf);
    in.remove_prefix(lf == std::string_view::npos ? in.size() : lf + 1);
    return true;
  };
  std::string_view line;
  if (!next_line(line)) return r;
  std::size_t digits = 0;
  int status = 0;
  while (digits < line.size() && digits < 3 && line[digits] >= '0' && line[digits] <= '9')
    status = status * 10 + (line[digits++] - '0');
  if (digits > 0) r.status = status;
  line.remove_prefix(digits);
  if (line.size() > 1 && line.front() == ' ') {
    line.remove_prefix(1);
    const auto space = line.find(' ');
    if (space != std::string_view::npos) {
      r.method = line.substr(0, space);
      r.path = line.substr(space + 1);
    }
  }
  while (next_line(line)) {
    if (line.empty() || line == "\r") {
      r.body = in;
      break;
    }
    if (line.starts_with("HTTP/")) {
      r.headers.clear();
    } else if (auto header = rest::parse_header_line(line)) {
      r.headers.push_back(std::move(*header));
    }
  }
  return r;
}

void check_seconds(const std::optional<double>& s) {
  if (s) check(std::isfinite(*s) && *s >= 0);
}

void check_count(const std::optional<std::int64_t>& n) {
  if (n) check(*n >= 0 && *n <= rest::kMaxHeaderCount);
}

template <class T>
void decode_as(std::string_view body) {
  std::vector<fluxer::FieldWarning> warnings;
  auto r = fluxer::from_json<T>(body, warnings);
  if (!r) check(r.error().kind == fluxer::ErrorKind::Decode);
}

template <class R>
void decoded(const R& r) {
  if (!r) check(r.error().kind == fluxer::ErrorKind::Decode);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Response r = split(std::string_view(reinterpret_cast<const char*>(data), size));
  const bool ok = r.status >= 200 && r.status < 300;

  // The Error a caller gets (the transport decodes a failure's body once).
  std::optional<fluxer::Error> failure;
  if (!ok) {
    failure = rest::error_from_response(r.status, r.body, r.headers);
    const auto& e = *failure;
    using fluxer::ErrorKind;
    check(e.status == r.status);
    check(e.kind == ErrorKind::Http || e.kind == ErrorKind::Api || e.kind == ErrorKind::InvalidToken ||
          e.kind == ErrorKind::RateLimit);
    if (e.kind == ErrorKind::RateLimit) check(r.status == 429);
    if (e.kind == ErrorKind::InvalidToken) check(r.status == 401);
    if (e.kind != ErrorKind::Http) check(!e.code.empty());
    if (e.retry_after) check(*e.retry_after >= 0ms && *e.retry_after <= 24h);
    (void)e.to_string();
  }

  // The rate-limit facts, as Transport::finish() gathers them.
  rest::RateLimitInfo info;
  info.status = r.status;
  info.read_headers(r.headers);
  check_count(info.limit);
  check_count(info.remaining);
  check_seconds(info.reset_after);
  check_seconds(info.reset);
  check_seconds(info.retry_after_header);
  if (info.date) check(std::isfinite(*info.date));
  if (failure) {
    info.code = failure->code;
    info.global = info.global || failure->global;
    if (failure->retry_after) info.retry_after_body = std::chrono::duration<double>(*failure->retry_after).count();
  }

  // The limiter: a fresh one sends, learns from the response, and sends once more.
  const rest::RouteKey key = rest::route_key(r.method, r.path);
  rest::RateLimiter limiter;
  const rest::SteadyTime now = rest::SteadyTime{} + 1000h;
  const rest::WallTime wall = rest::WallTime{} + std::chrono::seconds(1'767'225'600);  // 2026-01-01
  auto first = limiter.try_acquire(key, now, wall);
  check(first.go());
  const auto verdict = limiter.on_response(key, first.permit, info, now, wall);
  if (verdict.retry) check(verdict.at >= now && verdict.at <= now + 24h + 1s);
  const auto soon = now + 1ms;
  auto second = limiter.try_acquire(key, soon, wall + 1ms);
  if (second.go()) {
    (void)limiter.on_response(key, second.permit, info, soon, wall + 1ms);
  } else if (second.kind == rest::Acquire::Kind::WaitUntil) {
    check(second.at > soon && second.at <= soon + 24h + 1s);
  }
  // A day later nothing the server said can still hold the route back ...
  const auto later = now + 25h;
  auto third = limiter.try_acquire(key, later, wall + 25h);
  check(third.go());
  limiter.release(third.permit);
  // ... and once idle every bucket is forgotten.
  limiter.collect(later + 1h);
  check(limiter.bucket_count() == 0);

  // The body as the typed responses of a few routes.
  decode_as<fluxer::Message>(r.body);
  decode_as<fluxer::Guild>(r.body);
  decode_as<std::vector<fluxer::GuildMember>>(r.body);
  decoded(rest::decode_pins_page(r.body));
  decoded(rest::decode_reaction_users_page(r.body));
  decoded(rest::decode_audit_log(r.body));
  return 0;
}
