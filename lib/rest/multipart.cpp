#include "rest/multipart.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace fluxer::rest {

MultipartBody::MultipartBody(std::string boundary) : boundary_(std::move(boundary)) {}

std::string MultipartBody::escape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '"') {
      out += "%22";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string MultipartBody::content_type() const {
  return "multipart/form-data; boundary=" + boundary_;
}

std::uint64_t MultipartBody::length(const Segment& s) {
  if (const auto* text = std::get_if<std::string>(&s)) return text->size();
  if (const auto* data = std::get_if<std::shared_ptr<const std::string>>(&s)) return *data ? (*data)->size() : 0;
  return std::get<FileOnDisk>(s).size;
}

void MultipartBody::add_header(std::string_view name, std::optional<std::string_view> filename,
                               std::string_view content_type) {
  std::string h = fmt::format("--{}\r\nContent-Disposition: form-data; name=\"{}\"", boundary_, escape(name));
  if (filename) h += fmt::format("; filename=\"{}\"", escape(*filename));
  h += "\r\n";
  if (!content_type.empty()) h += fmt::format("Content-Type: {}\r\n", content_type);
  h += "\r\n";
  size_ += h.size();
  segments_.emplace_back(std::move(h));
}

void MultipartBody::add_text(std::string_view name, std::string value, std::string_view content_type) {
  add_header(name, std::nullopt, content_type);
  value += "\r\n";
  size_ += value.size();
  segments_.emplace_back(std::move(value));
}

void MultipartBody::add_file(std::string_view name, std::string_view filename, std::string_view content_type,
                             std::shared_ptr<const std::string> data) {
  add_header(name, filename, content_type);
  Segment s{std::move(data)};
  size_ += length(s);
  segments_.push_back(std::move(s));
  size_ += 2;
  segments_.emplace_back(std::string("\r\n"));
}

void MultipartBody::add_file(std::string_view name, std::string_view filename, std::string_view content_type,
                             std::filesystem::path path, std::uint64_t size) {
  add_header(name, filename, content_type);
  segments_.emplace_back(FileOnDisk{std::move(path), size});
  size_ += size + 2;
  segments_.emplace_back(std::string("\r\n"));
}

void MultipartBody::finish() {
  if (finished_) return;
  finished_ = true;
  std::string end = fmt::format("--{}--\r\n", boundary_);
  size_ += end.size();
  segments_.emplace_back(std::move(end));
}

Result<std::string> MultipartBody::to_string() const {
  std::string out;
  out.resize(static_cast<std::size_t>(size_));
  Reader r(*this);
  std::size_t at = 0;
  while (at < out.size()) {
    const std::size_t n = r.read(out.data() + at, out.size() - at);
    if (n == 0) break;
    at += n;
  }
  if (r.error()) return Error{ErrorKind::InvalidArgument, *r.error(), "UPLOAD_READ_FAILED"};
  out.resize(at);
  return out;
}

MultipartBody::Reader::~Reader() {
  close_file();
}

void MultipartBody::Reader::close_file() {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
}

void MultipartBody::Reader::rewind() {
  close_file();
  segment_ = 0;
  offset_ = 0;
  error_.reset();
}

std::size_t MultipartBody::Reader::read(char* out, std::size_t n) {
  std::size_t written = 0;
  while (written < n && !error_ && segment_ < body_->segments_.size()) {
    const Segment& s = body_->segments_[segment_];
    const std::uint64_t total = length(s);
    if (offset_ >= total) {
      close_file();
      ++segment_;
      offset_ = 0;
      continue;
    }
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n - written, total - offset_));
    if (const auto* file = std::get_if<FileOnDisk>(&s)) {
      if (file_ == nullptr) {
        file_ = std::fopen(file->path.c_str(), "rb");
        if (file_ == nullptr || (offset_ > 0 && std::fseek(file_, static_cast<long>(offset_), SEEK_SET) != 0)) {
          error_ = fmt::format("cannot read {}: {}", file->path.string(), std::strerror(errno));
          break;
        }
      }
      const std::size_t got = std::fread(out + written, 1, want, file_);
      if (got < want) {
        error_ = fmt::format("{} shrank while it was being sent ({} of {} bytes)", file->path.string(), offset_ + got,
                             file->size);
        break;
      }
      offset_ += got;
      written += got;
      if (offset_ == total && std::fgetc(file_) != EOF) {
        error_ = fmt::format("{} grew while it was being sent (more than {} bytes)", file->path.string(), file->size);
        break;
      }
    } else {
      const std::string& text = std::holds_alternative<std::string>(s)
                                    ? std::get<std::string>(s)
                                    : *std::get<std::shared_ptr<const std::string>>(s);
      std::memcpy(out + written, text.data() + offset_, want);
      offset_ += want;
      written += want;
    }
  }
  return error_ ? 0 : written;
}

std::string_view guess_content_type(std::string_view filename) {
  const auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext;
  for (char c : filename.substr(dot + 1)) ext.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"png", "image/png"},       {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"},       {"gif", "image/gif"},
      {"webp", "image/webp"},     {"avif", "image/avif"},     {"svg", "image/svg+xml"},     {"mp4", "video/mp4"},
      {"webm", "video/webm"},     {"mov", "video/quicktime"}, {"mp3", "audio/mpeg"},        {"ogg", "audio/ogg"},
      {"wav", "audio/wav"},       {"flac", "audio/flac"},     {"txt", "text/plain"},        {"log", "text/plain"},
      {"md", "text/markdown"},    {"csv", "text/csv"},        {"json", "application/json"}, {"pdf", "application/pdf"},
      {"zip", "application/zip"},
  };
  for (const auto& [e, type] : kTypes)
    if (e == ext) return type;
  return "application/octet-stream";
}

}  // namespace fluxer::rest
