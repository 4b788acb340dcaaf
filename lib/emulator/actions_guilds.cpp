#include "emulator/actions_guilds.hpp"

#include <algorithm>
#include <set>

#include "emulator/actions.hpp"
#include "emulator/actions_audit.hpp"
#include "emulator/actions_util.hpp"
#include "emulator/json_writers.hpp"

namespace fluxer::emulator::actions {

using detail::api;
using detail::invalid;
using detail::guild_scoped;
using detail::missing_permissions;
using detail::unknown;

namespace {

Timestamp now_ts() {
  return to_timestamp(std::chrono::system_clock::now());
}

bool is_owner(const World& world, Snowflake guild_id, Snowflake user) {
  const auto* g = world.guild(guild_id);
  return g && g->owner_id == user;
}

bool outranks(const World& world, Snowflake guild_id, Snowflake actor, Snowflake target) {
  const auto* g = world.guild(guild_id);
  if (!g || g->owner_id == target) return false;
  if (g->owner_id == actor) return true;
  return world.top_role_position(guild_id, actor) > world.top_role_position(guild_id, target);
}

bool can_manage(const World& world, Snowflake guild_id, Snowflake actor, const Role& role) {
  if (is_owner(world, guild_id, actor)) return true;
  return world.top_role_position(guild_id, actor) > role.position;
}

std::string guild_event_json(Services& s, const Guild& g) {
  json::Context ctx{s.world, s.options.mode, {}};
  auto text = json::build([&](json::Writer& w) { json::guild(w, ctx, g); });
  // The full guild object plus guild_id (= id), as the gateway adds it to guild events.
  text.pop_back();
  text += ",\"guild_id\":\"" + g.id.str() + "\"}";
  return text;
}

std::string role_event_json(Snowflake guild_id, const Role& r) {
  return json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "guild_id"), json::snowflake(w, guild_id);
    json::key(w, "role"), json::role(w, r);
    w.EndObject();
  });
}

std::vector<std::pair<std::string, std::string>> role_fields(const Role& r) {
  return {{"name", audit::json_string(r.name)},
          {"permissions", audit::json_string(std::to_string(r.permissions))},
          {"color", audit::json_int(r.color)},
          {"hoist", audit::json_bool(r.hoist)},
          {"mentionable", audit::json_bool(r.mentionable)},
          {"position", audit::json_int(r.position)}};
}

void record(Services& s, Snowflake guild_id, int action, Snowflake actor, std::optional<std::string> target,
            std::optional<std::string> reason, std::vector<AuditChange> changes = {},
            std::vector<std::pair<std::string, std::string>> options = {}) {
  AuditEntry e;
  e.guild_id = guild_id;
  e.action_type = action;
  e.user_id = actor;
  e.target_id = std::move(target);
  e.reason = std::move(reason);
  e.changes = std::move(changes);
  e.options = std::move(options);
  record_audit(s, std::move(e));
}

void dispatch_emojis(Services& s, Snowflake guild_id) {
  const auto data = json::build([&](json::Writer& w) {
    json::Context ctx{s.world, s.options.mode, {}};
    w.StartObject();
    json::key(w, "guild_id"), json::snowflake(w, guild_id);
    json::key(w, "emojis"), w.StartArray();
    for (const auto& [id, e] : s.world.emojis())
      if (e.guild_id == guild_id) json::emoji(w, ctx, e, false);
    w.EndArray();
    w.EndObject();
  });
  s.events.dispatch(guild_scoped(guild_id, "GUILD_EMOJIS_UPDATE", data));
}

Result<Role*> managed_role(Services& s, Snowflake guild_id, Snowflake role_id, Snowflake actor) {
  auto* r = s.world.role(role_id);
  if (!r || r->guild_id != guild_id) return unknown("ROLE", "Role");
  if (!s.world.has_guild_permission(guild_id, actor, permission::kManageRoles)) return missing_permissions();
  if (!can_manage(s.world, guild_id, actor, *r)) return missing_permissions();
  return r;
}

// Only permissions the actor holds can be granted (owner and administrators hold all).
bool can_grant(const World& world, Snowflake guild_id, Snowflake actor, std::uint64_t before, std::uint64_t after) {
  const auto added = after & ~before;
  return (world.guild_permissions(guild_id, actor) & added) == added;
}

}  // namespace

void dispatch_member_update(Services& s, const Member& m) {
  json::Context ctx{s.world, s.options.mode, {}};
  s.events.dispatch(guild_scoped(m.guild_id, "GUILD_MEMBER_UPDATE", json::build([&](json::Writer& w) {
                                   json::member(w, ctx, m, json::MemberUser::Full, true);
                                 })));
}

// ---------------------------------------------------------------- guild

Result<Guild> update_guild(Services& s, Snowflake guild_id, Snowflake actor, GuildPatch patch,
                           std::optional<std::string> reason) {
  auto& world = s.world;
  auto* g = world.guild(guild_id);
  if (!g) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kManageGuild)) return missing_permissions();
  auto check_channel = [&](const char* field,
                           const std::optional<std::optional<Snowflake>>& id) -> std::optional<Error> {
    if (!id || !*id) return std::nullopt;
    const auto* c = world.channel(**id);
    if (!c || c->guild_id != guild_id) return invalid(field, "INVALID_FORMAT", "Unknown channel in this guild");
    return std::nullopt;
  };
  for (auto [field, id] :
       {std::pair{"system_channel_id", &patch.system_channel_id},
        std::pair{"rules_channel_id", &patch.rules_channel_id}, std::pair{"afk_channel_id", &patch.afk_channel_id}})
    if (auto e = check_channel(field, *id)) return *e;
  const Guild before = *g;
  if (patch.name) g->name = *patch.name;
  if (patch.icon) g->icon = *patch.icon;
  if (patch.banner) g->banner = *patch.banner;
  if (patch.splash) g->splash = *patch.splash;
  if (patch.system_channel_id) g->system_channel_id = *patch.system_channel_id;
  if (patch.system_channel_flags) g->system_channel_flags = *patch.system_channel_flags;
  if (patch.rules_channel_id) g->rules_channel_id = *patch.rules_channel_id;
  if (patch.afk_channel_id) g->afk_channel_id = *patch.afk_channel_id;
  if (patch.afk_timeout) g->afk_timeout = *patch.afk_timeout;
  if (patch.verification_level) g->verification_level = *patch.verification_level;
  if (patch.explicit_content_filter) g->explicit_content_filter = *patch.explicit_content_filter;
  if (patch.default_message_notifications) g->default_message_notifications = *patch.default_message_notifications;
  if (patch.features) g->features = *patch.features;
  const Guild after = *g;
  s.events.dispatch(guild_scoped(guild_id, "GUILD_UPDATE", guild_event_json(s, after)));
  std::vector<AuditChange> changes;
  audit::diff(changes, "name", audit::json_string(before.name), audit::json_string(after.name));
  audit::diff(changes, "icon_hash", audit::json_optional_string(before.icon), audit::json_optional_string(after.icon));
  audit::diff(changes, "afk_timeout", audit::json_int(before.afk_timeout), audit::json_int(after.afk_timeout));
  audit::diff(changes, "verification_level", audit::json_int(before.verification_level),
              audit::json_int(after.verification_level));
  record(s, guild_id, audit::kGuildUpdate, actor, guild_id.str(), std::move(reason), std::move(changes));
  return after;
}

Result<void> delete_guild(Services& s, Snowflake guild_id, Snowflake actor) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!is_owner(world, guild_id, actor)) return missing_permissions();
  const auto data = json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "id"), json::snowflake(w, guild_id);
    if (s.options.mode == ProtocolMode::B) json::key(w, "guild_id"), json::snowflake(w, guild_id);
    w.EndObject();
  });
  auto e = guild_scoped(guild_id, "GUILD_DELETE", data);
  s.events.dispatch(e);  // while the members still exist
  std::erase_if(s.rest.audit_log, [&](const AuditEntry& a) { return a.guild_id == guild_id; });
  world.remove_guild(guild_id);
  return {};
}

// ---------------------------------------------------------------- roles

Result<Role> create_role(Services& s, Snowflake guild_id, Snowflake actor, RolePatch patch,
                         std::optional<std::string> reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kManageRoles)) return missing_permissions();
  if (world.guild_roles(guild_id).size() >= 250)
    return api(400, "MAX_GUILD_ROLES", "Maximum number of guild roles reached (250)");
  const auto perms = patch.permissions.value_or(0);
  if (!can_grant(world, guild_id, actor, 0, perms)) return missing_permissions();
  auto& r = world.add_role(guild_id, patch.name.value_or("new role"), perms);
  r.position = 1;  // new roles start just above @everyone, as on the real server
  if (patch.color) r.color = *patch.color;
  if (patch.hoist) r.hoist = *patch.hoist;
  if (patch.hoist_position) r.hoist_position = *patch.hoist_position;
  if (patch.mentionable) r.mentionable = *patch.mentionable;
  const Role created = r;
  s.events.dispatch(guild_scoped(guild_id, "GUILD_ROLE_CREATE", role_event_json(guild_id, created)));
  std::vector<AuditChange> changes;
  for (auto& [k, v] : role_fields(created)) changes.push_back({k, std::nullopt, v});
  record(s, guild_id, audit::kRoleCreate, actor, created.id.str(), std::move(reason), std::move(changes));
  return created;
}

Result<Role> update_role(Services& s, Snowflake guild_id, Snowflake role_id, Snowflake actor, RolePatch patch,
                         std::optional<std::string> reason) {
  auto target = managed_role(s, guild_id, role_id, actor);
  if (!target) return target.error();
  auto* r = *target;
  if (patch.permissions && !can_grant(s.world, guild_id, actor, r->permissions, *patch.permissions))
    return missing_permissions();
  const Role before = *r;
  if (patch.name && r->id != guild_id) r->name = *patch.name;  // @everyone keeps its name
  if (patch.color) r->color = *patch.color;
  if (patch.permissions) r->permissions = *patch.permissions;
  if (patch.hoist) r->hoist = *patch.hoist;
  if (patch.hoist_position) r->hoist_position = *patch.hoist_position;
  if (patch.mentionable) r->mentionable = *patch.mentionable;
  const Role after = *r;
  s.events.dispatch(guild_scoped(guild_id, "GUILD_ROLE_UPDATE", role_event_json(guild_id, after)));
  std::vector<AuditChange> changes;
  const auto b = role_fields(before);
  const auto a = role_fields(after);
  for (std::size_t i = 0; i < a.size(); ++i) audit::diff(changes, a[i].first, b[i].second, a[i].second);
  record(s, guild_id, audit::kRoleUpdate, actor, role_id.str(), std::move(reason), std::move(changes));
  return after;
}

Result<void> delete_role(Services& s, Snowflake guild_id, Snowflake role_id, Snowflake actor,
                         std::optional<std::string> reason) {
  auto target = managed_role(s, guild_id, role_id, actor);
  if (!target) return target.error();
  if (role_id == guild_id) return invalid("role_id", "INVALID_FORMAT", "The @everyone role cannot be deleted");
  const Role before = **target;
  std::vector<Snowflake> holders;
  for (const auto& [uid, m] : s.world.members(guild_id))
    if (std::find(m.roles.begin(), m.roles.end(), role_id) != m.roles.end()) holders.push_back(uid);
  s.world.remove_role(role_id);
  s.events.dispatch(guild_scoped(guild_id, "GUILD_ROLE_DELETE", json::build([&](json::Writer& w) {
                                   w.StartObject();
                                   json::key(w, "guild_id"), json::snowflake(w, guild_id);
                                   json::key(w, "role_id"), json::snowflake(w, role_id);
                                   w.EndObject();
                                 })));
  for (auto uid : holders)
    if (const auto* m = s.world.member(guild_id, uid)) dispatch_member_update(s, *m);
  std::vector<AuditChange> changes;
  for (auto& [k, v] : role_fields(before)) changes.push_back({k, v, std::nullopt});
  record(s, guild_id, audit::kRoleDelete, actor, role_id.str(), std::move(reason), std::move(changes));
  return {};
}

Result<std::vector<Role>> update_role_positions(Services& s, Snowflake guild_id, Snowflake actor,
                                                const std::vector<std::pair<Snowflake, int>>& positions) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kManageRoles)) return missing_permissions();
  const bool owner = is_owner(world, guild_id, actor);
  const int top = world.top_role_position(guild_id, actor);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const auto* r = world.role(positions[i].first);
    if (!r || r->guild_id != guild_id) return invalid(std::to_string(i) + ".id", "INVALID_FORMAT", "Unknown role");
    if (r->id == guild_id) return invalid(std::to_string(i) + ".id", "INVALID_FORMAT", "@everyone cannot be moved");
    if (positions[i].second < 1)
      return invalid(std::to_string(i) + ".position", "INVALID_FORMAT", "Must be at least 1");
    if (!owner && (r->position >= top || positions[i].second >= top)) return missing_permissions();
  }
  for (const auto& [id, position] : positions) world.role(id)->position = position;
  std::vector<Role> roles;
  for (const auto* r : world.guild_roles(guild_id)) roles.push_back(*r);
  s.events.dispatch(guild_scoped(guild_id, "GUILD_ROLE_UPDATE_BULK", json::build([&](json::Writer& w) {
                                   w.StartObject();
                                   json::key(w, "guild_id"), json::snowflake(w, guild_id);
                                   json::key(w, "roles"), w.StartArray();
                                   for (const auto& r : roles) json::role(w, r);
                                   w.EndArray();
                                   w.EndObject();
                                 })));
  for (const auto& [id, position] : positions) record(s, guild_id, audit::kRoleUpdate, actor, id.str(), std::nullopt);
  return roles;
}

// ---------------------------------------------------------------- members

Result<Member> update_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor, MemberPatch patch,
                             std::optional<std::string> reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  auto* m = world.member(guild_id, target);
  if (!m) return unknown("MEMBER", "Member");
  const bool self = target == actor;
  auto has = [&](std::uint64_t p) { return world.has_guild_permission(guild_id, actor, p); };
  if (patch.nick) {
    if (self ? !has(permission::kChangeNickname)
             : (!has(permission::kManageNicknames) || !outranks(world, guild_id, actor, target)))
      return missing_permissions();
  }
  std::vector<Snowflake> added, removed;
  if (patch.roles) {
    if (!has(permission::kManageRoles)) return missing_permissions();
    std::set<Snowflake> next;
    for (std::size_t i = 0; i < patch.roles->size(); ++i) {
      const auto id = (*patch.roles)[i];
      const auto* r = world.role(id);
      if (!r || r->guild_id != guild_id) return unknown("ROLE", "Role");
      if (id != guild_id) next.insert(id);  // @everyone is implicit
    }
    for (auto id : next)
      if (std::find(m->roles.begin(), m->roles.end(), id) == m->roles.end()) added.push_back(id);
    for (auto id : m->roles)
      if (!next.count(id)) removed.push_back(id);
    for (auto id : added)
      if (!can_manage(world, guild_id, actor, *world.role(id))) return missing_permissions();
    for (auto id : removed)
      if (const auto* r = world.role(id); r && !can_manage(world, guild_id, actor, *r)) return missing_permissions();
  }
  if (patch.mute && !has(permission::kMuteMembers)) return missing_permissions();
  if (patch.deaf && !has(permission::kDeafenMembers)) return missing_permissions();
  if (patch.channel_id && !has(permission::kMoveMembers)) return missing_permissions();
  if (patch.communication_disabled_until) {
    if (!has(permission::kModerateMembers) || !outranks(world, guild_id, actor, target)) return missing_permissions();
    if (*patch.communication_disabled_until) {
      if (**patch.communication_disabled_until > now_ts() + std::chrono::hours{24 * 365})
        return invalid("communication_disabled_until", "INVALID_FORMAT", "Must be at most 365 days in the future");
      if (is_owner(world, guild_id, target) || world.has_guild_permission(guild_id, target, permission::kAdministrator))
        return missing_permissions();
    }
  }
  const Member before = *m;
  if (patch.nick) m->nick = *patch.nick;
  if (patch.roles) {
    std::vector<Snowflake> next;
    for (auto id : *patch.roles)
      if (id != guild_id && std::find(next.begin(), next.end(), id) == next.end()) next.push_back(id);
    m->roles = std::move(next);
  }
  if (patch.mute) m->mute = *patch.mute;
  if (patch.deaf) m->deaf = *patch.deaf;
  if (patch.communication_disabled_until) m->communication_disabled_until = *patch.communication_disabled_until;
  const Member after = *m;
  dispatch_member_update(s, after);
  std::vector<AuditChange> changes;
  audit::diff(changes, "nick", audit::json_optional_string(before.nick), audit::json_optional_string(after.nick));
  audit::diff(changes, "mute", audit::json_bool(before.mute), audit::json_bool(after.mute));
  audit::diff(changes, "deaf", audit::json_bool(before.deaf), audit::json_bool(after.deaf));
  auto ts = [](const std::optional<Timestamp>& t) { return t ? audit::json_string(format_iso8601(*t)) : "null"; };
  audit::diff(changes, "communication_disabled_until", ts(before.communication_disabled_until),
              ts(after.communication_disabled_until));
  if (!changes.empty()) record(s, guild_id, audit::kMemberUpdate, actor, target.str(), reason, std::move(changes));
  if (!added.empty() || !removed.empty()) {
    auto ids = [](const std::vector<Snowflake>& v) {
      return json::build([&](json::Writer& w) {
        w.StartArray();
        for (auto id : v) json::snowflake(w, id);
        w.EndArray();
      });
    };
    std::vector<AuditChange> role_changes;
    if (!added.empty()) role_changes.push_back({"$add", std::nullopt, ids(added)});
    if (!removed.empty()) role_changes.push_back({"$remove", std::nullopt, ids(removed)});
    record(s, guild_id, audit::kMemberRoleUpdate, actor, target.str(), std::move(reason), std::move(role_changes));
  }
  return after;
}

Result<void> set_member_role(Services& s, Snowflake guild_id, Snowflake target, Snowflake role_id, Snowflake actor,
                             bool add, std::optional<std::string> reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  auto* m = world.member(guild_id, target);
  if (!m) return unknown("MEMBER", "Member");
  auto role = managed_role(s, guild_id, role_id, actor);
  if (!role) return role.error();
  if (role_id == guild_id) return invalid("role_id", "INVALID_FORMAT", "@everyone is implicit");
  const bool has_it = std::find(m->roles.begin(), m->roles.end(), role_id) != m->roles.end();
  if (add == has_it) return {};
  if (add)
    m->roles.push_back(role_id);
  else
    std::erase(m->roles, role_id);
  const Member after = *m;
  dispatch_member_update(s, after);
  const auto ids = "[\"" + role_id.str() + "\"]";
  record(s, guild_id, audit::kMemberRoleUpdate, actor, target.str(), std::move(reason),
         {AuditChange{add ? "$add" : "$remove", std::nullopt, ids}});
  return {};
}

Result<void> kick_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor,
                         std::optional<std::string> reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.member(guild_id, target)) return unknown("MEMBER", "Member");
  if (!world.has_guild_permission(guild_id, actor, permission::kKickMembers)) return missing_permissions();
  if (!outranks(world, guild_id, actor, target)) return missing_permissions();
  if (auto r = remove_member(s, guild_id, target); !r) return r.error();
  record(s, guild_id, audit::kMemberKick, actor, target.str(), std::move(reason));
  return {};
}

Result<void> leave_guild(Services& s, Snowflake guild_id, Snowflake actor) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.member(guild_id, actor)) return unknown("GUILD", "Guild");
  if (is_owner(world, guild_id, actor))
    return invalid("guild_id", "INVALID_FORMAT", "The owner cannot leave the guild; transfer or delete it");
  return remove_member(s, guild_id, actor);
}

Result<void> ban_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor, int delete_message_days,
                        std::optional<std::string> ban_reason, std::optional<std::chrono::seconds> duration,
                        std::optional<std::string> audit_reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kBanMembers)) return missing_permissions();
  if (!world.user(target)) return unknown("USER", "User");
  const bool member = world.member(guild_id, target) != nullptr;
  if ((member || is_owner(world, guild_id, target)) && !outranks(world, guild_id, actor, target))
    return missing_permissions();
  if (delete_message_days > 0) {
    const auto cutoff = now_ts() - std::chrono::hours{24 * delete_message_days};
    for (const auto* ch : world.guild_channels(guild_id)) {
      std::vector<Snowflake> ids;
      for (const auto& [id, m] : world.messages(ch->id))
        if (m.author_id == target && !m.webhook_id && m.timestamp >= cutoff) ids.push_back(id);
      if (ids.empty()) continue;
      for (auto id : ids) world.remove_message(ch->id, id);
      const Channel channel = *ch;
      s.events.dispatch(detail::channel_scoped(channel, "MESSAGE_DELETE_BULK", json::build([&](json::Writer& w) {
                                                 w.StartObject();
                                                 json::key(w, "ids"), w.StartArray();
                                                 for (auto id : ids) json::snowflake(w, id);
                                                 w.EndArray();
                                                 json::key(w, "channel_id"), json::snowflake(w, channel.id);
                                                 json::key(w, "guild_id"), json::snowflake(w, guild_id);
                                                 w.EndObject();
                                               })));
    }
  }
  auto& ban = world.add_ban(guild_id, target, actor, std::move(ban_reason));
  if (duration && duration->count() > 0) ban.expires_at = ban.banned_at + *duration;
  s.events.dispatch(guild_scoped(guild_id, "GUILD_BAN_ADD", json::build([&](json::Writer& w) {
                                   w.StartObject();
                                   json::key(w, "guild_id"), json::snowflake(w, guild_id);
                                   json::key(w, "user"), w.StartObject(), json::key(w, "id"),
                                       json::snowflake(w, target), w.EndObject();
                                   w.EndObject();
                                 })));
  record(s, guild_id, audit::kMemberBanAdd, actor, target.str(), std::move(audit_reason), {},
         {{"delete_member_days", audit::json_string(std::to_string(delete_message_days))}});
  if (member)
    if (auto r = remove_member(s, guild_id, target); !r) return r.error();
  return {};
}

Result<void> unban_member(Services& s, Snowflake guild_id, Snowflake target, Snowflake actor,
                          std::optional<std::string> reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kBanMembers)) return missing_permissions();
  if (!world.remove_ban(guild_id, target)) return invalid("user_id", "INVALID_FORMAT", "User is not banned");
  s.events.dispatch(guild_scoped(guild_id, "GUILD_BAN_REMOVE", json::build([&](json::Writer& w) {
                                   w.StartObject();
                                   json::key(w, "guild_id"), json::snowflake(w, guild_id);
                                   json::key(w, "user"), w.StartObject(), json::key(w, "id"),
                                       json::snowflake(w, target), w.EndObject();
                                   w.EndObject();
                                 })));
  record(s, guild_id, audit::kMemberBanRemove, actor, target.str(), std::move(reason));
  return {};
}

// ---------------------------------------------------------------- emojis

Result<Emoji> create_emoji(Services& s, Snowflake guild_id, Snowflake actor, std::string name, bool animated,
                           std::optional<std::string> reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kCreateExpressions) &&
      !world.has_guild_permission(guild_id, actor, permission::kManageExpressions))
    return missing_permissions();
  std::size_t count = 0;
  for (const auto& [id, e] : world.emojis())
    if (e.guild_id == guild_id && e.animated == animated) ++count;
  if (count >= 50) return api(400, "MAX_EMOJIS", "Maximum number of emojis reached (50)");
  const Emoji created = world.add_emoji(guild_id, std::move(name), actor, animated);
  dispatch_emojis(s, guild_id);
  record(s, guild_id, audit::kEmojiCreate, actor, created.id.str(), std::move(reason),
         {{"name", std::nullopt, audit::json_string(created.name)},
          {"animated", std::nullopt, audit::json_bool(created.animated)}});
  return created;
}

namespace {
Result<Emoji*> own_or_managed_emoji(Services& s, Snowflake guild_id, Snowflake emoji_id, Snowflake actor) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  auto* e = world.emoji(emoji_id);
  if (!e || e->guild_id != guild_id) return unknown("EMOJI", "Emoji");
  const bool manage = world.has_guild_permission(guild_id, actor, permission::kManageExpressions);
  const bool own =
      e->creator_id == actor && world.has_guild_permission(guild_id, actor, permission::kCreateExpressions);
  if (!manage && !own) return missing_permissions();
  return e;
}
}  // namespace

Result<Emoji> rename_emoji(Services& s, Snowflake guild_id, Snowflake emoji_id, Snowflake actor, std::string name,
                           std::optional<std::string> reason) {
  auto target = own_or_managed_emoji(s, guild_id, emoji_id, actor);
  if (!target) return target.error();
  auto* e = *target;
  const auto before = e->name;
  e->name = std::move(name);
  const Emoji after = *e;
  dispatch_emojis(s, guild_id);
  std::vector<AuditChange> changes;
  audit::diff(changes, "name", audit::json_string(before), audit::json_string(after.name));
  record(s, guild_id, audit::kEmojiUpdate, actor, emoji_id.str(), std::move(reason), std::move(changes));
  return after;
}

Result<void> delete_emoji(Services& s, Snowflake guild_id, Snowflake emoji_id, Snowflake actor,
                          std::optional<std::string> reason) {
  auto target = own_or_managed_emoji(s, guild_id, emoji_id, actor);
  if (!target) return target.error();
  const Emoji before = **target;
  s.world.remove_emoji(emoji_id);
  dispatch_emojis(s, guild_id);
  record(s, guild_id, audit::kEmojiDelete, actor, emoji_id.str(), std::move(reason),
         {{"name", audit::json_string(before.name), std::nullopt}});
  return {};
}

}  // namespace fluxer::emulator::actions
