#include "emulator/gateway/zstd_codec.hpp"

#include <algorithm>

#include "fluxer_config.h"

#if FLUXER_HAVE_ZSTD
#include <zstd.h>
#endif

namespace fluxer::emulator::zstd {

#if FLUXER_HAVE_ZSTD

bool available() noexcept {
  return true;
}

std::optional<std::string> compress_frame(std::string_view payload) {
  std::string out(ZSTD_compressBound(payload.size()), '\0');
  const auto n = ZSTD_compress(out.data(), out.size(), payload.data(), payload.size(), 3);
  if (ZSTD_isError(n)) return std::nullopt;
  out.resize(n);
  return out;
}

struct StreamCompressor::Impl {
  ZSTD_CStream* stream = nullptr;
  ~Impl() { ZSTD_freeCStream(stream); }
};

StreamCompressor::StreamCompressor() : impl_(std::make_unique<Impl>()) {
  impl_->stream = ZSTD_createCStream();
  if (!impl_->stream || ZSTD_isError(ZSTD_CCtx_setParameter(impl_->stream, ZSTD_c_compressionLevel, 3))) impl_.reset();
}
StreamCompressor::~StreamCompressor() = default;

std::optional<std::string> StreamCompressor::compress(std::string_view payload) {
  if (!impl_) return std::nullopt;
  std::string out;
  ZSTD_inBuffer in{payload.data(), payload.size(), 0};
  char chunk[65536];
  for (;;) {
    ZSTD_outBuffer o{chunk, sizeof chunk, 0};
    const auto remaining = ZSTD_compressStream2(impl_->stream, &o, &in, ZSTD_e_flush);
    if (ZSTD_isError(remaining)) return std::nullopt;
    out.append(chunk, o.pos);
    if (remaining == 0 && in.pos == in.size) break;
  }
  return out;
}

struct StreamDecompressor::Impl {
  ZSTD_DStream* stream = nullptr;
  ~Impl() { ZSTD_freeDStream(stream); }
};

StreamDecompressor::StreamDecompressor() : impl_(std::make_unique<Impl>()) {
  impl_->stream = ZSTD_createDStream();
  if (!impl_->stream || ZSTD_isError(ZSTD_DCtx_setParameter(impl_->stream, ZSTD_d_windowLogMax, 23))) impl_.reset();
}
StreamDecompressor::~StreamDecompressor() = default;

Decompressed StreamDecompressor::decompress(std::string_view input, std::size_t max_output) {
  Decompressed result;
  last_output_ = 0;
  if (!impl_) {
    result.status = Decompressed::Status::Corrupt;
    return result;
  }
  auto& out = result.data;
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  char chunk[16384];
  for (;;) {
    // Never ask for more than one byte past the limit.
    const std::size_t room = std::min(sizeof chunk, max_output - std::min(max_output, out.size()) + 1);
    ZSTD_outBuffer o{chunk, room, 0};
    const auto r = ZSTD_decompressStream(impl_->stream, &o, &in);
    last_output_ += o.pos;
    if (ZSTD_isError(r)) {
      result.status = Decompressed::Status::Corrupt;
      out.clear();
      return result;
    }
    out.append(chunk, o.pos);
    if (out.size() > max_output) {
      result.status = Decompressed::Status::TooLarge;
      out.clear();
      out.shrink_to_fit();
      return result;
    }
    if (in.pos == in.size && o.pos < o.size) break;
  }
  return result;
}

#else

bool available() noexcept {
  return false;
}
std::optional<std::string> compress_frame(std::string_view) {
  return std::nullopt;
}
struct StreamCompressor::Impl {};
StreamCompressor::StreamCompressor() = default;
StreamCompressor::~StreamCompressor() = default;
std::optional<std::string> StreamCompressor::compress(std::string_view) {
  return std::nullopt;
}
struct StreamDecompressor::Impl {};
StreamDecompressor::StreamDecompressor() = default;
StreamDecompressor::~StreamDecompressor() = default;
Decompressed StreamDecompressor::decompress(std::string_view, std::size_t) {
  return Decompressed{Decompressed::Status::Corrupt, {}};
}

#endif

}  // namespace fluxer::emulator::zstd
