// libFuzzer target: the gateway's inbound zstd decompression (gateway::detail::Inflater),
// with the decompressed-size limit at 1 MiB so that a bomb has to be refused (TooLarge)
// instead of allocated, and what comes out handed on to the frame decoder as the gateway does.
//
// Input layout: a sequence of WebSocket messages, each `<length: 2 bytes, little endian>
// <length bytes>`; a length past the end takes what is left. The messages are inflated
//   [A] each on its own, as independent frames (a fresh Inflater per message, as after a
//       reconnect), and
//   [B] in order through one Inflater, as one continuing stream; the first TooLarge or
//       Corrupt ends it, as it ends the connection;
// and the whole input is also inflated as a single message.
//
// Seeds (corpus/zstd_inbound/, written once with libzstd): single frames of gateway
// payloads ([A]), a stream flushed after each payload and cut at the flushes ([B]), a
// frame whose content would be 4 MiB of zeros (a bomb: TooLarge), and a truncated frame.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "gateway/frame.hpp"
#include "gateway/zstd_stream.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

using fluxer::gateway::detail::Inflater;

constexpr std::size_t kMaxOut = 1 << 20;  // 1 MiB, as a small max_decompressed_bytes

/// Inflates one message; false when the connection would be dropped.
bool inflate(Inflater& inflater, std::string_view message) {
  std::string_view out;
  bool frame_ended = false;
  const auto status = inflater.inflate(message, kMaxOut, out, frame_ended);
  check(status != Inflater::Status::Unavailable);
  if (status != Inflater::Status::Ok) return false;
  check(out.size() <= kMaxOut);
  if (!out.empty()) {
    // Every byte of the view is readable (ASan checks the touch).
    volatile char sink = out.front();
    sink = out.back();
    (void)sink;
  }
  (void)fluxer::gateway::detail::decode_frame(out);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!fluxer::gateway::detail::zstd_available()) return 0;  // built without zstd
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  std::vector<std::string_view> messages;
  for (std::size_t pos = 0; pos < input.size();) {
    if (input.size() - pos < 2) {
      messages.push_back(input.substr(pos));
      break;
    }
    const std::size_t length = data[pos] | (static_cast<std::size_t>(data[pos + 1]) << 8);
    pos += 2;
    messages.push_back(input.substr(pos, length));
    pos += std::min(length, input.size() - pos);
  }

  // [A] independent frames.
  for (auto message : messages) {
    Inflater inflater;
    (void)inflate(inflater, message);
  }
  // [B] one stream (with one message it is [A] again: skipped, a bomb costs enough).
  if (messages.size() > 1) {
    Inflater inflater;
    for (auto message : messages)
      if (!inflate(inflater, message)) break;
  }
  // The input as one message.
  {
    Inflater inflater;
    (void)inflate(inflater, input);
  }
  return 0;
}
