// Small helpers of the entity types (mentions, names, enum strings) and of DispatchEvent.

#include <fmt/format.h>

#include <fluxer/model/channel.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/field_warning.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/presence.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

std::string FieldWarning::to_string() const {
  if (count > 1) return fmt::format("{}: {} ({}) x{}", path, message, code, count);
  return fmt::format("{}: {} ({})", path, message, code);
}

std::string User::mention() const {
  return fmt::format("<@{}>", id);
}
std::string User::tag() const {
  return fmt::format("{}#{}", username, discriminator);
}
const std::string& User::display_name() const noexcept {
  return global_name && !global_name->empty() ? *global_name : username;
}

std::string Role::mention() const {
  return fmt::format("<@&{}>", id);
}

std::string Emoji::reaction_key() const {
  return id ? fmt::format("{}:{}", name, *id) : name;
}
std::string Emoji::mention() const {
  if (!id) return name;
  return fmt::format("<{}:{}:{}>", animated.value_or(false) ? "a" : "", name, *id);
}

std::string Channel::mention() const {
  return fmt::format("<#{}>", id);
}
bool Channel::is_text_based() const noexcept {
  switch (type) {
    case ChannelType::GuildText:
    case ChannelType::Dm:
    case ChannelType::GuildVoice:
    case ChannelType::GroupDm:
    case ChannelType::DmPersonalNotes:
    case ChannelType::AnnouncementThread:
    case ChannelType::PublicThread:
    case ChannelType::PrivateThread: return true;
    default: return false;
  }
}

std::string_view to_string(ChannelType type) noexcept {
  switch (type) {
    case ChannelType::GuildText: return "GUILD_TEXT";
    case ChannelType::Dm: return "DM";
    case ChannelType::GuildVoice: return "GUILD_VOICE";
    case ChannelType::GroupDm: return "GROUP_DM";
    case ChannelType::GuildCategory: return "GUILD_CATEGORY";
    case ChannelType::AnnouncementThread: return "ANNOUNCEMENT_THREAD";
    case ChannelType::PublicThread: return "PUBLIC_THREAD";
    case ChannelType::PrivateThread: return "PRIVATE_THREAD";
    case ChannelType::GuildLink: return "GUILD_LINK";
    case ChannelType::DmPersonalNotes: return "DM_PERSONAL_NOTES";
  }
  return "UNKNOWN";
}

std::string GuildMember::display_name() const {
  if (nick && !nick->empty()) return *nick;
  if (user) return user->display_name();
  return {};
}

bool Guild::has_feature(std::string_view feature) const noexcept {
  for (const auto& f : features)
    if (f == feature) return true;
  return false;
}

const Role* Guild::find_role(Snowflake role_id) const noexcept {
  for (const auto& r : roles)
    if (r.id == role_id) return &r;
  return nullptr;
}

const Channel* Guild::find_channel(Snowflake channel_id) const noexcept {
  for (const auto& c : channels)
    if (c.id == channel_id) return &c;
  return nullptr;
}

std::string_view to_string(PresenceStatus status) noexcept {
  switch (status) {
    case PresenceStatus::Online: return "online";
    case PresenceStatus::Idle: return "idle";
    case PresenceStatus::Dnd: return "dnd";
    case PresenceStatus::Invisible: return "invisible";
    case PresenceStatus::Offline: return "offline";
    case PresenceStatus::Unknown: return "unknown";
  }
  return "unknown";
}

PresenceStatus parse_presence_status(std::string_view text) noexcept {
  if (text == "online") return PresenceStatus::Online;
  if (text == "idle") return PresenceStatus::Idle;
  if (text == "dnd") return PresenceStatus::Dnd;
  if (text == "invisible") return PresenceStatus::Invisible;
  if (text == "offline") return PresenceStatus::Offline;
  return PresenceStatus::Unknown;
}

std::string_view event_name(const DispatchEvent& event) noexcept {
  return std::visit(
      [](const auto& e) -> std::string_view {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, UnknownEvent>)
          return e.name;
        else
          return E::kName;
      },
      event);
}

Snowflake event_guild_id(const DispatchEvent& event) noexcept {
  return std::visit(
      [](const auto& e) -> Snowflake {
        using E = std::decay_t<decltype(e)>;
        auto opt = [](const std::optional<Snowflake>& id) { return id.value_or(Snowflake{}); };
        if constexpr (std::is_base_of_v<GuildSnapshot, E>) {
          return e.guild.id;
        } else if constexpr (std::is_same_v<E, GuildUpdate>) {
          return e.guild.id;
        } else if constexpr (std::is_same_v<E, GuildDelete>) {
          return e.id;
        } else if constexpr (std::is_same_v<E, ChannelCreate> || std::is_same_v<E, ChannelUpdate> ||
                             std::is_same_v<E, ChannelDelete>) {
          return opt(e.channel.guild_id);
        } else if constexpr (std::is_same_v<E, MessageCreate> || std::is_same_v<E, MessageUpdate>) {
          return opt(e.message.guild_id);
        } else if constexpr (std::is_same_v<E, PresenceUpdate>) {
          return opt(e.presence.guild_id);
        } else if constexpr (std::is_same_v<E, VoiceStateUpdate>) {
          return opt(e.state.guild_id);
        } else if constexpr (requires { e.guild_id; }) {
          if constexpr (std::is_same_v<std::decay_t<decltype(e.guild_id)>, Snowflake>)
            return e.guild_id;
          else
            return opt(e.guild_id);
        } else {
          return Snowflake{};
        }
      },
      event);
}

}  // namespace fluxer
