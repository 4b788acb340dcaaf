// Webhooks (§5.4, §6.11): channel and guild lists, create, GET/PATCH/DELETE by id
// (authenticated) and by id + token, execute (`?wait=true` → 200 + message, else 204; [A]
// JSON only, [B] also multipart; exempt from the global limit) and the [B] webhook message
// routes GET/PATCH/DELETE /webhooks/{id}/{token}/messages/{message_id}.

#include <functional>

#include "emulator/actions.hpp"
#include "emulator/actions_messages.hpp"
#include "emulator/actions_webhooks.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"
#include "emulator/rest/message_body.hpp"
#include "emulator/rest/message_upload.hpp"

namespace fluxer::emulator::rest {

namespace {

std::string webhook_json(RequestContext& ctx, const Webhook& h, bool with_user) {
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity ? ctx.identity->user_id : Snowflake{}};
  return json::build([&](json::Writer& w) {
    if (with_user) return json::webhook(w, jc, h);
    // The token routes answer without the creating user.
    w.StartObject();
    json::key(w, "id"), json::snowflake(w, h.id);
    json::key(w, "guild_id"), json::snowflake(w, h.guild_id);
    json::key(w, "channel_id"), json::snowflake(w, h.channel_id);
    json::key(w, "name"), json::string(w, h.name);
    json::key(w, "avatar"), json::optional_string(w, h.avatar);
    json::key(w, "token"), json::string(w, h.token);
    w.EndObject();
  });
}

std::string webhook_list(RequestContext& ctx, const std::function<bool(const Webhook&)>& keep) {
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& [id, h] : ctx.world().webhooks())
      if (keep(h)) json::webhook(w, jc, h);
    w.EndArray();
  });
}

// `avatar`: a data URI (stored as a hash) or null. nullopt when absent.
std::optional<std::optional<std::string>> read_avatar(Fields& f) {
  auto v = f.nullable_string("avatar", 1, 10U << 20U);
  if (!v || !*v) return v;
  if (!data_uri_image_type(**v)) {
    f.fail("avatar", "INVALID_FORMAT", "Must be a data:image/...;base64 URI");
    return std::nullopt;
  }
  return std::optional<std::string>{image_hash(**v)};
}

http::Response channel_webhooks(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  if (!ch->guild_id) return error_response(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
  if (!ctx.world().has_channel_permission(ch->id, ctx.identity->user_id, permission::kManageWebhooks))
    return missing_permissions();
  const auto id = ch->id;
  return ok_json(webhook_list(ctx, [id](const Webhook& h) { return h.channel_id == id; }));
}

http::Response guild_webhooks(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  if (!ctx.world().has_guild_permission(g->id, ctx.identity->user_id, permission::kManageWebhooks))
    return missing_permissions();
  const auto id = g->id;
  return ok_json(webhook_list(ctx, [id](const Webhook& h) { return h.guild_id == id; }));
}

http::Response create_webhook(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  auto name = f.string("name", 1, 80);
  if (!name && f.missing("name")) f.fail("name", "INVALID_FORMAT", "This field is required");
  auto avatar = read_avatar(f);
  if (!errors.empty()) return errors.response();
  auto result = actions::create_webhook(ctx.services, ch->id, ctx.identity->user_id, std::move(*name),
                                        avatar ? *avatar : std::nullopt, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(webhook_json(ctx, *result, true));
}

// The webhook of `{webhook_id}`; with a `{token}` parameter the token must match.
const Webhook* find_webhook(RequestContext& ctx, http::Response& error) {
  const auto id = ctx.id("webhook_id");
  const auto* h = id ? ctx.world().webhook(*id) : nullptr;
  const auto token = ctx.param("token");
  if (!h || (ctx.params.count("token") != 0 && h->token != token)) {
    error = unknown("WEBHOOK", "Webhook");
    return nullptr;
  }
  return h;
}

http::Response get_webhook(RequestContext& ctx) {
  http::Response error;
  const auto* h = find_webhook(ctx, error);
  if (!h) return error;
  const bool by_token = ctx.params.count("token") != 0;
  if (!by_token &&
      !ctx.world().has_channel_permission(h->channel_id, ctx.identity->user_id, permission::kManageWebhooks))
    return missing_permissions();
  return ok_json(webhook_json(ctx, *h, !by_token));
}

http::Response patch_webhook(RequestContext& ctx) {
  http::Response error;
  const auto* h = find_webhook(ctx, error);
  if (!h) return error;
  const bool by_token = ctx.params.count("token") != 0;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  actions::WebhookPatch patch;
  patch.name = f.string("name", 1, 80);
  patch.avatar = read_avatar(f);
  if (!by_token) patch.channel_id = f.snowflake("channel_id");
  if (!errors.empty()) return errors.response();
  const auto actor = by_token ? std::nullopt : std::optional<Snowflake>{ctx.identity->user_id};
  auto result = actions::update_webhook(ctx.services, h->id, actor, std::move(patch), audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(webhook_json(ctx, *result, !by_token));
}

http::Response delete_webhook(RequestContext& ctx) {
  http::Response error;
  const auto* h = find_webhook(ctx, error);
  if (!h) return error;
  const bool by_token = ctx.params.count("token") != 0;
  const auto actor = by_token ? std::nullopt : std::optional<Snowflake>{ctx.identity->user_id};
  auto result = actions::delete_webhook(ctx.services, h->id, actor, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response execute_webhook(RequestContext& ctx) {
  http::Response error;
  const auto* h = find_webhook(ctx, error);
  if (!h) return error;
  const auto* content_type = ctx.request.header("content-type");
  if (ctx.mode() == ProtocolMode::A && content_type && http::multipart_boundary(*content_type))
    return invalid_form_body("body", "INVALID_FORMAT", "Webhook execution takes a JSON body");
  MessageBody body;
  if (auto bad = read_message_body(ctx, body)) return std::move(*bad);
  actions::MessageDraft draft;
  draft.channel_id = h->channel_id;
  draft.author_id = h->id;
  if (auto bad = decode_message_body(body.payload, draft, ctx.mode(), true)) return std::move(*bad);
  FormErrors errors;
  Fields f(body.payload, errors);
  const auto username = f.string("username", 1, 80);
  const auto avatar_url = f.string("avatar_url", 1, 2048);
  if (!errors.empty()) return errors.response();
  draft.attachments = std::move(body.uploads);
  draft.reference.reset();  // webhooks cannot reply
  draft.webhook_id = h->id;
  draft.webhook_username = username.value_or(h->name);
  draft.webhook_avatar = avatar_url ? avatar_url : h->avatar;
  auto result = actions::create_message(ctx.services, std::move(draft));
  if (!result) return error_response(result.error());
  if (ctx.request.query_param("wait").value_or("") != "true") return http::Response::no_content();
  json::Context jc{ctx.world(), ctx.mode(), Snowflake{}};
  return ok_json(json::build([&](json::Writer& w) { json::message(w, jc, *result); }));
}

// [B] /webhooks/{id}/{token}/messages/{message_id}: only messages this webhook sent.
const Message* webhook_message(RequestContext& ctx, const Webhook& h, http::Response& error) {
  const auto message_id = ctx.id("message_id");
  const auto* m = message_id ? ctx.world().message(h.channel_id, *message_id) : nullptr;
  if (!m || m->webhook_id != h.id) {
    error = unknown("MESSAGE", "Message");
    return nullptr;
  }
  return m;
}

template <int Op>  // 0 get, 1 edit, 2 delete
http::Response webhook_message_route(RequestContext& ctx) {
  if (ctx.mode() == ProtocolMode::A) return error_response(404, "GENERAL_ERROR", "404: Not Found");
  http::Response error;
  const auto* h = find_webhook(ctx, error);
  if (!h) return error;
  const auto* m = webhook_message(ctx, *h, error);
  if (!m) return error;
  json::Context jc{ctx.world(), ctx.mode(), Snowflake{}};
  if constexpr (Op == 0) {
    return ok_json(json::build([&](json::Writer& w) { json::message(w, jc, *m); }));
  } else if constexpr (Op == 1) {
    actions::MessageEdit edit;
    if (auto bad = read_message_edit(ctx, edit)) return std::move(*bad);
    auto result = actions::edit_message(ctx.services, h->channel_id, m->id, h->id, std::move(edit), true);
    if (!result) return error_response(result.error());
    return ok_json(json::build([&](json::Writer& w) { json::message(w, jc, *result); }));
  } else {
    auto result = actions::delete_message(ctx.services, h->channel_id, m->id, h->id, true);
    if (!result) return error_response(result.error());
    return http::Response::no_content();
  }
}

}  // namespace

void register_webhooks_routes(Router& router) {
  router.add({"GET", "/channels/{channel_id}/webhooks", Auth::Required, "webhook:list", "channel_id"},
             channel_webhooks);
  router.add({"POST", "/channels/{channel_id}/webhooks", Auth::Required, "webhook:create", "channel_id"},
             create_webhook);
  router.add({"GET", "/guilds/{guild_id}/webhooks", Auth::Required, "webhook:list", "guild_id"}, guild_webhooks);
  router.add({"GET", "/webhooks/{webhook_id}", Auth::Required, "webhook:read", "webhook_id"}, get_webhook);
  router.add({"PATCH", "/webhooks/{webhook_id}", Auth::Required, "webhook:update", "webhook_id"}, patch_webhook);
  router.add({"DELETE", "/webhooks/{webhook_id}", Auth::Required, "webhook:delete", "webhook_id"}, delete_webhook);
  router.add({"GET", "/webhooks/{webhook_id}/{token}", Auth::None, "webhook:read", "webhook_id"}, get_webhook);
  router.add({"PATCH", "/webhooks/{webhook_id}/{token}", Auth::None, "webhook:update", "webhook_id"}, patch_webhook);
  router.add({"DELETE", "/webhooks/{webhook_id}/{token}", Auth::None, "webhook:delete", "webhook_id"}, delete_webhook);
  router.add({"POST", "/webhooks/{webhook_id}/{token}", Auth::None, "webhook:execute", "webhook_id"}, execute_webhook);
  router.add(
      {"GET", "/webhooks/{webhook_id}/{token}/messages/{message_id}", Auth::None, "webhook:message_get", "webhook_id"},
      webhook_message_route<0>);
  router.add({"PATCH", "/webhooks/{webhook_id}/{token}/messages/{message_id}", Auth::None, "webhook:message_edit",
              "webhook_id"},
             webhook_message_route<1>);
  router.add({"DELETE", "/webhooks/{webhook_id}/{token}/messages/{message_id}", Auth::None, "webhook:message_delete",
              "webhook_id"},
             webhook_message_route<2>);
}

}  // namespace fluxer::emulator::rest
