#pragma once
// Private to libfluxer: the input stream every text the model codec reads goes through.
//
// RapidJSON parses fastest in situ (strings are unescaped inside the buffer, nothing is
// copied). Its in-situ string scan looks at one character at a time unless the stream is
// its own InsituStringStream and SSE is enabled, and even then it walks byte by byte up to
// 16-byte alignment, which is most of a short key. PaddedInsituStream is an in-situ stream
// over a buffer with kPadding readable bytes after the terminating NUL, so the scan below
// can load 16 unaligned bytes anywhere up to the end: it replaces the reader's (empty)
// generic ScanCopyUnescapedString for this stream type through an explicit specialization.
// Everything else (grammar, numbers, escapes, errors) is RapidJSON's own parser.

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

#include <rapidjson/allocators.h>
#include <rapidjson/encodings.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fluxer::mjson {

/// In-situ stream over a NUL-terminated buffer followed by kPadding readable bytes.
class PaddedInsituStream {
 public:
  using Ch = char;
  static constexpr std::size_t kPadding = 32;

  explicit PaddedInsituStream(char* text) noexcept : src_(text), dst_(nullptr), head_(text) {}

  Ch Peek() const noexcept { return *src_; }
  Ch Take() noexcept { return *src_++; }
  [[nodiscard]] std::size_t Tell() const noexcept { return static_cast<std::size_t>(src_ - head_); }
  Ch* PutBegin() noexcept { return dst_ = src_; }
  void Put(Ch c) noexcept { *dst_++ = c; }
  std::size_t PutEnd(Ch* begin) noexcept { return static_cast<std::size_t>(dst_ - begin); }
  void Flush() noexcept {}
  Ch* Push(std::size_t count) noexcept {
    Ch* begin = dst_;
    dst_ += count;
    return begin;
  }
  void Pop(std::size_t count) noexcept { dst_ -= count; }

  /// Moves past JSON whitespace (one comparison when there is none, as in compact text).
  void skip_space() noexcept {
    while (static_cast<unsigned char>(*src_) <= ' ' &&
           (*src_ == ' ' || *src_ == '\n' || *src_ == '\r' || *src_ == '\t'))
      ++src_;
  }

  /// Copies and moves past the characters of a string up to the first `"`, `\` or control
  /// character (the rest is RapidJSON's).
  void scan_unescaped() noexcept {
    char* p = src_;
    char* q = dst_;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1F);
    for (;;) {
      const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(s, quote), _mm_cmpeq_epi8(s, backslash)),
                                           _mm_cmpeq_epi8(_mm_max_epu8(s, control), control));
      const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special));
      if (mask != 0) {
        const unsigned n = static_cast<unsigned>(__builtin_ctz(mask));
        if (p != q) std::memmove(q, p, n);
        p += n;
        q += n;
        break;
      }
      // Every byte of the block is consumed, so the store cannot reach unread input.
      if (p != q) _mm_storeu_si128(reinterpret_cast<__m128i*>(q), s);
      p += 16;
      q += 16;
    }
#else
    for (;;) {
      const unsigned char c = static_cast<unsigned char>(*p);
      if (c == '"' || c == '\\' || c < 0x20) break;
      *q++ = *p++;
    }
#endif
    src_ = p;
    dst_ = q;
  }

 private:
  char* src_;
  char* dst_;
  char* head_;
};

/// The reader the codec uses (its internal stack lives in a pool allocator).
using FastReader = rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>>;

/// A reusable buffer that holds a copy of a text, its NUL and the padding. Texts up to
/// about 4 KB stay inside the object (on the caller's stack for a one-shot decode).
class PaddedBuffer {
 public:
  PaddedBuffer() = default;
  PaddedBuffer(const PaddedBuffer&) = delete;
  PaddedBuffer& operator=(const PaddedBuffer&) = delete;

  /// Copies `text` in and returns the copy (valid until the next fill).
  char* fill(std::string_view text) {
    const std::size_t need = text.size() + 1 + PaddedInsituStream::kPadding;
    char* data = inline_;
    if (need > sizeof inline_) {
      if (need > capacity_) {
        std::size_t cap = capacity_ == 0 ? 2 * sizeof inline_ : capacity_;
        while (cap < need) cap *= 2;
        heap_ = std::make_unique<char[]>(cap);
        capacity_ = cap;
      }
      data = heap_.get();
    }
    if (!text.empty()) std::memcpy(data, text.data(), text.size());
    std::memset(data + text.size(), 0, 1 + PaddedInsituStream::kPadding);
    return data;
  }

 private:
  char inline_[4096];
  std::unique_ptr<char[]> heap_;
  std::size_t capacity_ = 0;
};

/// Where a text does not parse: RapidJSON's error and its offset.
struct ParseFailure {
  rapidjson::ParseErrorCode code = rapidjson::kParseErrorNone;
  std::size_t offset = 0;
  [[nodiscard]] bool failed() const noexcept { return code != rapidjson::kParseErrorNone; }
};

/// Parses the padded text at `text` in situ, feeding `handler`.
template <class Handler>
ParseFailure parse_padded(char* text, Handler& handler) {
  char stack_buffer[1024];
  rapidjson::MemoryPoolAllocator<> stack_allocator(stack_buffer, sizeof stack_buffer);
  FastReader reader(&stack_allocator, 256);
  PaddedInsituStream stream(text);
  const rapidjson::ParseResult r = reader.Parse<rapidjson::kParseInsituFlag>(stream, handler);
  return {r.Code(), r.Offset()};
}

}  // namespace fluxer::mjson

RAPIDJSON_NAMESPACE_BEGIN
/// Whitespace skipping over the codec's stream.
template <>
inline void SkipWhitespace(fluxer::mjson::PaddedInsituStream& is) {
  is.skip_space();
}

/// The string scan of the codec's reader over its own stream (see the top of this file).
template <>
template <>
inline void fluxer::mjson::FastReader::ScanCopyUnescapedString<
    fluxer::mjson::PaddedInsituStream, fluxer::mjson::PaddedInsituStream>(fluxer::mjson::PaddedInsituStream& is,
                                                                          fluxer::mjson::PaddedInsituStream&) {
  is.scan_unescaped();
}
RAPIDJSON_NAMESPACE_END
