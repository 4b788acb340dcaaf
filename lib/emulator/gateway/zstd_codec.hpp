#pragma once
// zstd for the gateway (§3.2): [A] one independent frame per payload; [B] stream=1 one
// continuous stream per direction, flushed per payload. Available when FLUXER_HAVE_ZSTD.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fluxer::emulator::zstd {

/// True when the library was built with zstd.
[[nodiscard]] bool available() noexcept;

/// [A]: each call returns a complete, independent zstd frame (level 3).
[[nodiscard]] std::optional<std::string> compress_frame(std::string_view payload);

/// [B]: a persistent compression stream; each call returns the bytes of one flushed block.
class StreamCompressor {
 public:
  StreamCompressor();
  ~StreamCompressor();
  StreamCompressor(const StreamCompressor&) = delete;
  StreamCompressor& operator=(const StreamCompressor&) = delete;
  [[nodiscard]] bool ok() const noexcept { return impl_ != nullptr; }
  [[nodiscard]] std::optional<std::string> compress(std::string_view payload);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// What one StreamDecompressor::decompress call produced.
struct Decompressed {
  enum class Status {
    Ok,
    TooLarge,  ///< more than `max_output` bytes: decompression stopped there
    Corrupt,   ///< not zstd, or the stream is broken
  };
  Status status = Status::Ok;
  std::string data;  ///< the plain bytes (Ok only)
};

/// A persistent decompression stream (window log max 23). A call never produces more than
/// `max_output` + 1 bytes: a zstd bomb (a few KiB that expand to many MiB) costs at most
/// that much output and one block of decoding before it is refused.
class StreamDecompressor {
 public:
  StreamDecompressor();
  ~StreamDecompressor();
  StreamDecompressor(const StreamDecompressor&) = delete;
  StreamDecompressor& operator=(const StreamDecompressor&) = delete;
  [[nodiscard]] bool ok() const noexcept { return impl_ != nullptr; }
  [[nodiscard]] Decompressed decompress(std::string_view input, std::size_t max_output);
  /// Plain bytes produced by the last call (also when it failed).
  [[nodiscard]] std::size_t last_output_size() const noexcept { return last_output_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t last_output_ = 0;
};

}  // namespace fluxer::emulator::zstd
