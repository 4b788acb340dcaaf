#include "emulator/rest/message_upload.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "emulator/rest/common.hpp"
#include "emulator/rest/json_body.hpp"

namespace fluxer::emulator::rest {

namespace {

constexpr std::size_t kMaxFiles = 10;
constexpr std::size_t kMaxFileSize = 25U << 20U;             // 25 MiB (non-premium; bots are clamped to 50 MiB on [B])
constexpr int kClientAttachmentFlags = (1 << 3) | (1 << 4);  // IS_SPOILER, CONTAINS_EXPLICIT_MEDIA

std::string lower_ext(std::string_view filename) {
  const auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(filename.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// Width and height of PNG and GIF images (the formats whose headers are trivial to read).
void read_dimensions(Attachment& a) {
  const auto& d = a.data;
  auto byte = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(d[i])); };
  if (d.size() >= 24 && d.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) {
    a.width = static_cast<int>((byte(16) << 24U) | (byte(17) << 16U) | (byte(18) << 8U) | byte(19));
    a.height = static_cast<int>((byte(20) << 24U) | (byte(21) << 16U) | (byte(22) << 8U) | byte(23));
  } else if (d.size() >= 10 && (d.compare(0, 6, "GIF87a") == 0 || d.compare(0, 6, "GIF89a") == 0)) {
    a.width = static_cast<int>(byte(6) | (byte(7) << 8U));
    a.height = static_cast<int>(byte(8) | (byte(9) << 8U));
  }
}

std::optional<int> file_index(std::string_view name, ProtocolMode mode, bool& bad_name) {
  bad_name = false;
  auto number = [](std::string_view digits) -> std::optional<int> {
    int v = 0;
    if (digits.empty() || digits.size() > 5) return std::nullopt;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc{} || p != digits.data() + digits.size()) return std::nullopt;
    return v;
  };
  if (name.substr(0, 6) == "files[") {
    if (name.size() < 8 || name.back() != ']' || !number(name.substr(6, name.size() - 7))) {
      bad_name = true;
      return std::nullopt;
    }
    return number(name.substr(6, name.size() - 7));
  }
  if (mode == ProtocolMode::B) {
    if (name == "file") return 0;
    if (name.substr(0, 4) == "file" && name.size() > 4) return number(name.substr(4));
  }
  return std::nullopt;
}

void set_member(rapidjson::Document& doc, const char* name, rapidjson::Value value) {
  auto& alloc = doc.GetAllocator();
  if (auto it = doc.FindMember(name); it != doc.MemberEnd())
    it->value = std::move(value);
  else
    doc.AddMember(rapidjson::Value(name, alloc), std::move(value), alloc);
}

struct Metadata {
  std::optional<std::string> filename;
  std::optional<std::optional<std::string>> title;
  std::optional<std::optional<std::string>> description;
  int flags = 0;
};

}  // namespace

std::string guess_content_type(std::string_view filename) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"png", "image/png"},       {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"},       {"gif", "image/gif"},
      {"webp", "image/webp"},     {"txt", "text/plain"},      {"json", "application/json"}, {"mp4", "video/mp4"},
      {"webm", "video/webm"},     {"mp3", "audio/mpeg"},      {"ogg", "audio/ogg"},         {"wav", "audio/wav"},
      {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"csv", "text/csv"},          {"html", "text/html"},
  };
  const auto ext = lower_ext(filename);
  for (const auto& [e, type] : kTypes)
    if (e == ext) return std::string(type);
  return "application/octet-stream";
}

std::optional<http::Response> read_message_body(const RequestContext& ctx, MessageBody& out) {
  const auto mode = ctx.mode();
  const auto* content_type = ctx.request.header("content-type");
  const auto boundary = content_type ? http::multipart_boundary(*content_type) : std::nullopt;
  FormErrors errors;
  std::map<int, const http::Part*> files;
  std::optional<std::vector<http::Part>> parts;

  if (!boundary) {
    if (auto bad = parse_object(ctx.request, out.payload)) return bad;
  } else {
    out.multipart = true;
    parts = http::parse_multipart(ctx.request.body, *boundary);
    if (!parts) {
      errors.add("multipart_form", "FAILED_TO_PARSE_MULTIPART_FORM_DATA", "Failed to parse multipart form data");
      return errors.response();
    }
    const http::Part* payload_part = nullptr;
    for (const auto& part : *parts) {
      if (part.name == "payload_json") {
        payload_part = &part;
        continue;
      }
      bool bad_name = false;
      const auto index = file_index(part.name, mode, bad_name);
      if (bad_name) {
        errors.add("files", "INVALID_FILE_FIELD_NAME",
                   "Invalid file field name: " + part.name + ". Expected format: files[N] where N is a number");
        return errors.response();
      }
      if (!index) continue;  // other fields are ignored (or handled below on [B])
      if (*index < 0 || static_cast<std::size_t>(*index) >= kMaxFiles) {
        errors.add("files", "FILE_INDEX_EXCEEDS_MAXIMUM",
                   "File index " + std::to_string(*index) + " exceeds maximum allowed index of " +
                       std::to_string(kMaxFiles - 1));
        return errors.response();
      }
      if (files.count(*index) != 0) {
        errors.add("files", "DUPLICATE_FILE_INDEX", "Duplicate file index: " + std::to_string(*index));
        return errors.response();
      }
      files[*index] = &part;
    }
    if (files.size() > kMaxFiles)
      return error_response(400, "TOO_MANY_FILES", "Too many files. Maximum 10 files allowed");
    if (!payload_part) {
      if (mode == ProtocolMode::A) {
        errors.add("payload_json", "INVALID_FORMAT", "payload_json field is required for multipart messages");
        return errors.response();
      }
      out.payload.SetObject();
    } else {
      if (read_json_body(payload_part->data, out.payload) || !out.payload.IsObject()) {
        errors.add("payload_json", "INVALID_JSON_IN_PAYLOAD_JSON", "Invalid JSON in payload_json");
        return errors.response();
      }
    }
    if (mode == ProtocolMode::B) {
      // Form fields override the payload (content, nonce, tts, flags).
      auto& alloc = out.payload.GetAllocator();
      for (const auto& part : *parts) {
        if (part.filename) continue;
        if (part.name == "content" || part.name == "nonce") {
          set_member(out.payload, part.name == "content" ? "content" : "nonce",
                     rapidjson::Value(part.data.data(), part.data.size(), alloc));
        } else if (part.name == "tts") {
          set_member(out.payload, "tts", rapidjson::Value(part.data == "true"));
        } else if (part.name == "flags") {
          int flags = 0;
          auto [p, ec] = std::from_chars(part.data.data(), part.data.data() + part.data.size(), flags);
          if (ec == std::errc{} && p == part.data.data() + part.data.size())
            set_member(out.payload, "flags", rapidjson::Value(flags));
        }
      }
    }
  }

  // The `attachments` metadata: entries naming an uploaded file describe it; the rest refer
  // to attachments the message already has (edits).
  std::map<int, Metadata> metadata;
  if (auto it = out.payload.FindMember("attachments"); it != out.payload.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsArray()) {
      errors.add("attachments", "INVALID_FORMAT", "Must be an array");
      return errors.response();
    }
    out.attachments_present = true;
    if (it->value.Size() > kMaxFiles) return error_response(400, "TOO_MANY_FILES", "Too many attachments (max 10)");
    for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
      const auto& entry = it->value[i];
      const std::string prefix = "attachments." + std::to_string(i);
      if (!entry.IsObject()) {
        errors.add(prefix, "INVALID_FORMAT", "Must be an object");
        continue;
      }
      Fields f(entry, errors, prefix);
      // `id`: a file index (number or decimal string) or an existing attachment id.
      std::optional<std::uint64_t> id;
      if (const auto* v = f.value("id")) {
        if (v->IsUint64()) {
          id = v->GetUint64();
        } else if (v->IsString()) {
          std::uint64_t n = 0;
          const std::string_view text(v->GetString(), v->GetStringLength());
          auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
          if (ec == std::errc{} && p == text.data() + text.size() && !text.empty()) id = n;
        }
      }
      if (!id) {
        errors.add(prefix + ".id", "INVALID_FORMAT", "Must be a file index or an attachment id");
        continue;
      }
      Metadata md;
      md.filename = f.string("filename", 1, 1024);
      md.title = f.nullable_string("title", 1, 1024);
      md.description = f.nullable_string("description", 1, 4096);
      md.flags = static_cast<int>(f.integer("flags", 0, 1 << 30).value_or(0)) & kClientAttachmentFlags;
      const bool names_file = *id < kMaxFiles && files.count(static_cast<int>(*id)) != 0;
      if (names_file) {
        if (metadata.count(static_cast<int>(*id)) != 0) {
          if (mode == ProtocolMode::B)
            return error_response(400, "DUPLICATE_ATTACHMENT_IDS_NOT_ALLOWED", "Duplicate attachment ids");
          errors.add("attachments", "INVALID_FORMAT", "Duplicate attachment id " + std::to_string(*id));
          continue;
        }
        metadata[static_cast<int>(*id)] = std::move(md);
      } else if (md.filename) {
        // Metadata for a new file that was not uploaded.
        if (mode == ProtocolMode::B)
          return error_response(400, "NO_FILE_FOR_ATTACHMENT_METADATA",
                                "No file uploaded for attachment metadata with ID " + std::to_string(*id));
        errors.add("attachments", "INVALID_FORMAT",
                   files.empty() ? std::string("Attachment metadata with filename provided but no files uploaded")
                                 : "No file uploaded for attachment metadata with ID " + std::to_string(*id));
      } else {
        actions::AttachmentKeep keep;
        keep.id = Snowflake{*id};
        keep.title = md.title;
        keep.description = md.description;
        out.keep.push_back(keep);
      }
    }
  }
  if (!errors.empty()) return errors.response();

  if (!files.empty() && mode == ProtocolMode::A) {
    if (metadata.empty() && out.keep.empty()) {
      errors.add("attachments", "INVALID_FORMAT", "Attachments metadata array is required when uploading files");
      return errors.response();
    }
    for (const auto& [index, part] : files)
      if (metadata.count(index) == 0) {
        errors.add("attachments", "INVALID_FORMAT", "No metadata provided for file with ID " + std::to_string(index));
        return errors.response();
      }
  }
  for (const auto& [index, part] : files) {
    if (part->data.size() > kMaxFileSize)
      return error_response(400, "FILE_SIZE_TOO_LARGE", "File size exceeds the maximum of 25 MiB");
    Attachment a;
    const auto md = metadata.find(index);
    a.filename = md != metadata.end() && md->second.filename ? *md->second.filename
                                                             : part->filename.value_or("file" + std::to_string(index));
    if (md != metadata.end()) {
      if (md->second.title) a.title = *md->second.title;
      if (md->second.description) a.description = *md->second.description;
      a.flags = md->second.flags;
    }
    a.content_type = !part->content_type.empty() && part->content_type != "application/octet-stream"
                         ? part->content_type
                         : guess_content_type(a.filename);
    a.size = part->data.size();
    a.data = part->data;
    read_dimensions(a);
    out.uploads.push_back(std::move(a));
  }
  return std::nullopt;
}

}  // namespace fluxer::emulator::rest
