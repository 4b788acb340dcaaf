// Members (paged; `limit` always sent), member roles, kicks, and bans (with durations).

#include "rest/rest_impl.hpp"

namespace fluxer {

using rest::JsonDecoder;

namespace {
Snowflake member_id(const GuildMember& m) {
  return m.user_id();
}
Snowflake ban_id(const Ban& b) {
  return b.user.id;
}
}  // namespace

Future<std::vector<GuildMember>> Rest::get_members(Snowflake guild_id, GetMembers query, CallOptions options) {
  if (auto ok = rest::check_range("limit", query.limit, 1, 1000); !ok)
    return failed<std::vector<GuildMember>>(*impl_, std::move(ok).error());
  rest::QueryBuilder q;
  q.add("limit", query.limit);  // always: a [B] server defaults to 1
  q.add("after", query.after);
  return impl_->call<std::vector<GuildMember>>(
      rest::request("GET", fmt::format("/guilds/{}/members", guild_id), q.take()), options,
      JsonDecoder<std::vector<GuildMember>>{});
}
void Rest::get_members(Snowflake guild_id, GetMembers query, RestCallback<std::vector<GuildMember>> done,
                       CallOptions options) {
  get_members(guild_id, std::move(query), std::move(options)).then(deliver(std::move(done), *impl_));
}

Paginator<GuildMember> Rest::paginate_members(Snowflake guild_id, Paging paging, CallOptions options) {
  auto make = [guild_id](const PageWalker::Request& page) -> Result<rest::HttpRequest> {
    rest::QueryBuilder q;
    q.add("limit", page.limit);
    q.add("after", page.cursor);
    return rest::request("GET", fmt::format("/guilds/{}/members", guild_id), q.take());
  };
  auto decode = [](const rest::HttpResponse& r) -> Result<FetchedPage<GuildMember>> {
    auto list = from_json<std::vector<GuildMember>>(r.body);
    if (!list) return std::move(list).error();
    return FetchedPage<GuildMember>{std::move(*list), std::nullopt, std::nullopt};
  };
  return make_paginator<GuildMember>(impl_, PageWalker::Direction::Ascending, paging, 1000, std::move(make),
                                     std::move(decode), std::move(options), &member_id);
}

Future<GuildMember> Rest::get_member(Snowflake guild_id, Snowflake user_id, CallOptions options) {
  return impl_->call<GuildMember>(rest::request("GET", fmt::format("/guilds/{}/members/{}", guild_id, user_id)),
                                  options, JsonDecoder<GuildMember>{});
}
void Rest::get_member(Snowflake guild_id, Snowflake user_id, RestCallback<GuildMember> done, CallOptions options) {
  get_member(guild_id, user_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<GuildMember> Rest::get_current_member(Snowflake guild_id, CallOptions options) {
  return impl_->call<GuildMember>(rest::request("GET", fmt::format("/guilds/{}/members/@me", guild_id)), options,
                                  JsonDecoder<GuildMember>{});
}
void Rest::get_current_member(Snowflake guild_id, RestCallback<GuildMember> done, CallOptions options) {
  get_current_member(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<GuildMember> Rest::modify_member(Snowflake guild_id, Snowflake user_id, ModifyMember body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<GuildMember>(*impl_, std::move(json).error());
  return impl_->call<GuildMember>(
      rest::json_request("PATCH", fmt::format("/guilds/{}/members/{}", guild_id, user_id), std::move(*json)), options,
      JsonDecoder<GuildMember>{});
}
void Rest::modify_member(Snowflake guild_id, Snowflake user_id, ModifyMember body, RestCallback<GuildMember> done,
                         CallOptions options) {
  modify_member(guild_id, user_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<GuildMember> Rest::modify_current_member(Snowflake guild_id, ModifyMember body, CallOptions options) {
  if (body.roles)
    return failed<GuildMember>(
        *impl_, Error::invalid_argument("roles", "cannot be changed through /members/@me", "NOT_ALLOWED"));
  auto json = to_json(body);
  if (!json) return failed<GuildMember>(*impl_, std::move(json).error());
  return impl_->call<GuildMember>(
      rest::json_request("PATCH", fmt::format("/guilds/{}/members/@me", guild_id), std::move(*json)), options,
      JsonDecoder<GuildMember>{});
}
void Rest::modify_current_member(Snowflake guild_id, ModifyMember body, RestCallback<GuildMember> done,
                                 CallOptions options) {
  modify_current_member(guild_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_member(Snowflake guild_id, Snowflake user_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/guilds/{}/members/{}", guild_id, user_id)), options,
                           rest::NoBody{});
}
void Rest::remove_member(Snowflake guild_id, Snowflake user_id, RestCallback<void> done, CallOptions options) {
  remove_member(guild_id, user_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::add_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, CallOptions options) {
  return impl_->call<void>(
      rest::request("PUT", fmt::format("/guilds/{}/members/{}/roles/{}", guild_id, user_id, role_id)), options,
      rest::NoBody{});
}
void Rest::add_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, RestCallback<void> done,
                           CallOptions options) {
  add_member_role(guild_id, user_id, role_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, CallOptions options) {
  return impl_->call<void>(
      rest::request("DELETE", fmt::format("/guilds/{}/members/{}/roles/{}", guild_id, user_id, role_id)), options,
      rest::NoBody{});
}
void Rest::remove_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, RestCallback<void> done,
                              CallOptions options) {
  remove_member_role(guild_id, user_id, role_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

// ---------------------------------------------------------------------------- bans

Future<std::vector<Ban>> Rest::get_bans(Snowflake guild_id, GetBans query, CallOptions options) {
  if (auto ok = rest::check_range("limit", query.limit, 1, 1000); !ok)
    return failed<std::vector<Ban>>(*impl_, std::move(ok).error());
  rest::QueryBuilder q;
  q.add("limit", query.limit);
  q.add("before", query.before);
  q.add("after", query.after);
  return impl_->call<std::vector<Ban>>(rest::request("GET", fmt::format("/guilds/{}/bans", guild_id), q.take()),
                                       options, JsonDecoder<std::vector<Ban>>{});
}
void Rest::get_bans(Snowflake guild_id, GetBans query, RestCallback<std::vector<Ban>> done, CallOptions options) {
  get_bans(guild_id, std::move(query), std::move(options)).then(deliver(std::move(done), *impl_));
}

Paginator<Ban> Rest::paginate_bans(Snowflake guild_id, Paging paging, CallOptions options) {
  auto make = [guild_id](const PageWalker::Request& page) -> Result<rest::HttpRequest> {
    rest::QueryBuilder q;
    q.add("limit", page.limit);
    q.add("after", page.cursor);
    return rest::request("GET", fmt::format("/guilds/{}/bans", guild_id), q.take());
  };
  auto decode = [](const rest::HttpResponse& r) -> Result<FetchedPage<Ban>> {
    auto list = from_json<std::vector<Ban>>(r.body);
    if (!list) return std::move(list).error();
    return FetchedPage<Ban>{std::move(*list), std::nullopt, std::nullopt};
  };
  return make_paginator<Ban>(impl_, PageWalker::Direction::Ascending, paging, 1000, std::move(make), std::move(decode),
                             std::move(options), &ban_id);
}

Future<void> Rest::create_ban(Snowflake guild_id, Snowflake user_id, CreateBan body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<void>(*impl_, std::move(json).error());
  return impl_->call<void>(
      rest::json_request("PUT", fmt::format("/guilds/{}/bans/{}", guild_id, user_id), std::move(*json)), options,
      rest::NoBody{});
}
void Rest::create_ban(Snowflake guild_id, Snowflake user_id, CreateBan body, RestCallback<void> done,
                      CallOptions options) {
  create_ban(guild_id, user_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_ban(Snowflake guild_id, Snowflake user_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/guilds/{}/bans/{}", guild_id, user_id)), options,
                           rest::NoBody{});
}
void Rest::remove_ban(Snowflake guild_id, Snowflake user_id, RestCallback<void> done, CallOptions options) {
  remove_ban(guild_id, user_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
