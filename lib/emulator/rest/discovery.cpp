// Discovery and gateway information: /.well-known/fluxer [B], /instance, /gateway/bot (§2).

#include <cctype>

#include "emulator/json_writers.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

namespace {

http::Response instance_document(RequestContext& ctx) {
  const auto& s = ctx.services;
  const bool b = ctx.mode() == ProtocolMode::B;
  auto body = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "api_code_version"), w.Int(1);
    json::key(w, "endpoints"), w.StartObject();
    json::key(w, "api"), json::string(w, s.http_base);
    json::key(w, "api_client"), json::string(w, s.http_base);
    json::key(w, "api_public"), json::string(w, s.http_base);
    json::key(w, "gateway"), json::string(w, s.gateway_url);
    json::key(w, "media"), json::string(w, s.http_base + "/media");
    json::key(w, b ? "static_cdn" : "cdn"), json::string(w, s.http_base + "/static");
    json::key(w, "marketing"), json::string(w, s.http_base);
    json::key(w, "admin"), json::string(w, s.http_base + "/admin");
    json::key(w, "invite"), json::string(w, s.http_base + "/invite");
    json::key(w, "gift"), json::string(w, s.http_base + "/gift");
    json::key(w, "webapp"), json::string(w, s.http_base);
    w.EndObject();
    json::key(w, "captcha"), w.StartObject();
    json::key(w, "provider"), json::string(w, "none");
    json::key(w, "hcaptcha_site_key"), w.Null();
    json::key(w, "turnstile_site_key"), w.Null();
    w.EndObject();
    json::key(w, "features"), w.StartObject();
    if (!b) json::key(w, "sms_mfa_enabled"), w.Bool(false);
    json::key(w, "voice_enabled"), w.Bool(false);
    json::key(w, "stripe_enabled"), w.Bool(false);
    json::key(w, "self_hosted"), w.Bool(true);
    if (b) {
      json::key(w, "presigned_attachment_uploads"), w.Bool(false);
      json::key(w, "emails_enabled"), w.Bool(false);
    }
    w.EndObject();
    json::key(w, "push"), w.StartObject(), json::key(w, "public_vapid_key"), w.Null(), w.EndObject();
    w.EndObject();
  });
  auto r = http::Response::json(200, std::move(body));
  r.set_header("Access-Control-Allow-Origin", "*");
  return r;
}

// `<digits>.<secret>` where the secret is non-empty base64url.
bool bot_token_shape(std::string_view token) {
  const auto dot = token.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 >= token.size()) return false;
  for (std::size_t i = 0; i < dot; ++i)
    if (!std::isdigit(static_cast<unsigned char>(token[i]))) return false;
  for (auto c : token.substr(dot + 1))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

http::Response gateway_bot(RequestContext& ctx) {
  const auto* header = ctx.request.header("authorization");
  std::string_view value = header ? std::string_view(*header) : std::string_view{};
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return error_response(401, "MISSING_AUTHORIZATION", "Missing authorization");
  // `Bot ` / `Bearer ` prefixes are accepted case-insensitively here (§2).
  for (std::string_view prefix : {"bot ", "bearer "}) {
    if (value.size() > prefix.size() && http::iequals(value.substr(0, prefix.size()), prefix)) {
      value.remove_prefix(prefix.size());
      break;
    }
  }
  if (value.rfind("flx_", 0) == 0 || !bot_token_shape(value))
    return error_response(401, "INVALID_AUTH_TOKEN", "Invalid authentication token");
  // [A] also checks the token against the database; [B] only checks its shape.
  if (ctx.mode() == ProtocolMode::A) {
    const auto identity = ctx.world().identify(value);
    if (!identity || !identity->is_bot())
      return error_response(401, "INVALID_AUTH_TOKEN", "Invalid authentication token");
  }
  auto body = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "url"), json::string(w, ctx.services.gateway_url);
    json::key(w, "shards"), w.Int(1);
    json::key(w, "session_start_limit"), w.StartObject();
    json::key(w, "total"), w.Int(1000);
    json::key(w, "remaining"), w.Int(999);
    json::key(w, "reset_after"), w.Int(14'400'000);
    json::key(w, "max_concurrency"), w.Int(1);
    w.EndObject();
    w.EndObject();
  });
  return http::Response::json(200, std::move(body));
}

}  // namespace

void register_discovery_routes(Router& router) {
  router.add_root({"GET", "/.well-known/fluxer", Auth::None, "instance:info", ""}, [](RequestContext& ctx) {
    if (ctx.mode() == ProtocolMode::A) return error_response(404, "GENERAL_ERROR", "404: Not Found");
    return instance_document(ctx);
  });
  router.add({"GET", "/instance", Auth::None, "instance:info", ""}, instance_document);
  router.add({"GET", "/gateway/bot", Auth::None, "gateway:bot_info", ""}, gateway_bot);
}

}  // namespace fluxer::emulator::rest
