// Cache::apply, one event kind at a time, and the put() paths REST results take.

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
using cache_test::role;
using cache_test::user;

CacheOptions with_messages(std::size_t n = 100) {
  CacheOptions o;
  o.messages = n;
  return o;
}

TEST(CacheGuilds, GuildCreateStoresTheSnapshot) {
  Cache cache;
  GuildCreate g = guild_create(1, {channel(10, 1, "general"), channel(11, 1, "voice")},
                               {role(1, "@everyone", 0), role(5)}, {member(id_only(100))});
  g.guild.emojis.push_back(Emoji{Snowflake{70}, "blob", true, std::nullopt});
  g.guild.stickers.push_back(Sticker{.id = Snowflake{80}, .name = "hi"});
  g.guild.online_count = 3;
  g.joined_at = Timestamp{std::chrono::microseconds{123}};
  const CacheUpdate u = cache.apply(g);
  EXPECT_EQ(u.guild_change, GuildChange::Added);

  auto got = cache.guild(1_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "guild1");
  EXPECT_EQ(got->roles, g.guild.roles);
  EXPECT_EQ(got->channels, g.guild.channels);
  EXPECT_EQ(got->emojis, g.guild.emojis);
  EXPECT_EQ(got->stickers, g.guild.stickers);
  EXPECT_EQ(got->member_count, 1);
  EXPECT_EQ(got->online_count, 3);
  EXPECT_FALSE(got->unavailable);
  EXPECT_EQ(cache.guild_joined_at(1_id), g.joined_at);
  EXPECT_EQ(cache.channel(11_id)->name, "voice");
  EXPECT_EQ(cache.channels(1_id).size(), 2u);
  EXPECT_EQ(cache.role(1_id, 5_id)->name, "role");
  // The burst's member carries only the user id: that is all the cache knows of the user.
  ASSERT_TRUE(cache.member(1_id, 100_id));
  EXPECT_EQ(cache.member(1_id, 100_id)->user, id_only(100));
  EXPECT_TRUE(cache.guild(1_id, GuildParts::Properties)->roles.empty());

  EXPECT_EQ(cache.apply(g).guild_change, GuildChange::Refreshed);
}

TEST(CacheGuilds, AvailabilityChanges) {
  Cache cache;
  EXPECT_EQ(cache.apply(cache_test::guild_stub(1)).guild_change, GuildChange::AddedUnavailable);
  EXPECT_TRUE(cache.guild(1_id)->unavailable);
  EXPECT_EQ(cache.apply(cache_test::guild_stub(1)).guild_change, GuildChange::StillUnavailable);
  EXPECT_EQ(cache.apply(guild_create(1, {channel(10, 1)})).guild_change, GuildChange::BecameAvailable);
  EXPECT_FALSE(cache.guild(1_id)->unavailable);

  // An outage keeps the data, marked unavailable.
  GuildDelete outage;
  outage.id = 1_id;
  outage.unavailable = true;
  EXPECT_EQ(cache.apply(outage).guild_change, GuildChange::BecameUnavailable);
  EXPECT_TRUE(cache.guild(1_id)->unavailable);
  EXPECT_EQ(cache.guild(1_id)->name, "guild1");
  EXPECT_TRUE(cache.channel(10_id));
  EXPECT_EQ(cache.apply(guild_create(1, {channel(10, 1)})).guild_change, GuildChange::BecameAvailable);

  // An unavailable GUILD_DELETE for a guild never seen adds a placeholder.
  GuildDelete unknown;
  unknown.id = 2_id;
  unknown.unavailable = true;
  EXPECT_EQ(cache.apply(unknown).guild_change, GuildChange::AddedUnavailable);
  EXPECT_EQ(cache.stats().guilds.count, 2u);
}

TEST(CacheGuilds, GuildDeleteRemovesEverythingHangingOffIt) {
  Cache cache(with_messages());
  cache.apply(guild_create(1, {channel(10, 1)}, {role(5)}, {member(user(100)), member(user(101))}));
  cache.apply(guild_create(2, {channel(20, 2)}, {}, {member(user(101))}));
  cache.apply(MessageCreate{.message = cache_test::message(900, 10, user(100))});
  ASSERT_EQ(cache.stats().messages.count, 1u);

  GuildDelete left;
  left.id = 1_id;
  const CacheUpdate u = cache.apply(left);
  EXPECT_EQ(u.guild_change, GuildChange::Removed);
  ASSERT_TRUE(u.before_as<Guild>());
  EXPECT_EQ(u.before_as<Guild>()->channels.size(), 1u);
  EXPECT_EQ(u.before_as<Guild>()->roles.size(), 1u);

  EXPECT_FALSE(cache.guild(1_id));
  EXPECT_FALSE(cache.channel(10_id));
  EXPECT_FALSE(cache.member(1_id, 100_id));
  EXPECT_FALSE(cache.user(100_id)) << "no member references user 100 any more";
  EXPECT_TRUE(cache.user(101_id)) << "still a member of guild 2";
  const CacheStats st = cache.stats();
  EXPECT_EQ(st.guilds.count, 1u);
  EXPECT_EQ(st.channels.count, 1u);
  EXPECT_EQ(st.members.count, 1u);
  EXPECT_EQ(st.users.count, 1u);
  EXPECT_EQ(st.messages.count, 0u);
  EXPECT_EQ(st.roles.count, 0u);
}

TEST(CacheGuilds, GuildUpdateReplacesPropertiesAndKeepsCollections) {
  Cache cache;
  cache.apply(guild_create(1, {channel(10, 1)}, {role(5)}));
  GuildUpdate up;
  up.guild.id = 1_id;
  up.guild.name = "renamed";
  up.guild.owner_id = 2_id;
  const CacheUpdate u = cache.apply(up);
  ASSERT_TRUE(u.before_as<Guild>());
  EXPECT_EQ(u.before_as<Guild>()->name, "guild1");
  EXPECT_TRUE(u.before_as<Guild>()->roles.empty()) << "the before value is properties only";
  auto g = cache.guild(1_id);
  EXPECT_EQ(g->name, "renamed");
  EXPECT_EQ(g->owner_id, 2_id);
  EXPECT_EQ(g->roles.size(), 1u);
  EXPECT_EQ(g->channels.size(), 1u);
  EXPECT_EQ(g->member_count, 0) << "counts are kept when the update has none";
}

TEST(CacheGuilds, RolesCreateUpdateBulkDelete) {
  Cache cache;
  cache.apply(guild_create(1, {}, {role(1, "@everyone", 0)}, {member(user(100), {5_id, 6_id})}));
  cache.apply(GuildRoleCreate{1_id, role(5, "mods")});
  cache.apply(GuildRoleCreate{1_id, role(6, "admins")});
  const CacheUpdate up = cache.apply(GuildRoleUpdate{1_id, role(5, "moderators")});
  ASSERT_TRUE(up.before_as<Role>());
  EXPECT_EQ(up.before_as<Role>()->name, "mods");
  EXPECT_EQ(cache.role(1_id, 5_id)->name, "moderators");

  const CacheUpdate bulk = cache.apply(GuildRoleUpdateBulk{1_id, {role(5, "m", 3), role(6, "a", 2)}});
  ASSERT_TRUE(bulk.before_as<std::vector<Role>>());
  EXPECT_EQ(bulk.before_as<std::vector<Role>>()->size(), 2u);
  EXPECT_EQ(cache.role(1_id, 6_id)->position, 2);

  const CacheUpdate del = cache.apply(GuildRoleDelete{1_id, 5_id});
  ASSERT_TRUE(del.before_as<Role>());
  EXPECT_EQ(del.before_as<Role>()->name, "m");
  EXPECT_FALSE(cache.role(1_id, 5_id));
  EXPECT_EQ(cache.roles(1_id).size(), 2u);
  EXPECT_EQ(cache.member(1_id, 100_id)->roles, std::vector<Snowflake>{6_id}) << "members lose a deleted role";
  // Roles of a guild the cache does not hold are ignored.
  cache.apply(GuildRoleCreate{9_id, role(50)});
  EXPECT_FALSE(cache.role(9_id, 50_id));
}

TEST(CacheMembers, AddUpdateRemoveAndCounts) {
  Cache cache;
  cache.apply(guild_create(1));
  GuildMember alice = member(user(100, "alice"), {5_id});
  alice.nick = "Ally";
  EXPECT_FALSE(cache.apply(GuildMemberAdd{1_id, alice}).before_as<GuildMember>());
  EXPECT_EQ(cache.guild(1_id)->member_count, 1);
  EXPECT_EQ(cache.member(1_id, 100_id), alice);

  GuildMember renamed = alice;
  renamed.nick.reset();
  renamed.user->global_name = "Alice";
  const CacheUpdate u = cache.apply(GuildMemberUpdate{1_id, renamed});
  ASSERT_TRUE(u.before_as<GuildMember>());
  EXPECT_EQ(*u.before_as<GuildMember>(), alice);
  EXPECT_EQ(cache.member(1_id, 100_id), renamed);
  EXPECT_EQ(cache.user(100_id)->global_name, "Alice");
  EXPECT_EQ(cache.guild(1_id)->member_count, 1) << "an update is not a join";

  const CacheUpdate r = cache.apply(GuildMemberRemove{1_id, id_only(100)});
  ASSERT_TRUE(r.before_as<GuildMember>());
  EXPECT_EQ(*r.before_as<GuildMember>(), renamed) << "the removed member, with its user";
  EXPECT_FALSE(cache.member(1_id, 100_id));
  EXPECT_FALSE(cache.user(100_id));
  EXPECT_EQ(cache.guild(1_id)->member_count, 0);

  // Members of a guild the cache does not hold are not stored (no orphans).
  cache.apply(GuildMemberAdd{9_id, alice});
  EXPECT_FALSE(cache.user(100_id));
}

TEST(CacheMembers, UsersAreStoredOnceAcrossGuilds) {
  Cache cache;
  for (std::uint64_t g = 1; g <= 3; ++g) cache.apply(guild_create(g, {}, {}, {member(user(100, "alice"))}));
  EXPECT_EQ(cache.stats().users.count, 1u);
  EXPECT_EQ(cache.stats().members.count, 3u);
  cache.apply(GuildMemberUpdate{2_id, member(user(100, "alice2"))});
  EXPECT_EQ(cache.member(1_id, 100_id)->user->username, "alice2") << "one user, seen from every guild";
  cache.apply(GuildMemberRemove{1_id, id_only(100)});
  cache.apply(GuildMemberRemove{2_id, id_only(100)});
  EXPECT_TRUE(cache.user(100_id));
  cache.apply(GuildMemberRemove{3_id, id_only(100)});
  EXPECT_FALSE(cache.user(100_id));
  EXPECT_EQ(cache.stats().users.count, 0u);
}

TEST(CacheMembers, IdOnlyPayloadsNeverOverwriteAUser) {
  Cache cache;
  cache.apply(guild_create(1, {}, {}, {member(user(100, "alice"))}));
  cache.apply(guild_create(2, {}, {}, {member(id_only(100))}));
  EXPECT_EQ(cache.user(100_id)->username, "alice");
  EXPECT_EQ(cache.member(2_id, 100_id)->user->username, "alice");
}

TEST(CacheMembers, ChunkStoresMembersAndPresences) {
  Cache cache;
  cache.apply(guild_create(1));
  GuildMembersChunk chunk;
  chunk.guild_id = 1_id;
  for (std::uint64_t i = 0; i < 50; ++i) chunk.members.push_back(member(user(100 + i)));
  Presence p;
  p.user = id_only(100);
  p.status = PresenceStatus::Dnd;
  p.custom_status = CustomStatus{.text = "busy"};
  chunk.presences.push_back(p);
  Presence stranger;
  stranger.user = id_only(999);
  chunk.presences.push_back(stranger);
  cache.apply(chunk);
  EXPECT_EQ(cache.members(1_id).size(), 50u);
  EXPECT_EQ(cache.guild(1_id)->member_count, 0) << "a chunk does not change the member count";
  auto got = cache.presence(100_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, PresenceStatus::Dnd);
  EXPECT_EQ(got->custom_status->text, "busy");
  EXPECT_EQ(got->guild_id, 1_id);
  EXPECT_EQ(got->user.username, "user100");
  EXPECT_FALSE(cache.presence(999_id)) << "presences are kept for cached users only";
  EXPECT_EQ(cache.stats().presences.count, 1u);
  cache.apply(GuildMemberRemove{1_id, id_only(100)});
  EXPECT_FALSE(cache.presence(100_id)) << "a presence goes with its user";
}

TEST(CacheMembers, MemberWithoutUserIsATypedError) {
  Cache cache;
  cache.apply(guild_create(1));
  GuildMember m;
  m.nick = "ghost";
  const CacheUpdate u = cache.apply(GuildMemberAdd{1_id, m});
  ASSERT_TRUE(u.error);
  EXPECT_EQ(u.error->kind, ErrorKind::Decode);
  EXPECT_EQ(cache.stats().members.count, 0u);
  EXPECT_FALSE(cache.put(m, 1_id));
}

TEST(CacheChannels, CreateUpdateDeleteAndPrivateChannels) {
  Cache cache;
  cache.apply(guild_create(1));
  cache.apply(ChannelCreate{channel(10, 1, "general")});
  EXPECT_EQ(cache.channels(1_id).size(), 1u);
  const CacheUpdate u = cache.apply(ChannelUpdate{channel(10, 1, "chat")});
  ASSERT_TRUE(u.before_as<Channel>());
  EXPECT_EQ(u.before_as<Channel>()->name, "general");
  EXPECT_EQ(cache.channel(10_id)->name, "chat");

  cache.apply(ChannelCreate{channel(20, 9)});
  EXPECT_FALSE(cache.channel(20_id)) << "a channel of an uncached guild would be an orphan";

  Channel dm = channel(30, 0, "");
  dm.name.reset();
  dm.recipients.push_back(user(100));
  cache.apply(ChannelCreate{dm});
  EXPECT_EQ(cache.channel(30_id), dm);
  EXPECT_EQ(cache.private_channels().size(), 1u);
  cache.apply(ChannelRecipientAdd{30_id, user(101)});
  EXPECT_EQ(cache.channel(30_id)->recipients.size(), 2u);
  cache.apply(ChannelRecipientRemove{30_id, id_only(100)});
  ASSERT_EQ(cache.channel(30_id)->recipients.size(), 1u);
  EXPECT_EQ(cache.channel(30_id)->recipients[0].id, 101_id);

  ChannelPinsUpdate pins;
  pins.channel_id = 10_id;
  pins.last_pin_timestamp = Timestamp{std::chrono::microseconds{42}};
  cache.apply(pins);
  EXPECT_EQ(cache.channel(10_id)->last_pin_timestamp, pins.last_pin_timestamp);

  const CacheUpdate d = cache.apply(ChannelDelete{channel(10, 1)});
  ASSERT_TRUE(d.before_as<Channel>());
  EXPECT_FALSE(cache.channel(10_id));
  EXPECT_TRUE(cache.channels(1_id).empty());

  const CacheUpdate bulk = cache.apply(ChannelUpdateBulk{1_id, {channel(11, 1, "a"), channel(12, 1, "b")}});
  EXPECT_FALSE(bulk.before_as<std::vector<Channel>>()) << "both were new";
  EXPECT_EQ(cache.channels(1_id).size(), 2u);
}

TEST(CacheChannels, SnapshotDropsChannelsNoLongerVisible) {
  Cache cache;
  cache.apply(guild_create(1, {channel(10, 1), channel(11, 1)}));
  cache.apply(guild_create(1, {channel(11, 1), channel(12, 1)}));
  EXPECT_FALSE(cache.channel(10_id));
  std::vector<Snowflake> ids;
  for (const auto& c : cache.channels(1_id)) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<Snowflake>{11_id, 12_id}));
  EXPECT_EQ(cache.stats().channels.count, 2u);
}

TEST(CacheMessages, OffByDefault) {
  Cache cache;
  cache.apply(guild_create(1, {channel(10, 1)}));
  cache.apply(MessageCreate{.message = cache_test::message(900, 10, user(100))});
  EXPECT_FALSE(cache.message(10_id, 900_id));
  EXPECT_EQ(cache.stats().messages.count, 0u);
  EXPECT_EQ(cache.channel(10_id)->last_message_id, 900_id) << "the channel still learns its last message";
}

TEST(CacheMessages, CreateUpdateDeleteBulkAndReactions) {
  Cache cache(with_messages());
  cache.put(cache_test::current_user(1));
  cache.apply(guild_create(1, {channel(10, 1)}));
  Message m = cache_test::message(900, 10, user(100, "alice"));
  m.guild_id = 1_id;
  m.member = member(user(100, "alice"));
  m.member->user.reset();
  cache.apply(MessageCreate{.message = m});
  EXPECT_EQ(cache.message(10_id, 900_id), m);
  EXPECT_EQ(cache.member(1_id, 100_id)->user->username, "alice") << "the author's member is cached from the message";
  EXPECT_FALSE(cache.message(11_id, 900_id)) << "wrong channel";

  Message edited = m;
  edited.content = "edited";
  const CacheUpdate u = cache.apply(MessageUpdate{edited});
  ASSERT_TRUE(u.before_as<Message>());
  EXPECT_EQ(u.before_as<Message>()->content, "hello");
  EXPECT_EQ(cache.message(10_id, 900_id)->content, "edited");
  cache.apply(MessageUpdate{cache_test::message(901, 10, user(100))});
  EXPECT_FALSE(cache.message(10_id, 901_id)) << "updates do not add messages";

  MessageReactionAdd add;
  add.channel_id = 10_id;
  add.message_id = 900_id;
  add.user_id = 1_id;
  add.emoji.name = "👍";
  cache.apply(add);
  add.user_id = 100_id;
  cache.apply(add);
  auto reacted = cache.message(10_id, 900_id);
  ASSERT_EQ(reacted->reactions.size(), 1u);
  EXPECT_EQ(reacted->reactions[0].count, 2);
  EXPECT_TRUE(reacted->reactions[0].me);
  MessageReactionRemove rm;
  rm.channel_id = 10_id;
  rm.message_id = 900_id;
  rm.user_id = 1_id;
  rm.emoji.name = "👍";
  cache.apply(rm);
  reacted = cache.message(10_id, 900_id);
  EXPECT_EQ(reacted->reactions[0].count, 1);
  EXPECT_FALSE(reacted->reactions[0].me);
  cache.apply(MessageReactionRemoveAll{10_id, 900_id, std::nullopt});
  EXPECT_TRUE(cache.message(10_id, 900_id)->reactions.empty());

  for (std::uint64_t id = 901; id <= 905; ++id)
    cache.apply(MessageCreate{.message = cache_test::message(id, 10, user(100))});
  std::vector<Snowflake> order;
  for (const auto& msg : cache.messages(10_id)) order.push_back(msg.id);
  EXPECT_EQ(order, (std::vector<Snowflake>{900_id, 901_id, 902_id, 903_id, 904_id, 905_id}));

  MessageDelete del;
  del.id = 900_id;
  del.channel_id = 10_id;
  const CacheUpdate d = cache.apply(del);
  ASSERT_TRUE(d.before_as<Message>());
  EXPECT_EQ(d.before_as<Message>()->content, "edited");
  const CacheUpdate b = cache.apply(MessageDeleteBulk{{901_id, 903_id, 999_id}, 10_id, std::nullopt});
  ASSERT_TRUE(b.before_as<std::vector<Message>>());
  EXPECT_EQ(b.before_as<std::vector<Message>>()->size(), 2u);
  EXPECT_EQ(cache.messages(10_id).size(), 3u);

  cache.apply(ChannelDelete{channel(10, 1)});
  EXPECT_EQ(cache.stats().messages.count, 0u) << "messages go with their channel";
}

TEST(CacheUsers, ReadyAndUserUpdateKeepTheCurrentUser) {
  Cache cache;
  Ready r;
  r.user = cache_test::current_user(1);
  r.private_channels.push_back(channel(30, 0));
  cache.apply(r);
  EXPECT_EQ(cache.current_user(), r.user);
  EXPECT_EQ(cache.user(1_id)->username, "bot");
  EXPECT_TRUE(cache.channel(30_id));

  UserUpdate up;
  up.user = r.user;
  up.user.username = "renamed";
  const CacheUpdate u = cache.apply(up);
  ASSERT_TRUE(u.before_as<CurrentUser>());
  EXPECT_EQ(u.before_as<CurrentUser>()->username, "bot");
  EXPECT_EQ(cache.user(1_id)->username, "renamed");

  // The bot's own member in the burst is id-only; the pinned user keeps its data, and stays
  // when the bot leaves.
  cache.apply(guild_create(5, {}, {}, {member(id_only(1))}));
  EXPECT_EQ(cache.member(5_id, 1_id)->user->username, "renamed");
  GuildDelete left;
  left.id = 5_id;
  cache.apply(left);
  EXPECT_TRUE(cache.user(1_id));
}

TEST(CacheUsers, LooseUsersStayUntilReferencedAndReleased) {
  Cache cache;
  cache.put(user(100, "fetched"));
  EXPECT_EQ(cache.user(100_id)->username, "fetched");
  cache.put(id_only(100));
  EXPECT_EQ(cache.user(100_id)->username, "fetched") << "an id-only put changes nothing";
  cache.apply(guild_create(1, {}, {}, {member(id_only(100))}));
  cache.apply(GuildMemberRemove{1_id, id_only(100)});
  EXPECT_FALSE(cache.user(100_id)) << "the last member reference took it";
}

TEST(CacheVoice, StatesPerConnection) {
  Cache cache;
  cache.apply(guild_create(1, {channel(10, 1)}));
  VoiceState v;
  v.guild_id = 1_id;
  v.channel_id = 10_id;
  v.user_id = 100_id;
  v.connection_id = "a";
  v.member = member(user(100));
  cache.apply(VoiceStateUpdate{v});
  VoiceState second = v;
  second.connection_id = "b";
  second.self_mute = true;
  cache.apply(VoiceStateUpdate{second});
  auto states = cache.voice_states(1_id);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0], v) << "the member comes back from the member store";
  EXPECT_TRUE(cache.member(1_id, 100_id));

  VoiceState muted = v;
  muted.self_mute = true;
  const CacheUpdate u = cache.apply(VoiceStateUpdate{muted});
  ASSERT_TRUE(u.before_as<VoiceState>());
  EXPECT_FALSE(u.before_as<VoiceState>()->self_mute);

  VoiceState left = v;
  left.channel_id.reset();
  cache.apply(VoiceStateUpdate{left});
  states = cache.voice_states(1_id);
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].connection_id, "b");
}

TEST(CacheGuilds, EmojiAndStickerListsAreReplacedWhole) {
  Cache cache;
  cache.apply(guild_create(1));
  cache.apply(GuildEmojisUpdate{
      1_id, {Emoji{Snowflake{1}, "a", false, std::nullopt}, Emoji{Snowflake{2}, "b", true, std::nullopt}}});
  EXPECT_EQ(cache.emojis(1_id).size(), 2u);
  const CacheUpdate u = cache.apply(GuildEmojisUpdate{1_id, {Emoji{Snowflake{2}, "b", true, std::nullopt}}});
  ASSERT_TRUE(u.before_as<std::vector<Emoji>>());
  EXPECT_EQ(u.before_as<std::vector<Emoji>>()->size(), 2u);
  EXPECT_EQ(cache.emojis(1_id).size(), 1u);
  cache.apply(GuildStickersUpdate{1_id, {Sticker{.id = Snowflake{3}, .name = "s"}}});
  EXPECT_EQ(cache.stickers(1_id).size(), 1u);
  EXPECT_EQ(cache.stats().emojis.count, 1u);
  EXPECT_EQ(cache.stats().stickers.count, 1u);
}

TEST(CacheRest, PutGuildReplacesOnlyTheCollectionsItCarries) {
  Cache cache;
  cache.apply(guild_create(1, {channel(10, 1)}, {role(5)}));
  Guild rest;
  rest.id = 1_id;
  rest.name = "from rest";
  rest.roles = {role(6)};
  cache.put(rest);
  auto g = cache.guild(1_id);
  EXPECT_EQ(g->name, "from rest");
  ASSERT_EQ(g->roles.size(), 1u);
  EXPECT_EQ(g->roles[0].id, 6_id);
  EXPECT_EQ(g->channels.size(), 1u) << "[A] REST guilds carry no channels: keep them";
  cache.put(channel(11, 1));
  cache.put(role(7), 1_id);
  cache.put(member(user(100)), 1_id);
  EXPECT_EQ(cache.channels(1_id).size(), 2u);
  EXPECT_EQ(cache.roles(1_id).size(), 2u);
  EXPECT_TRUE(cache.member(1_id, 100_id));
  EXPECT_FALSE(cache.put(member(user(101)), 9_id)) << "unknown guild";
}

TEST(CacheStats, CountsAndBytesFollowTheContent) {
  Cache cache(with_messages());
  EXPECT_EQ(cache.stats().total_bytes(), 0u);
  cache.apply(guild_create(1, {channel(10, 1)}, {role(5)}, {member(user(100))}));
  cache.apply(MessageCreate{.message = cache_test::message(900, 10, user(100))});
  const CacheStats st = cache.stats();
  EXPECT_EQ(st.guilds.count, 1u);
  EXPECT_EQ(st.channels.count, 1u);
  EXPECT_EQ(st.roles.count, 1u);
  EXPECT_EQ(st.members.count, 1u);
  EXPECT_EQ(st.users.count, 1u);
  EXPECT_EQ(st.messages.count, 1u);
  EXPECT_GT(st.guilds.bytes, 0u);
  EXPECT_GT(st.members.bytes, 0u);
  EXPECT_GT(st.users.bytes, 0u);
  EXPECT_GT(st.messages.bytes, 0u);
  cache.clear();
  EXPECT_EQ(cache.stats().total_bytes(), 0u);
  EXPECT_FALSE(cache.guild(1_id));
  EXPECT_FALSE(cache.current_user());
}

TEST(CacheValues, CopiesStayValidAfterTheCacheChanges) {
  Cache cache;
  cache.apply(guild_create(1, {channel(10, 1)}, {}, {member(user(100, "alice"))}));
  const auto m = cache.member(1_id, 100_id);
  const auto g = cache.guild(1_id);
  GuildDelete left;
  left.id = 1_id;
  cache.apply(left);
  EXPECT_EQ(m->user->username, "alice");
  EXPECT_EQ(g->channels.size(), 1u);
}

}  // namespace
