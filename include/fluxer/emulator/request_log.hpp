#pragma once
/// @file
/// RequestLogEntry: what the emulator recorded about one HTTP request.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fluxer::emulator {

/// One HTTP request as the emulator received it, and the status it answered.
struct RequestLogEntry {
  std::string method;                                        ///< "GET", "POST", ...
  std::string path;                                          ///< raw path, without the query ("/v1/users/@me")
  std::string query;                                         ///< raw query string without '?', or empty
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased, in arrival order
  /// The body, or its first ServerOptions::request_log_body_limit bytes (see body_size).
  std::string body;
  std::size_t body_size = 0;                   ///< the body's real size in bytes
  bool body_truncated = false;                 ///< `body` holds only the beginning of it
  std::chrono::system_clock::time_point time;  ///< when the request was complete
  int status = 0;                              ///< the response status sent

  /// The first header with that name (case-insensitive), or nullopt.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

}  // namespace fluxer::emulator
