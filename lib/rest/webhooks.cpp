// Webhooks: per channel / guild, by id (bot token) and by id + token (no bot token),
// execution (never retried after a network failure: it may have posted) and the [B]
// webhook message routes. Webhook tokens never reach logs or error text.

#include "rest/rest_impl.hpp"
#include "rest/uploads.hpp"

namespace fluxer {

using rest::JsonDecoder;

namespace {

/// The path of a token route. The token is registered with the logger, so that it is
/// redacted wherever it shows up (log lines, and the text of errors the transport returns,
/// even when the server echoes it in a message).
Result<std::string> token_path(Logger& log, Snowflake webhook_id, std::string_view token,
                               std::string_view suffix = {}) {
  if (token.empty()) return Error::invalid_argument("token", "must not be empty", "TOO_SHORT");
  log.add_secret(std::string(token));
  return fmt::format("/webhooks/{}/{}{}", webhook_id, rest::percent_encode(token), suffix);
}

/// A request on a token route: no Authorization header (the token in the path is the
/// credential).
rest::HttpRequest token_request(std::string_view method, std::string path, std::string query = {}) {
  auto r = rest::request(method, std::move(path), std::move(query));
  r.authenticated = false;
  return r;
}

}  // namespace

Future<std::vector<Webhook>> Rest::get_channel_webhooks(Snowflake channel_id, CallOptions options) {
  return impl_->call<std::vector<Webhook>>(rest::request("GET", fmt::format("/channels/{}/webhooks", channel_id)),
                                           options, JsonDecoder<std::vector<Webhook>>{});
}
void Rest::get_channel_webhooks(Snowflake channel_id, RestCallback<std::vector<Webhook>> done, CallOptions options) {
  get_channel_webhooks(channel_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Webhook> Rest::create_webhook(Snowflake channel_id, CreateWebhook body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Webhook>(*impl_, std::move(json).error());
  return impl_->call<Webhook>(
      rest::json_request("POST", fmt::format("/channels/{}/webhooks", channel_id), std::move(*json)), options,
      JsonDecoder<Webhook>{});
}
void Rest::create_webhook(Snowflake channel_id, CreateWebhook body, RestCallback<Webhook> done, CallOptions options) {
  create_webhook(channel_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<std::vector<Webhook>> Rest::get_guild_webhooks(Snowflake guild_id, CallOptions options) {
  return impl_->call<std::vector<Webhook>>(rest::request("GET", fmt::format("/guilds/{}/webhooks", guild_id)), options,
                                           JsonDecoder<std::vector<Webhook>>{});
}
void Rest::get_guild_webhooks(Snowflake guild_id, RestCallback<std::vector<Webhook>> done, CallOptions options) {
  get_guild_webhooks(guild_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Webhook> Rest::get_webhook(Snowflake webhook_id, CallOptions options) {
  return impl_->call<Webhook>(rest::request("GET", fmt::format("/webhooks/{}", webhook_id)), options,
                              JsonDecoder<Webhook>{});
}
void Rest::get_webhook(Snowflake webhook_id, RestCallback<Webhook> done, CallOptions options) {
  get_webhook(webhook_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Webhook> Rest::modify_webhook(Snowflake webhook_id, ModifyWebhook body, CallOptions options) {
  auto json = to_json(body);
  if (!json) return failed<Webhook>(*impl_, std::move(json).error());
  return impl_->call<Webhook>(rest::json_request("PATCH", fmt::format("/webhooks/{}", webhook_id), std::move(*json)),
                              options, JsonDecoder<Webhook>{});
}
void Rest::modify_webhook(Snowflake webhook_id, ModifyWebhook body, RestCallback<Webhook> done, CallOptions options) {
  modify_webhook(webhook_id, std::move(body), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_webhook(Snowflake webhook_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/webhooks/{}", webhook_id)), options, rest::NoBody{});
}
void Rest::delete_webhook(Snowflake webhook_id, RestCallback<void> done, CallOptions options) {
  delete_webhook(webhook_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Webhook> Rest::get_webhook_with_token(Snowflake webhook_id, std::string_view token, CallOptions options) {
  auto path = token_path(*impl_->logger, webhook_id, token);
  if (!path) return failed<Webhook>(*impl_, std::move(path).error());
  return impl_->call<Webhook>(token_request("GET", std::move(*path)), options, JsonDecoder<Webhook>{});
}
void Rest::get_webhook_with_token(Snowflake webhook_id, std::string_view token, RestCallback<Webhook> done,
                                  CallOptions options) {
  get_webhook_with_token(webhook_id, token, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Webhook> Rest::modify_webhook_with_token(Snowflake webhook_id, std::string_view token, ModifyWebhook body,
                                                CallOptions options) {
  if (body.channel_id)
    return failed<Webhook>(
        *impl_, Error::invalid_argument("channel_id", "cannot be changed with a webhook token", "NOT_ALLOWED"));
  auto path = token_path(*impl_->logger, webhook_id, token);
  if (!path) return failed<Webhook>(*impl_, std::move(path).error());
  auto json = to_json(body);
  if (!json) return failed<Webhook>(*impl_, std::move(json).error());
  auto request = token_request("PATCH", std::move(*path));
  request.body = std::move(*json);
  request.content_type = "application/json";
  return impl_->call<Webhook>(std::move(request), options, JsonDecoder<Webhook>{});
}
void Rest::modify_webhook_with_token(Snowflake webhook_id, std::string_view token, ModifyWebhook body,
                                     RestCallback<Webhook> done, CallOptions options) {
  modify_webhook_with_token(webhook_id, token, std::move(body), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_webhook_with_token(Snowflake webhook_id, std::string_view token, CallOptions options) {
  auto path = token_path(*impl_->logger, webhook_id, token);
  if (!path) return failed<void>(*impl_, std::move(path).error());
  return impl_->call<void>(token_request("DELETE", std::move(*path)), options, rest::NoBody{});
}
void Rest::delete_webhook_with_token(Snowflake webhook_id, std::string_view token, RestCallback<void> done,
                                     CallOptions options) {
  delete_webhook_with_token(webhook_id, token, std::move(options)).then(deliver(std::move(done), *impl_));
}

namespace {

/// The execute request (JSON or multipart). Never retried after a failure that may have
/// reached the server: a webhook post is not deduplicated.
Result<rest::HttpRequest> execute_request(Rest::Impl& impl, Snowflake webhook_id, std::string_view token,
                                          ExecuteWebhook& body, std::vector<UploadFile> files, bool wait) {
  auto path = token_path(*impl.logger, webhook_id, token);
  if (!path) return std::move(path).error();
  auto uploads = rest::gather_uploads(body.message.files, std::move(files), impl.options);
  if (!uploads) return std::move(uploads).error();
  auto json = to_json(body);
  if (!json) return std::move(json).error();
  auto request = token_request("POST", std::move(*path), wait ? "wait=true" : "");
  request.retry_on_failure = false;
  rest::set_message_body(request, std::move(*json), std::move(*uploads),
                         [&impl] { return impl.random_token(32); });
  return request;
}

}  // namespace

Future<Message> Rest::execute_webhook(Snowflake webhook_id, std::string_view token, ExecuteWebhook body,
                                      std::vector<UploadFile> files, CallOptions options) {
  auto request = execute_request(*impl_, webhook_id, token, body, std::move(files), true);
  if (!request) return failed<Message>(*impl_, std::move(request).error());
  return impl_->call<Message>(std::move(*request), options, JsonDecoder<Message>{});
}
void Rest::execute_webhook(Snowflake webhook_id, std::string_view token, ExecuteWebhook body,
                           std::vector<UploadFile> files, RestCallback<Message> done, CallOptions options) {
  execute_webhook(webhook_id, token, std::move(body), std::move(files), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<void> Rest::execute_webhook_no_wait(Snowflake webhook_id, std::string_view token, ExecuteWebhook body,
                                           std::vector<UploadFile> files, CallOptions options) {
  auto request = execute_request(*impl_, webhook_id, token, body, std::move(files), false);
  if (!request) return failed<void>(*impl_, std::move(request).error());
  return impl_->call<void>(std::move(*request), options, rest::NoBody{});
}
void Rest::execute_webhook_no_wait(Snowflake webhook_id, std::string_view token, ExecuteWebhook body,
                                   std::vector<UploadFile> files, RestCallback<void> done, CallOptions options) {
  execute_webhook_no_wait(webhook_id, token, std::move(body), std::move(files), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<Message> Rest::get_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                                          CallOptions options) {
  auto path = token_path(*impl_->logger, webhook_id, token, fmt::format("/messages/{}", message_id));
  if (!path) return failed<Message>(*impl_, std::move(path).error());
  return impl_->call<Message>(token_request("GET", std::move(*path)), options, JsonDecoder<Message>{});
}
void Rest::get_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                               RestCallback<Message> done, CallOptions options) {
  get_webhook_message(webhook_id, token, message_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Message> Rest::edit_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                                           EditMessage body, std::vector<UploadFile> files, CallOptions options) {
  auto path = token_path(*impl_->logger, webhook_id, token, fmt::format("/messages/{}", message_id));
  if (!path) return failed<Message>(*impl_, std::move(path).error());
  auto uploads = rest::gather_uploads(body.files, std::move(files), impl_->options);
  if (!uploads) return failed<Message>(*impl_, std::move(uploads).error());
  auto json = to_json(body);
  if (!json) return failed<Message>(*impl_, std::move(json).error());
  auto request = token_request("PATCH", std::move(*path));
  rest::set_message_body(request, std::move(*json), std::move(*uploads),
                         [this] { return impl_->random_token(32); });
  return impl_->call<Message>(std::move(request), options, JsonDecoder<Message>{});
}
void Rest::edit_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id, EditMessage body,
                                std::vector<UploadFile> files, RestCallback<Message> done, CallOptions options) {
  edit_webhook_message(webhook_id, token, message_id, std::move(body), std::move(files), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                                          CallOptions options) {
  auto path = token_path(*impl_->logger, webhook_id, token, fmt::format("/messages/{}", message_id));
  if (!path) return failed<void>(*impl_, std::move(path).error());
  return impl_->call<void>(token_request("DELETE", std::move(*path)), options, rest::NoBody{});
}
void Rest::delete_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                                  RestCallback<void> done, CallOptions options) {
  delete_webhook_message(webhook_id, token, message_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
