#pragma once
/// @file
/// RestOptions: how a Rest client connects, retries and limits itself.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <fluxer/core/log.hpp>
#include <fluxer/rest/global_limit.hpp>

namespace fluxer {

/// Options of a Rest client. The defaults suit the hosted instance (fluxer.app).
struct RestOptions {
  /// The API base, `/v1` included, no trailing slash. Self-hosted: `https://host/api/v1`
  /// (or what discovery's `endpoints.api_public` + `/v1` says). `http://` works too.
  std::string api_base = "https://api.fluxer.app/v1";
  /// The bot token `<application_id>.<secret>`, without "Bot ". Sent as
  /// `Authorization: Bot <token>`. May be empty for a client that only uses webhook tokens
  /// and unauthenticated routes.
  std::string token{};

  /// One HTTP attempt (connect + send + receive).
  std::chrono::milliseconds request_timeout{30'000};
  /// Establishing a connection.
  std::chrono::milliseconds connect_timeout{10'000};
  /// The default total time of one call (queueing, rate-limit waits, attempts, retries);
  /// CallOptions::timeout overrides it per call. A call that would have to wait longer
  /// fails with a typed error instead of waiting silently.
  std::chrono::milliseconds call_timeout{60'000};

  /// Network worker threads (each runs one curl multi handle). Requests of one bucket
  /// (one channel, one guild, ...) always go through the same worker, in order.
  std::size_t workers = 1;
  /// Threads of the callback pool a standalone Rest creates (ignored when the executor is
  /// given to the constructor).
  std::size_t callback_threads = 2;

  /// The bot-wide request ceiling shared by every worker (and, with a shared
  /// implementation, by other processes). Null: an InProcessGlobalLimit of
  /// `global_limit_per_window` per `global_window`.
  std::shared_ptr<GlobalRateLimit> global_limit{};
  /// 50 per second on the hosted instance; 1,200 for HIGH_GLOBAL_RATE_LIMIT accounts; 0 = no
  /// ceiling (RATE_LIMIT_BYPASS accounts, an instance without rate limits).
  std::size_t global_limit_per_window = 50;
  std::chrono::milliseconds global_window{1'000};

  /// 429 (RATE_LIMITED, RESOURCE_LOCKED) retries per call. The server refused those
  /// requests before doing anything, so every method is retried.
  int max_rate_limit_retries = 5;
  /// Retries of network failures and 5xx answers (503 included), only for calls that are
  /// safe to repeat: GET, PUT, DELETE, and message creation with a nonce.
  int max_failure_retries = 3;
  /// Backoff of those retries: full jitter over `base × 2^attempt`, capped (a 503's
  /// Retry-After is honoured as a minimum).
  std::chrono::milliseconds retry_backoff_base{250};
  std::chrono::milliseconds retry_backoff_cap{8'000};
  /// Consecutive 401 answers to authenticated requests after which the client stops
  /// sending them and fails every authenticated call with ErrorKind::InvalidToken (a [B]
  /// server bans an address that keeps sending bad tokens). Webhook-token calls go on.
  int max_unauthorized = 3;

  /// Give `create_message` a random nonce when the body has none, so it can be retried
  /// after a network failure: a [B] server returns the original message for a repeated
  /// nonce (within 5 minutes). An [A] server does not deduplicate: a retried create may
  /// then post twice, which is why only a *failure before any response* is retried.
  bool message_nonces = true;

  /// TLS peer and host verification.
  bool verify_tls = true;
  /// A CA bundle file (PEM) instead of the system's.
  std::string ca_bundle{};
  /// A proxy URL (`http://host:3128`, `socks5h://host:1080`); empty = libcurl's default
  /// (the environment's `https_proxy` & co.).
  std::string proxy{};
  /// Connections per host per worker (HTTP/2 multiplexes over fewer when offered).
  std::size_t max_connections_per_host = 8;
  /// Response bodies larger than this fail with a Rest error (RESPONSE_TOO_LARGE).
  std::size_t max_response_bytes = 16U << 20U;

  /// Upload limits checked before sending (§5.5): bytes per file (25 MiB for accounts
  /// without premium; [B] caps bots at 50 MiB) and files per message.
  std::uint64_t max_upload_bytes = 25U << 20U;
  std::size_t max_upload_files = 10;

  /// The URL in `User-Agent: fluxer-cpp (<url>, <version>)`.
  std::string user_agent_url = "https://github.com/fluxer-cpp/fluxer";

  /// Log sink and level of the Logger a standalone Rest creates (ignored when the logger
  /// is given to the constructor). Null sink: stderr.
  LogSink log_sink{};
  LogLevel log_level = LogLevel::Info;
};

}  // namespace fluxer
