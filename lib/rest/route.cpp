#include "rest/route.hpp"

#include <algorithm>
#include <array>

namespace fluxer::rest {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Path segments without the leading slash and the "v1" prefix.
std::size_t split(std::string_view path, std::array<std::string_view, 12>& out) {
  if (path.starts_with("/v1/")) path.remove_prefix(3);
  if (path.starts_with('/')) path.remove_prefix(1);
  std::size_t n = 0;
  while (n < out.size()) {
    const auto slash = path.find('/');
    out[n++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return n;
    path.remove_prefix(slash + 1);
  }
  return n + 1;  // more segments than any known route
}

// The server's buckets (fluxer-protocol.md §5.2 and the route list of §5.4).
const std::vector<RouteSpec> kRoutes = {
    {"GET", "/gateway/bot", "gateway:bot_info"},
    {"GET", "/instance", "instance:info"},
    {"GET", "/.well-known/fluxer", "instance:info"},
    {"GET", "/applications/@me", "application:read"},
    {"GET", "/users/@me", "user:settings:get"},
    {"GET", "/users/@me/guilds", "guild:list"},
    {"DELETE", "/users/@me/guilds/{guild_id}", "guild:leave::guild_id"},
    {"GET", "/users/@me/channels", "user:channels"},
    {"POST", "/users/@me/channels", "user:channels"},
    {"GET", "/users/{user_id}", "user:read::user_id"},
    {"GET", "/users/{target_id}/profile", "user:profile::target_id"},

    {"GET", "/channels/{channel_id}", "channel:read::channel_id"},
    {"PATCH", "/channels/{channel_id}", "channel:update::channel_id"},
    {"DELETE", "/channels/{channel_id}", "channel:delete::channel_id"},
    {"PUT", "/channels/{channel_id}/permissions/{overwrite_id}", "channel:update::channel_id"},
    {"DELETE", "/channels/{channel_id}/permissions/{overwrite_id}", "channel:update::channel_id"},
    {"PUT", "/channels/{channel_id}/recipients/{user_id}", "channel:update::channel_id"},
    {"DELETE", "/channels/{channel_id}/recipients/{user_id}", "channel:update::channel_id"},
    {"GET", "/channels/{channel_id}/slowmode", "channel:slowmode::channel_id"},
    {"POST", "/channels/{channel_id}/typing", "channel:typing::channel_id"},
    {"GET", "/channels/{channel_id}/messages", "channel:messages:read::channel_id"},
    {"POST", "/channels/{channel_id}/messages", "channel:message:create::channel_id"},
    {"POST", "/channels/{channel_id}/messages/bulk-delete", "channel:message:bulk_delete::channel_id"},
    {"GET", "/channels/{channel_id}/messages/pins", "channel:pins::channel_id"},
    {"GET", "/channels/{channel_id}/messages/{message_id}", "channel:message:read::channel_id"},
    {"PATCH", "/channels/{channel_id}/messages/{message_id}", "channel:message:update::channel_id"},
    {"DELETE", "/channels/{channel_id}/messages/{message_id}", "channel:message:delete::channel_id"},
    {"DELETE", "/channels/{channel_id}/messages/{message_id}/attachments/{attachment_id}",
     "channel:message:delete::channel_id"},
    {"PUT", "/channels/{channel_id}/pins/{message_id}", "channel:pins::channel_id"},
    {"DELETE", "/channels/{channel_id}/pins/{message_id}", "channel:pins::channel_id"},
    {"PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", "channel:reactions::channel_id"},
    {"DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", "channel:reactions::channel_id"},
    {"DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}",
     "channel:reactions::channel_id"},
    {"GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/users", "channel:reactions::channel_id"},
    {"GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", "channel:reactions::channel_id"},
    {"DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", "channel:reactions::channel_id"},
    {"DELETE", "/channels/{channel_id}/messages/{message_id}/reactions", "channel:reactions::channel_id"},
    {"GET", "/channels/{channel_id}/invites", "invite:list::channel_id"},
    {"POST", "/channels/{channel_id}/invites", "invite:create::channel_id"},
    {"GET", "/channels/{channel_id}/webhooks", "webhook:list::channel_id"},
    {"POST", "/channels/{channel_id}/webhooks", "webhook:create::channel_id"},

    {"GET", "/invites/{invite_code}", "invite:read::invite_code"},
    {"DELETE", "/invites/{invite_code}", "invite:delete::invite_code"},

    {"GET", "/webhooks/{webhook_id}", "webhook:read::webhook_id"},
    {"PATCH", "/webhooks/{webhook_id}", "webhook:update::webhook_id"},
    {"DELETE", "/webhooks/{webhook_id}", "webhook:delete::webhook_id"},
    {"GET", "/webhooks/{webhook_id}/{token}", "webhook:read::webhook_id"},
    {"PATCH", "/webhooks/{webhook_id}/{token}", "webhook:update::webhook_id"},
    {"DELETE", "/webhooks/{webhook_id}/{token}", "webhook:delete::webhook_id"},
    {"POST", "/webhooks/{webhook_id}/{token}", "webhook:execute::webhook_id", true},
    {"POST", "/webhooks/{webhook_id}/{token}/github", "webhook:github::webhook_id", true},
    {"POST", "/webhooks/{webhook_id}/{token}/slack", "webhook:slack::webhook_id", true},
    {"GET", "/webhooks/{webhook_id}/{token}/messages/{message_id}", "webhook:message_get::webhook_id", true},
    {"PATCH", "/webhooks/{webhook_id}/{token}/messages/{message_id}", "webhook:message_edit::webhook_id", true},
    {"DELETE", "/webhooks/{webhook_id}/{token}/messages/{message_id}", "webhook:message_delete::webhook_id", true},

    {"GET", "/guilds/{guild_id}", "guild:read::guild_id"},
    {"PATCH", "/guilds/{guild_id}", "guild:update::guild_id"},
    {"POST", "/guilds/{guild_id}/delete", "guild:delete::guild_id"},
    {"GET", "/guilds/{guild_id}/channels", "guild:channels:list::guild_id"},
    {"POST", "/guilds/{guild_id}/channels", "guild:channel:create::guild_id"},
    {"PATCH", "/guilds/{guild_id}/channels", "guild:channel:positions::guild_id"},
    {"GET", "/guilds/{guild_id}/vanity-url", "guild:vanity_url:get::guild_id"},
    {"GET", "/guilds/{guild_id}/audit-logs", "guild:audit_logs::guild_id"},
    {"GET", "/guilds/{guild_id}/invites", "invite:list::guild_id"},
    {"GET", "/guilds/{guild_id}/webhooks", "webhook:list::guild_id"},
    {"GET", "/guilds/{guild_id}/members", "guild:members::guild_id"},
    {"GET", "/guilds/{guild_id}/members/@me", "guild:members::guild_id"},
    {"PATCH", "/guilds/{guild_id}/members/@me", "guild:member:update::guild_id"},
    {"GET", "/guilds/{guild_id}/members/{user_id}", "guild:members::guild_id"},
    {"PATCH", "/guilds/{guild_id}/members/{user_id}", "guild:member:update::guild_id"},
    {"DELETE", "/guilds/{guild_id}/members/{user_id}", "guild:member:remove::guild_id"},
    {"PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "guild:member:role:add::guild_id"},
    {"DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "guild:member:role:remove::guild_id"},
    {"GET", "/guilds/{guild_id}/bans", "guild:members::guild_id"},
    {"PUT", "/guilds/{guild_id}/bans/{user_id}", "guild:member:remove::guild_id"},
    {"DELETE", "/guilds/{guild_id}/bans/{user_id}", "guild:member:remove::guild_id"},
    {"GET", "/guilds/{guild_id}/roles", "guild:role:list::guild_id"},
    {"POST", "/guilds/{guild_id}/roles", "guild:role:create::guild_id"},
    {"PATCH", "/guilds/{guild_id}/roles", "guild:role:positions::guild_id"},
    {"PATCH", "/guilds/{guild_id}/roles/{role_id}", "guild:role:update::guild_id"},
    {"DELETE", "/guilds/{guild_id}/roles/{role_id}", "guild:role:delete::guild_id"},
    {"GET", "/guilds/{guild_id}/emojis", "guild:emojis:list::guild_id"},
    {"POST", "/guilds/{guild_id}/emojis", "guild:emoji:create::guild_id"},
    {"POST", "/guilds/{guild_id}/emojis/bulk", "guild:emoji:bulk_create::guild_id"},
    {"PATCH", "/guilds/{guild_id}/emojis/{emoji_id}", "guild:emoji:update::guild_id"},
    {"DELETE", "/guilds/{guild_id}/emojis/{emoji_id}", "guild:emoji:delete::guild_id"},
    {"GET", "/guilds/{guild_id}/stickers", "guild:stickers:list::guild_id"},
    {"POST", "/guilds/{guild_id}/stickers", "guild:sticker:create::guild_id"},
    {"POST", "/guilds/{guild_id}/stickers/bulk", "guild:sticker:bulk_create::guild_id"},
    {"PATCH", "/guilds/{guild_id}/stickers/{sticker_id}", "guild:sticker:update::guild_id"},
    {"DELETE", "/guilds/{guild_id}/stickers/{sticker_id}", "guild:sticker:delete::guild_id"},
};

/// A pattern split once, for matching.
struct Compiled {
  const RouteSpec* spec;
  std::vector<std::string_view> segments;
  std::size_t literals = 0;
  std::string_view bucket;      ///< the template part of `spec->bucket`
  std::string_view major_name;  ///< the `::name` part ("channel_id"), or empty
  std::size_t major_index = 0;  ///< which segment holds it
};

std::vector<Compiled> compile() {
  std::vector<Compiled> out;
  out.reserve(kRoutes.size());
  for (const auto& spec : kRoutes) {
    Compiled c{&spec, {}, 0, spec.bucket, {}, 0};
    std::string_view p = spec.pattern.substr(1);
    while (true) {
      const auto slash = p.find('/');
      c.segments.push_back(p.substr(0, slash));
      if (slash == std::string_view::npos) break;
      p.remove_prefix(slash + 1);
    }
    if (const auto sep = spec.bucket.find("::"); sep != std::string_view::npos) {
      c.bucket = spec.bucket.substr(0, sep);
      c.major_name = spec.bucket.substr(sep + 2);
      for (std::size_t i = 0; i < c.segments.size(); ++i)
        if (c.segments[i].size() == c.major_name.size() + 2 &&
            c.segments[i].substr(1, c.major_name.size()) == c.major_name)
          c.major_index = i;
    }
    for (auto s : c.segments) c.literals += s.starts_with('{') ? 0 : 1;
    out.push_back(std::move(c));
  }
  return out;
}

const std::vector<Compiled>& compiled() {
  static const std::vector<Compiled> table = compile();  // constant data, built once
  return table;
}

/// The key of a route no table entry matches.
RouteKey generic_key(std::string_view method, const std::array<std::string_view, 12>& seg, std::size_t n) {
  RouteKey key;
  key.route.append(method);
  key.route.push_back(' ');
  std::string_view previous;
  bool webhook = false;
  for (std::size_t i = 0; i < n && i < seg.size(); ++i) {
    const auto s = seg[i];
    key.route.push_back('/');
    if (i == 1 && all_digits(s) &&
        (seg[0] == "channels" || seg[0] == "guilds" || seg[0] == "webhooks" || seg[0] == "users")) {
      const std::string_view kind = seg[0] == "channels" ? "channel_id"
                                    : seg[0] == "guilds" ? "guild_id"
                                    : seg[0] == "users"  ? "user_id"
                                                         : "webhook_id";
      key.route.append("{").append(kind).append("}");
      key.major.append(kind).append("=").append(s);
      webhook = seg[0] == "webhooks";
    } else if (i == 2 && webhook && !s.empty()) {
      key.route.append("{token}");
    } else if (previous == "reactions" && !s.empty()) {
      key.route.append("{emoji}");
    } else if (previous == "invites" && !s.empty()) {
      key.route.append("{code}");
    } else if (all_digits(s)) {
      key.route.append("{id}");
    } else {
      key.route.append(s);
    }
    previous = s;
  }
  key.global_exempt = method == "POST" && webhook && n >= 3;
  return key;
}

}  // namespace

const std::vector<RouteSpec>& route_table() {
  return kRoutes;
}

RouteKey route_key(std::string_view method, std::string_view path) {
  std::array<std::string_view, 12> seg{};
  const std::size_t n = split(path, seg);
  const Compiled* best = nullptr;
  if (n <= seg.size()) {
    for (const auto& c : compiled()) {
      if (c.segments.size() != n || c.spec->method != method) continue;
      bool match = true;
      for (std::size_t i = 0; i < n && match; ++i) {
        const auto want = c.segments[i];
        match = want.starts_with('{') ? !seg[i].empty() : want == seg[i];
      }
      if (match && (!best || c.literals > best->literals)) best = &c;
    }
  }
  if (!best) return generic_key(method, seg, std::min(n, seg.size()));
  RouteKey key;
  key.route.assign(best->bucket);
  if (!best->major_name.empty()) {
    key.major.reserve(best->major_name.size() + 1 + seg[best->major_index].size());
    key.major.append(best->major_name).append("=").append(seg[best->major_index]);
  }
  key.global_exempt = best->spec->global_exempt;
  return key;
}

}  // namespace fluxer::rest
