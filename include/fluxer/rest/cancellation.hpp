#pragma once
/// @file
/// CancellationSource / CancellationToken: how a caller abandons REST calls in flight.
///
///     fluxer::CancellationSource stop;
///     auto f = rest.get_messages(channel, {}, {.cancel = stop.token()});
///     stop.cancel();   // f completes with ErrorKind::Cancelled (unless it already completed)
///
/// A token may be shared by any number of calls; cancelling is thread-safe and idempotent.
/// A cancelled call that was already sent may still have been applied by the server (a
/// POST, for instance): cancellation only stops the client from waiting for it.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace fluxer {

namespace detail {
struct CancellationState {
  std::mutex mutex;
  bool cancelled = false;
  std::uint64_t next_id = 1;
  std::vector<std::pair<std::uint64_t, std::function<void()>>> callbacks;
};
}  // namespace detail

/// The observer side: handed to calls in CallOptions. A default-constructed token can never
/// be cancelled.
class CancellationToken {
 public:
  CancellationToken() = default;

  /// True once the source was cancelled.
  [[nodiscard]] bool cancelled() const {
    if (!state_) return false;
    std::lock_guard lock(state_->mutex);
    return state_->cancelled;
  }
  /// True if this token can ever be cancelled.
  [[nodiscard]] bool can_cancel() const noexcept { return state_ != nullptr; }

  /// Runs `fn` once when the source is cancelled (at once, on this thread, if it already
  /// was). Returns an id for unsubscribe(), or 0 when `fn` already ran or never can.
  std::uint64_t subscribe(std::function<void()> fn) const {
    if (!state_) return 0;
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->cancelled) {
        const auto id = state_->next_id++;
        state_->callbacks.emplace_back(id, std::move(fn));
        return id;
      }
    }
    fn();
    return 0;
  }
  /// Removes a callback registered with subscribe() (no effect if it already ran).
  void unsubscribe(std::uint64_t id) const {
    if (!state_ || id == 0) return;
    std::lock_guard lock(state_->mutex);
    std::erase_if(state_->callbacks, [id](const auto& entry) { return entry.first == id; });
  }

 private:
  friend class CancellationSource;
  explicit CancellationToken(std::shared_ptr<detail::CancellationState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::CancellationState> state_;
};

/// The owner side: cancels every call holding one of its tokens.
class CancellationSource {
 public:
  CancellationSource() : state_(std::make_shared<detail::CancellationState>()) {}

  [[nodiscard]] CancellationToken token() const { return CancellationToken(state_); }

  /// Cancels (idempotent). Subscribed callbacks run on this thread before it returns.
  void cancel() {
    std::vector<std::pair<std::uint64_t, std::function<void()>>> callbacks;
    {
      std::lock_guard lock(state_->mutex);
      if (state_->cancelled) return;
      state_->cancelled = true;
      callbacks.swap(state_->callbacks);
    }
    for (auto& [id, fn] : callbacks)
      if (fn) fn();
  }
  [[nodiscard]] bool cancelled() const { return token().cancelled(); }

 private:
  std::shared_ptr<detail::CancellationState> state_;
};

}  // namespace fluxer
