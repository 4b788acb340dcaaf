#pragma once
/// @file
/// UploadFile: a file attached to a message, from memory or streamed from disk.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace fluxer {

/// A file to upload with a message (multipart part `files[N]`, §5.5).
///
/// From memory the bytes are moved in and never copied again; from a path the file is read
/// in chunks while the request is sent (its size is checked against the limits before
/// sending, and a file that changes size meanwhile fails the call).
///
///     rest.create_message(channel, {.content = "logs"},
///                         {fluxer::UploadFile::from_path("/var/log/bot.log")});
struct UploadFile {
  /// The name the server shows (and `attachment://<filename>` refers to).
  std::string filename{};
  /// MIME type; empty = guessed from the extension (application/octet-stream otherwise).
  std::string content_type{};
  /// Alt text.
  std::optional<std::string> description{};
  /// Mark the attachment as a spoiler.
  bool spoiler = false;
  /// Where the bytes are: exactly one of the two.
  std::shared_ptr<const std::string> data{};
  std::filesystem::path path{};

  /// Bytes held in memory.
  [[nodiscard]] static UploadFile from_memory(std::string filename, std::string bytes) {
    UploadFile f;
    f.filename = std::move(filename);
    f.data = std::make_shared<const std::string>(std::move(bytes));
    return f;
  }
  /// A file on disk; `filename` defaults to the path's file name.
  [[nodiscard]] static UploadFile from_path(std::filesystem::path path, std::string filename = {}) {
    UploadFile f;
    f.filename = filename.empty() ? path.filename().string() : std::move(filename);
    f.path = std::move(path);
    return f;
  }
};

}  // namespace fluxer
