#include "emulator/json_reader.hpp"

#include <cmath>
#include <optional>
#include <string>

#include "emulator/utf8.hpp"

namespace fluxer::emulator::json {

namespace {

// RapidJSON turns a lone surrogate escape ("\ude00") into the UTF-8 bytes of that
// surrogate, which is not UTF-8: such strings (and member names) get U+FFFD instead, so
// nothing parsed can be echoed as invalid text. Returns false for a number that did not
// fit a double (RapidJSON 1.1 can yield infinity for e.g. 1234567890121.0e300, and its
// writer cannot print it back). Depth is bounded by the caller's check.
bool sanitize(rapidjson::Value& v, rapidjson::Document::AllocatorType& alloc) {
  if (v.IsString()) {
    const std::string_view s(v.GetString(), v.GetStringLength());
    if (!utf8::valid(s)) {
      const auto clean = utf8::sanitize(s);
      v.SetString(clean.data(), static_cast<rapidjson::SizeType>(clean.size()), alloc);
    }
  } else if (v.IsDouble()) {
    return std::isfinite(v.GetDouble());
  } else if (v.IsArray()) {
    for (auto& item : v.GetArray())
      if (!sanitize(item, alloc)) return false;
  } else if (v.IsObject()) {
    for (rapidjson::SizeType i = 0; i < v.MemberCount(); ++i) {
      auto& member = *(v.MemberBegin() + i);
      if (!sanitize(member.name, alloc) || !sanitize(member.value, alloc)) return false;
    }
  }
  return true;
}

int hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return -1;
  int v = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = s[i];
    const int d = (c >= '0' && c <= '9')   ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                           : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// RapidJSON refuses a high surrogate escape that no low one follows ("\ud800x"), where a
// JavaScript server reads it: such escapes are rewritten to \ufffd (as a lone low one
// ends up). nullopt when there is none (the common case: no copy).
std::optional<std::string> patch_lone_high_surrogates(std::string_view text) {
  std::optional<std::string> out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!in_string) {
      in_string = c == '"';
      continue;
    }
    if (c == '"') {
      in_string = false;
    } else if (c == '\\' && i + 1 < text.size()) {
      if (text[i + 1] == 'u') {
        const int unit = hex4(text, i + 2);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          const bool paired = i + 7 < text.size() && text[i + 6] == '\\' && text[i + 7] == 'u' &&
                              hex4(text, i + 8) >= 0xDC00 && hex4(text, i + 8) <= 0xDFFF;
          if (!paired) {
            if (!out) out.emplace(text);
            out->replace(i + 2, 4, "fffd");
          } else {
            i += 6;  // skip the pair's first half; the loop skips the rest as text
          }
        }
      }
      ++i;  // the escaped character
    }
  }
  return out;
}

}  // namespace

std::size_t nesting_depth(std::string_view text, std::size_t limit) noexcept {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > limit) return deepest;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return deepest;
}

ReadStatus parse(std::string_view text, rapidjson::Document& out, std::size_t max_depth, bool validate_utf8) {
  if (nesting_depth(text, max_depth) > max_depth) {
    out.SetNull();
    return ReadStatus::TooDeep;
  }
  const auto patched = patch_lone_high_surrogates(text);
  if (patched) text = *patched;
  // Not kParseFullPrecisionFlag: RapidJSON 1.1's full-precision path calls clz(0) (undefined
  // behaviour, a garbage result) for a zero with a large exponent such as 0.0e300 (found by
  // the emulator_json_body fuzz target). Integers are exact either way; a fraction may be
  // one ulp off, which no route of the emulator cares about.
  if (validate_utf8)
    out.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  else
    out.Parse(text.data(), text.size());
  if (out.HasParseError()) return ReadStatus::Syntax;
  if (!sanitize(out, out.GetAllocator())) {
    out.SetNull();
    return ReadStatus::Syntax;
  }
  return ReadStatus::Ok;
}

}  // namespace fluxer::emulator::json
