#pragma once
// Blob: an immutable byte string in one exact-size heap block ([u32 size][bytes]), 8 bytes
// in its owner; empty = no allocation. Holds the packed (binary) form of cold fields.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

namespace fluxer::cache_detail {

class Blob {
 public:
  Blob() = default;
  explicit Blob(std::string_view bytes) {
    if (bytes.empty()) return;
    const auto n = static_cast<std::uint32_t>(bytes.size());
    p_ = new std::byte[sizeof(n) + n];
    std::memcpy(p_, &n, sizeof(n));
    std::memcpy(p_ + sizeof(n), bytes.data(), n);
  }
  Blob(const Blob&) = delete;
  Blob& operator=(const Blob&) = delete;
  Blob(Blob&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Blob& operator=(Blob&& o) noexcept {
    if (this != &o) {
      delete[] p_;
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }
  ~Blob() { delete[] p_; }

  [[nodiscard]] bool empty() const noexcept { return p_ == nullptr; }
  [[nodiscard]] std::uint32_t size() const noexcept {
    std::uint32_t n = 0;
    if (p_) std::memcpy(&n, p_, sizeof(n));
    return n;
  }
  [[nodiscard]] std::string_view view() const noexcept {
    if (!p_) return {};
    return {reinterpret_cast<const char*>(p_ + sizeof(std::uint32_t)), size()};
  }
  /// Bytes requested from the allocator for this blob.
  [[nodiscard]] std::size_t heap_bytes() const noexcept { return p_ ? sizeof(std::uint32_t) + size() : 0; }

 private:
  std::byte* p_ = nullptr;
};

}  // namespace fluxer::cache_detail
