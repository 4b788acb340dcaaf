#pragma once
// Random strings for tokens, codes and session ids (OpenSSL's CSPRNG; no global state here).

#include <cstddef>
#include <string>
#include <string_view>

namespace fluxer::emulator {

/// `length` characters of [A-Za-z0-9].
[[nodiscard]] std::string random_alnum(std::size_t length);
/// `bytes` random bytes, base64url without padding (32 bytes -> 43 characters).
[[nodiscard]] std::string random_base64url(std::size_t bytes);
/// `length` lowercase hex characters.
[[nodiscard]] std::string random_hex(std::size_t length);
/// base64 (standard alphabet, padded) of arbitrary bytes.
[[nodiscard]] std::string base64(std::string_view bytes);
/// base64url without padding.
[[nodiscard]] std::string base64url(std::string_view bytes);

}  // namespace fluxer::emulator
