#include <fluxer/client/collector.hpp>

namespace fluxer {

std::string_view to_string(CollectorEnd reason) noexcept {
  switch (reason) {
    case CollectorEnd::Limit: return "limit";
    case CollectorEnd::Time: return "time";
    case CollectorEnd::Idle: return "idle";
    case CollectorEnd::Stopped: return "stopped";
    case CollectorEnd::ClientDestroyed: return "client_destroyed";
  }
  return "unknown";
}

}  // namespace fluxer
