// Eviction under each limit, entry by entry: the oldest inserted goes first, updates do not
// make an entry younger, and nothing is left orphaned.

#include <algorithm>

#include <gtest/gtest.h>

#include <fluxer/cache/cache.hpp>

#include "cache_test_util.hpp"

namespace {

using namespace fluxer;
using namespace fluxer::literals;
using cache_test::channel;
using cache_test::guild_create;
using cache_test::id_only;
using cache_test::member;
using cache_test::user;

std::vector<Snowflake> sorted(std::vector<Snowflake> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(Eviction, GuildsOldestFirstWithEverythingHangingOffThem) {
  CacheOptions o;
  o.guilds = 2;
  o.messages = 100;
  Cache cache(o);
  cache.apply(guild_create(1, {channel(10, 1)}, {}, {member(user(100))}));
  cache.apply(MessageCreate{.message = cache_test::message(900, 10, user(100))});
  cache.apply(guild_create(2, {channel(20, 2)}, {}, {member(user(200))}));
  cache.apply(guild_create(3, {channel(30, 3)}, {}, {member(user(300))}));
  EXPECT_EQ(sorted(cache.guild_ids()), (std::vector<Snowflake>{2_id, 3_id}));
  EXPECT_FALSE(cache.channel(10_id));
  EXPECT_FALSE(cache.message(10_id, 900_id));
  EXPECT_FALSE(cache.user(100_id));
  const CacheStats st = cache.stats();
  EXPECT_EQ(st.guilds.evicted, 1u);
  EXPECT_EQ(st.channels.count, 2u);
  EXPECT_EQ(st.members.count, 2u);
  EXPECT_EQ(st.users.count, 2u);
  EXPECT_EQ(st.messages.count, 0u);

  // Refreshing guild 2 does not make it younger: it is the next to go.
  cache.apply(guild_create(2, {channel(20, 2)}));
  cache.apply(GuildUpdate{.guild = cache.guild(2_id).value()});
  cache.apply(guild_create(4));
  EXPECT_EQ(sorted(cache.guild_ids()), (std::vector<Snowflake>{3_id, 4_id}));

  // A guild removed and added again is new.
  GuildDelete left;
  left.id = 3_id;
  cache.apply(left);
  cache.apply(guild_create(3));
  cache.apply(guild_create(5));
  EXPECT_EQ(sorted(cache.guild_ids()), (std::vector<Snowflake>{3_id, 5_id}));
  EXPECT_EQ(cache.stats().guilds.evicted, 3u);
}

TEST(Eviction, UnavailablePlaceholdersCountAsGuilds) {
  CacheOptions o;
  o.guilds = 1;
  Cache cache(o);
  cache.apply(cache_test::guild_stub(1));
  cache.apply(cache_test::guild_stub(2));
  EXPECT_EQ(cache.guild_ids(), std::vector<Snowflake>{2_id});
}

TEST(Eviction, ChannelsOldestFirstAcrossGuildsAndDms) {
  CacheOptions o;
  o.channels = 3;
  o.messages = 100;
  Cache cache(o);
  cache.apply(guild_create(1, {channel(10, 1), channel(11, 1)}));
  cache.apply(MessageCreate{.message = cache_test::message(900, 10, user(100))});
  cache.apply(ChannelCreate{channel(30, 0)});
  cache.apply(ChannelUpdate{channel(10, 1, "renamed")});  // not younger
  cache.apply(ChannelCreate{channel(12, 1)});
  EXPECT_FALSE(cache.channel(10_id));
  EXPECT_FALSE(cache.message(10_id, 900_id)) << "messages go with their channel";
  std::vector<Snowflake> listed;
  for (const auto& c : cache.channels(1_id)) listed.push_back(c.id);
  EXPECT_EQ(listed, (std::vector<Snowflake>{11_id, 12_id})) << "the guild no longer lists it";
  cache.apply(ChannelCreate{channel(31, 0)});
  EXPECT_FALSE(cache.channel(11_id));
  cache.apply(ChannelCreate{channel(32, 0)});
  EXPECT_FALSE(cache.channel(30_id)) << "a DM channel is evicted like any other";
  EXPECT_EQ(cache.stats().channels.count, 3u);
  EXPECT_EQ(cache.stats().channels.evicted, 3u);
}

TEST(Eviction, MembersCountAcrossAllGuilds) {
  CacheOptions o;
  o.members = 3;
  Cache cache(o);
  cache.apply(guild_create(1));
  cache.apply(guild_create(2));
  cache.apply(GuildMemberAdd{1_id, member(user(100))});
  cache.apply(GuildMemberAdd{1_id, member(user(101))});
  cache.apply(GuildMemberAdd{2_id, member(user(100))});
  cache.apply(GuildMemberUpdate{1_id, member(user(100, "renamed"))});  // not younger
  cache.apply(GuildMemberAdd{2_id, member(user(102))});
  EXPECT_FALSE(cache.member(1_id, 100_id));
  EXPECT_TRUE(cache.member(2_id, 100_id));
  EXPECT_EQ(cache.user(100_id)->username, "renamed") << "still referenced from guild 2";
  cache.apply(GuildMemberAdd{2_id, member(user(103))});
  EXPECT_FALSE(cache.member(1_id, 101_id));
  EXPECT_FALSE(cache.user(101_id)) << "its last member went";
  // A member removed and added again is new.
  cache.apply(GuildMemberRemove{2_id, id_only(100)});
  cache.apply(GuildMemberAdd{2_id, member(user(100))});
  cache.apply(GuildMemberAdd{1_id, member(user(104))});
  EXPECT_FALSE(cache.member(2_id, 102_id));
  EXPECT_TRUE(cache.member(2_id, 100_id));
  const CacheStats st = cache.stats();
  EXPECT_EQ(st.members.count, 3u);
  EXPECT_EQ(st.members.evicted, 3u);
  EXPECT_EQ(st.users.count, 3u);
}

TEST(Eviction, UsersTakeTheirMembersAndTheCurrentUserStays) {
  CacheOptions o;
  o.users = 2;
  Cache cache(o);
  cache.put(cache_test::current_user(1));
  cache.apply(guild_create(1, {}, {}, {member(id_only(1))}));
  cache.apply(guild_create(2));
  cache.apply(GuildMemberAdd{1_id, member(user(100))});
  cache.apply(GuildMemberAdd{2_id, member(user(100))});
  cache.put(user(101));  // loose
  cache.apply(GuildMemberAdd{2_id, member(user(102))});
  // 100 was the oldest user: it goes, and with it its members in both guilds.
  EXPECT_FALSE(cache.user(100_id));
  EXPECT_FALSE(cache.member(1_id, 100_id));
  EXPECT_FALSE(cache.member(2_id, 100_id));
  EXPECT_TRUE(cache.user(101_id));
  EXPECT_TRUE(cache.member(2_id, 102_id));
  EXPECT_TRUE(cache.member(1_id, 1_id)) << "the current user is never evicted";
  cache.put(user(103));
  EXPECT_FALSE(cache.user(101_id)) << "a loose user is evicted like any other";
  const CacheStats st = cache.stats();
  EXPECT_EQ(st.users.count, 3u) << "two users and the current user";
  EXPECT_EQ(st.users.evicted, 2u);
  EXPECT_EQ(st.members.evicted, 2u);
}

TEST(Eviction, MessagesOldestFirstAcrossChannels) {
  CacheOptions o;
  o.messages = 3;
  Cache cache(o);
  cache.apply(guild_create(1, {channel(10, 1), channel(11, 1)}));
  cache.apply(MessageCreate{.message = cache_test::message(900, 10, user(100))});
  cache.apply(MessageCreate{.message = cache_test::message(901, 11, user(100))});
  cache.apply(MessageCreate{.message = cache_test::message(902, 10, user(100))});
  cache.apply(MessageUpdate{cache_test::message(900, 10, user(100), "edited")});  // not younger
  cache.apply(MessageCreate{.message = cache_test::message(903, 11, user(100))});
  EXPECT_FALSE(cache.message(10_id, 900_id));
  EXPECT_TRUE(cache.message(11_id, 901_id));
  cache.apply(MessageCreate{.message = cache_test::message(904, 10, user(100))});
  EXPECT_FALSE(cache.message(11_id, 901_id));
  std::vector<Snowflake> in10;
  for (const auto& m : cache.messages(10_id)) in10.push_back(m.id);
  EXPECT_EQ(in10, (std::vector<Snowflake>{902_id, 904_id}));
  EXPECT_EQ(cache.stats().messages.evicted, 2u);
}

TEST(Eviction, ZeroKeepsNothing) {
  CacheOptions o;
  o.members = 0;
  Cache cache(o);
  cache.apply(guild_create(1, {}, {}, {member(user(100))}));
  EXPECT_TRUE(cache.guild(1_id));
  EXPECT_EQ(cache.stats().members.count, 0u);
  EXPECT_EQ(cache.stats().users.count, 0u);
}

}  // namespace
