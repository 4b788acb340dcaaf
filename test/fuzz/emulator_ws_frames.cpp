// libFuzzer target: the emulator's WebSocket frame decoder (client frames: masking,
// fragmentation, 16/64-bit lengths, control frames, UTF-8 text and close bodies), fed in
// reads whose size the first input byte chooses.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "emulator/gateway/websocket.hpp"
#include "emulator/utf8.hpp"

namespace {

constexpr std::size_t kMaxMessage = 4096;

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ws = fluxer::emulator::ws;
  if (size == 0) return 0;
  const std::size_t step = static_cast<std::size_t>(data[0] % 128) + 1;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  ws::Decoder decoder(kMaxMessage);
  std::vector<ws::Message> out;
  for (std::size_t fed = 0; fed < input.size(); fed += step) {
    out.clear();
    const auto error = decoder.feed(input.substr(fed, step), out);
    for (const auto& m : out) {
      switch (m.opcode) {
        case ws::Opcode::Text:
          check(m.payload.size() <= kMaxMessage);
          check(fluxer::emulator::utf8::valid(m.payload));
          break;
        case ws::Opcode::Binary: check(m.payload.size() <= kMaxMessage); break;
        case ws::Opcode::Close:
          check(m.payload.size() != 1 && m.payload.size() <= 125);
          if (m.payload.size() >= 2) {
            const auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(m.payload[0]) << 8U) |
                                                         static_cast<unsigned char>(m.payload[1]));
            check(ws::valid_close_code(code));
            // The server echoes it: the encoder must produce a frame for it.
            check(!ws::encode_close(code, std::string_view(m.payload).substr(2)).empty());
          }
          break;
        case ws::Opcode::Ping:
        case ws::Opcode::Pong: check(m.payload.size() <= 125); break;
        default: check(false);
      }
    }
    if (error != ws::Decoder::Error::None) return 0;  // the server closes the connection here
  }
  return 0;
}
