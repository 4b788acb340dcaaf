// Path building, emoji encoding, query strings and pre-send checks of the REST client.

#include <string>

#include <gtest/gtest.h>

#include "rest/request_util.hpp"

namespace fluxer::rest {
namespace {

TEST(PercentEncode, KeepsUnreservedEncodesTheRest) {
  EXPECT_EQ(percent_encode("abcXYZ019-._~"), "abcXYZ019-._~");
  EXPECT_EQ(percent_encode("a b/c?d&e=f#g%"), "a%20b%2Fc%3Fd%26e%3Df%23g%25");
  EXPECT_EQ(percent_encode("name:1"), "name%3A1");
  EXPECT_EQ(percent_encode("name:1", true), "name:1");
  EXPECT_EQ(percent_encode("\xC3\xA9"), "%C3%A9");  // é, byte by byte
}

TEST(ReactionEmoji, UnicodeIsPercentEncoded) {
  auto thumbs = encode_reaction_emoji("\xF0\x9F\x91\x8D");  // 👍
  ASSERT_TRUE(thumbs.ok());
  EXPECT_EQ(*thumbs, "%F0%9F%91%8D");
  // A sequence with a variation selector and a ZWJ stays one segment.
  auto family = encode_reaction_emoji("\xE2\x9D\xA4\xEF\xB8\x8F");  // ❤️
  ASSERT_TRUE(family.ok());
  EXPECT_EQ(*family, "%E2%9D%A4%EF%B8%8F");
}

TEST(ReactionEmoji, CustomEmojiIsNameColonId) {
  EXPECT_EQ(encode_reaction_emoji("blob:123456789012345678").value(), "blob:123456789012345678");
  EXPECT_EQ(encode_reaction_emoji("<:blob:123>").value(), "blob:123");
  EXPECT_EQ(encode_reaction_emoji("<a:dance:456>").value(), "dance:456");
  // A name that needs escaping is escaped, the colon kept.
  EXPECT_EQ(encode_reaction_emoji("my emoji:7").value(), "my%20emoji:7");
  // Not an id after the colon: a plain (encoded) name.
  EXPECT_EQ(encode_reaction_emoji("a:b").value(), "a%3Ab");
}

TEST(ReactionEmoji, BadValuesAreRefusedBeforeSending) {
  for (const std::string& bad :
       {std::string(), std::string("<:>"), std::string("x\r\ny"), std::string("\xFF\xFE"), std::string(65, 'a')}) {
    auto r = encode_reaction_emoji(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
    EXPECT_EQ(r.error().errors.at(0).path, "emoji");
  }
  EXPECT_TRUE(encode_reaction_emoji(std::string(64, 'a')).ok());
}

TEST(QueryBuilder, JoinsEncodesAndSkipsAbsentValues) {
  QueryBuilder q;
  q.add("limit", 50);
  q.add("before", std::optional<Snowflake>{});
  q.add("after", std::optional<Snowflake>{Snowflake{42}});
  q.add("q", "a b&c");
  q.add("with_counts", true);
  EXPECT_EQ(q.str(), "limit=50&after=42&q=a%20b%26c&with_counts=true");
  QueryBuilder ts;
  ts.add("before", Timestamp{std::chrono::seconds(1'700'000'000)});
  EXPECT_EQ(ts.str(), "before=2023-11-14T22%3A13%3A20.000Z");
  EXPECT_TRUE(QueryBuilder{}.str().empty());
}

TEST(CheckRange, NamesTheField) {
  EXPECT_TRUE(check_range("limit", std::nullopt, 1, 100).ok());
  EXPECT_TRUE(check_range("limit", 100, 1, 100).ok());
  auto r = check_range("limit", 101, 1, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().errors.at(0).path, "limit");
  EXPECT_EQ(r.error().code, "OUT_OF_RANGE");
  EXPECT_FALSE(check_range("limit", 0, 1, 100).ok());
}

TEST(AuditLogReason, RefusesWhatWouldBreakTheHeader) {
  EXPECT_TRUE(check_audit_log_reason("spam in #general").ok());
  EXPECT_TRUE(check_audit_log_reason("caf\xC3\xA9 \xF0\x9F\x91\x8D").ok());  // UTF-8 is sent verbatim
  for (const std::string& bad :
       {std::string("spam\r\nX-Injected: 1"), std::string("a\nb"), std::string("a\rb"), std::string("nul\0x", 5)}) {
    auto r = check_audit_log_reason(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "INVALID_HEADER");
  }
  EXPECT_TRUE(check_audit_log_reason(std::string(512, 'x')).ok());
  EXPECT_EQ(check_audit_log_reason(std::string(513, 'x')).error().code, "TOO_LONG");
  std::string emoji512;
  for (int i = 0; i < 512; ++i) emoji512 += "\xC3\xA9";  // 512 characters, 1024 bytes
  EXPECT_TRUE(check_audit_log_reason(emoji512).ok());
  EXPECT_EQ(check_audit_log_reason("\xC3").error().code, "INVALID_FORMAT");
}

TEST(Utf8, CountsCodePointsAndRejectsInvalidText) {
  EXPECT_EQ(utf8_code_points("abc"), 3U);
  EXPECT_EQ(utf8_code_points("\xF0\x9F\x91\x8D"), 1U);
  EXPECT_FALSE(utf8_code_points("\xC0\x80"));  // overlong
  EXPECT_FALSE(utf8_code_points("\xE2\x82"));  // truncated
}

}  // namespace
}  // namespace fluxer::rest
