#include "emulator/gateway/websocket.hpp"

#include <openssl/sha.h>

#include "emulator/random.hpp"
#include "emulator/utf8.hpp"

namespace fluxer::emulator::ws {

bool valid_close_code(std::uint16_t code) noexcept {
  if (code >= 3000 && code <= 4999) return true;  // registered and private-use codes
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

std::string accept_key(std::string_view client_key) {
  std::string input(client_key);
  input += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return base64(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Decoder::Error Decoder::feed(std::string_view bytes, std::vector<Message>& out) {
  buffer_.append(bytes);
  std::size_t pos = 0;
  Error result = Error::None;
  for (;;) {
    const std::size_t avail = buffer_.size() - pos;
    if (avail < 2) break;
    const auto* p = reinterpret_cast<const unsigned char*>(buffer_.data() + pos);
    const bool fin = (p[0] & 0x80U) != 0;
    const auto opcode = static_cast<Opcode>(p[0] & 0x0FU);
    if ((p[0] & 0x70U) != 0) {
      result = Error::Protocol;
      break;
    }  // no extensions negotiated
    const bool masked = (p[1] & 0x80U) != 0;
    if (!masked) {
      result = Error::Protocol;
      break;
    }
    std::uint64_t length = p[1] & 0x7FU;
    std::size_t header = 2;
    if (length == 126) {
      if (avail < 4) break;
      length = (static_cast<std::uint64_t>(p[2]) << 8U) | p[3];
      header = 4;
    } else if (length == 127) {
      if (avail < 10) break;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8U) | p[2 + i];
      header = 10;
    }
    const bool control = (static_cast<unsigned>(opcode) & 0x8U) != 0;
    if (control && (length > 125 || !fin)) {
      result = Error::Protocol;
      break;
    }
    if (!control && opcode != Opcode::Text && opcode != Opcode::Binary && opcode != Opcode::Continuation) {
      result = Error::Protocol;
      break;
    }
    if (control && opcode != Opcode::Close && opcode != Opcode::Ping && opcode != Opcode::Pong) {
      result = Error::Protocol;
      break;
    }
    // Compare without adding to the attacker's 64-bit length: `length + partial_.size()`
    // wraps for a length of 2^64-1 (and `header + 4 + length` with it).
    if (!control && (length > max_message_ || partial_.size() > max_message_ - length)) {
      result = Error::TooLarge;
      break;
    }
    if (avail < header + 4 || length > avail - header - 4) break;
    const unsigned char* mask = p + header;
    std::string payload(reinterpret_cast<const char*>(p + header + 4), static_cast<std::size_t>(length));
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
    pos += header + 4 + static_cast<std::size_t>(length);
    if (control) {
      if (opcode == Opcode::Close) {
        // RFC 6455 §5.5.1/§7.4: a close body is empty or a valid code plus UTF-8 text.
        if (payload.size() == 1) {
          result = Error::Protocol;
          break;
        }
        if (payload.size() >= 2) {
          const auto code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8U) |
                                                       static_cast<unsigned char>(payload[1]));
          if (!valid_close_code(code)) {
            result = Error::Protocol;
            break;
          }
          if (!utf8::valid(std::string_view(payload).substr(2))) {
            result = Error::InvalidUtf8;
            break;
          }
        }
      }
      out.push_back(Message{opcode, std::move(payload)});
      continue;
    }
    if (opcode == Opcode::Continuation) {
      if (!partial_opcode_) {
        result = Error::Protocol;
        break;
      }
      partial_ += payload;
    } else {
      if (partial_opcode_) {
        result = Error::Protocol;
        break;
      }
      partial_opcode_ = opcode;
      partial_ = std::move(payload);
    }
    if (fin) {
      if (*partial_opcode_ == Opcode::Text && !utf8::valid(partial_)) {
        result = Error::InvalidUtf8;  // RFC 6455 §8.1: fail the connection (1007)
        break;
      }
      out.push_back(Message{*partial_opcode_, std::move(partial_)});
      partial_.clear();
      partial_opcode_.reset();
    }
  }
  buffer_.erase(0, pos);
  return result;
}

namespace {
std::string header_for(Opcode opcode, std::size_t length, bool masked, bool fin) {
  std::string h;
  h += static_cast<char>((fin ? 0x80U : 0U) | static_cast<unsigned>(opcode));
  const unsigned char mask_bit = masked ? 0x80U : 0U;
  if (length < 126) {
    h += static_cast<char>(mask_bit | length);
  } else if (length <= 0xFFFF) {
    h += static_cast<char>(mask_bit | 126U);
    h += static_cast<char>((length >> 8U) & 0xFFU);
    h += static_cast<char>(length & 0xFFU);
  } else {
    h += static_cast<char>(mask_bit | 127U);
    for (int i = 7; i >= 0; --i) h += static_cast<char>((static_cast<std::uint64_t>(length) >> (8U * i)) & 0xFFU);
  }
  return h;
}
}  // namespace

std::string encode(Opcode opcode, std::string_view payload) {
  auto frame = header_for(opcode, payload.size(), false, true);
  frame.append(payload);
  return frame;
}

std::string encode_close(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload += static_cast<char>((code >> 8U) & 0xFFU);
  payload += static_cast<char>(code & 0xFFU);
  payload.append(reason.substr(0, 123));
  return encode(Opcode::Close, payload);
}

std::string encode_masked(Opcode opcode, std::string_view payload, std::uint32_t mask_key, bool fin) {
  auto frame = header_for(opcode, payload.size(), true, fin);
  const unsigned char mask[4] = {static_cast<unsigned char>(mask_key >> 24U),
                                 static_cast<unsigned char>(mask_key >> 16U),
                                 static_cast<unsigned char>(mask_key >> 8U), static_cast<unsigned char>(mask_key)};
  frame.append(reinterpret_cast<const char*>(mask), 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  return frame;
}

}  // namespace fluxer::emulator::ws
