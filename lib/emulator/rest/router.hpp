#pragma once
// The REST router: routes registered per resource (lib/emulator/rest/<resource>.cpp, each
// with a register_<resource>_routes(Router&)), path parameters, authentication, Fluxer
// error bodies, and filter hooks for rate limits and fault injection.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/error.hpp>
#include <fluxer/core/result.hpp>

#include "emulator/http/http.hpp"
#include "emulator/services.hpp"

namespace fluxer::emulator::rest {

/// How a route authenticates its caller.
enum class Auth {
  None,      ///< no credentials needed (identity still resolved when present)
  Required,  ///< 401 UNAUTHORIZED without a valid token
  BotOnly,   ///< Required, and 403 ACCESS_DENIED for user tokens
  UserOnly,  ///< Required, and 403 ACCESS_DENIED for bots (user-only routes, §5.4)
};

/// Static facts about a route, for handlers and filters (rate limiting keys on these).
struct RouteInfo {
  std::string method;
  std::string pattern;  ///< "/channels/{channel_id}/messages" (relative to /v1)
  Auth auth = Auth::Required;
  std::string bucket;       ///< rate-limit bucket template, e.g. "channel:message:create"
  std::string major_param;  ///< path parameter the bucket is keyed by, e.g. "channel_id"
};

/// Everything a handler sees.
struct RequestContext {
  const http::Request& request;
  const RouteInfo& route;
  Services& services;
  std::map<std::string, std::string, std::less<>> params;  ///< decoded path parameters
  /// The caller, when the Authorization header carried a valid token.
  std::optional<Identity> identity;
  /// The Authorization header used the exact `Bot ` prefix.
  bool bot_prefix = false;

  /// A path parameter parsed as a snowflake (nullopt when malformed).
  [[nodiscard]] std::optional<Snowflake> id(std::string_view name) const;
  [[nodiscard]] std::string_view param(std::string_view name) const;
  [[nodiscard]] World& world() const { return services.world; }
  [[nodiscard]] ProtocolMode mode() const { return services.options.mode; }
};

using Handler = std::function<http::Response(RequestContext&)>;
/// Runs before the handler; returning a response short-circuits it (faults, 429s).
using PreFilter = std::function<std::optional<http::Response>(RequestContext&)>;
/// Runs after the handler (or a pre-filter) produced a response (headers, delays).
using PostFilter = std::function<void(RequestContext&, http::Response&)>;

/// `{"code": code, "message": message, "errors": [...]}` with the given status.
[[nodiscard]] http::Response error_response(int status, std::string_view code, std::string_view message,
                                            const std::vector<FieldError>& errors = {});
/// An Error of kind Api (status + code + message + errors) as a response.
[[nodiscard]] http::Response error_response(const Error& error);
/// 404 UNKNOWN_<what> ("UNKNOWN_CHANNEL", "Unknown Channel").
[[nodiscard]] http::Response unknown(std::string_view what_upper, std::string_view what_title);
/// 403 MISSING_PERMISSIONS.
[[nodiscard]] http::Response missing_permissions();
/// 400 INVALID_FORM_BODY with one field error.
[[nodiscard]] http::Response invalid_form_body(std::string path, std::string code, std::string message);

class Router {
 public:
  /// Registers a route. `pattern` is relative to the API root ("/users/@me"); it is served
  /// under both `/v1` and `/`. Segments in braces are parameters.
  void add(RouteInfo info, Handler handler);
  /// Registers a route on an exact absolute path only (e.g. "/.well-known/fluxer").
  void add_root(RouteInfo info, Handler handler);
  void add_pre_filter(PreFilter filter) { pre_.push_back(std::move(filter)); }
  void add_post_filter(PostFilter filter) { post_.push_back(std::move(filter)); }

  /// Routes one request (authentication, filters, handler, error mapping).
  [[nodiscard]] http::Response handle(const http::Request& request, Services& services) const;

  /// All registered routes (for documentation and tests).
  [[nodiscard]] std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    RouteInfo info;
    std::vector<std::string> segments;
    bool root_only = false;
    Handler handler;
  };
  std::vector<Route> routes_;
  std::vector<PreFilter> pre_;
  std::vector<PostFilter> post_;
};

/// Resolves an Authorization header value (§5.1): `Bot <token>` (exact prefix) → bot,
/// a value without a space → user session token, anything else → nothing.
struct AuthResult {
  std::optional<Identity> identity;
  bool bot_prefix = false;
};
[[nodiscard]] AuthResult authenticate(const World& world, const std::string* header);

// Registration functions, one per resource file.
void register_discovery_routes(Router& router);
void register_users_routes(Router& router);
void register_applications_routes(Router& router);
void register_messages_routes(Router& router);
void register_pins_routes(Router& router);
void register_reactions_routes(Router& router);
void register_channels_routes(Router& router);
void register_invites_routes(Router& router);
void register_webhooks_routes(Router& router);
void register_guilds_routes(Router& router);
void register_members_routes(Router& router);
void register_roles_routes(Router& router);
void register_emojis_routes(Router& router);
void register_emoji_bulk_routes(Router& router);
void register_stickers_routes(Router& router);
void register_slowmode_routes(Router& router);
void register_recipients_routes(Router& router);
void register_attachments_routes(Router& router);
void register_user_only_routes(Router& router);
/// Rate-limit filters (emulator/rest/rate_limit_filter.*) and [A] error-body shaping.
void register_rate_limits(Router& router);
void register_error_shaping(Router& router);
/// Every route of the emulator.
void register_all_routes(Router& router);

}  // namespace fluxer::emulator::rest
