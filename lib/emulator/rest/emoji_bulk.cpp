// POST /guilds/{id}/emojis/bulk (§5.4): `{emojis: [{name, image}]}` (1–50) ->
// `{success: [emoji], failed: [{name, error}]}`; each one goes through the same action as
// a single creation (events, audit log, limits).

#include <algorithm>
#include <cctype>

#include "emulator/actions_guilds.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

void register_emoji_bulk_routes(Router& router) {
  router.add({"POST", "/guilds/{guild_id}/emojis/bulk", Auth::Required, "guild:emoji:bulk_create", "guild_id"},
             [](RequestContext& ctx) {
               http::Response error;
               const auto* g = resolve_guild(ctx, "guild_id", error);
               if (!g) return error;
               rapidjson::Document doc;
               if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
               const auto list = doc.FindMember("emojis");
               if (list == doc.MemberEnd() || !list->value.IsArray() || list->value.Empty() || list->value.Size() > 50)
                 return invalid_form_body("emojis", "INVALID_FORMAT", "Must be an array of 1 to 50 emojis");
               std::vector<Emoji> created;
               std::vector<std::pair<std::string, std::string>> failed;
               for (const auto& item : list->value.GetArray()) {
                 std::string name;
                 std::string image;
                 if (item.IsObject()) {
                   if (item.HasMember("name") && item["name"].IsString()) name = item["name"].GetString();
                   if (item.HasMember("image") && item["image"].IsString()) image = item["image"].GetString();
                 }
                 const bool name_ok =
                     name.size() >= 2 && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                     });
                 const auto type = data_uri_image_type(image);
                 if (!name_ok || !type) {
                   failed.emplace_back(name, !name_ok ? "Invalid emoji name" : "Invalid image");
                   continue;
                 }
                 auto r = actions::create_emoji(ctx.services, g->id, ctx.identity->user_id, name, *type == "gif",
                                                audit_reason(ctx));
                 if (!r) {
                   failed.emplace_back(name, r.error().message);
                   continue;
                 }
                 created.push_back(std::move(*r));
               }
               json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
               return ok_json(json::build([&](json::Writer& w) {
                 w.StartObject();
                 json::key(w, "success"), w.StartArray();
                 for (const auto& e : created) json::emoji(w, jc, e, false);
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
}

}  // namespace fluxer::emulator::rest
