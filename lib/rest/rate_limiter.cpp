#include "rest/rate_limiter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace fluxer::rest {
namespace {

using std::chrono::duration;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

/// Responses whose reset times differ by less than this describe the same window.
constexpr milliseconds kSameWindow{50};
/// Longest wait honoured from a server value (guards against absurd or hostile numbers).
constexpr double kMaxWaitSeconds = 24.0 * 3600.0;

/// A non-negative count, clamped to kMaxHeaderCount (digits beyond int64 clamp too).
std::optional<std::int64_t> parse_int(std::string_view s) {
  s = trim_http(s);
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
    if (v > kMaxHeaderCount) return kMaxHeaderCount;
  }
  return v;
}

/// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") as Unix seconds.
std::optional<double> parse_http_date(std::string_view s) {
  s = trim_http(s);
  if (s.size() != 29 || s[3] != ',' || s.substr(25) != " GMT") return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const auto month_pos = kMonths.find(s.substr(8, 3));
  const auto day = num(5, 2), year = num(12, 4), hour = num(17, 2), minute = num(20, 2), second = num(23, 2);
  if (month_pos == std::string_view::npos || month_pos % 3 != 0 || !day || !year || !hour || !minute || !second)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                        std::chrono::month{static_cast<unsigned>(month_pos / 3 + 1)},
                                        std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return static_cast<double>(days) * 86400.0 + *hour * 3600.0 + *minute * 60.0 + *second;
}

/// A non-negative finite decimal ("0.428", "3", "1700000000.123").
std::optional<double> parse_seconds(std::string_view s) {
  s = trim_http(s);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

/// `seconds` (a server value) as a duration, rounded to the microsecond, within [0, 24 h].
std::chrono::microseconds to_duration(double seconds) {
  seconds = std::clamp(seconds, 0.0, kMaxWaitSeconds);
  return std::chrono::round<std::chrono::microseconds>(duration<double>(seconds));
}

SteadyTime after(SteadyTime now, double seconds) {
  return now + to_duration(seconds);
}

}  // namespace

void RateLimitInfo::read_headers(const HeaderList& headers) {
  for (const auto& [name, value] : headers) {
    if (iequals_ascii(name, "X-RateLimit-Limit")) {
      limit = parse_int(value);
    } else if (iequals_ascii(name, "X-RateLimit-Remaining")) {
      remaining = parse_int(value);
    } else if (iequals_ascii(name, "X-RateLimit-Reset-After")) {
      reset_after = parse_seconds(value);
    } else if (iequals_ascii(name, "X-RateLimit-Reset")) {
      reset = parse_seconds(value);
    } else if (iequals_ascii(name, "X-RateLimit-Bucket")) {
      const auto v = trim_http(value);
      if (!v.empty()) bucket = std::string(v);
    } else if (iequals_ascii(name, "X-RateLimit-Global")) {
      global = global || iequals_ascii(trim_http(value), "true");
    } else if (iequals_ascii(name, "X-RateLimit-Scope")) {
      scope = std::string(trim_http(value));
    } else if (iequals_ascii(name, "Retry-After")) {
      retry_after_header = parse_seconds(value);
    } else if (iequals_ascii(name, "Date")) {
      date = parse_http_date(value);
    }
  }
}

// ---------------------------------------------------------------------------- limiter

RateLimiter::RateLimiter(Options options, std::shared_ptr<GlobalRateLimit> global)
    : options_(options), global_(global ? std::move(global) : std::make_shared<InProcessGlobalLimit>()) {}

std::string RateLimiter::bucket_of(const RouteKey& key) const {
  const auto named = route_bucket_.find(key.route);
  std::string out = named != route_bucket_.end() ? named->second : key.route;
  out.push_back('|');
  out.append(key.major);
  return out;
}

Acquire RateLimiter::try_acquire(const RouteKey& key, SteadyTime now, WallTime wall_now) {
  std::string name = bucket_of(key);
  Bucket& b = buckets_[name];
  b.last_used = now;

  if (now < b.blocked_until) return {Acquire::Kind::WaitUntil, b.blocked_until, {}};
  if (!b.known) {
    if (b.in_flight > 0) return {Acquire::Kind::WaitForResponse, {}, {}};
  } else if (!b.unlimited) {
    refill(b, now);
    if (b.remaining - b.in_flight <= 0) {
      if (const auto at = next_slot(b); at > now) return {Acquire::Kind::WaitUntil, at, {}};
      return {Acquire::Kind::WaitForResponse, {}, {}};
    }
  }
  if (!key.global_exempt) {
    const SlotGrant grant = global_->reserve(1, wall_now);
    if (grant.granted == 0) {
      // Wall-clock answer, steady-clock wait: at least a millisecond, at most a day.
      const auto wait = std::clamp(duration_cast<std::chrono::microseconds>(grant.retry_at - wall_now),
                                   std::chrono::microseconds(1000),
                                   duration_cast<std::chrono::microseconds>(duration<double>(kMaxWaitSeconds)));
      return {Acquire::Kind::WaitUntil, now + wait, {}};
    }
  }
  ++b.in_flight;
  return {Acquire::Kind::Go, {}, std::move(name)};
}

void RateLimiter::refill(Bucket& b, SteadyTime now) {
  if (now >= b.reset_at) {
    b.remaining = b.limit;  // the window passed, or the bucket drained
    return;
  }
  if (b.leak_per_second <= 0 || now <= b.leak_from) return;
  const double gained = std::floor(duration<double>(now - b.leak_from).count() * b.leak_per_second);
  if (gained < 1) return;
  b.remaining = std::min(b.limit, b.remaining + static_cast<std::int64_t>(gained));
  b.leak_from += duration_cast<std::chrono::microseconds>(duration<double>(gained / b.leak_per_second));
}

SteadyTime RateLimiter::next_slot(const Bucket& b) {
  if (b.leak_per_second <= 0) return b.reset_at;
  // Slots needed beyond what is left: the requests in flight, plus this one.
  const auto needed = static_cast<double>(b.in_flight - b.remaining + 1);
  const double wait = needed / b.leak_per_second;
  // Never later than the full drain (this also keeps the conversion below in range).
  if (!(wait < duration<double>(b.reset_at - b.leak_from).count())) return b.reset_at;
  return b.leak_from + std::chrono::ceil<std::chrono::microseconds>(duration<double>(wait));
}

RateLimiter::Bucket& RateLimiter::bucket_for_permit(const std::string& permit) {
  // A permit names a bucket that exists: buckets with requests in flight are never collected.
  return buckets_[permit];
}

void RateLimiter::release(const std::string& permit) {
  Bucket& b = bucket_for_permit(permit);
  if (b.in_flight > 0) --b.in_flight;
}

void RateLimiter::on_failure(const std::string& permit) {
  Bucket& b = bucket_for_permit(permit);
  if (b.in_flight > 0) --b.in_flight;
  if (b.known && !b.unlimited && b.remaining > 0) --b.remaining;
}

void RateLimiter::learn(Bucket& b, const RateLimitInfo& info, SteadyTime now, WallTime wall_now) {
  if (!info.limit && !info.remaining) {
    if (info.status >= 200 && info.status < 300 && !b.known) {
      b.known = true;  // a successful answer without any rate-limit header: the route has no bucket
      b.unlimited = true;
    } else if (b.known && !b.unlimited && b.remaining > 0) {
      --b.remaining;  // [B] sends no headers on failures; the request still counted
    }
    return;
  }

  SteadyTime reset_at = now + options_.default_retry;
  if (info.reset_after) {
    reset_at = after(now, *info.reset_after);
  } else if (info.reset) {
    // [A] sends whole seconds, rounded down: the window ends within the following second.
    double reset = std::clamp(*info.reset, 0.0, 1e11);  // Unix seconds; 1e11 is the year 5138
    if (reset == std::floor(reset)) reset += 1.0;
    const auto reset_wall = std::chrono::round<std::chrono::microseconds>(duration<double>(reset));
    auto wall = duration_cast<std::chrono::microseconds>(wall_now.time_since_epoch());
    // `Reset` is on the server's clock. When ours is outside the second its `Date` names,
    // our clock is skewed: count from the start of that second (never later than the
    // server's real time, so the wait is never too short).
    if (info.date) {
      const auto date =
          std::chrono::round<std::chrono::microseconds>(duration<double>(std::clamp(*info.date, 0.0, 1e11)));
      if (wall < date || wall > date + std::chrono::seconds(1)) wall = date;
    }
    reset_at = now + std::clamp(reset_wall - wall, std::chrono::microseconds::zero(),
                                duration_cast<std::chrono::microseconds>(duration<double>(kMaxWaitSeconds)));
  }
  const std::int64_t limit = std::max<std::int64_t>(info.limit.value_or(b.known && !b.unlimited ? b.limit : 1), 1);
  const std::int64_t remaining = std::min(info.remaining.value_or(0), limit);

  const bool expired = b.reset_at <= now;
  if (!b.known || b.unlimited || expired || reset_at > b.reset_at + kSameWindow) {
    b.remaining = remaining;  // a fresher view (a new window, or a later drain time)
    b.reset_at = reset_at;
  } else if (reset_at + kSameWindow >= b.reset_at) {
    b.remaining = std::min(b.remaining, remaining);  // the same window: the lowest count is the newest
    b.reset_at = std::max(b.reset_at, reset_at);
  } else {
    return;  // an older view arriving late; ignore it
  }
  b.leak_per_second = 0;
  if (info.reset_after && *info.reset_after > 0 && limit > b.remaining) {
    const double drain = duration<double>(to_duration(*info.reset_after)).count();  // bounded to 24 h
    b.leak_per_second = static_cast<double>(limit - b.remaining) / std::max(drain, 1e-6);
    b.leak_from = now;
  }
  b.known = true;
  b.unlimited = false;
  b.limit = limit;
}

Verdict RateLimiter::on_response(const RouteKey& key, const std::string& permit, const RateLimitInfo& info,
                                 SteadyTime now, WallTime wall_now) {
  release(permit);
  if (info.bucket) route_bucket_[key.route] = *info.bucket;

  const double fallback = duration<double>(options_.default_retry).count();
  if (info.status == 503) {
    return {true, after(now, info.retry_after_header.value_or(fallback))};
  }
  if (info.status == 429) {
    const double wait = info.retry_after_body.value_or(info.retry_after_header.value_or(fallback));
    const SteadyTime until = after(now, wait);
    const bool global = info.global || (info.scope && *info.scope == "global");
    if (global) {
      if (!key.global_exempt) global_->block_until(wall_now + (until - now));
    } else if (info.code != "RESOURCE_LOCKED" && (info.limit || info.remaining || info.bucket || info.scope)) {
      Bucket& b = buckets_[bucket_of(key)];
      learn(b, info, now, wall_now);
      b.remaining = 0;
      b.blocked_until = std::max(b.blocked_until, until);
      // The body's retry_after is when one more request fits; for a fixed window that is
      // its reset (and an [A] whole-second header would make us wait longer than needed).
      if (b.leak_per_second <= 0) b.reset_at = std::min(b.reset_at, until);
    }
    // RESOURCE_LOCKED and other 429s without bucket headers: only this request waits.
    return {true, until};
  }
  Bucket& b = buckets_[bucket_of(key)];
  b.last_used = now;
  learn(b, info, now, wall_now);
  return {};
}

std::size_t RateLimiter::collect(SteadyTime now) {
  return std::erase_if(buckets_, [&](const auto& entry) {
    const Bucket& b = entry.second;
    return b.in_flight == 0 && std::max({b.reset_at, b.blocked_until, b.last_used}) + options_.idle_expiry <= now;
  });
}

}  // namespace fluxer::rest
