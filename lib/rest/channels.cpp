// Channels: get / modify / delete, permission overwrites, typing, slowmode, group DM
// recipients.

#include "rest/rest_codec.hpp"
#include "rest/rest_impl.hpp"

namespace fluxer {

using rest::JsonDecoder;

Future<Channel> Rest::get_channel(Snowflake channel_id, CallOptions options) {
  return impl_->call<Channel>(rest::request("GET", fmt::format("/channels/{}", channel_id)), options,
                              JsonDecoder<Channel>{});
}
void Rest::get_channel(Snowflake channel_id, RestCallback<Channel> done, CallOptions options) {
  get_channel(channel_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Channel> Rest::modify_channel(Snowflake channel_id, ModifyChannel body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Channel>(*impl_, std::move(json).error());
  return impl_->call<Channel>(rest::json_request("PATCH", fmt::format("/channels/{}", channel_id), std::move(*json)),
                              options, JsonDecoder<Channel>{});
}
void Rest::modify_channel(Snowflake channel_id, ModifyChannel body, RestCallback<Channel> done, CallOptions options) {
  modify_channel(channel_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_channel(Snowflake channel_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/channels/{}", channel_id)), options, rest::NoBody{});
}
void Rest::delete_channel(Snowflake channel_id, RestCallback<void> done, CallOptions options) {
  delete_channel(channel_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::edit_channel_permissions(Snowflake channel_id, Snowflake overwrite_id, EditChannelPermissions body,
                                            CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<void>(*impl_, std::move(json).error());
  return impl_->call<void>(
      rest::json_request("PUT", fmt::format("/channels/{}/permissions/{}", channel_id, overwrite_id), std::move(*json)),
      options, rest::NoBody{});
}
void Rest::edit_channel_permissions(Snowflake channel_id, Snowflake overwrite_id, EditChannelPermissions body,
                                    RestCallback<void> done, CallOptions options) {
  edit_channel_permissions(channel_id, overwrite_id, std::move(body), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_channel_permission(Snowflake channel_id, Snowflake overwrite_id, CallOptions options) {
  return impl_->call<void>(
      rest::request("DELETE", fmt::format("/channels/{}/permissions/{}", channel_id, overwrite_id)), options,
      rest::NoBody{});
}
void Rest::delete_channel_permission(Snowflake channel_id, Snowflake overwrite_id, RestCallback<void> done,
                                     CallOptions options) {
  delete_channel_permission(channel_id, overwrite_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::trigger_typing(Snowflake channel_id, CallOptions options) {
  return impl_->call<void>(rest::request("POST", fmt::format("/channels/{}/typing", channel_id)), options,
                           rest::NoBody{});
}
void Rest::trigger_typing(Snowflake channel_id, RestCallback<void> done, CallOptions options) {
  trigger_typing(channel_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<ChannelSlowmode> Rest::get_slowmode(Snowflake channel_id, CallOptions options) {
  return impl_->call<ChannelSlowmode>(rest::request("GET", fmt::format("/channels/{}/slowmode", channel_id)), options,
                                      [](const rest::HttpResponse& r) { return rest::decode_slowmode(r.body); });
}
void Rest::get_slowmode(Snowflake channel_id, RestCallback<ChannelSlowmode> done, CallOptions options) {
  get_slowmode(channel_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::add_group_dm_recipient(Snowflake channel_id, Snowflake user_id, CallOptions options) {
  return impl_->call<void>(rest::request("PUT", fmt::format("/channels/{}/recipients/{}", channel_id, user_id)),
                           options, rest::NoBody{});
}
void Rest::add_group_dm_recipient(Snowflake channel_id, Snowflake user_id, RestCallback<void> done,
                                  CallOptions options) {
  add_group_dm_recipient(channel_id, user_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_group_dm_recipient(Snowflake channel_id, Snowflake user_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/channels/{}/recipients/{}", channel_id, user_id)),
                           options, rest::NoBody{});
}
void Rest::remove_group_dm_recipient(Snowflake channel_id, Snowflake user_id, RestCallback<void> done,
                                     CallOptions options) {
  remove_group_dm_recipient(channel_id, user_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
