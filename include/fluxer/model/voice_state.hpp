#pragma once
/// @file
/// VoiceState: one voice connection of a user.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fluxer/core/snowflake.hpp>
#include <fluxer/model/member.hpp>

namespace fluxer {

/// One voice connection. A user can hold several at once (`connection_id` tells them apart;
/// default limit 5 per channel on newer servers). Media flows over LiveKit, not here.
struct VoiceState {
  /// Null for DM / group DM calls.
  std::optional<Snowflake> guild_id{};
  /// Null when the participant left.
  std::optional<Snowflake> channel_id{};
  Snowflake user_id{};
  std::optional<std::string> connection_id{};
  std::optional<std::string> session_id{};
  /// Null in calls.
  std::optional<GuildMember> member{};
  bool mute = false;
  bool deaf = false;
  bool self_mute = false;
  bool self_deaf = false;
  bool self_video = false;
  bool self_stream = false;
  bool is_mobile = false;
  bool suppress = false;  ///< [B]
  /// Streams this connection watches ([B] `viewer_stream_keys`; [A] a single
  /// `viewer_stream_key`, stored here as one entry).
  std::vector<std::string> viewer_stream_keys{};
  std::optional<bool> e2ee_capable{};  ///< [B]
  /// Monotonic version of this participant's voice state.
  std::optional<std::int64_t> version{};

  friend bool operator==(const VoiceState&, const VoiceState&) = default;
};

}  // namespace fluxer
