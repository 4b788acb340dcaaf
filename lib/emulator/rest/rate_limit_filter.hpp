#pragma once
// The router hook for REST rate limits (fluxer-protocol.md §5.2) and the headers and 429
// bodies of each mode. The limiter itself (emulator/rate_limit.*) is sans-IO.

#include <chrono>
#include <string>
#include <string_view>

#include <fluxer/emulator/options.hpp>

#include "emulator/http/http.hpp"
#include "emulator/rate_limit.hpp"

namespace fluxer::emulator::rest {

class Router;

/// Adds the pre-filter (429 before the handler, counting every routed request whose route
/// declares a bucket) and the post-filter (route headers on the response) to `router`.
/// Reads ServerOptions::rate_limits / rate_limit_* at the first request.
void register_rate_limits(Router& router);

/// What a 429 RATE_LIMITED reports.
struct RateLimitInfo {
  bool global = false;
  ratelimit::Seconds retry_after{0};  ///< until one more request is admitted
  int limit = 0;                      ///< the denying bucket's allowance
  ratelimit::Seconds reset_after{0};  ///< until that bucket is whole again
  std::string bucket_template;        ///< "" when unknown (no [B] X-RateLimit-Bucket then)
};

/// A 429 `{"code":"RATE_LIMITED","message":...,"global":...,"retry_after":<seconds>}` with
/// the headers of `mode`: [A] X-RateLimit-Global true/false, Limit, Remaining 0, Reset
/// (Unix seconds, floor), Retry-After (ceil); [B] Retry-After (≥ 1), X-RateLimit-Scope and,
/// for a route bucket, Limit, Remaining 0, Reset, Reset-After, Bucket, or for the global
/// bucket only X-RateLimit-Global: true.
[[nodiscard]] http::Response rate_limited_response(ProtocolMode mode, const RateLimitInfo& info,
                                                   std::chrono::system_clock::time_point now);

/// The route headers of an admitted request: Limit, Remaining, Reset; [B] adds Reset-After
/// and Bucket. (Which responses carry them is the filter's decision.)
void add_rate_limit_headers(http::Response& response, ProtocolMode mode, const ratelimit::Decision& decision,
                            std::string_view bucket_template, std::chrono::system_clock::time_point now);

/// Seconds with millisecond precision and no trailing zeros: 1.5 → "1.5", 10 → "10".
[[nodiscard]] std::string format_seconds(ratelimit::Seconds seconds);

}  // namespace fluxer::emulator::rest
