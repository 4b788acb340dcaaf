// Guild emojis (§5.4): GET/POST /guilds/{id}/emojis (POST `{name, image: data URI}`) and
// PATCH/DELETE /guilds/{id}/emojis/{emoji_id}. Stickers are not emulated.

#include <algorithm>
#include <cctype>

#include "emulator/actions_guilds.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

// 2–32 characters of letters, digits and underscores.
std::optional<std::string> emoji_name(Fields& f) {
  auto name = f.string("name", 2, 32);
  if (name && !std::all_of(name->begin(), name->end(),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; })) {
    f.fail("name", "INVALID_FORMAT", "Must contain only letters, digits and underscores");
    return std::nullopt;
  }
  return name;
}

std::string emoji_json(RequestContext& ctx, const Emoji& e, bool with_user) {
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return json::build([&](json::Writer& w) { json::emoji(w, jc, e, with_user); });
}

http::Response list_emojis(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& [id, e] : ctx.world().emojis())
      if (e.guild_id == g->id) json::emoji(w, jc, e, true);
    w.EndArray();
  }));
}

http::Response create_emoji(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  auto name = emoji_name(f);
  if (!name && f.missing("name")) f.fail("name", "INVALID_FORMAT", "This field is required");
  const auto image = f.string("image", 1, 512U * 1024U * 4U / 3U + 64U);
  std::optional<std::string> type;
  if (image) type = data_uri_image_type(*image);
  if (!image && f.missing("image"))
    f.fail("image", "INVALID_FORMAT", "This field is required");
  else if (image && !type)
    f.fail("image", "INVALID_FORMAT", "Must be a data:image/{png|jpeg|webp|gif};base64 URI");
  if (!errors.empty()) return errors.response();
  auto result = actions::create_emoji(ctx.services, g->id, ctx.identity->user_id, std::move(*name), *type == "gif",
                                      audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(emoji_json(ctx, *result, true));
}

http::Response patch_emoji(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto emoji_id = ctx.id("emoji_id");
  if (!emoji_id) return unknown("EMOJI", "Emoji");
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  auto name = emoji_name(f);
  if (!name && f.missing("name")) f.fail("name", "INVALID_FORMAT", "This field is required");
  if (!errors.empty()) return errors.response();
  auto result =
      actions::rename_emoji(ctx.services, g->id, *emoji_id, ctx.identity->user_id, std::move(*name), audit_reason(ctx));
  if (!result) return error_response(result.error());
  return ok_json(emoji_json(ctx, *result, true));
}

http::Response delete_emoji(RequestContext& ctx) {
  http::Response error;
  const auto* g = resolve_guild(ctx, "guild_id", error);
  if (!g) return error;
  const auto emoji_id = ctx.id("emoji_id");
  if (!emoji_id) return unknown("EMOJI", "Emoji");
  auto result = actions::delete_emoji(ctx.services, g->id, *emoji_id, ctx.identity->user_id, audit_reason(ctx));
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

}  // namespace

void register_emojis_routes(Router& router) {
  router.add({"GET", "/guilds/{guild_id}/emojis", Auth::Required, "guild:emojis:list", "guild_id"}, list_emojis);
  router.add({"POST", "/guilds/{guild_id}/emojis", Auth::Required, "guild:emoji:create", "guild_id"}, create_emoji);
  router.add({"PATCH", "/guilds/{guild_id}/emojis/{emoji_id}", Auth::Required, "guild:emoji:update", "guild_id"},
             patch_emoji);
  router.add({"DELETE", "/guilds/{guild_id}/emojis/{emoji_id}", Auth::Required, "guild:emoji:delete", "guild_id"},
             delete_emoji);
}

}  // namespace fluxer::emulator::rest
