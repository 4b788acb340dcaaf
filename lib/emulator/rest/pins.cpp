// Pins (§5.4): GET /channels/{id}/messages/pins (limit 1–50, ISO `before`, `{items:
// [{message, pinned_at}], has_more}`), PUT/DELETE /channels/{id}/pins/{message_id}.

#include <algorithm>

#include "emulator/actions_messages.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

namespace {

http::Response list_pins(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  if (!has_messages(ch->type))
    return error_response(400, "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL",
                          "Cannot send messages in a non-text channel");
  FormErrors errors;
  const auto limit = query_integer(ctx, "limit", 50, 1, 50, errors);
  std::optional<Timestamp> before;
  if (auto raw = ctx.request.query_param("before")) {
    before = parse_iso8601(*raw);
    if (!before) errors.add("before", "INVALID_FORMAT", "Must be an ISO 8601 timestamp");
  }
  if (!errors.empty()) return errors.response();
  std::vector<const Message*> pinned;
  const bool history = !ch->guild_id || ctx.world().has_channel_permission(ch->id, ctx.identity->user_id,
                                                                           permission::kReadMessageHistory);
  if (history)
    for (const auto& [id, m] : ctx.world().messages(ch->id))
      if (m.pinned && m.pinned_at && (!before || *m.pinned_at < *before)) pinned.push_back(&m);
  // Newest pin first.
  std::stable_sort(pinned.begin(), pinned.end(),
                   [](const Message* a, const Message* b) { return *a->pinned_at > *b->pinned_at; });
  const bool has_more = pinned.size() > static_cast<std::size_t>(*limit);
  if (has_more) pinned.resize(static_cast<std::size_t>(*limit));
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  json::MessageOptions opts;
  opts.include_referenced = false;  // pin items omit referenced_message and reactions
  opts.include_reactions = false;
  return ok_json(json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "items"), w.StartArray();
    for (const auto* m : pinned) {
      w.StartObject();
      json::key(w, "message"), json::message(w, jc, *m, opts);
      json::key(w, "pinned_at"), json::timestamp(w, *m->pinned_at);
      w.EndObject();
    }
    w.EndArray();
    json::key(w, "has_more"), w.Bool(has_more);
    w.EndObject();
  }));
}

template <bool Pin>
http::Response set_pin(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  if (!has_messages(ch->type))
    return error_response(400, "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL",
                          "Cannot send messages in a non-text channel");
  const auto message_id = ctx.id("message_id");
  if (!message_id) return unknown("MESSAGE", "Message");
  auto result = Pin ? actions::pin_message(ctx.services, ch->id, *message_id, ctx.identity->user_id)
                    : actions::unpin_message(ctx.services, ch->id, *message_id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

}  // namespace

void register_pins_routes(Router& router) {
  router.add({"GET", "/channels/{channel_id}/messages/pins", Auth::Required, "channel:pins", "channel_id"}, list_pins);
  router.add({"PUT", "/channels/{channel_id}/pins/{message_id}", Auth::Required, "channel:pins", "channel_id"},
             set_pin<true>);
  router.add({"DELETE", "/channels/{channel_id}/pins/{message_id}", Auth::Required, "channel:pins", "channel_id"},
             set_pin<false>);
}

}  // namespace fluxer::emulator::rest
