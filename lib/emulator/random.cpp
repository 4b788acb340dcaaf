#include "emulator/random.hpp"

#include <stdexcept>
#include <vector>

#include <openssl/rand.h>

namespace fluxer::emulator {

namespace {
std::vector<unsigned char> random_bytes(std::size_t n) {
  std::vector<unsigned char> out(n);
  if (n != 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
  return out;
}

std::string encode64(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (p[i] << 16U) | (p[i + 1] << 8U) | p[i + 2];
    out += alphabet[(v >> 18U) & 63U];
    out += alphabet[(v >> 12U) & 63U];
    out += alphabet[(v >> 6U) & 63U];
    out += alphabet[v & 63U];
  }
  const auto rest = bytes.size() - i;
  if (rest == 1) {
    const unsigned v = p[i] << 16U;
    out += alphabet[(v >> 18U) & 63U];
    out += alphabet[(v >> 12U) & 63U];
    if (pad) out += "==";
  } else if (rest == 2) {
    const unsigned v = (p[i] << 16U) | (p[i + 1] << 8U);
    out += alphabet[(v >> 18U) & 63U];
    out += alphabet[(v >> 12U) & 63U];
    out += alphabet[(v >> 6U) & 63U];
    if (pad) out += '=';
  }
  return out;
}
constexpr const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr const char* kB64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}  // namespace

std::string random_alnum(std::size_t length) {
  static constexpr std::string_view kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    for (auto b : random_bytes(length)) {
      if (b >= 248) continue;  // 248 = 62 * 4: reject to stay uniform
      out += kChars[b % 62];
      if (out.size() == length) break;
    }
  }
  return out;
}

std::string random_base64url(std::size_t bytes) {
  const auto raw = random_bytes(bytes);
  return encode64(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()), kB64Url, false);
}

std::string random_hex(std::size_t length) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(length);
  for (auto b : random_bytes(length)) out += kHex[b & 15U];
  return out;
}

std::string base64(std::string_view bytes) {
  return encode64(bytes, kB64, true);
}
std::string base64url(std::string_view bytes) {
  return encode64(bytes, kB64Url, false);
}

}  // namespace fluxer::emulator
