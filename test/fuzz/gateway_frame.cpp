// libFuzzer target: what the gateway reads from the server once a message is text — the
// envelope `{op, d, s, t}` and every dispatch decoder behind it.
//
// Input layout: byte 0 picks an event name from kNames (index = byte % size; every typed
// event of DispatchEvent, the names Fluxer sends that stay raw, and one unknown name); the
// remaining bytes are used twice:
//   1. as that event's `d`: fluxer::decode_dispatch(name, d), then the same `d` wrapped in an
//      envelope (`t` before `d`, and `t` after `d` as servers that sort keys send it) through
//      mjson::FrameDecoder and gateway::detail::decode_frame. When `d` decodes on its own,
//      both frame decoders must give the very same event;
//   2. as a whole frame: FrameDecoder (twice with one decoder, as a connection reuses it)
//      and detail::decode_frame.
// The whole input (selector included) is also fed to detail::decode_frame as a frame.
//
// Seeds (corpus/gateway_frame/): `<selector byte><d JSON>` from the unit-test fixtures, one
// or two per event family, plus a few `<byte><whole frame>` (HELLO, INVALID_SESSION, a
// dispatch with `t` last).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <fluxer/model/codec.hpp>
#include <fluxer/model/event_names.hpp>

#include "gateway/frame.hpp"
#include "model/frame_decoder.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

namespace ev = fluxer::events;

// Fixed order: the seeds' first byte is an index into this list. Append only.
constexpr std::string_view kNames[] = {
    ev::READY,                         // 0
    ev::RESUMED,                       // 1
    ev::USER_UPDATE,                   // 2
    ev::RATE_LIMITED,                  // 3
    ev::GUILD_CREATE,                  // 4
    ev::GUILD_SYNC,                    // 5
    ev::GUILD_UPDATE,                  // 6
    ev::GUILD_DELETE,                  // 7
    ev::GUILD_ROLE_CREATE,             // 8
    ev::GUILD_ROLE_UPDATE,             // 9
    ev::GUILD_ROLE_UPDATE_BULK,        // 10
    ev::GUILD_ROLE_DELETE,             // 11
    ev::GUILD_EMOJIS_UPDATE,           // 12
    ev::GUILD_STICKERS_UPDATE,         // 13
    ev::GUILD_MEMBER_ADD,              // 14
    ev::GUILD_MEMBER_UPDATE,           // 15
    ev::GUILD_MEMBER_REMOVE,           // 16
    ev::GUILD_MEMBERS_CHUNK,           // 17
    ev::GUILD_MEMBER_LIST_UPDATE,      // 18
    ev::GUILD_BAN_ADD,                 // 19
    ev::GUILD_BAN_REMOVE,              // 20
    ev::GUILD_AUDIT_LOG_ENTRY_CREATE,  // 21
    ev::GUILD_COUNTS_UPDATE,           // 22
    ev::CHANNEL_CREATE,                // 23
    ev::CHANNEL_UPDATE,                // 24
    ev::CHANNEL_DELETE,                // 25
    ev::CHANNEL_UPDATE_BULK,           // 26
    ev::CHANNEL_PINS_UPDATE,           // 27
    ev::CHANNEL_RECIPIENT_ADD,         // 28
    ev::CHANNEL_RECIPIENT_REMOVE,      // 29
    ev::WEBHOOKS_UPDATE,               // 30
    ev::INVITE_CREATE,                 // 31
    ev::INVITE_DELETE,                 // 32
    ev::TYPING_START,                  // 33
    ev::MESSAGE_CREATE,                // 34
    ev::MESSAGE_UPDATE,                // 35
    ev::MESSAGE_DELETE,                // 36
    ev::MESSAGE_DELETE_BULK,           // 37
    ev::MESSAGE_REACTION_ADD,          // 38
    ev::MESSAGE_REACTION_ADD_MANY,     // 39
    ev::MESSAGE_REACTION_REMOVE,       // 40
    ev::MESSAGE_REACTION_REMOVE_ALL,   // 41
    ev::MESSAGE_REACTION_REMOVE_EMOJI, // 42
    ev::PRESENCE_UPDATE,               // 43
    ev::PRESENCE_UPDATE_BULK,          // 44
    ev::VOICE_STATE_UPDATE,            // 45
    ev::VOICE_SERVER_UPDATE,           // 46
    ev::ENTRANCE_SOUND_PLAY,           // 47
    ev::CALL_CREATE,                   // 48
    ev::CALL_UPDATE,                   // 49
    ev::CALL_DELETE,                   // 50
    // raw only (UnknownEvent), and a name nobody knows
    ev::CHANNEL_MEMBER_COUNTS_UPDATE,  // 51
    ev::MESSAGE_POLL_VOTE_ADD,         // 52
    ev::MESSAGE_POLL_VOTE_REMOVE,      // 53
    ev::VOICE_STATE_ACK,               // 54
    "NOT_AN_EVENT",                    // 55
};
constexpr std::size_t kNameCount = sizeof kNames / sizeof kNames[0];

constexpr bool listed(std::string_view name) {
  for (auto n : kNames)
    if (n == name) return true;
  return false;
}

// Every typed event is in kNames: a new alternative of DispatchEvent fails the build here.
template <std::size_t... I>
constexpr bool all_listed(std::index_sequence<I...>) {
  return (listed(std::variant_alternative_t<I, fluxer::DispatchEvent>::kName) && ...);
}
static_assert(all_listed(std::make_index_sequence<std::variant_size_v<fluxer::DispatchEvent> - 1>{}),
              "a DispatchEvent alternative is missing from kNames");
static_assert(std::is_same_v<std::variant_alternative_t<std::variant_size_v<fluxer::DispatchEvent> - 1,
                                                        fluxer::DispatchEvent>,
                             fluxer::UnknownEvent>);

std::string envelope(std::string_view name, std::string_view d, bool name_last) {
  std::string out;
  out.reserve(d.size() + name.size() + 40);
  if (name_last) {
    out.append(R"({"d":)").append(d).append(R"(,"op":0,"s":7,"t":")").append(name).append("\"}");
  } else {
    out.append(R"({"op":0,"t":")").append(name).append(R"(","s":7,"d":)").append(d).append("}");
  }
  return out;
}

/// `s` without the JSON whitespace around it (what a frame decoder reports as `d`).
std::string_view json_trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

void use(const fluxer::DispatchEvent& event) {
  (void)fluxer::event_name(event);
  (void)fluxer::event_guild_id(event);
}

/// A frame through both frame decoders; returns what FrameDecoder made of it.
bool decode_both(fluxer::mjson::FrameDecoder& decoder, std::string_view text, fluxer::mjson::GatewayFrame& out) {
  const bool ok = decoder.decode(text, out).ok();
  if (ok) {
    check(out.op != -1);
    if (out.op == 0) {
      check(out.shared_d != nullptr);
      use(out.event);
    }
  }
  auto frame = fluxer::gateway::detail::decode_frame(text);
  if (frame) {
    if (frame->op == 0) {
      check(frame->raw != nullptr);
      use(frame->event);
    }
  }
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace mjson = fluxer::mjson;
  if (size == 0) return 0;
  const std::string_view name = kNames[data[0] % kNameCount];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  // 1. The rest as `d` of the chosen event.
  std::vector<fluxer::FieldWarning> warnings;
  auto direct = fluxer::decode_dispatch(name, rest, warnings);
  if (direct) {
    check(fluxer::event_name(*direct) == name);
    use(*direct);
  } else {
    check(direct.error().kind == fluxer::ErrorKind::Decode);
  }
  const bool has_nul = rest.find('\0') != std::string_view::npos;
  for (const bool name_last : {false, true}) {
    const std::string text = envelope(name, rest, name_last);
    mjson::FrameDecoder decoder;
    std::size_t sunk = 0;
    decoder.set_warning_sink([&](std::string_view, const fluxer::FieldWarning&) { ++sunk; });
    mjson::GatewayFrame framed;
    const bool framed_ok = decoder.decode(text, framed).ok();
    auto dom = fluxer::gateway::detail::decode_frame(text);
    if (direct && !has_nul && !std::holds_alternative<fluxer::UnknownEvent>(*direct)) {
      // `d` is one valid JSON value: the envelope around it is valid too, and every decoder
      // reads the same event from it.
      check(framed_ok && framed.op == 0 && framed.event_name == name && framed.seq == 7);
      check(framed.d == json_trim(rest));
      check(framed.event == *direct);
      check(dom && dom->op == 0 && dom->name == name && dom->seq == 7);
      check(dom->event == *direct);
    }
    if (framed_ok && framed.op == 0) use(framed.event);
    if (dom && dom->op == 0) use(dom->event);
  }

  // 2. The rest as a whole frame, twice through one decoder (buffers reused).
  {
    mjson::FrameDecoder decoder;
    decoder.set_warning_sink([](std::string_view, const fluxer::FieldWarning&) {});
    mjson::GatewayFrame first;
    const bool ok = decode_both(decoder, rest, first);
    mjson::GatewayFrame second;
    check(decoder.decode(rest, second).ok() == ok);
    if (ok) check(second.op == first.op && second.seq == first.seq && second.event == first.event);
  }

  // 3. The whole input as a frame.
  (void)fluxer::gateway::detail::decode_frame(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
