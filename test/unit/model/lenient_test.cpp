// The decoding policy, event by event: a mistyped cosmetic field costs only that field (the
// event decodes exactly as if the field were absent, and one warning names it), while a
// mistyped id still fails the event with its path.

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>

#include "fixtures.hpp"
#include "model/codec_internal.hpp"
#include "test_util.hpp"

namespace {

using namespace fluxer;

struct PolicyCase {
  std::string_view event;
  std::string_view json;
  std::string_view cosmetic;  ///< a lenient field of the fixture ("" when the event has none)
  std::string_view id;        ///< a strict field of the fixture
};

// Every event fixture, with one field of each kind.
const PolicyCase kCases[] = {
    {events::READY, fixtures::kReadyA, "country_code", "user.id"},
    {events::READY, fixtures::kReadyB, "rtc_regions.1.name", "session_id"},
    {events::USER_UPDATE, fixtures::kCurrentUser, "username", "id"},
    {events::RATE_LIMITED, fixtures::kRateLimited, "opcode", "meta.guild_id"},
    {events::GUILD_CREATE, fixtures::kGuildCreate, "properties.name", "properties.owner_id"},
    {events::GUILD_CREATE, fixtures::kGuildCreateStubHidden, "unavailable_hidden", "id"},
    {events::GUILD_UPDATE, fixtures::kGuildUpdate, "name", "owner_id"},
    {events::GUILD_DELETE, fixtures::kGuildDeleteUnavailable, "unavailable_hidden", "id"},
    {events::GUILD_DELETE, fixtures::kGuildDeleteDeleted, "", "guild_id"},
    {events::GUILD_ROLE_CREATE, fixtures::kGuildRoleCreate, "role.name", "role.id"},
    {events::GUILD_ROLE_UPDATE_BULK, fixtures::kGuildRoleUpdateBulk, "roles.0.color", "guild_id"},
    {events::GUILD_ROLE_DELETE, fixtures::kGuildRoleDelete, "", "role_id"},
    {events::GUILD_EMOJIS_UPDATE, fixtures::kGuildEmojisUpdate, "emojis.1.animated", "guild_id"},
    {events::GUILD_STICKERS_UPDATE, fixtures::kGuildStickersUpdate, "stickers.0.description", "guild_id"},
    {events::GUILD_MEMBER_ADD, fixtures::kGuildMemberAdd, "joined_at", "user.id"},
    {events::GUILD_MEMBER_UPDATE, fixtures::kGuildMemberUpdate, "nick", "roles.0"},
    {events::GUILD_MEMBER_REMOVE, fixtures::kGuildMemberRemove, "", "user.id"},
    {events::GUILD_MEMBERS_CHUNK, fixtures::kGuildMembersChunk, "members.0.joined_at", "guild_id"},
    {events::GUILD_MEMBER_LIST_UPDATE, fixtures::kGuildMemberListUpdate, "member_count", "guild_id"},
    {events::GUILD_BAN_ADD, fixtures::kGuildBanAdd, "", "user.id"},
    {events::GUILD_BAN_REMOVE, fixtures::kGuildBanRemove, "", "guild_id"},
    {events::GUILD_AUDIT_LOG_ENTRY_CREATE, fixtures::kGuildAuditLogEntryCreate, "reason", "id"},
    {events::GUILD_COUNTS_UPDATE, fixtures::kGuildCountsUpdate, "counts.0.member_count", "nonce"},
    {events::CHANNEL_CREATE, fixtures::kChannelText, "topic", "id"},
    {events::CHANNEL_UPDATE, fixtures::kChannelGroupDm, "name", "owner_id"},
    {events::CHANNEL_DELETE, fixtures::kChannelVoice, "bitrate", "guild_id"},
    {events::CHANNEL_UPDATE_BULK, fixtures::kChannelUpdateBulk, "channels.0.name", "guild_id"},
    {events::CHANNEL_PINS_UPDATE, fixtures::kChannelPinsUpdate, "last_pin_timestamp", "channel_id"},
    {events::CHANNEL_RECIPIENT_ADD, fixtures::kChannelRecipientAdd, "user.username", "user.id"},
    {events::CHANNEL_RECIPIENT_REMOVE, fixtures::kChannelRecipientAdd, "user.discriminator", "channel_id"},
    {events::WEBHOOKS_UPDATE, fixtures::kWebhooksUpdate, "", "channel_id"},
    {events::INVITE_CREATE, fixtures::kInviteCreate, "member_count", "guild_id"},
    {events::INVITE_DELETE, fixtures::kInviteDelete, "", "channel_id"},
    {events::TYPING_START, fixtures::kTypingStartA, "timestamp", "user_id"},
    {events::TYPING_START, fixtures::kTypingStartB, "timestamp", "channel_id"},
    {events::MESSAGE_CREATE, fixtures::kMessageCreate, "pinned", "author.id"},
    {events::MESSAGE_CREATE, fixtures::kMessageDmForward, "message_snapshots.0.content", "channel_id"},
    {events::MESSAGE_UPDATE, fixtures::kMessageUpdateReply, "referenced_message.content", "id"},
    {events::MESSAGE_DELETE, fixtures::kMessageDelete, "content", "author_id"},
    {events::MESSAGE_DELETE_BULK, fixtures::kMessageDeleteBulk, "", "ids.1"},
    {events::MESSAGE_REACTION_ADD, fixtures::kMessageReactionAdd, "member.joined_at", "emoji.id"},
    {events::MESSAGE_REACTION_REMOVE, fixtures::kMessageReactionRemove, "session_id", "message_id"},
    {events::MESSAGE_REACTION_ADD_MANY, fixtures::kMessageReactionAddMany, "reactions.1.emoji.name", "message_id"},
    {events::MESSAGE_REACTION_REMOVE_ALL, fixtures::kMessageReactionRemoveAll, "", "guild_id"},
    {events::MESSAGE_REACTION_REMOVE_EMOJI, fixtures::kMessageReactionRemoveEmoji, "emoji.name", "channel_id"},
    {events::PRESENCE_UPDATE, fixtures::kPresence, "custom_status.text", "user.id"},
    {events::PRESENCE_UPDATE_BULK, fixtures::kPresenceUpdateBulk, "presences.1.afk", "guild_id"},
    {events::VOICE_STATE_UPDATE, fixtures::kVoiceStateA, "self_video", "user_id"},
    {events::VOICE_STATE_UPDATE, fixtures::kVoiceStateB, "session_id", "channel_id"},
    {events::VOICE_SERVER_UPDATE, fixtures::kVoiceServerUpdate, "e2ee_key", "guild_id"},
    {events::ENTRANCE_SOUND_PLAY, fixtures::kEntranceSoundPlay, "duration_ms", "sound_id"},
    {events::CALL_CREATE, fixtures::kCallCreate, "voice_states.0.self_mute", "ringing.0"},
    {events::CALL_UPDATE, fixtures::kCallCreate, "created_at", "message_id"},
    {events::CALL_DELETE, fixtures::kCallDelete, "", "channel_id"},
};

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t dot = path.find('.', pos);
    if (dot == std::string_view::npos) dot = path.size();
    out.emplace_back(path.substr(pos, dot - pos));
    pos = dot + 1;
  }
  return out;
}

/// The value at `path`, and its parent.
std::pair<rapidjson::Value*, rapidjson::Value*> locate(rapidjson::Value& root, std::string_view path) {
  rapidjson::Value* parent = nullptr;
  rapidjson::Value* v = &root;
  for (const auto& seg : split(path)) {
    parent = v;
    if (v->IsObject()) {
      auto it = v->FindMember(rapidjson::StringRef(seg.data(), seg.size()));
      if (it == v->MemberEnd()) return {nullptr, nullptr};
      v = &it->value;
    } else if (v->IsArray() && std::stoul(seg) < v->Size()) {
      v = &(*v)[static_cast<rapidjson::SizeType>(std::stoul(seg))];
    } else {
      return {nullptr, nullptr};
    }
  }
  return {v, parent};
}

/// `json` with the value at `path` replaced by one of another type.
std::string mistyped(std::string_view json, std::string_view path) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  auto [v, parent] = locate(doc, path);
  EXPECT_NE(v, nullptr) << path;
  if (v == nullptr) return {};
  if (v->IsString())
    v->SetInt(7);
  else if (v->IsObject() || v->IsArray())
    v->SetString("zz");
  else
    v->SetString("zz");
  return mjson::to_text(doc);
}

/// `json` without the value at `path` (a key removed, or an array element erased).
std::string without(std::string_view json, std::string_view path) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  auto [v, parent] = locate(doc, path);
  EXPECT_NE(v, nullptr) << path;
  if (v == nullptr) return {};
  const auto segs = split(path);
  if (parent->IsObject())
    parent->RemoveMember(rapidjson::StringRef(segs.back().data(), segs.back().size()));
  else
    parent->Erase(v);
  return mjson::to_text(doc);
}

TEST(LenientDecoding, CosmeticFieldCostsOnlyItselfInEveryEvent) {
  int checked = 0;
  for (const auto& c : kCases) {
    if (c.cosmetic.empty()) continue;
    std::vector<FieldWarning> warnings;
    const std::string bad = mistyped(c.json, c.cosmetic);
    auto mistyped_event = decode_dispatch(c.event, bad, warnings);
    ASSERT_TRUE(mistyped_event.ok()) << c.event << " " << c.cosmetic << ": " << mistyped_event.error().to_string();
    ASSERT_EQ(warnings.size(), 1u) << c.event << " " << c.cosmetic;
    EXPECT_EQ(warnings[0].path, c.cosmetic) << c.event;
    EXPECT_FALSE(warnings[0].code.empty()) << c.event;
    EXPECT_EQ(warnings[0].count, 1u);
    std::vector<FieldWarning> none;
    auto absent = decode_dispatch(c.event, without(c.json, c.cosmetic), none);
    ASSERT_TRUE(absent.ok()) << c.event;
    EXPECT_TRUE(none.empty()) << c.event;
    EXPECT_EQ(*mistyped_event, *absent) << c.event << ": the mistyped field did not cost only itself";
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

TEST(LenientDecoding, MistypedIdFailsEveryEvent) {
  for (const auto& c : kCases) {
    rapidjson::Document doc;
    doc.Parse(c.json.data(), c.json.size());
    auto [v, parent] = locate(doc, c.id);
    ASSERT_NE(v, nullptr) << c.event << " " << c.id;
    v->SetBool(true);
    const std::string bad = mjson::to_text(doc);
    auto r = decode_dispatch(c.event, bad);
    ASSERT_FALSE(r.ok()) << c.event << " " << c.id << " decoded";
    EXPECT_EQ(r.error().kind, ErrorKind::Decode);
    EXPECT_EQ(r.error().errors.at(0).path, c.id) << c.event;
    EXPECT_EQ(r.error().message.rfind(std::string(c.event) + ": ", 0), 0u) << r.error().message;
  }
}

TEST(LenientDecoding, ParsedValueEntryPointsFollowTheSamePolicy) {
  rapidjson::Document doc;
  const std::string bad = mistyped(fixtures::kMessageCreate, "pinned");
  doc.Parse(bad.c_str());
  std::vector<FieldWarning> warnings;
  auto ev = mjson::decode_dispatch(events::MESSAGE_CREATE, doc, &warnings);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(model_test::warning_paths(warnings), "pinned");
  auto text = decode_dispatch(events::MESSAGE_CREATE, bad);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*ev, *text);

  // A failing event leaves an UnknownEvent carrying the name, the payload and the error.
  rapidjson::Document no_id;
  no_id.Parse(R"({"channel_id":"2","content":"hi"})");
  DispatchEvent out;
  auto r = mjson::decode_dispatch_into(events::MESSAGE_CREATE, no_id, out);
  ASSERT_FALSE(r.ok());
  const auto* u = std::get_if<UnknownEvent>(&out);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->name, events::MESSAGE_CREATE);
  EXPECT_EQ(u->json, R"({"channel_id":"2","content":"hi"})");
  ASSERT_TRUE(u->error.has_value());
  EXPECT_EQ(u->error->errors.at(0).path, "id");
}

TEST(LenientDecoding, RepeatedFieldWarningsAreCounted) {
  // The same bad field in every element is one warning with a count and the first path.
  std::string json = R"({"id":"1","roles":[)";
  for (int i = 0; i < 50; ++i)
    json += std::string(i ? "," : "") + R"({"id":")" + std::to_string(i + 2) + R"(","name":5})";
  json += R"(],"channels":[{"id":"9","type":0,"topic":[]},{"id":"10","type":0,"topic":{}}]})";
  auto g = model_test::lenient<Guild>(json);
  ASSERT_EQ(g.warnings.size(), 2u);
  EXPECT_EQ(g.warnings[0].path, "roles.0.name");
  EXPECT_EQ(g.warnings[0].count, 50u);
  EXPECT_EQ(g.warnings[1].path, "channels.0.topic");
  EXPECT_EQ(g.warnings[1].count, 2u);
  EXPECT_EQ(g.value.roles.size(), 50u);
  EXPECT_EQ(g.warnings[0].to_string(), "roles.0.name: expected a string (INVALID_TYPE) x50");
  EXPECT_EQ(fmt::format("{}", g.warnings[1]), "channels.0.topic: expected a string (INVALID_TYPE) x2");
}

TEST(LenientDecoding, InvalidJsonStillWinsOverAWrongShape) {
  // The decoder reads on after a failure, so text that is not JSON says so.
  auto r = decode_dispatch(events::MESSAGE_CREATE, R"({"id":true,"channel_id":"2",)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "INVALID_JSON");
  auto shape = decode_dispatch(events::MESSAGE_CREATE, R"({"id":true,"channel_id":"2"})");
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error().errors.at(0).path, "id");
}

}  // namespace
