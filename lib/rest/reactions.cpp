// Reactions: add / remove (own, a user's, an emoji's, all) and the users who reacted, in
// the bare-array shape ([A] and [B], paging headers on [B]) and the [B] `/users` shape.

#include "rest/headers.hpp"
#include "rest/rest_codec.hpp"
#include "rest/rest_impl.hpp"

namespace fluxer {

namespace {

/// "/channels/{c}/messages/{m}/reactions/{emoji}" + suffix, or an error for a bad emoji.
Result<std::string> reaction_path(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                  std::string_view suffix = {}) {
  auto encoded = rest::encode_reaction_emoji(emoji);
  if (!encoded) return std::move(encoded).error();
  return fmt::format("/channels/{}/messages/{}/reactions/{}{}", channel_id, message_id, *encoded, suffix);
}

Result<std::string> reactions_query(const GetReactions& query) {
  if (auto ok = rest::check_range("limit", query.limit, 1, 100); !ok) return std::move(ok).error();
  rest::QueryBuilder q;
  q.add("limit", query.limit);
  q.add("after", query.after);
  return q.take();
}

/// The bare array, with [B]'s `X-Has-More` / `X-Next-After` when present.
Result<ReactionUsersPage> decode_bare_page(const rest::HttpResponse& r) {
  auto users = from_json<std::vector<User>>(r.body);
  if (!users) return std::move(users).error();
  ReactionUsersPage page;
  page.users = std::move(*users);
  if (auto more = rest::find_header(r.headers, "X-Has-More")) page.has_more = rest::trim_http(*more) == "true";
  if (auto next = rest::find_header(r.headers, "X-Next-After"))
    page.next_after = Snowflake::parse(rest::trim_http(*next));
  return page;
}

Snowflake user_id(const User& u) {
  return u.id;
}

}  // namespace

Future<void> Rest::add_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                CallOptions options) {
  auto path = reaction_path(channel_id, message_id, emoji, "/@me");
  if (!path) return failed<void>(*impl_, std::move(path).error());
  return impl_->call<void>(rest::request("PUT", std::move(*path)), options, rest::NoBody{});
}
void Rest::add_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji, RestCallback<void> done,
                        CallOptions options) {
  add_reaction(channel_id, message_id, emoji, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_own_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                       CallOptions options) {
  auto path = reaction_path(channel_id, message_id, emoji, "/@me");
  if (!path) return failed<void>(*impl_, std::move(path).error());
  return impl_->call<void>(rest::request("DELETE", std::move(*path)), options, rest::NoBody{});
}
void Rest::remove_own_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                               RestCallback<void> done, CallOptions options) {
  remove_own_reaction(channel_id, message_id, emoji, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_user_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                        Snowflake user_id, CallOptions options) {
  auto path = reaction_path(channel_id, message_id, emoji, fmt::format("/{}", user_id));
  if (!path) return failed<void>(*impl_, std::move(path).error());
  return impl_->call<void>(rest::request("DELETE", std::move(*path)), options, rest::NoBody{});
}
void Rest::remove_user_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji, Snowflake user_id,
                                RestCallback<void> done, CallOptions options) {
  remove_user_reaction(channel_id, message_id, emoji, user_id, std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_emoji_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                          CallOptions options) {
  auto path = reaction_path(channel_id, message_id, emoji);
  if (!path) return failed<void>(*impl_, std::move(path).error());
  return impl_->call<void>(rest::request("DELETE", std::move(*path)), options, rest::NoBody{});
}
void Rest::remove_emoji_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                  RestCallback<void> done, CallOptions options) {
  remove_emoji_reactions(channel_id, message_id, emoji, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<void> Rest::remove_all_reactions(Snowflake channel_id, Snowflake message_id, CallOptions options) {
  return impl_->call<void>(
      rest::request("DELETE", fmt::format("/channels/{}/messages/{}/reactions", channel_id, message_id)), options,
      rest::NoBody{});
}
void Rest::remove_all_reactions(Snowflake channel_id, Snowflake message_id, RestCallback<void> done,
                                CallOptions options) {
  remove_all_reactions(channel_id, message_id, std::move(options)).then(deliver(std::move(done), *impl_));
}

Future<ReactionUsersPage> Rest::get_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                              GetReactions query, CallOptions options) {
  auto path = reaction_path(channel_id, message_id, emoji);
  if (!path) return failed<ReactionUsersPage>(*impl_, std::move(path).error());
  auto q = reactions_query(query);
  if (!q) return failed<ReactionUsersPage>(*impl_, std::move(q).error());
  return impl_->call<ReactionUsersPage>(rest::request("GET", std::move(*path), std::move(*q)), options,
                                        &decode_bare_page);
}
void Rest::get_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji, GetReactions query,
                         RestCallback<ReactionUsersPage> done, CallOptions options) {
  get_reactions(channel_id, message_id, emoji, std::move(query), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Future<ReactionUsersPage> Rest::get_reaction_users(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                                   GetReactions query, CallOptions options) {
  auto path = reaction_path(channel_id, message_id, emoji, "/users");
  if (!path) return failed<ReactionUsersPage>(*impl_, std::move(path).error());
  auto q = reactions_query(query);
  if (!q) return failed<ReactionUsersPage>(*impl_, std::move(q).error());
  return impl_->call<ReactionUsersPage>(
      rest::request("GET", std::move(*path), std::move(*q)), options,
      [](const rest::HttpResponse& r) { return rest::decode_reaction_users_page(r.body); });
}
void Rest::get_reaction_users(Snowflake channel_id, Snowflake message_id, std::string_view emoji, GetReactions query,
                              RestCallback<ReactionUsersPage> done, CallOptions options) {
  get_reaction_users(channel_id, message_id, emoji, std::move(query), std::move(options))
      .then(deliver(std::move(done), *impl_));
}

Paginator<User> Rest::paginate_reaction_users(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                              Paging paging, CallOptions options) {
  auto path = reaction_path(channel_id, message_id, emoji);
  auto make = [path = std::move(path)](const PageWalker::Request& page) -> Result<rest::HttpRequest> {
    if (!path) return path.error();
    rest::QueryBuilder q;
    q.add("limit", page.limit);
    q.add("after", page.cursor);
    return rest::request("GET", *path, q.take());
  };
  auto decode = [](const rest::HttpResponse& r) -> Result<FetchedPage<User>> {
    auto page = decode_bare_page(r);
    if (!page) return std::move(page).error();
    return FetchedPage<User>{std::move(page->users), page->has_more, page->next_after};
  };
  return make_paginator<User>(impl_, PageWalker::Direction::Ascending, paging, 100, std::move(make), std::move(decode),
                              std::move(options), &user_id);
}

}  // namespace fluxer
