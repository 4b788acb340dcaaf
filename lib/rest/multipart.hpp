#pragma once
/// @file
/// multipart/form-data bodies (§5.5 uploads) that stream their files: the part headers are
/// built up front, file bytes are read from memory (never copied) or from disk in chunks
/// while the request is sent. Sans-IO apart from reading the files.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fluxer/core/result.hpp>

namespace fluxer::rest {

class MultipartBody {
 public:
  /// `boundary`: 1–70 characters that must not occur in the data (a long random string).
  explicit MultipartBody(std::string boundary);

  /// A text part (`payload_json`, with content type application/json).
  void add_text(std::string_view name, std::string value, std::string_view content_type = {});
  /// A file part whose bytes are in memory (shared, not copied).
  void add_file(std::string_view name, std::string_view filename, std::string_view content_type,
                std::shared_ptr<const std::string> data);
  /// A file part read from disk while sending; `size` is what the file held when checked.
  void add_file(std::string_view name, std::string_view filename, std::string_view content_type,
                std::filesystem::path path, std::uint64_t size);
  /// Adds the closing delimiter; call once, after the last part.
  void finish();

  /// Total length in bytes (the Content-Length).
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  /// `multipart/form-data; boundary=<boundary>`.
  [[nodiscard]] std::string content_type() const;
  [[nodiscard]] const std::string& boundary() const noexcept { return boundary_; }

  /// Reads a body from the start; one per attempt (a retry starts a new one).
  class Reader {
   public:
    explicit Reader(const MultipartBody& body) : body_(&body) {}
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    /// Copies up to `n` bytes into `out`; 0 at the end or on an error (see error()).
    std::size_t read(char* out, std::size_t n);
    /// Back to the first byte.
    void rewind();
    /// Why reading stopped early (a file that vanished, shrank or grew), if it did.
    [[nodiscard]] const std::optional<std::string>& error() const noexcept { return error_; }

   private:
    void close_file();
    const MultipartBody* body_;
    std::size_t segment_ = 0;
    std::uint64_t offset_ = 0;  ///< within the current segment
    std::FILE* file_ = nullptr;
    std::optional<std::string> error_;
  };

  /// The whole body as one string (tests; small bodies). Fails like a Reader would.
  [[nodiscard]] Result<std::string> to_string() const;

  /// `"` -> %22, CR -> %0D, LF -> %0A: a name or filename safe inside a quoted header value.
  [[nodiscard]] static std::string escape(std::string_view value);

 private:
  struct FileOnDisk {
    std::filesystem::path path;
    std::uint64_t size;
  };
  using Segment = std::variant<std::string, std::shared_ptr<const std::string>, FileOnDisk>;
  static std::uint64_t length(const Segment& s);
  void add_header(std::string_view name, std::optional<std::string_view> filename, std::string_view content_type);

  std::string boundary_;
  std::vector<Segment> segments_;
  std::uint64_t size_ = 0;
  bool finished_ = false;
};

/// A MIME type for a file name's extension (application/octet-stream when unknown).
[[nodiscard]] std::string_view guess_content_type(std::string_view filename);

}  // namespace fluxer::rest
