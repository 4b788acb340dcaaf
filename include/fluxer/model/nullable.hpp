#pragma once
/// @file
/// Nullable<T>: a JSON field that can be absent, null, or hold a value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

namespace fluxer {

/// A tri-state field for the places where Fluxer gives "absent" and "null" different
/// meanings:
///
/// - in PATCH bodies, absent = leave unchanged, null = clear/reset, value = set
///   (`ModifyMember::nick = nullptr` resets a nickname);
/// - in received objects, e.g. `Message::referenced_message`: absent = not a reply,
///   null = the replied-to message was deleted.
///
/// A default-constructed Nullable is absent. Assign `nullptr` to make it null and a T to
/// give it a value.
template <class T>
class Nullable {
 public:
  using value_type = T;

  /// Absent.
  constexpr Nullable() noexcept = default;
  /// Null.
  constexpr Nullable(std::nullptr_t) noexcept : state_(State::Null) {}  // NOLINT(google-explicit-constructor)
  /// A value (anything T can be constructed from, except nullptr).
  template <class U = T>
    requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, std::nullptr_t> &&
             !std::is_same_v<std::remove_cvref_t<U>, Nullable>)
  constexpr Nullable(U&& value)  // NOLINT(google-explicit-constructor)
      : state_(State::Value), value_(std::in_place, std::forward<U>(value)) {}

  /// Makes it null.
  constexpr Nullable& operator=(std::nullptr_t) noexcept {
    set_null();
    return *this;
  }
  /// Stores a value.
  template <class U = T>
    requires(std::is_constructible_v<T, U&&> && std::is_assignable_v<T&, U&&> &&
             !std::is_same_v<std::remove_cvref_t<U>, std::nullptr_t> &&
             !std::is_same_v<std::remove_cvref_t<U>, Nullable>)
  constexpr Nullable& operator=(U&& value) {
    if (value_)
      *value_ = std::forward<U>(value);
    else
      value_.emplace(std::forward<U>(value));
    state_ = State::Value;
    return *this;
  }

  /// An explicitly null Nullable (same as `Nullable<T>{nullptr}`).
  [[nodiscard]] static constexpr Nullable null() noexcept { return Nullable{nullptr}; }

  /// True when the field was not present (or was never set).
  [[nodiscard]] constexpr bool is_absent() const noexcept { return state_ == State::Absent; }
  /// True when the field was present with the JSON value `null`.
  [[nodiscard]] constexpr bool is_null() const noexcept { return state_ == State::Null; }
  /// True when the field holds a value.
  [[nodiscard]] constexpr bool has_value() const noexcept { return state_ == State::Value; }
  /// True when the field holds a value.
  constexpr explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws std::bad_optional_access when absent or null.
  [[nodiscard]] constexpr T& value() & { return value_.value(); }
  [[nodiscard]] constexpr const T& value() const& { return value_.value(); }
  [[nodiscard]] constexpr T&& value() && { return std::move(value_).value(); }
  /// The value, or `fallback` when absent or null.
  template <class U>
  [[nodiscard]] constexpr T value_or(U&& fallback) const& {
    if (state_ == State::Value) return *value_;
    return static_cast<T>(std::forward<U>(fallback));
  }

  /// Unchecked access (precondition: has_value()).
  [[nodiscard]] constexpr T& operator*() & noexcept { return *value_; }
  [[nodiscard]] constexpr const T& operator*() const& noexcept { return *value_; }
  [[nodiscard]] constexpr T* operator->() noexcept { return &*value_; }
  [[nodiscard]] constexpr const T* operator->() const noexcept { return &*value_; }
  /// A pointer to the value, or nullptr when absent or null.
  [[nodiscard]] constexpr T* get() noexcept { return value_ ? &*value_ : nullptr; }
  [[nodiscard]] constexpr const T* get() const noexcept { return value_ ? &*value_ : nullptr; }

  /// The value as a std::optional (absent and null both become nullopt).
  [[nodiscard]] constexpr const std::optional<T>& as_optional() const noexcept { return value_; }

  /// Makes the field absent.
  constexpr void reset() noexcept {
    value_.reset();
    state_ = State::Absent;
  }
  /// Makes the field null.
  constexpr void set_null() noexcept {
    value_.reset();
    state_ = State::Null;
  }
  /// Stores a value in place and returns it.
  template <class... Args>
  constexpr T& emplace(Args&&... args) {
    value_.emplace(std::forward<Args>(args)...);
    state_ = State::Value;
    return *value_;
  }

  friend constexpr bool operator==(const Nullable& a, const Nullable& b) {
    return a.state_ == b.state_ && a.value_ == b.value_;
  }

 private:
  enum class State : std::uint8_t { Absent, Null, Value };
  State state_ = State::Absent;
  std::optional<T> value_{};
};

}  // namespace fluxer
