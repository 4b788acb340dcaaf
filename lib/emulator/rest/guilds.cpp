// Guild routes (§5.4): GET/PATCH /guilds/{id}, POST /guilds/{id}/delete, channels
// GET/POST/PATCH (positions), GET vanity-url and GET audit-logs ([A] user-only).

#include <algorithm>

#include "emulator/actions_audit.hpp"
#include "emulator/actions_channels.hpp"
#include "emulator/actions_guilds.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

// [B] GET /guilds/{id} adds roles, emojis, stickers, the visible channels and counts.
http::Response get_guild(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto me = ctx.identity->user_id;
  json::Context jc{ctx.world(), ctx.mode(), me};
  auto text = json::build([&](json::Writer& w) { json::guild(w, jc, *g); });
  if (ctx.mode() == ProtocolMode::A) return ok_json(std::move(text));
  auto extra = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "roles"), w.StartArray();
    for (const auto* r : ctx.world().guild_roles(g->id)) json::role(w, *r);
    w.EndArray();
    json::key(w, "emojis"), w.StartArray();
    for (const auto& [id, e] : ctx.world().emojis())
      if (e.guild_id == g->id) json::emoji(w, jc, e, false);
    w.EndArray();
    json::key(w, "stickers"), w.StartArray(), w.EndArray();
    json::key(w, "channels"), w.StartArray();
    for (const auto* c : ctx.world().guild_channels(g->id))
      if (ctx.world().can_view_channel(c->id, me)) json::channel(w, jc, *c);
    w.EndArray();
    json::key(w, "member_count"), w.Uint64(ctx.world().members(g->id).size());
    json::key(w, "online_count"), w.Int(0);
    w.EndObject();
  });
  text.pop_back();
  text += ',';
  text.append(extra, 1, std::string::npos);  // merge the two objects
  return ok_json(std::move(text));
}

// An image field: a data URI (stored as its hash) or null.
std::optional<std::optional<std::string>> read_image(Fields& f, std::string_view name) {
  auto v = f.nullable_string(name, 1, 10U << 20U);
  if (!v || !*v) return v;
  if (!data_uri_image_type(**v)) {
    f.fail(name, "INVALID_FORMAT", "Must be a data:image/...;base64 URI");
    return std::nullopt;
  }
  return std::optional<std::string>{image_hash(**v)};
}

http::Response patch_guild(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  actions::GuildPatch patch;
  patch.name = f.string("name", 1, 100);
  patch.icon = read_image(f, "icon");
  patch.banner = read_image(f, "banner");
  patch.splash = read_image(f, "splash");
  patch.system_channel_id = f.nullable_snowflake("system_channel_id");
  if (auto v = f.integer("system_channel_flags", 0, 1 << 30)) patch.system_channel_flags = static_cast<int>(*v);
  patch.rules_channel_id = f.nullable_snowflake("rules_channel_id");
  patch.afk_channel_id = f.nullable_snowflake("afk_channel_id");
  if (auto v = f.integer("afk_timeout", 60, 3600)) patch.afk_timeout = static_cast<int>(*v);
  if (auto v = f.integer("verification_level", 0, 4)) patch.verification_level = static_cast<int>(*v);
  if (auto v = f.integer("explicit_content_filter", 0, 2)) patch.explicit_content_filter = static_cast<int>(*v);
  if (auto v = f.integer("default_message_notifications", 0, 1))
    patch.default_message_notifications = static_cast<int>(*v);
  if (const auto* v = f.value("features"); v && !v->IsNull()) {
    if (!v->IsArray()) {
      f.fail("features", "INVALID_FORMAT", "Must be an array of strings");
    } else {
      std::vector<std::string> features;
      for (const auto& e : v->GetArray())
        if (e.IsString()) features.emplace_back(e.GetString(), e.GetStringLength());
      patch.features = std::move(features);
    }
  }
  if (!errors.empty()) return errors.response();
  auto result = actions::update_guild(ctx.services, g->id, ctx.identity->user_id, std::move(patch), audit_reason(ctx));
  if (!result) return error_response(result.error());
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) { json::guild(w, jc, *result); }));
}

http::Response delete_guild(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  auto result = actions::delete_guild(ctx.services, g->id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response vanity_url(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  if (!ctx.world().has_guild_permission(g->id, ctx.identity->user_id, permission::kManageGuild))
    return missing_permissions();
  return ok_json(json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "code"), json::optional_string(w, g->vanity_url_code);
    json::key(w, "uses"), w.Int(0);
    w.EndObject();
  }));
}

http::Response list_channels(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto me = ctx.identity->user_id;
  json::Context jc{ctx.world(), ctx.mode(), me};
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto* c : ctx.world().guild_channels(g->id))
      if (ctx.world().can_view_channel(c->id, me)) json::channel(w, jc, *c);
    w.EndArray();
  }));
}

http::Response create_channel(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  actions::ChannelDraft draft;
  const auto type = f.integer("type", 0, 998);
  if (!type && f.missing("type")) f.fail("type", "INVALID_FORMAT", "This field is required");
  if (type && *type != 0 && *type != 2 && *type != 4 && *type != 998)
    f.fail("type", "INVALID_FORMAT", "Must be 0 (text), 2 (voice), 4 (category) or 998 (link)");
  auto name = f.string("name", 1, 100);
  if (!name && f.missing("name")) f.fail("name", "INVALID_FORMAT", "This field is required");
  draft.topic = f.string("topic", 0, 1024);
  draft.parent_id = f.snowflake("parent_id");
  draft.nsfw = f.boolean("nsfw").value_or(false);
  draft.rate_limit_per_user = static_cast<int>(f.integer("rate_limit_per_user", 0, 21600).value_or(0));
  if (auto v = f.integer("bitrate", 8000, 320000)) draft.bitrate = static_cast<int>(*v);
  if (auto v = f.integer("user_limit", 0, 99)) draft.user_limit = static_cast<int>(*v);
  draft.url = f.string("url", 1, 2048);
  if (auto v = f.integer("position", 0, 1'000'000)) draft.position = static_cast<int>(*v);
  if (auto o = read_overwrites(f, "permission_overwrites")) draft.permission_overwrites = std::move(*o);
  if (!errors.empty()) return errors.response();
  draft.type = static_cast<ChannelType>(*type);
  draft.name = std::move(*name);
  auto result =
      actions::create_guild_channel(ctx.services, g->id, ctx.identity->user_id, std::move(draft), audit_reason(ctx));
  if (!result) return error_response(result.error());
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) { json::channel(w, jc, *result); }));
}

http::Response channel_positions(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  rapidjson::Document doc;
  if (auto bad = parse_body(ctx.request.body, doc, rapidjson::kArrayType)) return std::move(*bad);
  FormErrors errors;
  std::vector<actions::ChannelPosition> positions;
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    Fields f(doc[i], errors, std::to_string(i));
    actions::ChannelPosition p;
    const auto id = f.snowflake("id");
    if (!id) f.fail("id", "INVALID_FORMAT", "This field is required");
    if (auto v = f.integer("position", 0, 1'000'000)) p.position = static_cast<int>(*v);
    p.parent_id = f.nullable_snowflake("parent_id");
    p.lock_permissions = f.boolean("lock_permissions").value_or(false);
    if (id) p.id = *id;
    positions.push_back(p);
  }
  if (!errors.empty()) return errors.response();
  auto result = actions::update_channel_positions(ctx.services, g->id, ctx.identity->user_id, positions);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response audit_logs(RequestContext& ctx) {
  // [A]: user-only (DefaultUserOnly) — bots are refused before the guild is even resolved.
  if (ctx.mode() == ProtocolMode::A && ctx.identity->is_bot())
    return error_response(403, "ACCESS_DENIED", "Access denied");
  const auto id = ctx.id("guild_id");
  const auto* g = id ? ctx.world().guild(*id) : nullptr;
  if (!g) return unknown("GUILD", "Guild");
  if (!ctx.world().has_guild_permission(g->id, ctx.identity->user_id, permission::kViewAuditLog))
    return missing_permissions();
  FormErrors errors;
  auto limit = query_integer(ctx, "limit", 50, 0, 100, errors);
  const auto before = query_snowflake(ctx, "before", errors);
  const auto after = query_snowflake(ctx, "after", errors);
  const auto user_filter = query_snowflake(ctx, "user_id", errors);
  const auto action = query_integer(ctx, "action_type", 0, 0, 1000, errors);
  if (before && after)
    errors.add("before", "CANNOT_SPECIFY_BOTH_BEFORE_AND_AFTER", "Cannot specify both before and after");
  if (!errors.empty()) return errors.response();
  if (*limit == 0) limit = 1;
  // Newest first; `before` selects entries below the cursor, `after` above it.
  std::vector<const AuditEntry*> page;
  const auto& log = ctx.services.rest.audit_log;
  for (auto it = log.rbegin(); it != log.rend() && page.size() < static_cast<std::size_t>(*limit); ++it) {
    const auto& e = *it;
    if (e.guild_id != g->id) continue;
    if (before && !(e.id < *before)) continue;
    if (after && !(e.id > *after)) continue;
    if (user_filter && e.user_id != *user_filter) continue;
    if (*action != 0 && e.action_type != *action) continue;
    page.push_back(&e);
  }
  std::vector<Snowflake> users;
  auto add_user = [&](Snowflake u) {
    if (std::find(users.begin(), users.end(), u) == users.end()) users.push_back(u);
  };
  std::vector<const Webhook*> hooks;
  for (const auto* e : page) {
    add_user(e->user_id);
    if (!e->target_id) continue;
    const auto target = Snowflake::parse(*e->target_id);
    if (!target) continue;
    if (e->action_type >= 20 && e->action_type <= 28 && ctx.world().user(*target)) add_user(*target);
    if (e->action_type >= 50 && e->action_type <= 52)
      if (const auto* h = ctx.world().webhook(*target); h && std::find(hooks.begin(), hooks.end(), h) == hooks.end())
        hooks.push_back(h);
  }
  return ok_json(json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "audit_log_entries"), w.StartArray();
    for (const auto* e : page) actions::write_audit_entry(w, *e);
    w.EndArray();
    json::key(w, "users"), w.StartArray();
    for (auto u : users) json::partial_user(w, ctx.world(), u);
    w.EndArray();
    json::key(w, "webhooks"), w.StartArray();
    for (const auto* h : hooks) {
      w.StartObject();
      json::key(w, "id"), json::snowflake(w, h->id);
      json::key(w, "type"), w.Int(1);
      json::key(w, "guild_id"), json::snowflake(w, h->guild_id);
      json::key(w, "channel_id"), json::snowflake(w, h->channel_id);
      json::key(w, "name"), json::string(w, h->name);
      json::key(w, "avatar_hash"), json::optional_string(w, h->avatar);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }));
}

}  // namespace

void register_guilds_routes(Router& router) {
  router.add({"GET", "/guilds/{guild_id}", Auth::Required, "guild:read", "guild_id"}, get_guild);
  router.add({"PATCH", "/guilds/{guild_id}", Auth::Required, "guild:update", "guild_id"}, patch_guild);
  router.add({"POST", "/guilds/{guild_id}/delete", Auth::Required, "guild:delete", "guild_id"}, delete_guild);
  router.add({"GET", "/guilds/{guild_id}/vanity-url", Auth::Required, "guild:vanity_url:get", "guild_id"}, vanity_url);
  router.add({"GET", "/guilds/{guild_id}/channels", Auth::Required, "guild:channels:list", "guild_id"}, list_channels);
  router.add({"POST", "/guilds/{guild_id}/channels", Auth::Required, "guild:channel:create", "guild_id"},
             create_channel);
  router.add({"PATCH", "/guilds/{guild_id}/channels", Auth::Required, "guild:channel:positions", "guild_id"},
             channel_positions);
  router.add({"GET", "/guilds/{guild_id}/audit-logs", Auth::Required, "guild:audit_logs", "guild_id"}, audit_logs);
}

}  // namespace fluxer::emulator::rest
