// Reactions (§5.4, §4.4): PUT/DELETE …/reactions/{emoji}/@me (with `?session_id=`), DELETE
// …/{emoji}/{user_id}, …/{emoji}, …/reactions, GET …/{emoji} (bare array; [B] paging in
// X-Has-More / X-Next-After) and [B] GET …/{emoji}/users ({items, has_more, next_after}).
// The emoji path value is `name:id` for a custom emoji or a URL-encoded Unicode emoji.

#include <algorithm>
#include <chrono>

#include "emulator/actions.hpp"
#include "emulator/actions_messages.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

// Channel + message-type + emoji + session_id validation shared by every reaction route.
struct Target {
  const Channel* channel = nullptr;
  std::optional<Snowflake> message_id;
  std::optional<ReactionEmoji> emoji;
  std::string session_id;
};

std::optional<http::Response> resolve(RequestContext& ctx, Target& t, bool with_emoji) {
  http::Response error;
  t.channel = resolve_channel(ctx, "channel_id", error);
  if (!t.channel) return error;
  if (!has_messages(t.channel->type))
    return error_response(400, "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL",
                          "Cannot send messages in a non-text channel");
  t.message_id = ctx.id("message_id");
  if (!t.message_id) return unknown("MESSAGE", "Message");
  if (with_emoji) {
    t.emoji = parse_reaction_emoji(ctx.param("emoji"));
    if (!t.emoji) return invalid_form_body("emoji", "INVALID_FORMAT", "Must be 1 to 64 characters");
  }
  if (auto session = ctx.request.query_param("session_id")) {
    if (session->empty() || session->size() > 64)
      return invalid_form_body("session_id", "INVALID_FORMAT", "Must be between 1 and 64 in length");
    t.session_id = *session;
  }
  return std::nullopt;
}

http::Response add_own(RequestContext& ctx) {
  Target t;
  if (auto bad = resolve(ctx, t, true)) return std::move(*bad);
  auto& world = ctx.world();
  const auto user = ctx.identity->user_id;
  const auto* m = world.message(t.channel->id, *t.message_id);
  if (!m) return unknown("MESSAGE", "Message");
  if (timed_out(world, *t.channel, user)) return communication_disabled();
  auto emoji = *t.emoji;
  const bool new_group = std::none_of(m->reactions.begin(), m->reactions.end(), [&](const Reaction& r) {
    return r.emoji.id == emoji.id && (emoji.id || r.emoji.name == emoji.name);
  });
  if (emoji.id) {
    const auto* custom = world.emoji(*emoji.id);
    if (new_group && !custom) return error_response(400, "CUSTOM_EMOJI_NOT_FOUND", "Custom emoji not found");
    if (custom) {
      emoji.name = custom->name;
      emoji.animated = custom->animated;
      if (new_group && t.channel->guild_id && custom->guild_id != *t.channel->guild_id &&
          !world.has_channel_permission(t.channel->id, user, permission::kUseExternalEmojis))
        return missing_permissions();
    }
  } else if (new_group && ctx.mode() == ProtocolMode::B &&
             std::all_of(emoji.name.begin(), emoji.name.end(), [](char c) { return (c & 0x80) == 0; })) {
    // Plain ASCII is never an emoji (the real server validates the full Unicode sequence).
    return error_response(400, "NOT_A_VALID_UNICODE_EMOJI", "Not a valid Unicode emoji");
  }
  auto result = actions::add_reaction(ctx.services, t.channel->id, *t.message_id, user, emoji, t.session_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response remove_own(RequestContext& ctx) {
  Target t;
  if (auto bad = resolve(ctx, t, true)) return std::move(*bad);
  if (!ctx.world().message(t.channel->id, *t.message_id)) return http::Response::no_content();
  auto result = actions::remove_reaction(ctx.services, t.channel->id, *t.message_id, ctx.identity->user_id, *t.emoji,
                                         t.session_id, true);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response remove_user(RequestContext& ctx) {
  Target t;
  if (auto bad = resolve(ctx, t, true)) return std::move(*bad);
  const auto target = ctx.id("user_id");
  if (!target) return unknown("USER", "User");
  auto result = actions::remove_user_reaction(ctx.services, t.channel->id, *t.message_id, ctx.identity->user_id,
                                              *target, *t.emoji, t.session_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response remove_emoji(RequestContext& ctx) {
  Target t;
  if (auto bad = resolve(ctx, t, true)) return std::move(*bad);
  auto result =
      actions::remove_emoji_reactions(ctx.services, t.channel->id, *t.message_id, ctx.identity->user_id, *t.emoji);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response remove_all(RequestContext& ctx) {
  Target t;
  if (auto bad = resolve(ctx, t, false)) return std::move(*bad);
  auto result = actions::remove_all_reactions(ctx.services, t.channel->id, *t.message_id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

// The users of one reaction, ascending by id after the cursor.
template <bool Paged>
http::Response list_users(RequestContext& ctx) {
  if (Paged && ctx.mode() == ProtocolMode::A) return error_response(404, "GENERAL_ERROR", "404: Not Found");
  Target t;
  if (auto bad = resolve(ctx, t, true)) return std::move(*bad);
  FormErrors errors;
  const std::int64_t max = ctx.mode() == ProtocolMode::A ? 1'000'000 : 100;
  auto limit = query_integer(ctx, "limit", 25, ctx.mode() == ProtocolMode::A ? 0 : 1, max, errors);
  const auto after = query_snowflake(ctx, "after", errors);
  if (!errors.empty()) return errors.response();
  if (*limit < 1) limit = 25;  // [A] clamps
  const auto* m = ctx.world().message(t.channel->id, *t.message_id);
  if (!m) return unknown("MESSAGE", "Message");
  std::vector<Snowflake> users;
  for (const auto& r : m->reactions)
    if (r.emoji.id == t.emoji->id && (t.emoji->id || r.emoji.name == t.emoji->name)) users = r.user_ids;
  std::sort(users.begin(), users.end());
  if (after) users.erase(users.begin(), std::upper_bound(users.begin(), users.end(), *after));
  const bool has_more = users.size() > static_cast<std::size_t>(*limit);
  if (has_more) users.resize(static_cast<std::size_t>(*limit));
  auto write_users = [&](json::Writer& w) {
    w.StartArray();
    for (auto id : users) json::partial_user(w, ctx.world(), id);
    w.EndArray();
  };
  if (Paged) {
    return ok_json(json::build([&](json::Writer& w) {
      w.StartObject();
      json::key(w, "items"), write_users(w);
      json::key(w, "has_more"), w.Bool(has_more);
      json::key(w, "next_after");
      if (has_more)
        json::snowflake(w, users.back());
      else
        w.Null();
      w.EndObject();
    }));
  }
  auto response = ok_json(json::build(write_users));
  if (ctx.mode() == ProtocolMode::B) {
    response.set_header("X-Has-More", has_more ? "true" : "false");
    if (has_more) response.set_header("X-Next-After", users.back().str());
  }
  return response;
}

}  // namespace

void register_reactions_routes(Router& router) {
  const std::string base = "/channels/{channel_id}/messages/{message_id}/reactions";
  auto route = [&](const char* method, const std::string& suffix) {
    return RouteInfo{method, base + suffix, Auth::Required, "channel:reactions", "channel_id"};
  };
  router.add(route("PUT", "/{emoji}/@me"), add_own);
  router.add(route("DELETE", "/{emoji}/@me"), remove_own);
  router.add(route("GET", "/{emoji}/users"), list_users<true>);
  router.add(route("DELETE", "/{emoji}/{user_id}"), remove_user);
  router.add(route("GET", "/{emoji}"), list_users<false>);
  router.add(route("DELETE", "/{emoji}"), remove_emoji);
  router.add(route("DELETE", ""), remove_all);
}

}  // namespace fluxer::emulator::rest
