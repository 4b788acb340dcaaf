#pragma once
/// @file
/// RawEvent: one gateway dispatch as raw handlers see it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <fluxer/core/result.hpp>
#include <fluxer/model/codec.hpp>
#include <fluxer/model/events.hpp>

namespace fluxer {

/// One dispatch as it arrived: its name, shard, sequence number and the `d` payload as
/// JSON text. The text is shared by every handler of the event (nothing is copied per
/// handler) and parsed only if a handler asks (`decode()` / `decode_as<T>()`). The typed
/// form the SDK already decoded is available as `event()`.
///
/// A RawEvent is only valid during the handler call; copy `json()` (or keep `shared_text()`)
/// to use the payload later.
class RawEvent {
 public:
  RawEvent(std::string_view name, int shard_id, std::int64_t seq, std::shared_ptr<const std::string> d,
           const DispatchEvent* event) noexcept
      : name_(name), shard_id_(shard_id), seq_(seq), d_(std::move(d)), event_(event) {}

  /// The dispatch name (`t`), e.g. "MESSAGE_CREATE".
  [[nodiscard]] std::string_view name() const noexcept { return name_; }
  /// The shard that received it.
  [[nodiscard]] int shard_id() const noexcept { return shard_id_; }
  /// Its sequence number (`s`) on that shard's session; 0 when the SDK synthesised it.
  [[nodiscard]] std::int64_t seq() const noexcept { return seq_; }
  /// The `d` payload as JSON text ("null" when the dispatch had none).
  [[nodiscard]] std::string_view json() const noexcept { return d_ ? std::string_view(*d_) : std::string_view("null"); }
  /// The same text, shared: keep it to use the payload after the handler returns.
  [[nodiscard]] const std::shared_ptr<const std::string>& shared_text() const noexcept { return d_; }
  /// The typed event the SDK decoded (an UnknownEvent, possibly carrying a decode error,
  /// for names the SDK has no type for).
  [[nodiscard]] const DispatchEvent& event() const noexcept { return *event_; }
  /// Parses the payload again into a fresh typed event (the same as `event()`).
  [[nodiscard]] Result<DispatchEvent> decode() const { return decode_dispatch(name_, json()); }
  /// Parses the payload as an entity, e.g. `decode_as<fluxer::Message>()` for MESSAGE_CREATE.
  template <class T>
  requires is_json_decodable_v<T>
  [[nodiscard]] Result<T> decode_as() const { return from_json<T>(json()); }

 private:
  std::string_view name_;
  int shard_id_ = 0;
  std::int64_t seq_ = 0;
  std::shared_ptr<const std::string> d_;
  const DispatchEvent* event_ = nullptr;
};

}  // namespace fluxer
