#pragma once
/// @file
/// Result<T>: a value or an Error.

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include <fluxer/core/error.hpp>

namespace fluxer {

/// Either a T or an Error. Implicitly constructible from both, so a function returning
/// `Result<Message>` can `return message;` or `return Error{...};`.
///
/// Accessing `value()` on an error throws `fluxer::Exception`; `operator*` and `operator->`
/// do not check (like std::optional).
template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cvref_t<T>, Error>, "Result<Error> is not meaningful");
  static_assert(!std::is_reference_v<T>, "Result<T&> is not supported");

 public:
  using value_type = T;

  Result(const T& value) : v_(std::in_place_index<0>, value) {}  // NOLINT(google-explicit-constructor)
  Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)
  template <class... Args>
  explicit Result(std::in_place_t, Args&&... args) : v_(std::in_place_index<0>, std::forward<Args>(args)...) {}

  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; throws Exception carrying the error if there is none.
  [[nodiscard]] T& value() & { check(); return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { check(); return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { check(); return std::get<0>(std::move(v_)); }

  /// The value, or `fallback` when this holds an error.
  template <class U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return ok() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }
  template <class U>
  [[nodiscard]] T value_or(U&& fallback) && {
    return ok() ? std::get<0>(std::move(v_)) : static_cast<T>(std::forward<U>(fallback));
  }

  /// The error. Precondition: `!ok()`.
  [[nodiscard]] const Error& error() const& { return *std::get_if<1>(&v_); }
  [[nodiscard]] Error&& error() && { return std::move(*std::get_if<1>(&v_)); }

  [[nodiscard]] T& operator*() & noexcept { return *std::get_if<0>(&v_); }
  [[nodiscard]] const T& operator*() const& noexcept { return *std::get_if<0>(&v_); }
  [[nodiscard]] T&& operator*() && noexcept { return std::move(*std::get_if<0>(&v_)); }
  [[nodiscard]] T* operator->() noexcept { return std::get_if<0>(&v_); }
  [[nodiscard]] const T* operator->() const noexcept { return std::get_if<0>(&v_); }

 private:
  void check() const {
    if (!ok()) throw Exception(*std::get_if<1>(&v_));
  }
  std::variant<T, Error> v_;
};

/// Success without a value, or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;

  Result() noexcept = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  /// Throws Exception carrying the error, if any.
  void value() const {
    if (error_) throw Exception(*error_);
  }
  /// The error. Precondition: `!ok()`.
  [[nodiscard]] const Error& error() const& { return *error_; }
  [[nodiscard]] Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

/// Shorthand for a successful Result<void>.
inline Result<void> ok_result() noexcept { return {}; }

}  // namespace fluxer
