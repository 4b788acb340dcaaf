// Roles: list, create, reorder, modify, delete.

#include "rest/rest_codec.hpp"
#include "rest/rest_impl.hpp"

namespace fluxer {

using rest::JsonDecoder;

Future<std::vector<Role>> Rest::get_roles(Snowflake guild_id, CallOptions options) {
  return impl_->call<std::vector<Role>>(rest::request("GET", fmt::format("/guilds/{}/roles", guild_id)), options,
                                        JsonDecoder<std::vector<Role>>{});
}
void Rest::get_roles(Snowflake guild_id, RestCallback<std::vector<Role>> done, CallOptions options) {
  get_roles(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Role> Rest::create_role(Snowflake guild_id, CreateRole body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Role>(*impl_, std::move(json).error());
  return impl_->call<Role>(rest::json_request("POST", fmt::format("/guilds/{}/roles", guild_id), std::move(*json)),
                           options, JsonDecoder<Role>{});
}
void Rest::create_role(Snowflake guild_id, CreateRole body, RestCallback<Role> done, CallOptions options) {
  create_role(guild_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<std::vector<Role>> Rest::modify_role_positions(Snowflake guild_id, std::vector<RolePosition> positions,
                                                      CallOptions options) {
  auto json = rest::encode_role_positions(positions);
  if (!json) return failed<std::vector<Role>>(*impl_, std::move(json).error());
  return impl_->call<std::vector<Role>>(
      rest::json_request("PATCH", fmt::format("/guilds/{}/roles", guild_id), std::move(*json)), options,
      rest::ListOrEmptyDecoder<Role>{});
}
void Rest::modify_role_positions(Snowflake guild_id, std::vector<RolePosition> positions,
                                 RestCallback<std::vector<Role>> done, CallOptions options) {
  modify_role_positions(guild_id, std::move(positions), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Role> Rest::modify_role(Snowflake guild_id, Snowflake role_id, ModifyRole body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Role>(*impl_, std::move(json).error());
  return impl_->call<Role>(
      rest::json_request("PATCH", fmt::format("/guilds/{}/roles/{}", guild_id, role_id), std::move(*json)), options,
      JsonDecoder<Role>{});
}
void Rest::modify_role(Snowflake guild_id, Snowflake role_id, ModifyRole body, RestCallback<Role> done,
                       CallOptions options) {
  modify_role(guild_id, role_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_role(Snowflake guild_id, Snowflake role_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/guilds/{}/roles/{}", guild_id, role_id)), options,
                           rest::NoBody{});
}
void Rest::delete_role(Snowflake guild_id, Snowflake role_id, RestCallback<void> done, CallOptions options) {
  delete_role(guild_id, role_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
