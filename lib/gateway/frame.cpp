#include "gateway/frame.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "model/codec_internal.hpp"
#include "model/frame_decoder.hpp"
#include "model/json.hpp"

namespace fluxer::gateway::detail {
namespace {

using mjson::PoolDocument;
using mjson::Value;
using Stream = rapidjson::GenericInsituStringStream<rapidjson::UTF8<>>;

/// Forwards SAX events to the document, refuses nesting deeper than mjson::kMaxNesting and
/// records where the top-level `d` value is in the text, so the raw `d` can be handed on
/// without re-serialising it.
///
/// RapidJSON parses strings and numbers on a local copy of the stream, so inside String(),
/// Key() and the number callbacks the stream still points at the token's first character;
/// after EndObject(), EndArray() and the literals it points just past the value. Both are
/// used: the key's position tells where `d` starts, the end of an object, array or literal
/// where it ends; a string or number `d` is measured from its start.
class EnvelopeHandler {
 public:
  EnvelopeHandler(PoolDocument& doc, Stream& stream) : doc_(doc), stream_(stream) {}

  bool Null() { return literal(doc_.Null()); }
  bool Bool(bool b) { return literal(doc_.Bool(b)); }
  bool Int(int i) { return scalar(doc_.Int(i)); }
  bool Uint(unsigned u) { return scalar(doc_.Uint(u)); }
  bool Int64(std::int64_t i) { return scalar(doc_.Int64(i)); }
  bool Uint64(std::uint64_t u) { return scalar(doc_.Uint64(u)); }
  bool Double(double d) { return scalar(doc_.Double(d)); }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool copy) { return scalar(doc_.RawNumber(str, len, copy)); }
  bool String(const char* str, rapidjson::SizeType len, bool copy) { return scalar(doc_.String(str, len, copy)); }
  bool Key(const char* str, rapidjson::SizeType len, bool copy) {
    if (depth_ == 1 && len == 1 && str[0] == 'd') {
      in_d_ = true;
      found_ = true;
      key_pos_ = stream_.Tell();
    }
    return doc_.Key(str, len, copy);
  }
  bool StartObject() { return enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return literal(doc_.EndObject(n));
  }
  bool StartArray() { return enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return literal(doc_.EndArray(n));
  }

  [[nodiscard]] bool too_deep() const noexcept { return too_deep_; }
  [[nodiscard]] bool found() const noexcept { return found_; }
  /// Where the stream was when the `"d"` key was reported.
  [[nodiscard]] std::size_t key_pos() const noexcept { return key_pos_; }
  /// Just past the value, for objects, arrays and literals; 0 for strings and numbers.
  [[nodiscard]] std::size_t end() const noexcept { return end_; }

 private:
  bool enter() {
    if (++depth_ > mjson::kMaxNesting) {
      too_deep_ = true;
      return false;
    }
    return true;
  }
  bool literal(bool ok) {
    if (in_d_ && depth_ == 1) {
      in_d_ = false;
      end_ = stream_.Tell();
    }
    return ok;
  }
  bool scalar(bool ok) {
    if (in_d_ && depth_ == 1) in_d_ = false;  // measured from the text afterwards
    return ok;
  }

  PoolDocument& doc_;
  Stream& stream_;
  int depth_ = 0;
  bool too_deep_ = false;
  bool in_d_ = false;
  bool found_ = false;
  std::size_t key_pos_ = 0;
  std::size_t end_ = 0;
};

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The end of the JSON string or number starting at `pos` of (valid) `json`.
std::size_t scalar_end(std::string_view json, std::size_t pos) {
  if (pos < json.size() && json[pos] == '"') {
    for (std::size_t i = pos + 1; i < json.size(); ++i) {
      if (json[i] == '\\') {
        ++i;
      } else if (json[i] == '"') {
        return i + 1;
      }
    }
    return json.size();
  }
  std::size_t i = pos;
  while (i < json.size() && json[i] != ',' && json[i] != '}' && json[i] != ']' && !is_ws(json[i])) ++i;
  return i;
}

/// The parsed envelope: the DOM lives in stack buffers (heap only for large payloads).
class Envelope {
 public:
  Envelope()
      : value_alloc_(value_buffer_, sizeof value_buffer_),
        stack_alloc_(stack_buffer_, sizeof stack_buffer_),
        scratch_alloc_(scratch_buffer_, sizeof scratch_buffer_),
        doc_(&value_alloc_, 1024, &stack_alloc_) {}
  Envelope(const Envelope&) = delete;
  Envelope& operator=(const Envelope&) = delete;

  Result<void> parse(std::string_view json) {
    char* text = text_buffer_;
    if (json.size() + 1 > sizeof text_buffer_) {
      heap_text_ = std::make_unique<char[]>(json.size() + 1);
      text = heap_text_.get();
    }
    if (!json.empty()) std::memcpy(text, json.data(), json.size());
    text[json.size()] = '\0';
    if (std::memchr(text, '\0', json.size()) != nullptr)
      return Error::decode("", "invalid JSON: NUL byte in a gateway payload", "INVALID_JSON");
    rapidjson::ParseResult result;
    bool too_deep = false;
    auto generate = [&](PoolDocument& handler) {
      Stream is(text);
      rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>> reader(
          &scratch_alloc_, 256);
      EnvelopeHandler envelope(handler, is);
      result = reader.Parse<mjson::kParseFlags | rapidjson::kParseInsituFlag>(is, envelope);
      too_deep = envelope.too_deep();
      if (!result.IsError() && envelope.found()) {
        // From the key (its opening quote, or just past it) over `"d"`, whitespace and ':'.
        std::size_t start = envelope.key_pos();
        if (json.substr(start, 3) == "\"d\"") start += 3;
        while (start < json.size() && (is_ws(json[start]) || json[start] == ':')) ++start;
        const std::size_t end = envelope.end() > start ? envelope.end() : scalar_end(json, start);
        d_text_ = json.substr(start, end - start);
      }
      return !result.IsError();
    };
    doc_.Populate(generate);
    if (too_deep)
      return Error::decode("", "JSON nested deeper than " + std::to_string(mjson::kMaxNesting) + " levels", "TOO_DEEP");
    if (result.IsError())
      return Error::decode("",
                           std::string("invalid JSON at offset ") + std::to_string(result.Offset()) + ": " +
                               rapidjson::GetParseError_En(result.Code()),
                           "INVALID_JSON");
    return {};
  }
  [[nodiscard]] const Value& root() const noexcept { return doc_; }
  /// The `d` text as received (a view into the caller's text); nullopt when absent.
  [[nodiscard]] std::optional<std::string_view> d_text() const noexcept { return d_text_; }

 private:
  alignas(8) char value_buffer_[8192];
  alignas(8) char stack_buffer_[2048];
  alignas(8) char scratch_buffer_[1024];
  char text_buffer_[8192];
  std::unique_ptr<char[]> heap_text_;
  rapidjson::MemoryPoolAllocator<> value_alloc_;
  rapidjson::MemoryPoolAllocator<> stack_alloc_;
  rapidjson::MemoryPoolAllocator<> scratch_alloc_;
  PoolDocument doc_;
  std::optional<std::string_view> d_text_;
};

const Value* member(const Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

/// Keeps the warnings whose (event, field) this thread has not reported before, with the
/// same rule as the fast path's FrameDecoder.
std::vector<FieldWarning> not_reported_yet(std::string_view event, std::vector<FieldWarning> warnings) {
  thread_local mjson::ReportOnce reported;
  std::vector<FieldWarning> out;
  for (auto& w : warnings)
    if (reported.first(event, w)) out.push_back(std::move(w));
  return out;
}

Result<Frame> decode(std::string_view text) {
  Envelope env;
  if (auto parsed = env.parse(text); !parsed) return std::move(parsed).error();
  const Value& root = env.root();
  if (!root.IsObject()) return Error::decode("", "a gateway payload must be a JSON object", "INVALID_TYPE");
  const Value* op = member(root, "op");
  if (op == nullptr) return Error::decode("op", "missing required field", "MISSING_FIELD");
  if (!op->IsInt()) return Error::decode("op", "expected an integer opcode", "INVALID_TYPE");

  Frame f;
  f.op = op->GetInt();
  static const Value kNull;
  const Value* d = member(root, "d");
  if (d == nullptr) d = &kNull;

  switch (f.op) {
    case 0: {
      if (const Value* s = member(root, "s"); s != nullptr && s->IsInt64()) f.seq = s->GetInt64();
      if (const Value* t = member(root, "t"); t != nullptr && t->IsString())
        f.name.assign(t->GetString(), t->GetStringLength());
      const std::string_view raw = env.d_text().value_or(std::string_view{"null"});
      f.raw = std::make_shared<const std::string>(raw);
      // The skipped lenient fields are reported here too (READY and RESUMED always come this
      // way), once per event and field like the fast path.
      std::vector<FieldWarning> warnings;
      auto decoded = mjson::decode_dispatch_into(f.name, *d, f.event, &warnings);
      if (!decoded) {
        f.event = UnknownEvent{f.name, *f.raw, std::move(decoded).error()};
      } else {
        if (auto* unknown = std::get_if<UnknownEvent>(&f.event)) unknown->json = *f.raw;  // exactly as received
        f.warnings = not_reported_yet(f.name, std::move(warnings));
      }
      if (f.name == "READY" && d->IsObject()) {
        if (d->HasMember("webauthn_credentials"))
          f.revision = RevisionHint::B;
        else if (d->HasMember("feature_flags"))
          f.revision = RevisionHint::A;
      } else if (f.name == "RESUMED") {
        f.revision = d->IsNull() ? RevisionHint::A : RevisionHint::B;
      }
      break;
    }
    case 10:
      if (d->IsObject())
        if (const Value* hi = member(*d, "heartbeat_interval"); hi != nullptr && hi->IsInt64() && hi->GetInt64() > 0)
          f.heartbeat_interval = std::chrono::milliseconds{hi->GetInt64()};
      break;
    case 12:
      if (d->IsObject()) {
        if (const Value* c = member(*d, "code"); c != nullptr && c->IsString())
          f.error_code.assign(c->GetString(), c->GetStringLength());
        else if (c != nullptr && c->IsInt64())
          f.error_code = std::to_string(c->GetInt64());
        if (const Value* m = member(*d, "message"); m != nullptr && m->IsString())
          f.error_message.assign(m->GetString(), m->GetStringLength());
      }
      break;
    default: break;
  }
  return f;
}

}  // namespace

/// The fast path, for the dispatches that make up nearly all traffic: the codec's
/// FrameDecoder reads the frame once, in situ, straight into the typed event. One decoder
/// per thread (the gateway decodes on its loop thread only); it keeps its buffers.
/// Everything else (HELLO, READY and RESUMED with their revision hints, op 12, a frame the
/// decoder refuses) takes the general path below, which also words the errors.
std::optional<Frame> decode_dispatch_fast(std::string_view text) {
  struct State {
    mjson::FrameDecoder decoder;
    mjson::GatewayFrame frame;
    std::vector<FieldWarning> first_seen;
    State() {
      decoder.set_warning_sink([this](std::string_view, const FieldWarning& w) { first_seen.push_back(w); });
    }
  };
  thread_local State st;
  st.first_seen.clear();
  if (!st.decoder.decode(text, st.frame)) return std::nullopt;
  if (st.frame.op != 0 || st.frame.event_name == "READY" || st.frame.event_name == "RESUMED") return std::nullopt;
  Frame f;
  f.op = 0;
  f.seq = st.frame.seq;
  f.name = std::move(st.frame.event_name);
  f.raw = st.frame.shared_d ? std::move(st.frame.shared_d) : std::make_shared<const std::string>("null");
  f.event = std::move(st.frame.event);
  if (auto* unknown = std::get_if<UnknownEvent>(&f.event)) {
    if (unknown->name.empty()) unknown->name = f.name;
    unknown->json = *f.raw;  // exactly as received
  }
  f.warnings = std::move(st.first_seen);
  st.first_seen = {};
  return f;
}

Result<Frame> decode_frame(std::string_view text) {
  try {
    if (auto fast = decode_dispatch_fast(text)) return std::move(*fast);
    return decode(text);
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, "gateway payload: out of memory", "OUT_OF_MEMORY"};
  } catch (...) {
    return Error{ErrorKind::Decode, "gateway payload: unexpected failure", "INTERNAL"};
  }
}

}  // namespace fluxer::gateway::detail
