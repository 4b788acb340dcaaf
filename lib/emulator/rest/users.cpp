// /users routes. Part 1 serves /users/@me; the rest of §5.4's user routes live here too.

#include "emulator/json_writers.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

void register_users_routes(Router& router) {
  router.add({"GET", "/users/@me", Auth::Required, "user:read", ""}, [](RequestContext& ctx) {
    const auto* user = ctx.world().user(ctx.identity->user_id);
    if (!user) return unknown("USER", "User");
    json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
    return http::Response::json(200, json::build([&](json::Writer& w) { json::private_user(w, jc, *user); }));
  });
}

}  // namespace fluxer::emulator::rest
