#pragma once
// Private to libfluxer: the gateway's entry point into the codec. One FrameDecoder per
// connection (it keeps its buffers between frames; not thread-safe).
//
//   mjson::FrameDecoder decoder;
//   decoder.set_warning_sink([&](std::string_view event, const FieldWarning& w) {
//     log.warn("{}: skipped field {}", event, w);        // once per event and field
//   });
//   mjson::GatewayFrame frame;                            // reuse it between frames
//   if (auto r = decoder.decode(text, frame); !r) { /* not a gateway payload: log, 4002-like */ }
//   switch (frame.op) {
//     case 0:  last_seq = max(last_seq, *frame.seq);      // frame.event, frame.shared_d
//     case 10: frame.heartbeat_interval ...
//   }
//
// decode() reads the whole frame once, in situ, without a DOM: the envelope's `op`, `s`,
// `t`, and for a dispatch the typed event straight from `d` while it is parsed. `t` may
// come after `d` (servers that sort keys send `d` first): the name is then guessed from the
// frame's tail and checked when `t` is read; a wrong guess costs a second read of `d`.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/field_warning.hpp>

#include "model/decoder.hpp"
#include "model/padded_stream.hpp"

namespace fluxer::mjson {

/// What one gateway frame holds.
struct GatewayFrame {
  /// `op`; -1 when the frame had none (decode() then fails).
  int op = -1;
  /// `s`: the sequence number of a dispatch (absent or null otherwise).
  std::optional<std::int64_t> seq{};
  /// `t`: the dispatch's event name; empty when absent or null.
  std::string event_name{};
  /// `d` exactly as it appears in the frame text (empty when there is none). Points into
  /// the text passed to decode(): valid while that text is.
  std::string_view d{};
  /// Dispatches: `d` copied once, to hand to every raw handler without another copy.
  std::shared_ptr<const std::string> shared_d{};
  /// Dispatches: the typed event; UnknownEvent for names without a struct, and for known
  /// events that failed to decode (then `error` says why and where).
  DispatchEvent event{std::in_place_type<UnknownEvent>};
  /// HELLO (op 10): `heartbeat_interval`.
  std::chrono::milliseconds heartbeat_interval{0};
  /// INVALID_SESSION (op 9): `d` (always false on Fluxer, kept for completeness).
  bool resumable = false;
  /// Every field of this frame's `d` the decoder skipped (lenient fields); the sink only
  /// sees the first of each event and field.
  std::vector<FieldWarning> warnings{};
};

/// Remembers which (event, field) pairs of skipped lenient fields were reported already, so
/// each is reported once (array indices ignored: `channels.*.topic` is one field). Holds at
/// most kMaxRemembered pairs; past that, new pairs are reported every time.
class ReportOnce {
 public:
  static constexpr std::size_t kMaxRemembered = 1024;
  /// True the first time (event, the field of `warning`) is seen.
  [[nodiscard]] bool first(std::string_view event, const FieldWarning& warning);

 private:
  std::unordered_set<std::string> reported_;
};

class FrameDecoder {
 public:
  /// Receives a skipped field the first time it is seen for an event (the key is the event
  /// name and the path with array indices ignored).
  using WarningSink = std::function<void(std::string_view event_name, const FieldWarning& warning)>;

  /// How many distinct (event, field) pairs are remembered for "report once".
  static constexpr std::size_t kMaxRememberedWarnings = ReportOnce::kMaxRemembered;

  FrameDecoder();
  ~FrameDecoder();
  FrameDecoder(const FrameDecoder&) = delete;
  FrameDecoder& operator=(const FrameDecoder&) = delete;

  void set_warning_sink(WarningSink sink) { sink_ = std::move(sink); }

  /// Decodes one text frame into `out`. Fails (kind Decode) only when the frame itself is
  /// unusable: not JSON (INVALID_JSON), nested too deeply (TOO_DEEP), not an object, or
  /// without an integer `op` (INVALID_PAYLOAD); whatever was read before the problem
  /// (`op`, `seq`) is left in `out`. A dispatch whose `d` does not decode is not an error:
  /// it arrives as an UnknownEvent carrying the error.
  Result<void> decode(std::string_view frame, GatewayFrame& out);

  /// Warnings not passed to the sink because their (event, field) was reported before.
  [[nodiscard]] std::uint64_t suppressed_warnings() const noexcept { return suppressed_; }
  /// Dispatches whose `d` had to be read a second time (`t` after `d` and not guessable).
  [[nodiscard]] std::uint64_t second_reads() const noexcept { return second_reads_; }

 private:
  class Envelope;

  void decode_d_again(GatewayFrame& out);
  void report(const GatewayFrame& out);

  PaddedBuffer buffer_;
  Decoder decoder_;
  WarningSink sink_;
  ReportOnce reported_;
  std::uint64_t suppressed_ = 0;
  std::uint64_t second_reads_ = 0;
};

}  // namespace fluxer::mjson
