// The event-name → reader index, and the decode_dispatch entry points.

#include "model/dispatch.hpp"

#include <array>
#include <new>
#include <string>
#include <vector>

#include <fluxer/model/codec.hpp>

#include "model/codec_internal.hpp"
#include "model/text_decode.hpp"

namespace fluxer::mjson {

namespace {

/// Events with a table of their own (or a base struct that has one: GuildCreate is a
/// GuildSnapshot, MessageReactionAdd a MessageReactionData, CallCreate a CallData).
template <class E, class Root = E>
void begin_event(Decoder& d, DispatchEvent& ev, std::uint32_t base_depth) {
  Root& root = ev.emplace<E>();
  d.start(&read_root<Root>, &root, base_depth);
}

/// Events that are one entity: the payload is read straight into member M.
template <class E, auto M>
void begin_entity_event(Decoder& d, DispatchEvent& ev, std::uint32_t base_depth) {
  E& e = ev.emplace<E>();
  d.start(&read_root<ValueOf<M>>, &(e.*M), base_depth);
}

struct EventEntry {
  std::string_view name;
  EventBegin begin;
};

constexpr EventEntry kEvents[] = {
    {Ready::kName, &begin_event<Ready>},
    {Resumed::kName, &begin_event<Resumed>},
    {UserUpdate::kName, &begin_entity_event<UserUpdate, &UserUpdate::user>},
    {RateLimited::kName, &begin_event<RateLimited>},
    {GuildCreate::kName, &begin_event<GuildCreate, GuildSnapshot>},
    {GuildSync::kName, &begin_event<GuildSync, GuildSnapshot>},
    {GuildUpdate::kName, &begin_entity_event<GuildUpdate, &GuildUpdate::guild>},
    {GuildDelete::kName, &begin_event<GuildDelete>},
    {GuildRoleCreate::kName, &begin_event<GuildRoleCreate>},
    {GuildRoleUpdate::kName, &begin_event<GuildRoleUpdate>},
    {GuildRoleUpdateBulk::kName, &begin_event<GuildRoleUpdateBulk>},
    {GuildRoleDelete::kName, &begin_event<GuildRoleDelete>},
    {GuildEmojisUpdate::kName, &begin_event<GuildEmojisUpdate>},
    {GuildStickersUpdate::kName, &begin_event<GuildStickersUpdate>},
    {GuildMemberAdd::kName, &begin_event<GuildMemberAdd>},
    {GuildMemberUpdate::kName, &begin_event<GuildMemberUpdate>},
    {GuildMemberRemove::kName, &begin_event<GuildMemberRemove>},
    {GuildMembersChunk::kName, &begin_event<GuildMembersChunk>},
    {GuildMemberListUpdate::kName, &begin_event<GuildMemberListUpdate>},
    {GuildBanAdd::kName, &begin_event<GuildBanAdd>},
    {GuildBanRemove::kName, &begin_event<GuildBanRemove>},
    {GuildAuditLogEntryCreate::kName, &begin_event<GuildAuditLogEntryCreate>},
    {GuildCountsUpdate::kName, &begin_event<GuildCountsUpdate>},
    {ChannelCreate::kName, &begin_entity_event<ChannelCreate, &ChannelCreate::channel>},
    {ChannelUpdate::kName, &begin_entity_event<ChannelUpdate, &ChannelUpdate::channel>},
    {ChannelDelete::kName, &begin_entity_event<ChannelDelete, &ChannelDelete::channel>},
    {ChannelUpdateBulk::kName, &begin_event<ChannelUpdateBulk>},
    {ChannelPinsUpdate::kName, &begin_event<ChannelPinsUpdate>},
    {ChannelRecipientAdd::kName, &begin_event<ChannelRecipientAdd>},
    {ChannelRecipientRemove::kName, &begin_event<ChannelRecipientRemove>},
    {WebhooksUpdate::kName, &begin_event<WebhooksUpdate>},
    {InviteCreate::kName, &begin_event<InviteCreate>},
    {InviteDelete::kName, &begin_event<InviteDelete>},
    {TypingStart::kName, &begin_event<TypingStart>},
    {MessageCreate::kName, &begin_event<MessageCreate>},
    {MessageUpdate::kName, &begin_entity_event<MessageUpdate, &MessageUpdate::message>},
    {MessageDelete::kName, &begin_event<MessageDelete>},
    {MessageDeleteBulk::kName, &begin_event<MessageDeleteBulk>},
    {MessageReactionAdd::kName, &begin_event<MessageReactionAdd, MessageReactionData>},
    {MessageReactionAddMany::kName, &begin_event<MessageReactionAddMany>},
    {MessageReactionRemove::kName, &begin_event<MessageReactionRemove, MessageReactionData>},
    {MessageReactionRemoveAll::kName, &begin_event<MessageReactionRemoveAll>},
    {MessageReactionRemoveEmoji::kName, &begin_event<MessageReactionRemoveEmoji>},
    {PresenceUpdate::kName, &begin_event<PresenceUpdate>},
    {PresenceUpdateBulk::kName, &begin_event<PresenceUpdateBulk>},
    {VoiceStateUpdate::kName, &begin_entity_event<VoiceStateUpdate, &VoiceStateUpdate::state>},
    {VoiceServerUpdate::kName, &begin_event<VoiceServerUpdate>},
    {EntranceSoundPlay::kName, &begin_event<EntranceSoundPlay>},
    {CallCreate::kName, &begin_event<CallCreate, CallData>},
    {CallUpdate::kName, &begin_event<CallUpdate, CallData>},
    {CallDelete::kName, &begin_event<CallDelete>},
};
static_assert(std::size(kEvents) + 1 == std::variant_size_v<DispatchEvent>, "every typed event has a reader");

/// Open addressing over kEvents, keyed like the field tables.
class EventIndex {
 public:
  EventIndex() {
    for (std::size_t i = 0; i < std::size(kEvents); ++i) {
      const auto& name = kEvents[i].name;
      std::size_t slot = key_slot(key_words(name.data(), name.size()), name.size()) & kMask;
      while (slots_[slot] != 0) slot = (slot + 1) & kMask;
      slots_[slot] = static_cast<std::uint8_t>(i + 1);
    }
  }
  [[nodiscard]] EventBegin find(std::string_view name) const noexcept {
    std::size_t slot = key_slot(key_words(name.data(), name.size()), name.size()) & kMask;
    for (;;) {
      const std::uint8_t i = slots_[slot];
      if (i == 0) return nullptr;
      if (kEvents[i - 1].name == name) return kEvents[i - 1].begin;
      slot = (slot + 1) & kMask;
    }
  }

 private:
  static constexpr std::size_t kMask = 255;
  std::array<std::uint8_t, kMask + 1> slots_{};
};

UnknownEvent& unknown_event(DispatchEvent& out, std::string_view name) {
  auto& u = out.emplace<UnknownEvent>();
  u.name.assign(name);
  return u;
}

Error with_context(Error e, std::string_view event_name) {
  e.message = std::string(event_name) + ": " + e.message;
  return e;
}

Error internal_error(std::string_view event_name, const std::exception* ex) {
  const bool oom = dynamic_cast<const std::bad_alloc*>(ex) != nullptr;
  return Error{ErrorKind::Decode, std::string(event_name) + (oom ? ": out of memory" : ": unexpected failure"),
               oom ? "OUT_OF_MEMORY" : "INTERNAL"};
}

Result<void> decode_value_into(std::string_view event_name, const Value& d, DispatchEvent& out,
                               std::vector<FieldWarning>* warnings) {
  const EventBegin begin = find_event(event_name);
  if (begin == nullptr) {
    unknown_event(out, event_name).json = to_text(d);
    return {};
  }
  Decoder decoder(warnings);
  begin(decoder, out, 0);
  if (auto r = decode_value(decoder, d); !r) {
    Error e = with_context(std::move(r).error(), event_name);
    auto& u = unknown_event(out, event_name);  // never a half-decoded event
    u.json = to_text(d);
    u.error = e;
    return e;
  }
  return {};
}

}  // namespace

EventBegin find_event(std::string_view name) noexcept {
  static const EventIndex index;
  return index.find(name);
}

Result<void> decode_dispatch_into(std::string_view event_name, const Value& d, DispatchEvent& out) noexcept {
  return decode_dispatch_into(event_name, d, out, nullptr);
}

Result<void> decode_dispatch_into(std::string_view event_name, const Value& d, DispatchEvent& out,
                                  std::vector<FieldWarning>* warnings) noexcept {
  try {
    return decode_value_into(event_name, d, out, warnings);
  } catch (const std::exception& ex) {
    return internal_error(event_name, &ex);
  } catch (...) {
    return internal_error(event_name, nullptr);
  }
}

Result<DispatchEvent> decode_dispatch(std::string_view event_name, const Value& d) noexcept {
  return decode_dispatch(event_name, d, nullptr);
}

Result<DispatchEvent> decode_dispatch(std::string_view event_name, const Value& d,
                                      std::vector<FieldWarning>* warnings) noexcept {
  try {
    DispatchEvent ev{std::in_place_type<UnknownEvent>};
    if (auto r = decode_value_into(event_name, d, ev, warnings); !r) return std::move(r).error();
    return ev;
  } catch (const std::exception& ex) {
    return internal_error(event_name, &ex);
  } catch (...) {
    return internal_error(event_name, nullptr);
  }
}

Result<DispatchEvent> decode_dispatch_text(std::string_view event_name, std::string_view d_json,
                                           std::vector<FieldWarning>* warnings) noexcept {
  try {
    DispatchEvent ev{std::in_place_type<UnknownEvent>};  // cheaper to replace than the default (Ready)
    const EventBegin begin = find_event(event_name);
    if (begin == nullptr) {
      // Unknown events are never an error and are not parsed at all.
      unknown_event(ev, event_name).json.assign(d_json);
      return ev;
    }
    Decoder decoder(warnings);
    begin(decoder, ev, 0);
    PaddedBuffer buffer;
    if (auto r = decode_text(decoder, d_json, buffer); !r) return with_context(std::move(r).error(), event_name);
    return ev;
  } catch (const std::exception& ex) {
    return internal_error(event_name, &ex);
  } catch (...) {
    return internal_error(event_name, nullptr);
  }
}

}  // namespace fluxer::mjson

namespace fluxer {

Result<DispatchEvent> decode_dispatch(std::string_view event_name, std::string_view d_json) {
  return mjson::decode_dispatch_text(event_name, d_json, nullptr);
}

Result<DispatchEvent> decode_dispatch(std::string_view event_name, std::string_view d_json,
                                      std::vector<FieldWarning>& warnings) {
  return mjson::decode_dispatch_text(event_name, d_json, &warnings);
}

}  // namespace fluxer
