#include "emulator/actions_audit.hpp"

namespace fluxer::emulator::actions {

void write_audit_entry(json::Writer& w, const AuditEntry& e, bool with_guild_id) {
  w.StartObject();
  json::key(w, "id"), json::snowflake(w, e.id);
  json::key(w, "action_type"), w.Int(e.action_type);
  json::key(w, "user_id"), json::snowflake(w, e.user_id);
  json::key(w, "target_id"), json::optional_string(w, e.target_id);
  if (e.reason) json::key(w, "reason"), json::string(w, *e.reason);
  if (!e.options.empty()) {
    json::key(w, "options"), w.StartObject();
    for (const auto& [k, v] : e.options) json::key(w, k), w.RawValue(v.data(), v.size(), rapidjson::kStringType);
    w.EndObject();
  }
  if (!e.changes.empty()) {
    json::key(w, "changes"), w.StartArray();
    for (const auto& c : e.changes) {
      w.StartObject();
      json::key(w, "key"), json::string(w, c.key);
      if (c.old_value)
        json::key(w, "old_value"), w.RawValue(c.old_value->data(), c.old_value->size(), rapidjson::kStringType);
      if (c.new_value)
        json::key(w, "new_value"), w.RawValue(c.new_value->data(), c.new_value->size(), rapidjson::kStringType);
      w.EndObject();
    }
    w.EndArray();
  }
  if (with_guild_id) json::key(w, "guild_id"), json::snowflake(w, e.guild_id);
  w.EndObject();
}

void record_audit(Services& s, AuditEntry entry) {
  entry.id = s.world.next_id();
  auto& log = s.rest.audit_log;
  log.push_back(std::move(entry));
  // Bounded: the real server expires entries after 45 days; keep the newest 10 000 here.
  if (log.size() > 10'000) log.erase(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(log.size() - 10'000));
  if (s.options.mode != ProtocolMode::B) return;
  const auto& stored = log.back();
  GatewayEvent e;
  e.name = "GUILD_AUDIT_LOG_ENTRY_CREATE";
  e.guild_id = stored.guild_id;
  e.required_permissions = permission::kViewAuditLog;
  e.data = json::build([&](json::Writer& w) { write_audit_entry(w, stored, true); });
  s.events.dispatch(e);
}

}  // namespace fluxer::emulator::actions
