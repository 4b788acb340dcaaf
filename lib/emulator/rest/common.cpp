#include "emulator/rest/common.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

#include <openssl/evp.h>

#include "emulator/json_writers.hpp"
#include "emulator/rest/json_body.hpp"

namespace fluxer::emulator::rest {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || p != end || text.empty()) return std::nullopt;
  return v;
}

std::string length_message(std::size_t min, std::size_t max) {
  return "Must be between " + std::to_string(min) + " and " + std::to_string(max) + " in length";
}

}  // namespace

// ---------------------------------------------------------------- FormErrors

void FormErrors::add(std::string path, std::string code, std::string message) {
  for (const auto& e : entries_)
    if (e.path == path && e.code == code) return;
  entries_.push_back(FieldError{std::move(path), std::move(code), std::move(message)});
}

http::Response FormErrors::response() const {
  return error_response(400, "INVALID_FORM_BODY", "Invalid Form Body", entries_);
}

Error FormErrors::error() const {
  return Error::api(400, "INVALID_FORM_BODY", "Invalid Form Body", entries_);
}

std::optional<http::Response> parse_object(const http::Request& request, rapidjson::Document& out) {
  return parse_body(request.body, out, rapidjson::kObjectType);
}

std::optional<http::Response> parse_body(std::string_view body, rapidjson::Document& out, rapidjson::Type root) {
  FormErrors errors;
  if (auto bad = read_json_body(body, out)) {
    errors.add(bad->path, bad->code, bad->message);
    return errors.response();
  }
  if (out.GetType() != root) {
    // JSON of the wrong shape fails the route's schema at its root (Zod's empty path).
    errors.add("root", "INVALID_FORMAT", root == rapidjson::kArrayType ? "Must be an array" : "Must be an object");
    return errors.response();
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- Fields

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0U) != 0x80U) ++n;
  return n;
}

const rapidjson::Value* Fields::value(std::string_view name) const {
  if (!object_.IsObject()) return nullptr;
  auto it = object_.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  return it == object_.MemberEnd() ? nullptr : &it->value;
}

bool Fields::is_null(std::string_view name) const {
  const auto* v = value(name);
  return v && v->IsNull();
}

std::string Fields::path(std::string_view name) const {
  return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
}

void Fields::fail(std::string_view name, std::string code, std::string message) {
  errors_.add(path(name), std::move(code), std::move(message));
}

std::optional<std::string> Fields::string(std::string_view name, std::size_t min, std::size_t max) {
  auto v = nullable_string(name, min, max);
  if (!v || !*v) return std::nullopt;
  return std::move(**v);
}

std::optional<std::optional<std::string>> Fields::nullable_string(std::string_view name, std::size_t min,
                                                                  std::size_t max) {
  const auto* v = value(name);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<std::string>{};
  if (!v->IsString()) {
    fail(name, "INVALID_FORMAT", "Must be a string");
    return std::nullopt;
  }
  std::string s(v->GetString(), v->GetStringLength());
  const auto n = utf8_length(s);
  if (n > max) {
    fail(name, "CONTENT_EXCEEDS_MAX_LENGTH", length_message(min, max));
    return std::nullopt;
  }
  if (n < min) {
    fail(name, "INVALID_FORMAT", length_message(min, max));
    return std::nullopt;
  }
  return std::optional<std::string>{std::move(s)};
}

std::optional<std::int64_t> Fields::integer(std::string_view name, std::int64_t min, std::int64_t max) {
  auto v = nullable_integer(name, min, max);
  if (!v || !*v) return std::nullopt;
  return **v;
}

std::optional<std::optional<std::int64_t>> Fields::nullable_integer(std::string_view name, std::int64_t min,
                                                                    std::int64_t max) {
  const auto* v = value(name);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<std::int64_t>{};
  if (!v->IsInt64()) {
    fail(name, "INVALID_FORMAT", "Must be an integer");
    return std::nullopt;
  }
  const auto n = v->GetInt64();
  if (n < min || n > max) {
    fail(name, "INVALID_FORMAT", "Must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return std::optional<std::int64_t>{n};
}

std::optional<bool> Fields::boolean(std::string_view name) {
  const auto* v = value(name);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsBool()) {
    fail(name, "INVALID_FORMAT", "Must be a boolean");
    return std::nullopt;
  }
  return v->GetBool();
}

std::optional<Snowflake> Fields::snowflake(std::string_view name) {
  auto v = nullable_snowflake(name);
  if (!v || !*v) return std::nullopt;
  return **v;
}

std::optional<std::optional<Snowflake>> Fields::nullable_snowflake(std::string_view name) {
  const auto* v = value(name);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<Snowflake>{};
  std::optional<Snowflake> id;
  if (v->IsString())
    id = Snowflake::parse(std::string_view(v->GetString(), v->GetStringLength()));
  else if (v->IsUint64())
    id = Snowflake{v->GetUint64()};
  if (!id) {
    fail(name, "INVALID_SNOWFLAKE", "Must be a snowflake");
    return std::nullopt;
  }
  return std::optional<Snowflake>{*id};
}

std::optional<std::uint64_t> Fields::permissions(std::string_view name) {
  const auto* v = value(name);
  if (!v || v->IsNull()) return std::nullopt;
  if (v->IsUint64()) return v->GetUint64();
  if (v->IsString()) {
    std::uint64_t bits = 0;
    const std::string_view s(v->GetString(), v->GetStringLength());
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), bits);
    if (ec == std::errc{} && p == s.data() + s.size() && !s.empty()) return bits;
  }
  fail(name, "INVALID_FORMAT", "Must be a permission bitfield (a decimal string)");
  return std::nullopt;
}

std::optional<std::vector<Snowflake>> Fields::snowflakes(std::string_view name, std::size_t max) {
  const auto* v = value(name);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsArray()) {
    fail(name, "INVALID_FORMAT", "Must be an array");
    return std::nullopt;
  }
  if (v->Size() > max) {
    fail(name, "INVALID_FORMAT", "Must have at most " + std::to_string(max) + " entries");
    return std::nullopt;
  }
  std::vector<Snowflake> out;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const auto& e = (*v)[i];
    std::optional<Snowflake> id;
    if (e.IsString())
      id = Snowflake::parse(std::string_view(e.GetString(), e.GetStringLength()));
    else if (e.IsUint64())
      id = Snowflake{e.GetUint64()};
    if (!id) {
      errors_.add(path(name) + "." + std::to_string(i), "INVALID_SNOWFLAKE", "Must be a snowflake");
      return std::nullopt;
    }
    out.push_back(*id);
  }
  return out;
}

std::optional<std::optional<Timestamp>> Fields::nullable_timestamp(std::string_view name) {
  const auto* v = value(name);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<Timestamp>{};
  if (v->IsString())
    if (auto t = parse_iso8601(std::string_view(v->GetString(), v->GetStringLength())))
      return std::optional<Timestamp>{*t};
  fail(name, "INVALID_FORMAT", "Must be an ISO 8601 timestamp");
  return std::nullopt;
}

std::optional<std::vector<PermissionOverwrite>> read_overwrites(Fields& fields, std::string_view name) {
  const auto* v = fields.value(name);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsArray() || v->Size() > 100) {
    fields.fail(name, "INVALID_FORMAT", "Must be an array of at most 100 overwrites");
    return std::nullopt;
  }
  std::vector<PermissionOverwrite> out;
  bool ok = true;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    Fields entry((*v)[i], fields.errors(), fields.path(name) + "." + std::to_string(i));
    if (!(*v)[i].IsObject()) {
      fields.errors().add(fields.path(name) + "." + std::to_string(i), "INVALID_FORMAT", "Must be an object");
      ok = false;
      continue;
    }
    PermissionOverwrite o;
    const auto id = entry.snowflake("id");
    const auto type = entry.integer("type", 0, 1);
    if (!id) entry.fail("id", "INVALID_FORMAT", "This field is required");
    if (!type) entry.fail("type", "INVALID_FORMAT", "Must be 0 (role) or 1 (member)");
    o.allow = entry.permissions("allow").value_or(0);
    o.deny = entry.permissions("deny").value_or(0);
    if (!id || !type) {
      ok = false;
      continue;
    }
    o.id = *id;
    o.type = *type == 0 ? PermissionOverwrite::Type::Role : PermissionOverwrite::Type::Member;
    out.push_back(o);
  }
  if (!ok) return std::nullopt;
  return out;
}

// ---------------------------------------------------------------- query

std::optional<std::int64_t> query_integer(const RequestContext& ctx, std::string_view name, std::int64_t fallback,
                                          std::int64_t min, std::int64_t max, FormErrors& errors) {
  const auto raw = ctx.request.query_param(name);
  if (!raw) return fallback;
  const auto v = parse_int(*raw);
  if (!v || *v < min || *v > max) {
    errors.add(std::string(name), "INVALID_FORMAT",
               "Must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return *v;
}

std::optional<Snowflake> query_snowflake(const RequestContext& ctx, std::string_view name, FormErrors& errors) {
  const auto raw = ctx.request.query_param(name);
  if (!raw) return std::nullopt;
  auto id = Snowflake::parse(*raw);
  if (!id && *raw == "0") id = Snowflake{};  // cursor 0 = the beginning of time
  if (!id) errors.add(std::string(name), "INVALID_SNOWFLAKE", "Must be a snowflake");
  return id;
}

std::optional<bool> query_bool(const RequestContext& ctx, std::string_view name) {
  const auto raw = ctx.request.query_param(name);
  if (!raw) return std::nullopt;
  return *raw == "true" || *raw == "1" || *raw == "True";
}

// ---------------------------------------------------------------- resolution

const Channel* resolve_channel(RequestContext& ctx, std::string_view param, http::Response& error) {
  const auto id = ctx.id(param);
  const auto* ch = id ? ctx.world().channel(*id) : nullptr;
  if (!ch) {
    error = unknown("CHANNEL", "Channel");
    return nullptr;
  }
  const auto user = ctx.identity ? ctx.identity->user_id : Snowflake{};
  if (!ch->guild_id) {
    if (!ctx.world().can_view_channel(ch->id, user)) {
      error = unknown("CHANNEL", "Channel");
      return nullptr;
    }
    return ch;
  }
  if (const auto* g = ctx.world().guild(*ch->guild_id); g && g->unavailable) {
    error = error_response(403, "MISSING_ACCESS", "Missing Access");
    return nullptr;
  }
  if (!ctx.world().can_view_channel(ch->id, user)) {
    error = missing_permissions();
    return nullptr;
  }
  return ch;
}

const Guild* resolve_guild(RequestContext& ctx, std::string_view param, http::Response& error) {
  const auto id = ctx.id(param);
  const auto* g = id ? ctx.world().guild(*id) : nullptr;
  if (!g) {
    error = unknown("GUILD", "Guild");
    return nullptr;
  }
  if (g->unavailable) {
    error = error_response(403, "MISSING_ACCESS", "Missing Access");
    return nullptr;
  }
  if (!ctx.identity || !ctx.world().member(g->id, ctx.identity->user_id)) {
    error = missing_permissions();
    return nullptr;
  }
  return g;
}

bool outranks(const World& world, Snowflake guild_id, Snowflake actor, Snowflake target) {
  const auto* g = world.guild(guild_id);
  if (!g) return false;
  if (g->owner_id == target) return false;
  if (g->owner_id == actor) return true;
  return world.top_role_position(guild_id, actor) > world.top_role_position(guild_id, target);
}

bool can_manage_role(const World& world, Snowflake guild_id, Snowflake actor, const Role& role) {
  const auto* g = world.guild(guild_id);
  if (!g) return false;
  if (g->owner_id == actor) return true;
  return world.top_role_position(guild_id, actor) > role.position;
}

bool timed_out(const World& world, const Channel& channel, Snowflake user) {
  if (!channel.guild_id) return false;
  const auto* m = world.member(*channel.guild_id, user);
  return m && m->communication_disabled_until &&
         *m->communication_disabled_until > to_timestamp(std::chrono::system_clock::now());
}

http::Response communication_disabled() {
  return error_response(403, "COMMUNICATION_DISABLED", "Communication disabled");
}

std::optional<std::string> audit_reason(const RequestContext& ctx) {
  const auto* raw = ctx.request.header("x-audit-log-reason");
  if (!raw) return std::nullopt;
  const auto value = trim(*raw);
  if (value.empty() || utf8_length(value) > 512) return std::nullopt;
  return std::string(value);
}

std::optional<ReactionEmoji> parse_reaction_emoji(std::string_view value) {
  if (value.empty() || utf8_length(value) > 64) return std::nullopt;
  ReactionEmoji e;
  const auto colon = value.rfind(':');
  if (colon != std::string_view::npos && colon > 0 && colon + 1 < value.size()) {
    const auto digits = value.substr(colon + 1);
    if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      if (auto id = Snowflake::parse(digits)) {
        e.id = *id;
        e.name = std::string(value.substr(0, colon));
        return e;
      }
  }
  e.name = std::string(value);
  return e;
}

std::optional<std::string> data_uri_image_type(std::string_view value) {
  constexpr std::string_view prefix = "data:image/";
  if (value.substr(0, prefix.size()) != prefix) return std::nullopt;
  value.remove_prefix(prefix.size());
  const auto semi = value.find(";base64,");
  if (semi == std::string_view::npos) return std::nullopt;
  const auto type = value.substr(0, semi);
  if (type != "png" && type != "jpeg" && type != "jpg" && type != "webp" && type != "gif") return std::nullopt;
  const auto data = value.substr(semi + 8);
  if (data.empty() || data.size() % 4 != 0) return std::nullopt;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    const bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || (c == '=' && i + 2 >= data.size());
    if (!ok) return std::nullopt;
  }
  return std::string(type);
}

std::string image_hash(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    out += kHex[digest[i] >> 4U];
    out += kHex[digest[i] & 0x0FU];
  }
  return out;
}

// ---------------------------------------------------------------- error shaping

void register_error_shaping(Router& router) {
  router.add_post_filter([](RequestContext& ctx, http::Response& response) {
    if (ctx.services.options.mode != ProtocolMode::A || response.status != 400) return;
    if (response.body.find("\"errors\"") == std::string::npos) return;
    rapidjson::Document doc;
    doc.Parse(response.body.data(), response.body.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("errors") || !doc["errors"].IsArray()) return;
    for (auto& entry : doc["errors"].GetArray())
      if (entry.IsObject()) entry.RemoveMember("code");
    response.body = json::build([&](json::Writer& w) { doc.Accept(w); });
  });
}

}  // namespace fluxer::emulator::rest
