#pragma once
/// @file
/// Route keys for rate limiting: which requests share a bucket before the server tells us.

#include <string>
#include <string_view>

namespace fluxer::rest {

/// What the rate limiter needs to know about a request.
///
/// `route` is the method and the path template, every id but the major parameter replaced
/// ("POST /channels/{channel_id}/messages/{id}/reactions/{emoji}/@me"); `major` is the
/// major parameter's value ("channel:123", "guild:9", "webhook:7", or empty). The server
/// keys its buckets by route + major parameter (protocol §5.2), so two channels never
/// share an allowance and the method is always part of the key.
struct RouteKey {
  std::string route;
  std::string major;
  /// Webhook execution is exempt from the global limit (protocol §5.2).
  bool global_exempt = false;

  friend bool operator==(const RouteKey&, const RouteKey&) = default;
};

/// Builds the key of `method` on `path` (relative to the API base, without the query:
/// "/channels/1/messages"; a leading "/v1" is ignored). The first id after `channels`,
/// `guilds` or `webhooks` at the start of the path is the major parameter; any other
/// all-digit segment becomes `{id}`; the segment after `reactions` becomes `{emoji}`, after
/// `invites` `{code}`, and a webhook token `{token}` (tokens never appear in a key).
[[nodiscard]] RouteKey route_key(std::string_view method, std::string_view path);

}  // namespace fluxer::rest
