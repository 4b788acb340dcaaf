// Message routes over raw HTTP in both modes: listing with limit/before/after/around, edit
// (full replacement, type and author rules), delete, attachment delete, bulk delete,
// typing, multipart uploads ([A] strict metadata, [B] unclaimed files), attachment
// downloads, and the gateway events each mutation dispatches.

#include <gtest/gtest.h>

#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

class MessagesTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Emu emu{rest_options(GetParam())};
  Api bot{*emu.server, "Bot " + emu.demo.bot_token};
  Api alice{*emu.server, emu.demo.human_token};
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  [[nodiscard]] std::string channel_path() const { return "/channels/" + emu.demo.general_channel_id.str(); }
  [[nodiscard]] std::string messages_path() const { return channel_path() + "/messages"; }

  Snowflake say(Snowflake as, const std::string& content) {
    auto m = emu.server->send_message(as, emu.demo.general_channel_id, content);
    EXPECT_TRUE(m.ok());
    return m.ok() ? m->id : Snowflake{};
  }
  std::string bot_message(const std::string& json) {
    auto r = bot.post(messages_path(), json);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? str(r.json()["id"]) : std::string{};
  }
  void give_bot_role(std::uint64_t permissions) {
    emu.server->with_world([&](World& w) {
      auto& role = w.add_role(emu.demo.guild_id, "bot-role", permissions);
      w.member(emu.demo.guild_id, emu.demo.bot_user_id)->roles.push_back(role.id);
    });
  }
  void deny_bot_in_general(std::uint64_t bits) {
    emu.server->with_world([&](World& w) {
      w.channel(emu.demo.general_channel_id)
          ->permission_overwrites.push_back({emu.demo.bot_user_id, PermissionOverwrite::Type::Member, 0, bits});
    });
  }
};

std::vector<std::string> ids_of(const rapidjson::Document& d) {
  std::vector<std::string> out;
  if (d.IsArray())
    for (const auto& m : d.GetArray()) out.push_back(str(m["id"]));
  return out;
}

TEST_P(MessagesTest, ListPagesNewestFirst) {
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(say(emu.demo.human_id, "m" + std::to_string(i)).str());
  auto all = bot.get(messages_path());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(ids_of(all.json()), (std::vector<std::string>{ids.rbegin(), ids.rend()}));
  EXPECT_EQ(ids_of(bot.get(messages_path() + "?limit=3").json()), (std::vector<std::string>{ids[9], ids[8], ids[7]}));
  EXPECT_EQ(ids_of(bot.get(messages_path() + "?before=" + ids[5] + "&limit=2").json()),
            (std::vector<std::string>{ids[4], ids[3]}));
  // `after` alone: the newest messages above the cursor, newest first (as the server does).
  EXPECT_EQ(ids_of(bot.get(messages_path() + "?after=" + ids[5]).json()),
            (std::vector<std::string>{ids[9], ids[8], ids[7], ids[6]}));
  EXPECT_EQ(ids_of(bot.get(messages_path() + "?after=" + ids[5] + "&limit=2").json()),
            (std::vector<std::string>{ids[9], ids[8]}));
  // before + after: the page before `before`, trimmed at `after`.
  EXPECT_EQ(ids_of(bot.get(messages_path() + "?before=" + ids[6] + "&after=" + ids[3]).json()),
            (std::vector<std::string>{ids[5], ids[4]}));
  // around: the closest newer ones, the message, the closest older ones.
  EXPECT_EQ(ids_of(bot.get(messages_path() + "?around=" + ids[5] + "&limit=5").json()),
            (std::vector<std::string>{ids[7], ids[6], ids[5], ids[4], ids[3]}));
  EXPECT_EQ(ids_of(bot.get(messages_path() + "?around=" + ids[9] + "&limit=3").json()),
            (std::vector<std::string>{ids[9], ids[8], ids[7]}));  // a short side is filled from the other

  expect_error(bot.get(messages_path() + "?limit=0"), 400, "INVALID_FORM_BODY", "limit=0");
  expect_error(bot.get(messages_path() + "?limit=101"), 400, "INVALID_FORM_BODY", "limit=101");
  auto bad = bot.get(messages_path() + "?before=abc");
  expect_error(bad, 400, "INVALID_FORM_BODY");
  EXPECT_EQ(str(bad.json()["errors"][0]["path"]), "before");
  // Validation entries carry a code in [B] only.
  EXPECT_EQ(bad.json()["errors"][0].HasMember("code"), b());
}

TEST_P(MessagesTest, ListAndGetFollowChannelAccess) {
  const auto id = say(emu.demo.human_id, "secret history").str();
  expect_error(bot.get("/channels/1/messages"), 404, "UNKNOWN_CHANNEL");
  deny_bot_in_general(permission::kReadMessageHistory);
  auto empty = bot.get(messages_path());
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body, "[]");  // missing history is an empty page
  expect_error(bot.get(messages_path() + "/" + id), 403, "MISSING_PERMISSIONS");
  deny_bot_in_general(permission::kViewChannel);
  expect_error(bot.get(messages_path()), 403, "MISSING_PERMISSIONS");
  // A private channel the caller is not in does not exist for it.
  Snowflake dm;
  emu.server->with_world([&](World& w) {
    auto& bob = w.add_user("bob");
    dm = w.open_dm(emu.demo.human_id, bob.id).id;
  });
  expect_error(bot.get("/channels/" + dm.str() + "/messages"), 404, "UNKNOWN_CHANNEL");
}

TEST_P(MessagesTest, EditReplacesWhatItNamesAndDispatchesMessageUpdate) {
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const auto id = bot_message(R"({"content":"first","embeds":[{"title":"t"}]})");
  ASSERT_FALSE(id.empty());
  auto edited = bot.patch(messages_path() + "/" + id, R"({"content":"second <@)" + emu.demo.human_id.str() + R"(>"})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto m = edited.json();
  EXPECT_EQ(str(m["content"]), "second <@" + emu.demo.human_id.str() + ">");
  EXPECT_TRUE(m["edited_timestamp"].IsString());
  EXPECT_EQ(m["embeds"].Size(), 1U);  // omitted fields are kept
  EXPECT_EQ(str(m["mentions"][0]["id"]), emu.demo.human_id.str());

  auto ev = s.next("MESSAGE_UPDATE");
  ASSERT_TRUE(ev.IsObject());
  const auto& d = ev["d"];
  EXPECT_EQ(str(d["id"]), id);
  EXPECT_EQ(str(d["content"]), str(m["content"]));
  EXPECT_EQ(str(d["guild_id"]), emu.demo.guild_id.str());
  EXPECT_TRUE(d.HasMember("member"));
  EXPECT_FALSE(d["member"].HasMember("user"));
  EXPECT_FALSE(d.HasMember("channel_type"));  // only MESSAGE_CREATE has it
  EXPECT_EQ(d["embeds"].Size(), 1U);          // always the full message

  // Supplying embeds replaces the whole list.
  auto replaced = bot.patch(messages_path() + "/" + id, R"({"embeds":[{"title":"new"},{"title":"newer"}]})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  ASSERT_EQ(replaced.json()["embeds"].Size(), 2U);
  EXPECT_EQ(str(replaced.json()["embeds"][0]["title"]), "new");
  EXPECT_EQ(str(replaced.json()["content"]), str(m["content"]));
  auto cleared = bot.patch(messages_path() + "/" + id, R"({"content":"plain","embeds":[]})");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(cleared.json()["embeds"].Size(), 0U);
  // The request itself must carry something: an empty embed list alone does not.
  expect_error(bot.patch(messages_path() + "/" + id, R"({"embeds":[]})"), 400, "CANNOT_SEND_EMPTY_MESSAGE");

  expect_error(bot.patch(messages_path() + "/" + id, "{}"), 400, "CANNOT_SEND_EMPTY_MESSAGE");
  expect_error(bot.patch(messages_path() + "/1", R"({"content":"x"})"), 404, "UNKNOWN_MESSAGE");
  expect_error(bot.patch(messages_path() + "/" + id, R"({"content":5})"), 400, "INVALID_FORM_BODY");
}

TEST_P(MessagesTest, EditTimestampRulesPerMode) {
  const auto id = bot_message(R"({"content":"flags only"})");
  auto r = bot.patch(messages_path() + "/" + id, R"({"flags":4})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["flags"].GetInt() & 4, 4);
  // [B] advances edited_timestamp only when the content changes.
  EXPECT_EQ(r.json()["edited_timestamp"].IsNull(), b());
}

TEST_P(MessagesTest, EditingOthersAndSystemMessages) {
  const auto theirs = say(emu.demo.human_id, "alice wrote this").str();
  expect_error(bot.patch(messages_path() + "/" + theirs, R"({"content":"hijack"})"), 403,
               "CANNOT_EDIT_OTHER_USER_MESSAGE");
  expect_error(bot.patch(messages_path() + "/" + theirs, R"({"flags":4})"), 403, "CANNOT_EDIT_OTHER_USER_MESSAGE");
  give_bot_role(permission::kManageMessages | permission::kPinMessages);
  // A moderator may toggle SUPPRESS_EMBEDS only.
  auto suppressed = bot.patch(messages_path() + "/" + theirs, R"({"flags":4})");
  ASSERT_EQ(suppressed.status, 200) << suppressed.body;
  EXPECT_EQ(suppressed.json()["flags"].GetInt(), 4);
  EXPECT_EQ(str(suppressed.json()["content"]), "alice wrote this");
  expect_error(bot.patch(messages_path() + "/" + theirs, R"({"content":"x"})"), 403, "CANNOT_EDIT_OTHER_USER_MESSAGE");
  // Pinning creates a CHANNEL_PINNED_MESSAGE (type 6): not editable.
  ASSERT_EQ(bot.put(channel_path() + "/pins/" + theirs).status, 204);
  auto list = bot.get(messages_path() + "?limit=1").json();
  ASSERT_EQ(list[0]["type"].GetInt(), 6);
  expect_error(bot.patch(messages_path() + "/" + str(list[0]["id"]), R"({"content":"x"})"), 400,
               "CANNOT_MODIFY_SYSTEM_WEBHOOK");
}

TEST_P(MessagesTest, DeleteDispatchesMessageDelete) {
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const auto id = bot_message(R"({"content":"bye"})");
  ASSERT_EQ(bot.del(messages_path() + "/" + id).status, 204);
  auto ev = s.next("MESSAGE_DELETE");
  ASSERT_TRUE(ev.IsObject());
  const auto& d = ev["d"];
  EXPECT_EQ(str(d["id"]), id);
  EXPECT_EQ(str(d["channel_id"]), emu.demo.general_channel_id.str());
  EXPECT_EQ(str(d["content"]), "bye");
  EXPECT_EQ(str(d["author_id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(str(d["guild_id"]), emu.demo.guild_id.str());
  EXPECT_EQ(d.HasMember("member"), b());
  expect_error(bot.get(messages_path() + "/" + id), 404, "UNKNOWN_MESSAGE");
  expect_error(bot.del(messages_path() + "/" + id), 404, "UNKNOWN_MESSAGE");

  const auto theirs = say(emu.demo.human_id, "not yours").str();
  expect_error(bot.del(messages_path() + "/" + theirs), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageMessages);
  EXPECT_EQ(bot.del(messages_path() + "/" + theirs).status, 204);
}

TEST_P(MessagesTest, BulkDelete) {
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const auto a = say(emu.demo.human_id, "a").str();
  const auto b_id = say(emu.demo.human_id, "b").str();
  const auto keep = say(emu.demo.human_id, "keep").str();
  const std::string body = R"({"message_ids":[")" + a + R"(",")" + b_id + R"(","1"]})";
  expect_error(bot.post(messages_path() + "/bulk-delete", body), 403, "MISSING_PERMISSIONS");
  give_bot_role(permission::kManageMessages);
  ASSERT_EQ(bot.post(messages_path() + "/bulk-delete", body).status, 204);
  auto ev = s.next("MESSAGE_DELETE_BULK");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(ev["d"]["ids"].Size(), 3U);  // every requested id, even unknown ones
  EXPECT_EQ(str(ev["d"]["channel_id"]), emu.demo.general_channel_id.str());
  EXPECT_EQ(str(ev["d"]["guild_id"]), emu.demo.guild_id.str());
  EXPECT_EQ(ids_of(bot.get(messages_path()).json()), std::vector<std::string>{keep});

  auto empty = bot.post(messages_path() + "/bulk-delete", R"({"message_ids":[]})");
  expect_error(empty, 400, "INVALID_FORM_BODY");
  EXPECT_EQ(str(empty.json()["errors"][0]["path"]), "message_ids");
  std::string many = R"({"message_ids":[)";
  for (int i = 0; i < 101; ++i) many += (i ? ",\"" : "\"") + std::to_string(1000 + i) + "\"";
  expect_error(bot.post(messages_path() + "/bulk-delete", many + "]}"), 400, "INVALID_FORM_BODY");
  // [B] accepts `messages` as an alias.
  auto alias = bot.post(messages_path() + "/bulk-delete", R"({"messages":[")" + keep + R"("]})");
  EXPECT_EQ(alias.status, b() ? 204 : 400) << alias.body;
  // Guild channels only.
  Snowflake dm;
  emu.server->with_world([&](World& w) { dm = w.open_dm(emu.demo.bot_user_id, emu.demo.human_id).id; });
  expect_error(bot.post("/channels/" + dm.str() + "/messages/bulk-delete", body), 400, "CANNOT_EXECUTE_ON_DM");
}

TEST_P(MessagesTest, Typing) {
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  ASSERT_EQ(bot.post(channel_path() + "/typing", "").status, 204);
  auto ev = s.next("TYPING_START");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(str(ev["d"]["user_id"]), emu.demo.bot_user_id.str());
  EXPECT_EQ(str(ev["d"]["channel_id"]), emu.demo.general_channel_id.str());
  EXPECT_TRUE(ev["d"]["member"].HasMember("user"));  // TYPING_START's member has the user
  expect_error(bot.post("/channels/" + emu.demo.category_id.str() + "/typing", ""), 400,
               "CANNOT_SEND_MESSAGES_IN_NON_TEXT_CHANNEL");
  deny_bot_in_general(permission::kSendMessages);
  expect_error(bot.post(channel_path() + "/typing", ""), 403, "MISSING_PERMISSIONS");
}

TEST_P(MessagesTest, MultipartUploadWithMetadata) {
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  const auto png = tiny_png();
  auto r =
      bot.raw("POST", messages_path(),
              multipart({{"payload_json",
                          R"({"content":"a file","attachments":[{"id":0,"filename":"pic.png","description":"alt"}]})"},
                         {"files[0]", png, "upload.png", "image/png"}}),
              multipart_type());
  ASSERT_EQ(r.status, 200) << r.body;
  auto m = r.json();
  ASSERT_EQ(m["attachments"].Size(), 1U);
  const auto& a = m["attachments"][0];
  EXPECT_TRUE(Snowflake::parse(str(a["id"])).has_value());
  EXPECT_EQ(str(a["filename"]), "pic.png");  // the metadata's filename
  EXPECT_EQ(str(a["description"]), "alt");
  EXPECT_TRUE(a["title"].IsNull());
  EXPECT_EQ(str(a["content_type"]), "image/png");
  EXPECT_EQ(a["size"].GetUint64(), png.size());
  EXPECT_EQ(a["width"].GetInt(), 3);
  EXPECT_EQ(a["height"].GetInt(), 2);
  EXPECT_EQ(a["flags"].GetInt(), 0);
  EXPECT_TRUE(a["content_hash"].IsNull());
  EXPECT_TRUE(a.HasMember("expires_at"));
  EXPECT_EQ(str(a["url"]), str(a["proxy_url"]));
  // The url serves the uploaded bytes.
  auto download = http("GET", str(a["url"]));
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body, png);
  EXPECT_EQ(download.header("content-type").value_or(""), "image/png");

  auto ev = s.next("MESSAGE_CREATE");
  ASSERT_TRUE(ev.IsObject());
  EXPECT_EQ(ev["d"]["attachments"].Size(), 1U);
}

TEST_P(MessagesTest, MultipartRulesPerMode) {
  // A file without an `attachments` entry: [A] rejects it, [B] attaches it under its own name.
  auto unclaimed = bot.raw("POST", messages_path(),
                           multipart({{"payload_json", R"({"content":"x"})"}, {"files[0]", "hello", "note.txt", ""}}),
                           multipart_type());
  if (b()) {
    ASSERT_EQ(unclaimed.status, 200) << unclaimed.body;
    EXPECT_EQ(str(unclaimed.json()["attachments"][0]["filename"]), "note.txt");
    EXPECT_EQ(str(unclaimed.json()["attachments"][0]["content_type"]), "text/plain");
  } else {
    expect_error(unclaimed, 400, "INVALID_FORM_BODY");
    EXPECT_EQ(str(unclaimed.json()["errors"][0]["path"]), "attachments");
  }
  // Metadata naming a file that was not sent.
  auto orphan = bot.raw("POST", messages_path(),
                        multipart({{"payload_json", R"({"content":"x","attachments":[{"id":0,"filename":"a.txt"}]})"}}),
                        multipart_type());
  expect_error(orphan, 400, b() ? "NO_FILE_FOR_ATTACHMENT_METADATA" : "INVALID_FORM_BODY");
  // [B] legacy `file` name and form-field overrides; [A] ignores both.
  auto legacy = bot.raw("POST", messages_path(),
                        multipart({{"payload_json", R"({"content":"from json"})"},
                                   {"content", "from the form"},
                                   {"file", "bytes", "legacy.bin", "application/octet-stream"}}),
                        multipart_type());
  ASSERT_EQ(legacy.status, 200) << legacy.body;
  EXPECT_EQ(str(legacy.json()["content"]), b() ? "from the form" : "from json");
  EXPECT_EQ(legacy.json()["attachments"].Size(), b() ? 1U : 0U);
  // Malformed file fields.
  expect_error(bot.raw("POST", messages_path(), multipart({{"payload_json", "{}"}, {"files[x]", "a", "a.txt", ""}}),
                       multipart_type()),
               400, "INVALID_FORM_BODY");
  expect_error(bot.raw("POST", messages_path(), multipart({{"payload_json", "{}"}, {"files[10]", "a", "a.txt", ""}}),
                       multipart_type()),
               400, "INVALID_FORM_BODY");
  expect_error(bot.raw("POST", messages_path(), multipart({{"payload_json", "{nope"}}), multipart_type()), 400,
               "INVALID_FORM_BODY");
  expect_error(bot.raw("POST", messages_path(), "--" + kBoundary + "\r\nbroken", multipart_type()), 400,
               "INVALID_FORM_BODY");
  // Without payload_json: [A] requires it, [B] reads {} (then the message is empty).
  expect_error(bot.raw("POST", messages_path(), multipart({{"other", "x"}}), multipart_type()), 400,
               b() ? "CANNOT_SEND_EMPTY_MESSAGE" : "INVALID_FORM_BODY");
}

TEST_P(MessagesTest, EditKeepsOnlyTheListedAttachments) {
  auto created = bot.raw(
      "POST", messages_path(),
      multipart({{"payload_json",
                  R"({"content":"two","attachments":[{"id":0,"filename":"a.txt"},{"id":1,"filename":"b.txt"}]})"},
                 {"files[0]", "A", "a.txt", ""},
                 {"files[1]", "B", "b.txt", ""}}),
      multipart_type());
  ASSERT_EQ(created.status, 200) << created.body;
  auto m = created.json();
  ASSERT_EQ(m["attachments"].Size(), 2U);
  const auto id = str(m["id"]);
  const auto first = str(m["attachments"][0]["id"]);
  auto edited =
      bot.patch(messages_path() + "/" + id, R"({"attachments":[{"id":")" + first + R"(","description":"kept"}]})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  ASSERT_EQ(edited.json()["attachments"].Size(), 1U);
  EXPECT_EQ(str(edited.json()["attachments"][0]["id"]), first);
  EXPECT_EQ(str(edited.json()["attachments"][0]["description"]), "kept");
}

TEST_P(MessagesTest, DeleteAttachment) {
  Session s;
  ASSERT_TRUE(s.open(*emu.server, emu.demo.bot_token, 1));
  auto created = bot.raw(
      "POST", messages_path(),
      multipart({{"payload_json", R"({"attachments":[{"id":0,"filename":"a.txt"},{"id":1,"filename":"b.txt"}]})"},
                 {"files[0]", "A", "a.txt", ""},
                 {"files[1]", "B", "b.txt", ""}}),
      multipart_type());
  ASSERT_EQ(created.status, 200) << created.body;
  auto m = created.json();
  const auto id = str(m["id"]);
  const auto a = str(m["attachments"][0]["id"]);
  const auto b_att = str(m["attachments"][1]["id"]);
  expect_error(alice.del(messages_path() + "/" + id + "/attachments/" + a), 403, "MISSING_PERMISSIONS");
  expect_error(bot.del(messages_path() + "/" + id + "/attachments/1"), 404, "UNKNOWN_ATTACHMENT");
  ASSERT_EQ(bot.del(messages_path() + "/" + id + "/attachments/" + a).status, 204);
  auto update = s.next("MESSAGE_UPDATE");
  ASSERT_TRUE(update.IsObject());
  EXPECT_EQ(update["d"]["attachments"].Size(), 1U);
  EXPECT_TRUE(update["d"]["edited_timestamp"].IsString());
  // Removing the last payload deletes the message.
  ASSERT_EQ(bot.del(messages_path() + "/" + id + "/attachments/" + b_att).status, 204);
  auto gone = s.next("MESSAGE_DELETE");
  ASSERT_TRUE(gone.IsObject());
  EXPECT_EQ(str(gone["d"]["id"]), id);
}

TEST_P(MessagesTest, RepliesNeedAnExistingNonSystemTarget) {
  const auto target = say(emu.demo.human_id, "question").str();
  auto reply =
      bot.post(messages_path(), R"({"content":"answer","message_reference":{"message_id":")" + target + R"("}})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["type"].GetInt(), 19);
  EXPECT_EQ(str(reply.json()["referenced_message"]["id"]), target);
  expect_error(bot.post(messages_path(), R"({"content":"x","message_reference":{"message_id":"1"}})"), 404,
               "UNKNOWN_MESSAGE");
}

TEST_P(MessagesTest, TimedOutMembersCannotSpeak) {
  const auto target = say(emu.demo.human_id, "react here").str();
  emu.server->with_world([&](World& w) {
    w.member(emu.demo.guild_id, emu.demo.bot_user_id)->communication_disabled_until =
        to_timestamp(std::chrono::system_clock::now() + std::chrono::hours{1});
  });
  expect_error(bot.post(messages_path(), R"({"content":"x"})"), 403, "COMMUNICATION_DISABLED");
  expect_error(bot.post(channel_path() + "/typing", ""), 403, "COMMUNICATION_DISABLED");
  expect_error(bot.put(messages_path() + "/" + target + "/reactions/%F0%9F%91%8D/@me"), 403, "COMMUNICATION_DISABLED");
  EXPECT_EQ(bot.get(messages_path()).status, 200);  // reading is fine
  // An expired timeout no longer counts.
  emu.server->with_world([&](World& w) {
    w.member(emu.demo.guild_id, emu.demo.bot_user_id)->communication_disabled_until =
        to_timestamp(std::chrono::system_clock::now() - std::chrono::seconds{1});
  });
  EXPECT_EQ(bot.post(messages_path(), R"({"content":"x"})").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Modes, MessagesTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
