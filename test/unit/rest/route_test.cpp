#include <gtest/gtest.h>

#include "rest/route.hpp"

namespace fluxer::rest {
namespace {

TEST(RouteKey, MajorParameterKeptOtherIdsReplaced) {
  const auto k = route_key("DELETE", "/channels/123/messages/456");
  EXPECT_EQ(k.route, "DELETE /channels/{channel_id}/messages/{id}");
  EXPECT_EQ(k.major, "channel:123");
  EXPECT_FALSE(k.global_exempt);

  const auto g = route_key("PATCH", "/guilds/9/members/77");
  EXPECT_EQ(g.route, "PATCH /guilds/{guild_id}/members/{id}");
  EXPECT_EQ(g.major, "guild:9");
}

TEST(RouteKey, MethodAndMajorSeparateKeys) {
  EXPECT_NE(route_key("GET", "/channels/1/messages"), route_key("POST", "/channels/1/messages"));
  const auto a = route_key("POST", "/channels/1/messages");
  const auto b = route_key("POST", "/channels/2/messages");
  EXPECT_EQ(a.route, b.route);
  EXPECT_NE(a.major, b.major);
}

TEST(RouteKey, VersionPrefixIgnored) {
  EXPECT_EQ(route_key("GET", "/v1/channels/5"), route_key("GET", "/channels/5"));
}

TEST(RouteKey, ReactionsInvitesAndNonIdSegments) {
  const auto r = route_key("PUT", "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me");
  EXPECT_EQ(r.route, "PUT /channels/{channel_id}/messages/{id}/reactions/{emoji}/@me");
  const auto custom = route_key("PUT", "/channels/1/messages/3/reactions/blob:44/@me");
  EXPECT_EQ(custom.route, r.route);

  EXPECT_EQ(route_key("GET", "/invites/abcDEF").route, "GET /invites/{code}");
  EXPECT_EQ(route_key("GET", "/users/@me").route, "GET /users/@me");
  EXPECT_EQ(route_key("GET", "/users/@me").major, "");
  EXPECT_EQ(route_key("GET", "/users/42/profile").route, "GET /users/{id}/profile");
  EXPECT_EQ(route_key("GET", "/gateway/bot").route, "GET /gateway/bot");
}

TEST(RouteKey, WebhookTokenNeverInKeyAndExecuteIsGlobalExempt) {
  const auto exec = route_key("POST", "/webhooks/7/s3cr3t-token");
  EXPECT_EQ(exec.route, "POST /webhooks/{webhook_id}/{token}");
  EXPECT_EQ(exec.major, "webhook:7");
  EXPECT_TRUE(exec.global_exempt);
  EXPECT_EQ(exec.route.find("s3cr3t"), std::string::npos);

  const auto msg = route_key("PATCH", "/webhooks/7/s3cr3t-token/messages/9");
  EXPECT_EQ(msg.route, "PATCH /webhooks/{webhook_id}/{token}/messages/{id}");
  EXPECT_FALSE(msg.global_exempt);

  EXPECT_FALSE(route_key("GET", "/webhooks/7").global_exempt);
  EXPECT_FALSE(route_key("DELETE", "/webhooks/7/s3cr3t-token").global_exempt);
}

}  // namespace
}  // namespace fluxer::rest
