#pragma once
// Helpers shared by the REST route files: JSON body parsing with INVALID_FORM_BODY errors
// collected per field, query parameters, path resolution with Fluxer's 404/403 rules,
// role hierarchy, audit reasons and reaction emoji path values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/rapidjson.hpp"

#include <fluxer/core/error.hpp>
#include <fluxer/emulator/entities.hpp>

#include "emulator/http/http.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

/// INVALID_FORM_BODY entries, collected while a body is read. At most one entry per path.
class FormErrors {
 public:
  void add(std::string path, std::string code, std::string message);
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  [[nodiscard]] const std::vector<FieldError>& entries() const noexcept { return entries_; }
  /// 400 INVALID_FORM_BODY with every entry.
  [[nodiscard]] http::Response response() const;
  /// The same as an Api error (for actions).
  [[nodiscard]] Error error() const;

 private:
  std::vector<FieldError> entries_;
};

/// Reads the request body as the server does (see json_body.hpp: blank = `{}`, `""` and
/// empty/all-null nested objects become null) and requires a JSON object. Failures are 400
/// INVALID_FORM_BODY: path "body" (not JSON) or "root" (JSON of another type), code
/// INVALID_FORMAT.
[[nodiscard]] std::optional<http::Response> parse_object(const http::Request& request, rapidjson::Document& out);
/// The same for any body text and root type (kObjectType or kArrayType).
[[nodiscard]] std::optional<http::Response> parse_body(std::string_view body, rapidjson::Document& out,
                                                       rapidjson::Type root);

/// Typed, validating reads of one JSON object's members. A wrong type or bound adds an
/// entry to the FormErrors and yields nullopt; an absent member yields nullopt silently.
/// Lengths count Unicode code points.
class Fields {
 public:
  Fields(const rapidjson::Value& object, FormErrors& errors, std::string prefix = {})
      : object_(object), errors_(errors), prefix_(std::move(prefix)) {}

  [[nodiscard]] const rapidjson::Value* value(std::string_view name) const;
  [[nodiscard]] bool has(std::string_view name) const { return value(name) != nullptr; }
  [[nodiscard]] bool is_null(std::string_view name) const;
  /// Absent or null: a required field that is missing (`""` reads as null too).
  [[nodiscard]] bool missing(std::string_view name) const { return !has(name) || is_null(name); }
  [[nodiscard]] std::string path(std::string_view name) const;

  std::optional<std::string> string(std::string_view name, std::size_t min, std::size_t max);
  /// Absent → nullopt; null → a present nullopt.
  std::optional<std::optional<std::string>> nullable_string(std::string_view name, std::size_t min, std::size_t max);
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<std::optional<std::int64_t>> nullable_integer(std::string_view name, std::int64_t min,
                                                              std::int64_t max);
  std::optional<bool> boolean(std::string_view name);
  /// A snowflake as a decimal string or a non-negative integer.
  std::optional<Snowflake> snowflake(std::string_view name);
  std::optional<std::optional<Snowflake>> nullable_snowflake(std::string_view name);
  /// A permission mask as a decimal string or an integer.
  std::optional<std::uint64_t> permissions(std::string_view name);
  std::optional<std::vector<Snowflake>> snowflakes(std::string_view name, std::size_t max);
  /// An ISO 8601 timestamp string.
  std::optional<std::optional<Timestamp>> nullable_timestamp(std::string_view name);
  /// Reports `code`/`message` against a member.
  void fail(std::string_view name, std::string code, std::string message);
  [[nodiscard]] FormErrors& errors() noexcept { return errors_; }

 private:
  const rapidjson::Value& object_;
  FormErrors& errors_;
  std::string prefix_;
};

/// `name`: an array of permission overwrites `{id, type 0|1, allow?, deny?}` (nullopt when
/// absent or invalid; errors collected).
std::optional<std::vector<PermissionOverwrite>> read_overwrites(Fields& fields, std::string_view name);

/// Number of Unicode code points in UTF-8 text.
[[nodiscard]] std::size_t utf8_length(std::string_view text) noexcept;

/// `?name=` as an integer in [min, max]; `fallback` when absent; an entry in `errors` when
/// malformed or out of range.
std::optional<std::int64_t> query_integer(const RequestContext& ctx, std::string_view name, std::int64_t fallback,
                                          std::int64_t min, std::int64_t max, FormErrors& errors);
/// `?name=` as a snowflake (nullopt when absent; an entry in `errors` when malformed).
std::optional<Snowflake> query_snowflake(const RequestContext& ctx, std::string_view name, FormErrors& errors);
/// `?name=true|false|1|0` (nullopt when absent).
[[nodiscard]] std::optional<bool> query_bool(const RequestContext& ctx, std::string_view name);

/// The channel named by path parameter `param`, as the caller may see it. Errors: 404
/// UNKNOWN_CHANNEL (absent, malformed, or a private channel the caller is not in), 403
/// MISSING_PERMISSIONS (a guild channel the caller cannot view). nullptr + `error` then.
const Channel* resolve_channel(RequestContext& ctx, std::string_view param, http::Response& error);
/// The guild named by path parameter `param`. Errors: 404 UNKNOWN_GUILD, 403 MISSING_ACCESS
/// (guild marked unavailable), 403 MISSING_PERMISSIONS (caller not a member).
const Guild* resolve_guild(RequestContext& ctx, std::string_view param, http::Response& error);

/// Whether `actor` may act on member `target` by role hierarchy: the owner outranks
/// everyone, nobody outranks the owner, otherwise the highest role position decides.
[[nodiscard]] bool outranks(const World& world, Snowflake guild_id, Snowflake actor, Snowflake target);
/// Whether `actor` may manage `role`: owner, or a top role strictly above it.
[[nodiscard]] bool can_manage_role(const World& world, Snowflake guild_id, Snowflake actor, const Role& role);

/// Whether `user` is a timed-out member of `channel`'s guild (communication_disabled_until
/// in the future): sending, typing and reacting then answer 403 COMMUNICATION_DISABLED.
[[nodiscard]] bool timed_out(const World& world, const Channel& channel, Snowflake user);
/// 403 COMMUNICATION_DISABLED.
[[nodiscard]] http::Response communication_disabled();

/// The X-Audit-Log-Reason header, trimmed; nullopt when blank or longer than 512 characters.
[[nodiscard]] std::optional<std::string> audit_reason(const RequestContext& ctx);

/// A reaction emoji path value: `name:id` (custom, id = trailing decimal snowflake) or a
/// Unicode emoji (1–64 characters). nullopt when empty or too long.
[[nodiscard]] std::optional<ReactionEmoji> parse_reaction_emoji(std::string_view value);

/// `data:image/{png|jpeg|webp|gif};base64,...` → the image type ("png", ...); nullopt when
/// the value is not such a data URI or the base64 is invalid.
[[nodiscard]] std::optional<std::string> data_uri_image_type(std::string_view value);
/// A short stable hash for a stored image (icons, avatars, emojis): 32 hex characters.
[[nodiscard]] std::string image_hash(std::string_view data);

/// An Api error as a response (status, code, message, errors).
[[nodiscard]] inline http::Response respond(const Error& e) {
  return error_response(e);
}
/// 200 with a JSON body.
[[nodiscard]] inline http::Response ok_json(std::string body) {
  return http::Response::json(200, std::move(body));
}

/// [A] writes INVALID_FORM_BODY entries without `code`; this post-filter removes it from
/// every error body of a server in mode A, so route code can always pass a code.
void register_error_shaping(Router& router);

}  // namespace fluxer::emulator::rest
