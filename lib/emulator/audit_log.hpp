#pragma once
// Guild audit log entries (GET /guilds/{id}/audit-logs) and the per-server REST state that
// lives beside the world: entries written by REST mutations, shaped as the server's
// guild-audit-logs documentation describes ({id, action_type, user_id, target_id,
// reason?, options?, changes?}).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fluxer/core/snowflake.hpp>

#include "emulator/rapidjson.hpp"

namespace fluxer::emulator {

/// Audit action types (the server's AuditLogActionType).
namespace audit {
inline constexpr int kGuildUpdate = 1;
inline constexpr int kChannelCreate = 10;
inline constexpr int kChannelUpdate = 11;
inline constexpr int kChannelDelete = 12;
inline constexpr int kChannelOverwriteCreate = 13;
inline constexpr int kChannelOverwriteUpdate = 14;
inline constexpr int kChannelOverwriteDelete = 15;
inline constexpr int kMemberKick = 20;
inline constexpr int kMemberBanAdd = 22;
inline constexpr int kMemberBanRemove = 23;
inline constexpr int kMemberUpdate = 24;
inline constexpr int kMemberRoleUpdate = 25;
inline constexpr int kRoleCreate = 30;
inline constexpr int kRoleUpdate = 31;
inline constexpr int kRoleDelete = 32;
inline constexpr int kInviteCreate = 40;
inline constexpr int kInviteDelete = 42;
inline constexpr int kWebhookCreate = 50;
inline constexpr int kWebhookUpdate = 51;
inline constexpr int kWebhookDelete = 52;
inline constexpr int kEmojiCreate = 60;
inline constexpr int kEmojiUpdate = 61;
inline constexpr int kEmojiDelete = 62;
inline constexpr int kMessageDelete = 72;
inline constexpr int kMessageBulkDelete = 73;
inline constexpr int kMessagePin = 74;
inline constexpr int kMessageUnpin = 75;
}  // namespace audit

/// One changed field; values are JSON texts (absent on the side that does not exist).
struct AuditChange {
  std::string key;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
};

/// One audit log entry.
struct AuditEntry {
  Snowflake id;
  Snowflake guild_id;
  int action_type = 0;
  Snowflake user_id;
  std::optional<std::string> target_id;  ///< a snowflake, an invite code, or null
  std::optional<std::string> reason;
  std::vector<std::pair<std::string, std::string>> options;  ///< key → JSON text
  std::vector<AuditChange> changes;
};

/// State the REST layer keeps per server, beside the world.
struct RestState {
  std::vector<AuditEntry> audit_log;  ///< every guild, oldest first
};

/// Builders for change values (JSON texts).
namespace audit {
[[nodiscard]] std::string json_string(std::string_view s);
[[nodiscard]] std::string json_optional_string(const std::optional<std::string>& s);
[[nodiscard]] std::string json_snowflake(Snowflake id);
[[nodiscard]] std::string json_int(std::int64_t v);
[[nodiscard]] std::string json_bool(bool v);
/// Adds a change when the values differ (both JSON texts).
void diff(std::vector<AuditChange>& changes, std::string key, const std::string& before, const std::string& after);
}  // namespace audit

}  // namespace fluxer::emulator
