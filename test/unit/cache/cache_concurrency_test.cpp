// Several strands applying events (one per simulated gateway shard, sharing users) while
// readers read; afterwards the cache must be consistent: counts match contents, limits
// hold, every member has its user and every user is referenced. Meant to run under
// ThreadSanitizer too (meson setup -Db_sanitize=thread).

#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include <fluxer/cache/cache.hpp>

#include "cache_test_util.hpp"

namespace {

using namespace fluxer;

void writer(Cache& cache, int strand, std::atomic<int>& done) {
  cache_test::Gen gen(100 + static_cast<std::uint64_t>(strand));
  const std::uint64_t first_guild = 1 + static_cast<std::uint64_t>(strand) * 10;
  std::uint64_t next_message = 1'000'000 * (static_cast<std::uint64_t>(strand) + 1);
  for (int i = 0; i < 3000; ++i) {
    const std::uint64_t g = first_guild + gen.below(10);
    const std::uint64_t u = 10'000 + gen.below(400);  // shared by every strand
    switch (gen.below(8)) {
      case 0:
        cache.apply(cache_test::guild_create(g, {cache_test::channel(g * 100 + 1, g)}, {cache_test::role(g * 1000)}));
        break;
      case 1:
      case 2:
      case 3: cache.apply(GuildMemberAdd{Snowflake{g}, gen.member(gen.user(u), {Snowflake{g * 1000}})}); break;
      case 4: cache.apply(GuildMemberRemove{Snowflake{g}, cache_test::id_only(u)}); break;
      case 5: {
        Message m = gen.message(next_message++, g * 100 + 1, g, gen.user(u));
        m.member = gen.member(cache_test::id_only(u), {});
        m.member->user.reset();
        cache.apply(MessageCreate{.message = m});
        break;
      }
      case 6: {
        GuildDelete d;
        d.id = Snowflake{g};
        d.unavailable = gen.chance(50);
        cache.apply(d);
        break;
      }
      default: cache.apply(GuildRoleDelete{Snowflake{g}, Snowflake{g * 1000}}); break;
    }
  }
  done.fetch_add(1);
}

TEST(CacheConcurrency, StrandsWriteWhileHandlersRead) {
  CacheOptions o;
  o.shards = 4;
  o.guilds = 30;
  o.members = 1500;
  o.users = 300;
  o.messages = 500;
  Cache cache(o);
  constexpr int kWriters = 4;
  std::atomic<int> done{0};
  std::atomic<std::size_t> reads{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) threads.emplace_back(writer, std::ref(cache), w, std::ref(done));
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&, r] {
      cache_test::Gen gen(7 + static_cast<std::uint64_t>(r));
      while (done.load() < kWriters) {
        const Snowflake g{1 + gen.below(40)};
        if (auto m = cache.member(g, Snowflake{10'000 + gen.below(400)})) {
          EXPECT_TRUE(m->user.has_value());
        }
        for (const auto& m : cache.members(g)) EXPECT_TRUE(m.user && !m.user->id.empty());
        (void)cache.guild(g);
        (void)cache.messages(Snowflake{g.value() * 100 + 1});
        if (gen.chance(5)) (void)cache.stats();
        reads.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GT(reads.load(), 0u);

  const CacheStats st = cache.stats();
  EXPECT_LE(st.guilds.count, 30u);
  EXPECT_LE(st.members.count, 1500u);
  EXPECT_LE(st.users.count, 300u);
  EXPECT_LE(st.messages.count, 500u);
  EXPECT_EQ(cache.guild_ids().size(), st.guilds.count);
  std::size_t members = 0;
  std::set<Snowflake> referenced;
  for (Snowflake g : cache.guild_ids()) {
    for (const auto& m : cache.members(g)) {
      ++members;
      referenced.insert(m.user_id());
      EXPECT_TRUE(cache.user(m.user_id())) << "a member without its user";
    }
  }
  EXPECT_EQ(members, st.members.count);
  EXPECT_EQ(referenced.size(), st.users.count) << "every user is referenced by a member (no put() here)";
}

}  // namespace
