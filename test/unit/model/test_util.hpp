#pragma once
// Helpers shared by the model tests.

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <fluxer/core/result.hpp>
#include <fluxer/core/time.hpp>

namespace model_test {

/// An ISO 8601 literal as a Timestamp (the test fails if it does not parse).
inline fluxer::Timestamp ts(std::string_view iso) {
  auto t = fluxer::parse_iso8601(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(fluxer::Timestamp{});
}

/// The value of a Result, failing the test with the error text when there is none.
template <class T>
T ok(fluxer::Result<T> r) {
  if (!r.ok()) {
    ADD_FAILURE() << "unexpected error: " << r.error().to_string();
    return T{};
  }
  return std::move(r).value();
}

/// The JSON path of a Decode / InvalidArgument error ("" when there is none).
template <class T>
std::string error_path(const fluxer::Result<T>& r) {
  if (r.ok() || r.error().errors.empty()) return "<no error path>";
  return r.error().errors.front().path;
}

}  // namespace model_test
