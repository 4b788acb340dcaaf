#include "cache/stored_user.hpp"

#include <array>
#include <cstring>
#include <optional>
#include <string>

namespace fluxer::cache_detail {

namespace {

/// Lower-case hex digit values; 0xFF for anything else (upper case is kept verbatim, so
/// the text round-trips exactly).
constexpr std::array<std::uint8_t, 256> kHexValue = [] {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0xFF;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'a' + 10);
  return t;
}();

}  // namespace

bool pack_hash(std::string_view text, std::uint8_t (&out)[16], bool& animated) noexcept {
  animated = false;
  if (text.size() == 34 && text.substr(0, 2) == "a_") {
    animated = true;
    text.remove_prefix(2);
  }
  if (text.size() != 32) return false;
  std::uint8_t bad = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    const std::uint8_t hi = kHexValue[static_cast<unsigned char>(text[2 * i])];
    const std::uint8_t lo = kHexValue[static_cast<unsigned char>(text[2 * i + 1])];
    bad |= static_cast<std::uint8_t>(hi | lo);
    out[i] = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
  }
  return (bad & 0xF0) == 0;
}

std::string unpack_hash(const std::uint8_t (&in)[16], bool animated) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(34);
  if (animated) s += "a_";
  for (std::uint8_t b : in) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 15]);
  }
  return s;
}

void UserEntry::assign(const User& u) {
  id = u.id.value();
  bits &= kPinned;
  if (u.bot) bits |= kBot;
  if (u.system) bits |= kSystem;

  std::optional<std::string_view> verbatim_avatar;
  if (u.avatar) {
    bool animated = false;
    if (pack_hash(*u.avatar, avatar, animated)) {
      bits |= kAvatarHash;
      if (animated) bits |= kAvatarAnimated;
    } else {
      bits |= kAvatarVerbatim;
      verbatim_avatar = *u.avatar;
    }
  }
  if (!(bits & kAvatarHash)) std::memset(avatar, 0, sizeof(avatar));

  if (u.avatar_color) {
    bits |= kHasColor;
    avatar_color = *u.avatar_color;
  } else {
    avatar_color = 0;
  }

  std::optional<std::string_view> verbatim_discriminator;
  const std::string& d = u.discriminator;
  if (d.empty()) {
    discriminator = kDiscriminatorEmpty;
  } else if (d.size() == 4 && d.find_first_not_of("0123456789") == std::string::npos) {
    discriminator =
        static_cast<std::uint16_t>((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0'));
  } else {
    discriminator = kDiscriminatorVerbatim;
    verbatim_discriminator = d;
  }

  flags_lo = static_cast<std::uint32_t>(u.flags);
  std::optional<std::string_view> high_flags;
  char high[4];
  if ((u.flags >> 32) != 0) {
    bits |= kFlagsHigh;
    const auto hi = static_cast<std::uint32_t>(u.flags >> 32);
    std::memcpy(high, &hi, 4);
    high_flags = std::string_view(high, 4);
  }

  // An id-only user (empty username, nothing else) stores no strings at all.
  std::optional<std::string_view> username;
  if (!is_id_only(u)) username = u.username;
  std::optional<std::string_view> global_name;
  if (u.global_name) global_name = *u.global_name;
  strings.assign({username, global_name, verbatim_avatar, verbatim_discriminator, high_flags});
}

User UserEntry::to_user() const {
  User u;
  u.id = Snowflake{id};
  if (auto s = strings.get(0)) u.username.assign(*s);
  if (auto s = strings.get(1)) u.global_name.emplace(*s);
  if (bits & kAvatarHash) {
    u.avatar = unpack_hash(avatar, (bits & kAvatarAnimated) != 0);
  } else if (bits & kAvatarVerbatim) {
    u.avatar.emplace(strings.get_or_empty(2));
  }
  if (bits & kHasColor) u.avatar_color = avatar_color;
  if (discriminator == kDiscriminatorVerbatim) {
    u.discriminator.assign(strings.get_or_empty(3));
  } else if (discriminator != kDiscriminatorEmpty) {
    char buf[5];
    buf[0] = static_cast<char>('0' + discriminator / 1000);
    buf[1] = static_cast<char>('0' + discriminator / 100 % 10);
    buf[2] = static_cast<char>('0' + discriminator / 10 % 10);
    buf[3] = static_cast<char>('0' + discriminator % 10);
    u.discriminator.assign(buf, 4);
  }
  u.bot = (bits & kBot) != 0;
  u.system = (bits & kSystem) != 0;
  u.flags = flags_lo;
  if (bits & kFlagsHigh) {
    std::uint32_t hi = 0;
    const auto s = strings.get_or_empty(4);
    if (s.size() == 4) std::memcpy(&hi, s.data(), 4);
    u.flags |= std::uint64_t{hi} << 32;
  }
  return u;
}

}  // namespace fluxer::cache_detail
