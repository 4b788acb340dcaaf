#pragma once
/// @file
/// Client: a bot's connection to Fluxer — gateway shards, REST, cache, handlers.
///
///     fluxer::Client client(options);
///     client.on_message_create([&](const fluxer::MessageCreate& e) {
///       if (e.message.content == "!ping") client.channels().send(e.message.channel_id, "pong");
///     });
///     fluxer::Result<void> r = client.login(token);   // blocks until destroy() or a fatal error
///
/// Threads. One gateway thread runs every shard; REST runs on its own network thread(s);
/// handlers and REST completions run on the callback pool (`callback_threads`). Events of
/// one shard reach handlers one at a time, in the order the shard received them, and the
/// cache already holds an event's changes when its handlers run. Handlers may block (for
/// example in `.get()` on a REST call) whatever the pool size. Every member function is
/// thread-safe.
///
/// Lifetime. `destroy()` (and the destructor) stops the shards, cancels pending REST calls
/// (they complete with Cancelled), ends collectors (ClientDestroyed), joins every thread;
/// no handler or callback starts after it returns. It may be called from a handler or from
/// a signal-handling thread (not from inside a signal handler: use a thread that waits for
/// the signal, as the samples do).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fluxer/cache/cache.hpp>
#include <fluxer/client/collector.hpp>
#include <fluxer/client/managers.hpp>
#include <fluxer/client/options.hpp>
#include <fluxer/client/raw_event.hpp>
#include <fluxer/core/future.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/gateway/gateway.hpp>
#include <fluxer/gateway/shard.hpp>
#include <fluxer/model/events.hpp>
#include <fluxer/model/instance.hpp>
#include <fluxer/rest/rest.hpp>

namespace fluxer {

/// Identifies a registered handler (for Client::off).
using HandlerId = std::uint64_t;

/// The client became ready (once per Client): every shard received READY and, with
/// `wait_for_guilds`, the guild burst is over.
struct ClientReady {
  CurrentUser user{};
  /// Guilds cached when the client became ready (unavailable ones included).
  std::size_t guilds = 0;
  /// Guilds still missing when `guild_ready_timeout` ended the wait (0 normally).
  std::size_t guilds_missing = 0;
  /// The shards this process runs.
  std::vector<int> shards{};
};

/// Why a guild appeared or disappeared (client-level events built from GUILD_CREATE and
/// GUILD_DELETE; the guilds of the burst after READY are neither joins nor availability
/// changes and raise none of these).
struct GuildJoined {
  const GuildCreate* guild = nullptr;  ///< valid during the handler
};
struct GuildAvailable {
  const GuildCreate* guild = nullptr;  ///< valid during the handler
};
struct GuildUnavailable {
  Snowflake guild_id{};
};
struct GuildLeft {
  Snowflake guild_id{};
  /// The guild as cached before it was removed, when it was cached.
  std::optional<Guild> guild{};
};

class Client {
 public:
  explicit Client(ClientOptions options = {});
  /// destroy().
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // ------------------------------------------------------------------ running

  /// Connects with `token` (`<application_id>.<secret>`, without "Bot ") and blocks until
  /// destroy() is called (ok) or the client stops on a fatal error: InvalidToken (REST 401
  /// or gateway 4004), WebSocket (4010 invalid shard, 4011 sharding required, 4012 invalid
  /// version), or the error of a failed discovery. AlreadyLoggedIn when the client is
  /// already running (or ran: a Client logs in once).
  Result<void> login(std::string token);
  /// login() without blocking: the future completes when login() would return.
  Future<void> start(std::string token);
  /// Stops everything (see the file comment). Idempotent. From a handler: the other
  /// callback threads are joined; the calling handler simply continues after it returns.
  void destroy();

  /// True once ready (see ClientReady) and until destroy().
  [[nodiscard]] bool is_ready() const noexcept;
  /// When the client became ready.
  [[nodiscard]] std::optional<Timestamp> ready_at() const;
  /// The bot's user, from READY (nullopt before).
  [[nodiscard]] std::optional<CurrentUser> user() const;
  /// Heartbeat round trip of a shard (the last acknowledged beat).
  [[nodiscard]] std::optional<std::chrono::microseconds> latency(int shard_id = 0) const;
  /// A snapshot of one shard (state, session, counters); nullopt before login.
  [[nodiscard]] std::optional<gateway::ShardStatus> shard_status(int shard_id = 0) const;
  /// The shards this process runs.
  [[nodiscard]] std::vector<int> shard_ids() const;

  // ------------------------------------------------------------------ handlers

  /// Raw handler for dispatches named `event_name` ("MESSAGE_CREATE", see fluxer::events),
  /// with the `d` text (parsed on demand). Handlers of one event run in registration order.
  HandlerId on(std::string_view event_name, std::function<void(const RawEvent&)> handler);
  /// Handler for every dispatch, typed.
  HandlerId on_typed(std::function<void(const DispatchEvent&)> handler);
  /// Handler for one typed event, e.g. `on<fluxer::MessageCreate>(...)`.
  template <class T>
  HandlerId on(std::function<void(const T&)> handler);
  /// Removes a handler; false if unknown. A dispatch running on another thread at that
  /// moment may still call it once.
  bool off(HandlerId id);

  HandlerId on_message_create(std::function<void(const MessageCreate&)> h) { return on<MessageCreate>(std::move(h)); }
  HandlerId on_message_update(std::function<void(const MessageUpdate&)> h) { return on<MessageUpdate>(std::move(h)); }
  HandlerId on_message_delete(std::function<void(const MessageDelete&)> h) { return on<MessageDelete>(std::move(h)); }
  HandlerId on_message_delete_bulk(std::function<void(const MessageDeleteBulk&)> h) {
    return on<MessageDeleteBulk>(std::move(h));
  }
  HandlerId on_message_reaction_add(std::function<void(const MessageReactionAdd&)> h) {
    return on<MessageReactionAdd>(std::move(h));
  }
  HandlerId on_message_reaction_remove(std::function<void(const MessageReactionRemove&)> h) {
    return on<MessageReactionRemove>(std::move(h));
  }
  HandlerId on_typing_start(std::function<void(const TypingStart&)> h) { return on<TypingStart>(std::move(h)); }
  HandlerId on_guild_create(std::function<void(const GuildCreate&)> h) { return on<GuildCreate>(std::move(h)); }
  HandlerId on_guild_update(std::function<void(const GuildUpdate&)> h) { return on<GuildUpdate>(std::move(h)); }
  HandlerId on_guild_delete(std::function<void(const GuildDelete&)> h) { return on<GuildDelete>(std::move(h)); }
  HandlerId on_guild_member_add(std::function<void(const GuildMemberAdd&)> h) {
    return on<GuildMemberAdd>(std::move(h));
  }
  HandlerId on_guild_member_update(std::function<void(const GuildMemberUpdate&)> h) {
    return on<GuildMemberUpdate>(std::move(h));
  }
  HandlerId on_guild_member_remove(std::function<void(const GuildMemberRemove&)> h) {
    return on<GuildMemberRemove>(std::move(h));
  }
  HandlerId on_guild_ban_add(std::function<void(const GuildBanAdd&)> h) { return on<GuildBanAdd>(std::move(h)); }
  HandlerId on_guild_ban_remove(std::function<void(const GuildBanRemove&)> h) {
    return on<GuildBanRemove>(std::move(h));
  }
  HandlerId on_guild_role_create(std::function<void(const GuildRoleCreate&)> h) {
    return on<GuildRoleCreate>(std::move(h));
  }
  HandlerId on_guild_role_update(std::function<void(const GuildRoleUpdate&)> h) {
    return on<GuildRoleUpdate>(std::move(h));
  }
  HandlerId on_guild_role_delete(std::function<void(const GuildRoleDelete&)> h) {
    return on<GuildRoleDelete>(std::move(h));
  }
  HandlerId on_channel_create(std::function<void(const ChannelCreate&)> h) { return on<ChannelCreate>(std::move(h)); }
  HandlerId on_channel_update(std::function<void(const ChannelUpdate&)> h) { return on<ChannelUpdate>(std::move(h)); }
  HandlerId on_channel_delete(std::function<void(const ChannelDelete&)> h) { return on<ChannelDelete>(std::move(h)); }
  HandlerId on_presence_update(std::function<void(const PresenceUpdate&)> h) {
    return on<PresenceUpdate>(std::move(h));
  }
  HandlerId on_voice_state_update(std::function<void(const VoiceStateUpdate&)> h) {
    return on<VoiceStateUpdate>(std::move(h));
  }
  HandlerId on_invite_create(std::function<void(const InviteCreate&)> h) { return on<InviteCreate>(std::move(h)); }
  HandlerId on_invite_delete(std::function<void(const InviteDelete&)> h) { return on<InviteDelete>(std::move(h)); }
  HandlerId on_user_update(std::function<void(const UserUpdate&)> h) { return on<UserUpdate>(std::move(h)); }
  HandlerId on_resumed(std::function<void(const Resumed&)> h) { return on<Resumed>(std::move(h)); }

  /// Once, when the client becomes ready (after the shard's events that made it ready).
  HandlerId on_ready(std::function<void(const ClientReady&)> handler);
  /// The bot was added to a guild (not for the guilds of the burst after READY).
  HandlerId on_guild_join(std::function<void(const GuildJoined&)> handler);
  /// An unavailable guild is back.
  HandlerId on_guild_available(std::function<void(const GuildAvailable&)> handler);
  /// A guild became unavailable (an outage on the server's side).
  HandlerId on_guild_unavailable(std::function<void(const GuildUnavailable&)> handler);
  /// The bot left the guild, was removed, or the guild was deleted.
  HandlerId on_guild_leave(std::function<void(const GuildLeft&)> handler);
  /// Shard lifecycle: ready, resumed, disconnected (and why), session invalidated, stopped.
  /// Runs on the shard's strand, in order with its events.
  HandlerId on_shard_event(std::function<void(const gateway::ShardEvent&)> handler);

  // ------------------------------------------------------------------ collectors

  /// Collects MESSAGE_CREATE messages (see collector.hpp). A collector without any limit
  /// runs until stop() or destroy().
  MessageCollector collect_messages(MessageCollectorOptions options);
  /// Collects MESSAGE_REACTION_ADD events for one message.
  ReactionCollector collect_reactions(ReactionCollectorOptions options);

  // ------------------------------------------------------------------ gateway commands

  /// Sends a raw payload (`{"op":N,"d":...}`) on every shard / on one shard; see
  /// gateway::Gateway. ClientNotReady before login.
  Result<void> send_to_gateway(std::string payload);
  Result<void> send_to_shard(int shard_id, std::string payload);
  /// Presence Update on every shard (coalesced to the server's budget).
  Result<void> update_presence(const UpdatePresence& presence);
  /// Request Guild Members (op 8) on the guild's shard; the members also update the cache.
  Future<gateway::GuildMembers> request_guild_members(RequestGuildMembers request);

  // ------------------------------------------------------------------ REST, cache, managers

  /// The REST client (available before login; its calls need the token, given at login or
  /// in `options.rest.token`).
  [[nodiscard]] Rest& rest();
  /// Discovery (`/.well-known/fluxer`, else `/instance`).
  [[nodiscard]] Future<InstanceInfo> fetch_instance();
  /// The cache (thread-safe; values handed out are copies).
  [[nodiscard]] Cache& cache();
  [[nodiscard]] const Cache& cache() const;
  [[nodiscard]] GuildManager guilds();
  [[nodiscard]] ChannelManager channels();
  [[nodiscard]] UserManager users();
  [[nodiscard]] MemberManager members();
  [[nodiscard]] RoleManager roles();

  /// The client's logger (the token is registered for redaction).
  [[nodiscard]] Logger& logger();
  [[nodiscard]] const ClientOptions& options() const;

 private:
  HandlerId add_handler(std::string_view event_name, std::function<void(const RawEvent&)> handler);
  HandlerId add_typed_handler(std::string_view event_name, std::function<void(const DispatchEvent&)> handler);

  std::unique_ptr<client_detail::ClientCore> core_;
};

template <class T>
HandlerId Client::on(std::function<void(const T&)> handler) {
  static_assert(requires { T::kName; } || std::is_same_v<T, UnknownEvent>,
                "on<T>: T must be an event type of DispatchEvent");
  std::string_view name;
  if constexpr (!std::is_same_v<T, UnknownEvent>) name = T::kName;
  return add_typed_handler(name, [handler = std::move(handler)](const DispatchEvent& ev) {
    if (const T* e = std::get_if<T>(&ev)) handler(*e);
  });
}

}  // namespace fluxer
