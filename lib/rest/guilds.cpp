// Guilds: get / modify / delete, channels and their positions, the vanity URL and the
// audit log.

#include "rest/rest_codec.hpp"
#include "rest/rest_impl.hpp"

namespace fluxer {

using rest::JsonDecoder;

namespace {

Result<std::string> audit_log_query(const GetAuditLog& query, bool paging) {
  if (auto ok = rest::check_range("limit", query.limit, 1, 100); !ok) return std::move(ok).error();
  if (query.before && query.after)
    return Error::invalid_argument("before", "use at most one of before and after", "CONFLICTING_CURSORS");
  rest::QueryBuilder q;
  if (!paging) {
    q.add("limit", query.limit);
    q.add("before", query.before);
    q.add("after", query.after);
  }
  q.add("user_id", query.user_id);
  q.add("action_type", query.action_type);
  return q.take();
}

Snowflake entry_id(const AuditLogEntry& e) {
  return e.id;
}

}  // namespace

Future<Guild> Rest::get_guild(Snowflake guild_id, CallOptions options) {
  return impl_->call<Guild>(rest::request("GET", fmt::format("/guilds/{}", guild_id)), options, JsonDecoder<Guild>{});
}
void Rest::get_guild(Snowflake guild_id, RestCallback<Guild> done, CallOptions options) {
  get_guild(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Guild> Rest::modify_guild(Snowflake guild_id, ModifyGuild body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Guild>(*impl_, std::move(json).error());
  return impl_->call<Guild>(rest::json_request("PATCH", fmt::format("/guilds/{}", guild_id), std::move(*json)), options,
                            JsonDecoder<Guild>{});
}
void Rest::modify_guild(Snowflake guild_id, ModifyGuild body, RestCallback<Guild> done, CallOptions options) {
  modify_guild(guild_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_guild(Snowflake guild_id, CallOptions options) {
  return impl_->call<void>(rest::request("POST", fmt::format("/guilds/{}/delete", guild_id)), options, rest::NoBody{});
}
void Rest::delete_guild(Snowflake guild_id, RestCallback<void> done, CallOptions options) {
  delete_guild(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<std::vector<Channel>> Rest::get_guild_channels(Snowflake guild_id, CallOptions options) {
  return impl_->call<std::vector<Channel>>(rest::request("GET", fmt::format("/guilds/{}/channels", guild_id)), options,
                                           JsonDecoder<std::vector<Channel>>{});
}
void Rest::get_guild_channels(Snowflake guild_id, RestCallback<std::vector<Channel>> done, CallOptions options) {
  get_guild_channels(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Channel> Rest::create_guild_channel(Snowflake guild_id, CreateChannel body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Channel>(*impl_, std::move(json).error());
  return impl_->call<Channel>(
      rest::json_request("POST", fmt::format("/guilds/{}/channels", guild_id), std::move(*json)), options,
      JsonDecoder<Channel>{});
}
void Rest::create_guild_channel(Snowflake guild_id, CreateChannel body, RestCallback<Channel> done,
                                CallOptions options) {
  create_guild_channel(guild_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::modify_guild_channel_positions(Snowflake guild_id, std::vector<ChannelPosition> positions,
                                                  CallOptions options) {
  auto json = rest::encode_channel_positions(positions);
  if (!json) return failed<void>(*impl_, std::move(json).error());
  return impl_->call<void>(rest::json_request("PATCH", fmt::format("/guilds/{}/channels", guild_id), std::move(*json)),
                           options, rest::NoBody{});
}
void Rest::modify_guild_channel_positions(Snowflake guild_id, std::vector<ChannelPosition> positions,
                                          RestCallback<void> done, CallOptions options) {
  modify_guild_channel_positions(guild_id, std::move(positions), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<VanityUrl> Rest::get_vanity_url(Snowflake guild_id, CallOptions options) {
  return impl_->call<VanityUrl>(rest::request("GET", fmt::format("/guilds/{}/vanity-url", guild_id)), options,
                                [](const rest::HttpResponse& r) { return rest::decode_vanity_url(r.body); });
}
void Rest::get_vanity_url(Snowflake guild_id, RestCallback<VanityUrl> done, CallOptions options) {
  get_vanity_url(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<AuditLog> Rest::get_audit_log(Snowflake guild_id, GetAuditLog query, CallOptions options) {
  auto q = audit_log_query(query, false);
  if (!q) return failed<AuditLog>(*impl_, std::move(q).error());
  return impl_->call<AuditLog>(rest::request("GET", fmt::format("/guilds/{}/audit-logs", guild_id), std::move(*q)),
                               options, [](const rest::HttpResponse& r) { return rest::decode_audit_log(r.body); });
}
void Rest::get_audit_log(Snowflake guild_id, GetAuditLog query, RestCallback<AuditLog> done, CallOptions options) {
  get_audit_log(guild_id, std::move(query), std::move(options)).then(deliver(std::move(done), *impl_));
}

Paginator<AuditLogEntry> Rest::paginate_audit_log(Snowflake guild_id, Paging paging, GetAuditLog filter,
                                                  CallOptions options) {
  auto filters = audit_log_query(filter, true);
  auto make = [guild_id, filters = std::move(filters)](const PageWalker::Request& page) -> Result<rest::HttpRequest> {
    if (!filters) return filters.error();
    rest::QueryBuilder q;
    q.add("limit", page.limit);
    q.add("before", page.cursor);
    std::string query = q.take();
    if (!filters->empty()) query += "&" + *filters;
    return rest::request("GET", fmt::format("/guilds/{}/audit-logs", guild_id), std::move(query));
  };
  auto decode = [](const rest::HttpResponse& r) -> Result<FetchedPage<AuditLogEntry>> {
    auto log = rest::decode_audit_log(r.body);
    if (!log) return std::move(log).error();
    return FetchedPage<AuditLogEntry>{std::move(log->entries), std::nullopt, std::nullopt};
  };
  return make_paginator<AuditLogEntry>(impl_, PageWalker::Direction::Descending, paging, 100, std::move(make),
                                       std::move(decode), std::move(options), &entry_id);
}

}  // namespace fluxer
