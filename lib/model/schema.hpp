#pragma once
// Private to libfluxer: the field tables of the model codec.
//
// Every model type is described once, by an ObjectTable: for each JSON key, the member it
// reads into and writes from, and its policy. The reader (decoder.hpp, a RapidJSON SAX
// handler) and the writer (write_object) both walk these tables, so what a field is called,
// where it goes and whether a bad value there is fatal live in one place (schema_*.cpp).
//
// Policy (the rule of the whole codec):
// - strict: a wrong value fails the enclosing value, and so on up to the first lenient
//   field or array element, or the document (the decode then fails with the JSON path).
//   Ids, the fields that identify an entity and required fields are strict.
// - lenient (the default for everything else): a wrong value resets the field to its
//   default, and the decoder records a FieldWarning instead of failing. An element of a
//   lenient array that fails is dropped from the array the same way.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace fluxer::mjson {

class Decoder;
class Out;
struct FieldDesc;

/// One JSON value as the decoder hands it to a reader: a scalar, or the start of an
/// object or array (the reader then pushes a frame that receives the contents).
struct Event {
  enum class Kind : std::uint8_t { Null, Bool, Int, Uint, Double, String, Object, Array };
  Kind kind = Kind::Null;
  /// Int holds negative integers, Uint non-negative ones.
  union {
    bool boolean;
    std::int64_t int_value;
    std::uint64_t uint_value;
    double double_value;
  };
  /// String: the unescaped text (valid only during the call).
  const char* str = nullptr;
  std::uint32_t len = 0;

  Event() : uint_value(0) {}
  explicit Event(Kind k) : kind(k), uint_value(0) {}
  static Event of_bool(bool b) {
    Event e(Kind::Bool);
    e.boolean = b;
    return e;
  }
  /// An integer: Int when negative, Uint otherwise.
  static Event of_int(std::int64_t i) {
    if (i >= 0) return of_uint(static_cast<std::uint64_t>(i));
    Event e(Kind::Int);
    e.int_value = i;
    return e;
  }
  static Event of_uint(std::uint64_t u) {
    Event e(Kind::Uint);
    e.uint_value = u;
    return e;
  }
  static Event of_double(double d) {
    Event e(Kind::Double);
    e.double_value = d;
    return e;
  }
  static Event of_string(const char* s, std::uint32_t n) {
    Event e(Kind::String);
    e.str = s;
    e.len = n;
    return e;
  }
  [[nodiscard]] std::string_view text() const noexcept { return {str, len}; }
  [[nodiscard]] bool is_container() const noexcept { return kind >= Kind::Object; }
};

/// Reads one value into `target` (a member, an element, a root). Returns false after
/// Decoder::fail() when the value has the wrong shape.
using ReadFn = bool (*)(Decoder&, void* target, const Event&);
/// Resets a member to its default (a lenient field that failed).
using ResetFn = void (*)(void* target);
/// Writes `"name": value` for the member, or nothing when the value is omitted.
using WriteFn = void (*)(Out&, const void* target, const FieldDesc&);
/// True when a required member still counts as missing (id 0, empty string).
using EmptyFn = bool (*)(const void* target);
/// From an object to the sub-object an included table reads into (a base class, a member).
using ViaFn = void* (*)(void* object);
/// Runs when an object of the table starts (e.g. to emplace an optional it fills).
using BeginFn = void (*)(void* object);
/// Runs when an object of the table ends, after the required-field check; may fail the
/// object (Decoder::missing / fail_container).
using FinishFn = bool (*)(Decoder&, void* object);

enum FieldFlag : std::uint8_t {
  kStrict = 1 << 0,        ///< A wrong value fails the enclosing value instead of being skipped.
  kRequired = 1 << 1,      ///< Must be present, not null (and not 0 / "" for ids and strings).
  kNotSent = 1 << 2,       ///< Read only: the writer never writes it (server-set fields).
  kOmitDefault = 1 << 3,   ///< The writer leaves it out when it holds its default value.
  kNullIfAbsent = 1 << 4,  ///< The writer writes `null` for an absent optional.
};

/// One JSON key of an object type.
struct FieldDesc {
  // What a lookup and then a read touch come first, together.
  std::uint64_t key_a = 0;  ///< lookup words of `name` (see key_words)
  std::uint64_t key_b = 0;
  std::string_view name{};
  ReadFn read = nullptr;  ///< nullptr: the key is ignored when reading
  std::uint64_t seen_bit = 0;
  std::uint8_t flags = 0;
  std::uint8_t via = 0;    ///< 0: the object itself; n: ObjectTable::vias()[n](object)
  std::uint8_t index = 0;  ///< position in the table
  ResetFn reset = nullptr;
  WriteFn write = nullptr;  ///< nullptr: never written
  EmptyFn empty = nullptr;

  /// Builders used in the tables.
  [[nodiscard]] constexpr FieldDesc strict() const noexcept { return with(kStrict); }
  [[nodiscard]] constexpr FieldDesc lenient() const noexcept {
    FieldDesc f = *this;
    f.flags = static_cast<std::uint8_t>(f.flags & ~(kStrict | kRequired));
    return f;
  }
  [[nodiscard]] constexpr FieldDesc required() const noexcept { return with(kStrict | kRequired); }
  [[nodiscard]] constexpr FieldDesc not_sent() const noexcept { return with(kNotSent); }
  [[nodiscard]] constexpr FieldDesc omit_default() const noexcept { return with(kOmitDefault); }
  [[nodiscard]] constexpr FieldDesc null_if_absent() const noexcept { return with(kNullIfAbsent); }
  [[nodiscard]] constexpr FieldDesc with(std::uint8_t flag) const noexcept {
    FieldDesc f = *this;
    f.flags = static_cast<std::uint8_t>(f.flags | flag);
    return f;
  }
};

/// The two words a key is looked up by: its first and last 8 bytes (or, for short keys,
/// bytes that together cover all of it). Equal words and equal length mean equal keys up
/// to 16 bytes; longer keys compare their middle too.
struct KeyWords {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
};

/// An ObjectTable "member" accessor for fields that live on the object itself (a nested
/// table read into the same struct, e.g. GUILD_CREATE's `properties`).
inline void* same_object(void* object) noexcept { return object; }

inline KeyWords key_words(const char* s, std::size_t n) noexcept {
  KeyWords w;
  if (n >= 8) {
    std::memcpy(&w.a, s, 8);
    std::memcpy(&w.b, s + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    std::memcpy(&x, s, 4);
    std::memcpy(&y, s + n - 4, 4);
    w.a = x;
    w.b = y;
  } else if (n > 0) {
    w.a = static_cast<std::uint64_t>(static_cast<unsigned char>(s[0])) |
          static_cast<std::uint64_t>(static_cast<unsigned char>(s[n / 2])) << 8 |
          static_cast<std::uint64_t>(static_cast<unsigned char>(s[n - 1])) << 16;
  }
  return w;
}

/// One word from a key's lookup words and length, to be multiplied by a table's seed.
inline std::uint64_t key_mix(KeyWords w, std::size_t n) noexcept { return w.a ^ (w.b << 29 | w.b >> 35) ^ n; }

/// Open-addressing slot of a key in a table of size 2^k (linear probing), for the small
/// indexes that are not perfect (event names).
inline std::size_t key_slot(KeyWords w, std::size_t n) noexcept {
  return static_cast<std::size_t>((key_mix(w, n) * 0x9E3779B97F4A7C15ull) >> 40);
}

/// The fields of one object type, looked up by key through a perfect hash built once (a
/// multiplier is searched for that sends every key to its own slot), so a lookup is one
/// multiplication, one slot and one comparison.
class ObjectTable {
 public:
  static constexpr std::size_t kMaxVias = 4;

  /// Another table whose fields this one also accepts, reading into `via(object)`.
  struct Include {
    ViaFn via;
    const ObjectTable* table;
  };

  /// `fields` first (they win over an included field of the same name), then the fields of
  /// each include. An included table may not itself include others. Aborts on a table
  /// that cannot work (duplicate key, more than 255 fields, a required field past the
  /// 64th): these are programming errors found by the first test that touches the type.
  ObjectTable(std::string_view type_name, std::initializer_list<FieldDesc> fields,
              std::initializer_list<Include> includes = {}, BeginFn begin = nullptr, FinishFn finish = nullptr);

  /// The field for `key`, or nullptr.
  [[nodiscard]] const FieldDesc* find(const char* key, std::size_t len) const noexcept {
    const KeyWords w = key_words(key, len);
    const std::uint8_t slot = slots_[static_cast<std::size_t>((key_mix(w, len) * seed_) >> shift_)];
    if (slot == 0) return nullptr;
    const FieldDesc& f = fields_[slot - 1u];
    if (f.name.size() == len && f.key_a == w.a && f.key_b == w.b &&
        (len <= 16 || std::memcmp(key + 8, f.name.data() + 8, len - 16) == 0))
      return &f;
    return nullptr;
  }
  [[nodiscard]] const FieldDesc* find(std::string_view key) const noexcept { return find(key.data(), key.size()); }

  /// Adds flags to an existing field (e.g. an included field that this type requires).
  /// Aborts when there is no such field.
  void add_flags(std::string_view key, std::uint8_t flags);

  [[nodiscard]] std::string_view type_name() const noexcept { return type_name_; }
  [[nodiscard]] const std::vector<FieldDesc>& fields() const noexcept { return fields_; }
  [[nodiscard]] std::size_t via_count() const noexcept { return via_count_; }
  [[nodiscard]] ViaFn via(std::size_t i) const noexcept { return vias_[i]; }
  [[nodiscard]] BeginFn begin() const noexcept { return begin_; }
  [[nodiscard]] FinishFn finish() const noexcept { return finish_; }
  [[nodiscard]] std::uint64_t required_mask() const noexcept { return required_mask_; }
  /// Indexes of the required fields, in table order.
  [[nodiscard]] const std::vector<std::uint8_t>& required() const noexcept { return required_; }

 private:
  void add(const FieldDesc& f, std::uint8_t via);
  void index();

  std::string_view type_name_;
  std::vector<FieldDesc> fields_;
  std::vector<std::uint8_t> slots_;
  std::uint64_t seed_ = 0;
  unsigned shift_ = 64;
  std::vector<std::uint8_t> required_;
  std::size_t via_count_ = 1;
  ViaFn vias_[kMaxVias] = {};
  BeginFn begin_ = nullptr;
  FinishFn finish_ = nullptr;
  std::uint64_t required_mask_ = 0;
  bool has_includes_ = false;
};

/// How an array type reads its elements.
struct ArrayOps {
  /// Adds an element to the container and reads the value into it.
  ReadFn read_element;
  /// Removes the last element (a lenient array dropping an element that failed).
  void (*drop_last)(void* container);
  /// Runs at the end of the array; may fail it (fixed-size pairs). May be nullptr.
  FinishFn finish;
  /// Elements are never dropped one by one (fixed-size pairs).
  bool strict_elements;
};

/// Writes `object` as a JSON object: every field of `table` that has a writer and is not
/// marked kNotSent, in table order.
void write_object(Out& out, const ObjectTable& table, const void* object);

}  // namespace fluxer::mjson
