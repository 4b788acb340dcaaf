#pragma once
// REST rate limiting (fluxer-protocol.md §5.2), sans-IO: every call takes the time, so the
// logic is unit-tested with a fake clock. The router hook that applies it to requests and
// writes the headers of each mode lives in emulator/rest/rate_limit_filter.*.
//
// Buckets are keyed by caller identity + bucket template + the substituted major
// parameter ("user:42:channel:message:create:<channel id>"): one allowance per channel.
// [A] counts fixed windows that start with the first request; [B] uses leaky buckets that
// drain continuously at limit/window. In both a denied request consumes nothing, and the
// global bucket (50 per second per identity) is evaluated before the route bucket, which is
// consumed only when the global check admits the request.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fluxer::emulator::ratelimit {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

/// A declared route bucket: `limit` requests per `window`.
struct BucketConfig {
  int limit = 0;
  std::chrono::milliseconds window{0};
  bool exempt_from_global = false;  ///< webhook execution buckets
};

/// The declared bucket of a template such as "channel:message:create::channel_id" (the
/// route buckets of the real server); nullopt when the emulator does not know the template.
[[nodiscard]] std::optional<BucketConfig> bucket_config(std::string_view bucket_template);
/// The real server's "default" bucket, used for a template the table does not know: 60 per 10 s.
[[nodiscard]] BucketConfig default_bucket() noexcept;
/// The first 16 hex characters of SHA-256(template) — [B] `X-RateLimit-Bucket`: it names
/// the route's declared bucket, never the caller or the substituted parameter.
[[nodiscard]] std::string bucket_hash(std::string_view bucket_template);
/// ("channel:message:create", "channel_id") → "channel:message:create::channel_id";
/// ("user:channels", "") → "user:channels".
[[nodiscard]] std::string full_template(std::string_view bucket, std::string_view major_param);

enum class Algorithm {
  FixedWindow,  ///< [A]
  LeakyBucket,  ///< [B]
};

/// One bucket's answer for one request.
struct Decision {
  bool allowed = true;
  int limit = 0;
  int remaining = 0;       ///< whole requests still admitted (0 when denied)
  Seconds reset_after{0};  ///< until the bucket is whole again ([A]: the window ends)
  Seconds retry_after{0};  ///< when denied: until one more request is admitted
};

/// Keyed buckets sharing one algorithm.
class BucketSet {
 public:
  explicit BucketSet(Algorithm algorithm) noexcept : algorithm_(algorithm) {}
  /// Admits (and counts) one request in bucket `key`, or denies it without counting.
  Decision acquire(const std::string& key, int limit, Clock::duration window, Clock::time_point now);
  /// Forgets buckets that are whole again, so memory stays bounded by recent traffic.
  void prune(Clock::time_point now);
  [[nodiscard]] std::size_t size() const noexcept { return states_.size(); }

 private:
  struct State {
    // FixedWindow: the window ends at `end`, `count` requests admitted in it.
    Clock::time_point end{};
    int count = 0;
    // LeakyBucket: `level` requests in the bucket at `updated`, draining at limit/window.
    double level = 0;
    Clock::time_point updated{};
    Clock::duration window{};
    int limit = 0;
  };
  Algorithm algorithm_;
  std::unordered_map<std::string, State> states_;
};

/// How allowances and windows are scaled (ServerOptions::rate_limit_*).
struct Scale {
  double limit = 1.0;  ///< multiplies allowances (at least 1 remains)
  double time = 1.0;   ///< multiplies windows
  int global_limit = 50;
};

/// What the limiter decided for one request.
struct Verdict {
  enum class Kind { Allowed, RouteLimited, GlobalLimited };
  Kind kind = Kind::Allowed;
  std::optional<Decision> global;  ///< evaluated unless the route is exempt
  std::optional<Decision> route;   ///< evaluated when the global check admitted the request
};

/// The global bucket plus the route buckets of one server.
class RateLimiter {
 public:
  RateLimiter(Algorithm algorithm, Scale scale) noexcept;
  /// Checks one request. `identity` is "user:<id>" (or "ip:<address>" when no account
  /// resolved), `bucket_template` the route's full template ("" = no route bucket: only the
  /// global limit applies) and `major_value` the value of its major parameter.
  Verdict check(std::string_view identity, std::string_view bucket_template, std::string_view major_value,
                Clock::time_point now);
  /// The scaled allowance and window of a template.
  [[nodiscard]] BucketConfig scaled(std::string_view bucket_template) const;
  [[nodiscard]] Algorithm algorithm() const noexcept { return algorithm_; }
  /// Buckets currently tracked (both sets).
  [[nodiscard]] std::size_t tracked() const noexcept { return global_.size() + routes_.size(); }

 private:
  [[nodiscard]] int scale_limit(int limit) const noexcept;
  [[nodiscard]] Clock::duration scale_window(std::chrono::milliseconds window) const noexcept;

  Algorithm algorithm_;
  Scale scale_;
  BucketSet global_;
  BucketSet routes_;
  Clock::time_point next_prune_{};
};

}  // namespace fluxer::emulator::ratelimit
