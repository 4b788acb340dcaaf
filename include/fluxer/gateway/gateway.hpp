#pragma once
/// @file
/// Gateway: every shard of a bot on one libwebsockets event-loop thread.
///
///     fluxer::Logger log;
///     fluxer::gateway::GatewayOptions options;
///     options.token = token;
///     options.url = "wss://gateway.fluxer.app";
///     fluxer::gateway::GatewayHandlers handlers;
///     handlers.on_dispatch = [&](fluxer::gateway::Dispatch&& d) { strand->post(...); };
///     fluxer::gateway::Gateway gateway(options, std::move(handlers), log);
///     gateway.start().value();
///
/// Threads. start() creates the loop thread, which owns every socket, timer and zstd
/// stream. The handlers run on that thread: they must return quickly and never block (post
/// the work elsewhere, as the Client does with a strand per shard). All other members are
/// thread-safe and may be called from any thread, including from inside a handler, except
/// where noted.
///
/// Lifetime. stop() (and the destructor) closes every socket, cancels every timer, joins
/// the loop thread and fails the pending member requests with Cancelled; after it returns
/// no handler runs. Called from inside a handler (on the loop thread) stop() only asks for
/// the stop and returns at once; the destructor must not run on the loop thread (that is
/// detected and aborts the process, as a thread joining itself would).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/executor.hpp>
#include <fluxer/core/future.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/gateway/dispatch.hpp>
#include <fluxer/gateway/options.hpp>
#include <fluxer/gateway/shard.hpp>
#include <fluxer/model/gateway_commands.hpp>
#include <fluxer/model/member.hpp>
#include <fluxer/model/presence.hpp>

namespace fluxer::gateway {

/// What the gateway calls, on its loop thread, in order per shard. Both may be empty.
struct GatewayHandlers {
  /// Every dispatch (op 0), typed and raw. Take ownership (move) and return quickly.
  std::function<void(Dispatch&&)> on_dispatch;
  /// Lifecycle notifications (ready, resumed, disconnected, invalidated, stopped).
  std::function<void(const ShardEvent&)> on_shard_event;
  /// Optional: called on the loop thread after each pass of the event loop that delivered
  /// at least one dispatch (typically one socket read's worth). A consumer that queues
  /// dispatches can hand them on here in one go instead of one at a time.
  std::function<void()> on_batch_end;
};

/// The answer to a Request Guild Members (op 8): every chunk's members and presences.
struct GuildMembers {
  Snowflake guild_id;
  std::vector<GuildMember> members;
  /// Present only when the request asked for presences.
  std::vector<Presence> presences;
  /// The nonce the request carried (the SDK picks one when the request had none).
  std::string nonce;
};

/// The shard a guild belongs to: `(guild_id >> 22) % shard_count`.
[[nodiscard]] int shard_for_guild(Snowflake guild_id, int shard_count) noexcept;

class Gateway {
 public:
  /// A gateway over `options`. Nothing connects until start(). `log` must outlive the
  /// gateway (the token is registered with it for redaction). Futures returned by
  /// request_guild_members() complete on `executor` (a one-thread pool of the gateway's own
  /// when null), never on the loop thread.
  Gateway(GatewayOptions options, GatewayHandlers handlers, Logger& log, std::shared_ptr<Executor> executor = nullptr);
  /// stop(), then frees everything. Must not run on the loop thread (see the file comment).
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  /// Checks the options, starts the loop thread and begins connecting every shard
  /// (Identify paced by the identify queue). InvalidArgument for bad options (empty token,
  /// a URL that is not ws:// or wss://, a ws:// URL of a host that is not loopback without
  /// `allow_insecure_ws` (code INSECURE_GATEWAY_URL), bad shard ids, compression without
  /// zstd support);
  /// Other when libwebsockets cannot start, or when called twice.
  Result<void> start();

  /// Stops every shard (close 1000), cancels timers, joins the loop thread. Idempotent.
  /// From the loop thread: requests the stop and returns without waiting.
  void stop();

  /// True between a successful start() and the end of stop() (or until every shard has
  /// stopped on a fatal close).
  [[nodiscard]] bool running() const noexcept;

  /// The shard ids this gateway runs, ascending.
  [[nodiscard]] std::vector<int> shard_ids() const;
  /// A snapshot of one shard; nullopt for a shard this gateway does not run.
  [[nodiscard]] std::optional<ShardStatus> status(int shard_id) const;
  /// Round trip of the shard's last acknowledged heartbeat; nullopt before the first ACK or
  /// for an unknown shard.
  [[nodiscard]] std::optional<std::chrono::microseconds> latency(int shard_id) const;

  /// Sends a raw payload (a complete `{"op":N,"d":...}` JSON text) on one shard. It is
  /// queued behind the pacing and sent once the shard is READY (kept across reconnects).
  /// InvalidArgument: unknown shard, empty payload or one over the server's 4096-byte
  /// inbound limit; ClientNotReady: gateway not running or shard stopped; RateLimit: the
  /// shard's queue is full.
  Result<void> send_to_shard(int shard_id, std::string payload);
  /// send_to_shard() on every shard (checked on all of them first: all or none is queued).
  Result<void> send_to_gateway(std::string payload);

  /// Presence Update (op 3) on every shard, or only `shard_id`. Updates are coalesced to the
  /// server's budget (5 per 20 s per socket): when more come, the latest wins. Later
  /// Identify payloads carry it too.
  Result<void> update_presence(const UpdatePresence& presence, std::optional<int> shard_id = std::nullopt);

  /// Request Guild Members (op 8) on the guild's shard. Completes (on the executor) when
  /// every chunk has arrived, with RateLimit (`retry_after`, code RATE_LIMITED) when a [B]
  /// server refuses the request, with Timeout after `member_request_timeout`, with
  /// InvalidArgument for a guild on a shard this process does not run or a nonce longer than
  /// 32 bytes (or one already pending), and with Cancelled on stop(). The chunks also reach
  /// on_dispatch as GUILD_MEMBERS_CHUNK.
  Future<GuildMembers> request_guild_members(RequestGuildMembers request);

  /// Lazy Request (op 14): each guild's subscription goes to the guild's shard.
  Result<void> lazy_request(const LazyRequest& request);
  /// Request Guild Counts (op 15, [B]): the guild ids are split by shard; the answers
  /// arrive as GUILD_COUNTS_UPDATE dispatches.
  Result<void> request_guild_counts(const RequestGuildCounts& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fluxer::gateway
