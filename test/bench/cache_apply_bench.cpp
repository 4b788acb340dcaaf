// Cost of Cache::apply for GUILD_MEMBER_ADD and MESSAGE_CREATE, and of a member lookup,
// single-threaded and with concurrent readers; each beside a baseline measured in the same
// run: the same work on model values in a std::unordered_map behind one std::shared_mutex
// (what a straightforward cache would do).
//
//   BM_member_add/cache         apply(GuildMemberAdd) into 100 guilds (fresh users)
//   BM_member_add/baseline      copy the GuildMember (with user) into a map
//   BM_message_create/cache     apply(MessageCreate), message cache on (10,000, evicting)
//   BM_message_create/no_store  apply(MessageCreate) with the default options (no message
//                               cache: the author's member and the channel's last id only)
//   BM_message_create/baseline  copy the Message into a map (and erase the oldest)
//   BM_member_lookup/cache      member(guild, user) from 1,000 guilds x 1,000 members
//   BM_member_lookup/baseline   find + copy a GuildMember from the model-value map
//   BM_member_lookup_hot/...    the same over 10 guilds x 100 members (no cache misses)
//   BM_member_lookup/cache_with_writer  lookups while thread 0 applies GUILD_MEMBER_UPDATEs
//   .../threads:N               N threads reading at once (the machine has 2 cores)

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <unordered_map>

#include <benchmark/benchmark.h>

#include <fluxer/cache/cache.hpp>

#include "cache_dataset.hpp"

namespace {

using cache_bench::Dataset;
using namespace fluxer;

constexpr std::uint64_t kAddGuilds = 100;
constexpr std::size_t kEvents = 200'000;

/// Pre-built events (as the DispatchEvent the gateway hands over), so that neither
/// generating them nor converting them is measured.
const std::vector<DispatchEvent>& member_adds() {
  static const auto events = [] {
    Dataset data(3);
    std::vector<DispatchEvent> v;
    v.reserve(kEvents);
    for (std::size_t i = 0; i < kEvents; ++i) {
      const std::uint64_t g = i % kAddGuilds;
      v.push_back(GuildMemberAdd{Dataset::guild_id(g), data.member(g, 5'000'000 + i)});
    }
    return v;
  }();
  return events;
}

const std::vector<DispatchEvent>& message_creates() {
  static const auto events = [] {
    Dataset data(4);
    std::vector<DispatchEvent> v;
    v.reserve(kEvents / 4);
    for (std::size_t i = 0; i < kEvents / 4; ++i) {
      auto m = data.message(i % kAddGuilds, 1 + static_cast<int>(i % 19), i);
      m.message.author.id = Dataset::user_id(i % 2000);
      v.push_back(std::move(m));
    }
    return v;
  }();
  return events;
}

void fill_guilds(Cache& cache, Dataset& data, std::uint64_t guilds) {
  for (std::uint64_t g = 0; g < guilds; ++g) {
    GuildCreate s = data.guild(g);
    for (int k = 0; k < Dataset::kChannelsPerGuild; ++k) s.guild.channels.push_back(data.channel(g, k));
    for (int k = 0; k < Dataset::kRolesPerGuild; ++k) s.guild.roles.push_back(data.role(g, k));
    cache.apply(s);
  }
}

void BM_member_add_cache(benchmark::State& state) {
  const auto& events = member_adds();
  auto cache = std::make_unique<Cache>();
  Dataset data;
  fill_guilds(*cache, data, kAddGuilds);
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == events.size()) {
      state.PauseTiming();
      cache = std::make_unique<Cache>();
      fill_guilds(*cache, data, kAddGuilds);
      i = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(cache->apply(events[i++]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_member_add_cache)->Name("BM_member_add/cache");

struct PairHash {
  std::size_t operator()(std::pair<std::uint64_t, std::uint64_t> p) const noexcept {
    return std::hash<Snowflake>{}(Snowflake{p.first * 31 + p.second});
  }
};

void BM_member_add_baseline(benchmark::State& state) {
  const auto& events = member_adds();
  using Map = std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, GuildMember, PairHash>;
  auto map = std::make_unique<Map>();
  std::shared_mutex mutex;
  std::size_t i = 0;
  for (auto _ : state) {
    if (i == events.size()) {
      state.PauseTiming();
      map = std::make_unique<Map>();
      i = 0;
      state.ResumeTiming();
    }
    const auto& e = std::get<GuildMemberAdd>(events[i++]);
    std::unique_lock lock(mutex);
    (*map)[{e.guild_id.value(), e.member.user->id.value()}] = e.member;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_member_add_baseline)->Name("BM_member_add/baseline");

void message_create(benchmark::State& state, std::optional<std::size_t> message_limit) {
  const auto& events = message_creates();
  CacheOptions opts;
  opts.messages = message_limit;
  Cache cache(opts);
  Dataset data;
  fill_guilds(cache, data, kAddGuilds);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cache.apply(events[i], BeforeValues::Skip));
    if (++i == events.size()) i = 0;  // ids repeat: the same messages again (updates in place or re-inserts)
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_message_create_cache(benchmark::State& state) {
  message_create(state, 10'000);
}
BENCHMARK(BM_message_create_cache)->Name("BM_message_create/cache");
void BM_message_create_no_store(benchmark::State& state) {
  message_create(state, std::nullopt);
}
BENCHMARK(BM_message_create_no_store)->Name("BM_message_create/no_store");

void BM_message_create_baseline(benchmark::State& state) {
  const auto& events = message_creates();
  std::unordered_map<std::uint64_t, Message> map;
  std::deque<std::uint64_t> order;
  std::shared_mutex mutex;
  std::size_t i = 0;
  for (auto _ : state) {
    const Message& m = std::get<MessageCreate>(events[i]).message;
    std::unique_lock lock(mutex);
    if (map.insert_or_assign(m.id.value(), m).second) order.push_back(m.id.value());
    if (order.size() > 10'000) {
      map.erase(order.front());
      order.pop_front();
    }
    if (++i == events.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_message_create_baseline)->Name("BM_message_create/baseline");

// ---------------------------------------------------------------- lookups

constexpr std::uint64_t kLookupGuilds = 1000;
constexpr std::uint64_t kLookupMembers = 1000;

Cache& lookup_cache() {
  static Cache* cache = [] {
    auto* c = new Cache();
    Dataset data(5);
    for (std::uint64_t g = 0; g < kLookupGuilds; ++g) {
      c->apply(data.guild(g));
      for (std::uint64_t k = 0; k < kLookupMembers; ++k)
        c->apply(GuildMemberAdd{Dataset::guild_id(g), data.member(g, g * kLookupMembers + k)}, BeforeValues::Skip);
    }
    return c;
  }();
  return *cache;
}

struct NaiveStore {
  std::shared_mutex mutex;
  std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, GuildMember, PairHash> members;
};

NaiveStore& naive_store() {
  static NaiveStore* store = [] {
    auto* s = new NaiveStore();
    Dataset data(5);
    for (std::uint64_t g = 0; g < kLookupGuilds; ++g) {
      (void)data.guild(g);  // same random stream as lookup_cache()
      for (std::uint64_t k = 0; k < kLookupMembers; ++k) {
        GuildMember m = data.member(g, g * kLookupMembers + k);
        s->members[{Dataset::guild_id(g).value(), m.user->id.value()}] = std::move(m);
      }
    }
    return s;
  }();
  return *store;
}

void BM_member_lookup_cache(benchmark::State& state) {
  Cache& cache = lookup_cache();
  std::mt19937_64 rng(static_cast<std::uint64_t>(state.thread_index()) + 1);
  for (auto _ : state) {
    const std::uint64_t g = rng() % kLookupGuilds;
    const std::uint64_t u = g * kLookupMembers + rng() % kLookupMembers;
    auto m = cache.member(Dataset::guild_id(g), Dataset::user_id(u));
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_member_lookup_cache)->Name("BM_member_lookup/cache")->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

void BM_member_lookup_baseline(benchmark::State& state) {
  NaiveStore& store = naive_store();
  std::mt19937_64 rng(static_cast<std::uint64_t>(state.thread_index()) + 1);
  for (auto _ : state) {
    const std::uint64_t g = rng() % kLookupGuilds;
    const std::uint64_t u = g * kLookupMembers + rng() % kLookupMembers;
    std::optional<GuildMember> m;
    {
      std::shared_lock lock(store.mutex);
      auto it = store.members.find({Dataset::guild_id(g).value(), Dataset::user_id(u).value()});
      if (it != store.members.end()) m = it->second;
    }
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_member_lookup_baseline)
    ->Name("BM_member_lookup/baseline")
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->UseRealTime();

/// The same lookups over a hot set (10 guilds x 100 members, which stays in the CPU
/// caches): the work of a lookup without the memory misses of a cold one.
void BM_member_lookup_hot_cache(benchmark::State& state) {
  Cache& cache = lookup_cache();
  std::mt19937_64 rng(static_cast<std::uint64_t>(state.thread_index()) + 1);
  for (auto _ : state) {
    const std::uint64_t g = rng() % 10;
    const std::uint64_t u = g * kLookupMembers + rng() % 100;
    auto m = cache.member(Dataset::guild_id(g), Dataset::user_id(u));
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_member_lookup_hot_cache)->Name("BM_member_lookup_hot/cache")->Threads(1)->Threads(2)->UseRealTime();

void BM_member_lookup_hot_baseline(benchmark::State& state) {
  NaiveStore& store = naive_store();
  std::mt19937_64 rng(static_cast<std::uint64_t>(state.thread_index()) + 1);
  for (auto _ : state) {
    const std::uint64_t g = rng() % 10;
    const std::uint64_t u = g * kLookupMembers + rng() % 100;
    std::optional<GuildMember> m;
    {
      std::shared_lock lock(store.mutex);
      auto it = store.members.find({Dataset::guild_id(g).value(), Dataset::user_id(u).value()});
      if (it != store.members.end()) m = it->second;
    }
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_member_lookup_hot_baseline)->Name("BM_member_lookup_hot/baseline")->Threads(1)->Threads(2)->UseRealTime();

/// Lookups while a writer applies GUILD_MEMBER_UPDATEs to the same guilds.
void BM_member_lookup_with_writer(benchmark::State& state) {
  Cache& cache = lookup_cache();
  if (state.thread_index() == 0) {
    // Thread 0 writes; the others read.
    Dataset data(9);
    std::uint64_t n = 0;
    for (auto _ : state) {
      const std::uint64_t g = n % kLookupGuilds;
      cache.apply(GuildMemberUpdate{Dataset::guild_id(g),
                                    data.member(g, g * kLookupMembers + (n / kLookupGuilds) % kLookupMembers)},
                  BeforeValues::Skip);
      ++n;
    }
    state.SetLabel("thread 0 writes GUILD_MEMBER_UPDATE");
    return;
  }
  std::mt19937_64 rng(static_cast<std::uint64_t>(state.thread_index()) + 1);
  for (auto _ : state) {
    const std::uint64_t g = rng() % kLookupGuilds;
    const std::uint64_t u = g * kLookupMembers + rng() % kLookupMembers;
    auto m = cache.member(Dataset::guild_id(g), Dataset::user_id(u));
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_member_lookup_with_writer)
    ->Name("BM_member_lookup/cache_with_writer")
    ->Threads(2)
    ->Threads(3)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
