#pragma once
/// @file
/// Route keys for rate limiting: which requests share a bucket before the server tells us.

#include <string>
#include <string_view>
#include <vector>

namespace fluxer::rest {

/// What the rate limiter needs to know about a request.
///
/// `route` names the server's bucket template when the route is known
/// ("channel:reactions", shared by every reaction route, as on the server, §5.2), else the
/// method and the path template ("GET /widgets/{id}"); `major` is the bucket's major
/// parameter and its value ("channel_id=123", "user_id=7", or empty). The server keys its
/// buckets by template + major parameter, so two channels never share an allowance and
/// routes the server counts together are counted together here from the first request
/// (an [A] server never names its buckets).
struct RouteKey {
  std::string route;
  std::string major;
  /// Webhook execution (and the [B] webhook message routes) are exempt from the global
  /// limit (protocol §5.2).
  bool global_exempt = false;

  friend bool operator==(const RouteKey&, const RouteKey&) = default;
};

/// Builds the key of `method` on `path` (relative to the API base, without the query:
/// "/channels/1/messages"; a leading "/v1" is ignored). Known routes (every route the
/// client calls, see route_table()) map to the server's bucket template; unknown ones to
/// the method + path with every all-digit segment replaced by `{id}` (the first id after
/// `channels`, `guilds`, `webhooks` or `users` is the major parameter; a webhook token never
/// appears in a key).
[[nodiscard]] RouteKey route_key(std::string_view method, std::string_view path);

/// One known route: method, path pattern (`{name}` = one segment) and the server's bucket
/// template with its major parameter ("channel:message:create::channel_id"; no `::` =
/// keyed by caller only).
struct RouteSpec {
  std::string_view method;
  std::string_view pattern;
  std::string_view bucket;
  bool global_exempt = false;
};

/// Every route the REST client knows (for tests and documentation).
[[nodiscard]] const std::vector<RouteSpec>& route_table();

}  // namespace fluxer::rest
