#pragma once
/// @file
/// UniqueFunction: a move-only std::function (C++23's std::move_only_function, for C++20).

#include <cstddef>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace fluxer {

template <class Signature>
class UniqueFunction;

/// Holds any callable with the given signature, including ones that capture move-only
/// values (a Promise, a unique_ptr). Calling an empty UniqueFunction throws
/// std::bad_function_call.
template <class R, class... Args>
class UniqueFunction<R(Args...)> {
 public:
  UniqueFunction() noexcept = default;
  UniqueFunction(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor)

  // remove_cvref_t rather than decay_t in the constraint (the same test for every callable):
  // clang 14 tries `F = void&` when a designated initializer argument such as
  // `{.audit_log_reason = ...}` could also be a callback, and decay_t<void&> is a hard error
  // where remove_cvref_t<void&> only fails the constraint.
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, UniqueFunction> &&
             std::is_invocable_r_v<R, std::remove_cvref_t<F>&, Args...>)
  UniqueFunction(F&& f) {  // NOLINT(google-explicit-constructor)
    if constexpr (std::is_constructible_v<bool, const std::decay_t<F>&> && !std::is_class_v<std::decay_t<F>>) {
      if (!static_cast<bool>(f)) return;  // null function pointer
    } else if constexpr (requires { f == nullptr; }) {
      if (f == nullptr) return;  // empty std::function
    }
    impl_ = std::make_unique<Impl<std::decay_t<F>>>(std::forward<F>(f));
  }

  UniqueFunction(UniqueFunction&&) noexcept = default;
  UniqueFunction& operator=(UniqueFunction&&) noexcept = default;
  UniqueFunction(const UniqueFunction&) = delete;
  UniqueFunction& operator=(const UniqueFunction&) = delete;

  R operator()(Args... args) {
    if (!impl_) throw std::bad_function_call();
    return impl_->call(std::forward<Args>(args)...);
  }
  explicit operator bool() const noexcept { return impl_ != nullptr; }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual R call(Args&&... args) = 0;
  };
  template <class F>
  struct Impl final : Base {
    template <class G>
    explicit Impl(G&& g) : f(std::forward<G>(g)) {}
    R call(Args&&... args) override { return std::invoke(f, std::forward<Args>(args)...); }
    F f;
  };
  std::unique_ptr<Base> impl_;
};

}  // namespace fluxer
