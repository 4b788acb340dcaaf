// Guild members and bans (§5.4): members list ([A] every member; [B] `limit` 1–1000,
// default 1, `after` user id, ascending), member GET/PATCH/DELETE (kick), `@me` GET/PATCH,
// member role PUT/DELETE, bans GET/PUT/DELETE.

#include <algorithm>
#include <array>
#include <limits>

#include "emulator/actions_guilds.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

std::string member_json(RequestContext& ctx, const Member& m) {
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return json::build([&](json::Writer& w) { json::member(w, jc, m, json::MemberUser::Full); });
}

http::Response list_members(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  std::size_t limit = std::numeric_limits<std::size_t>::max();
  std::optional<Snowflake> after;
  if (ctx.mode() == ProtocolMode::B) {
    FormErrors errors;
    const auto l = query_integer(ctx, "limit", 1, 1, 1000, errors);
    after = query_snowflake(ctx, "after", errors);
    if (!errors.empty()) return errors.response();
    limit = static_cast<std::size_t>(*l);
  }
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    std::size_t n = 0;
    for (const auto& [uid, m] : ctx.world().members(g->id)) {  // ascending user ids
      if (after && !(uid > *after)) continue;
      if (n++ >= limit) break;
      json::member(w, jc, m, json::MemberUser::Full);
    }
    w.EndArray();
  }));
}

http::Response get_member(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto target = ctx.params.count("user_id") ? ctx.id("user_id") : std::optional<Snowflake>{ctx.identity->user_id};
  const auto* m = target ? ctx.world().member(g->id, *target) : nullptr;
  if (!m) return unknown("MEMBER", "Member");
  return ok_json(member_json(ctx, *m));
}

http::Response patch_member(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const bool self_route = ctx.params.count("user_id") == 0;
  const auto target = self_route ? std::optional<Snowflake>{ctx.identity->user_id} : ctx.id("user_id");
  if (!target || !ctx.world().member(g->id, *target)) return unknown("MEMBER", "Member");
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  actions::MemberPatch patch;
  if (f.has("nick")) {
    // An empty nick clears it, like null.
    const auto* v = f.value("nick");
    if (v->IsString() && v->GetStringLength() == 0)
      patch.nick = std::optional<std::string>{};
    else
      patch.nick = f.nullable_string("nick", 1, 32);
  }
  if (!self_route) {
    patch.roles = f.snowflakes("roles", ctx.mode() == ProtocolMode::A ? 100 : 250);
    patch.mute = f.boolean("mute");
    patch.deaf = f.boolean("deaf");
    patch.communication_disabled_until = f.nullable_timestamp("communication_disabled_until");
    f.nullable_string("timeout_reason", 1, 512);  // validated; recorded nowhere
    patch.channel_id = f.nullable_snowflake("channel_id");
  }
  if (!errors.empty()) return errors.response();
  if (patch.channel_id && *patch.channel_id)
    return invalid_form_body("channel_id", "INVALID_FORMAT", "The member is not connected to voice");
  auto result =
      actions::update_member(ctx.services, g->id, *target, ctx.identity->user_id, std::move(patch), audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(member_json(ctx, *result));
}

http::Response kick(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto target = ctx.id("user_id");
  if (!target) return unknown("MEMBER", "Member");
  auto result = actions::kick_member(ctx.services, g->id, *target, ctx.identity->user_id, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

template <bool Add>
http::Response member_role(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto target = ctx.id("user_id");
  const auto role = ctx.id("role_id");
  if (!target) return unknown("MEMBER", "Member");
  if (!role) return unknown("ROLE", "Role");
  auto result =
      actions::set_member_role(ctx.services, g->id, *target, *role, ctx.identity->user_id, Add, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response list_bans(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  if (!ctx.world().has_guild_permission(g->id, ctx.identity->user_id, permission::kBanMembers))
    return missing_permissions();
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& [uid, b] : ctx.world().bans(g->id)) json::ban(w, jc, b);
    w.EndArray();
  }));
}

http::Response put_ban(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto target = ctx.id("user_id");
  if (!target) return unknown("USER", "User");
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  const auto days = f.integer("delete_message_days", 0, 7);
  auto reason = f.nullable_string("reason", 0, 512);
  const auto duration = f.integer("ban_duration_seconds", 0, 1LL << 31);
  static constexpr std::array<std::int64_t, 9> kDurations{0,      3600,   43200,   86400,  259200,
                                                          432000, 604800, 1209600, 2592000};
  if (duration && std::find(kDurations.begin(), kDurations.end(), *duration) == kDurations.end())
    f.fail("ban_duration_seconds", "INVALID_FORMAT",
           "Ban duration must be 0 (permanent) or one of 3600, 43200, 86400, 259200, 432000, 604800, 1209600, "
           "2592000 seconds");
  if (!errors.empty()) return errors.response();
  std::optional<std::string> ban_reason;
  if (reason && *reason && !(*reason)->empty()) ban_reason = **reason;
  const auto length = duration ? std::optional<std::chrono::seconds>{std::chrono::seconds{*duration}} : std::nullopt;
  auto result =
      actions::ban_member(ctx.services, g->id, *target, ctx.identity->user_id, static_cast<int>(days.value_or(0)),
                          std::move(ban_reason), length, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response delete_ban(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto target = ctx.id("user_id");
  if (!target) return unknown("USER", "User");
  auto result = actions::unban_member(ctx.services, g->id, *target, ctx.identity->user_id, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

}  // namespace

void register_members_routes(Router& router) {
  const std::string g = "/guilds/{guild_id}";
  router.add({"GET", g + "/members", Auth::Required, "guild:members", "guild_id"}, list_members);
  router.add({"GET", g + "/members/@me", Auth::Required, "guild:members", "guild_id"}, get_member);
  router.add({"PATCH", g + "/members/@me", Auth::Required, "guild:member:update", "guild_id"}, patch_member);
  router.add({"GET", g + "/members/{user_id}", Auth::Required, "guild:members", "guild_id"}, get_member);
  router.add({"PATCH", g + "/members/{user_id}", Auth::Required, "guild:member:update", "guild_id"}, patch_member);
  router.add({"DELETE", g + "/members/{user_id}", Auth::Required, "guild:member:remove", "guild_id"}, kick);
  router.add({"PUT", g + "/members/{user_id}/roles/{role_id}", Auth::Required, "guild:member:role:add", "guild_id"},
             member_role<true>);
  router.add(
      {"DELETE", g + "/members/{user_id}/roles/{role_id}", Auth::Required, "guild:member:role:remove", "guild_id"},
      member_role<false>);
  router.add({"GET", g + "/bans", Auth::Required, "guild:members", "guild_id"}, list_bans);
  router.add({"PUT", g + "/bans/{user_id}", Auth::Required, "guild:member:remove", "guild_id"}, put_ban);
  router.add({"DELETE", g + "/bans/{user_id}", Auth::Required, "guild:member:remove", "guild_id"}, delete_ban);
}

}  // namespace fluxer::emulator::rest
