#pragma once
// Rich embed input (fluxer-protocol.md §5.5): the limits the real server enforces on the
// embeds a bot sends, and the stored form (only the input fields, `type` "rich").

#include <optional>
#include <string>

#include "emulator/rapidjson.hpp"

#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

/// Validates one embed object at `path` ("embeds.0"): title ≤256, description 1–4096, url
/// ≤2048, color 0–0xFFFFFF, timestamp ISO 8601, author {name 1–256 required, url,
/// icon_url}, footer {text 1–2048 required, icon_url}, image/thumbnail {url required,
/// description 1–4096}, fields ≤25 × {name 1–256, value 1–1024, inline}. Every problem is
/// added to `errors`; on success returns the embed's JSON as stored (unknown keys dropped).
std::optional<std::string> read_embed(const rapidjson::Value& embed, const std::string& path, FormErrors& errors);

}  // namespace fluxer::emulator::rest
