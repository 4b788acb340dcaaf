#pragma once
/// @file
/// The REST transport: one worker thread running a curl multi handle under the rate
/// limiter. Lib-private; the public REST client is built on it.
///
/// - Requests to one bucket (route + major parameter) leave in submission order, one at a
///   time, so two messages sent to a channel arrive in the order they were sent.
/// - Requests to different buckets run concurrently on reused connections.
/// - A 429 or 503 is retried after the server's delay (at most `max_retries` times); a
///   transport failure is never retried (a POST may have been applied: DESIGN lesson 6).
/// - Completions are posted to the callback executor; no user code runs on the worker.
/// - shutdown() (and the destructor) completes everything still pending with a Cancelled
///   error and joins the worker; no request starts after it returns.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fluxer/core/error.hpp>
#include <fluxer/core/executor.hpp>
#include <fluxer/core/function.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/core/result.hpp>

#include "rest/headers.hpp"

namespace fluxer::rest {

/// One request, relative to the API base.
struct HttpRequest {
  std::string method = "GET";
  std::string path;   ///< "/channels/1/messages" (ids only; the rate limiter keys on it)
  std::string query;  ///< without '?', already encoded; may be empty
  std::string body;
  std::string content_type;   ///< set when there is a body
  HeaderList headers;         ///< extra headers (X-Audit-Log-Reason, ...)
  bool authenticated = true;  ///< send `Authorization: Bot <token>`
};

/// A successful (2xx) response.
struct HttpResponse {
  int status = 0;
  HeaderList headers;  ///< names as the server sent them
  std::string body;
};

struct TransportOptions {
  std::string api_base = "https://api.fluxer.app/v1";  ///< no trailing slash
  std::string token;                                   ///< `<app_id>.<secret>`, without "Bot "
  std::string user_agent;                              ///< default: "fluxer-cpp/<version>"
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::size_t max_response_bytes = 16U << 20U;  ///< larger bodies fail with a Rest error
  bool verify_tls = true;
  int max_retries = 5;  ///< 429/503 retries per request before its error is returned
  /// Requests per second for the whole bot (protocol §5.2: 50; 1,200 for accounts with
  /// HIGH_GLOBAL_RATE_LIMIT). Webhook execution does not count.
  std::size_t global_limit = 50;
  /// The server's window for `global_limit` (tests scale it down with the emulator's). The
  /// transport paces over a window 5% longer (at least 10 ms), so requests sent at the end
  /// of one window cannot arrive inside the server's previous one.
  std::chrono::milliseconds global_window{1000};
};

class Transport {
 public:
  using Callback = UniqueFunction<void(Result<HttpResponse>)>;

  /// Starts the worker. `logger` and `callbacks` must outlive the transport. The token is
  /// registered with the logger for redaction.
  Transport(TransportOptions options, Logger& logger, Executor& callbacks);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Queues a request; `done` runs on the callback executor with the response (2xx) or an
  /// Error: Api (Fluxer error body), InvalidToken (401), RateLimit (429 after the retries),
  /// Http (a status without a Fluxer body, e.g. an HTML 502), Rest (network, TLS, body too
  /// large), Timeout, or Cancelled (shutdown).
  void submit(HttpRequest request, Callback done);

  /// Cancels what is pending (Cancelled) and joins the worker. Idempotent.
  void shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The Error for a non-2xx response (exposed for tests): a Fluxer body gives kind Api
/// (InvalidToken for 401, RateLimit for 429) with code, message, errors[] and retry_after;
/// anything else gives kind Http naming the status and the body's size and type.
[[nodiscard]] Error error_from_response(int status, std::string_view body, const HeaderList& headers);

}  // namespace fluxer::rest
