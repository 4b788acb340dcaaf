// Heap bytes per cached guild, channel, role, member (with its user) and message, counted by
// replacing the global operator new/delete in this program (not RSS): every live block is
// counted at malloc_usable_size() plus glibc's 8-byte chunk header.
//
//   fluxer-bench-cache-memory [--guilds N] [--members-per-guild M] [--messages K]
//
// Defaults: 1,000 guilds x 1,000 members (1,000,000 members), 20 channels and 10 roles per
// guild, 100,000 messages. Two member scenarios: every member a distinct user (the worst
// case per member), and every user a member of two guilds (users counted once). The
// baseline, measured in the same run, holds the same members as model values
// (`GuildMember` with its `User`) in per-guild std::unordered_maps, as a straightforward
// cache of wire-shaped structs would. Target: <= 150 bytes per member including its user.

#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <unordered_map>

#include <fluxer/cache/cache.hpp>

#include "cache_dataset.hpp"

// ---------------------------------------------------------------- counting allocator

namespace {
std::atomic<long long> g_live_bytes{0};
std::atomic<long long> g_live_blocks{0};
constexpr long long kChunkHeader = 8;  // glibc: one size word per chunk

void* counted(void* p) {
  if (!p) throw std::bad_alloc();
  g_live_bytes.fetch_add(static_cast<long long>(malloc_usable_size(p)) + kChunkHeader, std::memory_order_relaxed);
  g_live_blocks.fetch_add(1, std::memory_order_relaxed);
  return p;
}
void uncounted(void* p) noexcept {
  if (!p) return;
  g_live_bytes.fetch_sub(static_cast<long long>(malloc_usable_size(p)) + kChunkHeader, std::memory_order_relaxed);
  g_live_blocks.fetch_sub(1, std::memory_order_relaxed);
  std::free(p);
}
void* aligned(std::size_t n, std::align_val_t a) {
  void* p = nullptr;
  if (posix_memalign(&p, std::max(sizeof(void*), static_cast<std::size_t>(a)), n ? n : 1) != 0) p = nullptr;
  return counted(p);
}
}  // namespace

void* operator new(std::size_t n) {
  return counted(std::malloc(n ? n : 1));
}
void* operator new[](std::size_t n) {
  return counted(std::malloc(n ? n : 1));
}
void* operator new(std::size_t n, std::align_val_t a) {
  return aligned(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return aligned(n, a);
}
void operator delete(void* p) noexcept {
  uncounted(p);
}
void operator delete[](void* p) noexcept {
  uncounted(p);
}
void operator delete(void* p, std::size_t) noexcept {
  uncounted(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  uncounted(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  uncounted(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  uncounted(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  uncounted(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  uncounted(p);
}

// ---------------------------------------------------------------- measurement

namespace {

using cache_bench::Dataset;

long long live() {
  return g_live_bytes.load();
}

struct Options {
  std::uint64_t guilds = 1000;
  std::uint64_t members_per_guild = 1000;
  std::uint64_t messages = 100'000;
};

void row(const char* what, long long bytes, std::uint64_t n, std::size_t own_bytes) {
  std::printf("%-44s %10llu %14lld %10.1f %16.1f\n", what, static_cast<unsigned long long>(n), bytes,
              n ? static_cast<double>(bytes) / static_cast<double>(n) : 0.0,
              n ? static_cast<double>(own_bytes) / static_cast<double>(n) : 0.0);
}

/// Per-member cost of a cache holding `guilds` x `per_guild` members whose users are
/// `user_of(g, k)`; returns {bytes per member, distinct users}.
template <class UserOf>
double members_scenario(const Options& o, const char* label, UserOf user_of, double* own_per_member) {
  fluxer::Cache cache;
  Dataset data(7);
  for (std::uint64_t g = 0; g < o.guilds; ++g) cache.apply(data.guild(g));
  const long long before = live();
  const fluxer::CacheStats st0 = cache.stats();
  for (std::uint64_t g = 0; g < o.guilds; ++g)
    for (std::uint64_t k = 0; k < o.members_per_guild; ++k)
      cache.apply(fluxer::GuildMemberAdd{Dataset::guild_id(g), data.member(g, user_of(g, k))},
                  fluxer::BeforeValues::Skip);
  const long long bytes = live() - before;
  const fluxer::CacheStats st = cache.stats();
  const std::size_t own = (st.members.bytes + st.users.bytes) - (st0.members.bytes + st0.users.bytes);
  const std::uint64_t n = o.guilds * o.members_per_guild;
  char what[128];
  std::snprintf(what, sizeof what, "member incl. user, %s (%zu users)", label, st.users.count);
  row(what, bytes, n, own);
  *own_per_member = static_cast<double>(own) / static_cast<double>(n);
  return static_cast<double>(bytes) / static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const auto v = std::strtoull(argv[i + 1], nullptr, 10);
    if (a == "--guilds")
      o.guilds = v;
    else if (a == "--members-per-guild")
      o.members_per_guild = v;
    else if (a == "--messages")
      o.messages = v;
  }
  std::printf("fluxer cache memory: %llu guilds x %llu members, %d channels and %d roles per guild, %llu messages\n",
              static_cast<unsigned long long>(o.guilds), static_cast<unsigned long long>(o.members_per_guild),
              Dataset::kChannelsPerGuild, Dataset::kRolesPerGuild, static_cast<unsigned long long>(o.messages));
  std::printf("(heap = malloc_usable_size + 8 per live block; own = Cache::stats() accounting, requested bytes)\n\n");
  std::printf("%-44s %10s %14s %10s %16s\n", "entry", "count", "heap bytes", "bytes/entry", "own bytes/entry");

  double member_distinct = 0;
  double member_shared = 0;
  double own_distinct = 0;
  double own_shared = 0;
  {
    fluxer::CacheOptions opts;
    opts.messages = o.messages;
    fluxer::Cache cache(opts);
    Dataset data;
    const long long base = live();

    long long mark = live();
    for (std::uint64_t g = 0; g < o.guilds; ++g) cache.apply(data.guild(g));
    fluxer::CacheStats st = cache.stats();
    row("guild (properties, no collections)", live() - mark, o.guilds, st.guilds.bytes);

    mark = live();
    std::size_t own0 = st.channels.bytes + st.guilds.bytes;
    for (std::uint64_t g = 0; g < o.guilds; ++g)
      for (int k = 0; k < Dataset::kChannelsPerGuild; ++k) cache.apply(fluxer::ChannelCreate{data.channel(g, k)});
    st = cache.stats();
    row("channel", live() - mark, o.guilds * Dataset::kChannelsPerGuild, st.channels.bytes + st.guilds.bytes - own0);

    mark = live();
    own0 = st.roles.bytes;
    for (std::uint64_t g = 0; g < o.guilds; ++g)
      for (int k = 0; k < Dataset::kRolesPerGuild; ++k)
        cache.apply(fluxer::GuildRoleCreate{Dataset::guild_id(g), data.role(g, k)});
    st = cache.stats();
    row("role", live() - mark, o.guilds * Dataset::kRolesPerGuild, st.roles.bytes - own0);

    mark = live();
    own0 = st.messages.bytes + st.members.bytes + st.users.bytes;
    // Messages come from the guilds' members; their authors join the member store, so
    // the members exist first (outside this measurement) and the row is messages alone.
    for (std::uint64_t i = 0; i < o.messages; ++i) {
      auto m = data.message(i % o.guilds, 1 + static_cast<int>(i % (Dataset::kChannelsPerGuild - 1)), i);
      m.message.member.reset();
      cache.apply(m, fluxer::BeforeValues::Skip);
    }
    st = cache.stats();
    row("message (1.1 KB MESSAGE_CREATE)", live() - mark, o.messages,
        st.messages.bytes + st.members.bytes + st.users.bytes - own0);
    std::printf("%-44s %10s %14lld\n", "total of the above", "", live() - base);
  }

  member_distinct = members_scenario(
      o, "distinct users", [&](std::uint64_t g, std::uint64_t k) { return g * o.members_per_guild + k; },
      &own_distinct);
  member_shared = members_scenario(
      o, "each user in 2 guilds",
      [&](std::uint64_t g, std::uint64_t k) { return (g % ((o.guilds + 1) / 2)) * o.members_per_guild + k; },
      &own_shared);

  // Baseline: the same members as model values (member with its user) in unordered_maps.
  const std::uint64_t base_guilds = std::min<std::uint64_t>(o.guilds, 100);
  double baseline = 0;
  {
    Dataset data(7);
    std::unordered_map<std::uint64_t, std::unordered_map<std::uint64_t, fluxer::GuildMember>> naive;
    const long long mark = live();
    for (std::uint64_t g = 0; g < base_guilds; ++g) {
      auto& guild = naive[Dataset::guild_id(g).value()];
      for (std::uint64_t k = 0; k < o.members_per_guild; ++k) {
        fluxer::GuildMember m = data.member(g, g * o.members_per_guild + k);
        const auto id = m.user->id.value();
        guild.emplace(id, std::move(m));
      }
    }
    const long long bytes = live() - mark;
    baseline = static_cast<double>(bytes) / static_cast<double>(base_guilds * o.members_per_guild);
    row("baseline: GuildMember+User in unordered_map", bytes, base_guilds * o.members_per_guild, 0);
  }

  std::printf(
      "\nper member incl. user: %.1f B (distinct users), %.1f B (users in 2 guilds); own accounting %.1f / %.1f B\n",
      member_distinct, member_shared, own_distinct, own_shared);
  std::printf("ratio to the model-value baseline (%.1f B): %.3f (distinct), %.3f (shared)\n", baseline,
              member_distinct / baseline, member_shared / baseline);
  std::printf("target <= 150 B per member: %s\n", member_distinct <= 150.0 ? "met" : "MISSED");
  return 0;
}
