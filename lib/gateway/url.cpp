#include "gateway/url.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

namespace fluxer::gateway::detail {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

Error bad(std::string what) {
  return Error::invalid_argument("url", std::move(what), "INVALID_URL");
}

bool equals_ci(std::string_view a, std::string_view lower) {
  return a.size() == lower.size() && starts_with_ci(a, lower);
}

/// A dotted-quad IPv4 literal (four decimal parts 0..255); nullopt otherwise.
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text) {
  std::array<std::uint8_t, 4> out{};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto dot = text.find('.');
    const auto part = text.substr(0, dot);
    if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
    if (part.empty() || part.size() > 3) return std::nullopt;
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc{} || p != part.data() + part.size() || value > 255) return std::nullopt;
    out[i] = static_cast<std::uint8_t>(value);
    if (dot != std::string_view::npos) text.remove_prefix(dot + 1);
  }
  return out;
}

/// An IPv6 literal (RFC 4291 text forms, with an optional trailing dotted quad, no zone);
/// nullopt otherwise.
std::optional<std::array<std::uint16_t, 8>> parse_ipv6(std::string_view text) {
  if (text.find('%') != std::string_view::npos) text = text.substr(0, text.find('%'));
  std::array<std::uint16_t, 8> head{};
  std::array<std::uint16_t, 8> tail{};
  std::size_t n_head = 0;
  std::size_t n_tail = 0;
  bool gap = false;
  if (text.substr(0, 2) == "::") {
    gap = true;
    text.remove_prefix(2);
  } else if (!text.empty() && text.front() == ':') {
    return std::nullopt;
  }
  while (!text.empty()) {
    auto& groups = gap ? tail : head;
    auto& count = gap ? n_tail : n_head;
    const auto colon = text.find(':');
    const auto part = text.substr(0, colon);
    if (colon == std::string_view::npos && part.find('.') != std::string_view::npos) {
      const auto v4 = parse_ipv4(part);
      if (!v4 || n_head + n_tail + 2 > 8) return std::nullopt;
      groups[count++] = static_cast<std::uint16_t>(((*v4)[0] << 8U) | (*v4)[1]);
      groups[count++] = static_cast<std::uint16_t>(((*v4)[2] << 8U) | (*v4)[3]);
      break;
    }
    if (part.empty() || part.size() > 4 || n_head + n_tail >= 8) return std::nullopt;
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), value, 16);
    if (ec != std::errc{} || p != part.data() + part.size()) return std::nullopt;
    groups[count++] = static_cast<std::uint16_t>(value);
    if (colon == std::string_view::npos) break;
    text.remove_prefix(colon + 1);
    if (!text.empty() && text.front() == ':') {
      if (gap) return std::nullopt;  // a second "::"
      gap = true;
      text.remove_prefix(1);
    } else if (text.empty()) {
      return std::nullopt;  // a trailing single ':'
    }
  }
  if (gap ? n_head + n_tail > 7 : n_head != 8) return std::nullopt;
  std::array<std::uint16_t, 8> out{};
  for (std::size_t i = 0; i < n_head; ++i) out[i] = head[i];
  for (std::size_t i = 0; i < n_tail; ++i) out[8 - n_tail + i] = tail[i];
  return out;
}

}  // namespace

std::string GatewayUrl::host_header() const {
  const bool v6 = host.find(':') != std::string::npos;
  std::string h = v6 ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) h += ":" + std::to_string(port);
  return h;
}

std::string GatewayUrl::request_path(bool compress) const {
  std::string out = path;
  out += '?';
  if (!query.empty()) {
    out += query;
    out += '&';
  }
  out += "v=1&encoding=json";
  if (compress) out += "&compress=zstd-stream&stream=1";
  return out;
}

Result<GatewayUrl> parse_gateway_url(std::string_view url) {
  GatewayUrl out;
  if (starts_with_ci(url, "wss://")) {
    out.tls = true;
    url.remove_prefix(6);
  } else if (starts_with_ci(url, "ws://")) {
    url.remove_prefix(5);
  } else {
    return bad("the gateway URL must start with ws:// or wss://");
  }
  out.port = out.tls ? 443 : 80;
  const auto authority_end = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, authority_end);
  std::string_view rest = authority_end == std::string_view::npos ? std::string_view{} : url.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) return bad("the gateway URL must not carry credentials");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 literal in the gateway URL");
    out.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the IPv6 literal");
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return bad("the gateway URL has no host");
  if (!port_text.empty()) {
    int port = 0;
    const auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || p != port_text.data() + port_text.size() || port <= 0 || port > 65535)
      return bad("invalid port in the gateway URL");
    out.port = port;
  }
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const auto q = rest.find('?');
  out.path = std::string(rest.substr(0, q));
  if (out.path.empty()) out.path = "/";
  if (q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    // Keep the caller's parameters, except the ones the SDK sets itself.
    while (!query.empty()) {
      const auto amp = query.find('&');
      const auto param = query.substr(0, amp);
      const auto key = param.substr(0, param.find('='));
      if (!param.empty() && key != "v" && key != "encoding" && key != "compress" && key != "stream") {
        if (!out.query.empty()) out.query += '&';
        out.query += param;
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return out;
}

bool is_loopback_host(std::string_view host) noexcept {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (equals_ci(host, "localhost") || equals_ci(host, "localhost.")) return true;
  if (const auto v4 = parse_ipv4(host)) return (*v4)[0] == 127;
  if (const auto v6 = parse_ipv6(host)) {
    const auto& g = *v6;
    const bool zeros5 = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0;
    if (zeros5 && g[5] == 0 && g[6] == 0 && g[7] == 1) return true;  // ::1
    if (zeros5 && g[5] == 0xffff && (g[6] >> 8U) == 127) return true;  // ::ffff:127.x.y.z
  }
  return false;
}

Result<void> check_transport_security(const GatewayUrl& url, bool allow_insecure) {
  if (url.tls || allow_insecure || is_loopback_host(url.host)) return {};
  return Error::invalid_argument(
      "url",
      "refusing the plain ws:// gateway URL of a host that is not loopback (" + url.host +
          "): the token would cross the network in clear text. Use wss://, or set "
          "GatewayOptions::allow_insecure_ws (ClientOptions::gateway.allow_insecure_ws) to accept the risk",
      "INSECURE_GATEWAY_URL");
}

}  // namespace fluxer::gateway::detail
