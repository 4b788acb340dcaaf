#pragma once
// Writing guild audit log entries: stored in Services::rest.audit_log and, in [B],
// announced with GUILD_AUDIT_LOG_ENTRY_CREATE to members holding VIEW_AUDIT_LOG.

#include "emulator/audit_log.hpp"
#include "emulator/json_writers.hpp"
#include "emulator/services.hpp"

namespace fluxer::emulator::actions {

/// Stores `entry` (its id is assigned here) and dispatches the [B] event.
void record_audit(Services& s, AuditEntry entry);

/// The entry object of the audit log response and of GUILD_AUDIT_LOG_ENTRY_CREATE
/// (`with_guild_id` adds `guild_id`, as the gateway does for guild events).
void write_audit_entry(json::Writer& w, const AuditEntry& entry, bool with_guild_id = false);

}  // namespace fluxer::emulator::actions
