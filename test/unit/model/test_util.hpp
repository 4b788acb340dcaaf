#pragma once
// Helpers shared by the model tests.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/core/result.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/codec.hpp>
#include <fluxer/model/field_warning.hpp>

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

/// The paths of `warnings`, comma-joined ("" when there are none).
inline std::string warning_paths(const std::vector<fluxer::FieldWarning>& warnings) {
  std::string out;
  for (const auto& w : warnings) {
    if (!out.empty()) out += ',';
    out += w.path;
  }
  return out;
}

/// A value decoded with from_json<T>, and the fields it skipped.
template <class T>
struct Lenient {
  T value{};
  std::vector<fluxer::FieldWarning> warnings{};
  [[nodiscard]] std::string paths() const { return warning_paths(warnings); }
};

/// Decodes `json` as T, failing the test on an error.
template <class T>
Lenient<T> lenient(std::string_view json) {
  Lenient<T> out;
  auto r = fluxer::from_json<T>(json, out.warnings);
  if (!r.ok()) {
    ADD_FAILURE() << "unexpected error: " << r.error().to_string() << " for " << json;
    return out;
  }
  out.value = std::move(r).value();
  return out;
}

/// Decodes dispatch `name` from `json`, failing the test on an error.
inline Lenient<fluxer::DispatchEvent> lenient_event(std::string_view name, std::string_view json) {
  Lenient<fluxer::DispatchEvent> out;
  auto r = fluxer::decode_dispatch(name, json, out.warnings);
  if (!r.ok()) {
    ADD_FAILURE() << "unexpected error: " << r.error().to_string() << " for " << json;
    return out;
  }
  out.value = std::move(r).value();
  return out;
}

}  // namespace model_test
