#include "emulator/audit_log.hpp"

#include "emulator/json_writers.hpp"

namespace fluxer::emulator::audit {

std::string json_string(std::string_view s) {
  return json::build([&](json::Writer& w) { json::string(w, s); });
}

std::string json_optional_string(const std::optional<std::string>& s) {
  return json::build([&](json::Writer& w) { json::optional_string(w, s); });
}

std::string json_snowflake(Snowflake id) {
  return json_string(id.str());
}

std::string json_int(std::int64_t v) {
  return std::to_string(v);
}

std::string json_bool(bool v) {
  return v ? "true" : "false";
}

void diff(std::vector<AuditChange>& changes, std::string key, const std::string& before, const std::string& after) {
  if (before == after) return;
  changes.push_back(AuditChange{std::move(key), before, after});
}

}  // namespace fluxer::emulator::audit
