#include <fluxer/core/error.hpp>

#include <gtest/gtest.h>

using namespace fluxer;

TEST(Error, ApiErrorCarriesCodeStatusAndFields) {
  Error e = Error::api(400, "INVALID_FORM_BODY", "Input Validation Error",
                       {{"embeds.0.title", "CONTENT_EXCEEDS_MAX_LENGTH", "Must be 256 or fewer in length"},
                        {"content", "", "Required"}});
  EXPECT_EQ(e.kind, ErrorKind::Api);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "INVALID_FORM_BODY");
  ASSERT_EQ(e.errors.size(), 2u);
  EXPECT_EQ(e.errors[0].path, "embeds.0.title");
  EXPECT_EQ(e.to_string(),
            "Api 400 INVALID_FORM_BODY: Input Validation Error [embeds.0.title: Must be 256 or fewer in length; "
            "content: Required]");
}

TEST(Error, DecodeErrorNamesThePath) {
  Error e = Error::decode("d.author.id", "expected a snowflake string");
  EXPECT_EQ(e.kind, ErrorKind::Decode);
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_EQ(e.errors[0].path, "d.author.id");
  EXPECT_EQ(e.errors[0].code, "INVALID_TYPE");
  EXPECT_EQ(e.to_string(), "Decode INVALID_TYPE: d.author.id: expected a snowflake string");
}

TEST(Error, InvalidArgumentNamesTheField) {
  Error e = Error::invalid_argument("embeds.0.title", "longer than 256 characters", "TOO_LONG");
  EXPECT_EQ(e.kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(e.errors.at(0).path, "embeds.0.title");
  EXPECT_EQ(fmt::format("{}", e), "InvalidArgument TOO_LONG: embeds.0.title: longer than 256 characters");
}

TEST(Error, RateLimitShowsRetryAfter) {
  Error e{ErrorKind::RateLimit, "You are being rate limited.", "RATE_LIMITED"};
  e.status = 429;
  e.retry_after = std::chrono::milliseconds{428};
  e.global = true;
  EXPECT_EQ(e.to_string(), "RateLimit 429 RATE_LIMITED: You are being rate limited. (retry after 428 ms, global)");
}

TEST(Error, KindNames) {
  EXPECT_EQ(to_string(ErrorKind::ClientNotReady), "ClientNotReady");
  EXPECT_EQ(to_string(ErrorKind::WebSocket), "WebSocket");
  EXPECT_EQ(fmt::format("{}", ErrorKind::Cancelled), "Cancelled");
}

TEST(Error, ExceptionCarriesTheError) {
  Exception ex(Error{ErrorKind::Http, "Bad Gateway"});
  EXPECT_EQ(ex.error().kind, ErrorKind::Http);
  EXPECT_STREQ(ex.what(), "Http: Bad Gateway");
}

TEST(Error, EqualityComparesAllFields) {
  Error a{ErrorKind::Api, "m", "C"};
  Error b = a;
  EXPECT_EQ(a, b);
  b.status = 404;
  EXPECT_NE(a, b);
}
