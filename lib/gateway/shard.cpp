#include <fluxer/gateway/shard.hpp>

namespace fluxer::gateway {

std::string_view to_string(ShardState state) noexcept {
  switch (state) {
    case ShardState::Idle: return "idle";
    case ShardState::Connecting: return "connecting";
    case ShardState::Identifying: return "identifying";
    case ShardState::Resuming: return "resuming";
    case ShardState::Ready: return "ready";
    case ShardState::Reconnecting: return "reconnecting";
    case ShardState::Stopped: return "stopped";
  }
  return "unknown";
}

std::string_view to_string(ShardEvent::Kind kind) noexcept {
  switch (kind) {
    case ShardEvent::Kind::Ready: return "ready";
    case ShardEvent::Kind::Resumed: return "resumed";
    case ShardEvent::Kind::Disconnected: return "disconnected";
    case ShardEvent::Kind::SessionInvalidated: return "session_invalidated";
    case ShardEvent::Kind::Stopped: return "stopped";
  }
  return "unknown";
}

std::string_view to_string(ZstdMode mode) noexcept {
  switch (mode) {
    case ZstdMode::None: return "none";
    case ZstdMode::Frames: return "frames";
    case ZstdMode::Stream: return "stream";
  }
  return "unknown";
}

}  // namespace fluxer::gateway
