#include "client/guild_burst.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using fluxer::Snowflake;
using fluxer::client_detail::GuildBurst;
using namespace std::chrono_literals;

const auto kStart = GuildBurst::Clock::time_point{} + 1h;

TEST(GuildBurst, BGuildsOfTheListAreTheBurstAndCompleteIt) {
  GuildBurst b;
  b.start(kStart, 10s, {});
  const std::vector<Snowflake> list{Snowflake(1), Snowflake(2), Snowflake(3)};
  b.expect(list);
  EXPECT_FALSE(b.complete());
  EXPECT_EQ(b.on_guild_create(Snowflake(1), false), GuildBurst::Create::Burst);
  EXPECT_EQ(b.on_guild_delete(Snowflake(2), true), GuildBurst::Delete::Burst);  // [B] unavailable
  EXPECT_EQ(b.pending(), 1u);
  EXPECT_FALSE(b.complete());
  EXPECT_EQ(b.on_guild_create(Snowflake(3), false), GuildBurst::Create::Burst);
  EXPECT_TRUE(b.complete());
  EXPECT_TRUE(b.finish());
  EXPECT_FALSE(b.finish());
  // After the burst: the unavailable guild coming back is "available", a new one a join.
  EXPECT_EQ(b.on_guild_create(Snowflake(2), false), GuildBurst::Create::Available);
  EXPECT_EQ(b.on_guild_create(Snowflake(9), false), GuildBurst::Create::Joined);
  EXPECT_EQ(b.on_guild_delete(Snowflake(9), true), GuildBurst::Delete::Unavailable);
  EXPECT_EQ(b.on_guild_delete(Snowflake(1), false), GuildBurst::Delete::Left);
}

TEST(GuildBurst, AStubsAnnounceGuildsBeforeTheListArrives) {
  GuildBurst b;
  b.start(kStart, 10s, {});
  EXPECT_EQ(b.on_guild_create(Snowflake(1), true), GuildBurst::Create::Burst);
  EXPECT_EQ(b.on_guild_create(Snowflake(2), true), GuildBurst::Create::Burst);
  EXPECT_EQ(b.on_guild_create(Snowflake(1), false), GuildBurst::Create::Burst);
  EXPECT_FALSE(b.complete());  // the list is not known yet
  const std::vector<Snowflake> list{Snowflake(1), Snowflake(2)};
  b.expect(list);
  EXPECT_FALSE(b.complete());
  EXPECT_EQ(b.on_guild_create(Snowflake(2), false), GuildBurst::Create::Burst);
  EXPECT_TRUE(b.complete());
}

TEST(GuildBurst, AGuildNotInTheListDuringTheBurstIsAJoin) {
  GuildBurst b;
  b.start(kStart, 10s, {});
  const std::vector<Snowflake> list{Snowflake(1)};
  b.expect(list);
  EXPECT_EQ(b.on_guild_create(Snowflake(5), false), GuildBurst::Create::Joined);
  // Before the list is known, everything during the burst counts as the burst.
  GuildBurst c;
  c.start(kStart, 10s, {});
  EXPECT_EQ(c.on_guild_create(Snowflake(5), false), GuildBurst::Create::Burst);
}

TEST(GuildBurst, WithoutAListTheBurstNeverCompletesByItself) {
  GuildBurst b;
  b.start(kStart, 10s, {});
  b.list_failed();
  EXPECT_EQ(b.on_guild_create(Snowflake(1), false), GuildBurst::Create::Burst);
  EXPECT_FALSE(b.complete());
  EXPECT_TRUE(b.in_burst(kStart + 9s));
  EXPECT_FALSE(b.in_burst(kStart + 10s));  // the deadline
  EXPECT_EQ(b.deadline(), kStart + 10s);
}

TEST(GuildBurst, LeavingAnExpectedGuildDuringTheBurstDoesNotBlockCompletion) {
  GuildBurst b;
  b.start(kStart, 10s, {});
  const std::vector<Snowflake> list{Snowflake(1), Snowflake(2)};
  b.expect(list);
  b.on_guild_create(Snowflake(1), false);
  EXPECT_EQ(b.on_guild_delete(Snowflake(2), false), GuildBurst::Delete::Left);
  EXPECT_TRUE(b.complete());
}

TEST(GuildBurst, ANewSessionStartsANewBurstAndRemembersUnavailableGuilds) {
  GuildBurst b;
  b.start(kStart, 10s, {});
  const std::vector<Snowflake> list{Snowflake(1)};
  b.expect(list);
  b.on_guild_delete(Snowflake(1), true);
  b.finish();
  b.start(kStart + 1min, 10s, {});
  b.expect(list);
  EXPECT_TRUE(b.is_unavailable(Snowflake(1)));
  EXPECT_EQ(b.on_guild_create(Snowflake(1), false), GuildBurst::Create::Burst);
  EXPECT_FALSE(b.is_unavailable(Snowflake(1)));
  EXPECT_TRUE(b.complete());
}

}  // namespace
