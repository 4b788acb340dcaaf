#pragma once
/// @file
/// JSON of the REST-only types (include/fluxer/rest/requests.hpp, responses.hpp): decoders
/// for response shapes that are not plain entities, encoders for bodies the model layer
/// has no encoder for. Same rules as the model codec (unknown fields ignored, typed Decode
/// errors naming the JSON path, limits checked before sending).

#include <string>
#include <string_view>
#include <vector>

#include <fluxer/core/result.hpp>
#include <fluxer/model/emoji.hpp>
#include <fluxer/model/guild_requests.hpp>
#include <fluxer/model/sticker.hpp>
#include <fluxer/rest/requests.hpp>
#include <fluxer/rest/responses.hpp>

namespace fluxer::rest {

[[nodiscard]] Result<PinsPage> decode_pins_page(std::string_view json);
/// [B] `{items, has_more, next_after}`.
[[nodiscard]] Result<ReactionUsersPage> decode_reaction_users_page(std::string_view json);
[[nodiscard]] Result<VanityUrl> decode_vanity_url(std::string_view json);
[[nodiscard]] Result<ChannelSlowmode> decode_slowmode(std::string_view json);
[[nodiscard]] Result<UserProfile> decode_user_profile(std::string_view json);
[[nodiscard]] Result<AuditLog> decode_audit_log(std::string_view json);
[[nodiscard]] Result<BulkCreateResult<Emoji>> decode_emoji_bulk(std::string_view json);
[[nodiscard]] Result<BulkCreateResult<Sticker>> decode_sticker_bulk(std::string_view json);

[[nodiscard]] Result<std::string> encode_channel_positions(const std::vector<ChannelPosition>& positions);
[[nodiscard]] Result<std::string> encode_role_positions(const std::vector<RolePosition>& positions);
[[nodiscard]] Result<std::string> encode_group_dm(const CreateGroupDm& body);
[[nodiscard]] Result<std::string> encode_sticker(const CreateSticker& body);
[[nodiscard]] Result<std::string> encode_sticker(const ModifySticker& body);
[[nodiscard]] Result<std::string> encode_sticker_bulk(const std::vector<CreateSticker>& stickers);
[[nodiscard]] Result<std::string> encode_emoji_bulk(const std::vector<CreateEmoji>& emojis);
/// `{"message_ids": [...]}` (1–100 ids).
[[nodiscard]] Result<std::string> encode_bulk_delete(const std::vector<Snowflake>& ids);

}  // namespace fluxer::rest
