#include <fluxer/client/managers.hpp>

#include "client/client_core.hpp"

namespace fluxer {

// ------------------------------------------------------------------ guilds

std::optional<Guild> GuildManager::get(Snowflake guild_id) const { return core_->cache().guild(guild_id); }
std::vector<Snowflake> GuildManager::ids() const { return core_->cache().guild_ids(); }

Future<Guild> GuildManager::fetch(Snowflake guild_id, CallOptions options) const {
  auto* core = core_;
  return core->rest().get_guild(guild_id, std::move(options)).then([core](Result<Guild> r) -> Result<Guild> {
    if (r) core->cache().put(*r);
    return r;
  });
}

Future<Guild> GuildManager::resolve(Snowflake guild_id, CallOptions options) const {
  if (auto g = get(guild_id)) return make_ready_future(std::move(*g));
  return fetch(guild_id, std::move(options));
}

// ------------------------------------------------------------------ channels

std::optional<Channel> ChannelManager::get(Snowflake channel_id) const { return core_->cache().channel(channel_id); }
std::vector<Channel> ChannelManager::in_guild(Snowflake guild_id) const { return core_->cache().channels(guild_id); }

Future<Channel> ChannelManager::fetch(Snowflake channel_id, CallOptions options) const {
  auto* core = core_;
  return core->rest().get_channel(channel_id, std::move(options)).then([core](Result<Channel> r) -> Result<Channel> {
    if (r) core->cache().put(*r);
    return r;
  });
}

Future<Channel> ChannelManager::resolve(Snowflake channel_id, CallOptions options) const {
  if (auto c = get(channel_id)) return make_ready_future(std::move(*c));
  return fetch(channel_id, std::move(options));
}

Future<Message> ChannelManager::send(Snowflake channel_id, CreateMessage body, CallOptions options) const {
  return core_->rest().create_message(channel_id, std::move(body), {}, std::move(options));
}

Future<Message> ChannelManager::send(Snowflake channel_id, std::string content, CallOptions options) const {
  CreateMessage body;
  body.content = std::move(content);
  return send(channel_id, std::move(body), std::move(options));
}

Future<Message> ChannelManager::fetch_message(Snowflake channel_id, Snowflake message_id, CallOptions options) const {
  if (auto m = core_->cache().message(channel_id, message_id)) return make_ready_future(std::move(*m));
  auto* core = core_;
  return core->rest()
      .get_message(channel_id, message_id, std::move(options))
      .then([core](Result<Message> r) -> Result<Message> {
        if (r) core->cache().put(*r);
        return r;
      });
}

// ------------------------------------------------------------------ users

std::optional<User> UserManager::get(Snowflake user_id) const { return core_->cache().user(user_id); }

Future<User> UserManager::fetch(Snowflake user_id, CallOptions options) const {
  auto* core = core_;
  return core->rest().get_user(user_id, std::move(options)).then([core](Result<User> r) -> Result<User> {
    if (r) core->cache().put(*r);
    return r;
  });
}

Future<User> UserManager::resolve(Snowflake user_id, CallOptions options) const {
  if (auto u = get(user_id)) return make_ready_future(std::move(*u));
  return fetch(user_id, std::move(options));
}

Future<UserProfile> UserManager::fetch_with_profile(Snowflake user_id, std::optional<Snowflake> guild_id,
                                                    CallOptions options) const {
  auto* core = core_;
  return core->rest()
      .get_user_profile(user_id, guild_id, std::move(options))
      .then([core, guild_id](Result<UserProfile> r) -> Result<UserProfile> {
        if (r) {
          core->cache().put(r->user);
          if (guild_id && r->guild_member) core->cache().put(*r->guild_member, *guild_id);
        }
        return r;
      });
}

// ------------------------------------------------------------------ members

std::optional<GuildMember> MemberManager::get(Snowflake guild_id, Snowflake user_id) const {
  return core_->cache().member(guild_id, user_id);
}
std::vector<GuildMember> MemberManager::in_guild(Snowflake guild_id) const { return core_->cache().members(guild_id); }

Future<GuildMember> MemberManager::fetch(Snowflake guild_id, Snowflake user_id, CallOptions options) const {
  auto* core = core_;
  return core->rest()
      .get_member(guild_id, user_id, std::move(options))
      .then([core, guild_id](Result<GuildMember> r) -> Result<GuildMember> {
        if (r) core->cache().put(*r, guild_id);
        return r;
      });
}

Future<GuildMember> MemberManager::resolve(Snowflake guild_id, Snowflake user_id, CallOptions options) const {
  if (auto m = get(guild_id, user_id)) return make_ready_future(std::move(*m));
  return fetch(guild_id, user_id, std::move(options));
}

// ------------------------------------------------------------------ roles

std::optional<Role> RoleManager::get(Snowflake guild_id, Snowflake role_id) const {
  return core_->cache().role(guild_id, role_id);
}
std::vector<Role> RoleManager::in_guild(Snowflake guild_id) const { return core_->cache().roles(guild_id); }

Future<std::vector<Role>> RoleManager::fetch(Snowflake guild_id, CallOptions options) const {
  auto* core = core_;
  return core->rest()
      .get_roles(guild_id, std::move(options))
      .then([core, guild_id](Result<std::vector<Role>> r) -> Result<std::vector<Role>> {
        if (r) {
          for (const auto& role : *r) core->cache().put(role, guild_id);
        }
        return r;
      });
}

Future<Role> RoleManager::resolve(Snowflake guild_id, Snowflake role_id, CallOptions options) const {
  if (auto role = get(guild_id, role_id)) return make_ready_future(std::move(*role));
  return fetch(guild_id, std::move(options)).then([role_id](Result<std::vector<Role>> r) -> Result<Role> {
    if (!r) return r.error();
    for (auto& role : *r) {
      if (role.id == role_id) return std::move(role);
    }
    return Error::api(404, "UNKNOWN_ROLE", "the guild has no role with this id");
  });
}

}  // namespace fluxer
