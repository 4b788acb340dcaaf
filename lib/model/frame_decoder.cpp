// FrameDecoder: a gateway frame's envelope and its dispatch payload in one in-situ pass.

#include "model/frame_decoder.hpp"

#include <cstring>
#include <exception>
#include <limits>
#include <new>

#include "model/dispatch.hpp"
#include "model/text_decode.hpp"

namespace fluxer::mjson {

namespace {

bool is_space(char c) noexcept {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/// The value of a `"t":"NAME"` that ends the frame (`..."t":"MESSAGE_CREATE"}`), or empty.
/// Only a guess: the envelope checks it when it reads `t`.
std::string_view guess_event_name(std::string_view f) noexcept {
  std::size_t i = f.size();
  auto skip_space = [&] {
    while (i > 0 && is_space(f[i - 1])) --i;
  };
  skip_space();
  if (i == 0 || f[i - 1] != '}') return {};
  --i;
  skip_space();
  if (i == 0 || f[i - 1] != '"') return {};
  const std::size_t end = --i;
  while (i > 0 && ((f[i - 1] >= 'A' && f[i - 1] <= 'Z') || f[i - 1] == '_' || (f[i - 1] >= '0' && f[i - 1] <= '9')))
    --i;
  const std::size_t begin = i;
  if (begin == end || i == 0 || f[i - 1] != '"') return {};
  --i;
  skip_space();
  if (i == 0 || f[i - 1] != ':') return {};
  --i;
  skip_space();
  if (i < 3 || f.substr(i - 3, 3) != "\"t\"") return {};
  return f.substr(begin, end - begin);
}

/// HELLO's payload.
struct Hello {
  std::chrono::milliseconds heartbeat_interval{0};
};

const ObjectTable& hello_table() {
  static const ObjectTable table("Hello", {
                                              field<&Hello::heartbeat_interval>("heartbeat_interval").strict(),
                                          });
  return table;
}

bool read_hello(Decoder& d, void* target, const Event& e) {
  if (e.kind == Event::Kind::Object) return d.push_object(hello_table(), target);
  return d.fail("expected an object");
}

bool read_bool(Decoder& d, void* target, const Event& e) {
  return Codec<bool>::read(d, *static_cast<bool*>(target), e);
}

Error frame_error(std::string what, std::string code) {
  return Error::decode("", std::move(what), std::move(code));
}

}  // namespace

/// The SAX handler of a frame: keeps `op`, `s` and `t`, hands `d` to the decoder (or skips
/// it), and records where `d` starts and ends in the text.
class FrameDecoder::Envelope {
 public:
  Envelope(FrameDecoder& owner, GatewayFrame& out, std::string_view guess) : owner_(owner), out_(out), guess_(guess) {}

  void set_stream(const PaddedInsituStream* stream) { stream_ = stream; }

  bool Null() { return scalar(Event(Event::Kind::Null)); }
  bool Bool(bool b) { return scalar(Event::of_bool(b)); }
  bool Int(int i) { return scalar(Event::of_int(i)); }
  bool Uint(unsigned u) { return scalar(Event::of_uint(u)); }
  bool Int64(std::int64_t i) { return scalar(Event::of_int(i)); }
  bool Uint64(std::uint64_t u) { return scalar(Event::of_uint(u)); }
  bool Double(double x) { return scalar(Event::of_double(x)); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }
  bool String(const char* s, rapidjson::SizeType n, bool) { return scalar(Event::of_string(s, n)); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (mode_ == Mode::Typed) {
      decoder().Key(s, n, copy);
      return true;
    }
    if (mode_ == Mode::Skip || depth_ != 1) return true;
    const std::string_view key(s, n);
    slot_ = key == "op" ? Slot::Op : key == "s" ? Slot::S : key == "t" ? Slot::T : key == "d" ? Slot::D : Slot::Other;
    if (slot_ == Slot::D) begin_d();
    return true;
  }
  bool StartObject() { return start(true); }
  bool StartArray() { return start(false); }
  bool EndObject(rapidjson::SizeType n) {
    if (mode_ == Mode::Typed) decoder().EndObject(n);
    return end();
  }
  bool EndArray(rapidjson::SizeType n) {
    if (mode_ == Mode::Typed) decoder().EndArray(n);
    return end();
  }

  /// The failure that stopped the parse (envelope problems, not `d`'s).
  std::optional<Error> error;
  bool d_seen = false;
  /// `d` was read typed, by `typed_begin` (the reader of the name known or guessed then).
  bool typed = false;
  EventBegin typed_begin = nullptr;
  std::size_t d_key_end = 0;
  std::size_t d_end = 0;

 private:
  enum class Mode : std::uint8_t { Outside, Typed, Skip };
  enum class Slot : std::uint8_t { None, Op, S, T, D, Other };

  Decoder& decoder() { return owner_.decoder_; }

  void begin_d() {
    d_seen = true;
    d_key_end = stream_->Tell();
    typed = false;
    mode_ = Mode::Skip;
    // A dispatch (or an op still unknown): read typed when the name is known or guessed.
    if (out_.op > 0) return;
    std::string_view name = t_seen_ ? std::string_view(out_.event_name) : guess_;
    if (name.empty()) return;
    const EventBegin begin = find_event(name);
    if (begin == nullptr) return;
    begin(decoder(), out_.event, 1);
    typed = true;
    typed_begin = begin;
    mode_ = Mode::Typed;
  }

  void end_d() {
    d_end = stream_->Tell();
    mode_ = Mode::Outside;
    slot_ = Slot::None;
  }

  // Inside a typed `d` every event goes straight to the decoder. Its results are not
  // looked at: after a failure it skips the rest of its value by itself, and the
  // nesting limit is enforced here first.
  [[gnu::always_inline]] bool scalar(const Event& e) {
    if (mode_ == Mode::Typed) {
      decoder().Scalar(e);
      if (depth_ == 1) end_d();
      return true;
    }
    if (mode_ == Mode::Outside) return envelope_value(e);
    if (depth_ == 1) end_d();
    return true;
  }

  [[gnu::always_inline]] bool start(bool object) {
    if (++depth_ > static_cast<std::uint32_t>(kMaxNesting)) {
      error = frame_error("JSON nested deeper than " + std::to_string(kMaxNesting) + " levels", "TOO_DEEP");
      return false;
    }
    if (mode_ == Mode::Typed) {
      if (object)
        decoder().StartObject();
      else
        decoder().StartArray();
      return true;
    }
    if (depth_ == 1 && !object) {
      error = frame_error("a gateway payload must be a JSON object", "INVALID_PAYLOAD");
      return false;
    }
    return true;
  }

  [[gnu::always_inline]] bool end() {
    --depth_;
    if (mode_ != Mode::Outside && depth_ == 1) end_d();
    return true;
  }

  bool envelope_value(const Event& e) {
    if (depth_ == 0) {
      error = frame_error("a gateway payload must be a JSON object", "INVALID_PAYLOAD");
      return false;
    }
    if (depth_ != 1) return true;  // inside another key's object or array
    switch (slot_) {
      case Slot::Op:
        if (e.kind == Event::Kind::Uint && e.uint_value <= 0x7fffffffu) {
          out_.op = static_cast<int>(e.uint_value);
          return true;
        }
        error = frame_error("`op` must be a non-negative integer", "INVALID_PAYLOAD");
        return false;
      case Slot::S:
        if (e.kind == Event::Kind::Uint &&
            e.uint_value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
          out_.seq = static_cast<std::int64_t>(e.uint_value);
        else if (e.kind == Event::Kind::Int)
          out_.seq = e.int_value;
        else if (e.kind == Event::Kind::Null)
          out_.seq.reset();
        else {
          error = frame_error("`s` must be an integer or null", "INVALID_PAYLOAD");
          return false;
        }
        return true;
      case Slot::T:
        if (e.kind == Event::Kind::String)
          out_.event_name.assign(e.text());
        else if (e.kind == Event::Kind::Null)
          out_.event_name.clear();
        else {
          error = frame_error("`t` must be a string or null", "INVALID_PAYLOAD");
          return false;
        }
        t_seen_ = true;
        return true;
      default: return true;
    }
  }

  FrameDecoder& owner_;
  GatewayFrame& out_;
  std::string_view guess_;
  const PaddedInsituStream* stream_ = nullptr;
  std::uint32_t depth_ = 0;
  Mode mode_ = Mode::Outside;
  Slot slot_ = Slot::None;
  bool t_seen_ = false;
};

FrameDecoder::FrameDecoder() = default;
FrameDecoder::~FrameDecoder() = default;

Result<void> FrameDecoder::decode(std::string_view frame, GatewayFrame& out) {
  out.op = -1;
  out.seq.reset();
  out.event_name.clear();
  out.d = {};
  out.shared_d.reset();
  out.heartbeat_interval = std::chrono::milliseconds{0};
  out.resumable = false;
  out.warnings.clear();
  try {
    // (An empty view may have no data at all: memchr must not see its null pointer.)
    if (const void* nul = frame.empty() ? nullptr : std::memchr(frame.data(), '\0', frame.size()); nul != nullptr)
      return frame_error(
          "invalid JSON: NUL byte at offset " + std::to_string(static_cast<const char*>(nul) - frame.data()),
          "INVALID_JSON");
    decoder_.set_warnings(&out.warnings);
    Envelope env(*this, out, guess_event_name(frame));
    char* text = buffer_.fill(frame);
    char stack_buffer[512];
    rapidjson::MemoryPoolAllocator<> stack_allocator(stack_buffer, sizeof stack_buffer);
    FastReader reader(&stack_allocator, 256);
    PaddedInsituStream stream(text);
    env.set_stream(&stream);
    const rapidjson::ParseResult parsed = reader.Parse<rapidjson::kParseInsituFlag>(stream, env);
    if (env.error) return std::move(*env.error);
    if (parsed.IsError()) return invalid_json({parsed.Code(), parsed.Offset()});
    if (out.op < 0) return frame_error("a gateway payload needs an integer `op`", "INVALID_PAYLOAD");

    if (env.d_seen) {
      std::size_t begin = env.d_key_end;
      while (begin < env.d_end && (is_space(frame[begin]) || frame[begin] == ':')) ++begin;
      out.d = frame.substr(begin, env.d_end - begin);
    }

    switch (out.op) {
      case 0: {
        if (out.event_name.empty()) return frame_error("a dispatch needs an event name `t`", "INVALID_PAYLOAD");
        out.shared_d = std::make_shared<const std::string>(env.d_seen ? out.d : std::string_view{"null"});
        const bool same_event = env.typed && env.typed_begin == find_event(out.event_name);
        if (same_event && !decoder_.failed()) break;
        if (same_event) {  // read and failed
          out.warnings.clear();
          Error e = decoder_.error(out.event_name);
          auto& u = out.event.emplace<UnknownEvent>();
          u.name = out.event_name;
          u.json = *out.shared_d;
          u.error = std::move(e);
          break;
        }
        ++second_reads_;
        decode_d_again(out);  // `t` came late and was not guessed, or the guess was wrong
        break;
      }
      case 9:
        if (env.d_seen) {
          decoder_.set_warnings(nullptr);
          decoder_.start(&read_bool, &out.resumable);
          (void)decode_text(decoder_, out.d, buffer_);
        }
        break;
      case 10: {
        if (!env.d_seen) return frame_error("HELLO without `d`", "INVALID_PAYLOAD");
        Hello hello;
        decoder_.set_warnings(nullptr);
        decoder_.start(&read_hello, &hello);
        if (auto r = decode_text(decoder_, out.d, buffer_); !r) return Error(std::move(r).error());
        out.heartbeat_interval = hello.heartbeat_interval;
        break;
      }
      default: break;
    }
    report(out);
    return {};
  } catch (const std::bad_alloc&) {
    return frame_error("out of memory", "OUT_OF_MEMORY");
  } catch (const std::exception&) {
    return frame_error("unexpected failure", "INTERNAL");
  }
}

void FrameDecoder::decode_d_again(GatewayFrame& out) {
  out.warnings.clear();
  const EventBegin begin = find_event(out.event_name);
  if (begin == nullptr) {
    auto& u = out.event.emplace<UnknownEvent>();
    u.name = out.event_name;
    u.json = *out.shared_d;
    return;
  }
  decoder_.set_warnings(&out.warnings);
  begin(decoder_, out.event, 0);
  if (auto r = decode_text(decoder_, *out.shared_d, buffer_); !r) {
    Error e = std::move(r).error();
    e.message = out.event_name + ": " + e.message;
    auto& u = out.event.emplace<UnknownEvent>();
    u.name = out.event_name;
    u.json = *out.shared_d;
    u.error = std::move(e);
  }
}

bool ReportOnce::first(std::string_view event, const FieldWarning& warning) {
  std::string key(event);
  key += ':';
  key += field_key(warning.path);
  if (reported_.contains(key)) return false;
  if (reported_.size() < kMaxRemembered) reported_.insert(std::move(key));
  return true;
}

void FrameDecoder::report(const GatewayFrame& out) {
  for (const FieldWarning& w : out.warnings) {
    if (!reported_.first(out.event_name, w)) {
      ++suppressed_;
      continue;
    }
    if (sink_) sink_(out.event_name, w);
  }
}

}  // namespace fluxer::mjson
