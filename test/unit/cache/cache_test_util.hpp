#pragma once
// Helpers for the cache tests: small builders for model values, and a seeded generator of
// random, fully-populated ones (every optional sometimes set, strings sometimes long enough
// to leave the inline storage, hashes in every shape the cache packs differently).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fluxer/model/events.hpp>

namespace cache_test {

using fluxer::Snowflake;

inline fluxer::User user(std::uint64_t id, std::string name = "") {
  fluxer::User u;
  u.id = Snowflake{id};
  u.username = name.empty() ? "user" + std::to_string(id) : std::move(name);
  u.discriminator = "0001";
  return u;
}

inline fluxer::User id_only(std::uint64_t id) {
  fluxer::User u;
  u.id = Snowflake{id};
  return u;
}

inline fluxer::GuildMember member(const fluxer::User& u, std::vector<Snowflake> roles = {}) {
  fluxer::GuildMember m;
  m.user = u;
  m.roles = std::move(roles);
  m.joined_at = fluxer::Timestamp{std::chrono::microseconds{1'700'000'000'000'000}};
  return m;
}

inline fluxer::Role role(std::uint64_t id, std::string name = "role", int position = 1) {
  fluxer::Role r;
  r.id = Snowflake{id};
  r.name = std::move(name);
  r.position = position;
  r.permissions = fluxer::Permissions{1024};
  return r;
}

inline fluxer::Channel channel(std::uint64_t id, std::uint64_t guild_id, std::string name = "general") {
  fluxer::Channel c;
  c.id = Snowflake{id};
  if (guild_id != 0) c.guild_id = Snowflake{guild_id};
  c.type = guild_id != 0 ? fluxer::ChannelType::GuildText : fluxer::ChannelType::Dm;
  c.name = std::move(name);
  return c;
}

inline fluxer::GuildCreate guild_create(std::uint64_t id, std::vector<fluxer::Channel> channels = {},
                                        std::vector<fluxer::Role> roles = {},
                                        std::vector<fluxer::GuildMember> members = {}) {
  fluxer::GuildCreate g;
  g.guild.id = Snowflake{id};
  g.guild.name = "guild" + std::to_string(id);
  g.guild.owner_id = Snowflake{1};
  for (auto& c : channels) c.guild_id = Snowflake{id};
  g.guild.channels = std::move(channels);
  g.guild.roles = std::move(roles);
  g.guild.member_count = static_cast<int>(members.size());
  g.members = std::move(members);
  return g;
}

inline fluxer::GuildCreate guild_stub(std::uint64_t id) {
  fluxer::GuildCreate g;
  g.guild.id = Snowflake{id};
  g.guild.unavailable = true;
  g.unavailable = true;
  return g;
}

inline fluxer::Message message(std::uint64_t id, std::uint64_t channel_id, const fluxer::User& author,
                               std::string content = "hello") {
  fluxer::Message m;
  m.id = Snowflake{id};
  m.channel_id = Snowflake{channel_id};
  m.author = author;
  m.content = std::move(content);
  m.timestamp = fluxer::Timestamp{std::chrono::microseconds{1'700'000'000'000'000 + static_cast<std::int64_t>(id)}};
  return m;
}

inline fluxer::CurrentUser current_user(std::uint64_t id) {
  fluxer::CurrentUser u;
  u.id = Snowflake{id};
  u.username = "bot";
  u.discriminator = "0001";
  u.bot = true;
  u.verified = true;
  return u;
}

/// Seeded generator of random model values.
class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t below(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

  std::string text(std::size_t min_len, std::size_t max_len) {
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789_ ";
    const std::size_t n = min_len + below(max_len - min_len + 1);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(kChars[below(sizeof(kChars) - 1)]);
    return s;
  }
  std::optional<std::string> maybe_text(int percent, std::size_t min_len, std::size_t max_len) {
    if (!chance(percent)) return std::nullopt;
    return text(min_len, max_len);
  }
  std::string hex(std::size_t n, bool upper = false) {
    static constexpr char kLower[] = "0123456789abcdef";
    static constexpr char kUpper[] = "0123456789ABCDEF";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back((upper ? kUpper : kLower)[below(16)]);
    return s;
  }
  /// A hash in one of the shapes the cache stores differently.
  std::optional<std::string> hash() {
    switch (below(6)) {
      case 0: return std::nullopt;
      case 1: return hex(32);
      case 2: return "a_" + hex(32);
      case 3: return hex(32, true);  // upper case: kept verbatim
      case 4: return hex(16);        // short: kept verbatim
      default: return "a_" + hex(20);
    }
  }
  fluxer::Timestamp time() {
    return fluxer::Timestamp{
        std::chrono::microseconds{1'600'000'000'000'000 + static_cast<std::int64_t>(below(1ull << 45))}};
  }

  fluxer::User user(std::uint64_t id) {
    fluxer::User u;
    u.id = Snowflake{id};
    u.username = text(1, chance(20) ? 32 : 12);
    switch (below(5)) {
      case 0: u.discriminator = ""; break;
      case 1: u.discriminator = "12345"; break;
      case 2: u.discriminator = "ab12"; break;
      default: u.discriminator = std::to_string(1000 + below(9000)).substr(0, 4); break;
    }
    if (chance(30)) u.discriminator = "00" + std::to_string(10 + below(90));
    u.global_name = maybe_text(40, 0, 32);
    u.avatar = hash();
    if (chance(50)) u.avatar_color = static_cast<std::uint32_t>(chance(5) ? 0xFFFFFFFFu : below(0x1000000));
    u.bot = chance(10);
    u.system = chance(5);
    u.flags = chance(10) ? (1ull << 40) | 4 : below(128);
    return u;
  }

  fluxer::GuildMember member(const fluxer::User& u, const std::vector<Snowflake>& role_pool) {
    fluxer::GuildMember m;
    m.user = u;
    m.nick = maybe_text(30, 1, 32);
    m.avatar = chance(10) ? hash() : std::nullopt;
    m.banner = chance(5) ? hash() : std::nullopt;
    if (chance(5)) m.accent_color = static_cast<std::uint32_t>(below(0x1000000));
    if (!role_pool.empty()) {
      const std::size_t n = below(4);
      for (std::size_t i = 0; i < n; ++i) {
        const Snowflake r = pick(role_pool);
        if (std::find(m.roles.begin(), m.roles.end(), r) == m.roles.end()) m.roles.push_back(r);
      }
    }
    if (chance(95)) m.joined_at = time();
    m.mute = chance(10);
    m.deaf = chance(10);
    if (chance(10)) m.communication_disabled_until = time();
    if (chance(10)) m.profile_flags = static_cast<int>(below(16));
    if (chance(5)) m.join_source_type = static_cast<int>(below(4));
    m.source_invite_code = maybe_text(5, 6, 8);
    if (chance(5)) m.inviter_id = Snowflake{1 + below(1000)};
    return m;
  }

  fluxer::Role role(std::uint64_t id) {
    fluxer::Role r;
    r.id = Snowflake{id};
    r.name = text(1, chance(20) ? 60 : 10);
    r.color = static_cast<std::uint32_t>(below(0x1000000));
    r.position = static_cast<int>(below(50));
    if (chance(30)) r.hoist_position = static_cast<int>(below(10));
    r.permissions = fluxer::Permissions{rng_()};
    r.hoist = chance(30);
    r.mentionable = chance(30);
    r.unicode_emoji = maybe_text(5, 1, 4);
    return r;
  }

  fluxer::Channel channel(std::uint64_t id, std::uint64_t guild_id) {
    fluxer::Channel c;
    c.id = Snowflake{id};
    if (guild_id) c.guild_id = Snowflake{guild_id};
    c.type = guild_id ? (chance(70) ? fluxer::ChannelType::GuildText : fluxer::ChannelType::GuildVoice)
                      : fluxer::ChannelType::Dm;
    c.name = maybe_text(90, 1, 30);
    c.topic = maybe_text(30, 0, 300);
    c.position = chance(90) ? std::optional<int>(static_cast<int>(below(100))) : std::nullopt;
    if (chance(30)) c.parent_id = Snowflake{10 + below(5)};
    if (chance(20)) c.bitrate = 64000;
    if (chance(20)) c.user_limit = static_cast<int>(below(10));
    c.rtc_region = maybe_text(10, 2, 10);
    if (chance(50)) c.last_message_id = Snowflake{1 + below(1'000'000)};
    if (chance(20)) c.last_pin_timestamp = time();
    const std::size_t n = below(3);
    for (std::size_t i = 0; i < n; ++i)
      c.permission_overwrites.push_back({Snowflake{1 + below(100)},
                                         chance(50) ? fluxer::OverwriteType::Role : fluxer::OverwriteType::Member,
                                         fluxer::Permissions{rng_()}, fluxer::Permissions{rng_()}});
    if (!guild_id) c.recipients.push_back(user(2000 + below(10)));
    c.nsfw = chance(10);
    c.rate_limit_per_user = std::chrono::seconds{static_cast<long>(below(3))};
    if (chance(10)) c.voice_connection_limit = 5;
    if (chance(5)) c.nsfw_override = chance(50);
    if (chance(5)) c.content_warning_level = 1;
    c.content_warning_text = maybe_text(5, 1, 10);
    return c;
  }

  fluxer::Emoji emoji(std::uint64_t id) {
    fluxer::Emoji e;
    e.id = Snowflake{id};
    e.name = text(2, 12);
    if (chance(70)) e.animated = chance(50);
    if (chance(20)) e.user = user(3000 + below(5));
    return e;
  }

  fluxer::Sticker sticker(std::uint64_t id) {
    fluxer::Sticker s;
    s.id = Snowflake{id};
    s.name = text(2, 12);
    s.description = maybe_text(50, 0, 40);
    if (chance(50)) s.tags = {text(1, 5), text(1, 5)};
    s.format_type = 1 + static_cast<int>(below(4));
    return s;
  }

  fluxer::Message message(std::uint64_t id, std::uint64_t channel_id, std::optional<std::uint64_t> guild_id,
                          const fluxer::User& author) {
    fluxer::Message m;
    m.id = Snowflake{id};
    m.channel_id = Snowflake{channel_id};
    if (guild_id) m.guild_id = Snowflake{*guild_id};
    m.author = author;
    m.content = text(0, chance(10) ? 600 : 40);
    m.timestamp = time();
    if (chance(10)) m.edited_timestamp = time();
    m.pinned = chance(5);
    m.mention_everyone = chance(5);
    m.type = chance(90) ? fluxer::MessageType::Default : fluxer::MessageType::Reply;
    m.flags = static_cast<std::uint32_t>(below(4));
    if (chance(20)) m.mentions.push_back(user(4000 + below(10)));
    if (chance(10)) m.mention_roles.push_back(Snowflake{500 + below(10)});
    if (chance(10)) {
      fluxer::Embed e;
      e.title = maybe_text(80, 1, 20);
      e.description = maybe_text(80, 1, 200);
      if (chance(50)) e.timestamp = time();
      if (chance(50)) e.color = 0x123456;
      if (chance(50)) e.footer = fluxer::EmbedFooter{text(1, 10), std::nullopt, std::nullopt};
      if (chance(50)) e.image = fluxer::EmbedMedia{.url = "https://x/" + text(1, 10)};
      e.fields.push_back({text(1, 5), text(1, 20), chance(50)});
      m.embeds.push_back(std::move(e));
    }
    if (chance(10)) {
      fluxer::Attachment a;
      a.id = Snowflake{id + 1};
      a.filename = text(1, 10) + ".png";
      a.size = below(1'000'000);
      a.url = "https://cdn/" + a.filename;
      if (chance(50)) a.duration = std::chrono::duration<double>{1.5};
      if (chance(50)) a.expires_at = time();
      m.attachments.push_back(std::move(a));
    }
    if (chance(10)) {
      m.message_reference = fluxer::MessageReference{Snowflake{id - 1}, Snowflake{channel_id}, std::nullopt,
                                                     fluxer::MessageReferenceType::Default};
      if (chance(50)) {
        m.referenced_message = nullptr;
      } else {
        fluxer::Message ref;
        ref.id = Snowflake{id - 1};
        ref.channel_id = Snowflake{channel_id};
        ref.author = author;
        ref.content = "earlier";
        m.referenced_message = ref;
      }
    }
    if (chance(10)) m.nonce = std::to_string(below(1'000'000));
    return m;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

}  // namespace cache_test
