#pragma once
// Reading a message body that may be multipart/form-data (§5.5): `payload_json` plus
// `files[N]` parts, matched with the `attachments` metadata of the payload. [A] requires an
// `attachments` entry for every file and rejects metadata naming no file; [B] also accepts
// the legacy `file` / `fileN` names and the `content`/`nonce`/`tts`/`flags` form fields,
// and attaches unclaimed files under their own filename.

#include <optional>
#include <vector>

#include "emulator/rapidjson.hpp"

#include <fluxer/emulator/entities.hpp>

#include "emulator/actions_messages.hpp"
#include "emulator/http/http.hpp"
#include "emulator/rest/router.hpp"

namespace fluxer::emulator::rest {

struct MessageBody {
  rapidjson::Document payload;  ///< the JSON body, or the parsed payload_json
  bool multipart = false;
  std::vector<Attachment> uploads;            ///< uploaded files with their metadata, by index
  std::vector<actions::AttachmentKeep> keep;  ///< `attachments` entries naming no upload
  bool attachments_present = false;           ///< the payload had an `attachments` array
};

/// Reads the body of a message create/edit/webhook execute request. Returns the 400 response
/// (INVALID_FORM_BODY, TOO_MANY_FILES, FILE_SIZE_TOO_LARGE, ...) when it is unusable.
[[nodiscard]] std::optional<http::Response> read_message_body(const RequestContext& ctx, MessageBody& out);

/// Reads a message edit body (JSON or multipart): content, embeds, flags, allowed_mentions
/// and the `attachments` list (kept ids) plus uploaded files. Returns the 400 response when
/// it is unusable.
[[nodiscard]] std::optional<http::Response> read_message_edit(const RequestContext& ctx, actions::MessageEdit& edit);

/// Media type guessed from a filename's extension ("application/octet-stream" when unknown).
[[nodiscard]] std::string guess_content_type(std::string_view filename);

}  // namespace fluxer::emulator::rest
