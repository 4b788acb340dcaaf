// /users routes (§5.4): /users/@me, /users/{id}, /users/{id}/profile, /users/@me/guilds
// (list and leave), /users/@me/channels (DMs: [A] user-only, [B] bots too).

#include "emulator/actions_channels.hpp"
#include "emulator/actions_guilds.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

namespace {

// Appends members to a JSON object text ("{...}" + ',"k":v').
std::string with_members(std::string object, const std::string& members) {
  if (members.empty()) return object;
  object.pop_back();
  if (object.size() > 1) object += ',';
  object += members;
  object += '}';
  return object;
}

http::Response get_user(RequestContext& ctx) {
  const auto id = ctx.id("user_id");
  const auto* u = id ? ctx.world().user(*id) : nullptr;
  if (!u) return unknown("USER", "User");
  return ok_json(json::build([&](json::Writer& w) { json::partial_user(w, *u); }));
}

http::Response get_profile(RequestContext& ctx) {
  const auto id = ctx.id("target_id");
  const auto* u = id ? ctx.world().user(*id) : nullptr;
  if (!u) return unknown("USER", "User");
  FormErrors errors;
  const auto guild_id = query_snowflake(ctx, "guild_id", errors);
  if (!errors.empty()) return errors.response();
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "user"), json::partial_user(w, *u);
    json::key(w, "user_profile"), w.StartObject();
    json::key(w, "bio"), json::optional_string(w, u->bio);
    json::key(w, "pronouns"), json::optional_string(w, u->pronouns);
    json::key(w, "banner"), w.Null();
    json::key(w, "banner_color"), w.Null();
    json::key(w, "accent_color"), w.Null();
    w.EndObject();
    if (guild_id && ctx.world().member(*guild_id, ctx.identity->user_id))
      if (const auto* m = ctx.world().member(*guild_id, u->id))
        json::key(w, "guild_member"), json::member(w, jc, *m, json::MemberUser::Full);
    w.EndObject();
  }));
}

http::Response my_guilds(RequestContext& ctx) {
  const auto me = ctx.identity->user_id;
  const bool counts = ctx.mode() == ProtocolMode::B && query_bool(ctx, "with_counts").value_or(false);
  json::Context jc{ctx.world(), ctx.mode(), me};
  std::string body = "[";
  for (auto gid : ctx.world().guilds_of(me)) {  // ascending ids
    const auto* g = ctx.world().guild(gid);
    if (!g) continue;
    auto text = json::build([&](json::Writer& w) { json::guild(w, jc, *g); });
    std::string extra = "\"permissions\":\"" + std::to_string(ctx.world().guild_permissions(gid, me)) + "\"";
    if (counts) extra += ",\"member_count\":" + std::to_string(ctx.world().members(gid).size()) + ",\"online_count\":0";
    if (body.size() > 1) body += ',';
    body += with_members(std::move(text), extra);
  }
  body += ']';
  return ok_json(std::move(body));
}

http::Response leave_guild(RequestContext& ctx) {
  const auto id = ctx.id("guild_id");
  if (!id) return unknown("GUILD", "Guild");
  auto result = actions::leave_guild(ctx.services, *id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

std::optional<http::Response> dms_allowed(RequestContext& ctx) {
  if (ctx.mode() == ProtocolMode::A && ctx.identity->is_bot())
    return error_response(403, "ACCESS_DENIED", "Access denied");
  return std::nullopt;
}

http::Response list_dms(RequestContext& ctx) {
  if (auto denied = dms_allowed(ctx)) return std::move(*denied);
  const auto me = ctx.identity->user_id;
  json::Context jc{ctx.world(), ctx.mode(), me};
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto* c : ctx.world().private_channels_of(me)) json::channel(w, jc, *c);
    w.EndArray();
  }));
}

http::Response create_dm(RequestContext& ctx) {
  if (auto denied = dms_allowed(ctx)) return std::move(*denied);
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  const auto recipient = f.snowflake("recipient_id");
  const auto recipients = f.snowflakes("recipients", 49);
  if (!errors.empty()) return errors.response();
  const auto me = ctx.identity->user_id;
  Result<Channel> result = Error::api(400, "INVALID_FORM_BODY", "Invalid Form Body");
  if (recipients)
    result = actions::create_group_dm(ctx.services, me, *recipients);
  else if (recipient)
    result = actions::open_dm(ctx.services, me, *recipient);
  else
    return invalid_form_body("recipient_id", "INVALID_FORMAT", "recipient_id or recipients is required");
  if (!result) return error_response(result.error());
  json::Context jc{ctx.world(), ctx.mode(), me};
  return ok_json(json::build([&](json::Writer& w) { json::channel(w, jc, *result); }));
}

}  // namespace

void register_users_routes(Router& router) {
  router.add({"GET", "/users/@me", Auth::Required, "user:settings:get", ""}, [](RequestContext& ctx) {
    const auto* user = ctx.world().user(ctx.identity->user_id);
    if (!user) return unknown("USER", "User");
    json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
    return http::Response::json(200, json::build([&](json::Writer& w) { json::private_user(w, jc, *user); }));
  });
  router.add({"GET", "/users/@me/guilds", Auth::Required, "guild:list", ""}, my_guilds);
  router.add({"DELETE", "/users/@me/guilds/{guild_id}", Auth::Required, "guild:leave", "guild_id"}, leave_guild);
  router.add({"GET", "/users/@me/channels", Auth::Required, "user:channels", ""}, list_dms);
  router.add({"POST", "/users/@me/channels", Auth::Required, "user:channels", ""}, create_dm);
  router.add({"GET", "/users/{user_id}", Auth::Required, "user:read", "user_id"}, get_user);
  router.add({"GET", "/users/{target_id}/profile", Auth::Required, "user:profile", "target_id"}, get_profile);
}

}  // namespace fluxer::emulator::rest
