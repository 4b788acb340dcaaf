// Group DM recipients (§5.4): PUT/DELETE /channels/{id}/recipients/{user_id} (204), with
// CHANNEL_RECIPIENT_ADD / _REMOVE to the group (and CHANNEL_CREATE / CHANNEL_DELETE to the
// user who joined or left). Any participant may add someone (a bot only users it shares a
// guild with); removing someone else takes the group's owner.

#include <algorithm>

#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

/// The group DM of the path, if the caller takes part in it.
Channel* group_of(RequestContext& ctx, http::Response& error) {
  const auto id = ctx.id("channel_id");
  auto* c = id ? ctx.world().channel(*id) : nullptr;
  const auto me = ctx.identity->user_id;
  if (!c || c->guild_id || std::find(c->recipients.begin(), c->recipients.end(), me) == c->recipients.end()) {
    error = unknown("CHANNEL", "Channel");
    return nullptr;
  }
  if (c->type != ChannelType::GroupDm) {
    error = error_response(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
    return nullptr;
  }
  return c;
}

void dispatch(RequestContext& ctx, const Channel& c, std::string name, Snowflake user_id, std::vector<Snowflake> to) {
  GatewayEvent e;
  e.name = std::move(name);
  e.data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "channel_id"), json::snowflake(w, c.id);
    json::key(w, "user"), json::partial_user(w, ctx.world(), user_id);
    w.EndObject();
  });
  e.user_ids = std::move(to);
  ctx.services.events.dispatch(e);
}

void dispatch_channel(RequestContext& ctx, const Channel& c, std::string name, Snowflake to) {
  GatewayEvent e;
  e.name = std::move(name);
  e.data_for = [&ctx, id = c.id](Snowflake viewer) {
    json::Context jc{ctx.world(), ctx.mode(), viewer};
    const auto* ch = ctx.world().channel(id);
    return ch ? json::build([&](json::Writer& w) { json::channel(w, jc, *ch); }) : std::string("null");
  };
  e.user_ids = {to};
  ctx.services.events.dispatch(e);
}

bool share_a_guild(const World& world, Snowflake a, Snowflake b) {
  for (auto g : world.guilds_of(a))
    if (world.member(g, b)) return true;
  return false;
}

}  // namespace

void register_recipients_routes(Router& router) {
  router.add({"PUT", "/channels/{channel_id}/recipients/{user_id}", Auth::Required, "channel:update", "channel_id"},
             [](RequestContext& ctx) {
               http::Response error;
               auto* c = group_of(ctx, error);
               if (!c) return error;
               const auto user = ctx.id("user_id");
               if (!user || !ctx.world().user(*user)) return unknown("USER", "User");
               if (ctx.identity->is_bot() && !share_a_guild(ctx.world(), ctx.identity->user_id, *user))
                 return missing_permissions();
               if (std::find(c->recipients.begin(), c->recipients.end(), *user) != c->recipients.end())
                 return http::Response::no_content();
               if (c->recipients.size() >= 50)
                 return error_response(400, "MAX_GROUP_DM_RECIPIENTS", "Maximum group DM recipients reached (50)");
               c->recipients.push_back(*user);
               dispatch(ctx, *c, "CHANNEL_RECIPIENT_ADD", *user, c->recipients);
               dispatch_channel(ctx, *c, "CHANNEL_CREATE", *user);
               return http::Response::no_content();
             });
  router.add({"DELETE", "/channels/{channel_id}/recipients/{user_id}", Auth::Required, "channel:update", "channel_id"},
             [](RequestContext& ctx) {
               http::Response error;
               auto* c = group_of(ctx, error);
               if (!c) return error;
               const auto user = ctx.id("user_id");
               const auto me = ctx.identity->user_id;
               if (!user || std::find(c->recipients.begin(), c->recipients.end(), *user) == c->recipients.end())
                 return unknown("USER", "User");
               if (*user != me && c->owner_id != me) return missing_permissions();
               const auto before = c->recipients;
               std::erase(c->recipients, *user);
               if (c->owner_id == *user && !c->recipients.empty()) c->owner_id = c->recipients.front();
               dispatch(ctx, *c, "CHANNEL_RECIPIENT_REMOVE", *user, before);
               dispatch_channel(ctx, *c, "CHANNEL_DELETE", *user);
               return http::Response::no_content();
             });
}

}  // namespace fluxer::emulator::rest
