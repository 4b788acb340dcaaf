#include "gateway/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

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

}  // namespace fluxer::gateway::detail
