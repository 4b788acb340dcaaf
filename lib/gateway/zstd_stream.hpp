#pragma once
// Private to libfluxer: the gateway's zstd streams. One Inflater per connection decodes
// everything the server sends ([A]: one complete frame per message; [B]: one flushed,
// never-ending stream); one Deflater per connection compresses what the client sends in [B]
// stream mode (ZSTD_e_flush per payload, so each message decodes on arrival).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace fluxer::gateway::detail {

/// True when the library was built with zstd.
[[nodiscard]] bool zstd_available() noexcept;

class Inflater {
 public:
  enum class Status { Ok, TooLarge, Corrupt, Unavailable };

  Inflater();
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  /// Decompresses one WebSocket message. On Ok, `out` views the text (valid until the next
  /// call) and `frame_ended` tells whether a zstd frame ended exactly at the message's end
  /// ([A] independent frames) or the stream goes on ([B]). TooLarge when the text would
  /// exceed `max_out` bytes; Corrupt when the data is not valid zstd (the stream is then
  /// unusable: drop the connection).
  Status inflate(std::string_view in, std::size_t max_out, std::string_view& out, bool& frame_ended);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Deflater {
 public:
  Deflater();
  ~Deflater();
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  /// Compresses one payload through the persistent stream and flushes it; false on failure.
  bool deflate(std::string_view in, std::string& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fluxer::gateway::detail
