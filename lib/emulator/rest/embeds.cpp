#include "emulator/rest/embeds.hpp"

#include "emulator/json_writers.hpp"

namespace fluxer::emulator::rest {

namespace {

constexpr std::size_t kUrlMax = 2048;

// A nested object member: absent or null → nullptr (nothing to check); another type → an
// error and nullptr.
const rapidjson::Value* object_member(Fields& f, std::string_view name) {
  const auto* v = f.value(name);
  if (!v || v->IsNull()) return nullptr;
  if (!v->IsObject()) {
    f.fail(name, "INVALID_FORMAT", "Must be an object");
    return nullptr;
  }
  return v;
}

// A required string member of a nested object.
void required_string(Fields& f, std::string_view name, std::size_t min, std::size_t max) {
  if (!f.value(name) || f.is_null(name)) {
    f.fail(name, "INVALID_FORMAT", "This field is required");
    return;
  }
  (void)f.string(name, min, max);
}

void copy_member(rapidjson::Value& out, const rapidjson::Value& in, const char* name,
                 rapidjson::Document::AllocatorType& alloc) {
  auto it = in.FindMember(name);
  if (it == in.MemberEnd() || it->value.IsNull()) return;
  rapidjson::Value key(name, alloc);
  rapidjson::Value value(it->value, alloc);
  out.AddMember(key, value, alloc);
}

}  // namespace

std::optional<std::string> read_embed(const rapidjson::Value& embed, const std::string& path, FormErrors& errors) {
  const auto before = errors.entries().size();
  if (!embed.IsObject()) {
    errors.add(path, "INVALID_FORMAT", "Must be an object");
    return std::nullopt;
  }
  Fields f(embed, errors, path);
  (void)f.nullable_string("title", 1, 256);
  (void)f.nullable_string("description", 1, 4096);
  (void)f.nullable_string("url", 1, kUrlMax);
  (void)f.nullable_integer("color", 0, 0xFFFFFF);
  (void)f.nullable_timestamp("timestamp");
  if (const auto* author = object_member(f, "author")) {
    Fields a(*author, errors, f.path("author"));
    required_string(a, "name", 1, 256);
    (void)a.nullable_string("url", 1, kUrlMax);
    (void)a.nullable_string("icon_url", 1, kUrlMax);
  }
  if (const auto* footer = object_member(f, "footer")) {
    Fields ft(*footer, errors, f.path("footer"));
    required_string(ft, "text", 1, 2048);
    (void)ft.nullable_string("icon_url", 1, kUrlMax);
  }
  for (const char* media : {"image", "thumbnail"}) {
    if (const auto* m = object_member(f, media)) {
      Fields mf(*m, errors, f.path(media));
      required_string(mf, "url", 1, kUrlMax);
      (void)mf.nullable_string("description", 1, 4096);
    }
  }
  if (const auto* fields = f.value("fields"); fields && !fields->IsNull()) {
    if (!fields->IsArray()) {
      f.fail("fields", "INVALID_FORMAT", "Must be an array");
    } else if (fields->Size() > 25) {
      f.fail("fields", "INVALID_FORMAT", "Must have at most 25 entries");
    } else {
      for (rapidjson::SizeType i = 0; i < fields->Size(); ++i) {
        const auto item_path = f.path("fields") + "." + std::to_string(i);
        const auto& item = (*fields)[i];
        if (!item.IsObject()) {
          errors.add(item_path, "INVALID_FORMAT", "Must be an object");
          continue;
        }
        Fields ff(item, errors, item_path);
        required_string(ff, "name", 1, 256);
        required_string(ff, "value", 1, 1024);
        (void)ff.boolean("inline");
      }
    }
  }
  if (errors.entries().size() != before) return std::nullopt;

  // Stored as the server stores it: the input fields only, `type` "rich".
  rapidjson::Document out;
  out.SetObject();
  auto& alloc = out.GetAllocator();
  out.AddMember("type", "rich", alloc);
  for (const char* name :
       {"url", "title", "color", "timestamp", "description", "author", "image", "thumbnail", "footer", "fields"})
    copy_member(out, embed, name, alloc);
  return json::build([&](json::Writer& w) { out.Accept(w); });
}

}  // namespace fluxer::emulator::rest
