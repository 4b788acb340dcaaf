#pragma once
// StringPack: several optional strings in 24 bytes. The strings are encoded one after the
// other (a length byte each: 0 = absent, n + 1 for n < 254, 255 = a 4-byte length follows);
// absent strings at the end take no space. Up to 23 encoded bytes live inline (a username
// and no display name, or both when short); longer packs take one exact-size heap block.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace fluxer::cache_detail {

class StringPack {
 public:
  static constexpr std::size_t kInline = 23;

  StringPack() noexcept { bytes_[kInline] = 0; }
  StringPack(const StringPack&) = delete;
  StringPack& operator=(const StringPack&) = delete;
  StringPack(StringPack&& o) noexcept;
  StringPack& operator=(StringPack&& o) noexcept;
  ~StringPack() { release(); }

  /// Replaces the contents with these strings (nullopt = absent).
  void assign(std::initializer_list<std::optional<std::string_view>> strings);

  /// String i, or nullopt when absent (or beyond the strings assigned).
  [[nodiscard]] std::optional<std::string_view> get(std::size_t i) const noexcept;
  /// String i, or "" when absent.
  [[nodiscard]] std::string_view get_or_empty(std::size_t i) const noexcept { return get(i).value_or(""); }

  /// Heap bytes requested (0 when inline).
  [[nodiscard]] std::size_t heap_bytes() const noexcept;

 private:
  static constexpr std::uint8_t kHeapFlag = 0x80;
  [[nodiscard]] bool on_heap() const noexcept { return (meta() & kHeapFlag) != 0; }
  [[nodiscard]] std::uint8_t meta() const noexcept { return static_cast<std::uint8_t>(bytes_[kInline]); }
  [[nodiscard]] std::string_view encoded() const noexcept;
  void release() noexcept;

  // Inline: bytes_[0..22] data, bytes_[23] = size. Heap: bytes_[0..7] pointer, [8..11] size,
  // bytes_[23] = kHeapFlag.
  char bytes_[kInline + 1];
};

static_assert(sizeof(StringPack) == 24);

}  // namespace fluxer::cache_detail
