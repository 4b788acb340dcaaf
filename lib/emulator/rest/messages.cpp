// Channel message routes (§5.4, §5.5): list with limit/before/after/around, create (JSON
// or multipart uploads), get, edit (full-replacement lists, type rules), delete, attachment
// delete, bulk delete and typing. Handlers resolve and authorise, actions mutate and dispatch.

#include <algorithm>

#include "emulator/rapidjson.hpp"

#include "emulator/actions.hpp"
#include "emulator/actions_messages.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"
#include "emulator/rest/embeds.hpp"
#include "emulator/rest/message_body.hpp"
#include "emulator/rest/message_upload.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

namespace {

std::string message_json(RequestContext& ctx, const Message& m, bool with_nonce = false) {
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity ? ctx.identity->user_id : Snowflake{}};
  json::MessageOptions opts;
  opts.include_nonce = with_nonce;
  return json::build([&](json::Writer& w) { json::message(w, jc, m, opts); });
}

// Guild channels need READ_MESSAGE_HISTORY to read history (DMs do not).
bool can_read_history(RequestContext& ctx, const Channel& ch) {
  return !ch.guild_id ||
         ctx.world().has_channel_permission(ch.id, ctx.identity->user_id, permission::kReadMessageHistory);
}

http::Response list_messages(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  FormErrors errors;
  const auto limit = query_integer(ctx, "limit", 50, 1, 100, errors);
  const auto before = query_snowflake(ctx, "before", errors);
  const auto after = query_snowflake(ctx, "after", errors);
  const auto around = query_snowflake(ctx, "around", errors);
  if (!errors.empty()) return errors.response();
  if (!can_read_history(ctx, *ch)) return ok_json("[]");  // missing history is an empty page

  const auto& all = ctx.world().messages(ch->id);  // ascending by id
  std::vector<const Message*> page;                // newest first
  const auto n = static_cast<std::size_t>(*limit);
  if (around) {
    // A window centred on `around`: the closest newer ones, the message itself, the closest
    // older ones; a short side is filled from the other.
    const std::size_t want_older = n / 2;
    const std::size_t want_newer = n > want_older ? n - 1 - want_older : 0;
    std::vector<const Message*> newer, older;  // newer: ascending from around; older: descending
    for (auto it = all.upper_bound(*around); it != all.end(); ++it) newer.push_back(&it->second);
    for (auto it = std::make_reverse_iterator(all.lower_bound(*around)); it != all.rend(); ++it)
      older.push_back(&it->second);
    const auto* center = all.count(*around) ? &all.at(*around) : nullptr;
    std::size_t take_newer = std::min(want_newer, newer.size());
    std::size_t take_older = std::min(want_older, older.size());
    const std::size_t have = take_newer + take_older + (center ? 1 : 0);
    if (have < n) {
      const std::size_t missing = n - have;
      if (take_newer < want_newer)
        take_older = std::min(older.size(), take_older + missing);
      else
        take_newer = std::min(newer.size(), take_newer + missing);
    }
    for (std::size_t i = take_newer; i > 0; --i) page.push_back(newer[i - 1]);
    if (center) page.push_back(center);
    for (std::size_t i = 0; i < take_older; ++i) page.push_back(older[i]);
    if (page.size() > n) page.resize(n);
  } else {
    // Newest first: the page before `before` (or the latest), then entries at or below
    // `after` are discarded. Like the real server, `after` alone yields the newest `limit`
    // messages above the cursor, newest first.
    auto end = before ? all.lower_bound(*before) : all.end();
    for (auto it = std::make_reverse_iterator(end); it != all.rend() && page.size() < n; ++it) {
      if (after && it->first <= *after) break;
      page.push_back(&it->second);
    }
  }
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  return ok_json(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto* m : page) json::message(w, jc, *m);
    w.EndArray();
  }));
}

// message_reference checks the real server makes before creating.
std::optional<http::Response> check_reference(RequestContext& ctx, const Channel& ch, const actions::MessageDraft& d) {
  if (!d.reference) return std::nullopt;
  const auto& ref = *d.reference;
  if (ref.type == 1) {
    if (!ref.channel_id)
      return invalid_form_body("message_reference.channel_id", "INVALID_FORMAT", "A forward needs channel_id");
    if (!d.content.empty() || !d.embeds.empty() || !d.attachments.empty())
      return error_response(400, "FORWARD_MESSAGES_CANNOT_CONTAIN_CONTENT", "Forwarded messages cannot have content");
    const auto* source = ctx.world().channel(*ref.channel_id);
    if (!source || !ctx.world().can_view_channel(source->id, ctx.identity->user_id))
      return unknown("CHANNEL", "Channel");
    if (!ctx.world().message(source->id, *ref.message_id)) return unknown("MESSAGE", "Message");
    return std::nullopt;
  }
  const auto target_channel = ref.channel_id.value_or(ch.id);
  const auto* target = ctx.world().message(target_channel, *ref.message_id);
  if (!target) return unknown("MESSAGE", "Message");
  if (target->type != 0 && target->type != 19)
    return error_response(400, "CANNOT_REPLY_TO_SYSTEM_MESSAGE", "Cannot reply to a system message");
  return std::nullopt;
}

http::Response create_message(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  if (timed_out(ctx.world(), *ch, ctx.identity->user_id)) return communication_disabled();
  MessageBody body;
  if (auto bad = read_message_body(ctx, body)) return std::move(*bad);
  actions::MessageDraft draft;
  draft.channel_id = ch->id;
  draft.author_id = ctx.identity->user_id;
  if (auto bad = decode_message_body(body.payload, draft, ctx.mode(), ctx.identity->is_bot())) return std::move(*bad);
  draft.attachments = std::move(body.uploads);
  if (auto bad = check_reference(ctx, *ch, draft)) return std::move(*bad);
  if (ch->guild_id && !draft.embeds.empty() &&
      !ctx.world().has_channel_permission(ch->id, ctx.identity->user_id, permission::kEmbedLinks))
    return missing_permissions();
  auto result = actions::create_message(ctx.services, std::move(draft));
  if (!result) return error_response(result.error());
  return ok_json(message_json(ctx, *result, true));
}

http::Response get_message(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  if (!can_read_history(ctx, *ch)) return missing_permissions();
  const auto message_id = ctx.id("message_id");
  const auto* m = message_id ? ctx.world().message(ch->id, *message_id) : nullptr;
  if (!m) return unknown("MESSAGE", "Message");
  return ok_json(message_json(ctx, *m));
}

}  // namespace

std::optional<http::Response> read_message_edit(const RequestContext& ctx, actions::MessageEdit& edit) {
  MessageBody body;
  if (auto bad = read_message_body(ctx, body)) return bad;
  const auto& p = body.payload;
  actions::MessageDraft draft;
  const bool is_bot = ctx.identity && ctx.identity->is_bot();
  if (auto bad = decode_message_body(p, draft, ctx.mode(), is_bot || !ctx.identity)) return bad;
  if (auto it = p.FindMember("content"); it != p.MemberEnd()) edit.content = draft.content;
  if (auto it = p.FindMember("embeds"); it != p.MemberEnd()) edit.embeds = std::move(draft.embeds);
  if (auto it = p.FindMember("flags"); it != p.MemberEnd() && !it->value.IsNull()) edit.flags = draft.flags;
  if (auto it = p.FindMember("allowed_mentions"); it != p.MemberEnd() && !it->value.IsNull()) {
    edit.allowed_mentions_present = true;
    edit.allowed_parse = std::move(draft.allowed_parse);
    edit.allowed_users = std::move(draft.allowed_users);
    edit.allowed_roles = std::move(draft.allowed_roles);
  }
  if (body.attachments_present) edit.keep_attachments = std::move(body.keep);
  edit.new_attachments = std::move(body.uploads);
  return std::nullopt;
}

namespace {

http::Response edit_message(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  const auto message_id = ctx.id("message_id");
  if (!message_id || !ctx.world().message(ch->id, *message_id)) return unknown("MESSAGE", "Message");
  if (ctx.world().message(ch->id, *message_id)->author_id == ctx.identity->user_id &&
      timed_out(ctx.world(), *ch, ctx.identity->user_id))
    return communication_disabled();
  actions::MessageEdit edit;
  if (auto bad = read_message_edit(ctx, edit)) return std::move(*bad);
  auto result = actions::edit_message(ctx.services, ch->id, *message_id, ctx.identity->user_id, std::move(edit));
  if (!result) return error_response(result.error());
  return ok_json(message_json(ctx, *result));
}

http::Response delete_message(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  const auto message_id = ctx.id("message_id");
  if (!message_id) return unknown("MESSAGE", "Message");
  auto result = actions::delete_message(ctx.services, ch->id, *message_id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response delete_attachment(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  const auto message_id = ctx.id("message_id");
  const auto attachment_id = ctx.id("attachment_id");
  if (!message_id) return unknown("MESSAGE", "Message");
  if (!attachment_id) return unknown("ATTACHMENT", "Attachment");
  auto result = actions::delete_attachment(ctx.services, ch->id, *message_id, *attachment_id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response bulk_delete(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  rapidjson::Document doc;
  if (auto bad = parse_object(ctx.request, doc)) return std::move(*bad);
  FormErrors errors;
  Fields f(doc, errors);
  // `messages` is a [B] alias; `message_ids` wins when both are present.
  const char* field = (f.has("message_ids") || ctx.mode() == ProtocolMode::A) ? "message_ids" : "messages";
  auto ids = f.snowflakes(field, 100);
  if (!errors.empty()) return errors.response();
  if (!ids) {
    errors.add("message_ids", "INVALID_FORMAT", "This field is required");
    return errors.response();
  }
  if (ids->empty()) {
    errors.add("message_ids", "MESSAGE_IDS_CANNOT_BE_EMPTY", "message_ids cannot be empty");
    return errors.response();
  }
  auto result = actions::bulk_delete_messages(ctx.services, ch->id, *ids, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

http::Response typing(RequestContext& ctx) {
  http::Response error;
  const auto* ch = resolve_channel(ctx, "channel_id", error);
  if (!ch) return error;
  if (!has_messages(ch->type))
    return error_response(400, "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL",
                          "Cannot send messages in a non-text channel");
  if (timed_out(ctx.world(), *ch, ctx.identity->user_id)) return communication_disabled();
  auto result = actions::start_typing(ctx.services, ch->id, ctx.identity->user_id);
  if (!result) return error_response(result.error());
  return http::Response::no_content();
}

}  // namespace

std::optional<http::Response> decode_message_body(const rapidjson::Value& body, actions::MessageDraft& draft,
                                                  ProtocolMode mode, bool is_bot) {
  if (auto it = body.FindMember("content"); it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsString()) return invalid_form_body("content", "BASE_TYPE_STRING", "Must be a string");
    draft.content.assign(it->value.GetString(), it->value.GetStringLength());
    // Characters, not bytes: count UTF-8 code points.
    std::size_t length = 0;
    for (unsigned char c : draft.content)
      if ((c & 0xC0U) != 0x80U) ++length;
    const std::size_t limit = (mode == ProtocolMode::B && is_bot) ? 4000 : 2000;
    if (length > limit)
      return invalid_form_body("content", "CONTENT_EXCEEDS_MAX_LENGTH",
                               "Must be " + std::to_string(limit) + " or fewer in length");
  }
  if (auto it = body.FindMember("embeds"); it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsArray()) return invalid_form_body("embeds", "BASE_TYPE_ARRAY", "Must be an array");
    if (it->value.Size() > 10) return invalid_form_body("embeds", "TOO_MANY_EMBEDS", "Must be 10 or fewer in length");
    // The §5.5 input limits, every problem reported (a hand-built embed that passes here
    // passes on the real server).
    FormErrors errors;
    for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i)
      if (auto stored = read_embed(it->value[i], "embeds." + std::to_string(i), errors))
        draft.embeds.push_back(std::move(*stored));
    if (!errors.empty()) return errors.response();
  }
  if (auto it = body.FindMember("nonce"); it != body.MemberEnd() && !it->value.IsNull()) {
    if (it->value.IsString()) {
      if (it->value.GetStringLength() < 1 || it->value.GetStringLength() > 32)
        return invalid_form_body("nonce", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length");
      draft.nonce = std::string(it->value.GetString(), it->value.GetStringLength());
    } else if (mode == ProtocolMode::B && it->value.IsUint64()) {
      draft.nonce = std::to_string(it->value.GetUint64());
    } else {
      return invalid_form_body("nonce", "BASE_TYPE_STRING", "Must be a string");
    }
  }
  if (auto it = body.FindMember("tts"); it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsBool()) return invalid_form_body("tts", "BASE_TYPE_BOOLEAN", "Must be a boolean");
    draft.tts = it->value.GetBool();
  }
  if (auto it = body.FindMember("flags"); it != body.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsInt()) return invalid_form_body("flags", "BASE_TYPE_INTEGER", "Must be an integer");
    const int sendable = 4 | 4096 | (mode == ProtocolMode::A ? 131072 : 8192);
    draft.flags = it->value.GetInt() & sendable;
  }
  if (auto it = body.FindMember("message_reference"); it != body.MemberEnd() && !it->value.IsNull()) {
    const auto& ref = it->value;
    if (!ref.IsObject()) return invalid_form_body("message_reference", "BASE_TYPE_OBJECT", "Must be an object");
    MessageReference r;
    auto id_field = [&](const char* name, std::optional<Snowflake>& out) -> bool {
      auto f = ref.FindMember(name);
      if (f == ref.MemberEnd() || f->value.IsNull()) return true;
      if (f->value.IsString())
        out = Snowflake::parse(std::string_view(f->value.GetString(), f->value.GetStringLength()));
      else if (f->value.IsUint64())
        out = Snowflake{f->value.GetUint64()};
      return out.has_value();
    };
    if (!id_field("message_id", r.message_id))
      return invalid_form_body("message_reference.message_id", "SNOWFLAKE_TYPE_INVALID", "Invalid snowflake");
    if (!id_field("channel_id", r.channel_id))
      return invalid_form_body("message_reference.channel_id", "SNOWFLAKE_TYPE_INVALID", "Invalid snowflake");
    if (!id_field("guild_id", r.guild_id))
      return invalid_form_body("message_reference.guild_id", "SNOWFLAKE_TYPE_INVALID", "Invalid snowflake");
    if (auto t = ref.FindMember("type"); t != ref.MemberEnd() && !t->value.IsNull()) {
      if (!t->value.IsInt() || (t->value.GetInt() != 0 && t->value.GetInt() != 1))
        return invalid_form_body("message_reference.type", "BASE_TYPE_CHOICES", "Must be 0 or 1");
      r.type = t->value.GetInt();
    }
    if (!r.message_id)
      return invalid_form_body("message_reference.message_id", "BASE_TYPE_REQUIRED", "This field is required");
    draft.reference = r;
  }
  if (auto it = body.FindMember("allowed_mentions"); it != body.MemberEnd() && !it->value.IsNull()) {
    const auto& am = it->value;
    if (!am.IsObject()) return invalid_form_body("allowed_mentions", "BASE_TYPE_OBJECT", "Must be an object");
    draft.allowed_parse.emplace();
    if (auto p = am.FindMember("parse"); p != am.MemberEnd() && p->value.IsArray())
      for (const auto& v : p->value.GetArray())
        if (v.IsString()) draft.allowed_parse->emplace_back(v.GetString(), v.GetStringLength());
    auto ids = [&](const char* name, std::vector<Snowflake>& out) {
      if (auto f = am.FindMember(name); f != am.MemberEnd() && f->value.IsArray())
        for (const auto& v : f->value.GetArray())
          if (v.IsString())
            if (auto id = Snowflake::parse(std::string_view(v.GetString(), v.GetStringLength()))) out.push_back(*id);
    };
    ids("users", draft.allowed_users);
    ids("roles", draft.allowed_roles);
    if (mode == ProtocolMode::B && am.HasMember("parse") &&
        ((am.HasMember("users") &&
          std::find(draft.allowed_parse->begin(), draft.allowed_parse->end(), "users") != draft.allowed_parse->end()) ||
         (am.HasMember("roles") &&
          std::find(draft.allowed_parse->begin(), draft.allowed_parse->end(), "roles") != draft.allowed_parse->end())))
      return invalid_form_body("allowed_mentions", "INVALID_ALLOWED_MENTIONS",
                               "parse and an explicit list of the same kind cannot be combined");
  }
  return std::nullopt;
}

void register_messages_routes(Router& router) {
  router.add({"GET", "/channels/{channel_id}/messages", Auth::Required, "channel:messages:read", "channel_id"},
             list_messages);
  router.add({"POST", "/channels/{channel_id}/messages", Auth::Required, "channel:message:create", "channel_id"},
             create_message);
  router.add({"POST", "/channels/{channel_id}/messages/bulk-delete", Auth::Required, "channel:message:bulk_delete",
              "channel_id"},
             bulk_delete);
  router.add(
      {"GET", "/channels/{channel_id}/messages/{message_id}", Auth::Required, "channel:message:read", "channel_id"},
      get_message);
  router.add(
      {"PATCH", "/channels/{channel_id}/messages/{message_id}", Auth::Required, "channel:message:update", "channel_id"},
      edit_message);
  router.add({"DELETE", "/channels/{channel_id}/messages/{message_id}", Auth::Required, "channel:message:delete",
              "channel_id"},
             delete_message);
  router.add({"DELETE", "/channels/{channel_id}/messages/{message_id}/attachments/{attachment_id}", Auth::Required,
              "channel:message:delete", "channel_id"},
             delete_attachment);
  router.add({"POST", "/channels/{channel_id}/typing", Auth::Required, "channel:typing", "channel_id"}, typing);
}

}  // namespace fluxer::emulator::rest
