// from_json<T> for every entity type, and the parsed-value entry points.

#include <new>
#include <vector>

#include <fluxer/model/codec.hpp>

#include "model/codec_internal.hpp"
#include "model/text_decode.hpp"

namespace fluxer::mjson {

namespace {

Error internal_error(const std::exception* ex) {
  if (dynamic_cast<const std::bad_alloc*>(ex) != nullptr)
    return Error{ErrorKind::Decode, "out of memory", "OUT_OF_MEMORY"};
  return Error{ErrorKind::Decode, "unexpected failure", "INTERNAL"};
}

template <class T>
Result<T> decode_json_text(std::string_view json, std::vector<FieldWarning>* warnings) noexcept {
  try {
    T out{};
    Decoder decoder(warnings);
    decoder.start(&read_root<T>, &out);
    PaddedBuffer buffer;
    if (auto r = decode_text(decoder, json, buffer); !r) return std::move(r).error();
    return out;
  } catch (const std::exception& ex) {
    return internal_error(&ex);
  } catch (...) {
    return internal_error(nullptr);
  }
}

}  // namespace

template <class T>
Result<T> from_value(const Value& v, std::vector<FieldWarning>* warnings) noexcept {
  try {
    T out{};
    Decoder decoder(warnings);
    decoder.start(&read_root<T>, &out);
    if (auto r = decode_value(decoder, v); !r) return std::move(r).error();
    return out;
  } catch (const std::exception& ex) {
    return internal_error(&ex);
  } catch (...) {
    return internal_error(nullptr);
  }
}

template <class T>
Result<T> from_value(const Value& v) noexcept {
  return from_value<T>(v, nullptr);
}

}  // namespace fluxer::mjson

namespace fluxer {

template <class T>
requires is_json_decodable_v<T> Result<T> from_json(std::string_view json) {
  return mjson::decode_json_text<T>(json, nullptr);
}

template <class T>
requires is_json_decodable_v<T> Result<T> from_json(std::string_view json, std::vector<FieldWarning>& warnings) {
  return mjson::decode_json_text<T>(json, &warnings);
}

#define FLUXER_INSTANTIATE(T)                                                                              \
  template Result<T> from_json<T>(std::string_view);                                                       \
  template Result<std::vector<T>> from_json<std::vector<T>>(std::string_view);                             \
  template Result<T> from_json<T>(std::string_view, std::vector<FieldWarning>&);                           \
  template Result<std::vector<T>> from_json<std::vector<T>>(std::string_view, std::vector<FieldWarning>&); \
  template Result<T> mjson::from_value<T>(const mjson::Value&) noexcept;                                   \
  template Result<std::vector<T>> mjson::from_value<std::vector<T>>(const mjson::Value&) noexcept;         \
  template Result<T> mjson::from_value<T>(const mjson::Value&, std::vector<FieldWarning>*) noexcept;       \
  template Result<std::vector<T>> mjson::from_value<std::vector<T>>(const mjson::Value&,                   \
                                                                    std::vector<FieldWarning>*) noexcept;

FLUXER_INSTANTIATE(User)
FLUXER_INSTANTIATE(CurrentUser)
FLUXER_INSTANTIATE(Guild)
FLUXER_INSTANTIATE(GuildSnapshot)
FLUXER_INSTANTIATE(Channel)
FLUXER_INSTANTIATE(PermissionOverwrite)
FLUXER_INSTANTIATE(GuildMember)
FLUXER_INSTANTIATE(Role)
FLUXER_INSTANTIATE(Message)
FLUXER_INSTANTIATE(Attachment)
FLUXER_INSTANTIATE(Embed)
FLUXER_INSTANTIATE(Emoji)
FLUXER_INSTANTIATE(Sticker)
FLUXER_INSTANTIATE(Reaction)
FLUXER_INSTANTIATE(Invite)
FLUXER_INSTANTIATE(Webhook)
FLUXER_INSTANTIATE(VoiceState)
FLUXER_INSTANTIATE(Presence)
FLUXER_INSTANTIATE(Ban)
FLUXER_INSTANTIATE(Application)
FLUXER_INSTANTIATE(AuditLogEntry)
FLUXER_INSTANTIATE(InstanceInfo)
FLUXER_INSTANTIATE(GatewayBotInfo)

#undef FLUXER_INSTANTIATE

}  // namespace fluxer
