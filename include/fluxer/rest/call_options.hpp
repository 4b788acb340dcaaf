#pragma once
/// @file
/// CallOptions: what one REST call may add to the client's defaults.

#include <chrono>
#include <optional>
#include <string>

#include <fluxer/rest/cancellation.hpp>

namespace fluxer {

/// Per-call options; every Rest method takes them last (`{}` = the defaults).
///
///     rest.remove_member(guild, user, {.audit_log_reason = "spam"});
///     rest.get_messages(channel, {}, {.timeout = std::chrono::seconds(5)});
struct CallOptions {
  /// Sent as `X-Audit-Log-Reason` (routes that write the guild audit log). At most 512
  /// characters, sent as UTF-8 verbatim (the server reads it verbatim, without
  /// percent-decoding); control characters (CR, LF, ...) are refused before sending, since
  /// they would end the header. Empty = no header.
  std::string audit_log_reason{};
  /// The most the whole call may take: waiting in its bucket's queue, rate-limit waits,
  /// every attempt and every retry. When it passes the call fails with ErrorKind::Timeout
  /// (or RateLimit, when a rate limit would make it wait past it). Default:
  /// RestOptions::call_timeout.
  std::optional<std::chrono::milliseconds> timeout{};
  /// Abandons the call when cancelled (ErrorKind::Cancelled).
  CancellationToken cancel{};
};

}  // namespace fluxer
