#include "emulator/rest/router.hpp"

#include <exception>

#include "emulator/json_writers.hpp"

namespace fluxer::emulator::rest {

namespace {
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  for (;;) {
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path = path.substr(slash + 1);
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
}  // namespace

std::optional<Snowflake> RequestContext::id(std::string_view name) const {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return Snowflake::parse(it->second);
}

std::string_view RequestContext::param(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view{} : std::string_view(it->second);
}

http::Response error_response(int status, std::string_view code, std::string_view message,
                              const std::vector<FieldError>& errors) {
  auto body = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "code"), json::string(w, code);
    json::key(w, "message"), json::string(w, message);
    if (!errors.empty()) {
      json::key(w, "errors"), w.StartArray();
      for (const auto& e : errors) {
        w.StartObject();
        json::key(w, "path"), json::string(w, e.path);
        if (!e.code.empty()) json::key(w, "code"), json::string(w, e.code);
        json::key(w, "message"), json::string(w, e.message);
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  });
  return http::Response::json(status, std::move(body));
}

http::Response error_response(const Error& error) {
  return error_response(error.status != 0 ? error.status : 500, error.code.empty() ? "GENERAL_ERROR" : error.code,
                        error.message, error.errors);
}

http::Response unknown(std::string_view what_upper, std::string_view what_title) {
  return error_response(404, std::string("UNKNOWN_") + std::string(what_upper),
                        std::string("Unknown ") + std::string(what_title));
}

http::Response missing_permissions() {
  return error_response(403, "MISSING_PERMISSIONS", "Missing Permissions");
}

http::Response invalid_form_body(std::string path, std::string code, std::string message) {
  return error_response(400, "INVALID_FORM_BODY", "Invalid Form Body",
                        {FieldError{std::move(path), std::move(code), std::move(message)}});
}

AuthResult authenticate(const World& world, const std::string* header) {
  AuthResult out;
  if (!header || header->empty()) return out;
  const std::string_view value(*header);
  if (value.rfind("Bot ", 0) == 0) {
    out.bot_prefix = true;
    out.identity = world.identify(value.substr(4));
    if (out.identity && !out.identity->is_bot()) out.identity.reset();  // a user token behind "Bot "
    return out;
  }
  if (value.find(' ') == std::string_view::npos) {
    out.identity = world.identify(value);
    if (out.identity && out.identity->is_bot()) out.identity.reset();  // bots must use the prefix
  }
  return out;  // "Bearer ..." and unknown prefixes: unauthenticated (OAuth2 is not emulated)
}

void Router::add(RouteInfo info, Handler handler) {
  Route r;
  r.segments = split_path(info.pattern);
  r.info = std::move(info);
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

void Router::add_root(RouteInfo info, Handler handler) {
  Route r;
  r.segments = split_path(info.pattern);
  r.info = std::move(info);
  r.root_only = true;
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

std::vector<RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back(r.info);
  return out;
}

http::Response Router::handle(const http::Request& request, Services& services) const {
  const auto raw_segments = split_path(request.path);
  const bool has_v1 = !raw_segments.empty() && raw_segments.front() == "v1";
  const Route* match = nullptr;
  std::map<std::string, std::string, std::less<>> params;
  for (const auto& route : routes_) {
    if (route.info.method != request.method) continue;
    for (int attempt = 0; attempt < 2 && !match; ++attempt) {
      // attempt 0: the path as is; attempt 1: without the /v1 mount.
      if (attempt == 1 && (route.root_only || !has_v1)) break;
      const std::size_t offset = attempt == 1 ? 1 : 0;
      if (raw_segments.size() - offset != route.segments.size()) continue;
      std::map<std::string, std::string, std::less<>> found;
      bool ok = true;
      for (std::size_t i = 0; i < route.segments.size() && ok; ++i) {
        const auto& pattern = route.segments[i];
        const auto decoded = http::percent_decode(raw_segments[i + offset]);
        if (is_param(pattern)) {
          if (decoded.empty())
            ok = false;
          else
            found[pattern.substr(1, pattern.size() - 2)] = decoded;
        } else {
          ok = pattern == decoded;
        }
      }
      if (ok) {
        match = &route;
        params = std::move(found);
      }
    }
    if (match) break;
  }
  if (!match) {
    if (services.options.mode == ProtocolMode::A) return error_response(404, "GENERAL_ERROR", "404: Not Found");
    return error_response(404, "NOT_FOUND", "404: Not Found");
  }

  RequestContext ctx{request, match->info, services, std::move(params), std::nullopt, false};
  const auto auth = authenticate(services.world, request.header("authorization"));
  ctx.identity = auth.identity;
  ctx.bot_prefix = auth.bot_prefix;

  std::optional<http::Response> response;
  for (const auto& filter : pre_) {
    response = filter(ctx);
    if (response) break;
  }
  if (!response) {
    const auto a = match->info.auth;
    if (a != Auth::None && !ctx.identity) {
      response = error_response(401, "UNAUTHORIZED", "401: Unauthorized");
    } else if (a == Auth::UserOnly && ctx.identity->is_bot()) {
      response = error_response(403, "ACCESS_DENIED", "Access denied");
    } else if (a == Auth::BotOnly && !ctx.identity->is_bot()) {
      response = error_response(403, "ACCESS_DENIED", "Access denied");
    }
  }
  if (!response) {
    try {
      response = match->handler(ctx);
    } catch (const std::exception& e) {
      services.log.error("emulator: handler for {} {} threw: {}", match->info.method, match->info.pattern, e.what());
      response = error_response(500, "INTERNAL_SERVER_ERROR", "Internal Server Error");
    }
  }
  for (const auto& filter : post_) filter(ctx, *response);
  return std::move(*response);
}

void register_all_routes(Router& router) {
  register_discovery_routes(router);
  register_users_routes(router);
  register_applications_routes(router);
  // Static segments first: /messages/pins and /messages/ack before /messages/{message_id}.
  register_user_only_routes(router);
  register_pins_routes(router);
  register_reactions_routes(router);
  register_messages_routes(router);
  register_channels_routes(router);
  register_invites_routes(router);
  register_webhooks_routes(router);
  register_guilds_routes(router);
  register_members_routes(router);
  register_roles_routes(router);
  register_emojis_routes(router);
  register_emoji_bulk_routes(router);
  register_stickers_routes(router);
  register_slowmode_routes(router);
  register_recipients_routes(router);
  register_attachments_routes(router);
  register_rate_limits(router);
  register_error_shaping(router);
}

}  // namespace fluxer::emulator::rest
