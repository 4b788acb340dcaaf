#include <fluxer/core/error.hpp>

#include <fluxer/core/redact.hpp>

namespace fluxer {

std::string_view to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::Other: return "Other";
    case ErrorKind::ClientNotReady: return "ClientNotReady";
    case ErrorKind::InvalidToken: return "InvalidToken";
    case ErrorKind::AlreadyLoggedIn: return "AlreadyLoggedIn";
    case ErrorKind::Api: return "Api";
    case ErrorKind::Http: return "Http";
    case ErrorKind::RateLimit: return "RateLimit";
    case ErrorKind::Rest: return "Rest";
    case ErrorKind::WebSocket: return "WebSocket";
    case ErrorKind::Decode: return "Decode";
    case ErrorKind::InvalidArgument: return "InvalidArgument";
    case ErrorKind::Timeout: return "Timeout";
    case ErrorKind::Cancelled: return "Cancelled";
  }
  return "Unknown";
}

Error Error::api(int http_status, std::string code, std::string message, std::vector<FieldError> errors) {
  Error e{ErrorKind::Api, std::move(message), std::move(code)};
  e.status = http_status;
  e.errors = std::move(errors);
  return e;
}

Error Error::decode(std::string path, std::string what, std::string code) {
  Error e{ErrorKind::Decode, fmt::format("{}: {}", path.empty() ? "<root>" : path, what), code};
  e.errors.push_back(FieldError{std::move(path), std::move(code), std::move(what)});
  return e;
}

Error Error::invalid_argument(std::string field, std::string what, std::string code) {
  Error e{ErrorKind::InvalidArgument, fmt::format("{}: {}", field, what), code};
  e.errors.push_back(FieldError{std::move(field), std::move(code), std::move(what)});
  return e;
}

std::string Error::to_string() const {
  std::string out{fluxer::to_string(kind)};
  if (status != 0) fmt::format_to(std::back_inserter(out), " {}", status);
  if (!code.empty()) fmt::format_to(std::back_inserter(out), " {}", code);
  if (!message.empty()) fmt::format_to(std::back_inserter(out), ": {}", message);
  // Decode/InvalidArgument messages already name their single field.
  const bool fields_in_message =
      (kind == ErrorKind::Decode || kind == ErrorKind::InvalidArgument) && errors.size() == 1;
  if (!errors.empty() && !fields_in_message) {
    out += " [";
    for (std::size_t i = 0; i < errors.size(); ++i) {
      if (i) out += "; ";
      const auto& f = errors[i];
      fmt::format_to(std::back_inserter(out), "{}: {}", f.path.empty() ? "<root>" : f.path,
                     f.message.empty() ? f.code : f.message);
    }
    out += "]";
  }
  if (retry_after)
    fmt::format_to(std::back_inserter(out), " (retry after {} ms{})", retry_after->count(), global ? ", global" : "");
  return redact_credentials(out);
}

Exception::Exception(Error error) : std::runtime_error(error.to_string()), error_(std::move(error)) {}

}  // namespace fluxer
