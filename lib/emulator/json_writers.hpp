#pragma once
// The emulator's own JSON writers for every entity, shaped as fluxer-protocol.md §6 says
// (absent vs null kept apart). Independent of the SDK's codec by design.

#include <optional>
#include <string>
#include <string_view>

#include "emulator/rapidjson.hpp"

#include <fluxer/emulator/options.hpp>
#include <fluxer/emulator/world.hpp>

namespace fluxer::emulator::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

/// Builds a JSON text by calling `fn(Writer&)`.
template <class F>
std::string build(F&& fn) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  fn(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void key(Writer& w, std::string_view k);
void string(Writer& w, std::string_view s);
void snowflake(Writer& w, Snowflake id);
void timestamp(Writer& w, Timestamp t);
void optional_string(Writer& w, const std::optional<std::string>& s);
void optional_snowflake(Writer& w, const std::optional<Snowflake>& id);
void optional_timestamp(Writer& w, const std::optional<Timestamp>& t);
void optional_int(Writer& w, const std::optional<int>& v);
/// Writes pre-serialised JSON text verbatim.
void raw(Writer& w, std::string_view json);

/// How a member's `user` field is written.
enum class MemberUser { Full, IdOnly, Omit };

struct Context {
  const World& world;
  ProtocolMode mode = ProtocolMode::B;
  /// The user the payload is written for (DM `recipients` exclude them, reactions get `me`).
  Snowflake viewer{};
};

void partial_user(Writer& w, const User& u);
/// A partial user by id; unknown ids are written as `{id, username:"unknown-user", ...}`.
void partial_user(Writer& w, const World& world, Snowflake user_id);
/// The private user object (READY `user`, `/users/@me`, USER_UPDATE).
void private_user(Writer& w, const Context& ctx, const User& u);
void guild(Writer& w, const Context& ctx, const Guild& g);
void role(Writer& w, const Role& r);
void overwrite(Writer& w, const PermissionOverwrite& o);
void channel(Writer& w, const Context& ctx, const Channel& c);
void member(Writer& w, const Context& ctx, const Member& m, MemberUser user_form, bool with_guild_id = false);
void attachment(Writer& w, const Attachment& a);
void reaction_emoji(Writer& w, const ReactionEmoji& e);

struct MessageOptions {
  bool include_nonce = false;  ///< only MESSAGE_CREATE and the REST create response echo the nonce
  bool event_fields = false;   ///< add channel_type, guild_id, member (without user)
  bool include_referenced = true;
  bool include_channel_type = true;  ///< with event_fields: MESSAGE_CREATE has it, MESSAGE_UPDATE not
  bool include_reactions = true;     ///< pin list items omit reactions
};
void message(Writer& w, const Context& ctx, const Message& m, const MessageOptions& opts = {});
void ban(Writer& w, const Context& ctx, const Ban& b);
void invite(Writer& w, const Context& ctx, const Invite& i, bool with_metadata);
void webhook(Writer& w, const Context& ctx, const Webhook& h);
void emoji(Writer& w, const Context& ctx, const Emoji& e, bool with_user);
void application(Writer& w, const Context& ctx, const Application& a);
/// GUILD_CREATE "guild-ready" object (§3.7): channels visible to ctx.viewer, members = the
/// viewer's own member (user reduced to {id} when `burst`).
void guild_ready(Writer& w, const Context& ctx, const Guild& g, bool burst);
/// `{id, unavailable:true}`.
void unavailable_guild(Writer& w, Snowflake id);

}  // namespace fluxer::emulator::json
