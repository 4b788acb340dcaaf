#include "emulator/json_reader.hpp"

namespace fluxer::emulator::json {

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
  // Full precision: numbers read as the server's parser reads them (exactly, not within an ulp).
  if (validate_utf8)
    out.Parse<rapidjson::kParseFullPrecisionFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  else
    out.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
  return out.HasParseError() ? ReadStatus::Syntax : ReadStatus::Ok;
}

}  // namespace fluxer::emulator::json
