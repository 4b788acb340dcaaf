#pragma once
// The packed form of cold entity data: a compact binary encoding of model values (no field
// names; LEB128 varints for counts and small integers, zigzag for signed ones, 8 raw bytes
// for ids, integer microseconds for timestamps, a presence byte per optional). Used for
// whatever the cache stores as a Blob: guild properties, channels, emoji and sticker lists,
// voice states, custom statuses, member extras and whole messages. Lossless: unpack(pack(x))
// == x for every field of the types listed in pack.cpp.

#include <cstdint>
#include <string>
#include <string_view>

namespace fluxer::cache_detail {

/// Appends the packed form of `value` to `out`. For Guild only the properties are packed
/// (not roles, channels, emojis, stickers, member_count, online_count, unavailable).
template <class T>
void pack_into(std::string& out, const T& value);

/// Decodes a packed value into `value` (which should be default-constructed). False when
/// the bytes are truncated or malformed (never for bytes pack_into wrote).
template <class T>
bool unpack(std::string_view bytes, T& value);

template <class T>
std::string pack(const T& value) {
  std::string out;
  pack_into(out, value);
  return out;
}

/// Low-level LEB128 helpers, shared with the hand-packed member extras.
void put_varint(std::string& out, std::uint64_t v);
void put_fixed64(std::string& out, std::uint64_t v);
[[nodiscard]] inline std::uint64_t zigzag(std::int64_t v) noexcept {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
[[nodiscard]] inline std::int64_t unzigzag(std::uint64_t v) noexcept {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

/// Sequential reader over packed bytes; `ok` turns false (and stays) on truncated input.
class PackCursor {
 public:
  explicit PackCursor(std::string_view bytes) noexcept
      : p_(reinterpret_cast<const unsigned char*>(bytes.data())), end_(p_ + bytes.size()) {}
  std::uint64_t varint() noexcept;
  std::uint64_t fixed64() noexcept;
  std::uint8_t byte() noexcept;
  std::string_view bytes(std::size_t n) noexcept;
  [[nodiscard]] std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - p_); }
  [[nodiscard]] bool ok() const noexcept { return ok_; }
  void fail() noexcept { ok_ = false; }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
  bool ok_ = true;
};

}  // namespace fluxer::cache_detail
