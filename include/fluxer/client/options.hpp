#pragma once
/// @file
/// ClientOptions: everything a Client needs besides the token.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/cache/cache_options.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/gateway/options.hpp>
#include <fluxer/model/gateway_commands.hpp>
#include <fluxer/rest/options.hpp>

namespace fluxer {

/// Options of a Client. The defaults connect to the hosted instance (fluxer.app) with one
/// shard, no compression, an unbounded cache without messages, and two callback threads.
///
///     fluxer::ClientOptions options;
///     options.api_base = "http://127.0.0.1:8080/v1";   // a self-hosted instance, or the emulator
///     options.cache.members = 100'000;
///     options.ignored_events = {"TYPING_START"};
///     fluxer::Client client(options);
struct ClientOptions {
  /// The HTTP API base, `/v1` included (RestOptions::api_base is set from it).
  std::string api_base = "https://api.fluxer.app/v1";
  /// The gateway URL; nullopt = discovered through `GET /gateway/bot` at login.
  std::optional<std::string> gateway_url{};
  /// Accepted for compatibility with code written for Discord and ignored: Fluxer has no
  /// intents (use `ignored_events` to receive less). Setting it logs one debug line.
  std::optional<std::uint64_t> intents{};
  /// The presence sent when identifying (absent = the account's saved status).
  std::optional<UpdatePresence> presence{};
  /// Dispatch names the server should not send, e.g. {"TYPING_START"}. A handler
  /// registered for one of them logs a warning once.
  std::vector<std::string> ignored_events{};
  /// zstd-stream compression of the gateway connection (off by default).
  gateway::Compression compression = gateway::Compression::None;

  /// Total shards of the bot and the ones this process runs (empty = all). Fluxer
  /// recommends one; sharding exists on current servers only.
  int shard_count = 1;
  std::vector<int> shard_ids{};

  /// Ready means every shard received READY and, with `wait_for_guilds`, every guild of
  /// the bot arrived (full, or announced unavailable) — or `guild_ready_timeout` passed.
  bool wait_for_guilds = false;
  /// Longest wait for the guild burst after READY (also ends the burst for telling joins
  /// apart when `wait_for_guilds` is off).
  std::chrono::milliseconds guild_ready_timeout{15'000};

  /// Cache limits (unset = unbounded; messages are off unless set).
  CacheOptions cache{};

  /// Threads running handlers and REST completions (at least 1). Handlers of one shard run
  /// in order, one at a time; blocking in a handler (e.g. `.get()` on a REST call) is safe
  /// with any number of threads.
  std::size_t callback_threads = 2;

  /// Where log lines go (null = stderr) and from which level. Tokens are always redacted.
  LogSink log_sink{};
  LogLevel log_level = LogLevel::Info;

  /// REST settings (timeouts, retries, proxy, TLS, global limit, ...). `token` and
  /// `api_base` are filled in by the Client; its callback pool and logger are the Client's.
  RestOptions rest{};
  /// Advanced gateway settings (timeouts, backoff, pacing, identify queue, ...). `token`,
  /// `url`, `shard_count`, `shard_ids`, `compression`, `presence` and `ignored_events` are
  /// filled in by the Client from the fields above.
  gateway::GatewayOptions gateway{};
};

}  // namespace fluxer
