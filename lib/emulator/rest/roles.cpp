// Roles (§5.4, §6.6): GET/POST/PATCH (positions) /guilds/{id}/roles and PATCH/DELETE
// /guilds/{id}/roles/{role_id}.

#include "emulator/actions_guilds.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

std::string role_json(const Role& r) {
  return json::build([&](json::Writer& w) { json::role(w, r); });
}

http::Response list_roles(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto* r : ctx.world().guild_roles(g->id)) json::role(w, *r);
    w.EndArray();
  }));
}

std::optional<actions::RolePatch> read_role(Fields& f) {
  actions::RolePatch patch;
  patch.name = f.string("name", 1, 100);
  if (auto v = f.integer("color", 0, 16777215)) patch.color = static_cast<int>(*v);
  patch.permissions = f.permissions("permissions");
  patch.hoist = f.boolean("hoist");
  if (auto v = f.nullable_integer("hoist_position", 0, 1'000'000))
    patch.hoist_position = *v ? std::optional<int>{static_cast<int>(**v)} : std::nullopt;
  patch.mentionable = f.boolean("mentionable");
  if (!f.errors().empty()) return std::nullopt;
  return patch;
}

http::Response create_role(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  auto patch = read_role(f);
  if (!patch) return errors.response();
  auto result = actions::create_role(ctx.services, g->id, ctx.identity->user_id, std::move(*patch), audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(role_json(*result));
}

http::Response patch_role(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto role_id = ctx.id("role_id");
  if (!role_id) return unknown("ROLE", "Role");
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  auto patch = read_role(f);
  if (!patch) return errors.response();
  auto result =
      actions::update_role(ctx.services, g->id, *role_id, ctx.identity->user_id, std::move(*patch), audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(role_json(*result));
}

http::Response delete_role(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto role_id = ctx.id("role_id");
  if (!role_id) return unknown("ROLE", "Role");
  auto result = actions::delete_role(ctx.services, g->id, *role_id, ctx.identity->user_id, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response role_positions(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  rapidjson::Document doc;
  if (auto bad = parse_body(ctx.request.body, doc, rapidjson::kArrayType)) return std::move(*bad);
  FormErrors errors;
  std::vector<std::pair<Snowflake, int>> positions;
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    Fields f(doc[i], errors, std::to_string(i));
    const auto id = f.snowflake("id");
    const auto position = f.integer("position", 0, 1'000'000);
    if (!id) f.fail("id", "INVALID_FORMAT", "This field is required");
    if (!position) f.fail("position", "INVALID_FORMAT", "This field is required");
    if (id && position) positions.emplace_back(*id, static_cast<int>(*position));
  }
  if (!errors.empty()) return errors.response();
  auto result = actions::update_role_positions(ctx.services, g->id, ctx.identity->user_id, positions);
  if (!result) return error_response(result.error());
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& r : *result) json::role(w, r);
    w.EndArray();
  }));
}

}  // namespace

void register_roles_routes(Router& router) {
  router.add({"GET", "/guilds/{guild_id}/roles", Auth::Required, "guild:role:list", "guild_id"}, list_roles);
  router.add({"POST", "/guilds/{guild_id}/roles", Auth::Required, "guild:role:create", "guild_id"}, create_role);
  router.add({"PATCH", "/guilds/{guild_id}/roles", Auth::Required, "guild:role:positions", "guild_id"}, role_positions);
  router.add({"PATCH", "/guilds/{guild_id}/roles/{role_id}", Auth::Required, "guild:role:update", "guild_id"},
             patch_role);
  router.add({"DELETE", "/guilds/{guild_id}/roles/{role_id}", Auth::Required, "guild:role:delete", "guild_id"},
             delete_role);
}

}  // namespace fluxer::emulator::rest
