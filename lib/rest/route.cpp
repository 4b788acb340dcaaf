#include "rest/route.hpp"

#include <algorithm>

namespace fluxer::rest {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

RouteKey route_key(std::string_view method, std::string_view path) {
  if (path.starts_with("/v1/")) path.remove_prefix(3);

  RouteKey key;
  key.route.reserve(method.size() + path.size() + 16);
  key.route.append(method);
  key.route.push_back(' ');

  std::string_view previous;
  std::size_t index = 0;
  std::string_view rest = path;
  if (rest.starts_with('/')) rest.remove_prefix(1);
  std::string_view first;
  bool webhook_token_next = false;
  while (true) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    key.route.push_back('/');
    if (index == 0) first = segment;

    if (index == 1 && (first == "channels" || first == "guilds" || first == "webhooks") && all_digits(segment)) {
      const std::string_view kind = first == "channels" ? "channel" : first == "guilds" ? "guild" : "webhook";
      key.route.append("{").append(kind).append("_id}");
      key.major.append(kind).append(":").append(segment);
      webhook_token_next = first == "webhooks";
    } else if (index == 2 && webhook_token_next && !segment.empty()) {
      key.route.append("{token}");
    } else if (previous == "reactions" && !segment.empty()) {
      key.route.append("{emoji}");
    } else if (previous == "invites" && !segment.empty()) {
      key.route.append("{code}");
    } else if (all_digits(segment)) {
      key.route.append("{id}");
    } else {
      key.route.append(segment);
    }

    previous = segment;
    ++index;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  // POST /webhooks/{id}/{token} (and its /github, /slack flavours) executes the webhook.
  key.global_exempt = method == "POST" && webhook_token_next && index >= 3;
  return key;
}

}  // namespace fluxer::rest
