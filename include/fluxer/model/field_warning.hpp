#pragma once
/// @file
/// FieldWarning: a field the decoder skipped because its value had the wrong shape.

#include <cstddef>
#include <string>

#include <fmt/format.h>

namespace fluxer {

/// A non-essential field that could not be decoded and was left at its default instead of
/// failing the whole payload (see "Decoding rules" in codec.hpp). Ids and the fields that
/// identify an entity are never skipped this way: they fail the decode.
struct FieldWarning {
  /// Dot-joined JSON path of the skipped value, relative to the decoded document, with
  /// numeric array indices ("embeds.0.color", "pinned").
  std::string path;
  /// What was wrong ("expected a boolean").
  std::string message;
  /// Machine-readable tag: INVALID_TYPE, INVALID_SNOWFLAKE, OUT_OF_RANGE, MISSING_FIELD, ...
  std::string code;
  /// How many values of this document were skipped for the same field (array indices
  /// ignored: 500 channels with a bad `topic` give one warning with count 500; `path`
  /// names the first).
  std::size_t count = 1;

  /// One line: "embeds.0.color: expected an integer (INVALID_TYPE)", plus " x500" when
  /// `count` > 1.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const FieldWarning&, const FieldWarning&) = default;
};

}  // namespace fluxer

/// Formats a FieldWarning as its to_string().
template <>
struct fmt::formatter<fluxer::FieldWarning> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const fluxer::FieldWarning& w, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(w.to_string(), ctx);
  }
};
