#pragma once
/// @file
/// AuditLogEntry: one guild audit log entry.

#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>

namespace fluxer {

/// One changed key of an audit log entry. Values are kept as JSON text (their type depends
/// on the key); empty when absent.
struct AuditLogChange {
  std::string key{};
  std::string old_value_json{};
  std::string new_value_json{};

  friend bool operator==(const AuditLogChange&, const AuditLogChange&) = default;
};

/// A guild audit log entry (GUILD_AUDIT_LOG_ENTRY_CREATE, `GET /guilds/{id}/audit-logs`).
/// Treat an absent `options` / `changes` as empty.
struct AuditLogEntry {
  Snowflake id{};
  int action_type = 0;
  /// Who acted.
  std::optional<Snowflake> user_id{};
  /// What was acted on (kept as text: its kind depends on `action_type`).
  std::optional<std::string> target_id{};
  std::optional<std::string> reason{};
  /// Action-specific metadata as JSON text; empty when absent.
  std::string options_json{};
  std::vector<AuditLogChange> changes{};

  friend bool operator==(const AuditLogEntry&, const AuditLogEntry&) = default;
};

}  // namespace fluxer
