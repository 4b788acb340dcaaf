// User-only routes (§5.4: "a bot gets 403 ACCESS_DENIED there"). Bots are refused by the
// router (Auth::UserOnly). For human users, POST /invites/{code} (accept) is emulated; the
// other user-client features (settings, relationships, read states, mentions, saved
// messages, profile edits) are not, and answer 501 NOT_IMPLEMENTED instead of pretending.

#include "emulator/actions.hpp"
#include "emulator/actions_webhooks.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

http::Response not_emulated(RequestContext& ctx) {
  return error_response(
      501, "NOT_IMPLEMENTED",
      "The emulator does not implement the user-client route " + ctx.route.method + " " + ctx.route.pattern);
}

http::Response accept_invite(RequestContext& ctx) {
  auto* inv = ctx.world().invite(ctx.param("invite_code"));
  if (!inv || actions::invite_expired(*inv)) return unknown("INVITE", "Invite");
  const auto user = ctx.identity->user_id;
  Invite result = *inv;
  if (!ctx.world().member(inv->guild_id, user)) {
    if (ctx.world().ban(inv->guild_id, user))
      return error_response(403, "USER_BANNED_FROM_GUILD", "You are banned from this guild.");
    const auto guild_id = inv->guild_id;
    const std::string code = inv->code;
    auto joined = actions::add_member(ctx.services, guild_id, user);
    if (!joined) return error_response(joined.error());
    if (auto* still = ctx.world().invite(code)) {
      ++still->uses;
      result = *still;
      if (still->max_uses > 0 && still->uses >= still->max_uses) ctx.world().remove_invite(code);
    }
  }
  json::Context jc{ctx.world(), ctx.mode(), user};
  return ok_json(json::build([&](json::Writer& w) { json::invite(w, jc, result, false); }));
}

}  // namespace

void register_user_only_routes(Router& router) {
  router.add({"POST", "/invites/{invite_code}", Auth::UserOnly, "invite:accept", ""}, accept_invite);
  router.add({"PATCH", "/users/@me", Auth::UserOnly, "user:update", ""}, not_emulated);
  router.add({"GET", "/users/@me/settings", Auth::UserOnly, "user:settings:get", ""}, not_emulated);
  router.add({"PATCH", "/users/@me/settings", Auth::UserOnly, "user:settings:update", ""}, not_emulated);
  router.add({"GET", "/users/@me/relationships", Auth::UserOnly, "user:relationships:list", ""}, not_emulated);
  router.add({"GET", "/users/@me/mentions", Auth::UserOnly, "user:mentions:read", ""}, not_emulated);
  router.add({"GET", "/users/@me/saved-messages", Auth::UserOnly, "user:saved_messages:read", ""}, not_emulated);
  router.add(
      {"DELETE", "/channels/{channel_id}/messages/ack", Auth::UserOnly, "channel:read_state:delete", "channel_id"},
      not_emulated);
  router.add(
      {"POST", "/channels/{channel_id}/messages/{message_id}/ack", Auth::UserOnly, "channel:message:ack", "channel_id"},
      not_emulated);
}

}  // namespace fluxer::emulator::rest
