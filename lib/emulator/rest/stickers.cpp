// Guild stickers (§5.4): GET/POST /guilds/{id}/stickers, POST …/stickers/bulk and
// PATCH/DELETE …/stickers/{sticker_id}, with GUILD_STICKERS_UPDATE (the full list).
// Stickers live in this route file's store (one per Router, so one per Server); the
// world's guild objects do not list them.

#include <algorithm>
#include <map>
#include <memory>

#include "emulator/actions_util.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

struct StoredSticker {
  Snowflake id;
  Snowflake guild_id;
  Snowflake creator_id;
  std::string name;
  std::optional<std::string> description;
  std::vector<std::string> tags;
  bool animated = false;
};

using StickerStore = std::map<Snowflake, StoredSticker>;

void write_sticker(json::Writer& w, const RequestContext& ctx, const StoredSticker& s, bool with_user) {
  w.StartObject();
  json::key(w, "id"), json::snowflake(w, s.id);
  json::key(w, "name"), json::string(w, s.name);
  json::key(w, "description"), json::string(w, s.description.value_or(""));
  json::key(w, "tags"), w.StartArray();
  for (const auto& t : s.tags) json::string(w, t);
  w.EndArray();
  if (ctx.mode() == ProtocolMode::A) {
    json::key(w, "format_type"), w.Int(s.animated ? 4 : 1);
  } else {
    json::key(w, "animated"), w.Bool(s.animated);
  }
  if (with_user) json::key(w, "user"), json::partial_user(w, ctx.world(), s.creator_id);
  w.EndObject();
}

void dispatch_stickers(RequestContext& ctx, const StickerStore& store, Snowflake guild_id) {
  const auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "guild_id"), json::snowflake(w, guild_id);
    json::key(w, "stickers"), w.StartArray();
    for (const auto& [id, s] : store)
      if (s.guild_id == guild_id) write_sticker(w, ctx, s, false);
    w.EndArray();
    w.EndObject();
  });
  ctx.services.events.dispatch(actions::detail::guild_scoped(guild_id, "GUILD_STICKERS_UPDATE", data));
}

bool may_manage(RequestContext& ctx, Snowflake guild_id) {
  const auto me = ctx.identity->user_id;
  return ctx.world().has_guild_permission(guild_id, me, permission::kCreateExpressions) ||
         ctx.world().has_guild_permission(guild_id, me, permission::kManageExpressions);
}

/// Reads name / description / tags (and image when `create`) from `f` into `out`.
bool read_sticker(Fields& f, StoredSticker& out, bool create) {
  if (auto name = f.string("name", 2, 30)) {
    out.name = std::move(*name);
  } else if (create && !f.has("name")) {
    f.fail("name", "INVALID_FORMAT", "This field is required");
  }
  if (auto d = f.nullable_string("description", 1, 500)) out.description = *d;
  if (const auto* tags = f.value("tags")) {
    if (!tags->IsArray() || tags->Size() > 10) {
      f.fail("tags", "INVALID_FORMAT", "Must be an array of at most 10 tags");
    } else {
      out.tags.clear();
      for (const auto& t : tags->GetArray()) {
        const std::string_view tag = t.IsString() ? std::string_view(t.GetString(), t.GetStringLength()) : "";
        if (tag.empty() || utf8_length(tag) > 30) {
          f.fail("tags", "INVALID_FORMAT", "Each tag must be 1 to 30 characters");
          break;
        }
        out.tags.emplace_back(tag);
      }
    }
  }
  if (create) {
    const auto image = f.string("image", 1, 700U * 1024U);
    if (!image && !f.has("image")) f.fail("image", "INVALID_FORMAT", "This field is required");
    if (image) out.animated = data_uri_image_type(*image).value_or("") == "gif";
  }
  return f.errors().empty();
}

}  // namespace

void register_stickers_routes(Router& router) {
  auto store = std::make_shared<StickerStore>();  // per Router, i.e. per Server

  router.add({"GET", "/guilds/{guild_id}/stickers", Auth::Required, "guild:stickers:list", "guild_id"},
             [store](RequestContext& ctx) {
               http::Response error;
               const auto* g = resolve_guild(ctx, "guild_id", error);
               if (!g) return error;
               return ok_json(json::build([&](json::Writer& w) {
                 w.StartArray();
                 for (const auto& [id, s] : *store)
                   if (s.guild_id == g->id) write_sticker(w, ctx, s, true);
                 w.EndArray();
               }));
             });

  auto create_one = [store](RequestContext& ctx, const Guild& g, const rapidjson::Value& object, FormErrors& errors,
                            std::string prefix) -> std::optional<StoredSticker> {
    Fields f(object, errors, std::move(prefix));
    StoredSticker s;
    if (!read_sticker(f, s, true)) return std::nullopt;
    s.id = ctx.world().next_id();
    s.guild_id = g.id;
    s.creator_id = ctx.identity->user_id;
    (*store)[s.id] = s;
    return s;
  };

  router.add({"POST", "/guilds/{guild_id}/stickers", Auth::Required, "guild:sticker:create", "guild_id"},
             [store, create_one](RequestContext& ctx) {
               http::Response error;
               const auto* g = resolve_guild(ctx, "guild_id", error);
               if (!g) return error;
               if (!may_manage(ctx, g->id)) return missing_permissions();
               rapidjson::Document doc;
               if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
               FormErrors errors;
               auto s = create_one(ctx, *g, doc, errors, "");
               if (!s) return errors.response();
               dispatch_stickers(ctx, *store, g->id);
               return ok_json(json::build([&](json::Writer& w) { write_sticker(w, ctx, *s, true); }));
             });

  router.add({"POST", "/guilds/{guild_id}/stickers/bulk", Auth::Required, "guild:sticker:bulk_create", "guild_id"},
             [store, create_one](RequestContext& ctx) {
               http::Response error;
               const auto* g = resolve_guild(ctx, "guild_id", error);
               if (!g) return error;
               if (!may_manage(ctx, g->id)) return missing_permissions();
               rapidjson::Document doc;
               if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
               const auto it = doc.FindMember("stickers");
               if (it == doc.MemberEnd() || !it->value.IsArray() || it->value.Empty() || it->value.Size() > 50)
                 return invalid_form_body("stickers", "INVALID_FORMAT", "Must be an array of 1 to 50 stickers");
               std::vector<StoredSticker> created;
               std::vector<std::pair<std::string, std::string>> failed;
               for (const auto& item : it->value.GetArray()) {
                 FormErrors errors;
                 const std::string name = item.IsObject() && item.HasMember("name") && item["name"].IsString()
                                              ? item["name"].GetString()
                                              : std::string();
                 if (!item.IsObject()) {
                   failed.emplace_back(name, "Must be an object");
                   continue;
                 }
                 if (auto s = create_one(ctx, *g, item, errors, "")) {
                   created.push_back(std::move(*s));
                 } else {
                   failed.emplace_back(name,
                                       errors.entries().empty() ? "Invalid sticker" : errors.entries().front().message);
                 }
               }
               if (!created.empty()) dispatch_stickers(ctx, *store, g->id);
               return ok_json(json::build([&](json::Writer& w) {
                 w.StartObject();
                 json::key(w, "success"), w.StartArray();
                 for (const auto& s : created) write_sticker(w, ctx, s, false);
                 w.EndArray();
                 json::key(w, "failed"), w.StartArray();
                 for (const auto& [name, why] : failed) {
                   w.StartObject();
                   json::key(w, "name"), json::string(w, name);
                   json::key(w, "error"), json::string(w, why);
                   w.EndObject();
                 }
                 w.EndArray();
                 w.EndObject();
               }));
             });

  router.add({"PATCH", "/guilds/{guild_id}/stickers/{sticker_id}", Auth::Required, "guild:sticker:update", "guild_id"},
             [store](RequestContext& ctx) {
               http::Response error;
               const auto* g = resolve_guild(ctx, "guild_id", error);
               if (!g) return error;
               const auto id = ctx.id("sticker_id");
               const auto it = id ? store->find(*id) : store->end();
               if (it == store->end() || it->second.guild_id != g->id) return unknown("STICKER", "Sticker");
               if (!may_manage(ctx, g->id)) return missing_permissions();
               rapidjson::Document doc;
               if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
               FormErrors errors;
               Fields f(doc, errors);
               StoredSticker updated = it->second;
               if (!read_sticker(f, updated, false)) return errors.response();
               it->second = updated;
               dispatch_stickers(ctx, *store, g->id);
               return ok_json(json::build([&](json::Writer& w) { write_sticker(w, ctx, updated, true); }));
             });

  router.add({"DELETE", "/guilds/{guild_id}/stickers/{sticker_id}", Auth::Required, "guild:sticker:delete", "guild_id"},
             [store](RequestContext& ctx) {
               http::Response error;
               const auto* g = resolve_guild(ctx, "guild_id", error);
               if (!g) return error;
               const auto id = ctx.id("sticker_id");
               const auto it = id ? store->find(*id) : store->end();
               if (it == store->end() || it->second.guild_id != g->id) return unknown("STICKER", "Sticker");
               if (!may_manage(ctx, g->id)) return missing_permissions();
               store->erase(it);
               dispatch_stickers(ctx, *store, g->id);
               return http::Response::no_content();
             });
}

}  // namespace fluxer::emulator::rest
