#pragma once
// The synthetic guilds, channels, roles, members, users and messages the cache benchmarks
// store. Shapes follow fluxer-protocol.md §6 with a realistic mix of optional fields:
//
//   user    username 6-16 chars; a display name for 1 in 3 (5-12 chars); an avatar for 3 in
//           4 (32 hex digits, 1 in 10 of them animated "a_"), then also an avatar colour;
//           a four-digit discriminator; no flags
//   member  joined_at; no roles (60%), one (30%) or two-three (10%) of the guild's 10 roles;
//           a nickname for 1 in 10 (4-12 chars); nothing else
//   guild   name, icon, owner, two features, member_count
//   channel name, position, parent, two permission overwrites; a topic for half (60 chars)
//   role    name (8 chars), colour, permissions, position
//   message the 1.1 KB MESSAGE_CREATE of the model benchmarks (author, member, mentions,
//           an embed, a reaction, a reply reference), with fresh ids

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fluxer/model/codec.hpp>
#include <fluxer/model/events.hpp>

#include "../unit/model/fixtures.hpp"

namespace cache_bench {

using fluxer::Snowflake;

class Dataset {
 public:
  static constexpr std::uint64_t kGuildBase = 1'000'000'000'000ull;
  static constexpr int kRolesPerGuild = 10;
  static constexpr int kChannelsPerGuild = 20;

  explicit Dataset(std::uint64_t seed = 42) : rng_(seed) {}

  static Snowflake guild_id(std::uint64_t g) { return Snowflake{kGuildBase + g}; }
  static Snowflake role_id(std::uint64_t g, int k) {
    return Snowflake{kGuildBase * 2 + g * 100 + static_cast<std::uint64_t>(k)};
  }
  static Snowflake channel_id(std::uint64_t g, int k) {
    return Snowflake{kGuildBase * 3 + g * 100 + static_cast<std::uint64_t>(k)};
  }
  static Snowflake user_id(std::uint64_t u) { return Snowflake{kGuildBase * 4 + u}; }

  fluxer::GuildCreate guild(std::uint64_t g) {
    fluxer::GuildCreate s;
    s.guild.id = guild_id(g);
    s.guild.name = text(10, 20);
    s.guild.icon = hex(32);
    s.guild.owner_id = user_id(g);
    s.guild.features = {"BANNER", "INVITE_SPLASH"};
    s.guild.afk_timeout = std::chrono::seconds{300};
    s.guild.member_count = 1000;
    return s;
  }

  fluxer::Channel channel(std::uint64_t g, int k) {
    fluxer::Channel c;
    c.id = channel_id(g, k);
    c.guild_id = guild_id(g);
    c.type = k == 0 ? fluxer::ChannelType::GuildCategory : fluxer::ChannelType::GuildText;
    c.name = text(6, 16);
    c.position = k;
    if (k != 0) c.parent_id = channel_id(g, 0);
    if (below(2) == 0) c.topic = text(60, 60);
    c.permission_overwrites.push_back(
        {guild_id(g), fluxer::OverwriteType::Role, fluxer::Permissions{0}, fluxer::Permissions{1 << 11}});
    c.permission_overwrites.push_back(
        {role_id(g, 1), fluxer::OverwriteType::Role, fluxer::Permissions{1 << 11}, fluxer::Permissions{0}});
    return c;
  }

  fluxer::Role role(std::uint64_t g, int k) {
    fluxer::Role r;
    r.id = role_id(g, k);
    r.name = text(8, 8);
    r.color = static_cast<std::uint32_t>(below(0x1000000));
    r.position = k;
    r.permissions = fluxer::Permissions{0x3FFFFFFFull};
    return r;
  }

  fluxer::User user(std::uint64_t u) {
    fluxer::User x;
    x.id = user_id(u);
    x.username = text(6, 16);
    x.discriminator = std::to_string(1000 + below(9000));
    if (below(3) == 0) x.global_name = text(5, 12);
    if (below(4) != 0) {
      x.avatar = below(10) == 0 ? "a_" + hex(32) : hex(32);
      x.avatar_color = static_cast<std::uint32_t>(below(0x1000000));
    }
    return x;
  }

  fluxer::GuildMember member(std::uint64_t g, std::uint64_t u) {
    fluxer::GuildMember m;
    m.user = user(u);
    m.joined_at = fluxer::Timestamp{
        std::chrono::microseconds{1'700'000'000'000'000 + static_cast<std::int64_t>(below(1ull << 40))}};
    const auto r = below(10);
    const int n = r < 6 ? 0 : r < 9 ? 1 : 2 + static_cast<int>(below(2));
    for (int i = 0; i < n; ++i) {
      const auto id = role_id(g, 1 + static_cast<int>(below(kRolesPerGuild - 1)));
      if (std::find(m.roles.begin(), m.roles.end(), id) == m.roles.end()) m.roles.push_back(id);
    }
    if (below(10) == 0) m.nick = text(4, 12);
    return m;
  }

  /// The realistic MESSAGE_CREATE, decoded once, re-addressed per call.
  fluxer::MessageCreate message(std::uint64_t g, int channel_k, std::uint64_t id) {
    if (!message_template_) {
      auto ev = fluxer::decode_dispatch("MESSAGE_CREATE", fixtures::kMessageCreate);
      message_template_ = std::get<fluxer::MessageCreate>(ev.value());
    }
    fluxer::MessageCreate m = *message_template_;
    m.message.id = Snowflake{kGuildBase * 5 + id};
    m.message.channel_id = channel_id(g, channel_k);
    m.message.guild_id = guild_id(g);
    return m;
  }

  std::uint64_t below(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng_); }

 private:
  std::string text(std::size_t lo, std::size_t hi) {
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
    std::string s(lo + below(hi - lo + 1), 'x');
    for (char& c : s) c = kChars[below(sizeof(kChars) - 1)];
    return s;
  }
  std::string hex(std::size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(n, '0');
    for (char& c : s) c = kHex[below(16)];
    return s;
  }

  std::mt19937_64 rng_;
  std::optional<fluxer::MessageCreate> message_template_;
};

}  // namespace cache_bench
