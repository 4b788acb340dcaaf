#include "emulator/rest/rate_limit_filter.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "emulator/json_writers.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

namespace {

using std::chrono::system_clock;

std::string trim_decimal(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// "The exact computed decimal" of a [B] denial: microsecond precision, trailing zeros removed.
std::string format_exact(ratelimit::Seconds s) {
  return trim_decimal(fmt::format("{:.6f}", std::max(0.0, s.count())));
}

double unix_seconds(system_clock::time_point t) {
  return std::chrono::duration_cast<ratelimit::Seconds>(t.time_since_epoch()).count();
}

// [A] X-RateLimit-Reset: Math.floor(resetTime / 1000).
std::string reset_floor(system_clock::time_point now, ratelimit::Seconds after) {
  return std::to_string(static_cast<long long>(std::floor(unix_seconds(now) + after.count())));
}

// [B] X-RateLimit-Reset: the second the bucket is whole again; a value at or before the
// current second becomes the next second.
std::string reset_next_second(system_clock::time_point now, ratelimit::Seconds after) {
  const double now_s = unix_seconds(now);
  auto reset = static_cast<long long>(std::ceil(now_s + after.count()));
  const auto current = static_cast<long long>(std::floor(now_s));
  if (reset <= current) reset = current + 1;
  return std::to_string(reset);
}

bool is_webhook_token_route(const RouteInfo& route) {
  return route.pattern.find("{webhook_id}") != std::string::npos && route.pattern.find("{token}") != std::string::npos;
}

struct FilterState {
  std::optional<ratelimit::RateLimiter> limiter;
  struct Pending {
    ratelimit::Decision route;
    std::string bucket_template;
  };
  // Router::handle runs one request at a time on the service thread: pre-filter, handler,
  // post-filter. The route decision waits here for the post-filter of the same request.
  std::optional<Pending> pending;
};

}  // namespace

std::string format_seconds(ratelimit::Seconds seconds) {
  const long long ms = std::max(0LL, std::llround(seconds.count() * 1000.0));
  if (ms % 1000 == 0) return std::to_string(ms / 1000);
  return trim_decimal(fmt::format("{}.{:03}", ms / 1000, ms % 1000));
}

http::Response rate_limited_response(ProtocolMode mode, const RateLimitInfo& info, system_clock::time_point now) {
  // Body retry_after: fractional seconds until one more request fits, never below 0.001.
  const double retry = std::max(0.001, std::round(info.retry_after.count() * 1000.0) / 1000.0);
  auto body = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "code"), json::string(w, "RATE_LIMITED");
    json::key(w, "message"), json::string(w, "You are being rate limited.");
    json::key(w, "global"), w.Bool(info.global);
    json::key(w, "retry_after"), w.Double(retry);
    w.EndObject();
  });
  auto r = http::Response::json(429, std::move(body));
  const auto retry_header = static_cast<long long>(std::ceil(info.retry_after.count() - 1e-9));
  if (mode == ProtocolMode::A) {
    r.set_header("X-RateLimit-Global", info.global ? "true" : "false");
    r.set_header("X-RateLimit-Limit", std::to_string(info.limit));
    r.set_header("X-RateLimit-Remaining", "0");
    r.set_header("X-RateLimit-Reset", reset_floor(now, info.reset_after));
    r.set_header("Retry-After", std::to_string(std::max(0LL, retry_header)));
    return r;
  }
  r.set_header("Retry-After", std::to_string(std::max(1LL, retry_header)));
  if (info.global) {
    r.set_header("X-RateLimit-Global", "true");
    r.set_header("X-RateLimit-Scope", "global");
    return r;
  }
  r.set_header("X-RateLimit-Scope", "user");
  r.set_header("X-RateLimit-Limit", std::to_string(info.limit));
  r.set_header("X-RateLimit-Remaining", "0");
  r.set_header("X-RateLimit-Reset", reset_next_second(now, info.reset_after));
  r.set_header("X-RateLimit-Reset-After", format_exact(info.reset_after));
  if (!info.bucket_template.empty()) r.set_header("X-RateLimit-Bucket", ratelimit::bucket_hash(info.bucket_template));
  return r;
}

void add_rate_limit_headers(http::Response& response, ProtocolMode mode, const ratelimit::Decision& decision,
                            std::string_view bucket_template, system_clock::time_point now) {
  response.set_header("X-RateLimit-Limit", std::to_string(decision.limit));
  response.set_header("X-RateLimit-Remaining", std::to_string(decision.remaining));
  if (mode == ProtocolMode::A) {
    response.set_header("X-RateLimit-Reset", reset_floor(now, decision.reset_after));
    return;
  }
  response.set_header("X-RateLimit-Reset", reset_next_second(now, decision.reset_after));
  response.set_header("X-RateLimit-Reset-After", format_seconds(decision.reset_after));
  response.set_header("X-RateLimit-Bucket", ratelimit::bucket_hash(bucket_template));
}

void register_rate_limits(Router& router) {
  auto state = std::make_shared<FilterState>();
  router.add_pre_filter([state](RequestContext& ctx) -> std::optional<http::Response> {
    state->pending.reset();
    const auto& options = ctx.services.options;
    // A route without a declared bucket (e.g. /applications/@me, attachment downloads) is
    // not rate limited at all, as on the real server.
    if (!options.rate_limits || ctx.route.bucket.empty()) return std::nullopt;
    if (!state->limiter) {
      state->limiter.emplace(
          options.mode == ProtocolMode::A ? ratelimit::Algorithm::FixedWindow : ratelimit::Algorithm::LeakyBucket,
          ratelimit::Scale{options.rate_limit_scale, options.rate_limit_time_scale, options.global_rate_limit});
    }
    const auto bucket_template = ratelimit::full_template(ctx.route.bucket, ctx.route.major_param);
    // Keyed by the account when a credential resolved, else by the client address.
    const std::string identity = ctx.identity ? "user:" + ctx.identity->user_id.str() : "ip:127.0.0.1";
    const std::string_view major =
        ctx.route.major_param.empty() ? std::string_view{} : ctx.param(ctx.route.major_param);
    const auto verdict = state->limiter->check(identity, bucket_template, major, ratelimit::Clock::now());
    const auto now = system_clock::now();
    using Kind = ratelimit::Verdict::Kind;
    if (verdict.kind == Kind::GlobalLimited) {
      const auto& g = *verdict.global;
      return rate_limited_response(options.mode, {true, g.retry_after, g.limit, g.reset_after, ""}, now);
    }
    if (verdict.kind == Kind::RouteLimited) {
      const auto& d = *verdict.route;
      return rate_limited_response(options.mode, {false, d.retry_after, d.limit, d.reset_after, bucket_template}, now);
    }
    if (verdict.route) state->pending = FilterState::Pending{*verdict.route, bucket_template};
    return std::nullopt;
  });
  router.add_post_filter([state](RequestContext& ctx, http::Response& response) {
    auto pending = std::move(state->pending);
    state->pending.reset();
    if (!pending) return;
    const auto mode = ctx.services.options.mode;
    if (mode == ProtocolMode::B) {
      // [B] sends route headers on success only to bot credentials, or to a request that
      // resolved no account on a route with both a webhook id and a token.
      const bool success = response.status >= 200 && response.status < 300;
      const bool bot = ctx.identity && ctx.identity->is_bot();
      const bool webhook_token = !ctx.identity && is_webhook_token_route(ctx.route);
      if (!success || !(bot || webhook_token)) return;
    }
    add_rate_limit_headers(response, mode, pending->route, pending->bucket_template, system_clock::now());
  });
}

}  // namespace fluxer::emulator::rest
