#pragma once
/// @file
/// Rest: the typed REST client. One method per bot-usable route of the HTTP API
/// (protocol §5.4), each returning a Future of the decoded model, with a callback overload.
///
///     fluxer::RestOptions options;
///     options.token = std::getenv("FLUXER_TOKEN");
///     fluxer::Rest rest(options);
///     fluxer::Message m = rest.create_message(channel_id, {.content = "hello"}).get();
///
/// - Usable alone (webhook-only or REST-only programs need no gateway) or owned by the
///   Client, which passes its callback executor and logger.
/// - Requests of one rate-limit bucket (e.g. one channel's message creation) leave in call
///   order; different buckets run concurrently over reused (HTTP/2 when offered)
///   connections, under the route buckets and the bot-wide limit the server announces.
/// - Futures complete without needing a callback-pool thread, so `get()` may block inside
///   a callback, on a pool of any size. Continuations (`then`) and the callback overloads
///   run on the callback executor, never on a network thread.
/// - Retries: 429s always (the server did nothing); network failures and 5xx only for
///   GET, PUT, DELETE and message creation (which carries a nonce by default; a [B] server
///   returns the original message for a repeated nonce, an [A] server does not deduplicate).
///   No other POST and no PATCH is ever repeated once it may have reached the server.
/// - Destroying the Rest cancels what is pending (futures complete with Cancelled); no
///   continuation or callback of this client runs after the destructor returns.
///
/// Errors are fluxer::Error: Api (Fluxer `code`, `message`, `errors[]`), InvalidToken,
/// RateLimit, Http (a non-Fluxer body, e.g. a proxy's HTML page), Rest (network, TLS),
/// Timeout, Cancelled, Decode, InvalidArgument (refused before sending). Webhook tokens
/// and the bot token never appear in error text or logs.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/executor.hpp>
#include <fluxer/core/function.hpp>
#include <fluxer/core/future.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/application.hpp>
#include <fluxer/model/ban.hpp>
#include <fluxer/model/channel.hpp>
#include <fluxer/model/channel_requests.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/gateway_bot.hpp>
#include <fluxer/model/guild.hpp>
#include <fluxer/model/guild_requests.hpp>
#include <fluxer/model/instance.hpp>
#include <fluxer/model/invite.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/message.hpp>
#include <fluxer/model/message_requests.hpp>
#include <fluxer/model/role.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/model/user.hpp>
#include <fluxer/model/webhook.hpp>
#include <fluxer/rest/call_options.hpp>
#include <fluxer/rest/cdn.hpp>
#include <fluxer/rest/options.hpp>
#include <fluxer/rest/paginator.hpp>
#include <fluxer/rest/requests.hpp>
#include <fluxer/rest/responses.hpp>
#include <fluxer/rest/upload.hpp>

namespace fluxer {

/// The callback of a callback-style call; runs on the callback executor.
template <class T>
using RestCallback = UniqueFunction<void(Result<T>)>;

/// Reaction emoji arguments (`emoji` below) accept a Unicode emoji ("👍"), a custom emoji as
/// `name:id`, or its mention form (`<:name:id>`, `<a:name:id>`); they are encoded for the
/// path by the client.
class Rest {
 public:
  /// A standalone client: creates its own callback pool (`options.callback_threads`) and
  /// Logger (`options.log_sink`, `options.log_level`).
  explicit Rest(RestOptions options);
  /// A client sharing a callback executor and a logger (how Client owns it). The token is
  /// registered with the logger for redaction.
  Rest(RestOptions options, std::shared_ptr<Executor> callbacks, std::shared_ptr<Logger> logger);
  /// Cancels everything pending and joins the network workers; see the file comment.
  ~Rest();
  Rest(const Rest&) = delete;
  Rest& operator=(const Rest&) = delete;

  /// The options given at construction (the token included; set_token() does not change
  /// them).
  [[nodiscard]] const RestOptions& options() const noexcept;
  /// Replaces the bot token (a leading "Bot " is removed; empty = send none) for every
  /// request sent from now on, and forgets earlier 401s. Thread-safe. Client::login() uses
  /// it for the Rest it owns.
  void set_token(std::string token);
  /// Cancels everything pending (each future completes with Cancelled) and stops the network
  /// workers; calls made afterwards complete with Cancelled. Waits for callbacks that are
  /// running, unless called from one. Idempotent; the destructor does the same.
  void shutdown();
  /// The executor continuations and callbacks run on.
  [[nodiscard]] std::shared_ptr<Executor> executor() const noexcept;
  /// The logger (tokens registered for redaction).
  [[nodiscard]] std::shared_ptr<Logger> logger() const noexcept;

  // ================================================================ discovery and self

  /// Discovery: `GET /.well-known/fluxer` at the API's root ([B]), falling back to
  /// `GET /instance` ([A]). Remembers the result (see instance(), cdn()).
  Future<InstanceInfo> discover(CallOptions options = {});
  void discover(RestCallback<InstanceInfo> done, CallOptions options = {});
  /// What the last successful discover() returned.
  [[nodiscard]] std::optional<InstanceInfo> instance() const;
  /// The media base for CDN URLs: discovery's `endpoints.media`, else the hosted default.
  [[nodiscard]] std::string media_base() const;
  /// CDN URL helpers over media_base() and discovery's static CDN.
  [[nodiscard]] Cdn cdn() const;

  /// `GET /gateway/bot`.
  Future<GatewayBotInfo> get_gateway_bot(CallOptions options = {});
  void get_gateway_bot(RestCallback<GatewayBotInfo> done, CallOptions options = {});
  /// `GET /applications/@me`.
  Future<Application> get_current_application(CallOptions options = {});
  void get_current_application(RestCallback<Application> done, CallOptions options = {});

  // ================================================================ users and DMs

  /// `GET /users/@me`.
  Future<CurrentUser> get_current_user(CallOptions options = {});
  void get_current_user(RestCallback<CurrentUser> done, CallOptions options = {});
  /// `GET /users/{user_id}`.
  Future<User> get_user(Snowflake user_id, CallOptions options = {});
  void get_user(Snowflake user_id, RestCallback<User> done, CallOptions options = {});
  /// `GET /users/{user_id}/profile` (`?guild_id=` when given).
  Future<UserProfile> get_user_profile(Snowflake user_id, std::optional<Snowflake> guild_id = {},
                                       CallOptions options = {});
  void get_user_profile(Snowflake user_id, std::optional<Snowflake> guild_id, RestCallback<UserProfile> done,
                        CallOptions options = {});
  /// `GET /users/@me/guilds` (partial guilds with the bot's `permissions`).
  Future<std::vector<Guild>> get_current_user_guilds(GetCurrentUserGuilds query = {}, CallOptions options = {});
  void get_current_user_guilds(GetCurrentUserGuilds query, RestCallback<std::vector<Guild>> done,
                               CallOptions options = {});
  /// `DELETE /users/@me/guilds/{guild_id}`: leave a guild.
  Future<void> leave_guild(Snowflake guild_id, CallOptions options = {});
  void leave_guild(Snowflake guild_id, RestCallback<void> done, CallOptions options = {});
  /// `GET /users/@me/channels`: the bot's DM and group DM channels.
  Future<std::vector<Channel>> get_dm_channels(CallOptions options = {});
  void get_dm_channels(RestCallback<std::vector<Channel>> done, CallOptions options = {});
  /// `POST /users/@me/channels` `{recipient_id}`: open a DM ([B]; an [A] server answers
  /// bots 403 ACCESS_DENIED).
  Future<Channel> create_dm(Snowflake recipient_id, CallOptions options = {});
  void create_dm(Snowflake recipient_id, RestCallback<Channel> done, CallOptions options = {});
  /// `POST /users/@me/channels` `{recipients}`: create a group DM ([B]).
  Future<Channel> create_group_dm(CreateGroupDm body, CallOptions options = {});
  void create_group_dm(CreateGroupDm body, RestCallback<Channel> done, CallOptions options = {});

  // ================================================================ channels

  /// `GET /channels/{channel_id}`.
  Future<Channel> get_channel(Snowflake channel_id, CallOptions options = {});
  void get_channel(Snowflake channel_id, RestCallback<Channel> done, CallOptions options = {});
  /// `PATCH /channels/{channel_id}`.
  Future<Channel> modify_channel(Snowflake channel_id, ModifyChannel body, CallOptions options = {});
  void modify_channel(Snowflake channel_id, ModifyChannel body, RestCallback<Channel> done, CallOptions options = {});
  /// `DELETE /channels/{channel_id}` (also leaves a group DM).
  Future<void> delete_channel(Snowflake channel_id, CallOptions options = {});
  void delete_channel(Snowflake channel_id, RestCallback<void> done, CallOptions options = {});
  /// `PUT /channels/{channel_id}/permissions/{overwrite_id}`.
  Future<void> edit_channel_permissions(Snowflake channel_id, Snowflake overwrite_id, EditChannelPermissions body,
                                        CallOptions options = {});
  void edit_channel_permissions(Snowflake channel_id, Snowflake overwrite_id, EditChannelPermissions body,
                                RestCallback<void> done, CallOptions options = {});
  /// `DELETE /channels/{channel_id}/permissions/{overwrite_id}`.
  Future<void> delete_channel_permission(Snowflake channel_id, Snowflake overwrite_id, CallOptions options = {});
  void delete_channel_permission(Snowflake channel_id, Snowflake overwrite_id, RestCallback<void> done,
                                 CallOptions options = {});
  /// `POST /channels/{channel_id}/typing`.
  Future<void> trigger_typing(Snowflake channel_id, CallOptions options = {});
  void trigger_typing(Snowflake channel_id, RestCallback<void> done, CallOptions options = {});
  /// [B] `GET /channels/{channel_id}/slowmode`.
  Future<ChannelSlowmode> get_slowmode(Snowflake channel_id, CallOptions options = {});
  void get_slowmode(Snowflake channel_id, RestCallback<ChannelSlowmode> done, CallOptions options = {});
  /// `PUT /channels/{channel_id}/recipients/{user_id}` (group DMs).
  Future<void> add_group_dm_recipient(Snowflake channel_id, Snowflake user_id, CallOptions options = {});
  void add_group_dm_recipient(Snowflake channel_id, Snowflake user_id, RestCallback<void> done,
                              CallOptions options = {});
  /// `DELETE /channels/{channel_id}/recipients/{user_id}` (group DMs).
  Future<void> remove_group_dm_recipient(Snowflake channel_id, Snowflake user_id, CallOptions options = {});
  void remove_group_dm_recipient(Snowflake channel_id, Snowflake user_id, RestCallback<void> done,
                                 CallOptions options = {});

  // ================================================================ messages

  /// `GET /channels/{channel_id}/messages` (newest first).
  Future<std::vector<Message>> get_messages(Snowflake channel_id, GetMessages query = {}, CallOptions options = {});
  void get_messages(Snowflake channel_id, GetMessages query, RestCallback<std::vector<Message>> done,
                    CallOptions options = {});
  /// Pages of a channel's messages, newest first (`from` = older than, `until` = stop at).
  [[nodiscard]] Paginator<Message> paginate_messages(Snowflake channel_id, Paging paging, CallOptions options = {});
  /// `GET /channels/{channel_id}/messages/{message_id}`.
  Future<Message> get_message(Snowflake channel_id, Snowflake message_id, CallOptions options = {});
  void get_message(Snowflake channel_id, Snowflake message_id, RestCallback<Message> done, CallOptions options = {});
  /// `POST /channels/{channel_id}/messages`: JSON, or multipart when `body.files` or
  /// `files` are given (`payload_json` + `files[N]`, each with its `attachments[].id`).
  /// Without a nonce in the body, one is generated (RestOptions::message_nonces).
  Future<Message> create_message(Snowflake channel_id, CreateMessage body, std::vector<UploadFile> files = {},
                                 CallOptions options = {});
  void create_message(Snowflake channel_id, CreateMessage body, std::vector<UploadFile> files,
                      RestCallback<Message> done, CallOptions options = {});
  /// `PATCH /channels/{channel_id}/messages/{message_id}` (multipart with new files).
  Future<Message> edit_message(Snowflake channel_id, Snowflake message_id, EditMessage body,
                               std::vector<UploadFile> files = {}, CallOptions options = {});
  void edit_message(Snowflake channel_id, Snowflake message_id, EditMessage body, std::vector<UploadFile> files,
                    RestCallback<Message> done, CallOptions options = {});
  /// `DELETE /channels/{channel_id}/messages/{message_id}`.
  Future<void> delete_message(Snowflake channel_id, Snowflake message_id, CallOptions options = {});
  void delete_message(Snowflake channel_id, Snowflake message_id, RestCallback<void> done, CallOptions options = {});
  /// `POST /channels/{channel_id}/messages/bulk-delete` (1–100 ids, no age limit).
  Future<void> bulk_delete_messages(Snowflake channel_id, std::vector<Snowflake> message_ids, CallOptions options = {});
  void bulk_delete_messages(Snowflake channel_id, std::vector<Snowflake> message_ids, RestCallback<void> done,
                            CallOptions options = {});
  /// `DELETE /channels/{channel_id}/messages/{message_id}/attachments/{attachment_id}`.
  Future<void> delete_message_attachment(Snowflake channel_id, Snowflake message_id, Snowflake attachment_id,
                                         CallOptions options = {});
  void delete_message_attachment(Snowflake channel_id, Snowflake message_id, Snowflake attachment_id,
                                 RestCallback<void> done, CallOptions options = {});

  // ================================================================ pins

  /// `GET /channels/{channel_id}/messages/pins` (`before` is an ISO timestamp).
  Future<PinsPage> get_pins(Snowflake channel_id, GetPins query = {}, CallOptions options = {});
  void get_pins(Snowflake channel_id, GetPins query, RestCallback<PinsPage> done, CallOptions options = {});
  /// `PUT /channels/{channel_id}/pins/{message_id}`.
  Future<void> pin_message(Snowflake channel_id, Snowflake message_id, CallOptions options = {});
  void pin_message(Snowflake channel_id, Snowflake message_id, RestCallback<void> done, CallOptions options = {});
  /// `DELETE /channels/{channel_id}/pins/{message_id}`.
  Future<void> unpin_message(Snowflake channel_id, Snowflake message_id, CallOptions options = {});
  void unpin_message(Snowflake channel_id, Snowflake message_id, RestCallback<void> done, CallOptions options = {});

  // ================================================================ reactions

  /// `PUT …/messages/{message_id}/reactions/{emoji}/@me`.
  Future<void> add_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                            CallOptions options = {});
  void add_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji, RestCallback<void> done,
                    CallOptions options = {});
  /// `DELETE …/reactions/{emoji}/@me`.
  Future<void> remove_own_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                   CallOptions options = {});
  void remove_own_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji, RestCallback<void> done,
                           CallOptions options = {});
  /// `DELETE …/reactions/{emoji}/{user_id}`.
  Future<void> remove_user_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                    Snowflake user_id, CallOptions options = {});
  void remove_user_reaction(Snowflake channel_id, Snowflake message_id, std::string_view emoji, Snowflake user_id,
                            RestCallback<void> done, CallOptions options = {});
  /// `DELETE …/reactions/{emoji}`: every reaction with that emoji.
  Future<void> remove_emoji_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                      CallOptions options = {});
  void remove_emoji_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                              RestCallback<void> done, CallOptions options = {});
  /// `DELETE …/reactions`: every reaction on the message.
  Future<void> remove_all_reactions(Snowflake channel_id, Snowflake message_id, CallOptions options = {});
  void remove_all_reactions(Snowflake channel_id, Snowflake message_id, RestCallback<void> done,
                            CallOptions options = {});
  /// `GET …/reactions/{emoji}`: a bare array ([A] and [B]); [B]'s paging headers fill
  /// `has_more` / `next_after`.
  Future<ReactionUsersPage> get_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                          GetReactions query = {}, CallOptions options = {});
  void get_reactions(Snowflake channel_id, Snowflake message_id, std::string_view emoji, GetReactions query,
                     RestCallback<ReactionUsersPage> done, CallOptions options = {});
  /// [B] `GET …/reactions/{emoji}/users`: `{items, has_more, next_after}`.
  Future<ReactionUsersPage> get_reaction_users(Snowflake channel_id, Snowflake message_id, std::string_view emoji,
                                               GetReactions query = {}, CallOptions options = {});
  void get_reaction_users(Snowflake channel_id, Snowflake message_id, std::string_view emoji, GetReactions query,
                          RestCallback<ReactionUsersPage> done, CallOptions options = {});
  /// Pages of the users who reacted with `emoji`, ascending by id (the bare-array route).
  [[nodiscard]] Paginator<User> paginate_reaction_users(Snowflake channel_id, Snowflake message_id,
                                                        std::string_view emoji, Paging paging,
                                                        CallOptions options = {});

  // ================================================================ invites

  /// `GET /channels/{channel_id}/invites`.
  Future<std::vector<Invite>> get_channel_invites(Snowflake channel_id, CallOptions options = {});
  void get_channel_invites(Snowflake channel_id, RestCallback<std::vector<Invite>> done, CallOptions options = {});
  /// `POST /channels/{channel_id}/invites`.
  Future<Invite> create_invite(Snowflake channel_id, CreateInvite body = {}, CallOptions options = {});
  void create_invite(Snowflake channel_id, CreateInvite body, RestCallback<Invite> done, CallOptions options = {});
  /// `GET /guilds/{guild_id}/invites`.
  Future<std::vector<Invite>> get_guild_invites(Snowflake guild_id, CallOptions options = {});
  void get_guild_invites(Snowflake guild_id, RestCallback<std::vector<Invite>> done, CallOptions options = {});
  /// `GET /invites/{code}` (needs no token).
  Future<Invite> get_invite(std::string_view code, CallOptions options = {});
  void get_invite(std::string_view code, RestCallback<Invite> done, CallOptions options = {});
  /// `DELETE /invites/{code}`.
  Future<void> delete_invite(std::string_view code, CallOptions options = {});
  void delete_invite(std::string_view code, RestCallback<void> done, CallOptions options = {});

  // ================================================================ webhooks

  /// `GET /channels/{channel_id}/webhooks`.
  Future<std::vector<Webhook>> get_channel_webhooks(Snowflake channel_id, CallOptions options = {});
  void get_channel_webhooks(Snowflake channel_id, RestCallback<std::vector<Webhook>> done, CallOptions options = {});
  /// `POST /channels/{channel_id}/webhooks`.
  Future<Webhook> create_webhook(Snowflake channel_id, CreateWebhook body, CallOptions options = {});
  void create_webhook(Snowflake channel_id, CreateWebhook body, RestCallback<Webhook> done, CallOptions options = {});
  /// `GET /guilds/{guild_id}/webhooks`.
  Future<std::vector<Webhook>> get_guild_webhooks(Snowflake guild_id, CallOptions options = {});
  void get_guild_webhooks(Snowflake guild_id, RestCallback<std::vector<Webhook>> done, CallOptions options = {});
  /// `GET /webhooks/{webhook_id}`.
  Future<Webhook> get_webhook(Snowflake webhook_id, CallOptions options = {});
  void get_webhook(Snowflake webhook_id, RestCallback<Webhook> done, CallOptions options = {});
  /// `PATCH /webhooks/{webhook_id}`.
  Future<Webhook> modify_webhook(Snowflake webhook_id, ModifyWebhook body, CallOptions options = {});
  void modify_webhook(Snowflake webhook_id, ModifyWebhook body, RestCallback<Webhook> done, CallOptions options = {});
  /// `DELETE /webhooks/{webhook_id}`.
  Future<void> delete_webhook(Snowflake webhook_id, CallOptions options = {});
  void delete_webhook(Snowflake webhook_id, RestCallback<void> done, CallOptions options = {});
  /// `GET /webhooks/{webhook_id}/{token}` (no bot token needed).
  Future<Webhook> get_webhook_with_token(Snowflake webhook_id, std::string_view token, CallOptions options = {});
  void get_webhook_with_token(Snowflake webhook_id, std::string_view token, RestCallback<Webhook> done,
                              CallOptions options = {});
  /// `PATCH /webhooks/{webhook_id}/{token}` (`channel_id` is not allowed here).
  Future<Webhook> modify_webhook_with_token(Snowflake webhook_id, std::string_view token, ModifyWebhook body,
                                            CallOptions options = {});
  void modify_webhook_with_token(Snowflake webhook_id, std::string_view token, ModifyWebhook body,
                                 RestCallback<Webhook> done, CallOptions options = {});
  /// `DELETE /webhooks/{webhook_id}/{token}`.
  Future<void> delete_webhook_with_token(Snowflake webhook_id, std::string_view token, CallOptions options = {});
  void delete_webhook_with_token(Snowflake webhook_id, std::string_view token, RestCallback<void> done,
                                 CallOptions options = {});
  /// `POST /webhooks/{webhook_id}/{token}?wait=true`: posts and returns the message. Files
  /// need a [B] server (an [A] server takes JSON only). Exempt from the bot-wide limit.
  /// Never retried after a network failure (it may have posted).
  Future<Message> execute_webhook(Snowflake webhook_id, std::string_view token, ExecuteWebhook body,
                                  std::vector<UploadFile> files = {}, CallOptions options = {});
  void execute_webhook(Snowflake webhook_id, std::string_view token, ExecuteWebhook body, std::vector<UploadFile> files,
                       RestCallback<Message> done, CallOptions options = {});
  /// `POST /webhooks/{webhook_id}/{token}` without `wait`: the server answers 204 at once.
  Future<void> execute_webhook_no_wait(Snowflake webhook_id, std::string_view token, ExecuteWebhook body,
                                       std::vector<UploadFile> files = {}, CallOptions options = {});
  void execute_webhook_no_wait(Snowflake webhook_id, std::string_view token, ExecuteWebhook body,
                               std::vector<UploadFile> files, RestCallback<void> done, CallOptions options = {});
  /// [B] `GET /webhooks/{webhook_id}/{token}/messages/{message_id}`.
  Future<Message> get_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                                      CallOptions options = {});
  void get_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                           RestCallback<Message> done, CallOptions options = {});
  /// [B] `PATCH /webhooks/{webhook_id}/{token}/messages/{message_id}`.
  Future<Message> edit_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                                       EditMessage body, std::vector<UploadFile> files = {}, CallOptions options = {});
  void edit_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id, EditMessage body,
                            std::vector<UploadFile> files, RestCallback<Message> done, CallOptions options = {});
  /// [B] `DELETE /webhooks/{webhook_id}/{token}/messages/{message_id}`.
  Future<void> delete_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                                      CallOptions options = {});
  void delete_webhook_message(Snowflake webhook_id, std::string_view token, Snowflake message_id,
                              RestCallback<void> done, CallOptions options = {});

  // ================================================================ guilds

  /// `GET /guilds/{guild_id}` ([B] adds roles, emojis, stickers, channels, counts).
  Future<Guild> get_guild(Snowflake guild_id, CallOptions options = {});
  void get_guild(Snowflake guild_id, RestCallback<Guild> done, CallOptions options = {});
  /// `PATCH /guilds/{guild_id}`.
  Future<Guild> modify_guild(Snowflake guild_id, ModifyGuild body, CallOptions options = {});
  void modify_guild(Snowflake guild_id, ModifyGuild body, RestCallback<Guild> done, CallOptions options = {});
  /// `POST /guilds/{guild_id}/delete` (owner only).
  Future<void> delete_guild(Snowflake guild_id, CallOptions options = {});
  void delete_guild(Snowflake guild_id, RestCallback<void> done, CallOptions options = {});
  /// `GET /guilds/{guild_id}/channels`.
  Future<std::vector<Channel>> get_guild_channels(Snowflake guild_id, CallOptions options = {});
  void get_guild_channels(Snowflake guild_id, RestCallback<std::vector<Channel>> done, CallOptions options = {});
  /// `POST /guilds/{guild_id}/channels`.
  Future<Channel> create_guild_channel(Snowflake guild_id, CreateChannel body, CallOptions options = {});
  void create_guild_channel(Snowflake guild_id, CreateChannel body, RestCallback<Channel> done,
                            CallOptions options = {});
  /// `PATCH /guilds/{guild_id}/channels`: positions and parents.
  Future<void> modify_guild_channel_positions(Snowflake guild_id, std::vector<ChannelPosition> positions,
                                              CallOptions options = {});
  void modify_guild_channel_positions(Snowflake guild_id, std::vector<ChannelPosition> positions,
                                      RestCallback<void> done, CallOptions options = {});
  /// `GET /guilds/{guild_id}/vanity-url`.
  Future<VanityUrl> get_vanity_url(Snowflake guild_id, CallOptions options = {});
  void get_vanity_url(Snowflake guild_id, RestCallback<VanityUrl> done, CallOptions options = {});
  /// `GET /guilds/{guild_id}/audit-logs` (an [A] server answers bots 403 ACCESS_DENIED).
  Future<AuditLog> get_audit_log(Snowflake guild_id, GetAuditLog query = {}, CallOptions options = {});
  void get_audit_log(Snowflake guild_id, GetAuditLog query, RestCallback<AuditLog> done, CallOptions options = {});
  /// Pages of audit log entries, newest first; `filter`'s user_id / action_type apply.
  [[nodiscard]] Paginator<AuditLogEntry> paginate_audit_log(Snowflake guild_id, Paging paging, GetAuditLog filter = {},
                                                            CallOptions options = {});

  // ================================================================ members

  /// `GET /guilds/{guild_id}/members` (always sends `limit`).
  Future<std::vector<GuildMember>> get_members(Snowflake guild_id, GetMembers query = {}, CallOptions options = {});
  void get_members(Snowflake guild_id, GetMembers query, RestCallback<std::vector<GuildMember>> done,
                   CallOptions options = {});
  /// Pages of members, ascending by user id.
  [[nodiscard]] Paginator<GuildMember> paginate_members(Snowflake guild_id, Paging paging, CallOptions options = {});
  /// `GET /guilds/{guild_id}/members/{user_id}`.
  Future<GuildMember> get_member(Snowflake guild_id, Snowflake user_id, CallOptions options = {});
  void get_member(Snowflake guild_id, Snowflake user_id, RestCallback<GuildMember> done, CallOptions options = {});
  /// `GET /guilds/{guild_id}/members/@me`.
  Future<GuildMember> get_current_member(Snowflake guild_id, CallOptions options = {});
  void get_current_member(Snowflake guild_id, RestCallback<GuildMember> done, CallOptions options = {});
  /// `PATCH /guilds/{guild_id}/members/{user_id}` (nick, roles, mute, deaf, timeouts, voice moves).
  Future<GuildMember> modify_member(Snowflake guild_id, Snowflake user_id, ModifyMember body, CallOptions options = {});
  void modify_member(Snowflake guild_id, Snowflake user_id, ModifyMember body, RestCallback<GuildMember> done,
                     CallOptions options = {});
  /// `PATCH /guilds/{guild_id}/members/@me` (`roles` is refused there).
  Future<GuildMember> modify_current_member(Snowflake guild_id, ModifyMember body, CallOptions options = {});
  void modify_current_member(Snowflake guild_id, ModifyMember body, RestCallback<GuildMember> done,
                             CallOptions options = {});
  /// `DELETE /guilds/{guild_id}/members/{user_id}`: kick.
  Future<void> remove_member(Snowflake guild_id, Snowflake user_id, CallOptions options = {});
  void remove_member(Snowflake guild_id, Snowflake user_id, RestCallback<void> done, CallOptions options = {});
  /// `PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}`.
  Future<void> add_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, CallOptions options = {});
  void add_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, RestCallback<void> done,
                       CallOptions options = {});
  /// `DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}`.
  Future<void> remove_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, CallOptions options = {});
  void remove_member_role(Snowflake guild_id, Snowflake user_id, Snowflake role_id, RestCallback<void> done,
                          CallOptions options = {});

  // ================================================================ bans

  /// `GET /guilds/{guild_id}/bans`.
  Future<std::vector<Ban>> get_bans(Snowflake guild_id, GetBans query = {}, CallOptions options = {});
  void get_bans(Snowflake guild_id, GetBans query, RestCallback<std::vector<Ban>> done, CallOptions options = {});
  /// Pages of bans, ascending by user id (a server that does not page answers everything
  /// at once; the paginator then stops after that page).
  [[nodiscard]] Paginator<Ban> paginate_bans(Snowflake guild_id, Paging paging, CallOptions options = {});
  /// `PUT /guilds/{guild_id}/bans/{user_id}` (`ban_duration` for temporary bans).
  Future<void> create_ban(Snowflake guild_id, Snowflake user_id, CreateBan body = {}, CallOptions options = {});
  void create_ban(Snowflake guild_id, Snowflake user_id, CreateBan body, RestCallback<void> done,
                  CallOptions options = {});
  /// `DELETE /guilds/{guild_id}/bans/{user_id}`.
  Future<void> remove_ban(Snowflake guild_id, Snowflake user_id, CallOptions options = {});
  void remove_ban(Snowflake guild_id, Snowflake user_id, RestCallback<void> done, CallOptions options = {});

  // ================================================================ roles

  /// `GET /guilds/{guild_id}/roles`.
  Future<std::vector<Role>> get_roles(Snowflake guild_id, CallOptions options = {});
  void get_roles(Snowflake guild_id, RestCallback<std::vector<Role>> done, CallOptions options = {});
  /// `POST /guilds/{guild_id}/roles`.
  Future<Role> create_role(Snowflake guild_id, CreateRole body, CallOptions options = {});
  void create_role(Snowflake guild_id, CreateRole body, RestCallback<Role> done, CallOptions options = {});
  /// `PATCH /guilds/{guild_id}/roles`: reorder; returns the guild's roles (empty when the
  /// server answers 204).
  Future<std::vector<Role>> modify_role_positions(Snowflake guild_id, std::vector<RolePosition> positions,
                                                  CallOptions options = {});
  void modify_role_positions(Snowflake guild_id, std::vector<RolePosition> positions,
                             RestCallback<std::vector<Role>> done, CallOptions options = {});
  /// `PATCH /guilds/{guild_id}/roles/{role_id}`.
  Future<Role> modify_role(Snowflake guild_id, Snowflake role_id, ModifyRole body, CallOptions options = {});
  void modify_role(Snowflake guild_id, Snowflake role_id, ModifyRole body, RestCallback<Role> done,
                   CallOptions options = {});
  /// `DELETE /guilds/{guild_id}/roles/{role_id}`.
  Future<void> delete_role(Snowflake guild_id, Snowflake role_id, CallOptions options = {});
  void delete_role(Snowflake guild_id, Snowflake role_id, RestCallback<void> done, CallOptions options = {});

  // ================================================================ emojis and stickers

  /// `GET /guilds/{guild_id}/emojis`.
  Future<std::vector<Emoji>> get_emojis(Snowflake guild_id, CallOptions options = {});
  void get_emojis(Snowflake guild_id, RestCallback<std::vector<Emoji>> done, CallOptions options = {});
  /// `POST /guilds/{guild_id}/emojis`.
  Future<Emoji> create_emoji(Snowflake guild_id, CreateEmoji body, CallOptions options = {});
  void create_emoji(Snowflake guild_id, CreateEmoji body, RestCallback<Emoji> done, CallOptions options = {});
  /// `POST /guilds/{guild_id}/emojis/bulk` (1–50).
  Future<BulkCreateResult<Emoji>> create_emojis(Snowflake guild_id, std::vector<CreateEmoji> emojis,
                                                CallOptions options = {});
  void create_emojis(Snowflake guild_id, std::vector<CreateEmoji> emojis, RestCallback<BulkCreateResult<Emoji>> done,
                     CallOptions options = {});
  /// `PATCH /guilds/{guild_id}/emojis/{emoji_id}`.
  Future<Emoji> modify_emoji(Snowflake guild_id, Snowflake emoji_id, ModifyEmoji body, CallOptions options = {});
  void modify_emoji(Snowflake guild_id, Snowflake emoji_id, ModifyEmoji body, RestCallback<Emoji> done,
                    CallOptions options = {});
  /// `DELETE /guilds/{guild_id}/emojis/{emoji_id}`.
  Future<void> delete_emoji(Snowflake guild_id, Snowflake emoji_id, CallOptions options = {});
  void delete_emoji(Snowflake guild_id, Snowflake emoji_id, RestCallback<void> done, CallOptions options = {});
  /// `GET /guilds/{guild_id}/stickers`.
  Future<std::vector<Sticker>> get_stickers(Snowflake guild_id, CallOptions options = {});
  void get_stickers(Snowflake guild_id, RestCallback<std::vector<Sticker>> done, CallOptions options = {});
  /// `POST /guilds/{guild_id}/stickers`.
  Future<Sticker> create_sticker(Snowflake guild_id, CreateSticker body, CallOptions options = {});
  void create_sticker(Snowflake guild_id, CreateSticker body, RestCallback<Sticker> done, CallOptions options = {});
  /// `POST /guilds/{guild_id}/stickers/bulk` (1–50).
  Future<BulkCreateResult<Sticker>> create_stickers(Snowflake guild_id, std::vector<CreateSticker> stickers,
                                                    CallOptions options = {});
  void create_stickers(Snowflake guild_id, std::vector<CreateSticker> stickers,
                       RestCallback<BulkCreateResult<Sticker>> done, CallOptions options = {});
  /// `PATCH /guilds/{guild_id}/stickers/{sticker_id}`.
  Future<Sticker> modify_sticker(Snowflake guild_id, Snowflake sticker_id, ModifySticker body,
                                 CallOptions options = {});
  void modify_sticker(Snowflake guild_id, Snowflake sticker_id, ModifySticker body, RestCallback<Sticker> done,
                      CallOptions options = {});
  /// `DELETE /guilds/{guild_id}/stickers/{sticker_id}`.
  Future<void> delete_sticker(Snowflake guild_id, Snowflake sticker_id, CallOptions options = {});
  void delete_sticker(Snowflake guild_id, Snowflake sticker_id, RestCallback<void> done, CallOptions options = {});

  struct Impl;  ///< implementation detail (public only for the per-area source files)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace fluxer
