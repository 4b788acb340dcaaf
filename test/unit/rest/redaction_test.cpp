// Credentials in error text and log lines (core's redact_credentials(), used by
// Error::to_string() and Exception::what()).

#include <gtest/gtest.h>

#include <fluxer/core/error.hpp>
#include <fluxer/core/redact.hpp>

namespace fluxer {
namespace {

constexpr const char* kToken = "1474123456789012345.Xr3AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc";

TEST(Redaction, BotTokensUserTokensAndWebhookPathTokens) {
  EXPECT_EQ(redact_credentials(std::string("Authorization: Bot ") + kToken), "Authorization: Bot [redacted]");
  EXPECT_EQ(redact_credentials("user flx_abcdefghijklmnopqrstuvwxyz0123456789 here"), "user [redacted] here");
  EXPECT_EQ(redact_credentials("POST /webhooks/123/aBc-DeF_ghi?wait=true failed"),
            "POST /webhooks/123/[redacted]?wait=true failed");
  EXPECT_EQ(redact_credentials("GET /v1/webhooks/123/tok/messages/9"), "GET /v1/webhooks/123/[redacted]/messages/9");
  EXPECT_EQ(redact_credentials("\"url\":\"https://x/webhooks/1/sEcReT\""),
            "\"url\":\"https://x/webhooks/1/[redacted]\"");
}

TEST(Redaction, RedactingTwiceChangesNothing) {
  for (const std::string& text : {std::string("POST /webhooks/1/abc: failed"), std::string("Bot ") + kToken,
                                  std::string("flx_abcdefghijklmnopqrstuvwxyz0123456789")}) {
    const auto once = redact_credentials(text);
    EXPECT_EQ(redact_credentials(once), once);
  }
  EXPECT_EQ(redact_credentials("POST /webhooks/1/[redacted]: x"), "POST /webhooks/1/[redacted]: x");
}

TEST(Redaction, OrdinaryTextIsLeftAlone) {
  for (const char* text : {"GET /webhooks/123 failed", "1.5 seconds", "guild 175928847299117063 in channel 7",
                           "version 1.2.3", "/webhooks/123/", "retry after 1474123456789012345.5 s"}) {
    EXPECT_EQ(redact_credentials(text), text);
  }
}

TEST(Redaction, ErrorTextAndWhatAreRedacted) {
  Error e(ErrorKind::Rest, std::string("POST /webhooks/77/topsecretvalue: connection reset; token ") + kToken,
          "CURL_56");
  const std::string text = e.to_string();
  EXPECT_EQ(text.find("topsecretvalue"), std::string::npos) << text;
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  EXPECT_NE(text.find("/webhooks/77/[redacted]"), std::string::npos) << text;
  Exception ex(e);
  EXPECT_EQ(std::string(ex.what()).find("topsecretvalue"), std::string::npos);
  EXPECT_EQ(fmt::format("{}", e).find(kToken), std::string::npos);
}

}  // namespace
}  // namespace fluxer
