// Invites (§5.4, §6.10): GET/POST /channels/{id}/invites, GET /guilds/{id}/invites,
// GET /invites/{code} (no auth needed) and DELETE /invites/{code}.

#include <algorithm>

#include "emulator/actions_webhooks.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

std::string invite_list(RequestContext& ctx, const std::vector<const Invite*>& invites) {
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto* i : invites) json::invite(w, jc, *i, true);
    w.EndArray();
  });
}

// Newest first.
std::vector<const Invite*> sorted(std::vector<const Invite*> v) {
  std::stable_sort(v.begin(), v.end(), [](const Invite* a, const Invite* b) { return a->created_at > b->created_at; });
  return v;
}

http::Response channel_invites(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  if (!ch->guild_id) return error_response(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
  if (!ctx.world().has_channel_permission(ch->id, ctx.identity->user_id, permission::kManageChannels))
    return missing_permissions();
  std::vector<const Invite*> out;
  for (const auto& [code, inv] : ctx.world().invites())
    if (inv.channel_id == ch->id && !actions::invite_expired(inv)) out.push_back(&inv);
  return ok_json(invite_list(ctx, sorted(std::move(out))));
}

http::Response guild_invites(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  if (!ctx.world().has_guild_permission(g->id, ctx.identity->user_id, permission::kManageGuild))
    return missing_permissions();
  std::vector<const Invite*> out;
  for (const auto& [code, inv] : ctx.world().invites())
    if (inv.guild_id == g->id && !actions::invite_expired(inv)) out.push_back(&inv);
  return ok_json(invite_list(ctx, sorted(std::move(out))));
}

http::Response create_invite(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  const auto max_age = f.nullable_integer("max_age", 0, 604800);
  const auto max_uses = f.nullable_integer("max_uses", 0, 100);
  const auto temporary = f.boolean("temporary");
  const auto unique = f.boolean("unique");
  if (!errors.empty()) return errors.response();
  auto result = actions::create_invite(ctx.services, ch->id, ctx.identity->user_id,
                                       static_cast<int>(max_age && *max_age ? **max_age : 0),
                                       static_cast<int>(max_uses && *max_uses ? **max_uses : 0),
                                       temporary.value_or(false), unique.value_or(false), audit_reason(ctx));
  if (!result) return error_response(result.error());
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) { json::invite(w, jc, *result, true); }));
}

http::Response get_invite(RequestContext& ctx) {
  const auto* inv = ctx.world().invite(ctx.param("invite_code"));
  if (!inv || actions::invite_expired(*inv)) return unknown("INVITE", "Invite");
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity ? ctx.identity->user_id : Snowflake{}};
  return ok_json(json::build([&](json::Writer& w) { json::invite(w, jc, *inv, false); }));
}

http::Response delete_invite(RequestContext& ctx) {
  auto result = actions::delete_invite(ctx.services, std::string(ctx.param("invite_code")), ctx.identity->user_id,
                                       audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

}  // namespace

void register_invites_routes(Router& router) {
  router.add({"GET", "/channels/{channel_id}/invites", Auth::Required, "invite:list", "channel_id"}, channel_invites);
  router.add({"POST", "/channels/{channel_id}/invites", Auth::Required, "invite:create", "channel_id"}, create_invite);
  router.add({"GET", "/guilds/{guild_id}/invites", Auth::Required, "invite:list", "guild_id"}, guild_invites);
  router.add({"GET", "/invites/{invite_code}", Auth::None, "invite:read", "invite_code"}, get_invite);
  router.add({"DELETE", "/invites/{invite_code}", Auth::Required, "invite:delete", "invite_code"}, delete_invite);
}

}  // namespace fluxer::emulator::rest
