#include <fluxer/version.hpp>

#include "fluxer_config.h"

namespace fluxer {
const char* runtime_version() noexcept { return FLUXER_VERSION; }
}  // namespace fluxer
