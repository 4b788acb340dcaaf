#pragma once
/// @file
/// The REST rate limiter: a sans-IO core that decides "send now" or "wait until t" for
/// each request and learns from response headers and 429 bodies (protocol §5.2).
///
/// It never reads a clock, touches a socket or sleeps: every call takes the time now
/// (a steady_clock time point; responses also take the wall-clock time, which
/// `X-RateLimit-Reset` is expressed in). It is not thread-safe: one owner (the REST
/// worker) calls it, or the caller serialises.
///
/// Rules it follows (and the mistakes of other SDKs it avoids, DESIGN.md "Lessons"):
/// - buckets are per route template + major parameter; once the server names a bucket
///   (`X-RateLimit-Bucket`, [B]) every route with that name shares one allowance per major
///   parameter;
/// - until a bucket's limits are known, one request at a time goes to it, so a burst
///   cannot overrun an unknown limit (no check-then-send race);
/// - requests in flight count against `remaining`; a stale response (an older view of the
///   bucket, arriving late) never raises `remaining`;
/// - reset times keep millisecond precision ([B] `X-RateLimit-Reset-After`); an [A]
///   whole-second `X-RateLimit-Reset` (a floor) is read as the end of that second;
/// - [B] buckets leak: with `Reset-After` = time until fully drained, slots come back one by
///   one at (limit - remaining) / reset_after per second, not all at the reset;
/// - a 429 blocks its bucket, or everything when it is global, for the body's fractional
///   `retry_after` and asks for a retry; RESOURCE_LOCKED and 503 ask for a retry of that
///   request only;
/// - a bot-wide 50 requests/s ceiling is kept proactively (webhook execution exempt),
///   through the shared GlobalRateLimit interface (wall-clock slots, so a store shared by
///   several processes can implement it);
/// - every number read from a header is bounded (a hostile `X-RateLimit-Limit` near 2^63
///   cannot overflow anything), and an [A] whole-second `X-RateLimit-Reset` is read against
///   the server's `Date` when our clock disagrees with it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fluxer/rest/global_limit.hpp>

#include "rest/headers.hpp"
#include "rest/route.hpp"

namespace fluxer::rest {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

/// The largest request count read from a header; larger values are clamped to it.
inline constexpr std::int64_t kMaxHeaderCount = 1'000'000;

/// The rate-limit facts of one HTTP response (what the REST client read from its headers
/// and, for a 429, its JSON body). Absent headers stay nullopt.
struct RateLimitInfo {
  int status = 0;                            ///< HTTP status; 0 = no response (transport failure)
  std::optional<std::int64_t> limit;         ///< X-RateLimit-Limit
  std::optional<std::int64_t> remaining;     ///< X-RateLimit-Remaining
  std::optional<double> reset_after;         ///< X-RateLimit-Reset-After, seconds ([B])
  std::optional<double> reset;               ///< X-RateLimit-Reset, Unix seconds
  std::optional<std::string> bucket;         ///< X-RateLimit-Bucket ([B])
  bool global = false;                       ///< X-RateLimit-Global: true, or body "global": true
  std::optional<std::string> scope;          ///< X-RateLimit-Scope ([B]): user, global, shared
  std::optional<double> retry_after_header;  ///< Retry-After, seconds
  std::optional<double> retry_after_body;    ///< body "retry_after", fractional seconds
  std::optional<double> date;                ///< Date, Unix seconds (the server's clock)
  std::string code;                          ///< body "code" (RATE_LIMITED, RESOURCE_LOCKED, ...)

  /// Reads the X-RateLimit-*, Retry-After and Date headers (names case-insensitive;
  /// malformed values are ignored, as if absent; counts are clamped to kMaxHeaderCount).
  /// Leaves status, body fields and code alone.
  void read_headers(const HeaderList& headers);
};

/// What try_acquire() decided.
struct Acquire {
  enum class Kind : std::uint8_t {
    Go,               ///< send now; report the outcome with on_response()/on_failure()/release()
    WaitUntil,        ///< ask again at `at`
    WaitForResponse,  ///< the bucket's limits are unknown and a request is in flight: ask again after it ends
  };
  Kind kind = Kind::Go;
  SteadyTime at{};
  /// Set when kind == Go: the bucket the request was counted in; give it back.
  std::string permit;

  [[nodiscard]] bool go() const noexcept { return kind == Kind::Go; }
};

/// What to do with a response.
struct Verdict {
  bool retry = false;  ///< resend the same request (a 429 or 503), not before `at`
  SteadyTime at{};
};

class RateLimiter {
 public:
  struct Options {
    /// How long after its reset an idle bucket is forgotten (bounds memory for bots that
    /// touch many channels).
    std::chrono::milliseconds idle_expiry = std::chrono::minutes(5);
    /// Delay used for a 429/503 that gives no retry time at all.
    std::chrono::milliseconds default_retry = std::chrono::seconds(1);
  };

  /// `global` is the bot-wide ceiling (shared with other limiters, other workers, other
  /// processes); null = an InProcessGlobalLimit of 50 per second.
  explicit RateLimiter(Options options, std::shared_ptr<GlobalRateLimit> global = nullptr);
  RateLimiter() : RateLimiter(Options{}) {}

  /// Asks to send a request of `key` at `now` (`wall_now` is the same instant on the wall
  /// clock, for the global limit). On Go the request is counted (in flight) until
  /// on_response(), on_failure() or release() is called with the returned permit.
  [[nodiscard]] Acquire try_acquire(const RouteKey& key, SteadyTime now, WallTime wall_now);

  /// A response arrived for a request sent under `permit`. Learns the bucket's state and
  /// says whether to retry.
  [[nodiscard]] Verdict on_response(const RouteKey& key, const std::string& permit, const RateLimitInfo& info,
                                    SteadyTime now, WallTime wall_now);
  /// The request was sent but no response came (transport failure): counted as spent.
  void on_failure(const std::string& permit);
  /// The request was never sent (cancelled after try_acquire): its slot is given back.
  void release(const std::string& permit);

  /// Forgets buckets idle for longer than Options::idle_expiry after their reset.
  /// Returns how many were removed. Call now and then (e.g. once a minute).
  std::size_t collect(SteadyTime now);

  /// Number of buckets currently tracked (for tests and metrics).
  [[nodiscard]] std::size_t bucket_count() const noexcept { return buckets_.size(); }
  /// The bucket key `key` maps to now (route or server bucket name, plus major parameter).
  [[nodiscard]] std::string bucket_of(const RouteKey& key) const;

 private:
  struct Bucket {
    bool known = false;      ///< limits learned from a response
    bool unlimited = false;  ///< the route answered without rate-limit headers
    std::int64_t limit = 0;
    std::int64_t remaining = 0;  ///< the server's latest view (requests in flight not included)
    SteadyTime reset_at{};       ///< when `remaining` is back to `limit`
    /// [B] leaky bucket: slots regained per second ((limit - remaining) / reset_after),
    /// counted from `leak_from`; 0 for [A] fixed windows (everything comes back at reset).
    double leak_per_second = 0;
    SteadyTime leak_from{};
    SteadyTime blocked_until{};  ///< after a 429
    std::int64_t in_flight = 0;
    SteadyTime last_used{};  ///< last request or response
  };

  Bucket& bucket_for_permit(const std::string& permit);
  void learn(Bucket& b, const RateLimitInfo& info, SteadyTime now, WallTime wall_now);
  /// Brings `remaining` up to date at `now` (window reset, or slots leaked back).
  static void refill(Bucket& b, SteadyTime now);
  /// When the next slot frees (the reset, or sooner for a leaky bucket).
  static SteadyTime next_slot(const Bucket& b);

  Options options_;
  std::shared_ptr<GlobalRateLimit> global_;
  std::unordered_map<std::string, std::string> route_bucket_;  ///< route template -> server bucket name
  std::unordered_map<std::string, Bucket> buckets_;            ///< bucket key -> state
};

}  // namespace fluxer::rest
