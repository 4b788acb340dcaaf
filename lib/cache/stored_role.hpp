#pragma once
// RoleEntry: the 56-byte stored form of a Role (112 bytes + heap strings as a model value).

#include <cstdint>

#include <fluxer/model/role.hpp>

#include "cache/string_pack.hpp"

namespace fluxer::cache_detail {

struct RoleEntry {
  std::uint64_t id = 0;
  std::uint64_t permissions = 0;
  StringPack strings;  // 0 name, 1 unicode_emoji
  std::uint32_t color = 0;
  std::int32_t position = 0;
  std::int32_t hoist_position = 0;
  std::uint8_t bits = 0;

  static constexpr std::uint8_t kHoist = 1u << 0;
  static constexpr std::uint8_t kMentionable = 1u << 1;
  static constexpr std::uint8_t kHasHoistPosition = 1u << 2;

  void assign(const Role& r) {
    id = r.id.value();
    permissions = r.permissions.value();
    std::optional<std::string_view> emoji;
    if (r.unicode_emoji) emoji = *r.unicode_emoji;
    strings.assign({std::string_view(r.name), emoji});
    color = r.color;
    position = r.position;
    hoist_position = r.hoist_position.value_or(0);
    bits = static_cast<std::uint8_t>((r.hoist ? kHoist : 0) | (r.mentionable ? kMentionable : 0) |
                                     (r.hoist_position ? kHasHoistPosition : 0));
  }

  [[nodiscard]] Role to_role() const {
    Role r;
    r.id = Snowflake{id};
    r.name.assign(strings.get_or_empty(0));
    if (auto e = strings.get(1)) r.unicode_emoji.emplace(*e);
    r.color = color;
    r.position = position;
    if (bits & kHasHoistPosition) r.hoist_position = hoist_position;
    r.permissions = Permissions{permissions};
    r.hoist = (bits & kHoist) != 0;
    r.mentionable = (bits & kMentionable) != 0;
    return r;
  }

  [[nodiscard]] std::size_t heap_bytes() const noexcept { return strings.heap_bytes(); }
};

static_assert(sizeof(RoleEntry) == 56);

}  // namespace fluxer::cache_detail
