#pragma once
/// @file
/// Dispatch: one gateway event as it leaves the gateway loop (typed and raw).

#include <cstdint>
#include <memory>
#include <string>

#include <fluxer/model/events.hpp>

namespace fluxer::gateway {

/// One op 0 dispatch of one shard, in the order the shard received it (replays after a
/// Resume are delivered once; duplicates are dropped by sequence number).
struct Dispatch {
  int shard_id = 0;
  /// The envelope's `s` (0 when the server sent none).
  std::int64_t seq = 0;
  /// The envelope's `t` ("MESSAGE_CREATE").
  std::string name;
  /// The typed event. A known event that failed to decode arrives as UnknownEvent with its
  /// `error` set (never dropped); an unknown name as UnknownEvent without error.
  DispatchEvent event;
  /// The `d` JSON text exactly as received ("null" when absent), shared by every consumer
  /// (never copied per handler).
  std::shared_ptr<const std::string> raw;
};

}  // namespace fluxer::gateway
