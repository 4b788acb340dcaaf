#pragma once
// UTF-8 checks for text that crosses the emulator's boundary: WebSocket text frames must be
// valid UTF-8 (RFC 6455 §8.1), request bodies are decoded the way the real server's runtime
// decodes them (invalid sequences become U+FFFD), and nothing invalid is ever written back.

#include <string>
#include <string_view>

namespace fluxer::emulator::utf8 {

/// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points above
/// U+10FFFF).
[[nodiscard]] bool valid(std::string_view text) noexcept;

/// `text` with every maximal ill-formed subsequence replaced by U+FFFD (the WHATWG UTF-8
/// decoder's rule). Returns the input unchanged when it is already valid.
[[nodiscard]] std::string sanitize(std::string_view text);

}  // namespace fluxer::emulator::utf8
