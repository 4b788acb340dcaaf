#pragma once
/// @file
/// Future<T> / Promise<T>: the result of an asynchronous SDK call.
///
/// Every REST call returns a `Future<T>`. Use it one of three ways:
///
///     auto msg = rest.create_message(ch, {.content = "hi"}).get();      // block, throw on error
///     fluxer::Result<Message> r = rest.get_message(ch, id).result();  // block, no throw
///     rest.get_user(id).then([](fluxer::Result<User> r) { ... });      // callback
///
/// A Future has a single consumer: `get()`, `result()` and `then()` each consume it
/// (afterwards `valid()` is false). `wait()`/`wait_for()`/`ready()` do not.
///
/// Continuations run on the executor the promise was created with (the client's callback
/// pool), or, without one, on the thread that completes the promise (or the thread calling
/// `then()` when the result is already there). A Future may be completed before or after
/// `then()` is attached, from any thread; no result is lost and no call deadlocks.
///
/// Blocking in `get()` from inside a callback is allowed: results are stored by the
/// thread that produces them, not by the callback pool.

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include <fluxer/core/error.hpp>
#include <fluxer/core/executor.hpp>
#include <fluxer/core/function.hpp>
#include <fluxer/core/result.hpp>

namespace fluxer {

template <class T>
class Future;
template <class T>
class Promise;

namespace detail {

/// The error a Future reports when its Promise was destroyed without a result.
inline Error broken_promise_error() {
  return Error{ErrorKind::Cancelled, "the operation was abandoned before it produced a result", "BROKEN_PROMISE"};
}

inline Error exception_to_error(std::exception_ptr ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const Exception& e) {
    return e.error();
  } catch (const std::exception& e) {
    return Error{ErrorKind::Other, e.what(), "CALLBACK_EXCEPTION"};
  } catch (...) {
    return Error{ErrorKind::Other, "unknown exception", "CALLBACK_EXCEPTION"};
  }
}

template <class T>
class FutureState {
 public:
  using Continuation = UniqueFunction<void(Result<T>&&)>;

  explicit FutureState(std::shared_ptr<Executor> executor) : executor_(std::move(executor)) {}

  /// Stores the result once; later calls are ignored and return false.
  bool set(Result<T>&& result) {
    Continuation continuation;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (has_result_) return false;
      has_result_ = true;
      if (continuation_) {
        continuation = std::move(continuation_);
      } else {
        result_.emplace(std::move(result));
      }
    }
    if (continuation) {
      dispatch(std::move(continuation), std::move(result));
    } else {
      cv_.notify_all();
    }
    return true;
  }

  /// Attaches the single continuation. Runs (or posts) it at once if the result is there.
  void set_continuation(Continuation continuation) {
    std::optional<Result<T>> ready;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!has_result_) {
        continuation_ = std::move(continuation);
        return;
      }
      ready.emplace(std::move(*result_));
      result_.reset();
    }
    dispatch(std::move(continuation), std::move(*ready));
  }

  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return has_result_; });
  }

  template <class Clock, class Duration>
  bool wait_until(const std::chrono::time_point<Clock, Duration>& deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_until(lock, deadline, [&] { return has_result_; });
  }

  bool ready() {
    std::lock_guard<std::mutex> lock(mutex_);
    return has_result_;
  }

  Result<T> take() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return has_result_; });
    Result<T> out = std::move(*result_);
    result_.reset();
    return out;
  }

  const std::shared_ptr<Executor>& executor() const noexcept { return executor_; }

 private:
  void dispatch(Continuation continuation, Result<T>&& result) {
    if (executor_) {
      // A Task must be callable without arguments; box the result with the continuation.
      struct Job {
        Continuation continuation;
        std::optional<Result<T>> result;
        void operator()() { continuation(std::move(*result)); }
      };
      Job job{std::move(continuation), std::optional<Result<T>>(std::move(result))};
      // post() refuses only after the executor shut down; run the continuation here then,
      // rather than drop what the user asked for.
      auto shared = std::make_shared<Job>(std::move(job));
      if (executor_->post([shared] { (*shared)(); })) return;
      (*shared)();
      return;
    }
    continuation(std::move(result));
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  bool has_result_ = false;
  std::optional<Result<T>> result_;
  Continuation continuation_;
  std::shared_ptr<Executor> executor_;
};

template <class R>
struct FutureTraits {
  using value_type = R;
};
template <class U>
struct FutureTraits<Result<U>> {
  using value_type = U;
};
template <class U>
struct FutureTraits<Future<U>> {
  using value_type = U;
};

template <class T>
inline constexpr bool is_future_v = false;
template <class U>
inline constexpr bool is_future_v<Future<U>> = true;
template <class T>
inline constexpr bool is_result_v = false;
template <class U>
inline constexpr bool is_result_v<Result<U>> = true;

}  // namespace detail

/// The consumer side of an asynchronous result. Move-only; see the file comment.
template <class T>
class Future {
 public:
  using value_type = T;

  /// An invalid future (no state). Only useful as a placeholder to assign to.
  Future() noexcept = default;
  Future(Future&&) noexcept = default;
  Future& operator=(Future&&) noexcept = default;
  Future(const Future&) = delete;
  Future& operator=(const Future&) = delete;

  /// True until the future is consumed by get(), result() or then().
  [[nodiscard]] bool valid() const noexcept { return state_ != nullptr; }
  /// True when the result is available (non-blocking). False for an invalid future.
  [[nodiscard]] bool ready() const { return state_ && state_->ready(); }

  /// Blocks until the result is available.
  void wait() const {
    if (state_) state_->wait();
  }
  /// Blocks up to `timeout`; true if the result is available.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return state_ && state_->wait_until(std::chrono::steady_clock::now() + timeout);
  }
  /// Blocks until `deadline`; true if the result is available.
  template <class Clock, class Duration>
  bool wait_until(const std::chrono::time_point<Clock, Duration>& deadline) const {
    return state_ && state_->wait_until(deadline);
  }

  /// Blocks, then returns the Result and consumes the future. An invalid future gives an
  /// error of kind Other with code "NO_STATE".
  Result<T> result() {
    if (!state_) return Error{ErrorKind::Other, "future has no state (already consumed?)", "NO_STATE"};
    auto state = std::move(state_);
    return state->take();
  }

  /// Blocks, then returns the value or throws fluxer::Exception with the error.
  T get() {
    if constexpr (std::is_void_v<T>) {
      result().value();
    } else {
      return std::move(result()).value();
    }
  }

  /// Attaches a continuation taking `Result<T>` and consumes this future. Returns a future
  /// of what the continuation returns: `void` -> Future<void>, `Result<U>` or `Future<U>`
  /// -> Future<U> (flattened), anything else `U` -> Future<U>. An exception thrown by the
  /// continuation fails the returned future (kind Other, code CALLBACK_EXCEPTION, or the
  /// Error of a thrown fluxer::Exception).
  template <class F>
  auto then(F&& continuation) -> Future<typename detail::FutureTraits<std::invoke_result_t<std::decay_t<F>&, Result<T>&&>>::value_type>;

  /// Wraps an existing state; used by Promise.
  explicit Future(std::shared_ptr<detail::FutureState<T>> state) noexcept : state_(std::move(state)) {}

 private:
  std::shared_ptr<detail::FutureState<T>> state_;
};

/// The producer side. Move-only. Completing it twice is ignored (the first result wins);
/// destroying it without completing fails the future with kind Cancelled, code
/// "BROKEN_PROMISE", so a waiter never hangs.
template <class T>
class Promise {
 public:
  /// Continuations of the future run on `executor` (inline when null).
  explicit Promise(std::shared_ptr<Executor> executor = nullptr)
      : state_(std::make_shared<detail::FutureState<T>>(std::move(executor))) {}
  Promise(Promise&&) noexcept = default;
  Promise& operator=(Promise&& other) noexcept {
    if (this != &other) {
      abandon();
      state_ = std::move(other.state_);
      future_taken_ = other.future_taken_;
    }
    return *this;
  }
  Promise(const Promise&) = delete;
  Promise& operator=(const Promise&) = delete;
  ~Promise() { abandon(); }

  /// The future for this promise. Call once; later calls return an invalid future.
  Future<T> get_future() {
    if (!state_ || future_taken_) return Future<T>{};
    future_taken_ = true;
    return Future<T>{state_};
  }

  /// Completes the future; false if it was already completed.
  bool set_result(Result<T> result) { return state_ && state_->set(std::move(result)); }
  bool set_error(Error error) { return set_result(Result<T>(std::move(error))); }
  template <class U = T>
    requires(!std::is_void_v<U>)
  bool set_value(U&& value) {
    return set_result(Result<T>(std::forward<U>(value)));
  }
  template <class U = T>
    requires std::is_void_v<U>
  bool set_value() {
    return set_result(Result<void>{});
  }

 private:
  void abandon() {
    if (state_) state_->set(Result<T>(detail::broken_promise_error()));
  }
  std::shared_ptr<detail::FutureState<T>> state_;
  bool future_taken_ = false;
};

/// A future that is already complete.
template <class T>
Future<std::remove_cvref_t<T>> make_ready_future(T&& value) {
  Promise<std::remove_cvref_t<T>> p;
  auto f = p.get_future();
  p.set_value(std::forward<T>(value));
  return f;
}
inline Future<void> make_ready_future() {
  Promise<void> p;
  auto f = p.get_future();
  p.set_value();
  return f;
}
/// A future that has already failed.
template <class T>
Future<T> make_error_future(Error error) {
  Promise<T> p;
  auto f = p.get_future();
  p.set_error(std::move(error));
  return f;
}

template <class T>
template <class F>
auto Future<T>::then(F&& continuation)
    -> Future<typename detail::FutureTraits<std::invoke_result_t<std::decay_t<F>&, Result<T>&&>>::value_type> {
  using R = std::invoke_result_t<std::decay_t<F>&, Result<T>&&>;
  using U = typename detail::FutureTraits<R>::value_type;
  if (!state_) return make_error_future<U>(Error{ErrorKind::Other, "future has no state (already consumed?)", "NO_STATE"});

  auto state = std::move(state_);
  Promise<U> next(state->executor());
  Future<U> out = next.get_future();
  state->set_continuation([next = std::move(next), fn = std::forward<F>(continuation)](Result<T>&& r) mutable {
    try {
      if constexpr (std::is_void_v<R>) {
        std::invoke(fn, std::move(r));
        next.set_value();
      } else if constexpr (detail::is_future_v<R>) {
        R inner = std::invoke(fn, std::move(r));
        // Complete `next` with whatever the inner future produces.
        auto forward_state = std::make_shared<Promise<U>>(std::move(next));
        inner.then([forward_state](Result<U>&& u) { forward_state->set_result(std::move(u)); });
      } else if constexpr (detail::is_result_v<R>) {
        next.set_result(std::invoke(fn, std::move(r)));
      } else {
        next.set_value(std::invoke(fn, std::move(r)));
      }
    } catch (...) {
      next.set_error(detail::exception_to_error(std::current_exception()));
    }
  });
  return out;
}

}  // namespace fluxer
