// Seeding a World from a JSON document (format: docs/emulator.md "Seed files").

#include <fluxer/emulator/world.hpp>

#include <cctype>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include "emulator/rapidjson.hpp"

#include "emulator/json_reader.hpp"
#include "emulator/random.hpp"

namespace fluxer::emulator {

namespace {

using Value = rapidjson::Value;

struct SeedError {
  std::string path;
  std::string what;
};

std::string str_of(const Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

const Value* field(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::optional<std::string> opt_string(const Value& obj, const char* name, const std::string& path) {
  const auto* v = field(obj, name);
  if (!v) return std::nullopt;
  if (!v->IsString()) throw SeedError{path + "." + name, "must be a string"};
  return str_of(*v);
}

std::string req_string(const Value& obj, const char* name, const std::string& path) {
  auto s = opt_string(obj, name, path);
  if (!s || s->empty()) throw SeedError{path + "." + name, "is required"};
  return *s;
}

std::optional<Snowflake> opt_id(const Value& obj, const char* name, const std::string& path) {
  const auto* v = field(obj, name);
  if (!v) return std::nullopt;
  std::optional<Snowflake> id;
  if (v->IsString())
    id = Snowflake::parse(str_of(*v));
  else if (v->IsUint64())
    id = Snowflake{v->GetUint64()};
  if (!id || !*id) throw SeedError{path + "." + name, "must be a snowflake (decimal string)"};
  return id;
}

std::optional<std::uint64_t> opt_permissions(const Value& obj, const char* name, const std::string& path) {
  const auto* v = field(obj, name);
  if (!v) return std::nullopt;
  if (v->IsUint64()) return v->GetUint64();
  if (v->IsString())
    if (auto p = Snowflake::parse(str_of(*v))) return p->value();
  throw SeedError{path + "." + name, "must be a permission mask (decimal string)"};
}

bool opt_bool(const Value& obj, const char* name, const std::string& path, bool fallback) {
  const auto* v = field(obj, name);
  if (!v) return fallback;
  if (!v->IsBool()) throw SeedError{path + "." + name, "must be a boolean"};
  return v->GetBool();
}

std::optional<int> opt_int(const Value& obj, const char* name, const std::string& path) {
  const auto* v = field(obj, name);
  if (!v) return std::nullopt;
  if (!v->IsInt()) throw SeedError{path + "." + name, "must be an integer"};
  return v->GetInt();
}

const Value& array_of(const Value& obj, const char* name, const std::string& path) {
  static const Value empty(rapidjson::kArrayType);  // immutable sentinel
  const auto* v = field(obj, name);
  if (!v) return empty;
  if (!v->IsArray()) throw SeedError{path + "." + name, "must be an array"};
  return *v;
}

ChannelType channel_type(const Value& obj, const std::string& path) {
  const auto* v = field(obj, "type");
  if (!v) return ChannelType::GuildText;
  if (v->IsInt()) {
    switch (v->GetInt()) {
      case 0: return ChannelType::GuildText;
      case 2: return ChannelType::GuildVoice;
      case 4: return ChannelType::GuildCategory;
      case 998: return ChannelType::GuildLink;
      default: break;
    }
  } else if (v->IsString()) {
    const auto s = str_of(*v);
    if (s == "text") return ChannelType::GuildText;
    if (s == "voice") return ChannelType::GuildVoice;
    if (s == "category") return ChannelType::GuildCategory;
    if (s == "link") return ChannelType::GuildLink;
  }
  throw SeedError{path + ".type", "must be 0/\"text\", 2/\"voice\", 4/\"category\" or 998/\"link\""};
}

}  // namespace

Result<World> World::from_json(std::string_view text) {
  rapidjson::Document doc;
  if (json::parse(text, doc) == json::ReadStatus::TooDeep)
    return Error::decode("", fmt::format("seed nests arrays/objects deeper than {} levels", json::kMaxDepth),
                         "INVALID_JSON");
  if (doc.HasParseError())
    return Error::decode("",
                         fmt::format("seed is not valid JSON at offset {}: {}", doc.GetErrorOffset(),
                                     rapidjson::GetParseError_En(doc.GetParseError())),
                         "INVALID_JSON");
  if (!doc.IsObject()) return Error::decode("", "seed must be a JSON object", "INVALID_TYPE");
  World w;
  try {
    // Explicit ids first, so generated ones never collide with them.
    auto observe = [&](const Value& arr) {
      for (const auto& item : arr.GetArray())
        if (item.IsObject())
          for (const char* f : {"id", "user_id"})
            if (auto it = item.FindMember(f); it != item.MemberEnd() && it->value.IsString())
              if (auto id = Snowflake::parse(str_of(it->value))) w.ids_.observe(*id);
    };
    observe(array_of(doc, "users", ""));
    observe(array_of(doc, "bots", ""));
    observe(array_of(doc, "guilds", ""));

    auto resolve_user = [&](const std::string& s, const std::string& path) -> Snowflake {
      if (const auto* u = w.user_by_name(s)) return u->id;
      if (auto id = Snowflake::parse(s); id && w.user(*id)) return *id;
      throw SeedError{path, "unknown user '" + s + "'"};
    };
    auto user_ref = [&](const Value& obj, const char* name, const std::string& path) -> Snowflake {
      const auto* v = field(obj, name);
      if (!v || !v->IsString()) throw SeedError{path + "." + name, "must name a user (username or id)"};
      return resolve_user(str_of(*v), path + "." + name);
    };
    auto rekey_user = [&](Snowflake from, Snowflake to) {
      if (from == to) return;
      if (w.users_.count(to)) throw SeedError{"", "duplicate user id " + to.str()};
      auto node = w.users_.extract(from);
      node.key() = to;
      node.mapped().id = to;
      w.users_.insert(std::move(node));
      if (auto t = w.user_tokens_.extract(from)) {
        t.key() = to;
        w.user_tokens_.insert(std::move(t));
      }
    };

    const auto& users = array_of(doc, "users", "");
    for (rapidjson::SizeType i = 0; i < users.Size(); ++i) {
      const auto path = fmt::format("users.{}", i);
      const auto& u = users[i];
      if (!u.IsObject()) throw SeedError{path, "must be an object"};
      const auto username = req_string(u, "username", path);
      if (w.user_by_name(username)) throw SeedError{path + ".username", "duplicate username"};
      auto& created = w.add_user(username, opt_string(u, "discriminator", path));
      created.global_name = opt_string(u, "global_name", path);
      created.avatar = opt_string(u, "avatar", path);
      created.bio = opt_string(u, "bio", path);
      auto id = created.id;
      if (auto explicit_id = opt_id(u, "id", path)) {
        rekey_user(id, *explicit_id);
        id = *explicit_id;
      }
      if (auto token = opt_string(u, "token", path)) {
        if (token->find('.') != std::string::npos || token->find(' ') != std::string::npos)
          throw SeedError{path + ".token", "a user token must not contain '.' or spaces"};
        w.user_tokens_[id] = *token;
      }
    }

    const auto& bots = array_of(doc, "bots", "");
    for (rapidjson::SizeType i = 0; i < bots.Size(); ++i) {
      const auto path = fmt::format("bots.{}", i);
      const auto& b = bots[i];
      if (!b.IsObject()) throw SeedError{path, "must be an object"};
      const auto name = req_string(b, "name", path);
      if (w.user_by_name(name)) throw SeedError{path + ".name", "duplicate username"};
      Snowflake owner{};
      if (field(b, "owner")) owner = user_ref(b, "owner", path);
      auto secret = opt_string(b, "secret", path).value_or("");
      if (!secret.empty()) {
        if (secret.size() != 43) throw SeedError{path + ".secret", "must be 43 base64url characters"};
        for (char c : secret)
          if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            throw SeedError{path + ".secret", "must be 43 base64url characters"};
      }
      auto& app = w.add_bot(name, owner, secret);
      app.description = opt_string(b, "description", path);
      app.bot_public = opt_bool(b, "public", path, true);
      if (auto uid = opt_id(b, "user_id", path)) {
        rekey_user(app.bot_user_id, *uid);
        app.bot_user_id = *uid;
      }
      if (auto aid = opt_id(b, "id", path)) {
        if (w.apps_.count(*aid)) throw SeedError{path + ".id", "duplicate application id"};
        auto node = w.apps_.extract(app.id);
        node.key() = *aid;
        node.mapped().id = *aid;
        w.apps_.insert(std::move(node));
      }
    }

    const auto& guilds = array_of(doc, "guilds", "");
    for (rapidjson::SizeType gi = 0; gi < guilds.Size(); ++gi) {
      const auto gpath = fmt::format("guilds.{}", gi);
      const auto& g = guilds[gi];
      if (!g.IsObject()) throw SeedError{gpath, "must be an object"};
      const auto owner = user_ref(g, "owner", gpath);
      Snowflake guild_id = w.add_guild(req_string(g, "name", gpath), owner).id;
      if (auto explicit_id = opt_id(g, "id", gpath)) {
        if (w.guilds_.count(*explicit_id)) throw SeedError{gpath + ".id", "duplicate guild id"};
        auto node = w.guilds_.extract(guild_id);
        node.key() = *explicit_id;
        node.mapped().id = *explicit_id;
        w.guilds_.insert(std::move(node));
        auto role = w.roles_.extract(guild_id);  // @everyone follows the guild id
        role.key() = *explicit_id;
        role.mapped().id = *explicit_id;
        role.mapped().guild_id = *explicit_id;
        w.roles_.insert(std::move(role));
        auto members = w.members_.extract(guild_id);
        members.key() = *explicit_id;
        for (auto& [uid, m] : members.mapped()) m.guild_id = *explicit_id;
        w.members_.insert(std::move(members));
        guild_id = *explicit_id;
      }
      auto* guild = w.guild(guild_id);
      guild->icon = opt_string(g, "icon", gpath);
      guild->unavailable = opt_bool(g, "unavailable", gpath, false);
      if (auto p = opt_permissions(g, "everyone_permissions", gpath)) w.role(guild_id)->permissions = *p;
      if (const auto* feats = field(g, "features")) {
        if (!feats->IsArray()) throw SeedError{gpath + ".features", "must be an array of strings"};
        for (const auto& f : feats->GetArray()) {
          if (!f.IsString()) throw SeedError{gpath + ".features", "must be an array of strings"};
          guild->features.push_back(str_of(f));
        }
      }

      std::map<std::string, Snowflake> role_names{{"@everyone", guild_id}};
      const auto& roles = array_of(g, "roles", gpath);
      for (rapidjson::SizeType i = 0; i < roles.Size(); ++i) {
        const auto path = fmt::format("{}.roles.{}", gpath, i);
        const auto& r = roles[i];
        if (!r.IsObject()) throw SeedError{path, "must be an object"};
        const auto name = req_string(r, "name", path);
        auto& role = w.add_role(guild_id, name, opt_permissions(r, "permissions", path).value_or(0));
        role.color = opt_int(r, "color", path).value_or(0);
        role.hoist = opt_bool(r, "hoist", path, false);
        role.mentionable = opt_bool(r, "mentionable", path, false);
        Snowflake rid = role.id;
        if (auto explicit_id = opt_id(r, "id", path)) {
          if (w.roles_.count(*explicit_id)) throw SeedError{path + ".id", "duplicate role id"};
          auto node = w.roles_.extract(rid);
          node.key() = *explicit_id;
          node.mapped().id = *explicit_id;
          w.roles_.insert(std::move(node));
          rid = *explicit_id;
        }
        role_names[name] = rid;
      }
      auto role_ref = [&](const Value& v, const std::string& path) {
        if (!v.IsString()) throw SeedError{path, "must name a role"};
        auto it = role_names.find(str_of(v));
        if (it != role_names.end()) return it->second;
        if (auto id = Snowflake::parse(str_of(v)); id && w.role(*id)) return *id;
        throw SeedError{path, "unknown role '" + str_of(v) + "'"};
      };

      std::map<std::string, Snowflake> channel_names;
      const auto& channels = array_of(g, "channels", gpath);
      for (rapidjson::SizeType i = 0; i < channels.Size(); ++i) {
        const auto path = fmt::format("{}.channels.{}", gpath, i);
        const auto& c = channels[i];
        if (!c.IsObject()) throw SeedError{path, "must be an object"};
        std::optional<Snowflake> parent;
        if (const auto* p = field(c, "parent")) {
          if (!p->IsString() || !channel_names.count(str_of(*p)))
            throw SeedError{path + ".parent", "must name a category listed before this channel"};
          parent = channel_names[str_of(*p)];
          if (w.channel(*parent)->type != ChannelType::GuildCategory)
            throw SeedError{path + ".parent", "must name a category"};
        }
        const auto name = req_string(c, "name", path);
        auto& ch = w.add_channel(guild_id, channel_type(c, path), name, parent);
        ch.topic = opt_string(c, "topic", path);
        ch.url = opt_string(c, "url", path);
        ch.nsfw = opt_bool(c, "nsfw", path, false);
        ch.rate_limit_per_user = opt_int(c, "rate_limit_per_user", path).value_or(0);
        const auto& ows = array_of(c, "overwrites", path);
        for (rapidjson::SizeType k = 0; k < ows.Size(); ++k) {
          const auto opath = fmt::format("{}.overwrites.{}", path, k);
          const auto& o = ows[k];
          if (!o.IsObject()) throw SeedError{opath, "must be an object"};
          PermissionOverwrite ow;
          if (const auto* r = field(o, "role")) {
            ow.type = PermissionOverwrite::Type::Role;
            ow.id = role_ref(*r, opath + ".role");
          } else if (field(o, "member")) {
            ow.type = PermissionOverwrite::Type::Member;
            ow.id = user_ref(o, "member", opath);
          } else {
            throw SeedError{opath, "needs \"role\" or \"member\""};
          }
          ow.allow = opt_permissions(o, "allow", opath).value_or(0);
          ow.deny = opt_permissions(o, "deny", opath).value_or(0);
          ch.permission_overwrites.push_back(ow);
        }
        Snowflake cid = ch.id;
        if (auto explicit_id = opt_id(c, "id", path)) {
          if (w.channels_.count(*explicit_id)) throw SeedError{path + ".id", "duplicate channel id"};
          auto node = w.channels_.extract(cid);
          node.key() = *explicit_id;
          node.mapped().id = *explicit_id;
          w.channels_.insert(std::move(node));
          cid = *explicit_id;
        }
        channel_names[name] = cid;
      }
      if (auto sys = opt_string(g, "system_channel", gpath)) {
        if (!channel_names.count(*sys)) throw SeedError{gpath + ".system_channel", "unknown channel"};
        w.guild(guild_id)->system_channel_id = channel_names[*sys];
      }

      const auto& members = array_of(g, "members", gpath);
      for (rapidjson::SizeType i = 0; i < members.Size(); ++i) {
        const auto path = fmt::format("{}.members.{}", gpath, i);
        const auto& m = members[i];
        if (m.IsString()) {
          w.add_member(guild_id, resolve_user(str_of(m), path));
          continue;
        }
        if (!m.IsObject()) throw SeedError{path, "must be a username or an object"};
        const auto uid = user_ref(m, "user", path);
        auto& mem = w.add_member(guild_id, uid);
        mem.nick = opt_string(m, "nick", path);
        const auto& rs = array_of(m, "roles", path);
        for (rapidjson::SizeType k = 0; k < rs.Size(); ++k) {
          const auto rid = role_ref(rs[k], fmt::format("{}.roles.{}", path, k));
          if (rid != guild_id) mem.roles.push_back(rid);
        }
      }

      const auto& messages = array_of(g, "messages", gpath);
      for (rapidjson::SizeType i = 0; i < messages.Size(); ++i) {
        const auto path = fmt::format("{}.messages.{}", gpath, i);
        const auto& m = messages[i];
        if (!m.IsObject()) throw SeedError{path, "must be an object"};
        const auto ch = req_string(m, "channel", path);
        if (!channel_names.count(ch)) throw SeedError{path + ".channel", "unknown channel '" + ch + "'"};
        w.add_message(channel_names[ch], user_ref(m, "author", path), req_string(m, "content", path));
      }
    }
  } catch (const SeedError& e) {
    return Error::decode(e.path, e.what, "INVALID_SEED");
  }
  return w;
}

Result<World> World::from_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::InvalidArgument, "cannot open seed file " + path.string(), "SEED_NOT_FOUND");
  std::ostringstream ss;
  ss << in.rdbuf();
  auto world = from_json(ss.str());
  if (!world) {
    auto err = std::move(world).error();
    err.message = path.string() + ": " + err.message;
    return err;
  }
  return world;
}

}  // namespace fluxer::emulator
