// Channel message routes. Part 1: POST /channels/{id}/messages (JSON body) and
// GET /channels/{id}/messages/{id}, proving the REST -> world -> MESSAGE_CREATE path.

#include "emulator/rapidjson.hpp"

#include "emulator/actions.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/rest/message_body.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

namespace {

http::Response create_message(RequestContext& ctx) {
  const auto channel_id = ctx.id("channel_id");
  if (!channel_id || !ctx.world().channel(*channel_id)) return unknown("CHANNEL", "Channel");
  const auto* content_type = ctx.request.header("content-type");
  if (content_type && http::multipart_boundary(*content_type))
    return error_response(400, "INVALID_FORM_BODY", "multipart/form-data uploads are not supported yet");
  rapidjson::Document doc;
  doc.Parse(ctx.request.body.data(), ctx.request.body.size());
  if (doc.HasParseError() || !doc.IsObject())
    return invalid_form_body("", "INVALID_JSON", "The request body is not a JSON object");
  actions::MessageDraft draft;
  draft.channel_id = *channel_id;
  draft.author_id = ctx.identity->user_id;
  if (auto bad = decode_message_body(doc, draft, ctx.mode(), ctx.identity->is_bot())) return std::move(*bad);
  auto result = actions::create_message(ctx.services, std::move(draft));
  if (!result) return error_response(result.error());
  json::Context jc{ctx.world(), ctx.mode(), ctx.identity->user_id};
  json::MessageOptions opts;
  opts.include_nonce = true;
  return http::Response::json(200, json::build([&](json::Writer& w) { json::message(w, jc, *result, opts); }));
}

http::Response get_message(RequestContext& ctx) {
  const auto channel_id = ctx.id("channel_id");
  if (!channel_id || !ctx.world().channel(*channel_id)) return unknown("CHANNEL", "Channel");
  const auto user = ctx.identity->user_id;
  if (!ctx.world().has_channel_permission(*channel_id, user,
                                          permission::kViewChannel | permission::kReadMessageHistory))
    return missing_permissions();
  const auto message_id = ctx.id("message_id");
  const auto* m = message_id ? ctx.world().message(*channel_id, *message_id) : nullptr;
  if (!m) return unknown("MESSAGE", "Message");
  json::Context jc{ctx.world(), ctx.mode(), user};
  return http::Response::json(200, json::build([&](json::Writer& w) { json::message(w, jc, *m); }));
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
    for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
      const auto& e = it->value[i];
      if (!e.IsObject())
        return invalid_form_body("embeds." + std::to_string(i), "BASE_TYPE_OBJECT", "Must be an object");
      // Store the embed as sent, with "type": "rich" added when missing.
      rapidjson::Document copy;
      copy.CopyFrom(e, copy.GetAllocator());
      if (!copy.HasMember("type")) copy.AddMember("type", "rich", copy.GetAllocator());
      draft.embeds.push_back(json::build([&](json::Writer& w) { copy.Accept(w); }));
    }
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
  router.add({"POST", "/channels/{channel_id}/messages", Auth::Required, "channel:message:create", "channel_id"},
             create_message);
  router.add(
      {"GET", "/channels/{channel_id}/messages/{message_id}", Auth::Required, "channel:message:read", "channel_id"},
      get_message);
}

}  // namespace fluxer::emulator::rest
