// from_json<T> for every entity type, and the parsed-value entry points.

#include <new>
#include <vector>

#include <fluxer/model/codec.hpp>

#include "model/codec_internal.hpp"
#include "model/decoders.hpp"

namespace fluxer::mjson {

template <class T>
Result<T> from_value(const Value& v) noexcept {
  try {
    T out{};
    Ctx c;
    if (!read_value(c, v, out)) return c.error();
    return out;
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, "out of memory", "OUT_OF_MEMORY"};
  } catch (...) {
    return Error{ErrorKind::Decode, "unexpected failure", "INTERNAL"};
  }
}

}  // namespace fluxer::mjson

namespace fluxer {

template <class T>
  requires is_json_decodable_v<T>
Result<T> from_json(std::string_view json) {
  try {
    mjson::StackDocument doc;
    if (auto r = doc.parse(json); !r) return std::move(r).error();
    return mjson::from_value<T>(doc.root());
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::Decode, "out of memory", "OUT_OF_MEMORY"};
  } catch (...) {
    return Error{ErrorKind::Decode, "unexpected failure", "INTERNAL"};
  }
}

#define FLUXER_INSTANTIATE(T)                                                          \
  template Result<T> from_json<T>(std::string_view);                                   \
  template Result<std::vector<T>> from_json<std::vector<T>>(std::string_view);         \
  template Result<T> mjson::from_value<T>(const mjson::Value&) noexcept;               \
  template Result<std::vector<T>> mjson::from_value<std::vector<T>>(const mjson::Value&) noexcept;

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
