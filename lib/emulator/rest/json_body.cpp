#include "emulator/rest/json_body.hpp"

#include "emulator/json_reader.hpp"
#include "emulator/utf8.hpp"

namespace fluxer::emulator::rest {

namespace {

// Whether `text` holds only what JavaScript's String.prototype.trim() removes: ASCII
// whitespace and the Unicode space separators, line terminators and U+FEFF.
bool blank(std::string_view text) {
  static constexpr std::string_view kWide[] = {
      "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84",
      "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
      "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"};
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
      ++i;
      continue;
    }
    bool matched = false;
    for (const auto w : kWide)
      if (text.substr(i, w.size()) == w) {
        i += w.size();
        matched = true;
        break;
      }
    if (!matched) return false;
  }
  return true;
}

}  // namespace

std::optional<BodyError> read_json_body(std::string_view body, rapidjson::Document& out) {
  std::string text = utf8::sanitize(body);
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // TextDecoder drops a BOM
  if (blank(text)) {
    out.SetObject();
    return std::nullopt;
  }
  switch (json::parse(text, out)) {
    case json::ReadStatus::Ok: break;
    case json::ReadStatus::TooDeep: return BodyError{"body", "INVALID_FORMAT", "The request body is nested too deeply"};
    case json::ReadStatus::Syntax: return BodyError{"body", "INVALID_FORMAT", "The request body is not valid JSON"};
  }
  null_empty_values(out, true);
  return std::nullopt;
}

void null_empty_values(rapidjson::Value& value, bool root) {
  // Recursion depth is bounded by json::kMaxDepth: only parsed bodies come here.
  if (value.IsString()) {
    if (value.GetStringLength() == 0) value.SetNull();
    return;
  }
  if (value.IsArray()) {
    for (auto& item : value.GetArray()) null_empty_values(item, false);
    return;
  }
  if (!value.IsObject()) return;
  bool all_null = true;
  // By index: comparing RapidJSON member iterators is ambiguous under C++20's rewritten
  // operators (clang warns).
  for (rapidjson::SizeType i = 0; i < value.MemberCount(); ++i) {
    auto& member = (value.MemberBegin() + i)->value;
    null_empty_values(member, false);
    if (!member.IsNull()) all_null = false;
  }
  if (!root && all_null) value.SetNull();  // also covers the empty object
}

}  // namespace fluxer::emulator::rest
