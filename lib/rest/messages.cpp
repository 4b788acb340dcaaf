// Messages and pins: list (and paginate), get, create (JSON or multipart uploads, with a
// nonce so a network failure can be retried), edit, delete, bulk delete, attachments, pins.

#include "rest/rest_codec.hpp"
#include "rest/rest_impl.hpp"
#include "rest/uploads.hpp"

namespace fluxer {

using rest::JsonDecoder;

namespace {

Result<std::string> messages_query(const GetMessages& query) {
  if (auto ok = rest::check_range("limit", query.limit, 1, 100); !ok) return std::move(ok).error();
  const int cursors = (query.before ? 1 : 0) + (query.after ? 1 : 0) + (query.around ? 1 : 0);
  if (cursors > 1)
    return Error::invalid_argument("before", "use at most one of before, after and around", "CONFLICTING_CURSORS");
  rest::QueryBuilder q;
  q.add("limit", query.limit);
  q.add("before", query.before);
  q.add("after", query.after);
  q.add("around", query.around);
  return q.take();
}

Snowflake message_id(const Message& m) {
  return m.id;
}

}  // namespace

Future<std::vector<Message>> Rest::get_messages(Snowflake channel_id, GetMessages query, CallOptions options) {
  auto q = messages_query(query);
  if (!q) return failed<std::vector<Message>>(*impl_, std::move(q).error());
  return impl_->call<std::vector<Message>>(
      rest::request("GET", fmt::format("/channels/{}/messages", channel_id), std::move(*q)), options,
      JsonDecoder<std::vector<Message>>{});
}
void Rest::get_messages(Snowflake channel_id, GetMessages query, RestCallback<std::vector<Message>> done,
                        CallOptions options) {
  get_messages(channel_id, std::move(query), std::move(options)).then(deliver(std::move(done), *impl_));
}

Paginator<Message> Rest::paginate_messages(Snowflake channel_id, Paging paging, CallOptions options) {
  // Always `before` from the newest: the server answers `after=X` with the newest page
  // above X, so walking forward could skip messages; `until` bounds the walk instead.
  auto make = [channel_id](const PageWalker::Request& page) -> Result<rest::HttpRequest> {
    rest::QueryBuilder q;
    q.add("limit", page.limit);
    q.add("before", page.cursor);
    return rest::request("GET", fmt::format("/channels/{}/messages", channel_id), q.take());
  };
  auto decode = [](const rest::HttpResponse& r) -> Result<FetchedPage<Message>> {
    auto list = from_json<std::vector<Message>>(r.body);
    if (!list) return std::move(list).error();
    return FetchedPage<Message>{std::move(*list), std::nullopt, std::nullopt};
  };
  return make_paginator<Message>(impl_, PageWalker::Direction::Descending, paging, 100, std::move(make),
                                 std::move(decode), std::move(options), &message_id);
}

Future<Message> Rest::get_message(Snowflake channel_id, Snowflake message_id, CallOptions options) {
  return impl_->call<Message>(rest::request("GET", fmt::format("/channels/{}/messages/{}", channel_id, message_id)),
                              options, JsonDecoder<Message>{});
}
void Rest::get_message(Snowflake channel_id, Snowflake message_id, RestCallback<Message> done, CallOptions options) {
  get_message(channel_id, message_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<Message> Rest::create_message(Snowflake channel_id, CreateMessage body, std::vector<UploadFile> files,
                                     CallOptions options) {
  auto uploads = rest::gather_uploads(body.files, std::move(files), impl_->options);
  if (!uploads) return failed<Message>(*impl_, std::move(uploads).error());
  if (!body.nonce && impl_->options.message_nonces) body.nonce = impl_->random_token(25);
  auto json = to_json(body);
  if (!json) return failed<Message>(*impl_, std::move(json).error());
  auto request = rest::request("POST", fmt::format("/channels/{}/messages", channel_id));
  // With a nonce a [B] server answers a repeat with the original message: safe to retry
  // after a failure that may have reached it.
  request.retry_on_failure = body.nonce.has_value();
  rest::set_message_body(request, std::move(*json), std::move(*uploads),
                         [this] { return impl_->random_token(32); });
  return impl_->call<Message>(std::move(request), options, JsonDecoder<Message>{});
}
void Rest::create_message(Snowflake channel_id, CreateMessage body, std::vector<UploadFile> files,
                          RestCallback<Message> done, CallOptions options) {
  create_message(channel_id, std::move(body), std::move(files), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<Message> Rest::edit_message(Snowflake channel_id, Snowflake message_id, EditMessage body,
                                   std::vector<UploadFile> files, CallOptions options) {
  auto uploads = rest::gather_uploads(body.files, std::move(files), impl_->options);
  if (!uploads) return failed<Message>(*impl_, std::move(uploads).error());
  auto json = to_json(body);
  if (!json) return failed<Message>(*impl_, std::move(json).error());
  auto request = rest::request("PATCH", fmt::format("/channels/{}/messages/{}", channel_id, message_id));
  rest::set_message_body(request, std::move(*json), std::move(*uploads),
                         [this] { return impl_->random_token(32); });
  return impl_->call<Message>(std::move(request), options, JsonDecoder<Message>{});
}
void Rest::edit_message(Snowflake channel_id, Snowflake message_id, EditMessage body, std::vector<UploadFile> files,
                        RestCallback<Message> done, CallOptions options) {
  edit_message(channel_id, message_id, std::move(body), std::move(files), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_message(Snowflake channel_id, Snowflake message_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/channels/{}/messages/{}", channel_id, message_id)),
                           options, rest::NoBody{});
}
void Rest::delete_message(Snowflake channel_id, Snowflake message_id, RestCallback<void> done, CallOptions options) {
  delete_message(channel_id, message_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::bulk_delete_messages(Snowflake channel_id, std::vector<Snowflake> message_ids, CallOptions options) {
  auto json = rest::encode_bulk_delete(message_ids);
  if (!json) return failed<void>(*impl_, std::move(json).error());
  return impl_->call<void>(
      rest::json_request("POST", fmt::format("/channels/{}/messages/bulk-delete", channel_id), std::move(*json)),
      options, rest::NoBody{});
}
void Rest::bulk_delete_messages(Snowflake channel_id, std::vector<Snowflake> message_ids, RestCallback<void> done,
                                CallOptions options) {
  bulk_delete_messages(channel_id, std::move(message_ids), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::delete_message_attachment(Snowflake channel_id, Snowflake message_id, Snowflake attachment_id,
                                             CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/channels/{}/messages/{}/attachments/{}", channel_id,
                                                               message_id, attachment_id)),
                           options, rest::NoBody{});
}
void Rest::delete_message_attachment(Snowflake channel_id, Snowflake message_id, Snowflake attachment_id,
                                     RestCallback<void> done, CallOptions options) {
  delete_message_attachment(channel_id, message_id, attachment_id, std::move(options))
      .then(deliver(std::move(done), *impl_));
}

// ---------------------------------------------------------------------------- pins

Future<PinsPage> Rest::get_pins(Snowflake channel_id, GetPins query, CallOptions options) {
  if (auto ok = rest::check_range("limit", query.limit, 1, 50); !ok)
    return failed<PinsPage>(*impl_, std::move(ok).error());
  rest::QueryBuilder q;
  q.add("limit", query.limit);
  q.add("before", query.before);  // an ISO 8601 timestamp, not an id
  return impl_->call<PinsPage>(rest::request("GET", fmt::format("/channels/{}/messages/pins", channel_id), q.take()),
                               options, [](const rest::HttpResponse& r) { return rest::decode_pins_page(r.body); });
}
void Rest::get_pins(Snowflake channel_id, GetPins query, RestCallback<PinsPage> done, CallOptions options) {
  get_pins(channel_id, std::move(query), std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::pin_message(Snowflake channel_id, Snowflake message_id, CallOptions options) {
  return impl_->call<void>(rest::request("PUT", fmt::format("/channels/{}/pins/{}", channel_id, message_id)), options,
                           rest::NoBody{});
}
void Rest::pin_message(Snowflake channel_id, Snowflake message_id, RestCallback<void> done, CallOptions options) {
  pin_message(channel_id, message_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::unpin_message(Snowflake channel_id, Snowflake message_id, CallOptions options) {
  return impl_->call<void>(rest::request("DELETE", fmt::format("/channels/{}/pins/{}", channel_id, message_id)),
                           options, rest::NoBody{});
}
void Rest::unpin_message(Snowflake channel_id, Snowflake message_id, RestCallback<void> done, CallOptions options) {
  unpin_message(channel_id, message_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

}  // namespace fluxer
