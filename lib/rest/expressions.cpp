// Guild expressions: emojis and stickers (single and bulk creation).

#include "rest/rest_codec.hpp"
#include "rest/rest_impl.hpp"

namespace fluxer {

using rest::JsonDecoder;

Future<std::vector<Emoji>> Rest::get_emojis(Snowflake guild_id, CallOptions options) {
  return impl_->call<std::vector<Emoji>>(rest::request("GET", fmt::format("/guilds/{}/emojis", guild_id)), options,
                                         JsonDecoder<std::vector<Emoji>>{});
}
void Rest::get_emojis(Snowflake guild_id, RestCallback<std::vector<Emoji>> done, CallOptions options) {
  get_emojis(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Emoji> Rest::create_emoji(Snowflake guild_id, CreateEmoji body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Emoji>(*impl_, std::move(json).error());
  return impl_->call<Emoji>(rest::json_request("POST", fmt::format("/guilds/{}/emojis", guild_id), std::move(*json)),
                            options, JsonDecoder<Emoji>{});
}
void Rest::create_emoji(Snowflake guild_id, CreateEmoji body, RestCallback<Emoji> done, CallOptions options) {
  create_emoji(guild_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<BulkCreateResult<Emoji>> Rest::create_emojis(Snowflake guild_id, std::vector<CreateEmoji> emojis,
                                                    CallOptions options) {
  auto json = rest::encode_emoji_bulk(emojis);
  if (!json) return failed<BulkCreateResult<Emoji>>(*impl_, std::move(json).error());
  return impl_->call<BulkCreateResult<Emoji>>(
      rest::json_request("POST", fmt::format("/guilds/{}/emojis/bulk", guild_id), std::move(*json)), options,
      [](const rest::HttpResponse& r) { return rest::decode_emoji_bulk(r.body); });
}
void Rest::create_emojis(Snowflake guild_id, std::vector<CreateEmoji> emojis,
                         RestCallback<BulkCreateResult<Emoji>> done, CallOptions options) {
  create_emojis(guild_id, std::move(emojis), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Emoji> Rest::modify_emoji(Snowflake guild_id, Snowflake emoji_id, ModifyEmoji body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Emoji>(*impl_, std::move(json).error());
  return impl_->call<Emoji>(
      rest::json_request("PATCH", fmt::format("/guilds/{}/emojis/{}", guild_id, emoji_id), std::move(*json)), options,
      JsonDecoder<Emoji>{});
}
void Rest::modify_emoji(Snowflake guild_id, Snowflake emoji_id, ModifyEmoji body, RestCallback<Emoji> done,
                        CallOptions options) {
  modify_emoji(guild_id, emoji_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_emoji(Snowflake guild_id, Snowflake emoji_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/guilds/{}/emojis/{}", guild_id, emoji_id)), options,
                           rest::NoBody{});
}
void Rest::delete_emoji(Snowflake guild_id, Snowflake emoji_id, RestCallback<void> done, CallOptions options) {
  delete_emoji(guild_id, emoji_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<std::vector<Sticker>> Rest::get_stickers(Snowflake guild_id, CallOptions options) {
  return impl_->call<std::vector<Sticker>>(rest::request("GET", fmt::format("/guilds/{}/stickers", guild_id)), options,
                                           JsonDecoder<std::vector<Sticker>>{});
}
void Rest::get_stickers(Snowflake guild_id, RestCallback<std::vector<Sticker>> done, CallOptions options) {
  get_stickers(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Sticker> Rest::create_sticker(Snowflake guild_id, CreateSticker body, CallOptions options) {
  auto json = rest::encode_sticker(body);
  if (!json) return failed<Sticker>(*impl_, std::move(json).error());
  return impl_->call<Sticker>(
      rest::json_request("POST", fmt::format("/guilds/{}/stickers", guild_id), std::move(*json)), options,
      JsonDecoder<Sticker>{});
}
void Rest::create_sticker(Snowflake guild_id, CreateSticker body, RestCallback<Sticker> done, CallOptions options) {
  create_sticker(guild_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<BulkCreateResult<Sticker>> Rest::create_stickers(Snowflake guild_id, std::vector<CreateSticker> stickers,
                                                        CallOptions options) {
  auto json = rest::encode_sticker_bulk(stickers);
  if (!json) return failed<BulkCreateResult<Sticker>>(*impl_, std::move(json).error());
  return impl_->call<BulkCreateResult<Sticker>>(
      rest::json_request("POST", fmt::format("/guilds/{}/stickers/bulk", guild_id), std::move(*json)), options,
      [](const rest::HttpResponse& r) { return rest::decode_sticker_bulk(r.body); });
}
void Rest::create_stickers(Snowflake guild_id, std::vector<CreateSticker> stickers,
                           RestCallback<BulkCreateResult<Sticker>> done, CallOptions options) {
  create_stickers(guild_id, std::move(stickers), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Sticker> Rest::modify_sticker(Snowflake guild_id, Snowflake sticker_id, ModifySticker body,
                                     CallOptions options) {
  auto json = rest::encode_sticker(body);
  if (!json) return failed<Sticker>(*impl_, std::move(json).error());
  return impl_->call<Sticker>(
      rest::json_request("PATCH", fmt::format("/guilds/{}/stickers/{}", guild_id, sticker_id), std::move(*json)),
      options, JsonDecoder<Sticker>{});
}
void Rest::modify_sticker(Snowflake guild_id, Snowflake sticker_id, ModifySticker body, RestCallback<Sticker> done,
                          CallOptions options) {
  modify_sticker(guild_id, sticker_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_sticker(Snowflake guild_id, Snowflake sticker_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/guilds/{}/stickers/{}", guild_id, sticker_id)),
                           options, rest::NoBody{});
}
void Rest::delete_sticker(Snowflake guild_id, Snowflake sticker_id, RestCallback<void> done, CallOptions options) {
  delete_sticker(guild_id, sticker_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
