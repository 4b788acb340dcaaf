#pragma once
// Private to libfluxer: the gateway URL, split for libwebsockets, and the query the SDK
// appends (`v=1&encoding=json`, plus `compress=zstd-stream&stream=1` when compressing).

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

/// True for a host that never leaves this machine: `localhost` (any case, with or without
/// the trailing dot), an IPv4 literal in 127.0.0.0/8, and the IPv6 loopback `::1` in any
/// spelling (also the IPv4-mapped `::ffff:127.x.y.z`). Other names are not trusted to
/// resolve to loopback.
[[nodiscard]] bool is_loopback_host(std::string_view host) noexcept;

/// Refuses a plain `ws://` URL to a host that is not loopback (InvalidArgument, code
/// INSECURE_GATEWAY_URL) unless `allow_insecure` is set: Identify and Resume carry the token,
/// which would cross the network in clear text.
[[nodiscard]] Result<void> check_transport_security(const GatewayUrl& url, bool allow_insecure);

}  // namespace fluxer::gateway::detail
