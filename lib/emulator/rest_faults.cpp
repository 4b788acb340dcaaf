// The REST fault conveniences of Server (delay or fail a route, HTML 5xx, 429 storms,
// RESOURCE_LOCKED, message edit locks, 503), all built on the public add_rest_fault() hook.

#include <fluxer/emulator/server.hpp>

#include <atomic>
#include <memory>

#include "emulator/http/http.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rate_limit.hpp"
#include "emulator/rest/rate_limit_filter.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator {

namespace {

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// `pattern` ({name} = any one segment) against a raw request path, with or without /v1.
bool path_matches(std::string_view pattern, std::string_view path) {
  if (pattern.empty()) return true;
  const auto want = segments(pattern);
  auto have = segments(path);
  for (auto& s : have) s = http::percent_decode(s);
  auto compare = [&](std::size_t offset) {
    if (have.size() != want.size() + offset) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
      const auto& w = want[i];
      const bool param = w.size() > 2 && w.front() == '{' && w.back() == '}';
      if (param ? have[i + offset].empty() : have[i + offset] != w) return false;
    }
    return true;
  };
  return compare(0) || (!have.empty() && have.front() == "v1" && (want.empty() || want.front() != "v1") && compare(1));
}

bool request_matches(const RestRouteMatch& route, const RequestLogEntry& request) {
  return (route.method.empty() || route.method == request.method) && path_matches(route.path, request.path);
}

// Counts down the affected requests; nullopt = unlimited.
class Budget {
 public:
  explicit Budget(std::optional<std::size_t> times) : unlimited_(!times), left_(times.value_or(0)) {}
  bool take() {
    if (unlimited_) return true;
    auto n = left_.load();
    while (n > 0)
      if (left_.compare_exchange_weak(n, n - 1)) return true;
    return false;
  }

 private:
  bool unlimited_;
  std::atomic<std::size_t> left_;
};

RestFault json_fault(int status, std::string_view code, std::string_view message) {
  RestFault f;
  f.status = status;
  f.headers = {{"Content-Type", "application/json"}};
  f.body = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "code"), json::string(w, code);
    json::key(w, "message"), json::string(w, message);
    w.EndObject();
  });
  return f;
}

RestFault from_response(const http::Response& r) {
  RestFault f;
  f.status = r.status;
  f.headers = r.headers;
  f.body = r.body;
  return f;
}

}  // namespace

std::uint64_t Server::delay_route(RestRouteMatch route, std::chrono::milliseconds delay,
                                  std::optional<std::size_t> times) {
  auto budget = std::make_shared<Budget>(times);
  return add_rest_fault(
      [route = std::move(route), delay, budget](const RequestLogEntry& r) -> std::optional<RestFault> {
        if (!request_matches(route, r) || !budget->take()) return std::nullopt;
        RestFault f;
        f.delay = delay;
        return f;
      });
}

std::uint64_t Server::fail_route(RestRouteMatch route, int status, std::string code, std::string message,
                                 std::optional<std::size_t> times) {
  auto budget = std::make_shared<Budget>(times);
  auto fault = json_fault(status, code, message);
  return add_rest_fault(
      [route = std::move(route), fault, budget](const RequestLogEntry& r) -> std::optional<RestFault> {
        if (!request_matches(route, r) || !budget->take()) return std::nullopt;
        return fault;
      });
}

std::uint64_t Server::fail_route_html(RestRouteMatch route, int status, std::optional<std::size_t> times) {
  auto budget = std::make_shared<Budget>(times);
  const auto title = std::to_string(status) + " " + std::string(http::reason_phrase(status));
  RestFault fault;
  fault.status = status;
  fault.headers = {{"Content-Type", "text/html"}};
  fault.body = "<!DOCTYPE html>\n<html><head><title>" + title + "</title></head><body><center><h1>" + title +
               "</h1></center><hr><center>nginx</center></body></html>\n";
  return add_rest_fault(
      [route = std::move(route), fault, budget](const RequestLogEntry& r) -> std::optional<RestFault> {
        if (!request_matches(route, r) || !budget->take()) return std::nullopt;
        return fault;
      });
}

std::uint64_t Server::rate_limit_storm(RestRouteMatch route, std::size_t count, std::chrono::milliseconds retry_after,
                                       bool global) {
  auto budget = std::make_shared<Budget>(count);
  const auto& opts = options();
  const auto mode = opts.mode;
  // The route table, to name the bucket of each stormed request like the real limiter does.
  rest::Router router;
  rest::register_all_routes(router);
  auto routes = std::make_shared<std::vector<rest::RouteInfo>>(router.routes());
  const ratelimit::RateLimiter limiter(ratelimit::Algorithm::FixedWindow,
                                       {opts.rate_limit_scale, opts.rate_limit_time_scale, opts.global_rate_limit});
  const int global_limit = std::max(1, static_cast<int>(opts.global_rate_limit * opts.rate_limit_scale));
  return add_rest_fault([route = std::move(route), budget, routes, limiter, mode, retry_after, global,
                         global_limit](const RequestLogEntry& r) -> std::optional<RestFault> {
    if (!request_matches(route, r) || !budget->take()) return std::nullopt;
    rest::RateLimitInfo info;
    info.global = global;
    info.retry_after = std::chrono::duration_cast<ratelimit::Seconds>(retry_after);
    info.reset_after = info.retry_after;
    info.limit = global_limit;
    if (!global) {
      for (const auto& candidate : *routes) {
        if (candidate.method != r.method || candidate.bucket.empty() || !path_matches(candidate.pattern, r.path))
          continue;
        info.bucket_template = ratelimit::full_template(candidate.bucket, candidate.major_param);
        info.limit = limiter.scaled(info.bucket_template).limit;
        break;
      }
    }
    return from_response(rest::rate_limited_response(mode, info, std::chrono::system_clock::now()));
  });
}

std::uint64_t Server::resource_locked(RestRouteMatch route, std::optional<std::size_t> times) {
  auto budget = std::make_shared<Budget>(times);
  auto fault = json_fault(429, "RESOURCE_LOCKED", "The resource is locked by another operation; retry shortly.");
  fault.headers.emplace_back("Retry-After", "1");
  return add_rest_fault(
      [route = std::move(route), fault, budget](const RequestLogEntry& r) -> std::optional<RestFault> {
        if (!request_matches(route, r) || !budget->take()) return std::nullopt;
        return fault;
      });
}

std::uint64_t Server::lock_message(Snowflake channel_id, Snowflake message_id, std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  const RestRouteMatch direct{"PATCH", "/channels/" + channel_id.str() + "/messages/" + message_id.str()};
  const RestRouteMatch webhook{"PATCH", "/webhooks/{webhook_id}/{token}/messages/" + message_id.str()};
  auto fault = json_fault(429, "RESOURCE_LOCKED", "This message is being edited by another request; retry shortly.");
  fault.headers.emplace_back("Retry-After", "1");
  return add_rest_fault([direct, webhook, until, fault](const RequestLogEntry& r) -> std::optional<RestFault> {
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    if (!request_matches(direct, r) && !request_matches(webhook, r)) return std::nullopt;
    return fault;
  });
}

std::uint64_t Server::service_unavailable(RestRouteMatch route, std::optional<std::size_t> times) {
  auto budget = std::make_shared<Budget>(times);
  auto fault = json_fault(503, "SERVICE_UNAVAILABLE", "Service Unavailable");
  fault.headers.emplace_back("Retry-After", "1");
  return add_rest_fault(
      [route = std::move(route), fault, budget](const RequestLogEntry& r) -> std::optional<RestFault> {
        if (!request_matches(route, r) || !budget->take()) return std::nullopt;
        return fault;
      });
}

}  // namespace fluxer::emulator
