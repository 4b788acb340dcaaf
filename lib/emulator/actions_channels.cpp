#include "emulator/actions_channels.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "emulator/actions_audit.hpp"
#include "emulator/actions_util.hpp"
#include "emulator/json_writers.hpp"

namespace fluxer::emulator::actions {

using detail::api;
using detail::invalid;
using detail::missing_permissions;
using detail::unknown;

namespace {

GatewayEvent channel_event_for(Services& s, const Channel& c, std::string name, std::vector<Snowflake> users) {
  GatewayEvent e;
  e.name = std::move(name);
  e.guild_id = c.guild_id;
  e.user_ids = std::move(users);
  const auto mode = s.options.mode;
  const World& world = s.world;
  const Channel copy = c;
  e.data_for = [&world, mode, copy](Snowflake viewer) {
    json::Context ctx{world, mode, viewer};
    return json::build([&](json::Writer& w) { json::channel(w, ctx, copy); });
  };
  return e;
}

std::string channel_type_json(const Channel& c) {
  return audit::json_int(static_cast<int>(c.type));
}

// Channel fields an audit change list compares.
std::vector<std::pair<std::string, std::string>> audit_fields(const Channel& c) {
  std::vector<std::pair<std::string, std::string>> f;
  f.emplace_back("name", audit::json_optional_string(c.name));
  f.emplace_back("topic", audit::json_optional_string(c.topic));
  f.emplace_back("nsfw", audit::json_bool(c.nsfw));
  f.emplace_back("rate_limit_per_user", audit::json_int(c.rate_limit_per_user));
  f.emplace_back("parent_id", c.parent_id ? audit::json_snowflake(*c.parent_id) : "null");
  f.emplace_back("position", audit::json_int(c.position));
  if (c.type == ChannelType::GuildVoice) {
    f.emplace_back("bitrate", audit::json_int(c.bitrate));
    f.emplace_back("user_limit", audit::json_int(c.user_limit));
  }
  return f;
}

void record_channel_audit(Services& s, const Channel& c, int action, Snowflake actor, std::optional<std::string> reason,
                          const Channel* before) {
  if (!c.guild_id) return;
  AuditEntry entry;
  entry.guild_id = *c.guild_id;
  entry.action_type = action;
  entry.user_id = actor;
  entry.target_id = c.id.str();
  entry.reason = std::move(reason);
  entry.options.emplace_back("type", channel_type_json(c));
  const auto after_fields = audit_fields(c);
  if (before) {
    const auto before_fields = audit_fields(*before);
    for (std::size_t i = 0; i < after_fields.size() && i < before_fields.size(); ++i)
      audit::diff(entry.changes, after_fields[i].first, before_fields[i].second, after_fields[i].second);
  } else {
    const auto& fields = after_fields;
    for (const auto& [k, v] : fields) {
      AuditChange change{k, std::nullopt, v};
      if (action == audit::kChannelDelete) std::swap(change.old_value, change.new_value);
      entry.changes.push_back(std::move(change));
    }
  }
  record_audit(s, std::move(entry));
}

bool is_category_of(const World& world, std::optional<Snowflake> parent, Snowflake guild_id) {
  if (!parent) return true;
  const auto* p = world.channel(*parent);
  return p && p->guild_id == guild_id && p->type == ChannelType::GuildCategory;
}

bool shares_guild(const World& world, Snowflake a, Snowflake b) {
  const auto ga = world.guilds_of(a);
  const auto gb = world.guilds_of(b);
  return std::any_of(ga.begin(), ga.end(), [&](Snowflake g) { return std::find(gb.begin(), gb.end(), g) != gb.end(); });
}

Result<void> check_overwrite_target(const World& world, Snowflake guild_id, const PermissionOverwrite& o) {
  if (o.type == PermissionOverwrite::Type::Role) {
    const auto* r = world.role(o.id);
    if (!r || r->guild_id != guild_id) return unknown("ROLE", "Role");
  } else if (!world.member(guild_id, o.id)) {
    return unknown("MEMBER", "Member");
  }
  return {};
}

}  // namespace

std::vector<Snowflake> channel_viewers(const World& world, const Channel& channel) {
  if (!channel.guild_id) return channel.recipients;
  std::vector<Snowflake> out;
  for (const auto& [uid, m] : world.members(*channel.guild_id))
    if (world.can_view_channel(channel.id, uid)) out.push_back(uid);
  return out;
}

void dispatch_channel_change(Services& s, const Channel& after, const std::vector<Snowflake>& viewers_before) {
  const auto viewers_after = channel_viewers(s.world, after);
  const std::set<Snowflake> before(viewers_before.begin(), viewers_before.end());
  const std::set<Snowflake> now(viewers_after.begin(), viewers_after.end());
  std::vector<Snowflake> updated, created, deleted;
  for (auto u : now) (before.count(u) ? updated : created).push_back(u);
  for (auto u : before)
    if (!now.count(u)) deleted.push_back(u);
  // An empty recipient list would mean "the whole guild" to the hub: skip those.
  if (!updated.empty()) s.events.dispatch(channel_event_for(s, after, "CHANNEL_UPDATE", std::move(updated)));
  if (!created.empty()) s.events.dispatch(channel_event_for(s, after, "CHANNEL_CREATE", std::move(created)));
  if (!deleted.empty()) s.events.dispatch(channel_event_for(s, after, "CHANNEL_DELETE", std::move(deleted)));
}

Result<Channel> update_channel(Services& s, Snowflake channel_id, Snowflake actor, ChannelPatch patch,
                               std::optional<std::string> reason) {
  auto& world = s.world;
  auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  if (!ch->guild_id) {
    if (ch->type != ChannelType::GroupDm)
      return api(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
    if (patch.name) ch->name = *patch.name;
    const Channel after = *ch;
    dispatch_channel_change(s, after, after.recipients);
    return after;
  }
  const auto guild_id = *ch->guild_id;
  if (!world.has_channel_permission(channel_id, actor, permission::kManageChannels)) return missing_permissions();
  if (patch.permission_overwrites) {
    if (!world.has_channel_permission(channel_id, actor, permission::kManageRoles)) return missing_permissions();
    for (std::size_t i = 0; i < patch.permission_overwrites->size(); ++i)
      if (auto ok = check_overwrite_target(world, guild_id, (*patch.permission_overwrites)[i]); !ok)
        return invalid("permission_overwrites." + std::to_string(i) + ".id", "INVALID_FORMAT",
                       "Unknown role or member");
  }
  if (patch.parent_id && *patch.parent_id) {
    if (ch->type == ChannelType::GuildCategory || !is_category_of(world, *patch.parent_id, guild_id))
      return invalid("parent_id", "INVALID_FORMAT", "Must be a category of this guild");
  }
  const bool text_like = ch->type == ChannelType::GuildText || ch->type == ChannelType::GuildVoice;
  if (patch.topic && ch->type != ChannelType::GuildText)
    return invalid("topic", "INVALID_FORMAT", "Only text channels have a topic");
  if ((patch.bitrate || patch.user_limit || patch.rtc_region) && ch->type != ChannelType::GuildVoice)
    return invalid(patch.bitrate      ? "bitrate"
                   : patch.user_limit ? "user_limit"
                                      : "rtc_region",
                   "INVALID_FORMAT", "Only voice channels have this field");
  if ((patch.nsfw || patch.rate_limit_per_user) && !text_like)
    return invalid(patch.nsfw ? "nsfw" : "rate_limit_per_user", "INVALID_FORMAT",
                   "This channel type has no such field");
  if (patch.url && ch->type != ChannelType::GuildLink)
    return invalid("url", "INVALID_FORMAT", "Only link channels have a url");

  const Channel before = *ch;
  const auto viewers_before = channel_viewers(world, before);
  if (patch.name) ch->name = *patch.name;
  if (patch.topic) ch->topic = *patch.topic;
  if (patch.nsfw) ch->nsfw = *patch.nsfw;
  if (patch.rate_limit_per_user) ch->rate_limit_per_user = *patch.rate_limit_per_user;
  if (patch.parent_id) ch->parent_id = *patch.parent_id;
  if (patch.bitrate) ch->bitrate = *patch.bitrate;
  if (patch.user_limit) ch->user_limit = *patch.user_limit;
  if (patch.rtc_region) ch->rtc_region = *patch.rtc_region;
  if (patch.url) ch->url = *patch.url;
  if (patch.position) ch->position = *patch.position;
  if (patch.permission_overwrites) ch->permission_overwrites = std::move(*patch.permission_overwrites);
  const Channel after = *ch;
  dispatch_channel_change(s, after, viewers_before);
  record_channel_audit(s, after, audit::kChannelUpdate, actor, std::move(reason), &before);
  return after;
}

Result<Channel> delete_channel(Services& s, Snowflake channel_id, Snowflake actor) {
  auto& world = s.world;
  auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  const Channel before = *ch;
  if (!before.guild_id) {
    if (before.type == ChannelType::GroupDm) {
      // Leaving a group DM: the others see CHANNEL_RECIPIENT_REMOVE.
      std::erase(ch->recipients, actor);
      const Channel after = *ch;
      if (!after.recipients.empty()) {
        GatewayEvent e;
        e.name = "CHANNEL_RECIPIENT_REMOVE";
        e.user_ids = after.recipients;
        e.data = json::build([&](json::Writer& w) {
          w.StartObject();
          json::key(w, "channel_id"), json::snowflake(w, channel_id);
          json::key(w, "user"), json::partial_user(w, world, actor);
          w.EndObject();
        });
        s.events.dispatch(e);
      }
    }
    // A DM is only closed for the caller.
    s.events.dispatch(channel_event_for(s, before, "CHANNEL_DELETE", {actor}));
    return before;
  }
  if (!world.has_channel_permission(channel_id, actor, permission::kManageChannels)) return missing_permissions();
  const auto viewers = channel_viewers(world, before);
  // Children of a deleted category lose their parent: they are announced as updated.
  std::vector<std::pair<Snowflake, std::vector<Snowflake>>> children;
  for (const auto* c : world.guild_channels(*before.guild_id))
    if (c->parent_id == channel_id) children.emplace_back(c->id, channel_viewers(world, *c));
  world.remove_channel(channel_id);
  if (!viewers.empty()) s.events.dispatch(channel_event_for(s, before, "CHANNEL_DELETE", viewers));
  for (const auto& [child_id, child_viewers] : children)
    if (const auto* child = world.channel(child_id)) dispatch_channel_change(s, *child, child_viewers);
  record_channel_audit(s, before, audit::kChannelDelete, actor, std::nullopt, nullptr);
  return before;
}

Result<void> set_overwrite(Services& s, Snowflake channel_id, Snowflake actor, PermissionOverwrite overwrite,
                           std::optional<std::string> reason) {
  auto& world = s.world;
  auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  if (!ch->guild_id) return api(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
  if (!world.has_channel_permission(channel_id, actor, permission::kManageRoles)) return missing_permissions();
  if (auto ok = check_overwrite_target(world, *ch->guild_id, overwrite); !ok) return ok.error();
  const auto viewers_before = channel_viewers(world, *ch);
  auto it = std::find_if(ch->permission_overwrites.begin(), ch->permission_overwrites.end(),
                         [&](const PermissionOverwrite& o) { return o.id == overwrite.id; });
  std::optional<PermissionOverwrite> previous;
  if (it != ch->permission_overwrites.end()) {
    previous = *it;
    *it = overwrite;
  } else {
    ch->permission_overwrites.push_back(overwrite);
  }
  const Channel after = *ch;
  dispatch_channel_change(s, after, viewers_before);
  AuditEntry entry;
  entry.guild_id = *after.guild_id;
  entry.action_type = previous ? audit::kChannelOverwriteUpdate : audit::kChannelOverwriteCreate;
  entry.user_id = actor;
  entry.target_id = overwrite.id.str();
  entry.reason = std::move(reason);
  entry.options.emplace_back("id", audit::json_snowflake(overwrite.id));
  entry.options.emplace_back("type", audit::json_int(static_cast<int>(overwrite.type)));
  entry.options.emplace_back("channel_id", audit::json_snowflake(channel_id));
  const auto allow = audit::json_string(std::to_string(overwrite.allow));
  const auto deny = audit::json_string(std::to_string(overwrite.deny));
  if (previous) {
    audit::diff(entry.changes, "allow", audit::json_string(std::to_string(previous->allow)), allow);
    audit::diff(entry.changes, "deny", audit::json_string(std::to_string(previous->deny)), deny);
  } else {
    entry.changes.push_back({"allow", std::nullopt, allow});
    entry.changes.push_back({"deny", std::nullopt, deny});
  }
  record_audit(s, std::move(entry));
  return {};
}

Result<void> delete_overwrite(Services& s, Snowflake channel_id, Snowflake actor, Snowflake overwrite_id,
                              std::optional<std::string> reason) {
  auto& world = s.world;
  auto* ch = world.channel(channel_id);
  if (!ch) return unknown("CHANNEL", "Channel");
  if (!ch->guild_id) return api(400, "CANNOT_EXECUTE_ON_DM", "Cannot execute action on a DM channel");
  if (!world.has_channel_permission(channel_id, actor, permission::kManageRoles)) return missing_permissions();
  auto it = std::find_if(ch->permission_overwrites.begin(), ch->permission_overwrites.end(),
                         [&](const PermissionOverwrite& o) { return o.id == overwrite_id; });
  if (it == ch->permission_overwrites.end()) return {};
  const auto viewers_before = channel_viewers(world, *ch);
  const PermissionOverwrite previous = *it;
  ch->permission_overwrites.erase(it);
  const Channel after = *ch;
  dispatch_channel_change(s, after, viewers_before);
  AuditEntry entry;
  entry.guild_id = *after.guild_id;
  entry.action_type = audit::kChannelOverwriteDelete;
  entry.user_id = actor;
  entry.target_id = overwrite_id.str();
  entry.reason = std::move(reason);
  entry.options.emplace_back("id", audit::json_snowflake(overwrite_id));
  entry.options.emplace_back("type", audit::json_int(static_cast<int>(previous.type)));
  entry.options.emplace_back("channel_id", audit::json_snowflake(channel_id));
  entry.changes.push_back({"allow", audit::json_string(std::to_string(previous.allow)), std::nullopt});
  entry.changes.push_back({"deny", audit::json_string(std::to_string(previous.deny)), std::nullopt});
  record_audit(s, std::move(entry));
  return {};
}

Result<Channel> create_guild_channel(Services& s, Snowflake guild_id, Snowflake actor, ChannelDraft draft,
                                     std::optional<std::string> reason) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kManageChannels)) return missing_permissions();
  if (draft.parent_id &&
      (draft.type == ChannelType::GuildCategory || !is_category_of(world, draft.parent_id, guild_id)))
    return invalid("parent_id", "INVALID_FORMAT", "Must be a category of this guild");
  if (draft.type == ChannelType::GuildLink && !draft.url)
    return invalid("url", "INVALID_FORMAT", "Link channels need a url");
  for (std::size_t i = 0; i < draft.permission_overwrites.size(); ++i)
    if (auto ok = check_overwrite_target(world, guild_id, draft.permission_overwrites[i]); !ok)
      return invalid("permission_overwrites." + std::to_string(i) + ".id", "INVALID_FORMAT", "Unknown role or member");
  if (world.guild_channels(guild_id).size() >= 500)
    return api(400, "MAX_GUILD_CHANNELS", "Maximum number of guild channels reached (500)");
  auto& c = world.add_channel(guild_id, draft.type, std::move(draft.name), draft.parent_id);
  if (draft.type == ChannelType::GuildText) c.topic = std::move(draft.topic);
  c.nsfw = draft.nsfw;
  c.rate_limit_per_user = draft.rate_limit_per_user;
  if (draft.bitrate) c.bitrate = *draft.bitrate;
  if (draft.user_limit) c.user_limit = *draft.user_limit;
  if (draft.type == ChannelType::GuildLink) c.url = std::move(draft.url);
  if (draft.position) c.position = *draft.position;
  c.permission_overwrites = std::move(draft.permission_overwrites);
  const Channel created = c;
  dispatch_channel_change(s, created, {});
  record_channel_audit(s, created, audit::kChannelCreate, actor, std::move(reason), nullptr);
  return created;
}

Result<void> update_channel_positions(Services& s, Snowflake guild_id, Snowflake actor,
                                      const std::vector<ChannelPosition>& positions) {
  auto& world = s.world;
  if (!world.guild(guild_id)) return unknown("GUILD", "Guild");
  if (!world.has_guild_permission(guild_id, actor, permission::kManageChannels)) return missing_permissions();
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const auto* c = world.channel(positions[i].id);
    if (!c || c->guild_id != guild_id)
      return invalid(std::to_string(i) + ".id", "INVALID_FORMAT", "Unknown channel in this guild");
    if (positions[i].parent_id && *positions[i].parent_id &&
        (c->type == ChannelType::GuildCategory || !is_category_of(world, *positions[i].parent_id, guild_id)))
      return invalid(std::to_string(i) + ".parent_id", "INVALID_FORMAT", "Must be a category of this guild");
  }
  std::map<Snowflake, std::vector<Snowflake>> viewers_before;
  for (const auto& p : positions) viewers_before[p.id] = channel_viewers(world, *world.channel(p.id));
  std::vector<Snowflake> changed;
  for (const auto& p : positions) {
    auto* c = world.channel(p.id);
    const Channel before = *c;
    if (p.position) c->position = *p.position;
    if (p.parent_id) c->parent_id = *p.parent_id;
    if (p.lock_permissions && c->parent_id)
      if (const auto* parent = world.channel(*c->parent_id)) c->permission_overwrites = parent->permission_overwrites;
    if (c->position != before.position || c->parent_id != before.parent_id ||
        c->permission_overwrites.size() != before.permission_overwrites.size() || p.lock_permissions)
      changed.push_back(c->id);
  }
  if (changed.empty()) return {};
  // One CHANNEL_UPDATE_BULK per member, trimmed to the channels that member can see.
  std::set<Snowflake> audience;
  for (auto id : changed) {
    for (auto u : viewers_before[id]) audience.insert(u);
    for (auto u : channel_viewers(world, *world.channel(id))) audience.insert(u);
  }
  for (auto viewer : audience) {
    std::vector<const Channel*> visible;
    for (auto id : changed)
      if (world.can_view_channel(id, viewer)) visible.push_back(world.channel(id));
    if (visible.empty()) continue;
    GatewayEvent e;
    e.name = "CHANNEL_UPDATE_BULK";
    e.guild_id = guild_id;
    e.user_ids = {viewer};
    e.data = json::build([&](json::Writer& w) {
      json::Context ctx{world, s.options.mode, viewer};
      w.StartObject();
      json::key(w, "guild_id"), json::snowflake(w, guild_id);
      json::key(w, "channels"), w.StartArray();
      for (const auto* c : visible) json::channel(w, ctx, *c);
      w.EndArray();
      w.EndObject();
    });
    s.events.dispatch(e);
  }
  return {};
}

Result<Channel> open_dm(Services& s, Snowflake actor, Snowflake recipient) {
  auto& world = s.world;
  const auto* other = world.user(recipient);
  if (!other) return unknown("USER", "User");
  const auto* me = world.user(actor);
  if ((me && me->bot) || other->bot) {
    if (actor != recipient && !shares_guild(world, actor, recipient))
      return api(400, "CANNOT_SEND_MESSAGES_TO_USER", "Cannot send messages to this user");
  }
  const auto before = world.private_channels_of(actor).size();
  const Channel dm = world.open_dm(actor, recipient);
  if (world.private_channels_of(actor).size() != before)
    s.events.dispatch(channel_event_for(s, dm, "CHANNEL_CREATE", {actor}));
  return dm;
}

Result<Channel> create_group_dm(Services& s, Snowflake actor, const std::vector<Snowflake>& recipients) {
  auto& world = s.world;
  const auto* me = world.user(actor);
  std::vector<Snowflake> members{actor};
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    const auto id = recipients[i];
    if (!world.user(id)) return unknown("USER", "User");
    if (me && me->bot && !shares_guild(world, actor, id))
      return api(400, "CANNOT_SEND_MESSAGES_TO_USER", "Cannot send messages to this user");
    if (std::find(members.begin(), members.end(), id) == members.end()) members.push_back(id);
  }
  // World has no group-DM constructor: make a channel, then turn it into a private one.
  auto& c = world.add_channel(Snowflake{}, ChannelType::GroupDm, "");
  c.guild_id.reset();
  c.name.reset();
  c.position = 0;
  c.owner_id = actor;
  c.recipients = members;
  const Channel created = c;
  s.events.dispatch(channel_event_for(s, created, "CHANNEL_CREATE", members));
  return created;
}

}  // namespace fluxer::emulator::actions
