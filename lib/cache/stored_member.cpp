#include "cache/stored_member.hpp"

#include <string>

#include "cache/pack.hpp"

namespace fluxer::cache_detail {

namespace {

enum ExtraBit : std::uint32_t {
  kNick = 1u << 0,
  kAvatar = 1u << 1,
  kBanner = 1u << 2,
  kAccent = 1u << 3,
  kTimeout = 1u << 4,
  kProfileFlags = 1u << 5,
  kJoinSource = 1u << 6,
  kInviteCode = 1u << 7,
  kInviter = 1u << 8,
};

void put_string(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out.append(s);
}

std::string get_string(PackCursor& c) {
  const std::uint64_t n = c.varint();
  if (n > c.remaining()) {
    c.fail();
    return {};
  }
  return std::string(c.bytes(static_cast<std::size_t>(n)));
}

std::int64_t micros(Timestamp t) noexcept {
  return static_cast<std::int64_t>(t.time_since_epoch().count());
}
Timestamp from_micros(std::int64_t us) noexcept {
  return Timestamp{std::chrono::microseconds{us}};
}

}  // namespace

void MemberEntry::assign(const GuildMember& m, std::uint32_t guild_handle) {
  user_id = m.user_id().value();
  joined_at = m.joined_at ? micros(*m.joined_at) : kNoTime;
  guild_bits = (guild_handle & kGuildMask) | (m.mute ? kMute : 0u) | (m.deaf ? kDeaf : 0u);

  std::uint32_t mask = 0;
  if (m.nick) mask |= kNick;
  if (m.avatar) mask |= kAvatar;
  if (m.banner) mask |= kBanner;
  if (m.accent_color) mask |= kAccent;
  if (m.communication_disabled_until) mask |= kTimeout;
  if (m.profile_flags) mask |= kProfileFlags;
  if (m.join_source_type) mask |= kJoinSource;
  if (m.source_invite_code) mask |= kInviteCode;
  if (m.inviter_id) mask |= kInviter;
  if (mask == 0) {
    extras = Blob{};
    return;
  }
  std::string out;
  put_varint(out, mask);
  if (m.nick) put_string(out, *m.nick);
  if (m.avatar) put_string(out, *m.avatar);
  if (m.banner) put_string(out, *m.banner);
  if (m.accent_color) put_varint(out, *m.accent_color);
  if (m.communication_disabled_until) put_varint(out, zigzag(micros(*m.communication_disabled_until)));
  if (m.profile_flags) put_varint(out, zigzag(*m.profile_flags));
  if (m.join_source_type) put_varint(out, zigzag(*m.join_source_type));
  if (m.source_invite_code) put_string(out, *m.source_invite_code);
  if (m.inviter_id) put_fixed64(out, m.inviter_id->value());
  if (extras.view() != out) extras = Blob{out};  // unchanged: keep the block
}

GuildMember MemberEntry::to_member(const std::vector<Snowflake>& role_ids) const {
  GuildMember m;
  m.roles = role_ids;
  if (joined_at != kNoTime) m.joined_at = from_micros(joined_at);
  m.mute = (guild_bits & kMute) != 0;
  m.deaf = (guild_bits & kDeaf) != 0;
  if (extras.empty()) return m;
  PackCursor c(extras.view());
  const auto mask = static_cast<std::uint32_t>(c.varint());
  if (mask & kNick) m.nick = get_string(c);
  if (mask & kAvatar) m.avatar = get_string(c);
  if (mask & kBanner) m.banner = get_string(c);
  if (mask & kAccent) m.accent_color = static_cast<std::uint32_t>(c.varint());
  if (mask & kTimeout) m.communication_disabled_until = from_micros(unzigzag(c.varint()));
  if (mask & kProfileFlags) m.profile_flags = static_cast<int>(unzigzag(c.varint()));
  if (mask & kJoinSource) m.join_source_type = static_cast<int>(unzigzag(c.varint()));
  if (mask & kInviteCode) m.source_invite_code = get_string(c);
  if (mask & kInviter) m.inviter_id = Snowflake{c.fixed64()};
  return m;
}

}  // namespace fluxer::cache_detail
