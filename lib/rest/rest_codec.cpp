// JSON of the REST-only request and response types.

#include "rest/rest_codec.hpp"

#include <fmt/format.h>

#include <fluxer/model/codec.hpp>

#include "model/decoders.hpp"
#include "rest/request_util.hpp"

namespace fluxer::mjson {

bool read_value(Ctx& c, const Value& v, PinnedMessage& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("message", out.message)
      FLUXER_FIELD("pinned_at", out.pinned_at)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, PinsPage& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("items", out.items)
      FLUXER_FIELD("has_more", out.has_more)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, ReactionUsersPage& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("items", out.users)
      FLUXER_FIELD("has_more", out.has_more)
      FLUXER_FIELD("next_after", out.next_after)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, VanityUrl& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("code", out.code)
      FLUXER_FIELD("uses", out.uses)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, ChannelSlowmode& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("rate_limit_per_user", out.rate_limit_per_user)
      FLUXER_FIELD("retry_after_ms", out.retry_after)
      FLUXER_FIELD("next_send_allowed_at", out.next_send_allowed_at)
      FLUXER_FIELD("can_bypass", out.can_bypass)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, UserProfileDetails& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("bio", out.bio)
      FLUXER_FIELD("pronouns", out.pronouns)
      FLUXER_FIELD("banner", out.banner)
      FLUXER_FIELD("banner_color", out.banner_color)
      FLUXER_FIELD("accent_color", out.accent_color)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, UserProfile& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("user", out.user)
          FLUXER_FIELD("user_profile", out.profile)
          FLUXER_FIELD("guild_member", out.guild_member)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.user.id, "user");
}

bool read_value(Ctx& c, const Value& v, AuditLogWebhook& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("id", out.id)
      FLUXER_FIELD("guild_id", out.guild_id)
      FLUXER_FIELD("channel_id", out.channel_id)
      FLUXER_FIELD("name", out.name)
      FLUXER_FIELD("avatar_hash", out.avatar)
      FLUXER_FIELD("avatar", out.avatar)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, AuditLog& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("audit_log_entries", out.entries)
      FLUXER_FIELD("users", out.users)
      FLUXER_FIELD("webhooks", out.webhooks)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, BulkCreateFailure& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("name", out.name)
      FLUXER_FIELD("error", out.error)
      default: break;
    }
    return true;
  });
}

template <class T>
bool read_value(Ctx& c, const Value& v, BulkCreateResult<T>& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("success", out.created)
      FLUXER_FIELD("failed", out.failed)
      default: break;
    }
    return true;
  });
}

}  // namespace fluxer::mjson

namespace fluxer::rest {
namespace {

template <class T>
Result<T> decode(std::string_view json) {
  try {
    mjson::StackDocument doc;
    if (auto r = doc.parse(json); !r) return std::move(r).error();
    T out{};
    mjson::Ctx c;
    if (!read_value(c, doc.root(), out)) return c.error();
    return out;
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, "out of memory", "OUT_OF_MEMORY"};
  }
}

#define FLUXER_CHECK(expr)                                   \
  do {                                                       \
    if (auto r_ = (expr); !r_) return std::move(r_).error(); \
  } while (false)

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

void write_sticker(mjson::Out& o, const CreateSticker& s) {
  o.begin_object();
  o.field("name", s.name);
  o.field("description", s.description);
  o.key("tags");
  o.begin_array();
  for (const auto& t : s.tags) o.value(t);
  o.end_array();
  o.field("image", s.image);
  o.end_object();
}

Result<void> check_sticker(std::string_view prefix, const CreateSticker& s) {
  FLUXER_CHECK(check_sticker_fields(prefix, s.name, s.description, &s.tags));
  if (s.image.empty()) return Error::invalid_argument(fmt::format("{}image", prefix), "must not be empty", "TOO_SHORT");
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
  if (positions.empty()) return Error::invalid_argument("positions", "must not be empty", "TOO_SHORT");
  mjson::Out o;
  o.begin_array();
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const auto& p = positions[i];
    if (!p.id) return Error::invalid_argument(fmt::format("positions.{}.id", i), "must be set", "MISSING_FIELD");
    o.begin_object();
    o.field("id", p.id);
    o.field("position", p.position);
    o.field("parent_id", p.parent_id);
    o.field("lock_permissions", p.lock_permissions);
    o.end_object();
  }
  o.end_array();
  return o.take();
}

Result<std::string> encode_role_positions(const std::vector<RolePosition>& positions) {
  if (positions.empty()) return Error::invalid_argument("positions", "must not be empty", "TOO_SHORT");
  mjson::Out o;
  o.begin_array();
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if (!positions[i].id)
      return Error::invalid_argument(fmt::format("positions.{}.id", i), "must be set", "MISSING_FIELD");
    o.begin_object();
    o.field("id", positions[i].id);
    o.field("position", positions[i].position);
    o.end_object();
  }
  o.end_array();
  return o.take();
}

Result<std::string> encode_group_dm(const CreateGroupDm& body) {
  if (body.recipients.empty() || body.recipients.size() > 49)
    return Error::invalid_argument("recipients", "must name 1 to 49 users", "OUT_OF_RANGE");
  mjson::Out o;
  o.begin_object();
  o.field("recipients", body.recipients);
  o.end_object();
  return o.take();
}

Result<std::string> encode_sticker(const CreateSticker& body) {
  FLUXER_CHECK(check_sticker("", body));
  mjson::Out o;
  write_sticker(o, body);
  return o.take();
}

Result<std::string> encode_sticker(const ModifySticker& body) {
  const std::optional<std::string> description =
      body.description.has_value() ? std::optional<std::string>(*body.description) : std::nullopt;
  FLUXER_CHECK(check_sticker_fields("", body.name, description, body.tags ? &*body.tags : nullptr));
  mjson::Out o;
  o.begin_object();
  o.field("name", body.name);
  o.field("description", body.description);
  if (body.tags) {
    o.key("tags");
    o.begin_array();
    for (const auto& t : *body.tags) o.value(t);
    o.end_array();
  }
  o.end_object();
  return o.take();
}

Result<std::string> encode_sticker_bulk(const std::vector<CreateSticker>& stickers) {
  if (stickers.empty() || stickers.size() > 50)
    return Error::invalid_argument("stickers", "must hold 1 to 50 stickers", "OUT_OF_RANGE");
  mjson::Out o;
  o.begin_object();
  o.key("stickers");
  o.begin_array();
  for (std::size_t i = 0; i < stickers.size(); ++i) {
    FLUXER_CHECK(check_sticker(fmt::format("stickers.{}.", i), stickers[i]));
    write_sticker(o, stickers[i]);
  }
  o.end_array();
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
