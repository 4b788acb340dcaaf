// Permissions: names, decimal form, and the permission calculator.

#include <algorithm>
#include <charconv>

#include <fluxer/model/permission_calculator.hpp>
#include <fluxer/model/permissions.hpp>

namespace fluxer {

std::string_view permission_name(Permission p) noexcept {
  switch (p) {
    case Permission::CREATE_INSTANT_INVITE: return "CREATE_INSTANT_INVITE";
    case Permission::KICK_MEMBERS: return "KICK_MEMBERS";
    case Permission::BAN_MEMBERS: return "BAN_MEMBERS";
    case Permission::ADMINISTRATOR: return "ADMINISTRATOR";
    case Permission::MANAGE_CHANNELS: return "MANAGE_CHANNELS";
    case Permission::MANAGE_GUILD: return "MANAGE_GUILD";
    case Permission::ADD_REACTIONS: return "ADD_REACTIONS";
    case Permission::VIEW_AUDIT_LOG: return "VIEW_AUDIT_LOG";
    case Permission::PRIORITY_SPEAKER: return "PRIORITY_SPEAKER";
    case Permission::STREAM: return "STREAM";
    case Permission::VIEW_CHANNEL: return "VIEW_CHANNEL";
    case Permission::SEND_MESSAGES: return "SEND_MESSAGES";
    case Permission::SEND_TTS_MESSAGES: return "SEND_TTS_MESSAGES";
    case Permission::MANAGE_MESSAGES: return "MANAGE_MESSAGES";
    case Permission::EMBED_LINKS: return "EMBED_LINKS";
    case Permission::ATTACH_FILES: return "ATTACH_FILES";
    case Permission::READ_MESSAGE_HISTORY: return "READ_MESSAGE_HISTORY";
    case Permission::MENTION_EVERYONE: return "MENTION_EVERYONE";
    case Permission::USE_EXTERNAL_EMOJIS: return "USE_EXTERNAL_EMOJIS";
    case Permission::CONNECT: return "CONNECT";
    case Permission::SPEAK: return "SPEAK";
    case Permission::MUTE_MEMBERS: return "MUTE_MEMBERS";
    case Permission::DEAFEN_MEMBERS: return "DEAFEN_MEMBERS";
    case Permission::MOVE_MEMBERS: return "MOVE_MEMBERS";
    case Permission::USE_VAD: return "USE_VAD";
    case Permission::CHANGE_NICKNAME: return "CHANGE_NICKNAME";
    case Permission::MANAGE_NICKNAMES: return "MANAGE_NICKNAMES";
    case Permission::MANAGE_ROLES: return "MANAGE_ROLES";
    case Permission::MANAGE_WEBHOOKS: return "MANAGE_WEBHOOKS";
    case Permission::MANAGE_EXPRESSIONS: return "MANAGE_EXPRESSIONS";
    case Permission::USE_EXTERNAL_STICKERS: return "USE_EXTERNAL_STICKERS";
    case Permission::MODERATE_MEMBERS: return "MODERATE_MEMBERS";
    case Permission::CREATE_EXPRESSIONS: return "CREATE_EXPRESSIONS";
    case Permission::PIN_MESSAGES: return "PIN_MESSAGES";
    case Permission::BYPASS_SLOWMODE: return "BYPASS_SLOWMODE";
    case Permission::UPDATE_RTC_REGION: return "UPDATE_RTC_REGION";
    case Permission::VIEW_CHANNEL_MEMBERS: return "VIEW_CHANNEL_MEMBERS";
  }
  return {};
}

std::optional<Permissions> Permissions::parse(std::string_view text) noexcept {
  if (text.empty() || text.size() > 20) return std::nullopt;
  for (char ch : text)
    if (ch < '0' || ch > '9') return std::nullopt;
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return Permissions{v};
}

std::string Permissions::str() const {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, bits_);
  (void)ec;
  return std::string(buf, ptr);
}

std::vector<std::string> Permissions::names() const {
  std::vector<std::string> out;
  for (int bit = 0; bit < 64; ++bit) {
    const std::uint64_t mask = 1ull << bit;
    if ((bits_ & mask) == 0) continue;
    auto name = permission_name(static_cast<Permission>(mask));
    if (!name.empty())
      out.emplace_back(name);
    else
      out.push_back("BIT_" + std::to_string(bit));
  }
  return out;
}

std::string Permissions::to_string() const {
  if (bits_ == 0) return "NONE";
  std::string out;
  for (const auto& n : names()) {
    if (!out.empty()) out += " | ";
    out += n;
  }
  return out;
}

// ------------------------------------------------------------------ calculator

namespace {
bool contains(std::span<const Snowflake> ids, Snowflake id) noexcept {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}
void apply(Permissions& p, Permissions deny, Permissions allow) noexcept {
  p &= ~deny;
  p |= allow;
}
}  // namespace

Permissions base_permissions(Snowflake guild_id, Snowflake owner_id, std::span<const Role> roles, Snowflake user_id,
                             std::span<const Snowflake> member_role_ids) noexcept {
  if (owner_id && user_id == owner_id) return Permissions::all();
  Permissions p;
  for (const Role& r : roles) {
    if (r.id == guild_id || contains(member_role_ids, r.id)) p |= r.permissions;
  }
  if (p.has(Permission::ADMINISTRATOR)) return Permissions::all();
  return p;
}

Permissions channel_permissions(Permissions base, Snowflake guild_id, Snowflake user_id,
                                std::span<const Snowflake> member_role_ids,
                                std::span<const PermissionOverwrite> overwrites) noexcept {
  if (base.has(Permission::ADMINISTRATOR)) return Permissions::all();
  Permissions p = base;
  // 1. @everyone
  for (const auto& ow : overwrites)
    if (ow.type == OverwriteType::Role && ow.id == guild_id) apply(p, ow.deny, ow.allow);
  // 2. the member's roles, combined
  Permissions allow, deny;
  for (const auto& ow : overwrites) {
    if (ow.type == OverwriteType::Role && ow.id != guild_id && contains(member_role_ids, ow.id)) {
      allow |= ow.allow;
      deny |= ow.deny;
    }
  }
  apply(p, deny, allow);
  // 3. the member
  for (const auto& ow : overwrites)
    if (ow.type == OverwriteType::Member && ow.id == user_id) apply(p, ow.deny, ow.allow);
  return p;
}

Permissions base_permissions(const Guild& guild, Snowflake user_id,
                             std::span<const Snowflake> member_role_ids) noexcept {
  return base_permissions(guild.id, guild.owner_id, guild.roles, user_id, member_role_ids);
}

Permissions channel_permissions(const Guild& guild, const Channel& channel, Snowflake user_id,
                                std::span<const Snowflake> member_role_ids) noexcept {
  return channel_permissions(base_permissions(guild, user_id, member_role_ids), guild.id, user_id, member_role_ids,
                             channel.permission_overwrites);
}

}  // namespace fluxer
