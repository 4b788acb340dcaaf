#pragma once
// Private to libfluxer: the event handlers of a Client.
//
// Handlers are kept in a copy-on-write table: registering or removing one builds a new
// table under a mutex; dispatching takes a snapshot (one shared_ptr copy) and runs the
// handlers without holding any lock, so a handler may register or remove handlers (itself
// included) without deadlocking. Handlers for one event run in registration order, whether
// they were registered by name (raw), by type, or for every event.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fluxer/client/raw_event.hpp>

namespace fluxer::client_detail {

using HandlerFn = std::function<void(const RawEvent&)>;

class HandlerRegistry {
 public:
  /// Called with the event name and the exception when a handler throws.
  using ExceptionHook = std::function<void(std::string_view event_name, std::exception_ptr)>;

  explicit HandlerRegistry(ExceptionHook on_exception = {});

  /// Registers `fn` for dispatches named `name`; an empty name means every dispatch.
  /// Returns a non-zero id for remove().
  std::uint64_t add(std::string name, HandlerFn fn);
  /// Removes a handler; false if the id is unknown (or was removed already). A dispatch
  /// already running on another thread may still call it once.
  bool remove(std::uint64_t id);
  /// Runs every handler registered for `event.name()` (and every catch-all handler) in
  /// registration order. A throwing handler is reported to the hook; the others still run.
  void dispatch(const RawEvent& event) const;
  /// True when some handler would run for `name` (a catch-all handler counts).
  [[nodiscard]] bool has_handlers(std::string_view name) const;
  /// Names with a dedicated handler (not counting catch-all handlers).
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  struct Entry {
    std::uint64_t id;
    std::string name;  // empty = every event
    HandlerFn fn;
  };
  using EntryList = std::vector<std::shared_ptr<const Entry>>;
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  struct Table {
    // Per name: that name's handlers merged with the catch-all ones, in id order.
    std::unordered_map<std::string, EntryList, StringHash, std::equal_to<>> by_name;
    EntryList catch_all;
    EntryList all;  // every entry, id order
  };

  std::shared_ptr<const Table> snapshot() const;
  static std::shared_ptr<const Table> build(EntryList all);

  ExceptionHook on_exception_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Table> table_;
  std::uint64_t next_id_ = 1;
};

}  // namespace fluxer::client_detail
