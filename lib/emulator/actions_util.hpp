#pragma once
// Small helpers shared by the actions_*.cpp files.

#include <string>
#include <utility>

#include <fluxer/core/error.hpp>
#include <fluxer/emulator/entities.hpp>

#include "emulator/services.hpp"

namespace fluxer::emulator::actions::detail {

inline Error api(int status, std::string code, std::string message) {
  return Error::api(status, std::move(code), std::move(message));
}
/// 400 INVALID_FORM_BODY with one field error at `path`.
inline Error invalid(std::string path, std::string code, std::string message) {
  return Error::api(400, "INVALID_FORM_BODY", "Invalid Form Body",
                    {FieldError{std::move(path), std::move(code), std::move(message)}});
}
inline Error missing_permissions() {
  return api(403, "MISSING_PERMISSIONS", "Missing Permissions");
}
inline Error unknown(const char* what_upper, const char* what_title) {
  return api(404, std::string("UNKNOWN_") + what_upper, std::string("Unknown ") + what_title);
}

/// An event for everyone who can see `ch`: guild members with VIEW_CHANNEL, or the
/// participants of a private channel.
inline GatewayEvent channel_scoped(const Channel& ch, std::string name, std::string data) {
  GatewayEvent e;
  e.name = std::move(name);
  e.data = std::move(data);
  e.channel_id = ch.id;
  if (ch.guild_id)
    e.guild_id = ch.guild_id;
  else
    e.user_ids = ch.recipients;
  return e;
}

/// An event for every member of a guild.
inline GatewayEvent guild_scoped(Snowflake guild_id, std::string name, std::string data) {
  GatewayEvent e;
  e.name = std::move(name);
  e.data = std::move(data);
  e.guild_id = guild_id;
  return e;
}

}  // namespace fluxer::emulator::actions::detail
