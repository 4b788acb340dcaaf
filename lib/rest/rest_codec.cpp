// JSON of the REST-only request and response types: their field tables (read and written
// by the model codec, see lib/model/schema.hpp) and the checks made before sending.

#include "rest/rest_codec.hpp"

#include <exception>
#include <new>

#include <fmt/format.h>

#include <fluxer/model/codec.hpp>

#include "model/tables.hpp"
#include "model/text_decode.hpp"
#include "model/validate.hpp"
#include "rest/request_util.hpp"

namespace fluxer::mjson {

// Declared together before any use, so that every Codec<T> below sees all of them.
const ObjectTable& table_of(Tag<PinnedMessage>);
const ObjectTable& table_of(Tag<PinsPage>);
const ObjectTable& table_of(Tag<ReactionUsersPage>);
const ObjectTable& table_of(Tag<VanityUrl>);
const ObjectTable& table_of(Tag<ChannelSlowmode>);
const ObjectTable& table_of(Tag<UserProfileDetails>);
const ObjectTable& table_of(Tag<UserProfile>);
const ObjectTable& table_of(Tag<AuditLogWebhook>);
const ObjectTable& table_of(Tag<AuditLog>);
const ObjectTable& table_of(Tag<BulkCreateFailure>);
const ObjectTable& table_of(Tag<BulkCreateResult<Emoji>>);
const ObjectTable& table_of(Tag<BulkCreateResult<Sticker>>);
const ObjectTable& table_of(Tag<ChannelPosition>);
const ObjectTable& table_of(Tag<RolePosition>);
const ObjectTable& table_of(Tag<CreateGroupDm>);
const ObjectTable& table_of(Tag<CreateSticker>);
const ObjectTable& table_of(Tag<ModifySticker>);

// ------------------------------------------------------------------ responses

namespace {

/// A key of a response type: read into member M, never written (the response types have
/// no operator==, which the writer's omit-default test needs for lists of them).
template <auto M>
constexpr FieldDesc read_field(std::string_view name) {
  FieldDesc f;
  f.name = name;
  f.read = &read_member<M>;
  f.reset = &reset_member<M>;
  f.empty = &member_empty<M>;
  f.flags = kNotSent;
  if (Codec<ValueOf<M>>::kStrict) f.flags |= kStrict;
  return f;
}

}  // namespace

// The message of a pin is strict: a pin whose message does not decode is dropped from
// `items` (lenient) rather than kept with an empty message.
const ObjectTable& table_of(Tag<PinnedMessage>) {
  static const ObjectTable table("PinnedMessage", {
                                                      read_field<&PinnedMessage::message>("message").strict(),
                                                      read_field<&PinnedMessage::pinned_at>("pinned_at"),
                                                  });
  return table;
}

const ObjectTable& table_of(Tag<PinsPage>) {
  static const ObjectTable table("PinsPage", {
                                                 read_field<&PinsPage::items>("items"),
                                                 read_field<&PinsPage::has_more>("has_more"),
                                             });
  return table;
}

const ObjectTable& table_of(Tag<ReactionUsersPage>) {
  static const ObjectTable table("ReactionUsersPage", {
                                                          read_field<&ReactionUsersPage::users>("items"),
                                                          read_field<&ReactionUsersPage::has_more>("has_more"),
                                                          read_field<&ReactionUsersPage::next_after>("next_after"),
                                                      });
  return table;
}

const ObjectTable& table_of(Tag<VanityUrl>) {
  static const ObjectTable table("VanityUrl", {
                                                  read_field<&VanityUrl::code>("code"),
                                                  read_field<&VanityUrl::uses>("uses"),
                                              });
  return table;
}

const ObjectTable& table_of(Tag<ChannelSlowmode>) {
  static const ObjectTable table("ChannelSlowmode",
                                 {
                                     read_field<&ChannelSlowmode::rate_limit_per_user>("rate_limit_per_user"),
                                     read_field<&ChannelSlowmode::retry_after>("retry_after_ms"),
                                     read_field<&ChannelSlowmode::next_send_allowed_at>("next_send_allowed_at"),
                                     read_field<&ChannelSlowmode::can_bypass>("can_bypass"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<UserProfileDetails>) {
  static const ObjectTable table("UserProfileDetails",
                                 {
                                     read_field<&UserProfileDetails::bio>("bio"),
                                     read_field<&UserProfileDetails::pronouns>("pronouns"),
                                     read_field<&UserProfileDetails::banner>("banner"),
                                     read_field<&UserProfileDetails::banner_color>("banner_color"),
                                     read_field<&UserProfileDetails::accent_color>("accent_color"),
                                 });
  return table;
}

// `user` is what the profile is of: required (and its own `id` is required by User).
const ObjectTable& table_of(Tag<UserProfile>) {
  static const ObjectTable table("UserProfile", {
                                                    read_field<&UserProfile::user>("user").required(),
                                                    read_field<&UserProfile::profile>("user_profile"),
                                                    read_field<&UserProfile::guild_member>("guild_member"),
                                                });
  return table;
}

// The avatar comes as `avatar_hash` ([B]) or `avatar`; whichever comes last wins.
const ObjectTable& table_of(Tag<AuditLogWebhook>) {
  static const ObjectTable table("AuditLogWebhook", {
                                                        read_field<&AuditLogWebhook::id>("id"),
                                                        read_field<&AuditLogWebhook::guild_id>("guild_id"),
                                                        read_field<&AuditLogWebhook::channel_id>("channel_id"),
                                                        read_field<&AuditLogWebhook::name>("name"),
                                                        read_field<&AuditLogWebhook::avatar>("avatar_hash"),
                                                        read_field<&AuditLogWebhook::avatar>("avatar"),
                                                    });
  return table;
}

const ObjectTable& table_of(Tag<AuditLog>) {
  static const ObjectTable table("AuditLog", {
                                                 read_field<&AuditLog::entries>("audit_log_entries"),
                                                 read_field<&AuditLog::users>("users"),
                                                 read_field<&AuditLog::webhooks>("webhooks"),
                                             });
  return table;
}

const ObjectTable& table_of(Tag<BulkCreateFailure>) {
  static const ObjectTable table("BulkCreateFailure", {
                                                          read_field<&BulkCreateFailure::name>("name"),
                                                          read_field<&BulkCreateFailure::error>("error"),
                                                      });
  return table;
}

const ObjectTable& table_of(Tag<BulkCreateResult<Emoji>>) {
  static const ObjectTable table("BulkCreateResult<Emoji>",
                                 {
                                     read_field<&BulkCreateResult<Emoji>::created>("success"),
                                     read_field<&BulkCreateResult<Emoji>::failed>("failed"),
                                 });
  return table;
}

const ObjectTable& table_of(Tag<BulkCreateResult<Sticker>>) {
  static const ObjectTable table("BulkCreateResult<Sticker>",
                                 {
                                     read_field<&BulkCreateResult<Sticker>::created>("success"),
                                     read_field<&BulkCreateResult<Sticker>::failed>("failed"),
                                 });
  return table;
}

// ------------------------------------------------------------------ request bodies

namespace {

/// Writes the list even when it is empty (CreateSticker `tags` is always sent).
template <auto M>
void write_list_always(Out& o, const void* object, const FieldDesc& f) {
  o.key(f.name);
  Codec<ValueOf<M>>::write(o, member<M>(object));
}

}  // namespace

const ObjectTable& table_of(Tag<ChannelPosition>) {
  static const ObjectTable table("ChannelPosition", {
                                                        field<&ChannelPosition::id>("id").required(),
                                                        field<&ChannelPosition::position>("position"),
                                                        field<&ChannelPosition::parent_id>("parent_id"),
                                                        field<&ChannelPosition::lock_permissions>("lock_permissions"),
                                                    });
  return table;
}

const ObjectTable& table_of(Tag<RolePosition>) {
  static const ObjectTable table("RolePosition", {
                                                     field<&RolePosition::id>("id").required(),
                                                     field<&RolePosition::position>("position"),
                                                 });
  return table;
}

const ObjectTable& table_of(Tag<CreateGroupDm>) {
  static const ObjectTable table("CreateGroupDm", {
                                                      field<&CreateGroupDm::recipients>("recipients"),
                                                  });
  return table;
}

const ObjectTable& table_of(Tag<CreateSticker>) {
  static const ObjectTable table(
      "CreateSticker", {
                           field<&CreateSticker::name>("name"),
                           field<&CreateSticker::description>("description"),
                           field_writing<&CreateSticker::tags, &write_list_always<&CreateSticker::tags>>("tags"),
                           field<&CreateSticker::image>("image"),
                       });
  return table;
}

// `tags` is written when present, even empty (it clears them).
const ObjectTable& table_of(Tag<ModifySticker>) {
  static const ObjectTable table("ModifySticker", {
                                                      field<&ModifySticker::name>("name"),
                                                      field<&ModifySticker::description>("description"),
                                                      field<&ModifySticker::tags>("tags"),
                                                  });
  return table;
}

}  // namespace fluxer::mjson

namespace fluxer::rest {
namespace {

template <class T>
Result<T> decode(std::string_view json) {
  try {
    T out{};
    mjson::Decoder decoder;
    decoder.start(&mjson::read_root<T>, &out);
    mjson::PaddedBuffer buffer;
    if (auto r = mjson::decode_text(decoder, json, buffer); !r) return std::move(r).error();
    return out;
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, "out of memory", "OUT_OF_MEMORY"};
  } catch (const std::exception&) {
    return Error{ErrorKind::Decode, "unexpected failure", "INTERNAL"};
  }
}

/// `value` as JSON, written through its field table (an object, or an array of them).
template <class T>
std::string write_json(const T& value) {
  mjson::Out o;
  mjson::Codec<T>::write(o, value);
  return o.take();
}

Result<void> check_length(std::string_view field, std::string_view value, std::size_t min, std::size_t max) {
  const auto n = utf8_code_points(value).value_or(value.size());
  if (n < min || n > max)
    return Error::invalid_argument(std::string(field), fmt::format("must be {} to {} characters (got {})", min, max, n),
                                   n < min ? "TOO_SHORT" : "TOO_LONG");
  return {};
}

Result<void> check_sticker_fields(std::string_view prefix, const std::optional<std::string>& name,
                                  const std::optional<std::string>& description, const std::vector<std::string>* tags) {
  if (name) FLUXER_CHECK(check_length(fmt::format("{}name", prefix), *name, 2, 30));
  if (description) FLUXER_CHECK(check_length(fmt::format("{}description", prefix), *description, 1, 500));
  if (tags) {
    if (tags->size() > 10) return Error::invalid_argument(fmt::format("{}tags", prefix), "at most 10 tags", "TOO_MANY");
    for (std::size_t i = 0; i < tags->size(); ++i)
      FLUXER_CHECK(check_length(fmt::format("{}tags.{}", prefix, i), (*tags)[i], 1, 30));
  }
  return {};
}

Result<void> check_sticker(std::string_view prefix, const CreateSticker& s) {
  FLUXER_CHECK(check_sticker_fields(prefix, s.name, s.description, &s.tags));
  if (s.image.empty()) return Error::invalid_argument(fmt::format("{}image", prefix), "must not be empty", "TOO_SHORT");
  return {};
}

/// Every position names its entity.
template <class P>
Result<void> check_positions(const std::vector<P>& positions) {
  if (positions.empty()) return Error::invalid_argument("positions", "must not be empty", "TOO_SHORT");
  for (std::size_t i = 0; i < positions.size(); ++i)
    if (!positions[i].id)
      return Error::invalid_argument(fmt::format("positions.{}.id", i), "must be set", "MISSING_FIELD");
  return {};
}

}  // namespace

Result<PinsPage> decode_pins_page(std::string_view json) {
  return decode<PinsPage>(json);
}
Result<ReactionUsersPage> decode_reaction_users_page(std::string_view json) {
  return decode<ReactionUsersPage>(json);
}
Result<VanityUrl> decode_vanity_url(std::string_view json) {
  return decode<VanityUrl>(json);
}
Result<ChannelSlowmode> decode_slowmode(std::string_view json) {
  return decode<ChannelSlowmode>(json);
}
Result<UserProfile> decode_user_profile(std::string_view json) {
  return decode<UserProfile>(json);
}
Result<AuditLog> decode_audit_log(std::string_view json) {
  return decode<AuditLog>(json);
}
Result<BulkCreateResult<Emoji>> decode_emoji_bulk(std::string_view json) {
  return decode<BulkCreateResult<Emoji>>(json);
}
Result<BulkCreateResult<Sticker>> decode_sticker_bulk(std::string_view json) {
  return decode<BulkCreateResult<Sticker>>(json);
}

Result<std::string> encode_channel_positions(const std::vector<ChannelPosition>& positions) {
  FLUXER_CHECK(check_positions(positions));
  return write_json(positions);
}

Result<std::string> encode_role_positions(const std::vector<RolePosition>& positions) {
  FLUXER_CHECK(check_positions(positions));
  return write_json(positions);
}

Result<std::string> encode_group_dm(const CreateGroupDm& body) {
  if (body.recipients.empty() || body.recipients.size() > 49)
    return Error::invalid_argument("recipients", "must name 1 to 49 users", "OUT_OF_RANGE");
  return write_json(body);
}

Result<std::string> encode_sticker(const CreateSticker& body) {
  FLUXER_CHECK(check_sticker("", body));
  return write_json(body);
}

Result<std::string> encode_sticker(const ModifySticker& body) {
  const std::optional<std::string> description =
      body.description.has_value() ? std::optional<std::string>(*body.description) : std::nullopt;
  FLUXER_CHECK(check_sticker_fields("", body.name, description, body.tags ? &*body.tags : nullptr));
  return write_json(body);
}

Result<std::string> encode_sticker_bulk(const std::vector<CreateSticker>& stickers) {
  if (stickers.empty() || stickers.size() > 50)
    return Error::invalid_argument("stickers", "must hold 1 to 50 stickers", "OUT_OF_RANGE");
  for (std::size_t i = 0; i < stickers.size(); ++i)
    FLUXER_CHECK(check_sticker(fmt::format("stickers.{}.", i), stickers[i]));
  mjson::Out o;
  o.begin_object();
  o.key("stickers");
  mjson::Codec<std::vector<CreateSticker>>::write(o, stickers);
  o.end_object();
  return o.take();
}

Result<std::string> encode_emoji_bulk(const std::vector<CreateEmoji>& emojis) {
  if (emojis.empty() || emojis.size() > 50)
    return Error::invalid_argument("emojis", "must hold 1 to 50 emojis", "OUT_OF_RANGE");
  std::string out = R"({"emojis":[)";
  for (std::size_t i = 0; i < emojis.size(); ++i) {
    auto one = to_json(emojis[i]);
    if (!one) {
      Error e = std::move(one).error();
      for (auto& f : e.errors) f.path = fmt::format("emojis.{}.{}", i, f.path);
      e.message = fmt::format("emojis.{}.{}", i, e.message);
      return e;
    }
    if (i) out.push_back(',');
    out += *one;
  }
  out += "]}";
  return out;
}

Result<std::string> encode_bulk_delete(const std::vector<Snowflake>& ids) {
  BulkDeleteMessages body;
  body.message_ids = ids;
  return to_json(body);
}

}  // namespace fluxer::rest
