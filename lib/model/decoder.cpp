// The table machinery: building ObjectTables, the decoder's failure handling (paths,
// lenient recovery, warnings, raw-JSON captures) and the table-driven object writer.

#include "model/decoder.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace fluxer::mjson {

// ------------------------------------------------------------------ ObjectTable

namespace {
[[noreturn]] void table_error(std::string_view type, std::string_view what, std::string_view key) {
  std::fprintf(stderr, "fluxer: field table %.*s: %.*s '%.*s'\n", static_cast<int>(type.size()), type.data(),
               static_cast<int>(what.size()), what.data(), static_cast<int>(key.size()), key.data());
  std::abort();
}
}  // namespace

ObjectTable::ObjectTable(std::string_view type_name, std::initializer_list<FieldDesc> fields,
                         std::initializer_list<Include> includes, BeginFn begin, FinishFn finish)
    : type_name_(type_name), begin_(begin), finish_(finish) {
  fields_.reserve(fields.size());
  for (const FieldDesc& f : fields) add(f, 0);
  for (const Include& inc : includes) {
    if (via_count_ == kMaxVias) table_error(type_name_, "too many includes", inc.table->type_name());
    if (inc.table->has_includes_) table_error(type_name_, "nested include of", inc.table->type_name());
    vias_[via_count_] = inc.via;
    for (const FieldDesc& f : inc.table->fields_) {
      bool shadowed = false;
      for (const FieldDesc& own : fields_) shadowed = shadowed || own.name == f.name;
      if (!shadowed) add(f, static_cast<std::uint8_t>(via_count_));
    }
    ++via_count_;
  }
  has_includes_ = includes.size() != 0;
  index();
}

void ObjectTable::add(const FieldDesc& f, std::uint8_t via) {
  for (const FieldDesc& other : fields_)
    if (other.name == f.name) table_error(type_name_, "duplicate key", f.name);
  if (fields_.size() >= 255) table_error(type_name_, "too many fields at", f.name);
  FieldDesc g = f;
  g.via = via;
  g.index = static_cast<std::uint8_t>(fields_.size());
  g.seen_bit = g.index < 64 ? std::uint64_t{1} << g.index : 0;
  const KeyWords w = key_words(g.name.data(), g.name.size());
  g.key_a = w.a;
  g.key_b = w.b;
  if ((g.flags & kRequired) != 0) {
    if (g.seen_bit == 0) table_error(type_name_, "required field past the 64th", g.name);
    if (g.read == nullptr) table_error(type_name_, "required field that is not read", g.name);
    required_mask_ |= g.seen_bit;
    required_.push_back(g.index);
  }
  fields_.push_back(g);
}

void ObjectTable::index() {
  // Multiply-shift hashing with a searched multiplier: a few hundred tries at most for
  // tables of this size (a table is at least four times as large as its keys).
  std::uint64_t state = 0x243F6A8885A308D3ull;  // fixed: the same tables on every run
  auto next_seed = [&state] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) | 1;
  };
  unsigned bits = 4;
  while ((std::size_t{1} << bits) < fields_.size() * 4) ++bits;
  for (; bits <= 12; ++bits) {
    slots_.assign(std::size_t{1} << bits, 0);
    shift_ = 64 - bits;
    for (int attempt = 0; attempt < 4000; ++attempt) {
      seed_ = next_seed();
      std::fill(slots_.begin(), slots_.end(), std::uint8_t{0});
      bool collision = false;
      for (const FieldDesc& f : fields_) {
        if (f.read == nullptr) continue;  // written only
        const std::size_t i = static_cast<std::size_t>((key_mix({f.key_a, f.key_b}, f.name.size()) * seed_) >> shift_);
        if (slots_[i] != 0) {
          collision = true;
          break;
        }
        slots_[i] = static_cast<std::uint8_t>(f.index + 1u);
      }
      if (!collision) return;
    }
  }
  table_error(type_name_, "no perfect hash for its keys, first key", fields_.empty() ? "" : fields_[0].name);
}

void ObjectTable::add_flags(std::string_view key, std::uint8_t flags) {
  for (FieldDesc& f : fields_) {
    if (f.name != key) continue;
    f.flags = static_cast<std::uint8_t>(f.flags | flags);
    if ((f.flags & kRequired) != 0 && (required_mask_ & f.seen_bit) == 0) {
      if (f.seen_bit == 0) table_error(type_name_, "required field past the 64th", key);
      required_mask_ |= f.seen_bit;
      required_.push_back(f.index);
      std::sort(required_.begin(), required_.end());
    }
    return;
  }
  table_error(type_name_, "no field", key);
}

void write_object(Out& out, const ObjectTable& table, const void* object) {
  void* targets[ObjectTable::kMaxVias] = {const_cast<void*>(object)};
  for (std::size_t i = 1; i < table.via_count(); ++i) targets[i] = table.via(i)(targets[0]);
  out.begin_object();
  for (const FieldDesc& f : table.fields())
    if (f.write != nullptr && (f.flags & kNotSent) == 0) f.write(out, targets[f.via], f);
  out.end_object();
}

// ------------------------------------------------------------------ Decoder

Decoder::Decoder(std::vector<FieldWarning>* warnings)
    : warnings_(warnings), capture_writer_(capture_buffer_) {}

void Decoder::grow() {
  std::vector<Frame> bigger(capacity_ * 2);
  std::copy(frames_, frames_ + capacity_, bigger.begin());
  heap_frames_ = std::move(bigger);
  frames_ = heap_frames_.data();
  capacity_ = heap_frames_.size();
}

void Decoder::start(ReadFn read, void* target, std::uint32_t base_depth) {
  top_ = 0;
  depth_ = base_depth;
  skip_ = 0;
  failed_ = false;
  fatal_ = false;
  warning_keys_.clear();
  Frame& root = frames_[0];
  root.kind = Frame::Kind::Root;
  root.lenient = false;
  root.depth = base_depth;
  root.index = 0;
  root.root_read = read;
  root.targets[0] = target;
}

Error Decoder::error(std::string_view context) const {
  Error e = Error::decode(err_path_, err_what_, err_code_);
  if (!context.empty()) e.message = std::string(context) + ": " + e.message;
  return e;
}

bool Decoder::push_object(const ObjectTable& table, void* object) {
  Frame& f = frames_[++top_];
  f.kind = Frame::Kind::Object;
  f.lenient = false;
  f.depth = depth_;
  f.table = &table;
  f.field = nullptr;
  f.seen = 0;
  f.scratch = 0;
  if (table.begin() != nullptr) table.begin()(object);
  f.targets[0] = object;
  for (std::size_t i = 1; i < table.via_count(); ++i) f.targets[i] = table.via(i)(object);
  return true;
}

bool Decoder::push_array(const ArrayOps& ops, void* container) {
  const bool lenient = !ops.strict_elements && slot_lenient(frames_[top_]);
  Frame& f = frames_[++top_];
  f.kind = Frame::Kind::Array;
  f.lenient = lenient;
  f.depth = depth_;
  f.index = 0;
  f.array = &ops;
  f.targets[0] = container;
  return true;
}

bool Decoder::push_capture(std::string* out, bool object) {
  Frame& f = frames_[++top_];
  f.kind = Frame::Kind::Capture;
  f.lenient = false;
  f.depth = depth_;
  f.capture = out;
  capture_buffer_.Clear();
  capture_writer_.Reset(capture_buffer_);
  return object ? capture_writer_.StartObject() : capture_writer_.StartArray();
}

int Decoder::open_fields_named(std::string_view name) const noexcept {
  int n = 0;
  for (std::size_t i = 1; i <= top_; ++i)
    if (frames_[i].kind == Frame::Kind::Object && frames_[i].field != nullptr && frames_[i].field->name == name) ++n;
  return n;
}

bool Decoder::finish_object(Frame& f) {
  const ObjectTable& t = *f.table;
  for (const std::uint8_t i : t.required()) {
    const FieldDesc& fd = t.fields()[i];
    if ((f.seen & fd.seen_bit) == 0 || (fd.empty != nullptr && fd.empty(f.targets[fd.via]))) return missing(fd.name);
  }
  return t.finish() == nullptr || t.finish()(*this, f.targets[0]);
}

bool Decoder::finish_array(Frame& f) {
  return f.array->finish == nullptr || f.array->finish(*this, f.targets[0]);
}

bool Decoder::slot_lenient(const Frame& f) const noexcept {
  switch (f.kind) {
    case Frame::Kind::Object: return f.field != nullptr && (f.field->flags & kStrict) == 0;
    case Frame::Kind::Array: return f.lenient;
    default: return false;
  }
}

void Decoder::drop_slot(Frame& f) {
  if (f.kind == Frame::Kind::Object) {
    f.field->reset(f.targets[f.field->via]);
    f.seen &= ~f.field->seen_bit;
  } else {
    f.array->drop_last(f.targets[0]);
  }
}

bool Decoder::recover() {
  if (fatal_) {
    failed_ = true;
    return false;
  }
  // The failing value sits in the current slot of frames_[top_]; walk outwards to the
  // first lenient slot that contains it.
  for (std::size_t i = top_;; --i) {
    Frame& f = frames_[i];
    if (slot_lenient(f)) {
      drop_slot(f);
      warn();
      top_ = i;
      skip_ = depth_ - f.depth;  // the failed value's containers that are still open
      return true;
    }
    if (i == 0) break;
  }
  // The document does not decode. Keep reading it without looking (only the nesting limit
  // still applies), so that text that is not even JSON is reported as such.
  failed_ = true;
  top_ = 0;
  skip_ = kSkipRest;
  return true;
}

bool Decoder::too_deep() {
  fatal_ = true;
  failed_ = true;
  err_path_.clear();
  err_what_ = "JSON nested deeper than " + std::to_string(kMaxNesting) + " levels";
  err_code_ = "TOO_DEEP";
  return false;
}

void Decoder::record(std::string_view what, std::string_view code, std::size_t frames, std::string_view extra) {
  err_what_.assign(what);
  err_code_.assign(code);
  err_path_.clear();
  auto segment = [&](std::string_view s) {
    if (!err_path_.empty()) err_path_ += '.';
    err_path_ += s;
  };
  for (std::size_t i = 1; i < frames; ++i) {
    const Frame& f = frames_[i];
    if (f.kind == Frame::Kind::Object)
      segment(f.field != nullptr ? f.field->name : std::string_view{"?"});
    else if (f.kind == Frame::Kind::Array)
      segment(std::to_string(f.index - 1));
  }
  if (!extra.empty()) segment(extra);
}

bool Decoder::fail(std::string_view what, std::string_view code) {
  record(what, code, top_ + 1, {});
  return false;
}

bool Decoder::fail_container(std::string_view what, std::string_view code) {
  record(what, code, top_, {});
  return false;
}

bool Decoder::missing(std::string_view key) {
  record("missing required field", "MISSING_FIELD", top_, key);
  return false;
}

std::string field_key(std::string_view path) {
  std::string key;
  key.reserve(path.size());
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t dot = path.find('.', pos);
    if (dot == std::string_view::npos) dot = path.size();
    const std::string_view seg = path.substr(pos, dot - pos);
    const bool numeric = !seg.empty() && seg.find_first_not_of("0123456789") == std::string_view::npos;
    if (!key.empty()) key += '.';
    key += numeric ? std::string_view{"*"} : seg;
    pos = dot + 1;
  }
  return key;
}

void Decoder::warn() {
  if (warnings_ == nullptr) return;
  // Array indices do not make a field different: channels.3.topic and channels.7.topic
  // are one warning with a count.
  std::string key = field_key(err_path_);
  const std::size_t base = warnings_->size() - warning_keys_.size();
  for (std::size_t i = 0; i < warning_keys_.size(); ++i) {
    if (warning_keys_[i] == key) {
      ++(*warnings_)[base + i].count;
      return;
    }
  }
  warnings_->push_back(FieldWarning{err_path_, err_what_, err_code_, 1});
  warning_keys_.push_back(std::move(key));
}

// ------------------------------------------------------------------ raw JSON captures

void Decoder::write_scalar(const Event& e, std::string& out) {
  capture_buffer_.Clear();
  capture_writer_.Reset(capture_buffer_);
  switch (e.kind) {
    case Event::Kind::Null: capture_writer_.Null(); break;
    case Event::Kind::Bool: capture_writer_.Bool(e.boolean); break;
    case Event::Kind::Int: capture_writer_.Int64(e.int_value); break;
    case Event::Kind::Uint: capture_writer_.Uint64(e.uint_value); break;
    case Event::Kind::Double: capture_writer_.Double(e.double_value); break;
    case Event::Kind::String: capture_writer_.String(e.str, e.len); break;
    default: break;
  }
  out.assign(capture_buffer_.GetString(), capture_buffer_.GetSize());
}

bool Decoder::capture_value(const Event& e) {
  switch (e.kind) {
    case Event::Kind::Null: return capture_writer_.Null();
    case Event::Kind::Bool: return capture_writer_.Bool(e.boolean);
    case Event::Kind::Int: return capture_writer_.Int64(e.int_value);
    case Event::Kind::Uint: return capture_writer_.Uint64(e.uint_value);
    case Event::Kind::Double: return capture_writer_.Double(e.double_value);
    case Event::Kind::String: return capture_writer_.String(e.str, e.len);
    case Event::Kind::Object: return capture_writer_.StartObject();
    case Event::Kind::Array: return capture_writer_.StartArray();
  }
  return false;
}

bool Decoder::end_capture(bool object) {
  Frame& f = frames_[top_];
  if (object)
    capture_writer_.EndObject();
  else
    capture_writer_.EndArray();
  if (depth_ == f.depth) {
    f.capture->assign(capture_buffer_.GetString(), capture_buffer_.GetSize());
    --top_;
  }
  --depth_;
  return true;
}

}  // namespace fluxer::mjson
