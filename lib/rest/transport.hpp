#pragma once
/// @file
/// The REST transport: N worker threads, each running a curl multi handle under its own
/// rate limiter, all sharing one bot-wide GlobalRateLimit. Lib-private; the public Rest
/// client is built on it.
///
/// - A request goes to the worker of its bucket's major parameter (one channel, one guild,
///   ...; requests without one go to worker 0), so a bucket always lives on one worker.
///   Requests of one bucket leave in submission order, one at a time; different buckets
///   run concurrently on reused connections (HTTP/2 multiplexing when the server offers it).
/// - 429s (RATE_LIMITED, RESOURCE_LOCKED) are retried after the server's delay. Network
///   failures and 5xx (503 included) are retried with capped, jittered backoff only when
///   the request says it is safe to repeat (GET, PUT, DELETE by default; the client marks
///   message creation with a nonce); nothing else that may have reached the server is sent
///   twice (DESIGN lesson 6).
/// - Every request has a deadline (its call timeout): a rate-limit wait that would pass it
///   fails at once with a RateLimit error, an attempt is cut at it (Timeout).
/// - After `max_unauthorized` consecutive 401s to authenticated requests the token is
///   considered revoked: authenticated requests fail with InvalidToken without being sent.
/// - Header values with CR, LF or NUL are refused before sending (InvalidArgument).
/// - Completions run on the worker thread (or, for a request refused at once, on the
///   caller's): they must be quick and must not block. No user code runs there: the client
///   completes promises whose continuations run on its callback executor.
/// - shutdown() (and the destructor) completes everything pending with Cancelled and joins
///   the workers; no completion runs after it returns.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fluxer/core/error.hpp>
#include <fluxer/core/function.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/rest/global_limit.hpp>

#include "rest/headers.hpp"
#include "rest/multipart.hpp"

namespace fluxer::rest {

/// One request, relative to the API base.
struct HttpRequest {
  std::string method = "GET";
  std::string path;   ///< "/channels/1/messages" (encoded; the rate limiter keys on it)
  std::string url;    ///< an absolute URL to use instead of api_base + path (discovery)
  std::string query;  ///< without '?', already encoded; may be empty
  std::string body;
  std::string content_type;                          ///< set when there is a body
  std::shared_ptr<const MultipartBody> multipart{};  ///< a streamed body instead of `body`
  HeaderList headers;                                ///< extra headers (X-Audit-Log-Reason, ...)
  bool authenticated = true;                         ///< send `Authorization: Bot <token>`
  /// Whether a network failure or a 5xx may be retried; default: GET, HEAD, PUT, DELETE.
  std::optional<bool> retry_on_failure{};
  /// The whole call's time budget; default TransportOptions::call_timeout.
  std::optional<std::chrono::milliseconds> timeout{};
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
  std::string user_agent;  ///< default: "fluxer-cpp (https://github.com/fluxer-cpp/fluxer, <version>)"
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds call_timeout{60'000};
  std::size_t max_response_bytes = 16U << 20U;  ///< larger bodies fail with a Rest error
  bool verify_tls = true;
  std::string ca_bundle;
  std::string proxy;
  std::size_t max_connections_per_host = 8;
  std::size_t workers = 1;
  int max_retries = 5;          ///< 429 retries per request
  int max_failure_retries = 3;  ///< network / 5xx retries of requests safe to repeat
  std::chrono::milliseconds backoff_base{250};
  std::chrono::milliseconds backoff_cap{8'000};
  int max_unauthorized = 3;
  /// The bot-wide ceiling; null = InProcessGlobalLimit(global_limit, global_window), or none
  /// when global_limit is 0.
  std::shared_ptr<GlobalRateLimit> global;
  std::size_t global_limit = 50;
  std::chrono::milliseconds global_window{1000};
};

class Transport {
 public:
  using Callback = UniqueFunction<void(Result<HttpResponse>)>;

  /// Starts the workers. The token is registered with the logger for redaction.
  Transport(TransportOptions options, std::shared_ptr<Logger> logger);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Queues a request; `done` runs once with the response (2xx) or an Error: Api (Fluxer
  /// error body), InvalidToken (401, or the token was refused before), RateLimit (429 after
  /// the retries, or a wait past the deadline), Http (a status without a Fluxer body),
  /// Rest (network, TLS, body too large), Timeout, InvalidArgument (a header with CR/LF, an
  /// upload file that could not be read), or Cancelled (cancel(), shutdown). Returns an id
  /// for cancel().
  std::uint64_t submit(HttpRequest request, Callback done);

  /// Abandons a request (its callback gets Cancelled), if it has not completed yet.
  void cancel(std::uint64_t id);

  /// Cancels what is pending (Cancelled) and joins the workers. Idempotent.
  void shutdown();

  /// Replaces the token (without "Bot "; empty = send none) for requests built from now on,
  /// and forgets earlier 401s. Thread-safe.
  void set_token(const std::string& token);

  /// True once repeated 401s made the transport stop sending the token.
  [[nodiscard]] bool token_rejected() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The Error for a non-2xx response (exposed for tests): a Fluxer body gives kind Api
/// (InvalidToken for 401, RateLimit for 429) with code, message, errors[] and retry_after;
/// anything else gives kind Http naming the status and the body's size and type.
[[nodiscard]] Error error_from_response(int status, std::string_view body, const HeaderList& headers);

/// True when a header name or value can be sent as is (no CR, LF or NUL).
[[nodiscard]] bool header_safe(std::string_view text) noexcept;

}  // namespace fluxer::rest
