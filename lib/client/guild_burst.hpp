#pragma once
// Private to libfluxer: tells the guild burst that follows READY apart from real joins.
//
// Bots get READY with `guilds: []` and then one GUILD_CREATE per guild (and, for guilds that
// are down, a GUILD_DELETE with `unavailable: true` on [B], or a GUILD_CREATE stub with
// `unavailable: true` before the full one on [A]). Nothing says when the burst is over, so
// the client asks REST for the bot's guild list (`GET /users/@me/guilds`, filtered to the
// shard) when READY arrives and hands it to expect(): the burst is over when every expected
// guild has arrived (full or unavailable), or at the deadline.
//
// Sans-IO: the caller passes the time; one instance per shard; not thread-safe (the shard's
// strand owns it).

#include <chrono>
#include <cstdint>
#include <span>
#include <unordered_set>

#include <fluxer/core/snowflake.hpp>

namespace fluxer::client_detail {

class GuildBurst {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Create : std::uint8_t {
    Burst,        ///< part of the burst after READY: not a join
    Joined,       ///< the bot was added to the guild
    Available,    ///< a guild that was unavailable is back
    Unavailable,  ///< an [A]-style stub outside the burst: the guild went down
  };
  enum class Delete : std::uint8_t {
    Burst,        ///< an unavailable guild announced in the burst
    Unavailable,  ///< the guild went down (outage)
    Left,         ///< the bot left, was removed, or the guild was deleted
  };

  /// A new session (READY): a burst starts. `announced` are READY's guild ids (empty for
  /// bots). The burst ends at `now + timeout` at the latest.
  void start(Clock::time_point now, Clock::duration timeout, std::span<const Snowflake> announced);
  /// The guild list for this shard arrived: these guilds are expected in the burst.
  void expect(std::span<const Snowflake> ids);
  /// The guild list could not be fetched: the burst ends only at its deadline.
  void list_failed() noexcept { list_failed_ = true; }

  /// Classifies a GUILD_CREATE (`unavailable` = a stub).
  Create on_guild_create(Snowflake id, bool unavailable);
  /// Classifies a GUILD_DELETE.
  Delete on_guild_delete(Snowflake id, bool unavailable);

  /// True while the burst of the current session runs (until complete() or the deadline).
  [[nodiscard]] bool in_burst(Clock::time_point now) const noexcept { return active_ && now < deadline_; }
  /// True when every expected guild arrived (needs the list) — checked after each event.
  [[nodiscard]] bool complete() const noexcept;
  /// Ends the burst (complete, or the deadline passed). Returns true the first time.
  bool finish() noexcept;
  [[nodiscard]] bool active() const noexcept { return active_; }
  [[nodiscard]] Clock::time_point deadline() const noexcept { return deadline_; }
  /// Guilds expected and not yet arrived.
  [[nodiscard]] std::size_t pending() const noexcept;
  /// Guilds currently known to be unavailable.
  [[nodiscard]] bool is_unavailable(Snowflake id) const { return unavailable_.contains(id); }

 private:
  bool active_ = false;
  bool list_known_ = false;
  bool list_failed_ = false;
  Clock::time_point deadline_{};
  std::unordered_set<Snowflake> expected_;
  std::unordered_set<Snowflake> arrived_;
  std::unordered_set<Snowflake> unavailable_;  // kept across sessions
};

}  // namespace fluxer::client_detail
