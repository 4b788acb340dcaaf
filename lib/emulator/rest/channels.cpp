// Channels (§5.4): GET/PATCH/DELETE /channels/{id} and PUT/DELETE
// /channels/{id}/permissions/{overwrite_id}.

#include "emulator/actions_channels.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

std::string channel_json(RequestContext& ctx, const Channel& c) {
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return json::build([&](json::Writer& w) { json::channel(w, jc, c); });
}

http::Response get_channel(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  return ok_json(channel_json(ctx, *ch));
}

http::Response patch_channel(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  actions::ChannelPatch patch;
  patch.name = f.string("name", 1, 100);
  patch.topic = f.nullable_string("topic", 0, 1024);
  patch.nsfw = f.boolean("nsfw");
  if (auto v = f.integer("rate_limit_per_user", 0, 21600)) patch.rate_limit_per_user = static_cast<int>(*v);
  patch.parent_id = f.nullable_snowflake("parent_id");
  if (auto v = f.integer("bitrate", 8000, 320000)) patch.bitrate = static_cast<int>(*v);
  if (auto v = f.integer("user_limit", 0, 99)) patch.user_limit = static_cast<int>(*v);
  patch.rtc_region = f.nullable_string("rtc_region", 1, 64);
  patch.url = f.nullable_string("url", 1, 2048);
  if (auto v = f.integer("position", 0, 1'000'000)) patch.position = static_cast<int>(*v);
  patch.permission_overwrites = read_overwrites(f, "permission_overwrites");
  if (!errors.empty()) return errors.response();
  auto result =
      actions::update_channel(ctx.services, ch->id, ctx.identity->user_id, std::move(patch), audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(channel_json(ctx, *result));
}

http::Response delete_channel(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  auto result = actions::delete_channel(ctx.services, ch->id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response put_overwrite(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  const auto overwrite_id = ctx.id("overwrite_id");
  if (!overwrite_id) return invalid_form_body("overwrite_id", "INVALID_SNOWFLAKE", "Must be a snowflake");
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  const auto type = f.integer("type", 0, 1);
  if (!type && f.missing("type")) f.fail("type", "INVALID_FORMAT", "This field is required");
  PermissionOverwrite o;
  o.id = *overwrite_id;
  o.allow = f.permissions("allow").value_or(0);
  o.deny = f.permissions("deny").value_or(0);
  if (!errors.empty()) return errors.response();
  o.type = *type == 0 ? PermissionOverwrite::Type::Role : PermissionOverwrite::Type::Member;
  auto result = actions::set_overwrite(ctx.services, ch->id, ctx.identity->user_id, o, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response delete_overwrite(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  const auto overwrite_id = ctx.id("overwrite_id");
  if (!overwrite_id) return invalid_form_body("overwrite_id", "INVALID_SNOWFLAKE", "Must be a snowflake");
  auto result =
      actions::delete_overwrite(ctx.services, ch->id, ctx.identity->user_id, *overwrite_id, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

}  // namespace

void register_channels_routes(Router& router) {
  router.add({"GET", "/channels/{channel_id}", Auth::Required, "channel:read", "channel_id"}, get_channel);
  router.add({"PATCH", "/channels/{channel_id}", Auth::Required, "channel:update", "channel_id"}, patch_channel);
  router.add({"DELETE", "/channels/{channel_id}", Auth::Required, "channel:delete", "channel_id"}, delete_channel);
  router.add(
      {"PUT", "/channels/{channel_id}/permissions/{overwrite_id}", Auth::Required, "channel:update", "channel_id"},
      put_overwrite);
  router.add(
      {"DELETE", "/channels/{channel_id}/permissions/{overwrite_id}", Auth::Required, "channel:update", "channel_id"},
      delete_overwrite);
}

}  // namespace fluxer::emulator::rest
