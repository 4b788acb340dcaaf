#include "cache/string_pack.hpp"

#include <cstring>
#include <memory>
#include <string>

namespace fluxer::cache_detail {

StringPack::StringPack(StringPack&& o) noexcept {
  std::memcpy(bytes_, o.bytes_, sizeof(bytes_));
  o.bytes_[kInline] = 0;
}

StringPack& StringPack::operator=(StringPack&& o) noexcept {
  if (this != &o) {
    release();
    std::memcpy(bytes_, o.bytes_, sizeof(bytes_));
    o.bytes_[kInline] = 0;
  }
  return *this;
}

void StringPack::release() noexcept {
  if (on_heap()) {
    char* p;
    std::memcpy(&p, bytes_, sizeof(p));
    delete[] p;
  }
  bytes_[kInline] = 0;
}

std::string_view StringPack::encoded() const noexcept {
  if (on_heap()) {
    const char* p;
    std::uint32_t n;
    std::memcpy(&p, bytes_, sizeof(p));
    std::memcpy(&n, bytes_ + sizeof(p), sizeof(n));
    return {p, n};
  }
  return {bytes_, meta()};
}

void StringPack::assign(std::initializer_list<std::optional<std::string_view>> strings) {
  // Drop trailing absent strings: they cost nothing.
  std::size_t count = strings.size();
  while (count > 0 && !strings.begin()[count - 1]) --count;
  std::size_t size = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& s = strings.begin()[i];
    size += !s ? 1 : (s->size() < 254 ? 1 : 5) + s->size();
  }
  char small[kInline];
  std::unique_ptr<char[]> big;
  char* out = small;
  if (size > kInline) {
    big = std::make_unique<char[]>(size);
    out = big.get();
  }
  char* p = out;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& s = strings.begin()[i];
    if (!s) {
      *p++ = 0;
      continue;
    }
    if (s->size() < 254) {
      *p++ = static_cast<char>(s->size() + 1);
    } else {
      *p++ = static_cast<char>(255);
      const auto n32 = static_cast<std::uint32_t>(s->size());
      std::memcpy(p, &n32, 4);
      p += 4;
    }
    std::memcpy(p, s->data(), s->size());
    p += s->size();
  }
  if (encoded() == std::string_view(out, size)) return;  // unchanged: keep the storage
  release();
  if (size <= kInline) {
    std::memcpy(bytes_, out, size);
    bytes_[kInline] = static_cast<char>(size);
  } else {
    char* heap = big.release();
    const auto n = static_cast<std::uint32_t>(size);
    std::memcpy(bytes_, &heap, sizeof(heap));
    std::memcpy(bytes_ + sizeof(heap), &n, sizeof(n));
    bytes_[kInline] = static_cast<char>(kHeapFlag);
  }
}

std::optional<std::string_view> StringPack::get(std::size_t i) const noexcept {
  const std::string_view enc = encoded();
  std::size_t pos = 0;
  for (std::size_t k = 0;; ++k) {
    if (pos >= enc.size()) return std::nullopt;
    const auto h = static_cast<std::uint8_t>(enc[pos++]);
    std::size_t len = 0;
    if (h == 0) {
      if (k == i) return std::nullopt;
      continue;
    }
    if (h == 255) {
      std::uint32_t n;
      std::memcpy(&n, enc.data() + pos, 4);
      pos += 4;
      len = n;
    } else {
      len = h - 1u;
    }
    if (k == i) return enc.substr(pos, len);
    pos += len;
  }
}

std::size_t StringPack::heap_bytes() const noexcept {
  return on_heap() ? encoded().size() : 0;
}

}  // namespace fluxer::cache_detail
