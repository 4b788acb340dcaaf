#include <gtest/gtest.h>

#include <fluxer/rest/cdn.hpp>

namespace fluxer {
namespace {

TEST(Cdn, DefaultsAndDiscoveredBases) {
  Cdn cdn;
  EXPECT_EQ(cdn.user_avatar(Snowflake{1}, "abc"), "https://fluxerusercontent.com/avatars/1/abc.png");
  EXPECT_EQ(cdn.default_avatar(Snowflake{13}), "https://fluxerstatic.com/avatars/1.png");
  Cdn self_hosted("http://127.0.0.1:8080/media/", "http://127.0.0.1:8080/static");
  EXPECT_EQ(self_hosted.guild_icon(Snowflake{5}, "h"), "http://127.0.0.1:8080/media/icons/5/h.png");
}

TEST(Cdn, AnimatedHashesFormatsSizesAndQuality) {
  Cdn cdn;
  EXPECT_EQ(cdn.user_avatar(Snowflake{1}, "a_abc"), "https://fluxerusercontent.com/avatars/1/a_abc.gif");
  EXPECT_EQ(cdn.user_avatar(Snowflake{1}, "a_abc", {.format = ImageFormat::Webp, .animated = true}),
            "https://fluxerusercontent.com/avatars/1/a_abc.webp?animated=true");
  EXPECT_EQ(cdn.banner(Snowflake{2}, "b", {.format = ImageFormat::Jpg, .size = 300, .quality = ImageQuality::High}),
            "https://fluxerusercontent.com/banners/2/b.jpg?size=512&quality=high");
  EXPECT_EQ(Cdn::normalize_size(1), 16);
  EXPECT_EQ(Cdn::normalize_size(64), 64);
  EXPECT_EQ(Cdn::normalize_size(100000), 4096);
}

TEST(Cdn, EmojisStickersMembersSplashesAttachments) {
  Cdn cdn;
  EXPECT_EQ(cdn.emoji(Snowflake{9}), "https://fluxerusercontent.com/emojis/9.png");
  EXPECT_EQ(cdn.emoji(Snowflake{9}, true), "https://fluxerusercontent.com/emojis/9.gif");
  EXPECT_EQ(cdn.sticker(Snowflake{8}), "https://fluxerusercontent.com/stickers/8.webp");
  EXPECT_EQ(cdn.sticker(Snowflake{8}, true), "https://fluxerusercontent.com/stickers/8.gif");
  EXPECT_EQ(cdn.sticker(Snowflake{8}, false, {.format = ImageFormat::Png}),
            "https://fluxerusercontent.com/stickers/8.webp");
  EXPECT_EQ(cdn.member_avatar(Snowflake{1}, Snowflake{2}, "h", {.size = 128}),
            "https://fluxerusercontent.com/guilds/1/users/2/avatars/h.png?size=128");
  EXPECT_EQ(cdn.guild_splash(Snowflake{3}, "s"), "https://fluxerusercontent.com/splashes/3/s.png");
  EXPECT_EQ(cdn.guild_embed_splash(Snowflake{3}, "s"), "https://fluxerusercontent.com/embed-splashes/3/s.png");
  EXPECT_EQ(cdn.attachment(Snowflake{4}, Snowflake{5}, "my file.png"),
            "https://fluxerusercontent.com/attachments/4/5/my%20file.png");
}

}  // namespace
}  // namespace fluxer
