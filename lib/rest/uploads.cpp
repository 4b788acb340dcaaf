#include "rest/uploads.hpp"

#include <system_error>

#include <fmt/format.h>

#include "rest/multipart.hpp"

namespace fluxer::rest {
namespace {

std::string mib(std::uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

}  // namespace

Result<std::vector<ResolvedUpload>> gather_uploads(std::vector<FileUpload>& body_files, std::vector<UploadFile> extra,
                                                   const RestOptions& options) {
  std::vector<ResolvedUpload> out;
  out.reserve(body_files.size() + extra.size());
  for (auto& f : body_files) {
    UploadFile u;
    u.filename = f.filename;
    u.content_type = f.content_type;
    u.description = f.description;
    u.spoiler = f.spoiler;
    u.data = std::make_shared<const std::string>(std::move(f.data));
    out.push_back({std::move(u), 0});
  }
  for (auto& f : extra) out.push_back({std::move(f), 0});
  if (out.size() > options.max_upload_files)
    return Error::invalid_argument(
        "files", fmt::format("at most {} files per message (got {})", options.max_upload_files, out.size()),
        "TOO_MANY_FILES");
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& r = out[i];
    const std::string field = fmt::format("files.{}", i);
    if (r.file.data) {
      r.size = r.file.data->size();
    } else if (!r.file.path.empty()) {
      std::error_code ec;
      const bool regular = std::filesystem::is_regular_file(r.file.path, ec);
      const auto size = regular ? std::filesystem::file_size(r.file.path, ec) : 0;
      if (!regular || ec)
        return Error::invalid_argument(field,
                                       fmt::format("cannot read {}: {}", r.file.path.string(),
                                                   ec ? ec.message() : std::string("not a regular file")),
                                       "FILE_NOT_READABLE");
      r.size = size;
    } else {
      return Error::invalid_argument(field, "has neither bytes nor a path", "FILE_NOT_READABLE");
    }
    if (r.file.filename.empty()) return Error::invalid_argument(field + ".filename", "must not be empty", "TOO_SHORT");
    if (r.size > options.max_upload_bytes)
      return Error::invalid_argument(field,
                                     fmt::format("{} is {}, over the limit of {} per file", r.file.filename,
                                                 mib(r.size), mib(options.max_upload_bytes)),
                                     "FILE_SIZE_TOO_LARGE");
  }
  body_files.clear();
  for (const auto& r : out) {
    FileUpload placeholder;
    placeholder.filename = r.file.filename;
    placeholder.description = r.file.description;
    placeholder.spoiler = r.file.spoiler;
    placeholder.content_type = r.file.content_type;
    body_files.push_back(std::move(placeholder));
  }
  return out;
}

void set_message_body(HttpRequest& request, std::string payload_json, std::vector<ResolvedUpload> uploads,
                      const std::function<std::string()>& make_boundary) {
  if (uploads.empty()) {
    request.body = std::move(payload_json);
    request.content_type = "application/json";
    return;
  }
  auto body = std::make_shared<MultipartBody>(make_boundary());
  body->add_text("payload_json", std::move(payload_json), "application/json");
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    auto& u = uploads[i].file;
    const std::string name = fmt::format("files[{}]", i);
    const std::string type = u.content_type.empty() ? std::string(guess_content_type(u.filename)) : u.content_type;
    if (u.data) {
      body->add_file(name, u.filename, type, std::move(u.data));
    } else {
      body->add_file(name, u.filename, type, std::move(u.path), uploads[i].size);
    }
  }
  body->finish();
  request.multipart = std::move(body);
}

}  // namespace fluxer::rest
