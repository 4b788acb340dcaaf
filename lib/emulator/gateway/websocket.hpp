#pragma once
// RFC 6455 server-side framing, sans-IO: the handshake accept key, a decoder for client
// frames (masked, possibly fragmented, with a message size cap, text and close reasons
// checked for UTF-8, close codes checked) and frame encoders.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fluxer::emulator::ws {

enum class Opcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

/// Whether a peer may send `code` in a close frame (RFC 6455 §7.4: 1000-1003, 1007-1014,
/// 3000-4999; never 1004-1006, 1015 or anything below 1000).
[[nodiscard]] bool valid_close_code(std::uint16_t code) noexcept;

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
[[nodiscard]] std::string accept_key(std::string_view client_key);

/// One complete message (data frames reassembled) or a control frame.
struct Message {
  Opcode opcode = Opcode::Text;  ///< Text, Binary, Close, Ping or Pong
  std::string payload;
};

class Decoder {
 public:
  enum class Error {
    None,
    TooLarge,     ///< a message exceeds the cap (the gateway closes 4002)
    Protocol,     ///< unmasked client frame, bad opcode, bad continuation, oversized control frame,
                  ///< a close frame with a 1-byte body or a code that may not be sent (e.g. 0, 1005)
    InvalidUtf8,  ///< a text message or a close reason that is not valid UTF-8 (close 1007)
  };
  explicit Decoder(std::size_t max_message) : max_message_(max_message) {}

  /// Appends bytes and decodes as many messages as are complete.
  Error feed(std::string_view bytes, std::vector<Message>& out);

 private:
  std::size_t max_message_;
  std::string buffer_;
  std::string partial_;
  std::optional<Opcode> partial_opcode_;
};

/// An unmasked server frame (FIN set).
[[nodiscard]] std::string encode(Opcode opcode, std::string_view payload);
/// A close frame carrying `code` and `reason` (reason truncated to fit 123 bytes).
[[nodiscard]] std::string encode_close(std::uint16_t code, std::string_view reason);
/// A masked client frame (used by the tests' raw client).
[[nodiscard]] std::string encode_masked(Opcode opcode, std::string_view payload, std::uint32_t mask_key,
                                        bool fin = true);

}  // namespace fluxer::emulator::ws
