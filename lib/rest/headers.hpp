#pragma once
/// @file
/// HTTP header helpers shared by the rate limiter, the error decoding and the transport.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fluxer::rest {

/// Response headers in arrival order, names as the server sent them.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// ASCII case-insensitive equality (header names).
[[nodiscard]] bool iequals_ascii(std::string_view a, std::string_view b) noexcept;
/// `s` without leading and trailing spaces, tabs, CR and LF.
[[nodiscard]] std::string_view trim_http(std::string_view s) noexcept;
/// The value of header `name` (case-insensitive), if present.
[[nodiscard]] std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name);
/// Splits a raw header line ("Name: value\r\n") into its trimmed name and value; nullopt for
/// a line without ':' (the status line, the blank line ending the headers).
[[nodiscard]] std::optional<std::pair<std::string, std::string>> parse_header_line(std::string_view line);

}  // namespace fluxer::rest
