#pragma once
// Private to libfluxer: from a dispatch's event name to the reader of its payload.

#include <cstdint>
#include <string_view>

#include <fluxer/model/events.hpp>

#include "model/decoder.hpp"

namespace fluxer::mjson {

/// Emplaces the event's struct in `event` and starts `decoder` with it as the root value,
/// which begins at nesting depth `base_depth`.
using EventBegin = void (*)(Decoder& decoder, DispatchEvent& event, std::uint32_t base_depth);

/// The reader of dispatch `name`, or nullptr when it has no typed struct.
[[nodiscard]] EventBegin find_event(std::string_view name) noexcept;

}  // namespace fluxer::mjson
