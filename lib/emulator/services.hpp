#pragma once
// What REST handlers, gateway code and scripting share on the service thread: the world,
// the options, the logger, the event bus and the observers. One per Server.

#include <cstdint>
#include <functional>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fluxer/core/log.hpp>
#include <fluxer/emulator/options.hpp>
#include <fluxer/emulator/world.hpp>

#include "emulator/audit_log.hpp"

namespace fluxer::emulator {

/// A gateway event to fan out to every session that can see it (§4 shapes are the
/// caller's job; recipients are computed here from the world).
struct GatewayEvent {
  std::string name;  ///< "MESSAGE_CREATE"
  /// The `d` payload, the same for every recipient...
  std::string data;
  /// ...or built per recipient (viewer = the session's user) when set.
  std::function<std::string(Snowflake viewer)> data_for;
  /// Guild-scoped: recipients are the guild's members (and [B] shards owning the guild).
  std::optional<Snowflake> guild_id;
  /// Also require VIEW_CHANNEL on this channel (DM channels: the participants).
  std::optional<Snowflake> channel_id;
  /// Permissions the recipient must hold (channel-level with channel_id, else guild-level).
  std::uint64_t required_permissions = 0;
  /// Explicit recipients; when non-empty they replace the membership rule above.
  std::vector<Snowflake> user_ids;
  /// False for events that are never kept in the replay buffer.
  bool replayable = true;
  /// A session id that must not receive the event (the reaction `?session_id=` rule, §4.4);
  /// empty = nobody is excluded.
  std::string exclude_session;
};

/// Receives events to deliver (the gateway hub implements it).
class EventBus {
 public:
  virtual ~EventBus() = default;
  virtual void dispatch(const GatewayEvent& event) = 0;
};

/// Notified of world changes that scripting waits on.
class WorldObserver {
 public:
  virtual ~WorldObserver() = default;
  virtual void message_created(const Message& message) = 0;
};

struct Services {
  World& world;
  const ServerOptions& options;
  Logger& log;  ///< non-const: tokens created at runtime are registered for redaction
  EventBus& events;
  WorldObserver& observer;
  /// "http://127.0.0.1:<port>" (no trailing slash).
  std::string http_base;
  /// "ws://127.0.0.1:<port>/gateway"
  std::string gateway_url;
  /// [B] idempotent message nonces: (author, nonce) -> (channel, message), kept 5 minutes.
  std::map<std::pair<Snowflake, std::string>, std::pair<Snowflake, Snowflake>> recent_nonces;
  /// The keys of recent_nonces oldest first, so expiry looks only at the front (a scan of
  /// the whole map per message made a stream of sends quadratic).
  std::deque<std::pair<Snowflake, std::string>> recent_nonce_order{};
  /// What the REST layer keeps beside the world (the guild audit log).
  RestState rest{};
};

}  // namespace fluxer::emulator
