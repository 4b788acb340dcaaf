#include <gtest/gtest.h>

#include "rest/transport.hpp"

namespace fluxer::rest {
namespace {

using namespace std::chrono_literals;

TEST(ErrorFromResponse, FluxerValidationErrorKeepsEveryField) {
  const auto e = error_from_response(400,
                                     R"({"code":"INVALID_FORM_BODY","message":"Invalid form body","errors":[
                                          {"path":"embeds.0.title","code":"CONTENT_EXCEEDS_MAX_LENGTH","message":"Too long"},
                                          {"path":"content","message":"Required"}, 7]})",
                                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(e.kind, ErrorKind::Api);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "INVALID_FORM_BODY");
  EXPECT_EQ(e.message, "Invalid form body");
  ASSERT_EQ(e.errors.size(), 2U);
  EXPECT_EQ(e.errors[0], (FieldError{"embeds.0.title", "CONTENT_EXCEEDS_MAX_LENGTH", "Too long"}));
  EXPECT_EQ(e.errors[1], (FieldError{"content", "", "Required"}));  // [A] entries have no code
}

TEST(ErrorFromResponse, KindsFollowTheStatus) {
  EXPECT_EQ(error_from_response(401, R"({"code":"UNAUTHORIZED","message":"no"})", {}).kind, ErrorKind::InvalidToken);
  EXPECT_EQ(error_from_response(403, R"({"code":"MISSING_PERMISSIONS","message":"no"})", {}).kind, ErrorKind::Api);

  const auto limited = error_from_response(
      429, R"({"code":"RATE_LIMITED","message":"slow","global":true,"retry_after":0.4281})", {{"Retry-After", "1"}});
  EXPECT_EQ(limited.kind, ErrorKind::RateLimit);
  EXPECT_TRUE(limited.global);
  EXPECT_EQ(limited.retry_after, 429ms);  // rounded up: waiting less would be refused again

  const auto slowmode =
      error_from_response(400, R"({"code":"SLOWMODE_RATE_LIMITED","message":"slow","retry_after":3})", {});
  EXPECT_EQ(slowmode.kind, ErrorKind::Api);
  EXPECT_EQ(slowmode.retry_after, 3000ms);
}

TEST(ErrorFromResponse, NonFluxerBodiesAreHttpErrors) {
  const auto html =
      error_from_response(502, "<html><body>Bad Gateway</body></html>", {{"content-type", "text/html; charset=utf-8"}});
  EXPECT_EQ(html.kind, ErrorKind::Http);
  EXPECT_EQ(html.status, 502);
  EXPECT_EQ(html.code, "HTTP_502");
  EXPECT_NE(html.message.find("text/html"), std::string::npos);

  const auto empty = error_from_response(500, "", {});
  EXPECT_EQ(empty.kind, ErrorKind::Http);
  EXPECT_NE(empty.message.find("empty"), std::string::npos);

  // JSON without a string code (an OAuth-style error, a truncated body) is not a Fluxer error either.
  EXPECT_EQ(error_from_response(400, R"({"error":"invalid_grant"})", {}).kind, ErrorKind::Http);
  EXPECT_EQ(error_from_response(500, R"({"code":)", {}).kind, ErrorKind::Http);
  EXPECT_EQ(error_from_response(503, "busy", {{"Retry-After", "1"}}).retry_after, 1000ms);
}

}  // namespace
}  // namespace fluxer::rest
