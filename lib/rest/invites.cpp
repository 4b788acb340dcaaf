// Invites: per channel, per guild, by code.

#include "rest/rest_impl.hpp"

namespace fluxer {

using rest::JsonDecoder;

namespace {
Result<std::string> invite_path(std::string_view code) {
  if (code.empty()) return Error::invalid_argument("code", "must not be empty", "TOO_SHORT");
  return "/invites/" + rest::percent_encode(code);
}
}  // namespace

Future<std::vector<Invite>> Rest::get_channel_invites(Snowflake channel_id, CallOptions options) {
  return impl_->call<std::vector<Invite>>(rest::request("GET", fmt::format("/channels/{}/invites", channel_id)),
                                          options, JsonDecoder<std::vector<Invite>>{});
}
void Rest::get_channel_invites(Snowflake channel_id, RestCallback<std::vector<Invite>> done, CallOptions options) {
  get_channel_invites(channel_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Invite> Rest::create_invite(Snowflake channel_id, CreateInvite body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Invite>(*impl_, std::move(json).error());
  return impl_->call<Invite>(
      rest::json_request("POST", fmt::format("/channels/{}/invites", channel_id), std::move(*json)), options,
      JsonDecoder<Invite>{});
}
void Rest::create_invite(Snowflake channel_id, CreateInvite body, RestCallback<Invite> done, CallOptions options) {
  create_invite(channel_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<std::vector<Invite>> Rest::get_guild_invites(Snowflake guild_id, CallOptions options) {
  return impl_->call<std::vector<Invite>>(rest::request("GET", fmt::format("/guilds/{}/invites", guild_id)), options,
                                          JsonDecoder<std::vector<Invite>>{});
}
void Rest::get_guild_invites(Snowflake guild_id, RestCallback<std::vector<Invite>> done, CallOptions options) {
  get_guild_invites(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Invite> Rest::get_invite(std::string_view code, CallOptions options) {
  auto path = invite_path(code);
  if (!path) return failed<Invite>(*impl_, std::move(path).error());
  return impl_->call<Invite>(rest::request("GET", std::move(*path)), options, JsonDecoder<Invite>{});
}
void Rest::get_invite(std::string_view code, RestCallback<Invite> done, CallOptions options) {
  get_invite(code, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_invite(std::string_view code, CallOptions options) {
  auto path = invite_path(code);
  if (!path) return failed<void>(*impl_, std::move(path).error());
  return impl_->call<void>(rest::request("DELETE", std::move(*path)), options, rest::NoBody{});
}
void Rest::delete_invite(std::string_view code, RestCallback<void> done, CallOptions options) {
  delete_invite(code, std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
