// Long random event sequences applied both to the cache and to an independent, deliberately
// simple model of what docs/cache.md promises (std::map everywhere, linear scans for the
// oldest entry); after every few events the two must agree on everything readable. Runs
// unbounded and under each limit, with one shard and with several (the oldest entry of a
// kind must be found across shards exactly).

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include <fluxer/cache/cache.hpp>

#include "cache_test_util.hpp"

namespace {

using namespace fluxer;
using cache_test::Gen;

bool id_only(const User& u) {
  return u.username.empty() && u.discriminator.empty() && !u.global_name && !u.avatar && !u.avatar_color && !u.bot &&
         !u.system && u.flags == 0;
}

/// What the cache should hold, maintained independently.
class Model {
 public:
  explicit Model(CacheOptions o) : opts_(o) {}

  struct MMember {
    std::uint64_t seq;
    GuildMember m;  // without user
  };
  struct MGuild {
    explicit MGuild(std::uint64_t s) : seq(s) {}
    std::uint64_t seq;
    bool unavailable = false;
    Guild props;  // properties only
    std::vector<Role> roles;
    std::vector<std::uint64_t> channels;
    std::vector<Emoji> emojis;
    std::vector<Sticker> stickers;
    std::optional<int> member_count, online_count;
    std::map<std::uint64_t, MMember> members;
  };
  struct MChannel {
    std::uint64_t seq;
    Channel c;
    std::uint64_t guild = 0;
    std::optional<Snowflake> last_message;  // set by MESSAGE_CREATE
    std::deque<std::uint64_t> messages;
  };
  struct MUser {
    MUser(std::uint64_t s, User user) : seq(s), u(std::move(user)) {}
    std::uint64_t seq;
    User u;
    int refs = 0;
    bool pinned = false;
  };
  struct MMessage {
    std::uint64_t seq;
    Message m;
  };

  std::map<std::uint64_t, MGuild> guilds;
  std::map<std::uint64_t, MChannel> channels;
  std::map<std::uint64_t, MUser> users;
  std::map<std::uint64_t, MMessage> messages;
  std::optional<CurrentUser> current;

  // ------------------------------------------------------------ users
  void acquire(const User& u) {
    auto it = users.find(u.id.value());
    if (it == users.end()) {
      it = users.emplace(u.id.value(), MUser(seq_++, u)).first;
    } else if (!id_only(u)) {
      it->second.u = u;
    }
    ++it->second.refs;
  }
  void release(std::uint64_t id) {
    auto it = users.find(id);
    if (it == users.end()) return;
    if (--it->second.refs <= 0 && !it->second.pinned) users.erase(it);
  }
  void update_user(const User& u) {
    auto it = users.find(u.id.value());
    if (it != users.end() && !id_only(u)) it->second.u = u;
  }
  void put_user(const User& u) {
    auto it = users.find(u.id.value());
    if (it == users.end()) {
      users.emplace(u.id.value(), MUser(seq_++, u));
    } else if (!id_only(u)) {
      it->second.u = u;
    }
  }
  void pin(const CurrentUser& cu) {
    current = cu;
    auto it = users.find(cu.id.value());
    if (it == users.end()) it = users.emplace(cu.id.value(), MUser(seq_++, cu)).first;
    it->second.u = static_cast<const User&>(cu);
    it->second.pinned = true;
  }

  // ------------------------------------------------------------ members
  bool upsert_member(std::uint64_t gid, GuildMember m, const User& u) {
    MGuild& g = guilds.at(gid);
    m.user.reset();
    auto it = g.members.find(u.id.value());
    if (it != g.members.end()) {
      it->second.m = std::move(m);
      update_user(u);
      return false;
    }
    g.members.emplace(u.id.value(), MMember{seq_++, std::move(m)});
    acquire(u);
    return true;
  }
  void remove_member(std::uint64_t gid, std::uint64_t uid) {
    guilds.at(gid).members.erase(uid);
    release(uid);
  }

  // ------------------------------------------------------------ channels
  bool upsert_channel(const Channel& c, std::uint64_t gid) {
    auto it = channels.find(c.id.value());
    if (it != channels.end()) {
      it->second.c = c;
      it->second.guild = gid;
      it->second.last_message.reset();
      return false;
    }
    channels.emplace(c.id.value(), MChannel{seq_++, c, gid, std::nullopt, {}});
    return true;
  }
  void remove_channel(std::uint64_t cid) {
    auto it = channels.find(cid);
    if (it == channels.end()) return;
    for (auto mid : it->second.messages) messages.erase(mid);
    channels.erase(it);
  }
  void set_channels(MGuild& g, std::uint64_t gid, const std::vector<Channel>& list) {
    std::set<std::uint64_t> listed;
    for (const auto& c : list) listed.insert(c.id.value());
    for (auto old : g.channels)
      if (!listed.contains(old)) remove_channel(old);
    g.channels.clear();
    for (const auto& c : list) {
      upsert_channel(c, gid);
      if (std::find(g.channels.begin(), g.channels.end(), c.id.value()) == g.channels.end())
        g.channels.push_back(c.id.value());
    }
  }

  // ------------------------------------------------------------ guilds
  void remove_guild(std::uint64_t gid) {
    MGuild& g = guilds.at(gid);
    std::vector<std::uint64_t> uids;
    for (auto& [uid, m] : g.members) uids.push_back(uid);
    g.members.clear();
    for (auto uid : uids) release(uid);
    for (auto cid : g.channels) remove_channel(cid);
    guilds.erase(gid);
  }
  static Guild strip(Guild g) {
    g.roles.clear();
    g.channels.clear();
    g.emojis.clear();
    g.stickers.clear();
    g.member_count.reset();
    g.online_count.reset();
    g.unavailable = false;
    return g;
  }

  // ------------------------------------------------------------ events
  void apply(const DispatchEvent& ev) {
    std::visit([&](const auto& e) { on(e); }, ev);
    enforce();
  }

  void on(const Ready& e) {
    pin(e.user);
    for (const auto& c : e.private_channels) upsert_channel(c, 0);
  }
  void on(const UserUpdate& e) { pin(e.user); }
  void on(const GuildCreate& s) {
    const std::uint64_t gid = s.guild.id.value();
    auto it = guilds.find(gid);
    if (s.unavailable) {
      if (it == guilds.end()) it = guilds.emplace(gid, MGuild(seq_++)).first;
      it->second.unavailable = true;
      return;
    }
    if (it == guilds.end()) it = guilds.emplace(gid, MGuild(seq_++)).first;
    MGuild& g = it->second;
    g.unavailable = false;
    g.props = strip(s.guild);
    g.roles = s.guild.roles;
    g.emojis = s.guild.emojis;
    g.stickers = s.guild.stickers;
    set_channels(g, gid, s.guild.channels);
    g.member_count = s.guild.member_count;
    g.online_count = s.guild.online_count;
    for (const auto& m : s.members) upsert_member(gid, m, *m.user);
  }
  void on(const GuildUpdate& e) {
    const std::uint64_t gid = e.guild.id.value();
    auto it = guilds.find(gid);
    if (it == guilds.end()) it = guilds.emplace(gid, MGuild(seq_++)).first;
    MGuild& g = it->second;
    g.props = strip(e.guild);
    if (!e.guild.roles.empty()) g.roles = e.guild.roles;
    if (!e.guild.emojis.empty()) g.emojis = e.guild.emojis;
    if (!e.guild.stickers.empty()) g.stickers = e.guild.stickers;
    if (!e.guild.channels.empty()) set_channels(g, gid, e.guild.channels);
    if (e.guild.member_count) g.member_count = e.guild.member_count;
    if (e.guild.online_count) g.online_count = e.guild.online_count;
  }
  void on(const GuildDelete& e) {
    auto it = guilds.find(e.id.value());
    if (e.unavailable) {
      if (it == guilds.end()) it = guilds.emplace(e.id.value(), MGuild(seq_++)).first;
      it->second.unavailable = true;
    } else if (it != guilds.end()) {
      remove_guild(e.id.value());
    }
  }
  void on(const GuildRoleCreate& e) { upsert_role(e.guild_id, e.role); }
  void on(const GuildRoleUpdate& e) { upsert_role(e.guild_id, e.role); }
  void on(const GuildRoleUpdateBulk& e) {
    for (const auto& r : e.roles) upsert_role(e.guild_id, r);
  }
  void on(const GuildRoleDelete& e) {
    auto it = guilds.find(e.guild_id.value());
    if (it == guilds.end()) return;
    std::erase_if(it->second.roles, [&](const Role& r) { return r.id == e.role_id; });
    for (auto& [uid, m] : it->second.members) std::erase(m.m.roles, e.role_id);
  }
  void on(const GuildEmojisUpdate& e) {
    if (auto it = guilds.find(e.guild_id.value()); it != guilds.end()) it->second.emojis = e.emojis;
  }
  void on(const GuildMemberAdd& e) {
    auto it = guilds.find(e.guild_id.value());
    if (it == guilds.end()) return;
    if (upsert_member(e.guild_id.value(), e.member, *e.member.user) && it->second.member_count)
      ++*it->second.member_count;
  }
  void on(const GuildMemberUpdate& e) {
    if (guilds.contains(e.guild_id.value())) upsert_member(e.guild_id.value(), e.member, *e.member.user);
  }
  void on(const GuildMemberRemove& e) {
    auto it = guilds.find(e.guild_id.value());
    if (it == guilds.end() || !it->second.members.contains(e.user.id.value())) return;
    remove_member(e.guild_id.value(), e.user.id.value());
    if (it->second.member_count && *it->second.member_count > 0) --*it->second.member_count;
  }
  void on(const GuildMembersChunk& e) {
    if (!guilds.contains(e.guild_id.value())) return;
    for (const auto& m : e.members) upsert_member(e.guild_id.value(), m, *m.user);
  }
  void on(const ChannelCreate& e) { put_channel(e.channel); }
  void on(const ChannelUpdate& e) { put_channel(e.channel); }
  void on(const ChannelDelete& e) {
    if (e.channel.guild_id) {
      if (auto it = guilds.find(e.channel.guild_id->value()); it != guilds.end())
        std::erase(it->second.channels, e.channel.id.value());
    }
    remove_channel(e.channel.id.value());
  }
  void on(const MessageCreate& e) {
    const Message& m = e.message;
    if (m.guild_id && m.member && !m.webhook_id) {
      if (guilds.contains(m.guild_id->value())) upsert_member(m.guild_id->value(), *m.member, m.author);
    } else if (!m.webhook_id) {
      update_user(m.author);
    }
    auto ch = channels.find(m.channel_id.value());
    if (ch == channels.end()) return;
    ch->second.last_message = m.id;
    if (!messages_on()) return;
    auto it = messages.find(m.id.value());
    if (it != messages.end()) {
      it->second.m = m;
    } else {
      messages.emplace(m.id.value(), MMessage{seq_++, m});
      ch->second.messages.push_back(m.id.value());
    }
  }
  void on(const MessageUpdate& e) {
    if (auto it = messages.find(e.message.id.value()); it != messages.end()) it->second.m = e.message;
  }
  void on(const MessageDelete& e) { remove_message(e.id.value()); }
  void on(const MessageDeleteBulk& e) {
    for (auto id : e.ids) remove_message(id.value());
  }
  template <class Other>
  void on(const Other&) {}

  void put_user_event(const User& u) {
    put_user(u);
    enforce();
  }

  // ------------------------------------------------------------ limits
  void enforce() {
    while (opts_.guilds && guilds.size() > *opts_.guilds) {
      auto oldest = std::min_element(guilds.begin(), guilds.end(),
                                     [](const auto& a, const auto& b) { return a.second.seq < b.second.seq; });
      remove_guild(oldest->first);
    }
    while (opts_.channels && channels.size() > *opts_.channels) {
      auto oldest = std::min_element(channels.begin(), channels.end(),
                                     [](const auto& a, const auto& b) { return a.second.seq < b.second.seq; });
      const std::uint64_t cid = oldest->first;
      if (auto g = guilds.find(oldest->second.guild); g != guilds.end()) std::erase(g->second.channels, cid);
      remove_channel(cid);
    }
    while (opts_.members && member_count() > *opts_.members) {
      std::uint64_t best_seq = ~0ull, best_g = 0, best_u = 0;
      for (auto& [gid, g] : guilds)
        for (auto& [uid, m] : g.members)
          if (m.seq < best_seq) best_seq = m.seq, best_g = gid, best_u = uid;
      remove_member(best_g, best_u);
    }
    while (opts_.users && unpinned_users() > *opts_.users) {
      std::uint64_t best_seq = ~0ull, best_u = 0;
      for (auto& [uid, u] : users)
        if (!u.pinned && u.seq < best_seq) best_seq = u.seq, best_u = uid;
      for (auto& [gid, g] : guilds)
        if (g.members.contains(best_u)) {
          g.members.erase(best_u);
          release(best_u);
        }
      users.erase(best_u);  // a loose user (no members) goes directly
    }
    while (messages_on() && messages.size() > *opts_.messages) {
      auto oldest = std::min_element(messages.begin(), messages.end(),
                                     [](const auto& a, const auto& b) { return a.second.seq < b.second.seq; });
      remove_message(oldest->first);
    }
  }

  [[nodiscard]] bool messages_on() const { return opts_.messages.value_or(0) > 0; }
  [[nodiscard]] std::size_t member_count() const {
    std::size_t n = 0;
    for (auto& [gid, g] : guilds) n += g.members.size();
    return n;
  }
  [[nodiscard]] std::size_t unpinned_users() const {
    std::size_t n = 0;
    for (auto& [uid, u] : users) n += u.pinned ? 0 : 1;
    return n;
  }

  // ------------------------------------------------------------ reading back
  [[nodiscard]] Channel channel_value(const MChannel& mc) const {
    Channel c = mc.c;
    if (mc.guild) c.guild_id = Snowflake{mc.guild};
    if (mc.last_message) c.last_message_id = mc.last_message;
    return c;
  }
  [[nodiscard]] Guild guild_value(std::uint64_t gid, const MGuild& g) const {
    Guild out = g.props;
    out.id = Snowflake{gid};
    out.unavailable = g.unavailable;
    out.roles = g.roles;
    out.emojis = g.emojis;
    out.stickers = g.stickers;
    out.member_count = g.member_count;
    out.online_count = g.online_count;
    for (auto cid : g.channels) out.channels.push_back(channel_value(channels.at(cid)));
    return out;
  }
  [[nodiscard]] GuildMember member_value(std::uint64_t uid, const MMember& m) const {
    GuildMember out = m.m;
    out.user = users.at(uid).u;
    return out;
  }

 private:
  void upsert_role(Snowflake gid, const Role& r) {
    auto it = guilds.find(gid.value());
    if (it == guilds.end()) return;
    auto& roles = it->second.roles;
    auto found = std::find_if(roles.begin(), roles.end(), [&](const Role& x) { return x.id == r.id; });
    if (found != roles.end()) {
      *found = r;
    } else {
      roles.push_back(r);
    }
  }
  void put_channel(const Channel& c) {
    if (c.guild_id) {
      auto it = guilds.find(c.guild_id->value());
      if (it == guilds.end()) return;
      if (upsert_channel(c, c.guild_id->value())) it->second.channels.push_back(c.id.value());
    } else {
      upsert_channel(c, 0);
    }
  }
  void remove_message(std::uint64_t id) {
    auto it = messages.find(id);
    if (it == messages.end()) return;
    auto& list = channels.at(it->second.m.channel_id.value()).messages;
    list.erase(std::find(list.begin(), list.end(), id));
    messages.erase(it);
  }

  CacheOptions opts_;
  std::uint64_t seq_ = 1;
};

/// Random events over small id pools, so that events hit each other's entries.
class EventSource {
 public:
  explicit EventSource(std::uint64_t seed) : gen_(seed) {}

  static constexpr std::uint64_t kBot = 9;

  std::uint64_t guild_id() { return 1 + gen_.below(6); }
  std::uint64_t channel_id(std::uint64_t g) { return g * 100 + 1 + gen_.below(5); }
  std::uint64_t role_id(std::uint64_t g) { return g * 1000 + 1 + gen_.below(6); }
  std::uint64_t user_id() { return 10'000 + gen_.below(60); }

  std::vector<Snowflake> role_pool(std::uint64_t g) {
    std::vector<Snowflake> pool;
    for (std::uint64_t k = 1; k <= 6; ++k) pool.push_back(Snowflake{g * 1000 + k});
    return pool;
  }
  GuildMember member(std::uint64_t g, std::uint64_t uid) {
    User u = gen_.chance(15) ? cache_test::id_only(uid) : gen_.user(uid);
    return gen_.member(u, role_pool(g));
  }

  /// One event, or (nullopt, a user to put) for a REST put.
  std::pair<std::optional<DispatchEvent>, std::optional<User>> next() {
    const std::uint64_t g = guild_id();
    switch (gen_.below(22)) {
      case 0:
      case 1: {
        if (gen_.chance(15)) return {DispatchEvent{cache_test::guild_stub(g)}, std::nullopt};
        GuildCreate s;
        s.guild.id = Snowflake{g};
        s.guild.name = gen_.text(1, 20);
        s.guild.owner_id = Snowflake{user_id()};
        if (gen_.chance(50)) s.guild.features = {"BANNER"};
        for (std::uint64_t k = 1 + gen_.below(4); k > 0; --k) {
          Channel c = gen_.channel(channel_id(g), g);
          if (std::none_of(s.guild.channels.begin(), s.guild.channels.end(), [&](auto& x) { return x.id == c.id; }))
            s.guild.channels.push_back(c);
        }
        for (std::uint64_t k = 1; k <= 1 + gen_.below(4); ++k) s.guild.roles.push_back(gen_.role(g * 1000 + k));
        if (gen_.chance(50)) s.guild.emojis.push_back(gen_.emoji(g * 10 + 1));
        if (gen_.chance(30)) s.guild.stickers.push_back(gen_.sticker(g * 10 + 2));
        if (gen_.chance(80)) s.guild.member_count = static_cast<int>(gen_.below(1000));
        if (gen_.chance(50)) s.guild.online_count = static_cast<int>(gen_.below(100));
        GuildMember own = gen_.member(cache_test::id_only(kBot), role_pool(g));
        s.members.push_back(own);
        if (gen_.chance(30)) s.members.push_back(member(g, user_id()));
        return {DispatchEvent{s}, std::nullopt};
      }
      case 2: {
        GuildUpdate u;
        u.guild.id = Snowflake{g};
        u.guild.name = gen_.text(1, 20);
        if (gen_.chance(30)) u.guild.roles.push_back(gen_.role(role_id(g)));
        if (gen_.chance(20)) u.guild.member_count = 5;
        return {DispatchEvent{u}, std::nullopt};
      }
      case 3: {
        GuildDelete d;
        d.id = Snowflake{g};
        d.unavailable = gen_.chance(50);
        return {DispatchEvent{d}, std::nullopt};
      }
      case 4: return {DispatchEvent{GuildRoleCreate{Snowflake{g}, gen_.role(role_id(g))}}, std::nullopt};
      case 5:
        return {DispatchEvent{GuildRoleUpdateBulk{Snowflake{g}, {gen_.role(role_id(g)), gen_.role(role_id(g))}}},
                std::nullopt};
      case 6: return {DispatchEvent{GuildRoleDelete{Snowflake{g}, Snowflake{role_id(g)}}}, std::nullopt};
      case 7:
      case 8: return {DispatchEvent{GuildMemberAdd{Snowflake{g}, member(g, user_id())}}, std::nullopt};
      case 9: return {DispatchEvent{GuildMemberUpdate{Snowflake{g}, member(g, user_id())}}, std::nullopt};
      case 10: return {DispatchEvent{GuildMemberRemove{Snowflake{g}, cache_test::id_only(user_id())}}, std::nullopt};
      case 11: {
        GuildMembersChunk c;
        c.guild_id = Snowflake{g};
        for (std::uint64_t k = gen_.below(8); k > 0; --k) {
          GuildMember m = member(g, user_id());
          if (std::none_of(c.members.begin(), c.members.end(), [&](auto& x) { return x.user_id() == m.user_id(); }))
            c.members.push_back(m);
        }
        return {DispatchEvent{c}, std::nullopt};
      }
      case 12: return {DispatchEvent{ChannelCreate{gen_.channel(channel_id(g), g)}}, std::nullopt};
      case 13: return {DispatchEvent{ChannelUpdate{gen_.channel(channel_id(g), g)}}, std::nullopt};
      case 14: return {DispatchEvent{ChannelDelete{gen_.channel(channel_id(g), g)}}, std::nullopt};
      case 15: return {DispatchEvent{ChannelCreate{gen_.channel(900 + gen_.below(4), 0)}}, std::nullopt};
      case 16:
      case 17: {
        const bool dm = gen_.chance(20);
        const std::uint64_t cid = dm ? 900 + gen_.below(4) : channel_id(g);
        const std::uint64_t uid = user_id();
        message_channels_.push_back(cid);
        Message m =
            gen_.message(next_message_++, cid, dm ? std::nullopt : std::optional<std::uint64_t>(g), gen_.user(uid));
        if (!dm && gen_.chance(80)) {
          m.member = member(g, uid);
          m.member->user.reset();
        }
        return {DispatchEvent{MessageCreate{.message = m}}, std::nullopt};
      }
      case 18: {
        if (next_message_ == 1'000'000) break;
        const std::uint64_t id = 1'000'000 + gen_.below(next_message_ - 1'000'000);
        const std::uint64_t cid = message_channels_[id - 1'000'000];
        Message m = gen_.message(id, cid, cid / 100, gen_.user(user_id()));
        return {DispatchEvent{MessageUpdate{m}}, std::nullopt};
      }
      case 19: {
        if (next_message_ == 1'000'000) break;
        MessageDelete d;
        d.id = Snowflake{1'000'000 + gen_.below(next_message_ - 1'000'000)};
        d.channel_id = Snowflake{message_channels_[d.id.value() - 1'000'000]};
        return {DispatchEvent{d}, std::nullopt};
      }
      case 20: {
        GuildEmojisUpdate e;
        e.guild_id = Snowflake{g};
        for (std::uint64_t k = gen_.below(3); k > 0; --k) e.emojis.push_back(gen_.emoji(g * 10 + k));
        return {DispatchEvent{e}, std::nullopt};
      }
      default: return {std::nullopt, gen_.user(user_id())};
    }
    return {std::nullopt, gen_.user(user_id())};
  }

  Gen& gen() { return gen_; }

 private:
  Gen gen_;
  std::uint64_t next_message_ = 1'000'000;
  std::vector<std::uint64_t> message_channels_;
};

void expect_same(const Cache& cache, const Model& model, int step) {
  SCOPED_TRACE("after event " + std::to_string(step));
  const CacheStats st = cache.stats();
  ASSERT_EQ(st.guilds.count, model.guilds.size());
  ASSERT_EQ(st.channels.count, model.channels.size());
  ASSERT_EQ(st.members.count, model.member_count());
  ASSERT_EQ(st.users.count, model.users.size());
  ASSERT_EQ(st.messages.count, model.messages.size());

  auto ids = cache.guild_ids();
  std::sort(ids.begin(), ids.end());
  std::vector<Snowflake> expected_ids;
  for (auto& [gid, g] : model.guilds) expected_ids.emplace_back(gid);
  ASSERT_EQ(ids, expected_ids);

  for (auto& [gid, g] : model.guilds) {
    const auto got = cache.guild(Snowflake{gid});
    ASSERT_TRUE(got);
    ASSERT_EQ(*got, model.guild_value(gid, g)) << "guild " << gid;
    auto members = cache.members(Snowflake{gid});
    std::sort(members.begin(), members.end(), [](auto& a, auto& b) { return a.user_id() < b.user_id(); });
    std::vector<GuildMember> expected;
    for (auto& [uid, m] : g.members) expected.push_back(model.member_value(uid, m));
    ASSERT_EQ(members, expected) << "members of guild " << gid;
  }
  for (auto& [cid, c] : model.channels) {
    ASSERT_EQ(cache.channel(Snowflake{cid}), model.channel_value(c)) << "channel " << cid;
    std::vector<Message> expected;
    for (auto mid : c.messages) expected.push_back(model.messages.at(mid).m);
    ASSERT_EQ(cache.messages(Snowflake{cid}), expected) << "messages of channel " << cid;
  }
  for (auto& [uid, u] : model.users) ASSERT_EQ(cache.user(Snowflake{uid}), u.u) << "user " << uid;
  ASSERT_EQ(cache.current_user(), model.current);
}

void run(CacheOptions opts, std::uint64_t seed, int events) {
  Cache cache(opts);
  Model model(opts);
  EventSource source(seed);
  Ready ready;
  ready.user = cache_test::current_user(EventSource::kBot);
  cache.apply(ready);
  model.apply(ready);
  for (int i = 0; i < events; ++i) {
    auto [event, put] = source.next();
    if (event) {
      cache.apply(*event);
      model.apply(*event);
    } else {
      cache.put(*put);
      model.put_user_event(*put);
    }
    if (i % 25 == 24 || i == events - 1) {
      expect_same(cache, model, i);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  // Everything the cache accounted for is released when it is cleared.
  cache.clear();
  EXPECT_EQ(cache.stats().total_bytes(), 0u);
}

struct Case {
  const char* name;
  CacheOptions opts;
};

CacheOptions opts(std::size_t shards) {
  CacheOptions o;
  o.shards = shards;
  o.messages = 1'000'000;
  return o;
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (std::size_t shards : {1u, 5u}) {
    const std::string s = "_shards" + std::to_string(shards);
    CacheOptions o = opts(shards);
    out.push_back({"unbounded", o});
    o = opts(shards);
    o.messages.reset();
    out.push_back({"no_messages", o});
    o = opts(shards);
    o.guilds = 3;
    out.push_back({"guilds3", o});
    o = opts(shards);
    o.channels = 7;
    out.push_back({"channels7", o});
    o = opts(shards);
    o.members = 15;
    out.push_back({"members15", o});
    o = opts(shards);
    o.users = 12;
    out.push_back({"users12", o});
    o = opts(shards);
    o.messages = 9;
    out.push_back({"messages9", o});
    o = opts(shards);
    o.guilds = 4;
    o.channels = 10;
    o.members = 20;
    o.users = 18;
    o.messages = 12;
    out.push_back({"all_limits", o});
  }
  return out;
}

class CacheModel : public ::testing::TestWithParam<int> {};

TEST_P(CacheModel, AgreesWithTheModelAfterEveryBatchOfEvents) {
  const auto all = cases();
  const Case& c = all[static_cast<std::size_t>(GetParam())];
  SCOPED_TRACE(std::string(c.name) + " shards=" + std::to_string(c.opts.shards));
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    run(c.opts, seed, 1500);
    if (HasFatalFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(Limits, CacheModel, ::testing::Range(0, 16), [](const auto& info) {
  const auto all = cases();
  const Case& c = all[static_cast<std::size_t>(info.param)];
  return std::string(c.name) + "_shards" + std::to_string(c.opts.shards);
});

}  // namespace
