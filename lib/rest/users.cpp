// Users and DMs: /users/@me, /users/{id}, profiles, the bot's guilds, DM channels.

#include "rest/rest_codec.hpp"
#include "rest/rest_impl.hpp"

namespace fluxer {

using rest::JsonDecoder;

Future<CurrentUser> Rest::get_current_user(CallOptions options) {
  return impl_->call<CurrentUser>(rest::request("GET", "/users/@me"), options, JsonDecoder<CurrentUser>{});
}
void Rest::get_current_user(RestCallback<CurrentUser> done, CallOptions options) {
  get_current_user(std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<User> Rest::get_user(Snowflake user_id, CallOptions options) {
  return impl_->call<User>(rest::request("GET", fmt::format("/users/{}", user_id)), options, JsonDecoder<User>{});
}
void Rest::get_user(Snowflake user_id, RestCallback<User> done, CallOptions options) {
  get_user(user_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<UserProfile> Rest::get_user_profile(Snowflake user_id, std::optional<Snowflake> guild_id, CallOptions options) {
  rest::QueryBuilder q;
  q.add("guild_id", guild_id);
  return impl_->call<UserProfile>(rest::request("GET", fmt::format("/users/{}/profile", user_id), q.take()), options,
                                  [](const rest::HttpResponse& r) { return rest::decode_user_profile(r.body); });
}
void Rest::get_user_profile(Snowflake user_id, std::optional<Snowflake> guild_id, RestCallback<UserProfile> done,
                            CallOptions options) {
  get_user_profile(user_id, guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<std::vector<Guild>> Rest::get_current_user_guilds(GetCurrentUserGuilds query, CallOptions options) {
  if (auto ok = rest::check_range("limit", query.limit, 1, 200); !ok)
    return failed<std::vector<Guild>>(*impl_, std::move(ok).error());
  rest::QueryBuilder q;
  q.add("before", query.before);
  q.add("after", query.after);
  q.add("limit", query.limit);
  if (query.with_counts) q.add("with_counts", true);
  return impl_->call<std::vector<Guild>>(rest::request("GET", "/users/@me/guilds", q.take()), options,
                                         JsonDecoder<std::vector<Guild>>{});
}
void Rest::get_current_user_guilds(GetCurrentUserGuilds query, RestCallback<std::vector<Guild>> done,
                                   CallOptions options) {
  get_current_user_guilds(std::move(query), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::leave_guild(Snowflake guild_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/users/@me/guilds/{}", guild_id)), options,
                           rest::NoBody{});
}
void Rest::leave_guild(Snowflake guild_id, RestCallback<void> done, CallOptions options) {
  leave_guild(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<std::vector<Channel>> Rest::get_dm_channels(CallOptions options) {
  return impl_->call<std::vector<Channel>>(rest::request("GET", "/users/@me/channels"), options,
                                           JsonDecoder<std::vector<Channel>>{});
}
void Rest::get_dm_channels(RestCallback<std::vector<Channel>> done, CallOptions options) {
  get_dm_channels(std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Channel> Rest::create_dm(Snowflake recipient_id, CallOptions options) {
  auto body = to_json(CreateDm{recipient_id});
  if (!body) return failed<Channel>(*impl_, std::move(body).error());
  return impl_->call<Channel>(rest::json_request("POST", "/users/@me/channels", std::move(*body)), options,
                              JsonDecoder<Channel>{});
}
void Rest::create_dm(Snowflake recipient_id, RestCallback<Channel> done, CallOptions options) {
  create_dm(recipient_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Channel> Rest::create_group_dm(CreateGroupDm body, CallOptions options) {
  auto json = rest::encode_group_dm(body);
  if (!json) return failed<Channel>(*impl_, std::move(json).error());
  return impl_->call<Channel>(rest::json_request("POST", "/users/@me/channels", std::move(*json)), options,
                              JsonDecoder<Channel>{});
}
void Rest::create_group_dm(CreateGroupDm body, RestCallback<Channel> done, CallOptions options) {
  create_group_dm(std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
