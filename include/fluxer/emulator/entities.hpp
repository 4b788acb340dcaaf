#pragma once
/// @file
/// The emulator's world entities: plain data, independent of the SDK's model layer (so a
/// bug in the client's codec can never agree with itself through the emulator).
///
/// Optional fields use std::optional where Fluxer distinguishes "absent/null" from a value.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>

namespace fluxer::emulator {

/// Permission bits (fluxer-protocol.md §6.13). Values, never `2 << n`.
namespace permission {
inline constexpr std::uint64_t kCreateInstantInvite = 1ULL << 0;
inline constexpr std::uint64_t kKickMembers = 1ULL << 1;
inline constexpr std::uint64_t kBanMembers = 1ULL << 2;
inline constexpr std::uint64_t kAdministrator = 1ULL << 3;
inline constexpr std::uint64_t kManageChannels = 1ULL << 4;
inline constexpr std::uint64_t kManageGuild = 1ULL << 5;
inline constexpr std::uint64_t kAddReactions = 1ULL << 6;
inline constexpr std::uint64_t kViewAuditLog = 1ULL << 7;
inline constexpr std::uint64_t kPrioritySpeaker = 1ULL << 8;
inline constexpr std::uint64_t kStream = 1ULL << 9;
inline constexpr std::uint64_t kViewChannel = 1ULL << 10;
inline constexpr std::uint64_t kSendMessages = 1ULL << 11;
inline constexpr std::uint64_t kSendTtsMessages = 1ULL << 12;
inline constexpr std::uint64_t kManageMessages = 1ULL << 13;
inline constexpr std::uint64_t kEmbedLinks = 1ULL << 14;
inline constexpr std::uint64_t kAttachFiles = 1ULL << 15;
inline constexpr std::uint64_t kReadMessageHistory = 1ULL << 16;
inline constexpr std::uint64_t kMentionEveryone = 1ULL << 17;
inline constexpr std::uint64_t kUseExternalEmojis = 1ULL << 18;
inline constexpr std::uint64_t kConnect = 1ULL << 20;
inline constexpr std::uint64_t kSpeak = 1ULL << 21;
inline constexpr std::uint64_t kMuteMembers = 1ULL << 22;
inline constexpr std::uint64_t kDeafenMembers = 1ULL << 23;
inline constexpr std::uint64_t kMoveMembers = 1ULL << 24;
inline constexpr std::uint64_t kUseVad = 1ULL << 25;
inline constexpr std::uint64_t kChangeNickname = 1ULL << 26;
inline constexpr std::uint64_t kManageNicknames = 1ULL << 27;
inline constexpr std::uint64_t kManageRoles = 1ULL << 28;
inline constexpr std::uint64_t kManageWebhooks = 1ULL << 29;
inline constexpr std::uint64_t kManageExpressions = 1ULL << 30;
inline constexpr std::uint64_t kUseExternalStickers = 1ULL << 37;
inline constexpr std::uint64_t kModerateMembers = 1ULL << 40;
inline constexpr std::uint64_t kCreateExpressions = 1ULL << 43;
inline constexpr std::uint64_t kPinMessages = 1ULL << 51;
inline constexpr std::uint64_t kBypassSlowmode = 1ULL << 52;
inline constexpr std::uint64_t kUpdateRtcRegion = 1ULL << 53;
inline constexpr std::uint64_t kViewChannelMembers = 1ULL << 54;
/// Every bit defined above.
inline constexpr std::uint64_t kAll =
    kCreateInstantInvite | kKickMembers | kBanMembers | kAdministrator | kManageChannels | kManageGuild |
    kAddReactions | kViewAuditLog | kPrioritySpeaker | kStream | kViewChannel | kSendMessages | kSendTtsMessages |
    kManageMessages | kEmbedLinks | kAttachFiles | kReadMessageHistory | kMentionEveryone | kUseExternalEmojis |
    kConnect | kSpeak | kMuteMembers | kDeafenMembers | kMoveMembers | kUseVad | kChangeNickname | kManageNicknames |
    kManageRoles | kManageWebhooks | kManageExpressions | kUseExternalStickers | kModerateMembers | kCreateExpressions |
    kPinMessages | kBypassSlowmode | kUpdateRtcRegion | kViewChannelMembers;
/// Fluxer's DEFAULT_PERMISSIONS, given to a new guild's @everyone role.
inline constexpr std::uint64_t kDefaultEveryone = kCreateInstantInvite | kAddReactions | kStream | kViewChannel |
                                                  kSendMessages | kEmbedLinks | kAttachFiles | kReadMessageHistory |
                                                  kUseExternalEmojis | kConnect | kSpeak | kUseVad | kChangeNickname |
                                                  kUseExternalStickers | kCreateExpressions;
}  // namespace permission

/// Channel types (§6.4).
enum class ChannelType : int {
  GuildText = 0,
  Dm = 1,
  GuildVoice = 2,
  GroupDm = 3,
  GuildCategory = 4,
  GuildLink = 998,
  DmPersonalNotes = 999,
};

/// True for the channel types that hold messages (text, voice text chat, DMs, group DMs,
/// personal notes); categories and links do not.
[[nodiscard]] constexpr bool has_messages(ChannelType t) noexcept {
  return t == ChannelType::GuildText || t == ChannelType::GuildVoice || t == ChannelType::Dm ||
         t == ChannelType::GroupDm || t == ChannelType::DmPersonalNotes;
}

/// A user account (human or bot).
struct User {
  Snowflake id;
  std::string username;
  std::string discriminator = "0000";
  std::optional<std::string> global_name;
  std::optional<std::string> avatar;
  std::optional<int> avatar_color;
  bool bot = false;
  bool system = false;
  std::uint64_t flags = 0;
  std::optional<std::string> bio;
  std::optional<std::string> pronouns;
};

/// A bot application. Its token is `<id>.<secret>`.
struct Application {
  Snowflake id;
  std::string name;
  std::optional<std::string> description;
  bool bot_public = true;
  Snowflake bot_user_id;
  Snowflake owner_id;
  std::string secret;  ///< 43 characters of base64url.

  /// The bot token, `<application id>.<secret>`.
  [[nodiscard]] std::string token() const { return id.str() + "." + secret; }
};

/// A guild (§6.3). Roles, channels and members are stored separately in the World.
struct Guild {
  Snowflake id;
  std::string name;
  std::optional<std::string> icon;
  std::optional<std::string> banner;
  std::optional<std::string> splash;
  std::optional<std::string> vanity_url_code;
  Snowflake owner_id;
  std::optional<Snowflake> system_channel_id;
  int system_channel_flags = 0;
  std::optional<Snowflake> rules_channel_id;
  std::optional<Snowflake> afk_channel_id;
  int afk_timeout = 300;
  std::vector<std::string> features;
  int verification_level = 0;
  int mfa_level = 0;
  int nsfw_level = 0;
  int explicit_content_filter = 0;
  int default_message_notifications = 0;
  int disabled_operations = 0;
  /// An outage: the guild is announced as `{id, unavailable:true}`.
  bool unavailable = false;
};

/// A role (§6.6). The @everyone role has the guild's id and position 0.
struct Role {
  Snowflake id;
  Snowflake guild_id;
  std::string name;
  int color = 0;
  int position = 0;
  std::optional<int> hoist_position;
  std::uint64_t permissions = 0;
  bool hoist = false;
  bool mentionable = false;
};

/// A channel permission overwrite.
struct PermissionOverwrite {
  enum class Type : int { Role = 0, Member = 1 };
  Snowflake id;
  Type type = Type::Role;
  std::uint64_t allow = 0;
  std::uint64_t deny = 0;
};

/// A channel (§6.4); which fields are written depends on `type`.
struct Channel {
  Snowflake id;
  ChannelType type = ChannelType::GuildText;
  std::optional<Snowflake> guild_id;
  std::optional<std::string> name;
  std::optional<std::string> topic;
  std::optional<std::string> url;     ///< GUILD_LINK only
  std::optional<std::string> icon;    ///< group DMs
  std::optional<Snowflake> owner_id;  ///< group DMs
  int position = 0;
  std::optional<Snowflake> parent_id;
  int bitrate = 64000;
  int user_limit = 0;
  std::optional<std::string> rtc_region;
  std::optional<Snowflake> last_message_id;
  std::optional<Timestamp> last_pin_timestamp;
  std::vector<PermissionOverwrite> permission_overwrites;
  std::vector<Snowflake> recipients;  ///< DM and group DM participants (all of them)
  bool nsfw = false;
  int rate_limit_per_user = 0;
};

/// A guild member (§6.5).
struct Member {
  Snowflake guild_id;
  Snowflake user_id;
  std::optional<std::string> nick;
  std::optional<std::string> avatar;
  std::optional<std::string> banner;
  std::optional<int> accent_color;
  std::vector<Snowflake> roles;  ///< never contains @everyone
  Timestamp joined_at{};
  bool mute = false;
  bool deaf = false;
  std::optional<Timestamp> communication_disabled_until;
};

/// An emoji as used in a reaction: a Unicode emoji (`id` empty) or a custom one.
struct ReactionEmoji {
  std::optional<Snowflake> id;
  std::string name;
  bool animated = false;

  friend bool operator==(const ReactionEmoji&, const ReactionEmoji&) = default;
};

/// One emoji's reactions on a message, with who reacted (in order).
struct Reaction {
  ReactionEmoji emoji;
  std::vector<Snowflake> user_ids;
};

/// A message attachment (§6.7). `data` keeps uploaded bytes for tests to inspect.
struct Attachment {
  Snowflake id;
  std::string filename;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::string content_type = "application/octet-stream";
  std::uint64_t size = 0;
  std::optional<std::string> url;
  std::optional<std::string> proxy_url;
  std::optional<int> width;
  std::optional<int> height;
  int flags = 0;
  std::string data;
};

/// `message_reference` of a reply or forward.
struct MessageReference {
  std::optional<Snowflake> message_id;
  std::optional<Snowflake> channel_id;
  std::optional<Snowflake> guild_id;
  int type = 0;  ///< 0 reply, 1 forward
};

/// A message (§6.7).
struct Message {
  Snowflake id;
  Snowflake channel_id;
  Snowflake author_id;  ///< the user, or the webhook id for webhook messages
  std::optional<Snowflake> webhook_id;
  std::optional<std::string> webhook_username;  ///< author name for webhook messages
  std::optional<std::string> webhook_avatar;
  int type = 0;
  int flags = 0;
  std::string content;
  Timestamp timestamp{};
  std::optional<Timestamp> edited_timestamp;
  bool pinned = false;
  std::optional<Timestamp> pinned_at;
  bool mention_everyone = false;
  bool tts = false;
  std::vector<Snowflake> mentions;
  std::vector<Snowflake> mention_roles;
  std::vector<std::string> embeds;  ///< each a JSON object, written verbatim
  std::vector<Attachment> attachments;
  std::vector<Reaction> reactions;
  std::optional<MessageReference> message_reference;
  std::optional<std::string> nonce;
};

/// A ban (§5.4 bans list).
struct Ban {
  Snowflake guild_id;
  Snowflake user_id;
  std::optional<std::string> reason;
  Snowflake moderator_id;
  Timestamp banned_at{};
  std::optional<Timestamp> expires_at;
};

/// An invite (§6.10).
struct Invite {
  std::string code;
  Snowflake guild_id;
  Snowflake channel_id;
  std::optional<Snowflake> inviter_id;
  int max_age = 86400;  ///< seconds, 0 = never expires
  int max_uses = 0;
  int uses = 0;
  bool temporary = false;
  Timestamp created_at{};
};

/// A webhook (§6.11).
struct Webhook {
  Snowflake id;
  Snowflake guild_id;
  Snowflake channel_id;
  Snowflake creator_id;
  std::string name;
  std::optional<std::string> avatar;
  std::string token;
};

/// A guild emoji.
struct Emoji {
  Snowflake id;
  Snowflake guild_id;
  std::string name;
  bool animated = false;
  Snowflake creator_id;
};

}  // namespace fluxer::emulator
