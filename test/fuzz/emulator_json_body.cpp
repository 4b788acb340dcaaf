// libFuzzer target: the emulator's JSON request-body reader (UTF-8 decoding with U+FFFD,
// blank = {}, the nesting limit, the server's empty-value rule) and the embed validator
// that reads its result, then re-serialisation of what was read.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "emulator/json_writers.hpp"
#include "emulator/rest/common.hpp"
#include "emulator/rest/embeds.hpp"
#include "emulator/rest/json_body.hpp"
#include "emulator/utf8.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

// Fractions may move by an ulp when printed and read again (RapidJSON's normal-precision
// reader); documents holding one skip the textual idempotence check.
bool has_fraction(const rapidjson::Value& v) {
  if (v.IsDouble()) return true;
  if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      if (has_fraction(v[i])) return true;
  } else if (v.IsObject()) {
    for (rapidjson::SizeType i = 0; i < v.MemberCount(); ++i)
      if (has_fraction((v.MemberBegin() + i)->value)) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace rest = fluxer::emulator::rest;
  namespace json = fluxer::emulator::json;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  rapidjson::Document doc;
  if (auto error = rest::read_json_body(body, doc)) {
    check(error->path == "body");
    return 0;
  }
  // What was read is valid UTF-8 when written back, and the empty-value rule is idempotent.
  const auto text = json::build([&](json::Writer& w) { doc.Accept(w); });
  check(fluxer::emulator::utf8::valid(text));
  rapidjson::Document again;
  check(!rest::read_json_body(text, again));
  const auto text_again = json::build([&](json::Writer& w) { again.Accept(w); });
  check(text == text_again || has_fraction(doc));
  // Route code reads fields from it.
  if (doc.IsObject()) {
    rest::FormErrors errors;
    rest::Fields f(doc, errors);
    (void)f.string("content", 1, 4000);
    (void)f.snowflake("channel_id");
    (void)f.permissions("permissions");
    (void)f.nullable_timestamp("communication_disabled_until");
    (void)rest::read_overwrites(f, "permission_overwrites");
    if (auto it = doc.FindMember("embeds"); it != doc.MemberEnd() && it->value.IsArray())
      for (rapidjson::SizeType i = 0; i < it->value.Size() && i < 10; ++i)
        if (auto stored = rest::read_embed(it->value[i], "embeds." + std::to_string(i), errors))
          check(fluxer::emulator::utf8::valid(*stored));
  }
  return 0;
}
