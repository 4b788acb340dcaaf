#pragma once
/// @file
/// Redaction of credentials by their shape, for text that has no Logger at hand
/// (`Error::to_string()`, `Exception::what()`).

#include <string>
#include <string_view>

namespace fluxer {

/// What a redacted credential is replaced with, in log lines and error text.
inline constexpr std::string_view kRedacted = "[redacted]";

/// Returns `text` with every credential-shaped substring replaced by `[redacted]`:
/// - bot tokens `<application id>.<secret>` (15–21 digits, a dot, 20+ base64url characters);
/// - user session tokens `flx_...` (20+ letters and digits after the prefix);
/// - the token segment of a webhook path (`/webhooks/<id>/<token>` -> `/webhooks/<id>/[redacted]`).
/// A Logger also redacts the exact secrets registered with it; this catches the shapes,
/// whoever formatted them.
[[nodiscard]] std::string redact_credentials(std::string_view text);

}  // namespace fluxer
