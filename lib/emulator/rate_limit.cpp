#include "emulator/rate_limit.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <openssl/evp.h>

namespace fluxer::emulator::ratelimit {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct Entry {
  std::string_view name;
  BucketConfig config;
};

constexpr milliseconds k10s{10'000};
constexpr milliseconds k60s{60'000};

// The route buckets of the real server (fluxer_api/src/rate_limit_configs/*.ts [A]; the [B]
// webhook message buckets from topics/rate-limits.md, which names them but not their
// allowance: they take the execute bucket's 60 per 60 s here).
constexpr std::array kBuckets = {
    Entry{"channel:read::channel_id", {100, k10s}},
    Entry{"channel:update::channel_id", {20, k10s}},
    Entry{"channel:delete::channel_id", {20, k10s}},
    Entry{"channel:messages:read::channel_id", {100, k10s}},
    Entry{"channel:message:read::channel_id", {100, k10s}},
    Entry{"channel:message:create::channel_id", {20, k10s}},
    Entry{"channel:message:update::channel_id", {20, k10s}},
    Entry{"channel:message:delete::channel_id", {20, k10s}},
    Entry{"channel:message:bulk_delete::channel_id", {10, k10s}},
    Entry{"channel:typing::channel_id", {20, k10s}},
    Entry{"channel:pins::channel_id", {20, k10s}},
    Entry{"channel:reactions::channel_id", {30, k10s}},
    Entry{"channel:attachment:upload::channel_id", {10, k10s}},
    Entry{"guild:create", {10, k60s}},
    Entry{"guild:list", {40, k10s}},
    Entry{"guild:read::guild_id", {100, k10s}},
    Entry{"guild:update::guild_id", {20, k10s}},
    Entry{"guild:delete::guild_id", {10, k60s}},
    Entry{"guild:leave::guild_id", {10, k10s}},
    Entry{"guild:vanity_url:get::guild_id", {100, k10s}},
    Entry{"guild:vanity_url:patch::guild_id", {10, k60s}},
    Entry{"guild:members::guild_id", {40, k10s}},
    Entry{"guild:member:update::guild_id", {20, k10s}},
    Entry{"guild:member:remove::guild_id", {20, k10s}},
    Entry{"guild:member:role:add::guild_id", {20, k10s}},
    Entry{"guild:member:role:remove::guild_id", {20, k10s}},
    Entry{"guild:channels:list::guild_id", {60, k10s}},
    Entry{"guild:channel:create::guild_id", {10, k60s}},
    Entry{"guild:channel:positions::guild_id", {30, k10s}},
    Entry{"guild:audit_logs::guild_id", {20, k10s}},
    Entry{"guild:role:create::guild_id", {10, k60s}},
    Entry{"guild:role:update::guild_id", {20, k10s}},
    Entry{"guild:role:delete::guild_id", {10, k60s}},
    Entry{"guild:role:positions::guild_id", {20, k10s}},
    Entry{"guild:role:list::guild_id", {60, k10s}},
    Entry{"guild:emojis:list::guild_id", {60, k10s}},
    Entry{"guild:emoji:create::guild_id", {20, k10s}},
    Entry{"guild:emoji:update::guild_id", {20, k10s}},
    Entry{"guild:emoji:delete::guild_id", {20, k10s}},
    Entry{"invite:read::invite_code", {100, k10s}},
    Entry{"invite:accept", {10, k10s}},
    Entry{"invite:create::channel_id", {20, k60s}},
    Entry{"invite:delete::invite_code", {20, k10s}},
    Entry{"invite:list::channel_id", {40, k10s}},
    Entry{"invite:list::guild_id", {40, k10s}},
    Entry{"user:read::user_id", {100, k10s}},
    Entry{"user:profile::target_id", {100, k10s}},
    Entry{"user:settings:get", {40, k10s}},
    Entry{"user:update", {20, k60s}},
    Entry{"user:channels", {40, k10s}},
    Entry{"webhook:list::guild_id", {40, k10s}},
    Entry{"webhook:list::channel_id", {40, k10s}},
    Entry{"webhook:create::channel_id", {10, k60s}},
    Entry{"webhook:read::webhook_id", {100, k10s}},
    Entry{"webhook:update::webhook_id", {20, k10s}},
    Entry{"webhook:delete::webhook_id", {20, k10s}},
    Entry{"webhook:execute::webhook_id", {60, k60s, true}},
    Entry{"webhook:github::webhook_id", {200, k60s, true}},
    Entry{"webhook:message_get::webhook_id", {60, k60s, true}},
    Entry{"webhook:message_edit::webhook_id", {60, k60s, true}},
    Entry{"webhook:message_delete::webhook_id", {60, k60s, true}},
    Entry{"instance:info", {60, k60s}},
    Entry{"gateway:bot_info", {60, k60s}},
    Entry{"default", {60, k10s}},
};

constexpr auto kGlobalWindow = seconds{1};

Seconds to_seconds(Clock::duration d) {
  return std::chrono::duration_cast<Seconds>(d);
}

}  // namespace

std::optional<BucketConfig> bucket_config(std::string_view bucket_template) {
  for (const auto& e : kBuckets)
    if (e.name == bucket_template) return e.config;
  return std::nullopt;
}

BucketConfig default_bucket() noexcept {
  return {60, k10s, false};
}

std::string bucket_hash(std::string_view bucket_template) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bucket_template.data(), bucket_template.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 8 && i < length; ++i) {
    out += kHex[digest[i] >> 4U];
    out += kHex[digest[i] & 0x0FU];
  }
  return out;
}

std::string full_template(std::string_view bucket, std::string_view major_param) {
  std::string out(bucket);
  if (!bucket.empty() && !major_param.empty()) {
    out += "::";
    out += major_param;
  }
  return out;
}

// ---------------------------------------------------------------- BucketSet

Decision BucketSet::acquire(const std::string& key, int limit, Clock::duration window, Clock::time_point now) {
  limit = std::max(limit, 1);
  window = std::max<Clock::duration>(window, std::chrono::milliseconds{1});
  auto [it, inserted] = states_.try_emplace(key);
  auto& s = it->second;
  s.limit = limit;
  s.window = window;
  Decision d;
  d.limit = limit;
  if (algorithm_ == Algorithm::FixedWindow) {
    if (inserted || now >= s.end) {
      s.end = now + window;
      s.count = 0;
    }
    d.reset_after = to_seconds(s.end - now);
    if (s.count >= limit) {
      d.allowed = false;
      d.remaining = 0;
      d.retry_after = d.reset_after;
      return d;
    }
    ++s.count;
    d.remaining = limit - s.count;
    return d;
  }
  // Leaky bucket: `level` requests drain at limit/window per second.
  const double per_second = static_cast<double>(limit) / to_seconds(window).count();
  if (inserted) s.updated = now;
  const double drained = std::max(0.0, to_seconds(now - s.updated).count()) * per_second;
  s.level = std::max(0.0, s.level - drained);
  s.updated = now;
  constexpr double kEpsilon = 1e-9;
  if (s.level + 1.0 > static_cast<double>(limit) + kEpsilon) {
    d.allowed = false;
    d.remaining = 0;
    d.retry_after = Seconds{(s.level + 1.0 - static_cast<double>(limit)) / per_second};
    d.reset_after = Seconds{s.level / per_second};
    return d;
  }
  s.level += 1.0;
  d.remaining = std::max(0, static_cast<int>(std::floor(static_cast<double>(limit) - s.level + kEpsilon)));
  d.reset_after = Seconds{s.level / per_second};
  return d;
}

void BucketSet::prune(Clock::time_point now) {
  std::erase_if(states_, [&](const auto& kv) {
    const auto& s = kv.second;
    if (algorithm_ == Algorithm::FixedWindow) return now >= s.end;
    const double per_second = static_cast<double>(s.limit) / to_seconds(s.window).count();
    return s.level - std::max(0.0, to_seconds(now - s.updated).count()) * per_second <= 0.0;
  });
}

// ---------------------------------------------------------------- RateLimiter

RateLimiter::RateLimiter(Algorithm algorithm, Scale scale) noexcept
    : algorithm_(algorithm), scale_(scale), global_(algorithm), routes_(algorithm) {}

int RateLimiter::scale_limit(int limit) const noexcept {
  const double scaled = std::floor(static_cast<double>(limit) * scale_.limit);
  if (!(scaled >= 1.0)) return 1;  // also catches NaN
  if (scaled > 1e9) return 1'000'000'000;
  return static_cast<int>(scaled);
}

Clock::duration RateLimiter::scale_window(std::chrono::milliseconds window) const noexcept {
  double factor = scale_.time;
  if (!(factor > 0.0)) factor = 1.0;
  const auto scaled = std::chrono::duration<double, std::milli>(static_cast<double>(window.count()) * factor);
  return std::max<Clock::duration>(std::chrono::duration_cast<Clock::duration>(scaled), std::chrono::milliseconds{1});
}

BucketConfig RateLimiter::scaled(std::string_view bucket_template) const {
  auto config = bucket_config(bucket_template).value_or(default_bucket());
  config.limit = scale_limit(config.limit);
  config.window = std::chrono::duration_cast<std::chrono::milliseconds>(scale_window(config.window));
  return config;
}

Verdict RateLimiter::check(std::string_view identity, std::string_view bucket_template, std::string_view major_value,
                           Clock::time_point now) {
  if (now >= next_prune_ || tracked() > 50'000) {
    global_.prune(now);
    routes_.prune(now);
    next_prune_ = now + std::chrono::seconds{10};
  }
  Verdict v;
  const auto config = bucket_template.empty()
                          ? std::optional<BucketConfig>{}
                          : std::optional<BucketConfig>{bucket_config(bucket_template).value_or(default_bucket())};
  if (!config || !config->exempt_from_global) {
    v.global = global_.acquire(std::string(identity), scale_limit(scale_.global_limit),
                               scale_window(std::chrono::duration_cast<std::chrono::milliseconds>(kGlobalWindow)), now);
    if (!v.global->allowed) {
      v.kind = Verdict::Kind::GlobalLimited;
      return v;
    }
  }
  if (config) {
    // The key substitutes the major parameter into the template, as the real server does:
    // "<identity>:channel:message:create:<channel id>".
    std::string key(identity);
    key += ':';
    const auto marker = bucket_template.find("::");
    if (marker != std::string_view::npos && !major_value.empty()) {
      key.append(bucket_template.substr(0, marker + 1));
      key.append(major_value);
    } else {
      key.append(bucket_template);
    }
    v.route = routes_.acquire(key, scale_limit(config->limit), scale_window(config->window), now);
    if (!v.route->allowed) v.kind = Verdict::Kind::RouteLimited;
  }
  return v;
}

}  // namespace fluxer::emulator::ratelimit
