// Errors from non-2xx responses: Fluxer's `{code, message, errors[]}` bodies, or a typed
// Http error for anything else (an HTML 502 from a proxy, an empty 500).

#include <cmath>

#include <fmt/format.h>

#include "model/json.hpp"
#include "rest/rate_limiter.hpp"
#include "rest/transport.hpp"

namespace fluxer::rest {
namespace {

std::string_view string_member(const mjson::Value& object, const char* name) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

std::optional<std::chrono::milliseconds> to_millis(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds) || *seconds < 0) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(std::min(*seconds, 86'400.0) * 1000.0)));
}

}  // namespace

Error error_from_response(int status, std::string_view body, const HeaderList& headers) {
  RateLimitInfo info;
  info.status = status;
  info.read_headers(headers);

  mjson::StackDocument doc;
  const bool parsed = !body.empty() && doc.parse(body).ok() && doc.root().IsObject();
  const std::string_view code = parsed ? string_member(doc.root(), "code") : std::string_view{};
  if (code.empty()) {
    const std::string_view type = find_header(headers, "Content-Type").value_or("");
    Error e(ErrorKind::Http, body.empty() ? fmt::format("HTTP {} with an empty body", status)
                                          : fmt::format("HTTP {} with a body that is not a Fluxer error ({} bytes{}{})",
                                                        status, body.size(), type.empty() ? "" : ", ", type));
    e.status = status;
    e.code = fmt::format("HTTP_{}", status);
    e.retry_after = to_millis(info.retry_after_header);
    return e;
  }

  const auto& root = doc.root();
  std::vector<FieldError> errors;
  if (const auto it = root.FindMember("errors"); it != root.MemberEnd() && it->value.IsArray()) {
    for (const auto& item : it->value.GetArray()) {
      if (!item.IsObject()) continue;
      errors.push_back({std::string(string_member(item, "path")), std::string(string_member(item, "code")),
                        std::string(string_member(item, "message"))});
    }
  }
  Error e = Error::api(status, std::string(code), std::string(string_member(root, "message")), std::move(errors));
  if (status == 401) e.kind = ErrorKind::InvalidToken;
  std::optional<double> retry_after = info.retry_after_header;
  if (const auto it = root.FindMember("retry_after"); it != root.MemberEnd() && it->value.IsNumber()) {
    retry_after = it->value.GetDouble();
  }
  e.retry_after = to_millis(retry_after);
  if (status == 429) {
    e.kind = ErrorKind::RateLimit;
    const auto g = root.FindMember("global");
    e.global = info.global || (g != root.MemberEnd() && g->value.IsBool() && g->value.GetBool());
  }
  return e;
}

}  // namespace fluxer::rest
