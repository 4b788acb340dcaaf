// MessageBuilder and EmbedBuilder enforce the server's limits and name the field.

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>
#include <fluxer/model/embed_builder.hpp>
#include <fluxer/model/message_builder.hpp>

#include "test_util.hpp"

namespace {

using namespace fluxer;
using namespace fluxer::literals;
using model_test::error_path;
using model_test::ok;

TEST(Utf16Length, CountsLikeTheServer) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("é"), 1u);       // 2 bytes, 1 unit
  EXPECT_EQ(utf16_length("€"), 1u);       // 3 bytes, 1 unit
  EXPECT_EQ(utf16_length("👍"), 2u);      // 4 bytes, a surrogate pair
  EXPECT_EQ(utf16_length("\xFF\xC3"), 2u);  // invalid bytes count one each
  EXPECT_EQ(utf16_length("\xF0\x9F"), 2u);  // truncated sequence
}

TEST(EmbedBuilder, BuildsARichEmbed) {
  auto e = ok(EmbedBuilder{}
                  .title("Status")
                  .description("All systems nominal")
                  .url("https://status.example")
                  .color(0x2ecc71)
                  .author("Bot", "", "https://x/icon.png")
                  .footer("v1.0")
                  .image("attachment://graph.png", "graph")
                  .thumbnail("https://x/t.png")
                  .add_field("Uptime", "3 days", true)
                  .add_field("Load", "0.1")
                  .build());
  EXPECT_EQ(e.type, "rich");
  EXPECT_EQ(e.title, "Status");
  ASSERT_TRUE(e.author.has_value());
  EXPECT_FALSE(e.author->url.has_value());  // empty = none
  EXPECT_EQ(e.author->icon_url, "https://x/icon.png");
  EXPECT_EQ(e.image->description, "graph");
  EXPECT_FALSE(e.thumbnail->description.has_value());
  ASSERT_EQ(e.fields.size(), 2u);
  EXPECT_TRUE(e.fields[0].is_inline);
  EXPECT_FALSE(e.fields[1].is_inline);
}

TEST(EmbedBuilder, LimitsNameTheField) {
  EXPECT_TRUE(EmbedBuilder{}.title(std::string(256, 't')).build().ok());
  EXPECT_EQ(error_path(EmbedBuilder{}.title(std::string(257, 't')).build()), "title");
  // Limits count UTF-16 units: 128 emoji are 256 units, 129 are too many.
  std::string emoji;
  for (int i = 0; i < 128; ++i) emoji += "👍";
  EXPECT_TRUE(EmbedBuilder{}.title(emoji).build().ok());
  EXPECT_EQ(error_path(EmbedBuilder{}.title(emoji + "👍").build()), "title");
  EXPECT_TRUE(EmbedBuilder{}.description(std::string(4096, 'd')).build().ok());
  EXPECT_EQ(error_path(EmbedBuilder{}.description(std::string(4097, 'd')).build()), "description");
  EXPECT_EQ(error_path(EmbedBuilder{}.description("").build()), "description");
  EXPECT_EQ(error_path(EmbedBuilder{}.url(std::string(2049, 'u')).build()), "url");
  EXPECT_EQ(error_path(EmbedBuilder{}.color(0x1000000).build()), "color");
  EXPECT_TRUE(EmbedBuilder{}.footer(std::string(2048, 'f')).build().ok());
  EXPECT_EQ(error_path(EmbedBuilder{}.footer(std::string(2049, 'f')).build()), "footer.text");
  EXPECT_EQ(error_path(EmbedBuilder{}.footer("").build()), "footer.text");
  EXPECT_EQ(error_path(EmbedBuilder{}.author(std::string(257, 'a')).build()), "author.name");
  EXPECT_EQ(error_path(EmbedBuilder{}.image("").build()), "image.url");

  EmbedBuilder fields;
  for (int i = 0; i < 25; ++i) fields.add_field("n", "v");
  EXPECT_TRUE(fields.build().ok());
  fields.add_field("n", "v");
  EXPECT_EQ(error_path(fields.build()), "fields");
  fields.clear_fields();
  fields.add_field("ok", "ok").add_field(std::string(257, 'n'), "v");
  EXPECT_EQ(error_path(fields.build()), "fields.1.name");
  fields.clear_fields();
  fields.add_field("n", std::string(1024, 'v'));
  EXPECT_TRUE(fields.build().ok());
  fields.add_field("n", std::string(1025, 'v'));
  EXPECT_EQ(error_path(fields.build()), "fields.1.value");
  fields.clear_fields();
  fields.add_field("", "v");
  EXPECT_EQ(error_path(fields.build()), "fields.0.name");
  fields.clear_fields();
  fields.add_field("n", "");
  EXPECT_EQ(error_path(fields.build()), "fields.0.value");
  auto r = EmbedBuilder{}.title(std::string(300, 't')).build();
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(r.error().code, "TOO_LONG");
}

TEST(MessageBuilder, ContentLimitDefaultsTo2000AndCanBe4000) {
  EXPECT_TRUE(MessageBuilder{}.content(std::string(2000, 'x')).build().ok());
  auto too_long = MessageBuilder{}.content(std::string(2001, 'x')).build();
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(error_path(too_long), "content");
  EXPECT_EQ(too_long.error().kind, ErrorKind::InvalidArgument);
  EXPECT_TRUE(MessageBuilder{}.max_content_length(4000).content(std::string(4000, 'x')).build().ok());
  EXPECT_EQ(error_path(MessageBuilder{}.max_content_length(4000).content(std::string(4001, 'x')).build()), "content");
}

TEST(MessageBuilder, EmbedsFilesStickersNonce) {
  MessageBuilder b;
  b.content("x");
  for (int i = 0; i < 10; ++i) b.add_embed(EmbedBuilder{}.title("t"));
  EXPECT_TRUE(b.build().ok());
  b.add_embed(Embed{.title = "t"});
  EXPECT_EQ(error_path(b.build()), "embeds");

  MessageBuilder bad_embed;
  bad_embed.add_embed(EmbedBuilder{}.title("ok")).add_embed(EmbedBuilder{}.add_field("n", std::string(1025, 'v')));
  EXPECT_EQ(error_path(bad_embed.build()), "embeds.1.fields.0.value");

  MessageBuilder files;
  for (int i = 0; i < 10; ++i) {
    std::string name = std::to_string(i);  // (not "f" + ...: GCC 12 -O3 -Wrestrict false positive)
    name += ".txt";
    files.add_file(name, "data");
  }
  EXPECT_TRUE(files.build().ok());
  files.add_file("f10.txt", "data");
  EXPECT_EQ(error_path(files.build()), "files");

  MessageBuilder stickers;
  stickers.add_sticker(1_id).add_sticker(2_id).add_sticker(3_id);
  EXPECT_TRUE(stickers.build().ok());  // stickers alone are a valid message
  stickers.add_sticker(4_id);
  EXPECT_EQ(error_path(stickers.build()), "sticker_ids");

  EXPECT_TRUE(MessageBuilder{}.content("x").nonce(std::string(32, 'n')).build().ok());
  EXPECT_EQ(error_path(MessageBuilder{}.content("x").nonce(std::string(33, 'n')).build()), "nonce");
  EXPECT_EQ(error_path(MessageBuilder{}.content("x").nonce("").build()), "nonce");
}

TEST(MessageBuilder, EmptyMessageIsRefused) {
  auto r = MessageBuilder{}.build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CANNOT_SEND_EMPTY_MESSAGE");
  EXPECT_EQ(error_path(r), "content");
}

TEST(MessageBuilder, ReplyForwardFlagsAndEncoding) {
  auto reply = ok(MessageBuilder{}.content("pong").reply_to(5_id, false).silent().suppress_embeds().tts().build());
  ASSERT_TRUE(reply.message_reference.has_value());
  EXPECT_EQ(reply.message_reference->message_id, 5_id);
  EXPECT_EQ(reply.message_reference->type, MessageReferenceType::Default);
  ASSERT_TRUE(reply.allowed_mentions.has_value());
  EXPECT_EQ(reply.allowed_mentions->replied_user, false);
  EXPECT_EQ(reply.allowed_mentions->parse.size(), 3u);  // everything else still allowed
  EXPECT_EQ(reply.flags, message_flags::SUPPRESS_NOTIFICATIONS | message_flags::SUPPRESS_EMBEDS);
  EXPECT_EQ(reply.tts, true);
  EXPECT_EQ(ok(to_json(reply)),
            R"({"content":"pong","allowed_mentions":{"parse":["users","roles","everyone"],"replied_user":false},)"
            R"("message_reference":{"message_id":"5","type":0},"flags":4100,"tts":true})");
  // A later allowed_mentions keeps the reply setting.
  auto later = ok(MessageBuilder{}.content("x").reply_to(5_id, false).allowed_mentions(AllowedMentions{}).build());
  EXPECT_EQ(later.allowed_mentions->replied_user, false);
  EXPECT_TRUE(later.allowed_mentions->parse.empty());

  auto fwd = ok(MessageBuilder{}.forward(6_id, 5_id, 7_id).build());
  EXPECT_EQ(fwd.message_reference->type, MessageReferenceType::Forward);
  EXPECT_EQ(fwd.message_reference->channel_id, 6_id);
  EXPECT_EQ(error_path(MessageBuilder{}.forward(6_id, 5_id).content("no").build()), "message_reference");

  EXPECT_EQ(MessageBuilder{}.silent().silent(false).peek().flags, 0u);
}

TEST(MessageBuilder, RvalueBuildMovesFiles) {
  std::string big(1 << 16, 'b');
  auto body = ok(MessageBuilder{}.add_file("big.bin", big, "blob").build());
  ASSERT_EQ(body.files.size(), 1u);
  EXPECT_EQ(body.files[0].data.size(), big.size());
  EXPECT_EQ(body.files[0].description, "blob");
  EXPECT_EQ(ok(to_json(body)), R"({"attachments":[{"id":0,"filename":"big.bin","description":"blob"}]})");
}

}  // namespace
