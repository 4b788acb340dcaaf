#include "gateway/zstd_stream.hpp"

#include <algorithm>
#include <vector>

#include "fluxer_config.h"

#if FLUXER_HAVE_ZSTD
#include <zstd.h>
#endif

namespace fluxer::gateway::detail {

#if FLUXER_HAVE_ZSTD

namespace {
/// The server's decompressor window limit ([B]: window log 23); also bounds what a
/// malicious frame can make us allocate.
constexpr int kWindowLogMax = 23;
constexpr int kOutboundWindowLog = 15;  // 32 KiB of history: several payloads
constexpr int kOutboundTableLog = 12;
}  // namespace

bool zstd_available() noexcept {
  return true;
}

struct Inflater::Impl {
  ZSTD_DStream* stream = nullptr;
  std::vector<char> buffer;  // grows, never shrinks: no zero-filling per message
  ~Impl() { ZSTD_freeDStream(stream); }
};

Inflater::Inflater() : impl_(std::make_unique<Impl>()) {
  impl_->stream = ZSTD_createDStream();
  if (impl_->stream == nullptr ||
      ZSTD_isError(ZSTD_DCtx_setParameter(impl_->stream, ZSTD_d_windowLogMax, kWindowLogMax)))
    impl_.reset();
}
Inflater::~Inflater() = default;

Inflater::Status Inflater::inflate(std::string_view in, std::size_t max_out, std::string_view& out, bool& frame_ended) {
  if (!impl_) return Status::Unavailable;
  auto& buf = impl_->buffer;
  if (buf.size() < 16384) buf.resize(16384);
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  std::size_t pos = 0;
  std::size_t ret = 0;
  for (;;) {
    ZSTD_outBuffer output{buf.data(), buf.size(), pos};
    ret = ZSTD_decompressStream(impl_->stream, &output, &input);
    if (ZSTD_isError(ret)) return Status::Corrupt;
    pos = output.pos;
    if (pos > max_out) return Status::TooLarge;
    if (input.pos == input.size && output.pos < output.size) break;  // all in, all flushed
    if (output.pos == output.size) {
      if (buf.size() > max_out) return Status::TooLarge;
      buf.resize(std::min(buf.size() * 2, max_out + 1));
    }
  }
  out = std::string_view(buf.data(), pos);
  frame_ended = ret == 0;
  return Status::Ok;
}

struct Deflater::Impl {
  ZSTD_CStream* stream = nullptr;
  ~Impl() { ZSTD_freeCStream(stream); }
};

Deflater::Deflater() : impl_(std::make_unique<Impl>()) {
  // What the client sends is small and rare (heartbeats, commands of at most 4 KiB): a fast
  // level and small tables keep an idle connection's compressor small instead of the large
  // tables level 3 allocates and clears.
  impl_->stream = ZSTD_createCStream();
  auto set = [&](ZSTD_cParameter p, int v) { return !ZSTD_isError(ZSTD_CCtx_setParameter(impl_->stream, p, v)); };
  if (impl_->stream == nullptr || !set(ZSTD_c_compressionLevel, 1) || !set(ZSTD_c_windowLog, kOutboundWindowLog) ||
      !set(ZSTD_c_hashLog, kOutboundTableLog) || !set(ZSTD_c_chainLog, kOutboundTableLog))
    impl_.reset();
}
Deflater::~Deflater() = default;

bool Deflater::deflate(std::string_view in, std::string& out) {
  if (!impl_) return false;
  out.resize(ZSTD_compressBound(in.size()) + 64);
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  std::size_t pos = 0;
  for (;;) {
    ZSTD_outBuffer output{out.data(), out.size(), pos};
    const std::size_t remaining = ZSTD_compressStream2(impl_->stream, &output, &input, ZSTD_e_flush);
    if (ZSTD_isError(remaining)) return false;
    pos = output.pos;
    if (remaining == 0 && input.pos == input.size) break;
    if (output.pos == output.size) out.resize(out.size() * 2);
  }
  out.resize(pos);
  return true;
}

#else

bool zstd_available() noexcept {
  return false;
}
struct Inflater::Impl {};
Inflater::Inflater() = default;
Inflater::~Inflater() = default;
Inflater::Status Inflater::inflate(std::string_view, std::size_t, std::string_view&, bool&) {
  return Status::Unavailable;
}
struct Deflater::Impl {};
Deflater::Deflater() = default;
Deflater::~Deflater() = default;
bool Deflater::deflate(std::string_view, std::string&) {
  return false;
}

#endif

}  // namespace fluxer::gateway::detail
