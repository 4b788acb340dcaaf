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

/// A persistent decompression stream (window log max 23). Fails when the output of one
/// call would exceed `max_output` or the input is not zstd.
class StreamDecompressor {
 public:
  StreamDecompressor();
  ~StreamDecompressor();
  StreamDecompressor(const StreamDecompressor&) = delete;
  StreamDecompressor& operator=(const StreamDecompressor&) = delete;
  [[nodiscard]] bool ok() const noexcept { return impl_ != nullptr; }
  [[nodiscard]] std::optional<std::string> decompress(std::string_view input, std::size_t max_output);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fluxer::emulator::zstd
