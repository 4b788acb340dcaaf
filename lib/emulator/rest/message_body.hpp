#pragma once
// Decoding of a message create body (JSON, or multipart's payload_json) into a draft.

#include <optional>

#include "emulator/rapidjson.hpp"

#include <fluxer/emulator/options.hpp>

#include "emulator/actions.hpp"
#include "emulator/http/http.hpp"

namespace fluxer::emulator::rest {

/// Fills `draft` from the body object (content, embeds, nonce, tts, flags,
/// message_reference, allowed_mentions). Returns a 400 response when a field is invalid.
[[nodiscard]] std::optional<http::Response> decode_message_body(const rapidjson::Value& body,
                                                                actions::MessageDraft& draft, ProtocolMode mode,
                                                                bool is_bot);

}  // namespace fluxer::emulator::rest
