#pragma once
// Private to libfluxer: one decoded gateway payload. decode_frame() is the ONLY place the
// gateway turns received text into typed data, so the decoder behind it can be replaced
// (e.g. by a faster reusable one) without touching the session or the loop.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/field_warning.hpp>

namespace fluxer::gateway::detail {

/// Which server revision a payload shows (fluxer-protocol.md §9), when it shows one.
enum class RevisionHint : std::uint8_t { Unknown, A, B };

/// One payload `{op, d, s, t}` from the server.
struct Frame {
  int op = -1;
  /// `s` (dispatches only).
  std::optional<std::int64_t> seq;
  /// `t` (dispatches only).
  std::string name;

  // op 0: the typed event (UnknownEvent with `error` when a known event failed to decode)
  // and the `d` text as received ("null" when absent).
  DispatchEvent event;
  std::shared_ptr<const std::string> raw;

  // op 10: `d.heartbeat_interval` (nullopt when missing or not a positive integer).
  std::optional<std::chrono::milliseconds> heartbeat_interval;
  // op 12: `d.code` and `d.message` when present.
  std::string error_code;
  std::string error_message;

  /// Fields of a dispatch's `d` that were skipped because their value had the wrong type
  /// (lenient fields), each only the first time it is seen for its event on this thread
  /// (on both decoding paths: the fast one and the one READY and RESUMED take).
  std::vector<FieldWarning> warnings;

  /// READY (`feature_flags` [A] / `webauthn_credentials` [B]) and RESUMED (`d` null [A] /
  /// an object [B]) tell the revision.
  RevisionHint revision = RevisionHint::Unknown;
};

/// Decodes one payload. An error (kind Decode) only when the envelope itself is unusable:
/// not JSON, not an object, or no integer `op`. A dispatch whose `d` does not decode is
/// still a Frame (its event an UnknownEvent carrying the error).
[[nodiscard]] Result<Frame> decode_frame(std::string_view text);

}  // namespace fluxer::gateway::detail
