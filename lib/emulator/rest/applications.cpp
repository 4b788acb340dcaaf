// /applications/@me (§5.4, §6.12): needs the exact `Bot ` prefix, else 401 INVALID_TOKEN.

#include "emulator/json_writers.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

void register_applications_routes(Router& router) {
  router.add({"GET", "/applications/@me", Auth::None, "", ""}, [](RequestContext& ctx) {
    if (!ctx.bot_prefix || !ctx.identity || !ctx.identity->is_bot())
      return error_response(401, "INVALID_TOKEN", "Invalid token");
    const auto* app = ctx.world().application(*ctx.identity->application_id);
    if (!app) return error_response(401, "INVALID_TOKEN", "Invalid token");
    json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
    return http::Response::json(200, json::build([&](json::Writer& w) { json::application(w, jc, *app); }));
  });
}

}  // namespace fluxer::emulator::rest
