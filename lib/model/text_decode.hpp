#pragma once
// Private to libfluxer: running the decoder over JSON text or a parsed RapidJSON value.

#include <cstring>
#include <string>
#include <string_view>

#include <fluxer/core/result.hpp>

#include "model/decoder.hpp"
#include "model/padded_stream.hpp"
#include "model/tables.hpp"

namespace fluxer::mjson {

/// Reads a whole document (the root slot) as T. Struct types must be objects at the root.
template <class T>
bool read_root(Decoder& d, void* target, const Event& e) {
  if constexpr (HasTable<T>) {
    if (e.kind != Event::Kind::Object) return d.fail("expected an object");
  }
  return Codec<T>::read(d, *static_cast<T*>(target), e);
}

/// The error for text RapidJSON refused.
inline Error invalid_json(const ParseFailure& f) {
  return Error::decode(
      "",
      std::string("invalid JSON at offset ") + std::to_string(f.offset) + ": " + rapidjson::GetParseError_En(f.code),
      "INVALID_JSON");
}

/// Parses `text` through `buffer` and feeds the (started) decoder. A Decode error for text
/// that is not JSON (INVALID_JSON, with an empty path), nested too deeply (TOO_DEEP), or
/// the decoder's own failure.
inline Result<void> decode_text(Decoder& d, std::string_view text, PaddedBuffer& buffer) {
  // The in-situ reader stops at the first NUL; JSON never contains a raw one. (An empty
  // view may have no data at all: memchr must not see its null pointer.)
  if (const void* nul = text.empty() ? nullptr : std::memchr(text.data(), '\0', text.size()); nul != nullptr)
    return Error::decode(
        "", "invalid JSON: NUL byte at offset " + std::to_string(static_cast<const char*>(nul) - text.data()),
        "INVALID_JSON");
  const ParseFailure f = parse_padded(buffer.fill(text), d);
  if (d.fatal()) return d.error();
  if (f.failed()) return invalid_json(f);
  if (d.failed()) return d.error();
  return {};
}

/// Feeds a parsed value to the (started) decoder.
inline Result<void> decode_value(Decoder& d, const Value& v) {
  v.Accept(d);
  if (d.failed()) return d.error();
  return {};
}

}  // namespace fluxer::mjson
