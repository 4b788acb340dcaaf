// Cache::apply: what each dispatch changes, and the REST put() paths it shares.

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <type_traits>

#include "cache/cache_impl.hpp"
#include "cache/pack.hpp"

namespace fluxer {

using namespace cache_detail;

namespace {

std::int64_t micros(Timestamp t) noexcept {
  return static_cast<std::int64_t>(t.time_since_epoch().count());
}

Error missing_user(std::string_view where) {
  return Error::decode(std::string(where) + ".user.id", "a member without a user id cannot be cached", "MISSING_USER");
}

/// The message `id` of channel `channel_id` in this shard, or kNoHandle.
std::uint32_t channel_message(const CacheCore::ChannelShard& s, Snowflake channel_id, Snowflake id) {
  const std::uint32_t mh = CacheCore::find_message(s, id.value());
  if (mh == kNoHandle || s.channels[s.messages[mh].channel].id != channel_id.value()) return kNoHandle;
  return mh;
}

bool same_emoji(const Emoji& a, const Emoji& b) {
  if (a.id || b.id) return a.id == b.id;
  return a.name == b.name;
}

}  // namespace

// ---------------------------------------------------------------- guilds

// An unavailable guild (a GUILD_CREATE stub or an outage's GUILD_DELETE): created as a
// placeholder when unknown, flagged otherwise; `out.guild_change` says which. Returns its
// handle.
std::uint32_t CacheCore::mark_unavailable_locked(GuildShard& s, std::uint64_t id, std::uint32_t h, bool hidden,
                                                 CacheUpdate& out) {
  if (h == kNoHandle) {
    h = create_guild_locked(s, id);
    out.guild_change = GuildChange::AddedUnavailable;
  } else {
    out.guild_change = s.guilds[h].unavailable() ? GuildChange::StillUnavailable : GuildChange::BecameUnavailable;
  }
  GuildEntry& g = s.guilds[h];
  g.bits |= GuildEntry::kUnavailable;
  if (hidden) {
    g.bits |= GuildEntry::kUnavailableHidden;
  } else {
    g.bits &= static_cast<std::uint8_t>(~GuildEntry::kUnavailableHidden);
  }
  return h;
}

CacheUpdate CacheCore::apply_guild_snapshot(const GuildSnapshot& snap, bool want_before) {
  (void)want_before;
  CacheUpdate out;
  const std::uint64_t id = snap.guild.id.value();
  if (id == 0) {
    out.error = Error::decode("id", "a guild without an id cannot be cached", "MISSING_ID");
    return out;
  }
  {
    GuildShard& s = gshard(id);
    std::unique_lock lock(s.mutex);
    std::uint32_t h = find_guild(s, id);
    if (snap.unavailable || snap.guild.unavailable) {
      h = mark_unavailable_locked(s, id, h, snap.unavailable_hidden, out);
    } else {
      if (h == kNoHandle) {
        h = create_guild_locked(s, id);
        out.guild_change = GuildChange::Added;
      } else {
        out.guild_change = s.guilds[h].unavailable() ? GuildChange::BecameAvailable : GuildChange::Refreshed;
      }
      GuildEntry& g = s.guilds[h];
      g.bits &= static_cast<std::uint8_t>(~(GuildEntry::kUnavailable | GuildEntry::kUnavailableHidden));
      g.properties = Blob{pack(snap.guild)};
      g.bits |= GuildEntry::kHasProperties;
      // A snapshot is complete: its collections replace the cached ones, even when empty.
      set_roles_locked(g, snap.guild.roles);
      set_emojis_locked(g, snap.guild.emojis);
      set_stickers_locked(g, snap.guild.stickers);
      set_channels_locked(g, snap.guild.channels);
      g.bits &= static_cast<std::uint8_t>(~(GuildEntry::kHasMemberCount | GuildEntry::kHasOnlineCount));
      if (snap.guild.member_count) {
        g.member_count = *snap.guild.member_count;
        g.bits |= GuildEntry::kHasMemberCount;
      }
      if (snap.guild.online_count) {
        g.online_count = *snap.guild.online_count;
        g.bits |= GuildEntry::kHasOnlineCount;
      }
      g.joined_at = snap.joined_at ? micros(*snap.joined_at) : kNoTime;
      for (const GuildMember& m : snap.members) {
        if (!m.user || m.user->id.empty()) {
          out.error = missing_user("members[]");
          continue;
        }
        upsert_member_locked(s, h, m, *m.user, nullptr);
      }
      s.guilds[h].voice_states.clear();
      for (const VoiceState& v : snap.voice_states)
        if (v.channel_id) set_voice_state_locked(s, h, v, false);
      s.guilds[h].voice_states.shrink_to_fit();
    }
  }
  for (const Presence& p : snap.presences) presence_set(p, snap.guild.id);
  enforce_limits();
  return out;
}

CacheUpdate CacheCore::apply_guild_delete(const GuildDelete& d, bool want_before) {
  CacheUpdate out;
  const std::uint64_t id = d.id.value();
  {
    GuildShard& s = gshard(id);
    std::unique_lock lock(s.mutex);
    std::uint32_t h = find_guild(s, id);
    if (d.unavailable) {
      h = mark_unavailable_locked(s, id, h, d.unavailable_hidden, out);
    } else {
      out.guild_change = GuildChange::Removed;
      if (h != kNoHandle) {
        if (want_before) out.before = read_guild_locked(s, s.guilds[h], GuildParts::All);
        remove_guild_locked(s, h);
      }
    }
  }
  enforce_limits();
  return out;
}

std::optional<Guild> CacheCore::put_guild(const Guild& guild, bool want_before) {
  const std::uint64_t id = guild.id.value();
  if (id == 0) return std::nullopt;
  std::optional<Guild> before;
  {
    GuildShard& s = gshard(id);
    std::unique_lock lock(s.mutex);
    std::uint32_t h = find_guild(s, id);
    if (h == kNoHandle) {
      h = create_guild_locked(s, id);
      if (guild.unavailable) s.guilds[h].bits |= GuildEntry::kUnavailable;
    } else if (want_before && (s.guilds[h].bits & GuildEntry::kHasProperties)) {
      before = read_guild_locked(s, s.guilds[h], GuildParts::Properties);
    }
    if (!guild.unavailable || !guild.name.empty()) put_guild_locked(s, h, guild);
  }
  enforce_limits();
  return before;
}

// ---------------------------------------------------------------- channels

std::optional<Channel> CacheCore::put_channel(const Channel& c, bool want_before) {
  if (c.id.empty()) return std::nullopt;
  std::optional<Channel> before;
  if (c.guild_id && !c.guild_id->empty()) {
    const std::uint64_t gid = c.guild_id->value();
    GuildShard& s = gshard(gid);
    std::unique_lock lock(s.mutex);
    const std::uint32_t gh = find_guild(s, gid);
    if (gh == kNoHandle) return std::nullopt;  // no orphan channels
    if (upsert_channel(c, gid, want_before ? &before : nullptr)) s.guilds[gh].channel_ids.push_back(c.id);
  } else {
    upsert_channel(c, 0, want_before ? &before : nullptr);
  }
  enforce_limits();
  return before;
}

std::optional<Channel> CacheCore::delete_channel(const Channel& c, bool want_before) {
  if (c.guild_id && !c.guild_id->empty()) {
    const std::uint64_t gid = c.guild_id->value();
    GuildShard& s = gshard(gid);
    std::unique_lock lock(s.mutex);
    const std::uint32_t gh = find_guild(s, gid);
    if (gh != kNoHandle) std::erase(s.guilds[gh].channel_ids, c.id);
    return remove_channel(c.id.value(), want_before);
  }
  return remove_channel(c.id.value(), want_before);
}

// ---------------------------------------------------------------- members

bool CacheCore::put_member(Snowflake guild_id, const GuildMember& m, const User& u, bool counts,
                           std::optional<GuildMember>* before) {
  bool stored = false;
  {
    GuildShard& s = gshard(guild_id.value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t gh = find_guild(s, guild_id.value());
    if (gh == kNoHandle) return false;  // no orphan members
    const bool inserted = upsert_member_locked(s, gh, m, u, before);
    if (inserted && counts && (s.guilds[gh].bits & GuildEntry::kHasMemberCount)) ++s.guilds[gh].member_count;
    stored = true;
  }
  enforce_limits();
  return stored;
}

// ---------------------------------------------------------------- messages

void CacheCore::put_message(const Message& m, bool update_member) {
  if (update_member && m.guild_id && m.member && !m.webhook_id && !m.author.id.empty()) {
    GuildShard& s = gshard(m.guild_id->value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t gh = find_guild(s, m.guild_id->value());
    if (gh != kNoHandle) upsert_member_locked(s, gh, *m.member, m.author, nullptr);
  } else if (!m.webhook_id && !m.author.id.empty()) {
    user_update(m.author);
  }
  [&] {
    ChannelShard& s = cshard(m.channel_id.value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t ch = find_channel(s, m.channel_id.value());
    if (ch == kNoHandle) return;  // messages are cached for cached channels only
    ChannelEntry& c = s.channels[ch];
    if (update_member) {  // a new message: the channel's last message
      c.last_message_id = m.id.value();
      c.bits |= ChannelEntry::kLastMessageOverride;
    }
    if (messages_enabled()) {
      std::uint32_t mh = find_message(s, m.id.value());
      if (mh != kNoHandle && s.messages[mh].channel != ch) {  // claimed by another channel: move it
        remove_message_locked(s, mh);
        mh = kNoHandle;
      }
      if (mh != kNoHandle) {
        write_message_locked(s, s.messages[mh], m);
      } else {
        insert_message_locked(s, ch, m);
      }
    }
  }();
  enforce_limits();
}

// ---------------------------------------------------------------- current user

std::optional<CurrentUser> CacheCore::put_current_user(const CurrentUser& u) {
  std::optional<CurrentUser> before;
  std::uint64_t old_id = 0;
  {
    std::lock_guard lock(current_mutex);
    before = std::move(current);
    current = u;
    old_id = current_user_id.exchange(u.id.value());
  }
  user_pin(u, old_id);
  return before;
}

// ---------------------------------------------------------------- the event visitor

namespace {

class Applier {
 public:
  Applier(CacheCore& impl, bool want_before) : c_(impl), want_(want_before) {}

  CacheUpdate out;

  void operator()(const Ready& e) {
    c_.put_current_user(e.user);
    for (const Channel& ch : e.private_channels) c_.put_channel(ch, false);
    for (const GuildSnapshot& g : e.guilds) c_.apply_guild_snapshot(g, false);
  }

  void operator()(const UserUpdate& e) {
    auto before = c_.put_current_user(e.user);
    if (want_ && before) out.before = std::move(*before);
  }

  void operator()(const GuildCreate& e) { out = c_.apply_guild_snapshot(e, want_); }
  void operator()(const GuildSync& e) { out = c_.apply_guild_snapshot(e, want_); }
  void operator()(const GuildDelete& e) { out = c_.apply_guild_delete(e, want_); }

  void operator()(const GuildUpdate& e) {
    auto before = c_.put_guild(e.guild, want_);
    if (before) out.before = std::move(*before);
  }

  void operator()(const GuildRoleCreate& e) { role(e.guild_id, e.role); }
  void operator()(const GuildRoleUpdate& e) { role(e.guild_id, e.role); }

  void operator()(const GuildRoleUpdateBulk& e) {
    std::vector<Role> befores;
    with_guild(e.guild_id, [&](CacheCore::GuildShard&, GuildEntry& g, std::uint32_t) {
      for (const Role& r : e.roles)
        if (auto b = c_.upsert_role_locked(g, r, want_)) befores.push_back(std::move(*b));
    });
    if (want_ && !befores.empty()) out.before = std::move(befores);
  }

  void operator()(const GuildRoleDelete& e) {
    with_guild(e.guild_id, [&](CacheCore::GuildShard& s, GuildEntry& g, std::uint32_t) {
      auto it =
          std::find_if(g.roles.begin(), g.roles.end(), [&](const RoleEntry& r) { return r.id == e.role_id.value(); });
      if (it != g.roles.end()) {
        if (want_) out.before = it->to_role();
        g.roles.erase(it);
      }
      // Members lose the role (the server also sends a GUILD_MEMBER_UPDATE for each).
      s.role_lists.remove_role(e.role_id);
    });
  }

  void operator()(const GuildEmojisUpdate& e) {
    with_guild(e.guild_id, [&](CacheCore::GuildShard&, GuildEntry& g, std::uint32_t) {
      if (want_) out.before = c_.read_emojis(g);
      c_.set_emojis_locked(g, e.emojis);
    });
  }

  void operator()(const GuildStickersUpdate& e) {
    with_guild(e.guild_id, [&](CacheCore::GuildShard&, GuildEntry& g, std::uint32_t) {
      if (want_) out.before = c_.read_stickers(g);
      c_.set_stickers_locked(g, e.stickers);
    });
  }

  void operator()(const GuildMemberAdd& e) { member(e.guild_id, e.member, true, "member"); }
  void operator()(const GuildMemberUpdate& e) { member(e.guild_id, e.member, false, "member"); }

  void operator()(const GuildMemberRemove& e) {
    with_guild(e.guild_id, [&](CacheCore::GuildShard& s, GuildEntry& g, std::uint32_t) {
      const std::uint32_t mh = CacheCore::find_member(s, g, e.user.id.value());
      if (mh != kNoHandle) {
        if (want_) out.before = c_.read_member_locked(s, mh);
        c_.remove_member_locked(s, mh);
        if ((g.bits & GuildEntry::kHasMemberCount) && g.member_count > 0) --g.member_count;
      }
    });
  }

  void operator()(const GuildMembersChunk& e) {
    with_guild(e.guild_id, [&](CacheCore::GuildShard& s, GuildEntry&, std::uint32_t gh) {
      for (const GuildMember& m : e.members) {
        if (!m.user || m.user->id.empty()) {
          out.error = missing_user("members[]");
          continue;
        }
        c_.upsert_member_locked(s, gh, m, *m.user, nullptr);
      }
    });
    for (const Presence& p : e.presences) c_.presence_set(p, e.guild_id);
  }

  void operator()(const ChannelCreate& e) { c_.put_channel(e.channel, false); }
  void operator()(const ChannelUpdate& e) {
    auto before = c_.put_channel(e.channel, want_);
    if (before) out.before = std::move(*before);
  }
  void operator()(const ChannelDelete& e) {
    auto before = c_.delete_channel(e.channel, want_);
    if (before) out.before = std::move(*before);
  }
  void operator()(const ChannelUpdateBulk& e) {
    std::vector<Channel> befores;
    for (Channel ch : e.channels) {
      if (!ch.guild_id) ch.guild_id = e.guild_id;
      if (auto b = c_.put_channel(ch, want_)) befores.push_back(std::move(*b));
    }
    if (want_ && !befores.empty()) out.before = std::move(befores);
  }
  void operator()(const ChannelPinsUpdate& e) {
    edit_channel(e.channel_id, [&](Channel& ch) { ch.last_pin_timestamp = e.last_pin_timestamp; });
  }
  void operator()(const ChannelRecipientAdd& e) {
    edit_channel(e.channel_id, [&](Channel& ch) {
      auto it =
          std::find_if(ch.recipients.begin(), ch.recipients.end(), [&](const User& u) { return u.id == e.user.id; });
      if (it == ch.recipients.end()) {
        ch.recipients.push_back(e.user);
      } else if (!is_id_only(e.user)) {
        *it = e.user;
      }
    });
  }
  void operator()(const ChannelRecipientRemove& e) {
    edit_channel(e.channel_id,
                 [&](Channel& ch) { std::erase_if(ch.recipients, [&](const User& u) { return u.id == e.user.id; }); });
  }

  void operator()(const MessageCreate& e) { c_.put_message(e.message, true); }

  void operator()(const MessageUpdate& e) {
    if (!c_.messages_enabled()) return;
    CacheCore::ChannelShard& s = c_.cshard(e.message.channel_id.value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t mh = channel_message(s, e.message.channel_id, e.message.id);
    if (mh == kNoHandle) return;  // only messages already cached are updated
    if (want_) out.before = c_.read_message_locked(s.messages[mh]);
    c_.write_message_locked(s, s.messages[mh], e.message);
  }

  void operator()(const MessageDelete& e) {
    if (!c_.messages_enabled()) return;
    CacheCore::ChannelShard& s = c_.cshard(e.channel_id.value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t mh = channel_message(s, e.channel_id, e.id);
    if (mh == kNoHandle) return;
    if (want_) out.before = c_.read_message_locked(s.messages[mh]);
    c_.remove_message_locked(s, mh);
  }

  void operator()(const MessageDeleteBulk& e) {
    if (!c_.messages_enabled()) return;
    std::vector<Message> befores;
    CacheCore::ChannelShard& s = c_.cshard(e.channel_id.value());
    std::unique_lock lock(s.mutex);
    for (Snowflake id : e.ids) {
      const std::uint32_t mh = channel_message(s, e.channel_id, id);
      if (mh == kNoHandle) continue;
      if (want_) befores.push_back(c_.read_message_locked(s.messages[mh]));
      c_.remove_message_locked(s, mh);
    }
    if (want_ && !befores.empty()) out.before = std::move(befores);
  }

  void operator()(const MessageReactionAdd& e) {
    edit_message(e.channel_id, e.message_id, [&](Message& m) { add_reaction(m, e.emoji, e.user_id); });
  }
  void operator()(const MessageReactionAddMany& e) {
    edit_message(e.channel_id, e.message_id, [&](Message& m) {
      for (const ReactionAddition& r : e.reactions) add_reaction(m, r.emoji, r.user_id);
    });
  }
  void operator()(const MessageReactionRemove& e) {
    edit_message(e.channel_id, e.message_id, [&](Message& m) {
      auto it = std::find_if(m.reactions.begin(), m.reactions.end(),
                             [&](const Reaction& r) { return same_emoji(r.emoji, e.emoji); });
      if (it == m.reactions.end()) return;
      if (--it->count <= 0) {
        m.reactions.erase(it);
      } else if (e.user_id.value() == c_.current_user_id.load()) {
        it->me = false;
      }
    });
  }
  void operator()(const MessageReactionRemoveAll& e) {
    edit_message(e.channel_id, e.message_id, [&](Message& m) { m.reactions.clear(); });
  }
  void operator()(const MessageReactionRemoveEmoji& e) {
    edit_message(e.channel_id, e.message_id, [&](Message& m) {
      std::erase_if(m.reactions, [&](const Reaction& r) { return same_emoji(r.emoji, e.emoji); });
    });
  }

  void operator()(const PresenceUpdate& e) { c_.presence_set(e.presence, std::nullopt); }
  void operator()(const PresenceUpdateBulk& e) {
    for (const Presence& p : e.presences) c_.presence_set(p, e.guild_id);
  }

  void operator()(const VoiceStateUpdate& e) {
    if (!e.state.guild_id) return;  // DM calls are not cached
    with_guild(*e.state.guild_id, [&](CacheCore::GuildShard& s, GuildEntry&, std::uint32_t gh) {
      auto before = c_.set_voice_state_locked(s, gh, e.state, want_);
      if (before) out.before = std::move(*before);
    });
  }

  /// Everything else changes nothing the cache holds.
  template <class Other>
  void operator()(const Other&) {}

 private:
  /// Runs f(shard, guild, handle) under the guild shard's exclusive lock, if the guild is
  /// cached; then enforces the limits.
  template <class F>
  void with_guild(Snowflake guild_id, F&& f) {
    {
      CacheCore::GuildShard& s = c_.gshard(guild_id.value());
      std::unique_lock lock(s.mutex);
      const std::uint32_t gh = CacheCore::find_guild(s, guild_id.value());
      if (gh == kNoHandle) return;
      f(s, s.guilds[gh], gh);
    }
    c_.enforce_limits();
  }

  void role(Snowflake guild_id, const Role& r) {
    with_guild(guild_id, [&](CacheCore::GuildShard&, GuildEntry& g, std::uint32_t) {
      if (auto b = c_.upsert_role_locked(g, r, want_)) out.before = std::move(*b);
    });
  }

  void member(Snowflake guild_id, const GuildMember& m, bool add, std::string_view where) {
    if (!m.user || m.user->id.empty()) {
      out.error = missing_user(where);
      return;
    }
    std::optional<GuildMember> before;
    c_.put_member(guild_id, m, *m.user, add, want_ ? &before : nullptr);
    if (before) out.before = std::move(*before);
  }

  /// Decodes a cached channel, lets f change it, stores it back.
  template <class F>
  void edit_channel(Snowflake channel_id, F&& f) {
    CacheCore::ChannelShard& s = c_.cshard(channel_id.value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t h = CacheCore::find_channel(s, channel_id.value());
    if (h == kNoHandle) return;
    ChannelEntry& e = s.channels[h];
    Channel ch = c_.read_channel_locked(e);
    if (want_) out.before = ch;
    f(ch);
    c_.write_channel_locked(s, e, ch);  // ch carries the current last_message_id
  }

  /// Decodes a cached message, lets f change it, stores it back.
  template <class F>
  void edit_message(Snowflake channel_id, Snowflake message_id, F&& f) {
    if (!c_.messages_enabled()) return;
    CacheCore::ChannelShard& s = c_.cshard(channel_id.value());
    std::unique_lock lock(s.mutex);
    const std::uint32_t mh = channel_message(s, channel_id, message_id);
    if (mh == kNoHandle) return;
    Message m = c_.read_message_locked(s.messages[mh]);
    f(m);
    c_.write_message_locked(s, s.messages[mh], m);
  }

  void add_reaction(Message& m, const Emoji& emoji, Snowflake user_id) {
    const bool me = user_id.value() == c_.current_user_id.load();
    auto it = std::find_if(m.reactions.begin(), m.reactions.end(),
                           [&](const Reaction& r) { return same_emoji(r.emoji, emoji); });
    if (it == m.reactions.end()) {
      Reaction r;
      r.emoji = emoji;
      r.emoji.user.reset();
      r.count = 1;
      r.me = me;
      m.reactions.push_back(std::move(r));
    } else {
      ++it->count;
      if (me) it->me = true;
      if (!it->emoji.animated && emoji.animated) it->emoji.animated = emoji.animated;
    }
  }

  CacheCore& c_;
  bool want_;
};

}  // namespace

CacheUpdate CacheCore::apply(const DispatchEvent& event, BeforeValues before) {
  Applier a(*this, before == BeforeValues::Collect);
  std::visit(a, event);
  return std::move(a.out);
}

}  // namespace fluxer
