// The cache's storage pieces on their own: chunk geometry, slabs, the handle index (against
// std::unordered_map), string packs, the packed form of every model type, the compact user
// and member entries.

#include <map>
#include <unordered_map>
#include <unordered_set>

#include <gtest/gtest.h>

#include "cache/chunked_storage.hpp"
#include "cache/fifo.hpp"
#include "cache/handle_index.hpp"
#include "cache/pack.hpp"
#include "cache/role_lists.hpp"
#include "cache/slab.hpp"
#include "cache/stored_member.hpp"
#include "cache/stored_role.hpp"
#include "cache/stored_user.hpp"
#include "cache/stores.hpp"
#include "cache/string_pack.hpp"
#include "cache_test_util.hpp"

namespace {

using namespace fluxer;
using namespace fluxer::cache_detail;

TEST(ChunkGeometry, EveryHandleHasItsOwnSlot) {
  std::uint32_t expected_chunk = 0;
  std::uint32_t expected_off = 0;
  for (std::uint32_t h = 0; h < 40'000; ++h) {
    const auto [c, off] = ChunkGeometry::locate(h);
    ASSERT_EQ(c, expected_chunk) << h;
    ASSERT_EQ(off, expected_off) << h;
    if (++expected_off == ChunkGeometry::chunk_size(expected_chunk)) {
      ++expected_chunk;
      expected_off = 0;
    }
  }
}

TEST(Slab, ReusesHandlesAndReleasesMemoryWhenEmpty) {
  Slab<std::string> slab;
  std::vector<std::uint32_t> handles;
  for (int i = 0; i < 100; ++i) handles.push_back(slab.emplace("value number " + std::to_string(i)));
  EXPECT_EQ(slab.size(), 100u);
  const std::string* stable = &slab[handles[5]];
  for (int i = 100; i < 5000; ++i) slab.emplace("more " + std::to_string(i));
  EXPECT_EQ(stable, &slab[handles[5]]) << "entries never move";
  EXPECT_EQ(slab[handles[5]], "value number 5");
  slab.erase(handles[7]);
  EXPECT_FALSE(slab.live(handles[7]));
  EXPECT_EQ(slab.emplace("again"), handles[7]);
  std::size_t seen = 0;
  slab.for_each([&](std::uint32_t, std::string&) { ++seen; });
  EXPECT_EQ(seen, slab.size());
  std::vector<std::uint32_t> all;
  slab.for_each([&](std::uint32_t h, std::string&) { all.push_back(h); });
  for (auto h : all) slab.erase(h);
  EXPECT_EQ(slab.size(), 0u);
  EXPECT_EQ(slab.heap_bytes(), 0u);
}

TEST(HandleIndex, BehavesLikeAMapUnderRandomInsertsAndErases) {
  // Keys live in a vector indexed by handle, as in a slab.
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> free_handles;
  HandleIndex index;
  std::unordered_map<std::uint64_t, std::uint32_t> reference;
  auto hash_of = [&](std::uint32_t h) { return hash_id(keys[h]); };
  cache_test::Gen gen(7);
  for (int step = 0; step < 200'000; ++step) {
    const std::uint64_t key = 1 + gen.below(step < 100'000 ? 5'000 : 300);  // grow, then shrink
    const std::uint32_t found = index.find(hash_id(key), [&](std::uint32_t h) { return keys[h] == key; });
    auto it = reference.find(key);
    ASSERT_EQ(found != kNoHandle, it != reference.end()) << "step " << step;
    if (it != reference.end()) {
      ASSERT_EQ(found, it->second);
    }
    if (gen.chance(50)) {
      if (it == reference.end()) {
        std::uint32_t h;
        if (!free_handles.empty()) {
          h = free_handles.back();
          free_handles.pop_back();
          keys[h] = key;
        } else {
          h = static_cast<std::uint32_t>(keys.size());
          keys.push_back(key);
        }
        index.insert(hash_id(key), h, hash_of);
        reference.emplace(key, h);
      }
    } else if (it != reference.end()) {
      const std::uint32_t h = it->second;
      ASSERT_TRUE(index.erase(
          hash_id(key), [&](std::uint32_t x) { return x == h; }, hash_of));
      free_handles.push_back(h);
      reference.erase(it);
    }
    ASSERT_EQ(index.size(), reference.size());
  }
  std::unordered_set<std::uint32_t> listed;
  index.for_each([&](std::uint32_t h) { listed.insert(h); });
  EXPECT_EQ(listed.size(), reference.size());
  // Capacity follows the size down: at most 8 buckets per entry (plus the minimum).
  EXPECT_LE(index.heap_bytes(), (reference.size() * 8 + 16) * 5);
}

TEST(Fifo, KeepsInsertionOrderAndTheHeadSequence) {
  Fifo f;
  EXPECT_EQ(f.head_seq(), Fifo::kEmpty);
  f.push_back(3, 10);
  f.push_back(1, 11);
  f.push_back(7, 12);
  EXPECT_EQ(f.head(), 3u);
  EXPECT_EQ(f.head_seq(), 10u);
  f.unlink(1);
  EXPECT_EQ(f.next(3), 7u);
  f.unlink(3);
  EXPECT_EQ(f.head(), 7u);
  EXPECT_EQ(f.head_seq(), 12u);
  f.unlink(7);
  EXPECT_EQ(f.head_seq(), Fifo::kEmpty);
  EXPECT_EQ(f.heap_bytes(), 0u);
}

TEST(StringPack, RoundTripsInlineAndOnTheHeap) {
  StringPack p;
  EXPECT_EQ(p.get(0), std::nullopt);
  p.assign({std::string_view("alice"), std::nullopt});
  EXPECT_EQ(p.get(0), "alice");
  EXPECT_EQ(p.get(1), std::nullopt);
  EXPECT_EQ(p.heap_bytes(), 0u);
  p.assign({std::string_view("alice_in_wonderland"), std::string_view("Alice")});
  EXPECT_EQ(p.get(0), "alice_in_wonderland");
  EXPECT_EQ(p.get(1), "Alice");
  EXPECT_GT(p.heap_bytes(), 0u);
  const std::string long_text(1000, 'x');
  p.assign({std::nullopt, std::string_view(""), std::string_view(long_text)});
  EXPECT_EQ(p.get(0), std::nullopt);
  EXPECT_EQ(p.get(1), "");
  EXPECT_EQ(p.get(2), long_text);
  StringPack moved = std::move(p);
  EXPECT_EQ(moved.get(2), long_text);
  EXPECT_EQ(p.get(2), std::nullopt);
}

template <class T>
void expect_round_trip(const T& value) {
  const std::string bytes = pack(value);
  T back{};
  ASSERT_TRUE(unpack(bytes, back));
  EXPECT_EQ(back, value);
  // Truncated input is refused, never read past its end.
  for (std::size_t n = 0; n < bytes.size(); n += 1 + bytes.size() / 50) {
    T partial{};
    EXPECT_FALSE(unpack(std::string_view(bytes).substr(0, n), partial)) << n;
  }
}

TEST(Pack, EveryModelTypeRoundTrips) {
  cache_test::Gen gen(11);
  for (int i = 0; i < 200; ++i) {
    expect_round_trip(gen.user(1 + i));
    expect_round_trip(gen.member(gen.user(1 + i), {Snowflake{5}, Snowflake{6}}));
    expect_round_trip(gen.channel(100 + i, i % 2 ? 9 : 0));
    expect_round_trip(gen.emoji(700 + i));
    expect_round_trip(std::vector<Emoji>{gen.emoji(1), gen.emoji(2)});
    expect_round_trip(std::vector<Sticker>{gen.sticker(1), gen.sticker(2)});
    expect_round_trip(gen.message(1000 + i, 100, 9, gen.user(5)));
  }
  Guild g;
  g.id = Snowflake{9};
  g.name = "guild";
  g.icon = "a_" + gen.hex(32);
  g.banner_width = 10;
  g.afk_timeout = std::chrono::seconds{300};
  g.features = {"BANNER", "VANITY_URL"};
  g.permissions = Permissions{8};
  g.content_warning_text = "cw";
  expect_round_trip(g);
  VoiceState v;
  v.guild_id = Snowflake{9};
  v.channel_id = Snowflake{10};
  v.user_id = Snowflake{11};
  v.connection_id = "conn";
  v.viewer_stream_keys = {"a", "b"};
  v.version = -5;
  v.member = gen.member(gen.user(11), {});
  expect_round_trip(v);
  CustomStatus cs;
  cs.text = "busy";
  cs.expires_at = gen.time();
  cs.emoji_id = Snowflake{3};
  cs.emoji_animated = true;
  expect_round_trip(cs);
}

TEST(Pack, GuildKeepsOnlyItsProperties) {
  Guild g;
  g.id = Snowflake{9};
  g.name = "guild";
  g.roles.push_back(cache_test::role(1));
  g.member_count = 5;
  Guild back;
  ASSERT_TRUE(unpack(pack(g), back));
  EXPECT_EQ(back.name, "guild");
  EXPECT_TRUE(back.roles.empty());
  EXPECT_FALSE(back.member_count);
}

TEST(UserEntry, IsOneCacheLineAndRoundTripsEveryShape) {
  cache_test::Gen gen(3);
  for (int i = 0; i < 2000; ++i) {
    const User u = gen.user(1 + i);
    UserEntry e;
    e.assign(u);
    EXPECT_EQ(e.to_user(), u);
  }
  UserEntry e;
  User u = cache_test::user(5, "alice");
  u.avatar = "a_0123456789abcdef0123456789abcdef";
  e.assign(u);
  EXPECT_EQ(e.heap_bytes(), 0u) << "short name and a packed hash: nothing on the heap";
  EXPECT_EQ(e.to_user(), u);
  e.assign(cache_test::id_only(5));
  EXPECT_TRUE(e.id_only());
  EXPECT_EQ(e.to_user(), cache_test::id_only(5));
}

TEST(UserEntry, IdOnlyDetection) {
  EXPECT_TRUE(is_id_only(cache_test::id_only(5)));
  EXPECT_FALSE(is_id_only(cache_test::user(5)));
  User u = cache_test::id_only(5);
  u.bot = true;
  EXPECT_FALSE(is_id_only(u));
}

TEST(MemberEntry, RoundTripsEveryField) {
  cache_test::Gen gen(5);
  for (int i = 0; i < 2000; ++i) {
    GuildMember m = gen.member(gen.user(1 + i), {Snowflake{1}, Snowflake{2}, Snowflake{3}});
    MemberEntry e;
    e.assign(m, 77);
    EXPECT_EQ(e.guild_handle(), 77u);
    GuildMember back = e.to_member(m.roles);
    back.user = m.user;
    EXPECT_EQ(back, m);
  }
}

TEST(RoleEntry, RoundTrips) {
  cache_test::Gen gen(9);
  for (int i = 0; i < 500; ++i) {
    const Role r = gen.role(1 + i);
    RoleEntry e;
    e.assign(r);
    EXPECT_EQ(e.to_role(), r);
  }
}

TEST(RoleLists, InternsSharesAndFrees) {
  RoleLists lists;
  const std::vector<Snowflake> a{Snowflake{1}, Snowflake{2}};
  const std::vector<Snowflake> b{Snowflake{2}, Snowflake{1}};
  EXPECT_EQ(lists.acquire({}), 0u);
  const auto ra = lists.acquire(a);
  EXPECT_EQ(lists.acquire(a), ra) << "same list, same reference";
  const auto rb = lists.acquire(b);
  EXPECT_NE(ra, rb) << "order is kept, so a different order is a different list";
  EXPECT_EQ(lists.ids(ra), a);
  EXPECT_EQ(lists.size(), 2u);
  lists.remove_role(Snowflake{1});
  EXPECT_EQ(lists.ids(ra), std::vector<Snowflake>{Snowflake{2}});
  EXPECT_EQ(lists.ids(rb), std::vector<Snowflake>{Snowflake{2}});
  lists.release(ra);
  lists.release(ra);
  lists.release(rb);
  EXPECT_EQ(lists.size(), 0u);
  EXPECT_EQ(lists.heap_bytes(), 0u);
}

}  // namespace
