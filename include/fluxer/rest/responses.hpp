#pragma once
/// @file
/// Response shapes of REST routes that are not plain entities: pin pages, reaction user
/// pages, profiles, the audit log, slowmode state, the vanity URL, bulk creation results.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/audit_log.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/user.hpp>

namespace fluxer {

/// One pin: the message and when it was pinned.
struct PinnedMessage {
  Message message{};
  Timestamp pinned_at{};
};

/// `GET /channels/{id}/messages/pins`: `{items: [{message, pinned_at}], has_more}`.
struct PinsPage {
  std::vector<PinnedMessage> items{};
  bool has_more = false;
};

/// A page of users who reacted with one emoji. From the [B] `…/users` route the paging
/// fields come from the body; from the bare-array route, from [B]'s `X-Has-More` /
/// `X-Next-After` headers (absent on [A]).
struct ReactionUsersPage {
  std::vector<User> users{};
  std::optional<bool> has_more{};
  std::optional<Snowflake> next_after{};
};

/// `GET /guilds/{id}/vanity-url`.
struct VanityUrl {
  std::optional<std::string> code{};
  int uses = 0;
};

/// [B] `GET /channels/{id}/slowmode`: the caller's slowmode state in a channel.
struct ChannelSlowmode {
  std::chrono::seconds rate_limit_per_user{0};
  /// How long until the caller may send again (0 = now).
  std::chrono::milliseconds retry_after{0};
  std::optional<Timestamp> next_send_allowed_at{};
  /// Bots and holders of BYPASS_SLOWMODE are exempt.
  bool can_bypass = false;
};

/// The profile part of `GET /users/{id}/profile`.
struct UserProfileDetails {
  std::optional<std::string> bio{};
  std::optional<std::string> pronouns{};
  std::optional<std::string> banner{};
  std::optional<std::uint32_t> banner_color{};
  std::optional<std::uint32_t> accent_color{};
};

/// `GET /users/{id}/profile` (optionally for a guild: then `guild_member` when both are
/// members).
struct UserProfile {
  User user{};
  UserProfileDetails profile{};
  std::optional<GuildMember> guild_member{};
};

/// A webhook as the audit log lists it.
struct AuditLogWebhook {
  Snowflake id{};
  std::optional<Snowflake> guild_id{};
  std::optional<Snowflake> channel_id{};
  std::string name{};
  std::optional<std::string> avatar{};
};

/// `GET /guilds/{id}/audit-logs`: entries (newest first) with the users and webhooks
/// they name.
struct AuditLog {
  std::vector<AuditLogEntry> entries{};
  std::vector<User> users{};
  std::vector<AuditLogWebhook> webhooks{};
};

/// An item a bulk creation refused.
struct BulkCreateFailure {
  std::string name{};
  std::string error{};
};

/// `POST /guilds/{id}/emojis/bulk` and `/stickers/bulk`: what was created and what was not.
template <class T>
struct BulkCreateResult {
  std::vector<T> created{};
  std::vector<BulkCreateFailure> failed{};
};

}  // namespace fluxer
