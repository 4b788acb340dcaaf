#pragma once
// Private to libfluxer: the decoder, a RapidJSON SAX handler that reads JSON straight into
// the model structs by walking their field tables (schema.hpp). No DOM is built.
//
// It keeps a stack of frames, one per open object or array it is filling. A key selects a
// field of the current object's table; the next value goes to that field's reader, which
// either stores a scalar or pushes a frame for a nested object or array. Unknown keys and
// the values of dropped fields are skipped by counting nesting.
//
// When a reader fails (Decoder::fail), the decoder walks outwards from the failing value:
// the first lenient field or lenient-array element that contains it is reset (or dropped)
// and a FieldWarning is recorded; without one the whole document fails with the error and
// its JSON path. The same handler is fed from text (text_decode.hpp, the gateway's
// FrameDecoder) and from a parsed RapidJSON value (`Value::Accept`).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fluxer/core/error.hpp>
#include <fluxer/model/field_warning.hpp>

#include "model/json.hpp"
#include "model/schema.hpp"

namespace fluxer::mjson {

/// A JSON path with its array indices replaced by '*' ("channels.*.topic"): what makes two
/// warnings "the same field".
[[nodiscard]] std::string field_key(std::string_view path);

class Decoder {
 public:
  /// One open object or array (or the root slot, or a subtree kept as raw JSON text).
  struct Frame {
    enum class Kind : std::uint8_t { Root, Object, Array, Capture };
    Kind kind;
    /// Arrays: elements that fail are dropped one by one (the array sits in a lenient slot).
    bool lenient;
    /// Nesting depth of the container (the root slot: the depth it started at).
    std::uint32_t depth;
    /// Arrays and the root: values started so far (the current one is index - 1).
    std::uint32_t index;
    const ObjectTable* table;              ///< objects
    const FieldDesc* field;                ///< objects: the current key's field; nullptr while skipping an unknown key
    const ArrayOps* array;                 ///< arrays
    ReadFn root_read;                      ///< the root slot
    std::uint64_t seen;                    ///< objects: seen_bit of each field read with a non-null value
    std::uint64_t scratch;                 ///< objects: free for the table's hooks
    std::string* capture;                  ///< captures: where the text goes
    void* targets[ObjectTable::kMaxVias];  ///< objects: the object, then each include's target; else [0]
  };

  /// Warnings go to `warnings` when given (deduplicated per field, see FieldWarning::count).
  explicit Decoder(std::vector<FieldWarning>* warnings = nullptr);
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  /// Starts a document whose root value is read by `read` into `target`. `base_depth` is
  /// the nesting depth the value starts at (0 for a document; the gateway passes 1 for `d`).
  void start(ReadFn read, void* target, std::uint32_t base_depth = 0);
  /// Where warnings go from now on (nullptr: nowhere; the decode stays lenient). Call
  /// before start().
  void set_warnings(std::vector<FieldWarning>* warnings) noexcept { warnings_ = warnings; }

  /// True once a failure reached the root: the document does not decode. The rest of the
  /// document is still accepted (and skipped), so a caller that parses text can tell
  /// invalid JSON (which wins) from a payload of the wrong shape.
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  /// True when the failure is about the document itself (nested too deeply): the SAX
  /// callbacks returned false and stopped the parse.
  [[nodiscard]] bool fatal() const noexcept { return fatal_; }
  /// The failure as a Decode error; `context` (an event name) prefixes the message.
  [[nodiscard]] Error error(std::string_view context = {}) const;

  // ---- SAX interface (called by rapidjson::GenericReader or Value::Accept)
  bool Null() { return value(Event(Event::Kind::Null)); }
  bool Bool(bool b) { return value(Event::of_bool(b)); }
  bool Int(int i) { return value(Event::of_int(i)); }
  bool Uint(unsigned u) { return value(Event::of_uint(u)); }
  bool Int64(std::int64_t i) { return value(Event::of_int(i)); }
  bool Uint64(std::uint64_t u) { return value(Event::of_uint(u)); }
  bool Double(double d) { return value(Event::of_double(d)); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }  // kParseNumbersAsStrings is never used
  bool String(const char* s, rapidjson::SizeType n, bool) { return value(Event::of_string(s, n)); }
  /// Any of the scalar callbacks above.
  bool Scalar(const Event& e) { return value(e); }
  bool StartObject() { return start_container(Event::Kind::Object); }
  bool StartArray() { return start_container(Event::Kind::Array); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (skip_ != 0) return true;
    Frame& f = frames_[top_];
    if (f.kind == Frame::Kind::Capture) return capture_writer_.Key(s, n);
    f.field = f.table->find(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return end_container(true); }
  bool EndArray(rapidjson::SizeType) { return end_container(false); }

  // ---- for readers (codecs.hpp) and table hooks

  /// Records that the value being read has the wrong shape. Always returns false.
  bool fail(std::string_view what, std::string_view code = "INVALID_TYPE");
  /// Records that the object or array being finished is wrong. Always returns false.
  bool fail_container(std::string_view what, std::string_view code = "INVALID_TYPE");
  /// Records that the object being finished lacks `key`. Always returns false.
  bool missing(std::string_view key);

  /// Starts filling `object` from the object that just opened.
  bool push_object(const ObjectTable& table, void* object);
  /// Starts filling `container` from the array that just opened.
  bool push_array(const ArrayOps& ops, void* container);
  /// Keeps the object or array that just started as JSON text in `out`.
  bool push_capture(std::string* out, bool object);
  /// Writes a scalar as JSON text into `out`.
  void write_scalar(const Event& e, std::string& out);

  /// The current object frame (for table hooks).
  [[nodiscard]] Frame& top() noexcept { return frames_[top_]; }
  /// How many open objects are reading a field called `name`, the current one included
  /// (bounds the recursion of replies).
  [[nodiscard]] int open_fields_named(std::string_view name) const noexcept;
  /// Current nesting depth of the JSON being read.
  [[nodiscard]] std::uint32_t depth() const noexcept { return depth_; }

 private:
  bool value(const Event& e) {
    if (skip_ != 0) {
      if (e.is_container()) ++skip_;
      return true;
    }
    Frame& f = frames_[top_];
    switch (f.kind) {
      case Frame::Kind::Object: {
        const FieldDesc* fd = f.field;
        if (fd == nullptr) {
          if (e.is_container()) skip_ = 1;
          return true;
        }
        if (e.kind != Event::Kind::Null) f.seen |= fd->seen_bit;
        return fd->read(*this, f.targets[fd->via], e) || recover();
      }
      case Frame::Kind::Array: ++f.index; return f.array->read_element(*this, f.targets[0], e) || recover();
      case Frame::Kind::Root: ++f.index; return f.root_read(*this, f.targets[0], e) || recover();
      case Frame::Kind::Capture: return capture_value(e);
    }
    return false;
  }

  bool start_container(Event::Kind kind) {
    if (++depth_ > static_cast<std::uint32_t>(kMaxNesting)) return too_deep();
    // Make room for the frame this value may push, so no Frame& is invalidated by growth.
    if (top_ + 2 >= capacity_) grow();
    return value(Event(kind));
  }

  bool end_container(bool object) {
    if (skip_ != 0) {
      --skip_;
      --depth_;
      return true;
    }
    Frame& f = frames_[top_];
    if (f.kind == Frame::Kind::Capture) return end_capture(object);
    const bool ok = f.kind == Frame::Kind::Object ? finish_object(f) : finish_array(f);
    --top_;
    --depth_;
    return ok || recover();
  }

  bool finish_object(Frame& f);
  bool finish_array(Frame& f);
  bool recover();
  bool too_deep();
  bool capture_value(const Event& e);
  bool end_capture(bool object);
  [[nodiscard]] bool slot_lenient(const Frame& f) const noexcept;
  void drop_slot(Frame& f);
  void record(std::string_view what, std::string_view code, std::size_t frames, std::string_view extra);
  void warn();

  static constexpr std::uint32_t kSkipRest = 0x40000000;
  static constexpr std::size_t kInlineFrames = 12;

  void grow();

  Frame inline_frames_[kInlineFrames];  ///< enough for every Fluxer payload; deeper documents move to the heap
  std::vector<Frame> heap_frames_;
  Frame* frames_ = inline_frames_;
  std::size_t capacity_ = kInlineFrames;
  std::size_t top_ = 0;
  std::uint32_t depth_ = 0;
  std::uint32_t skip_ = 0;
  bool failed_ = false;
  bool fatal_ = false;  ///< the failure is about the document (too deep): never recovered
  std::vector<FieldWarning>* warnings_ = nullptr;
  std::vector<std::string> warning_keys_;  ///< warning paths with array indices replaced by '*'
  std::string err_path_;
  std::string err_what_;
  std::string err_code_;
  rapidjson::StringBuffer capture_buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> capture_writer_;
};

}  // namespace fluxer::mjson
