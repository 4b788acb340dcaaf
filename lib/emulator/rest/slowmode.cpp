// [B] GET /channels/{id}/slowmode (§5.4): the caller's slowmode state in a channel,
// `{rate_limit_per_user, retry_after_ms, next_send_allowed_at, can_bypass}`. The emulator
// does not enforce slowmode, so the caller may always send (retry_after_ms 0).

#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

void register_slowmode_routes(Router& router) {
  router.add({"GET", "/channels/{channel_id}/slowmode", Auth::Required, "channel:slowmode", "channel_id"},
             [](RequestContext& ctx) {
               if (ctx.mode() == ProtocolMode::A) return error_response(404, "GENERAL_ERROR", "404: Not Found");
               http::Response error;
               const auto* c = resolve_channel(ctx, "channel_id", error);
               if (!c) return error;
               const auto me = ctx.identity->user_id;
               const bool bypass =
                   ctx.identity->is_bot() ||
                   (c->guild_id && (ctx.world().has_channel_permission(c->id, me, permission::kBypassSlowmode) ||
                                    ctx.world().has_channel_permission(c->id, me, permission::kManageMessages) ||
                                    ctx.world().has_channel_permission(c->id, me, permission::kManageChannels)));
               return ok_json(json::build([&](json::Writer& w) {
                 w.StartObject();
                 json::key(w, "rate_limit_per_user"), w.Int(c->rate_limit_per_user);
                 json::key(w, "retry_after_ms"), w.Int(0);
                 json::key(w, "next_send_allowed_at"), w.Null();
                 json::key(w, "can_bypass"), w.Bool(bypass);
                 w.EndObject();
               }));
             });
}

}  // namespace fluxer::emulator::rest
