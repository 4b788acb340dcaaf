#include <set>
#include <string>

#include <gtest/gtest.h>

#include "rest/route.hpp"

namespace fluxer::rest {
namespace {

TEST(RouteKey, KnownRoutesUseTheServersBucketAndMajorParameter) {
  const auto k = route_key("DELETE", "/channels/123/messages/456");
  EXPECT_EQ(k.route, "channel:message:delete");
  EXPECT_EQ(k.major, "channel_id=123");
  EXPECT_FALSE(k.global_exempt);

  const auto g = route_key("PATCH", "/guilds/9/members/77");
  EXPECT_EQ(g.route, "guild:member:update");
  EXPECT_EQ(g.major, "guild_id=9");
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

TEST(RouteKey, EveryReactionRouteSharesOneBucketPerChannel) {
  const std::string m = "/channels/1/messages/2/reactions";
  const RouteKey keys[] = {
      route_key("PUT", m + "/%F0%9F%91%8D/@me"),
      route_key("DELETE", m + "/%F0%9F%91%8D/@me"),
      route_key("DELETE", m + "/blob:44/99"),
      route_key("DELETE", m + "/blob:44"),
      route_key("DELETE", m),
      route_key("GET", m + "/blob:44"),
      route_key("GET", m + "/blob:44/users"),
      route_key("PUT", "/channels/1/messages/3/reactions/x/@me"),
  };
  for (const auto& k : keys) {
    EXPECT_EQ(k.route, "channel:reactions");
    EXPECT_EQ(k.major, "channel_id=1");
  }
  EXPECT_NE(route_key("PUT", "/channels/7/messages/2/reactions/x/@me").major, keys[0].major);
}

TEST(RouteKey, UserRoutesAreKeyedPerUser) {
  const auto a = route_key("GET", "/users/42");
  const auto b = route_key("GET", "/users/43");
  EXPECT_EQ(a.route, "user:read");
  EXPECT_EQ(a.major, "user_id=42");
  EXPECT_NE(a, b);
  EXPECT_EQ(route_key("GET", "/users/42/profile").route, "user:profile");
  EXPECT_EQ(route_key("GET", "/users/42/profile").major, "target_id=42");
  // @me is not a user id.
  EXPECT_EQ(route_key("GET", "/users/@me").route, "user:settings:get");
  EXPECT_EQ(route_key("GET", "/users/@me").major, "");
  EXPECT_EQ(route_key("GET", "/users/@me/channels"), route_key("POST", "/users/@me/channels"));
}

TEST(RouteKey, LiteralSegmentsWinOverParameters) {
  EXPECT_EQ(route_key("GET", "/channels/1/messages/pins").route, "channel:pins");
  EXPECT_EQ(route_key("GET", "/channels/1/messages/2").route, "channel:message:read");
  EXPECT_EQ(route_key("PATCH", "/guilds/1/members/@me").route, "guild:member:update");
  EXPECT_EQ(route_key("GET", "/guilds/1/members/@me").route, "guild:members");
  EXPECT_EQ(route_key("POST", "/guilds/1/emojis/bulk").route, "guild:emoji:bulk_create");
}

TEST(RouteKey, BansShareTheMemberRemovalBucket) {
  EXPECT_EQ(route_key("PUT", "/guilds/1/bans/2").route, route_key("DELETE", "/guilds/1/members/3").route);
  EXPECT_EQ(route_key("DELETE", "/guilds/1/bans/2"), route_key("PUT", "/guilds/1/bans/5"));
}

TEST(RouteKey, UnknownRoutesFallBackToMethodAndTemplate) {
  const auto k = route_key("GET", "/channels/5/widgets/77");
  EXPECT_EQ(k.route, "GET /channels/{channel_id}/widgets/{id}");
  EXPECT_EQ(k.major, "channel_id=5");
  EXPECT_EQ(route_key("GET", "/invites/abc/extra").route, "GET /invites/{code}/extra");
  EXPECT_EQ(route_key("GET", "/users/9/widgets").major, "user_id=9");
}

TEST(RouteKey, WebhookTokenNeverInKeyAndWebhookRoutesAreGlobalExempt) {
  const auto exec = route_key("POST", "/webhooks/7/s3cr3t-token");
  EXPECT_EQ(exec.route, "webhook:execute");
  EXPECT_EQ(exec.major, "webhook_id=7");
  EXPECT_TRUE(exec.global_exempt);
  EXPECT_EQ(exec.route.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(exec.major.find("s3cr3t"), std::string::npos);

  const auto msg = route_key("PATCH", "/webhooks/7/s3cr3t-token/messages/9");
  EXPECT_EQ(msg.route, "webhook:message_edit");
  EXPECT_TRUE(msg.global_exempt);
  EXPECT_TRUE(route_key("POST", "/webhooks/7/tok/github").global_exempt);

  EXPECT_FALSE(route_key("GET", "/webhooks/7").global_exempt);
  EXPECT_FALSE(route_key("DELETE", "/webhooks/7/s3cr3t-token").global_exempt);
  EXPECT_EQ(route_key("GET", "/webhooks/7/tok").route, route_key("GET", "/webhooks/7").route);
}

TEST(RouteTable, EveryEntryIsWellFormedAndReachable) {
  std::set<std::string> seen;
  for (const auto& spec : route_table()) {
    EXPECT_TRUE(seen.insert(std::string(spec.method) + " " + std::string(spec.pattern)).second) << spec.pattern;
    ASSERT_TRUE(spec.pattern.starts_with('/')) << spec.pattern;
    // A concrete path for the pattern maps back to the entry's bucket.
    std::string path;
    std::string_view p = spec.pattern;
    while (!p.empty()) {
      const auto open = p.find('{');
      if (open == std::string_view::npos) {
        path.append(p);
        break;
      }
      path.append(p.substr(0, open));
      const auto close = p.find('}', open);
      const auto name = p.substr(open + 1, close - open - 1);
      path += name == "emoji" ? "x" : name == "token" ? "tok" : name == "invite_code" ? "code" : "12";
      p.remove_prefix(close + 1);
    }
    const auto key = route_key(spec.method, path);
    const auto bucket = spec.bucket.substr(0, spec.bucket.find("::"));
    EXPECT_EQ(key.route, bucket) << spec.method << " " << path;
    EXPECT_EQ(key.global_exempt, spec.global_exempt) << spec.method << " " << path;
  }
}

}  // namespace
}  // namespace fluxer::rest
