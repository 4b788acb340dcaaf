// Malformed, truncated and mistyped input: every failure must be a typed Decode error that
// names a JSON path, never a crash, an exception or an abort. Built and run under
// ASan/UBSan too (see the report of issue 3).

#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>

#include "fixtures.hpp"
#include "model/codec_internal.hpp"
#include "model/frame_decoder.hpp"

namespace {

using namespace fluxer;

struct EventFixture {
  std::string_view name;
  std::string_view json;
};

const std::vector<EventFixture>& event_fixtures() {
  static const std::vector<EventFixture> all = {
      {events::READY, fixtures::kReadyA},
      {events::READY, fixtures::kReadyB},
      {events::USER_UPDATE, fixtures::kCurrentUser},
      {events::RATE_LIMITED, fixtures::kRateLimited},
      {events::GUILD_CREATE, fixtures::kGuildCreate},
      {events::GUILD_CREATE, fixtures::kGuildCreateStubHidden},
      {events::GUILD_UPDATE, fixtures::kGuildUpdate},
      {events::GUILD_DELETE, fixtures::kGuildDeleteUnavailable},
      {events::GUILD_DELETE, fixtures::kGuildDeleteDeleted},
      {events::GUILD_ROLE_CREATE, fixtures::kGuildRoleCreate},
      {events::GUILD_ROLE_UPDATE_BULK, fixtures::kGuildRoleUpdateBulk},
      {events::GUILD_ROLE_DELETE, fixtures::kGuildRoleDelete},
      {events::GUILD_EMOJIS_UPDATE, fixtures::kGuildEmojisUpdate},
      {events::GUILD_STICKERS_UPDATE, fixtures::kGuildStickersUpdate},
      {events::GUILD_MEMBER_ADD, fixtures::kGuildMemberAdd},
      {events::GUILD_MEMBER_UPDATE, fixtures::kGuildMemberUpdate},
      {events::GUILD_MEMBER_REMOVE, fixtures::kGuildMemberRemove},
      {events::GUILD_MEMBERS_CHUNK, fixtures::kGuildMembersChunk},
      {events::GUILD_MEMBER_LIST_UPDATE, fixtures::kGuildMemberListUpdate},
      {events::GUILD_BAN_ADD, fixtures::kGuildBanAdd},
      {events::GUILD_AUDIT_LOG_ENTRY_CREATE, fixtures::kGuildAuditLogEntryCreate},
      {events::GUILD_COUNTS_UPDATE, fixtures::kGuildCountsUpdate},
      {events::CHANNEL_CREATE, fixtures::kChannelText},
      {events::CHANNEL_UPDATE, fixtures::kChannelGroupDm},
      {events::CHANNEL_UPDATE_BULK, fixtures::kChannelUpdateBulk},
      {events::CHANNEL_PINS_UPDATE, fixtures::kChannelPinsUpdate},
      {events::CHANNEL_RECIPIENT_ADD, fixtures::kChannelRecipientAdd},
      {events::WEBHOOKS_UPDATE, fixtures::kWebhooksUpdate},
      {events::INVITE_CREATE, fixtures::kInviteCreate},
      {events::INVITE_DELETE, fixtures::kInviteDelete},
      {events::TYPING_START, fixtures::kTypingStartA},
      {events::TYPING_START, fixtures::kTypingStartB},
      {events::MESSAGE_CREATE, fixtures::kMessageCreate},
      {events::MESSAGE_CREATE, fixtures::kMessageDmForward},
      {events::MESSAGE_UPDATE, fixtures::kMessageUpdateReply},
      {events::MESSAGE_DELETE, fixtures::kMessageDelete},
      {events::MESSAGE_DELETE_BULK, fixtures::kMessageDeleteBulk},
      {events::MESSAGE_REACTION_ADD, fixtures::kMessageReactionAdd},
      {events::MESSAGE_REACTION_REMOVE, fixtures::kMessageReactionRemove},
      {events::MESSAGE_REACTION_ADD_MANY, fixtures::kMessageReactionAddMany},
      {events::MESSAGE_REACTION_REMOVE_ALL, fixtures::kMessageReactionRemoveAll},
      {events::MESSAGE_REACTION_REMOVE_EMOJI, fixtures::kMessageReactionRemoveEmoji},
      {events::PRESENCE_UPDATE, fixtures::kPresence},
      {events::PRESENCE_UPDATE_BULK, fixtures::kPresenceUpdateBulk},
      {events::VOICE_STATE_UPDATE, fixtures::kVoiceStateA},
      {events::VOICE_STATE_UPDATE, fixtures::kVoiceStateB},
      {events::VOICE_SERVER_UPDATE, fixtures::kVoiceServerUpdate},
      {events::ENTRANCE_SOUND_PLAY, fixtures::kEntranceSoundPlay},
      {events::CALL_CREATE, fixtures::kCallCreate},
      {events::CALL_DELETE, fixtures::kCallDelete},
  };
  return all;
}

/// Decodes a document, appending the fields it skipped to the warnings.
using DecodeFn = std::function<Result<void>(std::string_view, std::vector<FieldWarning>&)>;

/// Entity fixtures with the decoder for their type.
struct EntityFixture {
  std::string_view name;
  std::string_view json;
  DecodeFn decode;
};

template <class T>
DecodeFn decoder() {
  return [](std::string_view json, std::vector<FieldWarning>& warnings) -> Result<void> {
    auto r = from_json<T>(json, warnings);
    if (!r.ok()) return r.error();
    return {};
  };
}

const std::vector<EntityFixture>& entity_fixtures() {
  static const std::vector<EntityFixture> all = {
      {"instance B", fixtures::kInstanceB, decoder<InstanceInfo>()},
      {"instance A", fixtures::kInstanceA, decoder<InstanceInfo>()},
      {"gateway bot", fixtures::kGatewayBot, decoder<GatewayBotInfo>()},
      {"application", fixtures::kApplication, decoder<Application>()},
      {"ban", fixtures::kBan, decoder<Ban>()},
      {"webhook", fixtures::kWebhook, decoder<Webhook>()},
      {"invite", fixtures::kInvite, decoder<Invite>()},
      {"audit", fixtures::kAuditLogEntry, decoder<AuditLogEntry>()},
      {"guild", fixtures::kGuild, decoder<Guild>()},
      {"member", fixtures::kMember, decoder<GuildMember>()},
      {"embed", fixtures::kEmbedRich, decoder<Embed>()},
      {"embed video", fixtures::kEmbedVideo, decoder<Embed>()},
      {"attachment", fixtures::kAttachment, decoder<Attachment>()},
      {"sticker", fixtures::kGuildSticker, decoder<Sticker>()},
      {"emoji", fixtures::kGuildEmojiWithUser, decoder<Emoji>()},
  };
  return all;
}

// ------------------------------------------------------------------ helpers

/// Every value in the document with its path (segments), root first.
void collect_paths(const rapidjson::Value& v, std::vector<std::string>& prefix,
                   std::vector<std::vector<std::string>>& out) {
  out.push_back(prefix);
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      prefix.emplace_back(m.name.GetString(), m.name.GetStringLength());
      collect_paths(m.value, prefix, out);
      prefix.pop_back();
    }
  } else if (v.IsArray()) {
    for (std::size_t i = 0; i < v.Size(); ++i) {
      prefix.push_back(std::to_string(i));
      collect_paths(v[i], prefix, out);
      prefix.pop_back();
    }
  }
}

rapidjson::Value* find(rapidjson::Value& root, const std::vector<std::string>& path) {
  rapidjson::Value* v = &root;
  for (const auto& seg : path) {
    if (v->IsObject()) {
      auto it = v->FindMember(rapidjson::StringRef(seg.data(), seg.size()));
      if (it == v->MemberEnd()) return nullptr;
      v = &it->value;
    } else if (v->IsArray()) {
      v = &(*v)[static_cast<rapidjson::SizeType>(std::stoul(seg))];
    } else {
      return nullptr;
    }
  }
  return v;
}

std::string join(const std::vector<std::string>& path) {
  std::string s;
  for (const auto& seg : path) {
    if (!s.empty()) s += '.';
    s += seg;
  }
  return s;
}

bool is_prefix(const std::string& prefix, const std::string& path) {
  if (prefix.empty()) return true;
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.';
}

/// Replacement values of every JSON type.
std::vector<std::pair<rapidjson::Type, std::string>> replacements() {
  return {{rapidjson::kNullType, "null"},      {rapidjson::kTrueType, "true"},
          {rapidjson::kNumberType, "-7"},      {rapidjson::kNumberType, "2.5"},
          {rapidjson::kStringType, "\"zz\""},  {rapidjson::kObjectType, "{\"k\":1}"},
          {rapidjson::kArrayType, "[1,\"a\"]"}};
}

struct FlipStats {
  int flips = 0;
  int errors = 0;
  int warned = 0;
};

/// Replaces every value of `json` with values of other types and checks that decoding
/// either succeeds (silently when the value is acceptable, else with warnings that name the
/// replaced value) or fails with a Decode error whose path leads to the replaced value.
void flip_every_value(std::string_view label, std::string_view json, const DecodeFn& decode, FlipStats& stats) {
  rapidjson::Document original;
  original.Parse(json.data(), json.size());
  ASSERT_FALSE(original.HasParseError()) << label;
  std::vector<std::vector<std::string>> paths;
  std::vector<std::string> prefix;
  collect_paths(original, prefix, paths);
  for (const auto& path : paths) {
    const rapidjson::Value* orig_value = find(original, path);
    ASSERT_NE(orig_value, nullptr);
    for (const auto& [type, text] : replacements()) {
      if (orig_value->GetType() == type && type != rapidjson::kNumberType) continue;
      rapidjson::Document doc;
      doc.CopyFrom(original, doc.GetAllocator());
      rapidjson::Document repl;
      repl.Parse(text.c_str());
      rapidjson::Value* target = find(doc, path);
      ASSERT_NE(target, nullptr);
      target->CopyFrom(repl, doc.GetAllocator());
      const std::string mutated = mjson::to_text(doc);
      std::vector<FieldWarning> warnings;
      auto r = decode(mutated, warnings);
      ++stats.flips;
      const std::string flipped = join(path);
      if (r.ok()) {
        if (!warnings.empty()) ++stats.warned;
        for (const auto& w : warnings) {
          EXPECT_FALSE(w.path.empty()) << label << " " << mutated;
          EXPECT_TRUE(is_prefix(w.path, flipped) || is_prefix(flipped, w.path))
              << label << ": replaced " << flipped << " with " << text << ", warning at '" << w.path << "'";
        }
        continue;
      }
      ++stats.errors;
      const Error& e = r.error();
      ASSERT_EQ(e.kind, ErrorKind::Decode) << label << " " << mutated;
      ASSERT_FALSE(e.errors.empty()) << label << " " << mutated;
      // The error is at the replaced value, above it (a required parent), or inside it
      // (e.g. a required id missing from a replacement object).
      EXPECT_TRUE(is_prefix(e.errors[0].path, flipped) || is_prefix(flipped, e.errors[0].path))
          << label << ": replaced " << flipped << " with " << text << ", error at '" << e.errors[0].path
          << "': " << e.message;
    }
  }
}

Result<void> decode_event(std::string_view name, std::string_view json, std::vector<FieldWarning>& warnings) {
  auto r = decode_dispatch(name, json, warnings);
  if (!r.ok()) return r.error();
  return {};
}

// ------------------------------------------------------------------ tests

TEST(Robustness, EveryEventFixtureDecodes) {
  for (const auto& f : event_fixtures()) {
    auto r = decode_dispatch(f.name, f.json);
    ASSERT_TRUE(r.ok()) << f.name << ": " << r.error().to_string();
    EXPECT_EQ(event_name(*r), f.name);
  }
}

TEST(Robustness, TruncatedEventsAtEveryByte) {
  int cases = 0;
  for (const auto& f : event_fixtures()) {
    for (std::size_t n = 0; n < f.json.size(); ++n) {
      auto r = decode_dispatch(f.name, f.json.substr(0, n));
      ASSERT_FALSE(r.ok()) << f.name << " truncated to " << n << " bytes";
      ASSERT_EQ(r.error().kind, ErrorKind::Decode);
      ++cases;
    }
  }
  EXPECT_GT(cases, 15000);
  std::printf("[ info ] %d truncated event payloads rejected\n", cases);
}

TEST(Robustness, TruncatedEntitiesAtEveryByte) {
  for (const auto& f : entity_fixtures()) {
    for (std::size_t n = 0; n < f.json.size(); ++n) {
      std::vector<FieldWarning> warnings;
      auto r = f.decode(f.json.substr(0, n), warnings);
      ASSERT_FALSE(r.ok()) << f.name << " truncated to " << n << " bytes";
      ASSERT_EQ(r.error().kind, ErrorKind::Decode);
    }
  }
}

TEST(Robustness, EveryEventFieldWithEveryWrongType) {
  FlipStats stats;
  for (const auto& f : event_fixtures()) {
    flip_every_value(
        f.name, f.json, [&](std::string_view j, std::vector<FieldWarning>& w) { return decode_event(f.name, j, w); },
        stats);
  }
  // Ids and entity fields fail, cosmetic fields warn; nulls and a few deliberate
  // alternatives are accepted. Nothing wrong passes unnoticed.
  EXPECT_GT(stats.flips, 5000);
  EXPECT_GT(stats.errors, stats.flips / 8);
  EXPECT_GT(stats.warned, stats.flips / 3);
  EXPECT_GT(stats.errors + stats.warned, stats.flips * 2 / 3);
  std::printf("[ info ] %d event mutations: %d rejected, %d decoded with warnings, all with a path\n", stats.flips,
              stats.errors, stats.warned);
}

TEST(Robustness, EveryEntityFieldWithEveryWrongType) {
  FlipStats stats;
  for (const auto& f : entity_fixtures()) flip_every_value(f.name, f.json, f.decode, stats);
  EXPECT_GT(stats.errors, stats.flips / 10);
  EXPECT_GT(stats.errors + stats.warned, stats.flips * 2 / 3);
  std::printf("[ info ] %d entity mutations: %d rejected, %d decoded with warnings, all with a path\n", stats.flips,
              stats.errors, stats.warned);
}

TEST(Robustness, StrictFieldsFailLenientFieldsWarn) {
  struct Case {
    std::string_view event;
    std::string_view json;
    std::string_view path;
  };
  // Ids, the fields that identify an entity, permissions: a wrong value is an error naming
  // exactly that field.
  const Case strict[] = {
      {events::MESSAGE_CREATE, R"({"id":"one","channel_id":"2"})", "id"},
      {events::MESSAGE_CREATE, R"({"id":"1","channel_id":2.5})", "channel_id"},
      {events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","author":{"id":"x"}})", "author.id"},
      {events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","mention_roles":["r"]})", "mention_roles.0"},
      {events::GUILD_MEMBERS_CHUNK, R"({"guild_id":"1","chunk_index":"0"})", "chunk_index"},
      {events::CHANNEL_CREATE, R"({"id":"1","type":0,"permission_overwrites":[{"id":"2","allow":"x"}]})",
       "permission_overwrites.0.allow"},
      {events::CHANNEL_CREATE, R"({"id":"1","type":"text"})", "type"},
      {events::GUILD_ROLE_CREATE, R"({"guild_id":"1","role":{"id":"2","permissions":"all"}})", "role.permissions"},
      {events::GUILD_DELETE, R"({"id":"1","unavailable":"yes"})", "unavailable"},
      {events::VOICE_STATE_UPDATE, R"({"user_id":"me"})", "user_id"},
  };
  for (const auto& c : strict) {
    auto r = decode_dispatch(c.event, c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().errors.at(0).path, c.path) << c.json;
  }
  // Everything else costs only itself: the event decodes and a warning names the field.
  const Case lenient[] = {
      {events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","type":"0"})", "type"},
      {events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","pinned":"false"})", "pinned"},
      {events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","mentions":"none"})", "mentions"},
      {events::MESSAGE_CREATE, R"({"id":"1","channel_id":"2","member":{"roles":"1"}})", "member.roles"},
      {events::GUILD_ROLE_CREATE, R"({"guild_id":"1","role":{"id":"2","color":"red"}})", "role.color"},
      {events::VOICE_STATE_UPDATE, R"({"user_id":"1","self_mute":"yes"})", "self_mute"},
  };
  for (const auto& c : lenient) {
    std::vector<FieldWarning> warnings;
    auto r = decode_dispatch(c.event, c.json, warnings);
    ASSERT_TRUE(r.ok()) << c.json << ": " << r.error().to_string();
    ASSERT_EQ(warnings.size(), 1u) << c.json;
    EXPECT_EQ(warnings[0].path, c.path) << c.json;
  }
}

TEST(Robustness, MalformedDocuments) {
  const std::string deep_array(200000, '[');
  const std::string deep_object = [] {
    std::string s;
    for (int i = 0; i < 50000; ++i) s += "{\"a\":";
    return s;
  }();
  const std::string_view inputs[] = {
      "",
      " ",
      "nul",
      "tru",
      "\"unterminated",
      "{\"id\":\"1\",}",
      "{\"id\" \"1\"}",
      "{'id':'1'}",
      "{\"id\":\"1\"} trailing",
      "{\"id\":01}",
      "{\"id\":1e999999}",
      "{\"id\":NaN}",
      "{\"id\":\"\\uD800\"}",
      "{\"id\":\"\\x\"}",
      std::string_view("{\"id\":\"1\0\"}", 11),
      "\xEF\xBB\xBF{}",
      deep_array,
      deep_object,
  };
  for (auto in : inputs) {
    for (std::string_view event : {events::MESSAGE_CREATE, events::GUILD_CREATE, events::READY}) {
      auto r = decode_dispatch(event, in);
      if (r.ok()) continue;  // e.g. a lone \uD800 is accepted by the parser
      EXPECT_EQ(r.error().kind, ErrorKind::Decode);
    }
    auto u = from_json<User>(in);
    if (!u.ok()) {
      EXPECT_EQ(u.error().kind, ErrorKind::Decode);
    }
  }
}

// A default-constructed view has a null data pointer: it is an empty document (found by
// the rest_response fuzz target: memchr was called with that null pointer, UB under UBSan).
TEST(Robustness, NullEmptyViewIsAnEmptyDocument) {
  const std::string_view none;
  ASSERT_EQ(none.data(), nullptr);
  auto m = from_json<Message>(none);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Decode);
  EXPECT_EQ(m.error().code, "INVALID_JSON");
  auto members = from_json<std::vector<GuildMember>>(none);
  ASSERT_FALSE(members.ok());
  EXPECT_EQ(members.error().kind, ErrorKind::Decode);
  auto e = decode_dispatch(events::MESSAGE_CREATE, none);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::Decode);
  mjson::FrameDecoder decoder;
  mjson::GatewayFrame frame;
  auto f = decoder.decode(none, frame);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::Decode);
}

TEST(Robustness, HostileValues) {
  // Out-of-range numbers, huge strings and arrays, invalid UTF-8, duplicate keys.
  const std::string long_content(1 << 20, 'x');
  const std::string big_message = R"({"id":"1","channel_id":"2","content":")" + long_content + R"(","mentions":[)" +
                                  [] {
                                    std::string s;
                                    for (int i = 0; i < 5000; ++i)
                                      s += (i ? ",{\"id\":\"" : "{\"id\":\"") + std::to_string(i + 1) + "\"}";
                                    return s;
                                  }() +
                                  "]}";
  auto big = decode_dispatch(events::MESSAGE_CREATE, big_message);
  ASSERT_TRUE(big.ok()) << big.error().to_string();
  EXPECT_EQ(std::get<MessageCreate>(*big).message.mentions.size(), 5000u);

  // Out-of-range numbers in cosmetic fields cost the field (an attachment: the attachment).
  const std::pair<std::string_view, std::string_view> cases[] = {
      {R"({"id":"1","channel_id":"2","flags":4294967296})", "flags"},
      {R"({"id":"1","channel_id":"2","flags":-1})", "flags"},
      {R"({"id":"1","channel_id":"2","type":99999999999})", "type"},
      {R"({"id":"1","channel_id":"2","timestamp":"9999-99-99T00:00:00Z"})", "timestamp"},
      {R"({"id":"1","channel_id":"2","author":{"id":"1","avatar_color":1e20}})", "author.avatar_color"},
      {R"({"id":"1","channel_id":"2","attachments":[{"id":"3","size":-5}]})", "attachments.0.size"},
  };
  for (auto [c, path] : cases) {
    std::vector<FieldWarning> warnings;
    auto r = decode_dispatch(events::MESSAGE_CREATE, c, warnings);
    ASSERT_TRUE(r.ok()) << c;
    ASSERT_EQ(warnings.size(), 1u) << c;
    EXPECT_EQ(warnings[0].path, path) << c;
    EXPECT_EQ(std::get<MessageCreate>(*r).message.channel_id, Snowflake{2});
  }
  // ... and out-of-range ids fail.
  auto huge_id = decode_dispatch(events::MESSAGE_CREATE, R"({"id":"18446744073709551616","channel_id":"2"})");
  ASSERT_FALSE(huge_id.ok());
  EXPECT_EQ(huge_id.error().errors.at(0).path, "id");
  // Invalid UTF-8 inside strings is passed through as bytes, not rejected.
  auto utf =
      decode_dispatch(events::MESSAGE_CREATE, "{\"id\":\"1\",\"channel_id\":\"2\",\"content\":\"\xC3\x28\xFF\"}");
  ASSERT_TRUE(utf.ok());
  EXPECT_EQ(std::get<MessageCreate>(*utf).message.content, "\xC3\x28\xFF");
  // Duplicate keys: the last one wins, lists are not appended twice.
  auto dup = decode_dispatch(events::MESSAGE_CREATE,
                             R"({"id":"1","channel_id":"2","mention_roles":["3"],"mention_roles":["4","5"]})");
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(std::get<MessageCreate>(*dup).message.mention_roles.size(), 2u);
}

TEST(Robustness, NothingThrowsFromTheEntryPoints) {
  EXPECT_NO_THROW({
    auto r = decode_dispatch(events::MESSAGE_CREATE, "{\"id\":[[[[[[[[");
    (void)r;
  });
  EXPECT_NO_THROW({
    auto r = from_json<std::vector<Message>>("[{\"id\":\"1\",\"channel_id\":\"2\"},7]");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error().errors.at(0).path, "1");
  });
}

}  // namespace
