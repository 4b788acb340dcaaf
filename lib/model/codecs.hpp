#pragma once
// Private to libfluxer: how each C++ type of the model is read from and written to JSON
// (Codec<T>), and the builders the field tables use (field<&T::member>("key"), ...).
//
// A Codec<T> has
//   static bool read(Decoder&, T&, const Event&)   one JSON value into T (pushes a frame
//                                                  for an object or array)
//   static void write(Out&, const T&)              T as a JSON value
//   static bool omit(const T&)                     the writer leaves the field out (absent
//                                                  optional, empty list)
//   static bool empty(const T&)                    a required field still counts as missing
//   static constexpr bool kStrict                  the default policy of fields of type T
// Null is accepted by every reader: it leaves the default (or clears the value); optional
// and Nullable keep it as absent / null. A required field that is null counts as missing.

#include <array>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/box.hpp>
#include <fluxer/model/nullable.hpp>
#include <fluxer/model/permissions.hpp>

#include "model/decoder.hpp"
#include "model/json.hpp"
#include "model/schema.hpp"

namespace fluxer::mjson {

/// Names a model type in table_of() overloads (tables.hpp).
template <class T>
struct Tag {};

template <class T>
struct Codec;

/// True for the types that have a field table (every struct of the model).
template <class T>
concept HasTable = requires {
  table_of(Tag<T>{});
};

// ------------------------------------------------------------------ scalars

template <>
struct Codec<std::string> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, std::string& out, const Event& e) {
    if (e.kind == Event::Kind::String) {
      out.assign(e.str, e.len);
      return true;
    }
    if (e.kind == Event::Kind::Null) {
      out.clear();
      return true;
    }
    return d.fail("expected a string");
  }
  static void write(Out& o, const std::string& v) { o.value(v); }
  static bool omit(const std::string&) { return false; }
  static bool empty(const std::string& v) { return v.empty(); }
};

template <>
struct Codec<bool> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, bool& out, const Event& e) {
    if (e.kind == Event::Kind::Bool) {
      out = e.boolean;
      return true;
    }
    if (e.kind == Event::Kind::Null) {
      out = false;
      return true;
    }
    return d.fail("expected a boolean");
  }
  static void write(Out& o, bool v) { o.value(v); }
  static bool omit(bool) { return false; }
  static bool empty(bool) { return false; }
};

template <class T>
requires(std::integral<T> && !std::same_as<T, bool>) struct Codec<T> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, T& out, const Event& e) {
    switch (e.kind) {
      case Event::Kind::Uint:
        if (e.uint_value > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
          return d.fail("integer out of range", "OUT_OF_RANGE");
        out = static_cast<T>(e.uint_value);
        return true;
      case Event::Kind::Int:
        if constexpr (std::is_signed_v<T>) {
          if (e.int_value < static_cast<std::int64_t>(std::numeric_limits<T>::min()))
            return d.fail("integer out of range", "OUT_OF_RANGE");
          out = static_cast<T>(e.int_value);
          return true;
        } else {
          return d.fail("expected a non-negative integer in range");
        }
      case Event::Kind::Null: out = 0; return true;
      case Event::Kind::Double:
        return d.fail(std::is_signed_v<T> ? "expected an integer in range"
                                          : "expected a non-negative integer in range");
      default: return d.fail("expected an integer");
    }
  }
  static void write(Out& o, T v) {
    if constexpr (std::is_signed_v<T>)
      o.value(static_cast<std::int64_t>(v));
    else
      o.value(static_cast<std::uint64_t>(v));
  }
  static bool omit(T) { return false; }
  static bool empty(T) { return false; }
};

template <>
struct Codec<double> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, double& out, const Event& e) {
    switch (e.kind) {
      case Event::Kind::Double: out = e.double_value; return true;
      case Event::Kind::Int: out = static_cast<double>(e.int_value); return true;
      case Event::Kind::Uint: out = static_cast<double>(e.uint_value); return true;
      case Event::Kind::Null: out = 0; return true;
      default: return d.fail("expected a number");
    }
  }
  static void write(Out& o, double v) { o.value(v); }
  static bool omit(double) { return false; }
  static bool empty(double) { return false; }
};

/// Durations travel as a count of their own unit (`duration_ms` into milliseconds, seconds
/// into seconds, fractional seconds into duration<double>).
template <class Rep, class Period>
struct Codec<std::chrono::duration<Rep, Period>> {
  using D = std::chrono::duration<Rep, Period>;
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, D& out, const Event& e) {
    Rep n{};
    if (!Codec<Rep>::read(d, n, e)) return false;
    out = D{n};
    return true;
  }
  static void write(Out& o, D v) { Codec<Rep>::write(o, v.count()); }
  static bool omit(D) { return false; }
  static bool empty(D) { return false; }
};

/// Eight ASCII digits (the first is the most significant) as a number, or false when one
/// of them is not a digit. SWAR: all eight at once.
inline bool parse_eight_digits(const char* s, std::uint64_t& out) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, s, 8);
  if ((((v & 0xF0F0F0F0F0F0F0F0ull) | (((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4))) !=
      0x3333333333333333ull)
    return false;
  v -= 0x3030303030303030ull;
  v = v * 10 + (v >> 8);  // pairs of digits in every other byte
  v = (((v & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
       (((v >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
      32;
  out = v;
  return true;
}

/// Parses decimal digits into a uint64 (no sign, no whitespace, no overflow).
inline bool parse_decimal_u64(const char* s, std::size_t n, std::uint64_t& out) noexcept {
  if (n == 0 || n > 20) return false;
  std::uint64_t x = 0;
  std::size_t i = 0;
  if (n < 20) {  // at most 19 digits: cannot overflow
    for (; n - i >= 8; i += 8) {
      std::uint64_t chunk = 0;
      if (!parse_eight_digits(s + i, chunk)) return false;
      x = x * 100000000u + chunk;
    }
    for (; i < n; ++i) {
      const unsigned digit = static_cast<unsigned char>(s[i]) - static_cast<unsigned>('0');
      if (digit > 9) return false;
      x = x * 10 + digit;
    }
  } else {
    for (; i < n; ++i) {
      const unsigned digit = static_cast<unsigned char>(s[i]) - static_cast<unsigned>('0');
      if (digit > 9 || x > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
      x = x * 10 + digit;
    }
  }
  out = x;
  return true;
}

/// 64-bit values sent as decimal strings; unsigned integers are accepted too. `Names`
/// gives the error text and code.
template <class T, class Names>
struct DecimalCodec {
  static constexpr bool kStrict = true;
  static bool read(Decoder& d, T& out, const Event& e) {
    switch (e.kind) {
      case Event::Kind::String: {
        std::uint64_t x = 0;
        if (!parse_decimal_u64(e.str, e.len, x)) return d.fail(Names::kWhat, Names::kCode);
        out = T{x};
        return true;
      }
      case Event::Kind::Uint: out = T{e.uint_value}; return true;
      case Event::Kind::Null: out = T{}; return true;
      default: return d.fail(Names::kWhat);
    }
  }
  static void write(Out& o, T v) { o.value(v); }
  static bool omit(T) { return false; }
  static bool empty(T v) { return v.value() == 0; }
};

struct SnowflakeNames {
  static constexpr std::string_view kWhat = "expected a snowflake (decimal string)";
  static constexpr std::string_view kCode = "INVALID_SNOWFLAKE";
};
struct PermissionNames {
  static constexpr std::string_view kWhat = "expected a permission mask (decimal string)";
  static constexpr std::string_view kCode = "INVALID_PERMISSIONS";
};

/// Snowflakes. Strict by default: ids are what everything else hangs off.
template <>
struct Codec<Snowflake> : DecimalCodec<Snowflake, SnowflakeNames> {};

/// Permission masks. Strict by default: skipping a `deny` would grant more than the
/// server does.
template <>
struct Codec<Permissions> : DecimalCodec<Permissions, PermissionNames> {};

/// ISO 8601 timestamps.
template <>
struct Codec<Timestamp> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, Timestamp& out, const Event& e) {
    if (e.kind == Event::Kind::String) {
      auto t = parse_iso8601(e.text());
      if (!t) return d.fail("expected an ISO 8601 timestamp", "INVALID_TIMESTAMP");
      out = *t;
      return true;
    }
    if (e.kind == Event::Kind::Null) {
      out = Timestamp{};
      return true;
    }
    return d.fail("expected an ISO 8601 timestamp");
  }
  static void write(Out& o, Timestamp v) { o.value(v); }
  static bool omit(Timestamp) { return false; }
  static bool empty(Timestamp) { return false; }
};

/// Integer-valued enums (channel types, message types, ...): any integer is kept. Enums
/// sent as strings have an explicit specialization (tables.hpp).
template <class E>
requires std::is_enum_v<E>
struct Codec<E> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, E& out, const Event& e) {
    int n = 0;
    if (!Codec<int>::read(d, n, e)) return false;
    out = static_cast<E>(n);
    return true;
  }
  static void write(Out& o, E v) { o.value(static_cast<int>(v)); }
  static bool omit(E) { return false; }
  static bool empty(E) { return false; }
};

// ------------------------------------------------------------------ wrappers

/// Null → nullopt; anything else is read as T.
template <class T>
struct Codec<std::optional<T>> {
  static constexpr bool kStrict = Codec<T>::kStrict;
  static bool read(Decoder& d, std::optional<T>& out, const Event& e) {
    if (e.kind == Event::Kind::Null) {
      out.reset();
      return true;
    }
    return Codec<T>::read(d, out.emplace(), e);
  }
  static void write(Out& o, const std::optional<T>& v) { Codec<T>::write(o, *v); }
  static bool omit(const std::optional<T>& v) { return !v.has_value(); }
  static bool empty(const std::optional<T>& v) { return !v.has_value() || Codec<T>::empty(*v); }
};

/// Null → null; anything else is read as T (absent is handled by not being called).
template <class T>
struct Codec<Nullable<T>> {
  static constexpr bool kStrict = Codec<T>::kStrict;
  static bool read(Decoder& d, Nullable<T>& out, const Event& e) {
    if (e.kind == Event::Kind::Null) {
      out.set_null();
      return true;
    }
    return Codec<T>::read(d, out.emplace(), e);
  }
  static void write(Out& o, const Nullable<T>& v) {
    if (v.is_null())
      o.null();
    else
      Codec<T>::write(o, *v);
  }
  static bool omit(const Nullable<T>& v) { return v.is_absent(); }
  static bool empty(const Nullable<T>& v) { return !v.has_value(); }
};

template <class T>
struct Codec<Box<T>> {
  static constexpr bool kStrict = Codec<T>::kStrict;
  static bool read(Decoder& d, Box<T>& out, const Event& e) { return Codec<T>::read(d, *out, e); }
  static void write(Out& o, const Box<T>& v) { Codec<T>::write(o, *v); }
  static bool omit(const Box<T>&) { return false; }
  static bool empty(const Box<T>&) { return false; }
};

/// Arrays, decoded element by element in place. Null → empty. The writer leaves an empty
/// list out (wrap it in std::optional to send `[]`).
template <class T>
struct Codec<std::vector<T>> {
  static constexpr bool kStrict = Codec<T>::kStrict;
  static bool read_element(Decoder& d, void* container, const Event& e) {
    return Codec<T>::read(d, static_cast<std::vector<T>*>(container)->emplace_back(), e);
  }
  static void drop_last(void* container) { static_cast<std::vector<T>*>(container)->pop_back(); }
  static constexpr ArrayOps kOps{&read_element, &drop_last, nullptr, false};

  static bool read(Decoder& d, std::vector<T>& out, const Event& e) {
    if (e.kind == Event::Kind::Array) {
      out.clear();
      return d.push_array(kOps, &out);
    }
    if (e.kind == Event::Kind::Null) {
      out.clear();
      return true;
    }
    return d.fail("expected an array");
  }
  static void write(Out& o, const std::vector<T>& v) {
    o.begin_array();
    for (const T& item : v) Codec<T>::write(o, item);
    o.end_array();
  }
  static bool omit(const std::vector<T>& v) { return v.empty(); }
  static bool empty(const std::vector<T>&) { return false; }
};

/// Pairs of integers sent as two-element arrays (`[start, end]`, `[shard_id, shard_count]`);
/// `First` and `Second` give access to the two halves of P.
template <class P, int& (*First)(P&), int& (*Second)(P&)>
struct PairCodec {
  static constexpr bool kStrict = false;
  static bool read_element(Decoder& d, void* target, const Event& e) {
    auto& p = *static_cast<P*>(target);
    switch (d.top().index) {
      case 1: return Codec<int>::read(d, First(p), e);
      case 2: return Codec<int>::read(d, Second(p), e);
      default: return d.fail_container("expected an array of two integers");
    }
  }
  static void drop_last(void*) {}
  static bool finish(Decoder& d, void*) {
    return d.top().index == 2 || d.fail_container("expected an array of two integers");
  }
  static constexpr ArrayOps kOps{&read_element, &drop_last, &finish, true};

  static bool read(Decoder& d, P& out, const Event& e) {
    if (e.kind == Event::Kind::Array) return d.push_array(kOps, &out);
    return d.fail("expected an array of two integers");
  }
  static void write(Out& o, const P& v) {
    P& p = const_cast<P&>(v);
    o.begin_array();
    o.value(First(p));
    o.value(Second(p));
    o.end_array();
  }
  static bool omit(const P&) { return false; }
  static bool empty(const P&) { return false; }
};

inline int& pair_first(std::pair<int, int>& p) {
  return p.first;
}
inline int& pair_second(std::pair<int, int>& p) {
  return p.second;
}
inline int& array_first(std::array<int, 2>& a) {
  return a[0];
}
inline int& array_second(std::array<int, 2>& a) {
  return a[1];
}

template <>
struct Codec<std::pair<int, int>> : PairCodec<std::pair<int, int>, &pair_first, &pair_second> {};
template <>
struct Codec<std::array<int, 2>> : PairCodec<std::array<int, 2>, &array_first, &array_second> {};

/// Every struct of the model: an object read and written through its field table.
template <class T>
requires HasTable<T>
struct Codec<T> {
  static constexpr bool kStrict = false;
  static bool read(Decoder& d, T& out, const Event& e) {
    if (e.kind == Event::Kind::Object) return d.push_object(table_of(Tag<T>{}), &out);
    if (e.kind == Event::Kind::Null) {
      out = T{};
      return true;
    }
    return d.fail("expected an object");
  }
  static void write(Out& o, const T& v) { write_object(o, table_of(Tag<T>{}), &v); }
  static bool omit(const T&) { return false; }
  static bool empty(const T&) { return false; }
};

// ------------------------------------------------------------------ field builders

template <class M>
struct MemberOf;
template <class C, class V>
struct MemberOf<V C::*> {
  using Class = C;
  using Value = V;
};

template <auto M>
using ClassOf = typename MemberOf<decltype(M)>::Class;
template <auto M>
using ValueOf = typename MemberOf<decltype(M)>::Value;

template <auto M>
ValueOf<M>& member(void* object) {
  return static_cast<ClassOf<M>*>(object)->*M;
}
template <auto M>
const ValueOf<M>& member(const void* object) {
  return static_cast<const ClassOf<M>*>(object)->*M;
}

template <auto M>
bool read_member(Decoder& d, void* object, const Event& e) {
  return Codec<ValueOf<M>>::read(d, member<M>(object), e);
}

/// A reader with its own rules for one member: `bool Read(Decoder&, V&, const Event&)`.
template <auto M, auto Read>
bool read_member_with(Decoder& d, void* object, const Event& e) {
  return Read(d, member<M>(object), e);
}

template <auto M>
void reset_member(void* object) {
  member<M>(object) = ValueOf<M>{};
}

template <auto M>
bool member_empty(const void* object) {
  return Codec<ValueOf<M>>::empty(member<M>(object));
}

template <auto M>
void write_member(Out& o, const void* object, const FieldDesc& f) {
  using V = ValueOf<M>;
  const V& v = member<M>(object);
  if (Codec<V>::omit(v)) {
    if ((f.flags & kNullIfAbsent) != 0) {
      o.key(f.name);
      o.null();
    }
    return;
  }
  if constexpr (std::equality_comparable<V>)
    if ((f.flags & kOmitDefault) != 0 && v == V{}) return;
  o.key(f.name);
  Codec<V>::write(o, v);
}

/// The key `name` reads into and writes from member M. The policy is the type's default
/// (strict for ids and permission masks, lenient otherwise); `.strict()`, `.lenient()` and
/// `.required()` change it.
template <auto M>
constexpr FieldDesc field(std::string_view name) {
  FieldDesc f;
  f.name = name;
  f.read = &read_member<M>;
  f.reset = &reset_member<M>;
  f.write = &write_member<M>;
  f.empty = &member_empty<M>;
  if (Codec<ValueOf<M>>::kStrict) f.flags = kStrict;
  return f;
}

/// Like field(), with a reader of its own for the values this key takes.
template <auto M, auto Read>
constexpr FieldDesc field_with(std::string_view name) {
  FieldDesc f = field<M>(name);
  f.read = &read_member_with<M, Read>;
  return f;
}

/// Like field(), with a writer of its own: `void Write(Out&, const void* object, const FieldDesc&)`.
template <auto M, auto Write>
constexpr FieldDesc field_writing(std::string_view name) {
  FieldDesc f = field<M>(name);
  f.write = Write;
  return f;
}

template <auto M, auto TableFn>
bool read_member_as(Decoder& d, void* object, const Event& e) {
  if (e.kind == Event::Kind::Object) return d.push_object(TableFn(), &member<M>(object));
  if (e.kind == Event::Kind::Null) return true;
  return d.fail("expected an object");
}

/// The key's object is read into member M with another table than M's own (null: nothing).
template <auto M, auto TableFn>
constexpr FieldDesc object_field(std::string_view name) {
  FieldDesc f = field<M>(name);
  f.read = &read_member_as<M, TableFn>;
  f.write = nullptr;
  return f;
}

template <auto TableFn>
bool read_self_as(Decoder& d, void* object, const Event& e) {
  if (e.kind == Event::Kind::Object) return d.push_object(TableFn(), object);
  if (e.kind == Event::Kind::Null) return true;
  return d.fail("expected an object");
}

inline void reset_nothing(void*) {}

/// The key's object holds more fields of this same object (`meta: {guild_id, nonce}`),
/// described by another table (null: nothing). Never written.
template <auto TableFn>
constexpr FieldDesc nested_fields(std::string_view name) {
  FieldDesc f;
  f.name = name;
  f.read = &read_self_as<TableFn>;
  f.reset = &reset_nothing;
  return f;
}

template <auto Read>
bool read_transient(Decoder& d, void*, const Event& e) {
  return Read(d, d.top().scratch, e);
}

/// A key read into the object's scratch word for the table's finish hook (e.g. an id
/// that must win over one read later): `bool Read(Decoder&, std::uint64_t&, const Event&)`.
/// Never written; strict.
template <auto Read>
constexpr FieldDesc transient(std::string_view name) {
  FieldDesc f;
  f.name = name;
  f.read = &read_transient<Read>;
  f.reset = &reset_nothing;
  f.flags = kStrict;
  return f;
}

/// Any JSON value kept as its text (audit log values): a container is captured as it is
/// read, a scalar is written out.
inline bool read_raw_json(Decoder& d, std::string& out, const Event& e) {
  if (e.is_container()) return d.push_capture(&out, e.kind == Event::Kind::Object);
  d.write_scalar(e, out);
  return true;
}

/// A key that is only written, by `Write(Out&, const void* object, const FieldDesc&)`.
template <auto Write>
constexpr FieldDesc written(std::string_view name) {
  FieldDesc f;
  f.name = name;
  f.write = Write;
  return f;
}

/// Includes: the table of a base class, or of a member, inside another table.
template <class Derived, class Base>
void* base_of(void* object) {
  return static_cast<Base*>(static_cast<Derived*>(object));
}
template <auto M>
void* member_of(void* object) {
  return &member<M>(object);
}

}  // namespace fluxer::mjson
