#pragma once
/// @file
/// Message uploads (§5.5): files from a body and from UploadFile lists gathered into one
/// list, checked against the limits before anything is sent, and turned into a JSON or a
/// streamed multipart request (`payload_json` + `files[N]`, N = the `attachments[].id`).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/model/message_requests.hpp>
#include <fluxer/rest/options.hpp>
#include <fluxer/rest/upload.hpp>

#include "rest/transport.hpp"

namespace fluxer::rest {

/// A file ready to send: where its bytes are and how many.
struct ResolvedUpload {
  UploadFile file;
  std::uint64_t size = 0;
};

/// Moves the files of a body (`body_files`, in-memory FileUpload) and `extra` into one list,
/// in that order, and leaves in `body_files` one placeholder per file (name, description,
/// spoiler; no bytes) so the body's encoder writes the matching `attachments` entries.
/// Checks the count and each file's size against `options` (InvalidArgument naming
/// `files.N`, codes TOO_MANY_FILES, FILE_SIZE_TOO_LARGE, FILE_NOT_READABLE).
[[nodiscard]] Result<std::vector<ResolvedUpload>> gather_uploads(std::vector<FileUpload>& body_files,
                                                                 std::vector<UploadFile> extra,
                                                                 const RestOptions& options);

/// Sets the body of `request`: JSON when there are no uploads, else a multipart body with
/// `payload_json` and `files[0..n)`, separated by the boundary `make_boundary` returns (called
/// only then: a random boundary costs more than the rest of a small message's body).
void set_message_body(HttpRequest& request, std::string payload_json, std::vector<ResolvedUpload> uploads,
                      const std::function<std::string()>& make_boundary);

}  // namespace fluxer::rest
