#pragma once
/// @file
/// Query parameters and request bodies of REST routes the model layer has no type for
/// (list queries, positions, stickers, group DMs). Limits are checked before sending;
/// a value out of range fails the call with ErrorKind::InvalidArgument naming the field.

#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/model/nullable.hpp>

namespace fluxer {

/// `GET /channels/{id}/messages`: at most one of before / after / around. Results are
/// newest first. Note: the server answers `after=X` with the *newest* `limit` messages
/// above X, not the ones right after X; Paginator-based helpers walk backwards instead.
struct GetMessages {
  std::optional<Snowflake> before{};
  std::optional<Snowflake> after{};
  std::optional<Snowflake> around{};
  /// 1–100; server default 50.
  std::optional<int> limit{};
};

/// `GET /channels/{id}/messages/pins`.
struct GetPins {
  /// Pins older than this instant (sent as an ISO 8601 timestamp).
  std::optional<Timestamp> before{};
  /// 1–50.
  std::optional<int> limit{};
};

/// `GET …/reactions/{emoji}` and [B] `…/reactions/{emoji}/users`.
struct GetReactions {
  /// Users with an id above this one.
  std::optional<Snowflake> after{};
  /// 1–100; server default 25.
  std::optional<int> limit{};
};

/// `GET /guilds/{id}/members`. `limit` is always sent: a [B] server defaults to 1.
/// An [A] server ignores both and returns every member.
struct GetMembers {
  /// 1–1000.
  int limit = 1000;
  /// Members with a user id above this one (ascending order).
  std::optional<Snowflake> after{};
};

/// `GET /guilds/{id}/bans`. Paging parameters are sent only when set.
struct GetBans {
  /// 1–1000.
  std::optional<int> limit{};
  std::optional<Snowflake> before{};
  std::optional<Snowflake> after{};
};

/// `GET /guilds/{id}/audit-logs`: at most one of before / after. Newest first.
struct GetAuditLog {
  /// 1–100; server default 50.
  std::optional<int> limit{};
  std::optional<Snowflake> before{};
  std::optional<Snowflake> after{};
  /// Only entries by this user.
  std::optional<Snowflake> user_id{};
  /// Only this action type.
  std::optional<int> action_type{};
};

/// `GET /users/@me/guilds`.
struct GetCurrentUserGuilds {
  std::optional<Snowflake> before{};
  std::optional<Snowflake> after{};
  /// 1–200.
  std::optional<int> limit{};
  /// [B]: add `member_count` / `online_count`.
  bool with_counts = false;
};

/// One entry of `PATCH /guilds/{id}/channels` (reordering and moving channels).
struct ChannelPosition {
  Snowflake id{};
  std::optional<int> position{};
  /// Move into this category; null = out of any category.
  Nullable<Snowflake> parent_id{};
  /// Sync the channel's overwrites with its new category.
  std::optional<bool> lock_permissions{};
};

/// One entry of `PATCH /guilds/{id}/roles` (reordering roles).
struct RolePosition {
  Snowflake id{};
  int position = 0;
};

/// `POST /users/@me/channels` with several recipients: a group DM ([B]; bots need a
/// guild in common with each recipient).
struct CreateGroupDm {
  /// 1–49 users besides the bot.
  std::vector<Snowflake> recipients{};
};

/// `POST /guilds/{id}/stickers` (and one entry of `/stickers/bulk`).
struct CreateSticker {
  /// 2–30 characters.
  std::string name{};
  /// 1–500 characters.
  std::optional<std::string> description{};
  /// Up to 10 tags of 1–30 characters.
  std::vector<std::string> tags{};
  /// The image, base64 (a `data:image/...;base64,` URI is accepted too).
  std::string image{};
};

/// `PATCH /guilds/{id}/stickers/{sticker_id}`.
struct ModifySticker {
  std::optional<std::string> name{};
  /// Null clears the description.
  Nullable<std::string> description{};
  std::optional<std::vector<std::string>> tags{};
};

}  // namespace fluxer
