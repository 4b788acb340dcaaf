#pragma once
// Private to libfluxer: RapidJSON setup shared by the layers (parsing into a DOM with a
// depth limit, StackDocument) and the JSON writer of the model codec. The model's readers
// are in decoder.hpp / codecs.hpp. Never include this from a public header.

#include <cstddef>
#include <cstdint>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <concepts>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fluxer/core/error.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/box.hpp>
#include <fluxer/model/nullable.hpp>
#include <fluxer/model/permissions.hpp>

namespace fluxer::mjson {

using Value = rapidjson::Value;
using Document = rapidjson::Document;

/// Parse flags used for every document.
inline constexpr unsigned kParseFlags = rapidjson::kParseNoFlags;

/// Deepest object/array nesting accepted. Fluxer payloads nest about 8 levels; the limit
/// keeps RapidJSON's recursive parser far away from the end of the stack.
inline constexpr int kMaxNesting = 128;

/// Maximum nesting of `referenced_message` followed by the decoder.
inline constexpr int kMaxMessageDepth = 4;

inline std::string_view str_of(const Value& v) noexcept {
  return {v.GetString(), v.GetStringLength()};
}

/// Keeps any JSON value as its text (for opaque fields).
inline std::string to_text(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// ------------------------------------------------------------------ parsing

/// The DOM the codec parses into: values and the parse stack both in pool allocators, so a
/// caller can back them with a stack buffer and a small document costs no heap allocation.
using PoolDocument =
    rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>, rapidjson::MemoryPoolAllocator<>>;

/// Forwards SAX events to a document and refuses nesting deeper than kMaxNesting.
template <class Doc>
class DepthLimitedHandler {
 public:
  explicit DepthLimitedHandler(Doc& doc) : doc_(doc) {}
  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(std::int64_t i) { return doc_.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool copy) { return doc_.RawNumber(str, len, copy); }
  bool String(const char* str, rapidjson::SizeType len, bool copy) { return doc_.String(str, len, copy); }
  bool Key(const char* str, rapidjson::SizeType len, bool copy) { return doc_.Key(str, len, copy); }
  bool StartObject() { return enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndObject(n);
  }
  bool StartArray() { return enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndArray(n);
  }
  [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }

 private:
  bool enter() {
    if (++depth_ > kMaxNesting) {
      too_deep_ = true;
      return false;
    }
    return true;
  }
  Doc& doc_;
  int depth_ = 0;
  bool too_deep_ = false;
};

/// Parses `json` into `doc` with RapidJSON's recursive parser, nesting limited to
/// kMaxNesting. `buffer` must hold a copy of the text followed by a NUL byte: it is parsed
/// in place (strings are unescaped inside it and the DOM points into it), so it must
/// outlive `doc`. `scratch` backs the reader's stack. A Decode error with an empty path on
/// invalid or too deeply nested JSON.
template <class Doc>
Result<void> parse_insitu(Doc& doc, char* buffer, std::size_t size, rapidjson::MemoryPoolAllocator<>& scratch) {
  // The in-place reader stops at the first NUL; JSON never contains a raw one.
  if (std::memchr(buffer, '\0', size) != nullptr)
    return Error::decode("",
                         "invalid JSON: NUL byte at offset " +
                             std::to_string(static_cast<const char*>(std::memchr(buffer, '\0', size)) - buffer),
                         "INVALID_JSON");
  rapidjson::ParseResult result;
  bool too_deep = false;
  auto generate = [&](Doc& handler) {
    rapidjson::GenericInsituStringStream<rapidjson::UTF8<>> is(buffer);
    rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>> reader(&scratch,
                                                                                                            256);
    DepthLimitedHandler<Doc> limited(handler);
    result = reader.template Parse<kParseFlags | rapidjson::kParseInsituFlag>(is, limited);
    too_deep = limited.too_deep();
    return !result.IsError();
  };
  doc.Populate(generate);
  if (too_deep) {
    return Error::decode("", "JSON nested deeper than " + std::to_string(kMaxNesting) + " levels", "TOO_DEEP");
  }
  if (result.IsError()) {
    return Error::decode("",
                         std::string("invalid JSON at offset ") + std::to_string(result.Offset()) + ": " +
                             rapidjson::GetParseError_En(result.Code()),
                         "INVALID_JSON");
  }
  return {};
}

/// A parsed document that lives on the caller's stack: the text is copied into a buffer
/// (on the stack when it is small) and parsed in place, and small documents need no heap
/// allocation at all. The DOM points into the buffer, so it is only valid while this
/// object lives.
class StackDocument {
 public:
  StackDocument()
      : value_alloc_(value_buffer_, sizeof value_buffer_),
        stack_alloc_(stack_buffer_, sizeof stack_buffer_),
        scratch_alloc_(scratch_buffer_, sizeof scratch_buffer_),
        doc_(&value_alloc_, 1024, &stack_alloc_) {}
  StackDocument(const StackDocument&) = delete;
  StackDocument& operator=(const StackDocument&) = delete;

  Result<void> parse(std::string_view json) {
    char* text = text_buffer_;
    if (json.size() + 1 > sizeof text_buffer_) {
      heap_text_ = std::make_unique<char[]>(json.size() + 1);
      text = heap_text_.get();
    }
    if (!json.empty()) std::memcpy(text, json.data(), json.size());
    text[json.size()] = '\0';
    return parse_insitu(doc_, text, json.size(), scratch_alloc_);
  }
  [[nodiscard]] const Value& root() const noexcept { return doc_; }

 private:
  alignas(8) char value_buffer_[8192];
  alignas(8) char stack_buffer_[2048];
  alignas(8) char scratch_buffer_[1024];
  char text_buffer_[8192];
  std::unique_ptr<char[]> heap_text_;
  rapidjson::MemoryPoolAllocator<> value_alloc_;
  rapidjson::MemoryPoolAllocator<> stack_alloc_;
  rapidjson::MemoryPoolAllocator<> scratch_alloc_;
  PoolDocument doc_;
};

// ------------------------------------------------------------------ writing

/// A JSON writer with helpers for the model's field types.
class Out {
 public:
  Out() : w_(buf_) {}

  void begin_object() { w_.StartObject(); }
  void end_object() { w_.EndObject(); }
  void begin_array() { w_.StartArray(); }
  void end_array() { w_.EndArray(); }
  void key(std::string_view k) { w_.Key(k.data(), k.size()); }
  void null() { w_.Null(); }
  void value(std::string_view s) { w_.String(s.data(), s.size()); }
  void value(const std::string& s) { w_.String(s.data(), s.size()); }
  void value(const char* s) { value(std::string_view{s}); }
  void value(bool b) { w_.Bool(b); }
  void value(int n) { w_.Int(n); }
  void value(unsigned n) { w_.Uint(n); }
  void value(std::int64_t n) { w_.Int64(n); }
  void value(std::uint64_t n) { w_.Uint64(n); }
  void value(double d) { w_.Double(d); }
  /// Snowflakes are written as strings.
  void value(Snowflake id) {
    char buf[24];
    auto n = format_u64(id.value(), buf);
    w_.String(buf, n);
  }
  /// Permission masks are written as decimal strings.
  void value(Permissions p) {
    char buf[24];
    auto n = format_u64(p.value(), buf);
    w_.String(buf, n);
  }
  void value(Timestamp t) { value(format_iso8601(t)); }
  template <class Rep, class Period>
  requires std::integral<Rep>
  void value(std::chrono::duration<Rep, Period> d) { w_.Int64(static_cast<std::int64_t>(d.count())); }

  /// `"key": value`.
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  /// `"key": value` when present; nothing when absent.
  template <class T>
  void field(std::string_view k, const std::optional<T>& v) {
    if (!v) return;
    key(k);
    value(*v);
  }
  /// Nothing when absent, `"key": null` when null, `"key": value` otherwise.
  template <class T>
  void field(std::string_view k, const Nullable<T>& v) {
    if (v.is_absent()) return;
    key(k);
    if (v.is_null())
      null();
    else
      value(*v);
  }
  /// `"key": [ids...]`.
  void field(std::string_view k, const std::vector<Snowflake>& ids) {
    key(k);
    begin_array();
    for (auto id : ids) value(id);
    end_array();
  }

  [[nodiscard]] std::string take() const { return std::string(buf_.GetString(), buf_.GetSize()); }

 private:
  static std::size_t format_u64(std::uint64_t x, char (&buf)[24]) noexcept {
    char tmp[24];
    std::size_t n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + x % 10);
      x /= 10;
    } while (x != 0);
    for (std::size_t i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
    return n;
  }

  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

}  // namespace fluxer::mjson
