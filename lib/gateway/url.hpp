#pragma once
// Private to libfluxer: the gateway URL, split for libwebsockets, and the query the SDK
// appends (`v=1&encoding=json`, plus `compress=zstd-stream&stream=1` when compressing).

#include <optional>
#include <string>
#include <string_view>

#include <fluxer/core/result.hpp>

namespace fluxer::gateway::detail {

struct GatewayUrl {
  bool tls = false;
  std::string host;  ///< without brackets for IPv6 literals
  int port = 0;
  std::string path;   ///< "/" when the URL had none
  std::string query;  ///< what the URL carried, minus v/encoding/compress/stream; no '?'

  /// "host" or "host:port" for the Host header (brackets for IPv6 literals).
  [[nodiscard]] std::string host_header() const;
  /// The path and query to request.
  [[nodiscard]] std::string request_path(bool compress) const;
};

/// Parses `ws://` or `wss://` URLs (InvalidArgument otherwise).
[[nodiscard]] Result<GatewayUrl> parse_gateway_url(std::string_view url);

}  // namespace fluxer::gateway::detail
