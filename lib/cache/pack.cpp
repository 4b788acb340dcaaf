#include "cache/pack.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <concepts>
#include <cstring>
#include <optional>
#include <type_traits>
#include <vector>

#include <fluxer/model/channel.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/voice_state.hpp>

namespace fluxer::cache_detail {

// ---------------------------------------------------------------- primitives

void put_varint(std::string& out, std::uint64_t v) {
  if (v < 0x80) {
    out.push_back(static_cast<char>(v));
    return;
  }
  char b[10];
  std::size_t n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  out.append(b, n);
}

void put_fixed64(std::string& out, std::uint64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

std::uint64_t PackCursor::varint() noexcept {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p_ == end_) {
      ok_ = false;
      return 0;
    }
    const unsigned char b = *p_++;
    v |= std::uint64_t{b & 0x7Fu} << shift;
    if ((b & 0x80) == 0) return v;
  }
  ok_ = false;
  return 0;
}

std::uint64_t PackCursor::fixed64() noexcept {
  if (remaining() < 8) {
    ok_ = false;
    p_ = end_;
    return 0;
  }
  std::uint64_t v;
  std::memcpy(&v, p_, 8);
  p_ += 8;
  return v;
}

std::uint8_t PackCursor::byte() noexcept {
  if (p_ == end_) {
    ok_ = false;
    return 0;
  }
  return *p_++;
}

std::string_view PackCursor::bytes(std::size_t n) noexcept {
  if (remaining() < n) {
    ok_ = false;
    p_ = end_;
    return {};
  }
  std::string_view s(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return s;
}

namespace {

template <class S, class T>
concept Is = std::same_as<std::remove_const_t<S>, T>;

template <class T>
struct IsDuration : std::false_type {};
template <class R, class P>
struct IsDuration<std::chrono::duration<R, P>> : std::true_type {};

// ---------------------------------------------------------------- field lists
//
// One list per type, walked by both the writer and the reader. Every field of the model
// struct must be here; the size checks at the end of this file fail the build when a model
// struct changes, so a new field cannot be silently dropped by the cache.

template <class V, Is<User> S>
void visit(V& v, S& s) {
  v(s.id, s.username, s.discriminator, s.global_name, s.avatar, s.avatar_color, s.bot, s.system, s.flags);
}

template <class V, Is<GuildMember> S>
void visit(V& v, S& s) {
  v(s.user, s.nick, s.avatar, s.banner, s.accent_color, s.roles, s.joined_at, s.mute, s.deaf,
    s.communication_disabled_until, s.profile_flags, s.join_source_type, s.source_invite_code, s.inviter_id);
}

template <class V, Is<Emoji> S>
void visit(V& v, S& s) {
  v(s.id, s.name, s.animated, s.user);
}

template <class V, Is<Sticker> S>
void visit(V& v, S& s) {
  v(s.id, s.name, s.description, s.tags, s.format_type, s.animated, s.nsfw, s.user);
}

template <class V, Is<PermissionOverwrite> S>
void visit(V& v, S& s) {
  v(s.id, s.type, s.allow, s.deny);
}

template <class V, Is<Channel> S>
void visit(V& v, S& s) {
  v(s.id, s.type, s.guild_id, s.name, s.topic, s.url, s.icon, s.owner_id, s.position, s.parent_id, s.bitrate,
    s.user_limit, s.rtc_region, s.last_message_id, s.last_pin_timestamp, s.permission_overwrites, s.recipients, s.nsfw,
    s.rate_limit_per_user, s.voice_connection_limit, s.nsfw_override, s.content_warning_level, s.content_warning_text);
}

// Properties only: the collections and counts are stored apart by the cache.
template <class V, Is<Guild> S>
void visit(V& v, S& s) {
  v(s.id, s.name, s.icon, s.banner, s.banner_width, s.banner_height, s.splash, s.splash_width, s.splash_height,
    s.splash_card_alignment, s.embed_splash, s.embed_splash_width, s.embed_splash_height, s.vanity_url_code, s.owner_id,
    s.system_channel_id, s.system_channel_flags, s.rules_channel_id, s.afk_channel_id, s.afk_timeout, s.features,
    s.verification_level, s.mfa_level, s.nsfw_level, s.explicit_content_filter, s.default_message_notifications,
    s.disabled_operations, s.permissions, s.nsfw, s.content_warning_level, s.content_warning_text);
}

template <class V, Is<Attachment> S>
void visit(V& v, S& s) {
  v(s.id, s.filename, s.title, s.description, s.content_type, s.content_hash, s.size, s.url, s.proxy_url, s.width,
    s.height, s.placeholder, s.flags, s.nsfw, s.duration, s.waveform, s.expires_at, s.expired);
}

template <class V, Is<EmbedAuthor> S>
void visit(V& v, S& s) {
  v(s.name, s.url, s.icon_url, s.proxy_icon_url);
}

template <class V, Is<EmbedProvider> S>
void visit(V& v, S& s) {
  v(s.name, s.url);
}

template <class V, Is<EmbedFooter> S>
void visit(V& v, S& s) {
  v(s.text, s.icon_url, s.proxy_icon_url);
}

template <class V, Is<EmbedMedia> S>
void visit(V& v, S& s) {
  v(s.url, s.description, s.proxy_url, s.width, s.height, s.content_type, s.content_hash, s.placeholder, s.duration,
    s.flags);
}

template <class V, Is<EmbedField> S>
void visit(V& v, S& s) {
  v(s.name, s.value, s.is_inline);
}

template <class V, Is<Embed> S>
void visit(V& v, S& s) {
  v(s.type, s.title, s.description, s.url, s.timestamp, s.color, s.author, s.provider, s.thumbnail, s.image, s.video,
    s.audio, s.footer, s.fields, s.nsfw);
}

template <class V, Is<Reaction> S>
void visit(V& v, S& s) {
  v(s.emoji, s.count, s.me);
}

template <class V, Is<MessageReference> S>
void visit(V& v, S& s) {
  v(s.message_id, s.channel_id, s.guild_id, s.type);
}

template <class V, Is<MessageSnapshot> S>
void visit(V& v, S& s) {
  v(s.content, s.timestamp, s.edited_timestamp, s.mentions, s.mention_roles, s.embeds, s.attachments, s.stickers,
    s.type, s.flags);
}

template <class V, Is<MessageCall> S>
void visit(V& v, S& s) {
  v(s.participants, s.ended_timestamp);
}

template <class V, Is<Message> S>
void visit(V& v, S& s) {
  v(s.id, s.channel_id, s.guild_id, s.author, s.member, s.webhook_id, s.type, s.flags, s.content, s.timestamp,
    s.edited_timestamp, s.pinned, s.mention_everyone, s.tts, s.mentions, s.mention_roles, s.embeds, s.attachments,
    s.stickers, s.reactions, s.message_reference, s.message_snapshots, s.nonce, s.call, s.referenced_message);
}

template <class V, Is<VoiceState> S>
void visit(V& v, S& s) {
  v(s.guild_id, s.channel_id, s.user_id, s.connection_id, s.session_id, s.member, s.mute, s.deaf, s.self_mute,
    s.self_deaf, s.self_video, s.self_stream, s.is_mobile, s.suppress, s.viewer_stream_keys, s.e2ee_capable, s.version);
}

template <class V, Is<CustomStatus> S>
void visit(V& v, S& s) {
  v(s.text, s.expires_at, s.emoji_id, s.emoji_name, s.emoji_animated);
}

// ---------------------------------------------------------------- writer

class Writer {
 public:
  // Writes through a raw pointer into `out`, grown by doubling; trimmed on destruction.
  explicit Writer(std::string& out) : out_(out), pos_(out.size()) {
    out_.resize(std::max(out_.size() + 1024, out_.capacity()));
  }
  ~Writer() { out_.resize(pos_); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  template <class... F>
  void operator()(const F&... fields) {
    (put(fields), ...);
  }

 private:
  char* room(std::size_t n) {
    if (pos_ + n > out_.size()) out_.resize(std::max(out_.size() * 2, pos_ + n));
    return out_.data() + pos_;
  }
  void byte(std::uint8_t b) {
    *room(1) = static_cast<char>(b);
    ++pos_;
  }
  void varint(std::uint64_t v) {
    char* p = room(10);
    std::size_t n = 0;
    while (v >= 0x80) {
      p[n++] = static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    p[n++] = static_cast<char>(v);
    pos_ += n;
  }
  void fixed64(std::uint64_t v) {
    std::memcpy(room(8), &v, 8);
    pos_ += 8;
  }
  void raw(const char* data, std::size_t n) {
    if (n == 0) return;
    std::memcpy(room(n), data, n);
    pos_ += n;
  }

  void put(bool b) { byte(b ? 1 : 0); }
  template <class T>
  requires(std::integral<T> && !std::same_as<T, bool>) void put(T v) {
    if constexpr (std::is_signed_v<T>)
      varint(zigzag(static_cast<std::int64_t>(v)));
    else
      varint(static_cast<std::uint64_t>(v));
  }
  template <class E>
  requires std::is_enum_v<E>
  void put(E e) { put(static_cast<std::underlying_type_t<E>>(e)); }
  void put(Snowflake id) { fixed64(id.value()); }
  void put(Permissions p) { varint(p.value()); }
  void put(Timestamp t) { put(static_cast<std::int64_t>(t.time_since_epoch().count())); }
  template <class D>
  requires IsDuration<D>::value void put(D d) {
    if constexpr (std::is_floating_point_v<typename D::rep>)
      fixed64(std::bit_cast<std::uint64_t>(static_cast<double>(d.count())));
    else
      put(static_cast<std::int64_t>(d.count()));
  }
  void put(const std::string& s) {
    varint(s.size());
    raw(s.data(), s.size());
  }
  template <class T>
  void put(const std::optional<T>& o) {
    byte(o.has_value() ? 1 : 0);
    if (o) put(*o);
  }
  template <class T>
  void put(const std::vector<T>& v) {
    varint(v.size());
    for (const auto& x : v) put(x);
  }
  template <class T>
  void put(const Nullable<T>& n) {
    byte(n.has_value() ? 2 : n.is_null() ? 1 : 0);
    if (n.has_value()) put(*n);
  }
  template <class T>
  void put(const Box<T>& b) {
    put(*b);
  }
  template <class T>
  requires(std::is_class_v<T>) void put(const T& s) requires requires(Writer& w) { visit(w, s); }
  { visit(*this, s); }

  std::string& out_;
  std::size_t pos_;
};

// ---------------------------------------------------------------- reader

class Reader {
 public:
  explicit Reader(std::string_view bytes) : in_(bytes) {}

  template <class... F>
  void operator()(F&... fields) {
    (get(fields), ...);
  }
  [[nodiscard]] bool ok() const noexcept { return in_.ok(); }
  [[nodiscard]] bool at_end() const noexcept { return in_.remaining() == 0; }

  template <class T>
  void read(T& v) {
    get(v);
  }

 private:
  void get(bool& b) { b = in_.byte() != 0; }
  template <class T>
  requires(std::integral<T> && !std::same_as<T, bool>) void get(T& v) {
    if constexpr (std::is_signed_v<T>)
      v = static_cast<T>(unzigzag(in_.varint()));
    else
      v = static_cast<T>(in_.varint());
  }
  template <class E>
  requires std::is_enum_v<E>
  void get(E& e) {
    std::underlying_type_t<E> u{};
    get(u);
    e = static_cast<E>(u);
  }
  void get(Snowflake& id) { id = Snowflake{in_.fixed64()}; }
  void get(Permissions& p) { p = Permissions{in_.varint()}; }
  void get(Timestamp& t) {
    std::int64_t us = 0;
    get(us);
    t = Timestamp{std::chrono::microseconds{us}};
  }
  template <class D>
  requires IsDuration<D>::value void get(D& d) {
    if constexpr (std::is_floating_point_v<typename D::rep>) {
      d = D{static_cast<typename D::rep>(std::bit_cast<double>(in_.fixed64()))};
    } else {
      std::int64_t n = 0;
      get(n);
      d = D{static_cast<typename D::rep>(n)};
    }
  }
  void get(std::string& s) {
    const std::uint64_t n = in_.varint();
    if (n > in_.remaining()) {
      in_.fail();
      return;
    }
    s.assign(in_.bytes(static_cast<std::size_t>(n)));
  }
  template <class T>
  void get(std::optional<T>& o) {
    bool present = false;
    get(present);
    if (!present || !in_.ok()) {
      o.reset();
      return;
    }
    get(o.emplace());
  }
  template <class T>
  void get(std::vector<T>& v) {
    const std::uint64_t n = in_.varint();
    if (n > in_.remaining()) {  // every element takes at least one byte
      in_.fail();
      return;
    }
    v.clear();
    v.resize(static_cast<std::size_t>(n));
    for (auto& x : v) {
      get(x);
      if (!in_.ok()) return;
    }
  }
  template <class T>
  void get(Nullable<T>& n) {
    const std::uint8_t state = in_.byte();
    if (state == 2) {
      get(n.emplace());
    } else if (state == 1) {
      n = nullptr;
    } else {
      n.reset();
    }
  }
  template <class T>
  void get(Box<T>& b) {
    get(*b);
  }
  template <class T>
  requires(std::is_class_v<T>) void get(T& s) requires requires(Reader& r) { visit(r, s); }
  { visit(*this, s); }

  PackCursor in_;
};

}  // namespace

template <class T>
void pack_into(std::string& out, const T& value) {
  Writer w(out);
  w(value);
}

template <class T>
bool unpack(std::string_view bytes, T& value) {
  Reader r(bytes);
  r.read(value);
  return r.ok() && r.at_end();
}

#define FLUXER_CACHE_PACKABLE(T)                      \
  template void pack_into<T>(std::string&, const T&); \
  template bool unpack<T>(std::string_view, T&);

FLUXER_CACHE_PACKABLE(User)
FLUXER_CACHE_PACKABLE(GuildMember)
FLUXER_CACHE_PACKABLE(Emoji)
FLUXER_CACHE_PACKABLE(std::vector<Emoji>)
FLUXER_CACHE_PACKABLE(Sticker)
FLUXER_CACHE_PACKABLE(std::vector<Sticker>)
FLUXER_CACHE_PACKABLE(Channel)
FLUXER_CACHE_PACKABLE(Guild)
FLUXER_CACHE_PACKABLE(Message)
FLUXER_CACHE_PACKABLE(VoiceState)
FLUXER_CACHE_PACKABLE(CustomStatus)

#undef FLUXER_CACHE_PACKABLE

// A model struct whose size changed probably gained (or lost) a field: add it to its field
// list above, then update the size here. (Checked for the toolchain the sizes were measured
// with: g++ / libstdc++ on x86-64.)
#if defined(__GLIBCXX__) && defined(__x86_64__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(User) == 176, "User changed: update visit(User) in lib/cache/pack.cpp");
static_assert(sizeof(GuildMember) == 448, "GuildMember changed: update visit(GuildMember)");
static_assert(sizeof(Emoji) == 240, "Emoji changed: update visit(Emoji)");
static_assert(sizeof(Sticker) == 304, "Sticker changed: update visit(Sticker)");
static_assert(sizeof(PermissionOverwrite) == 32, "PermissionOverwrite changed: update its visit()");
static_assert(sizeof(Channel) == 448, "Channel changed: update visit(Channel)");
static_assert(sizeof(Guild) == 608, "Guild changed: update visit(Guild) (properties) or the cache's collections");
static_assert(sizeof(Attachment) == 432, "Attachment changed: update visit(Attachment)");
static_assert(sizeof(EmbedAuthor) == 152, "EmbedAuthor changed: update its visit()");
static_assert(sizeof(EmbedProvider) == 72, "EmbedProvider changed: update its visit()");
static_assert(sizeof(EmbedFooter) == 112, "EmbedFooter changed: update its visit()");
static_assert(sizeof(EmbedMedia) == 272, "EmbedMedia changed: update its visit()");
static_assert(sizeof(EmbedField) == 72, "EmbedField changed: update its visit()");
static_assert(sizeof(Embed) == 1688, "Embed changed: update visit(Embed)");
static_assert(sizeof(Reaction) == 248, "Reaction changed: update visit(Reaction)");
static_assert(sizeof(MessageReference) == 40, "MessageReference changed: update its visit()");
static_assert(sizeof(MessageSnapshot) == 192, "MessageSnapshot changed: update its visit()");
static_assert(sizeof(MessageCall) == 40, "MessageCall changed: update its visit()");
static_assert(sizeof(Message) == 1080, "Message changed: update visit(Message)");
static_assert(sizeof(VoiceState) == 632, "VoiceState changed: update visit(VoiceState)");
static_assert(sizeof(CustomStatus) == 120, "CustomStatus changed: update visit(CustomStatus)");
#endif

}  // namespace fluxer::cache_detail
