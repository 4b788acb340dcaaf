#pragma once
/// @file
/// Box<T>: a heap-allocated value with value semantics (deep copy), for recursive types.

#include <memory>
#include <utility>

namespace fluxer {

/// Holds one T on the heap and copies it deeply, so a struct can contain itself
/// (`Message::referenced_message`) and stay an ordinary copyable value. Unlike
/// std::unique_ptr it is never empty, except after being moved from.
///
/// T may be incomplete where Box<T> is declared; it must be complete where a Box is
/// constructed, copied, compared or destroyed.
template <class T>
class Box {
 public:
  /// Holds a default-constructed T.
  Box() : ptr_(std::make_unique<T>()) {}
  /// Holds a copy of / takes over `value`.
  Box(const T& value) : ptr_(std::make_unique<T>(value)) {}  // NOLINT(google-explicit-constructor)
  Box(T&& value) : ptr_(std::make_unique<T>(std::move(value))) {}  // NOLINT(google-explicit-constructor)

  Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
  Box(Box&& other) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
    return *this;
  }
  Box& operator=(Box&& other) noexcept = default;
  ~Box() = default;

  [[nodiscard]] T& operator*() noexcept { return *ptr_; }
  [[nodiscard]] const T& operator*() const noexcept { return *ptr_; }
  [[nodiscard]] T* operator->() noexcept { return ptr_.get(); }
  [[nodiscard]] const T* operator->() const noexcept { return ptr_.get(); }
  /// The held value (nullptr only after a move).
  [[nodiscard]] T* get() noexcept { return ptr_.get(); }
  [[nodiscard]] const T* get() const noexcept { return ptr_.get(); }

  /// Compares the held values (two moved-from boxes are equal).
  friend bool operator==(const Box& a, const Box& b) {
    if (!a.ptr_ || !b.ptr_) return a.ptr_ == b.ptr_;
    return *a.ptr_ == *b.ptr_;
  }

 private:
  std::unique_ptr<T> ptr_{};
};

}  // namespace fluxer
