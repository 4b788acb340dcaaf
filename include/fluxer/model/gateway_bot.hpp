#pragma once
/// @file
/// GatewayBotInfo: the `GET /gateway/bot` response.

#include <chrono>
#include <string>

namespace fluxer {

/// Identify budget reported by `GET /gateway/bot`. Fluxer reports constants here.
struct SessionStartLimit {
  int total = 0;
  int remaining = 0;
  std::chrono::milliseconds reset_after{0};
  int max_concurrency = 1;

  friend bool operator==(const SessionStartLimit&, const SessionStartLimit&) = default;
};

/// `GET /gateway/bot`. `url` has no query string: append `?v=1&encoding=json` yourself.
/// There is no separate resume URL.
struct GatewayBotInfo {
  std::string url{};
  /// Always 1.
  int shards = 1;
  SessionStartLimit session_start_limit{};

  friend bool operator==(const GatewayBotInfo&, const GatewayBotInfo&) = default;
};

}  // namespace fluxer
