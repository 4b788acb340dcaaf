#pragma once
/// @file
/// Error: what every failing SDK call reports, and Exception, which carries one.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace fluxer {

/// What kind of failure an Error describes. Branch on this first, then on `Error::code`.
enum class ErrorKind : std::uint8_t {
  Other,            ///< Anything not covered below.
  ClientNotReady,   ///< The call needs a connected, READY client.
  InvalidToken,     ///< The token was refused (REST 401, gateway close 4004).
  AlreadyLoggedIn,  ///< login() called on a client that is already running.
  Api,              ///< The server answered with a Fluxer error body (`code`, `message`, `errors`).
  Http,             ///< An HTTP status without a usable Fluxer error body (e.g. a 502 HTML page).
  RateLimit,        ///< A 429 the SDK could not absorb (`retry_after` says how long to wait).
  Rest,             ///< The REST transport failed (DNS, TLS, connection reset, body too large).
  WebSocket,        ///< The gateway transport failed or closed with a fatal code.
  Decode,           ///< JSON from the server did not have the expected shape (`errors[0].path` names where).
  InvalidArgument,  ///< A request was refused before sending (a builder limit, a malformed id).
  Timeout,          ///< A deadline passed.
  Cancelled,        ///< The operation was abandoned (client destroyed, promise dropped).
};

/// The name of an ErrorKind ("Api", "RateLimit", ...).
[[nodiscard]] std::string_view to_string(ErrorKind kind) noexcept;

/// One entry of a validation failure: Fluxer's `errors[]` items, or a decode/builder problem.
/// `path` is dot-joined with numeric indices ("embeds.0.title").
struct FieldError {
  std::string path;
  std::string code;  ///< e.g. "CONTENT_EXCEEDS_MAX_LENGTH"; may be empty (older servers send none).
  std::string message;

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

/// A failure. A plain value: copy it, store it, format it with `fmt::format("{}", err)`.
struct Error {
  ErrorKind kind = ErrorKind::Other;
  /// Human-readable text. For API errors, the server's `message`.
  std::string message;
  /// Fluxer's string error code ("MISSING_PERMISSIONS", "RATE_LIMITED", ...) for Api and
  /// RateLimit errors; a short machine-readable tag for others, or empty.
  std::string code;
  /// HTTP status of the response, or the gateway close code for WebSocket errors; 0 if none.
  int status = 0;
  /// Per-field problems (Fluxer validation `errors[]`, or the path of a decode error).
  std::vector<FieldError> errors;
  /// How long to wait before retrying, when the server said so (429, 503, slowmode).
  std::optional<std::chrono::milliseconds> retry_after;
  /// True when a 429 came from the global (per-bot) limit rather than a route bucket.
  bool global = false;

  Error() = default;
  Error(ErrorKind k, std::string msg) : kind(k), message(std::move(msg)) {}
  Error(ErrorKind k, std::string msg, std::string c) : kind(k), message(std::move(msg)), code(std::move(c)) {}

  /// An API error as Fluxer reports it: HTTP status + `code` + `message` + `errors[]`.
  [[nodiscard]] static Error api(int http_status, std::string code, std::string message,
                                 std::vector<FieldError> errors = {});
  /// A decode error at a JSON path ("d.author.id"): kind Decode, `errors` = [{path, code, what}].
  [[nodiscard]] static Error decode(std::string path, std::string what, std::string code = "INVALID_TYPE");
  /// A request refused before sending, naming the offending field.
  [[nodiscard]] static Error invalid_argument(std::string field, std::string what,
                                              std::string code = "INVALID_ARGUMENT");

  /// One line: "Api 403 MISSING_PERMISSIONS: Missing permissions [embeds.0.title: too long]".
  /// Credential-shaped text (bot and user tokens, webhook tokens in paths) is replaced by
  /// `[redacted]`, as in log lines (see redact_credentials()); the fields keep what they hold.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Error&, const Error&) = default;
};

/// Thrown by the few calls that report failure by exception (`Future::get()`,
/// `Result::value()` on an error). Everything else returns a Result. `what()` is
/// `error().to_string()`, so it is redacted the same way.
class Exception : public std::runtime_error {
 public:
  explicit Exception(Error error);
  [[nodiscard]] const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

}  // namespace fluxer

template <>
struct fmt::formatter<fluxer::ErrorKind> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(fluxer::ErrorKind kind, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(fluxer::to_string(kind), ctx);
  }
};

template <>
struct fmt::formatter<fluxer::Error> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const fluxer::Error& err, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(err.to_string(), ctx);
  }
};
