#pragma once
// JSON fixtures for the model tests, written from fluxer-protocol.md (§3.6–3.7, §4, §6).
// Where the two server revisions differ, both variants are here ([A] older, [B] current).
// Ids: guild 1400000000000000001, text channel ...010, bot user ...100, human user ...200.

#include <string_view>

namespace fixtures {

// ---------------------------------------------------------------- users

inline constexpr std::string_view kPartialUser = R"json({
  "id": "1400000000000000200", "username": "alice", "discriminator": "0042",
  "global_name": "Alice", "avatar": "a_0123456789abcdef", "avatar_color": 16711935,
  "flags": 4, "mention_flags": 0
})json";

// READY.user / GET /users/@me / USER_UPDATE of a bot ([B] adds is_staff, traits).
inline constexpr std::string_view kCurrentUser = R"json({
  "id": "1400000000000000100", "username": "helperbot", "discriminator": "0001",
  "global_name": null, "avatar": null, "avatar_color": null, "bot": true, "flags": 0,
  "is_staff": false, "acls": [], "traits": [], "email": null, "phone": null, "bio": null,
  "pronouns": null, "accent_color": null, "banner": null, "banner_color": null,
  "mfa_enabled": false, "verified": true, "premium_type": 0, "premium_since": null,
  "premium_until": null, "nsfw_allowed": true, "required_actions": null
})json";

// ---------------------------------------------------------------- guild entities

inline constexpr std::string_view kRoleEveryone = R"json({
  "id": "1400000000000000001", "name": "@everyone", "color": 0, "position": 0,
  "hoist_position": null, "permissions": "8933636165185", "hoist": false, "mentionable": false
})json";

inline constexpr std::string_view kRoleModerator = R"json({
  "id": "1400000000000000501", "name": "Moderator", "color": 3447003, "position": 2,
  "hoist_position": 1, "permissions": "2251799813685254", "hoist": true, "mentionable": true
})json";

inline constexpr std::string_view kGuildEmoji = R"json({"id": "1400000000000000701", "name": "party_blob", "animated": true})json";

inline constexpr std::string_view kGuildEmojiWithUser = R"json({
  "id": "1400000000000000702", "name": "wave", "animated": false,
  "user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"}
})json";

inline constexpr std::string_view kGuildSticker = R"json({
  "id": "1400000000000000801", "name": "hello", "description": "says hello",
  "tags": ["wave", "hi"], "format_type": 1
})json";

// Sticker items on messages: [A] has format_type, [B] has animated (+nsfw).
inline constexpr std::string_view kStickerItemA = R"json({"id": "1400000000000000801", "name": "hello", "format_type": 1})json";
inline constexpr std::string_view kStickerItemB = R"json({"id": "1400000000000000802", "name": "dance", "animated": true, "nsfw": false})json";

inline constexpr std::string_view kMember = R"json({
  "user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042", "global_name": "Alice",
           "avatar": null, "avatar_color": null, "flags": 0},
  "nick": "Ally", "avatar": null, "banner": null, "accent_color": null,
  "roles": ["1400000000000000501"], "joined_at": "2026-01-02T03:04:05.678000+00:00",
  "mute": false, "deaf": false, "communication_disabled_until": "2026-02-01T00:00:00Z",
  "profile_flags": null, "join_source_type": 0, "source_invite_code": "abcDEF", "inviter_id": null
})json";

inline constexpr std::string_view kChannelText = R"json({
  "id": "1400000000000000010", "type": 0, "guild_id": "1400000000000000001", "name": "general",
  "topic": "Talk here", "position": 1, "parent_id": "1400000000000000009", "nsfw": false,
  "rate_limit_per_user": 5, "last_message_id": "1400000000000009999",
  "last_pin_timestamp": "2026-01-05T10:00:00.000Z",
  "permission_overwrites": [
    {"id": "1400000000000000001", "type": 0, "allow": "0", "deny": "2048"},
    {"id": "1400000000000000501", "type": 0, "allow": "2048", "deny": "0"},
    {"id": "1400000000000000200", "type": 1, "allow": "0", "deny": "64"}
  ]
})json";

inline constexpr std::string_view kChannelVoice = R"json({
  "id": "1400000000000000011", "type": 2, "guild_id": "1400000000000000001", "name": "Voice",
  "position": 2, "parent_id": null, "bitrate": 64000, "user_limit": 0, "rtc_region": null,
  "permission_overwrites": [], "voice_connection_limit": 5
})json";

inline constexpr std::string_view kChannelCategory = R"json({
  "id": "1400000000000000009", "type": 4, "guild_id": "1400000000000000001", "name": "Text channels",
  "position": 0, "permission_overwrites": []
})json";

inline constexpr std::string_view kChannelLink = R"json({
  "id": "1400000000000000012", "type": 998, "guild_id": "1400000000000000001", "name": "docs",
  "url": "https://docs.fluxer.app", "position": 3, "permission_overwrites": []
})json";

inline constexpr std::string_view kChannelDm = R"json({
  "id": "1400000000000000020", "type": 1, "last_message_id": null,
  "recipients": [{"id": "1400000000000000200", "username": "alice", "discriminator": "0042"}]
})json";

inline constexpr std::string_view kChannelGroupDm = R"json({
  "id": "1400000000000000021", "type": 3, "name": "friends", "icon": null,
  "owner_id": "1400000000000000200", "nicks": {"1400000000000000200": "Ally"},
  "recipients": [{"id": "1400000000000000200", "username": "alice", "discriminator": "0042"}]
})json";

inline constexpr std::string_view kChannelNotes = R"json({"id": "1400000000000000100", "type": 999})json";

// A type this SDK does not know (a newer server's forum channel, say).
inline constexpr std::string_view kChannelUnknownType = R"json({"id": "1400000000000000030", "type": 15, "name": "forum"})json";

inline constexpr std::string_view kGuild = R"json({
  "id": "1400000000000000001", "name": "Fluxer Devs", "icon": "abcdef0123456789", "banner": null,
  "banner_width": null, "banner_height": null, "splash": null, "splash_width": null, "splash_height": null,
  "splash_card_alignment": 0, "embed_splash": null, "embed_splash_width": null, "embed_splash_height": null,
  "vanity_url_code": "devs", "owner_id": "1400000000000000200", "system_channel_id": "1400000000000000010",
  "system_channel_flags": 0, "rules_channel_id": null, "afk_channel_id": null, "afk_timeout": 300,
  "features": ["ANIMATED_ICON", "VANITY_URL"], "verification_level": 1, "mfa_level": 0, "nsfw_level": 0,
  "explicit_content_filter": 0, "default_message_notifications": 1, "disabled_operations": 0,
  "nsfw": false, "content_warning_level": 0, "content_warning_text": null, "message_history_cutoff": null
})json";

// GET /users/@me/guilds entry: partial guild with the caller's permissions.
inline constexpr std::string_view kGuildWithPermissions = R"json({
  "id": "1400000000000000001", "name": "Fluxer Devs", "icon": null, "owner_id": "1400000000000000200",
  "features": [], "permissions": "18014398509481984"
})json";

inline constexpr std::string_view kVoiceStateB = R"json({
  "guild_id": "1400000000000000001", "channel_id": "1400000000000000011", "user_id": "1400000000000000200",
  "connection_id": "conn-1", "session_id": "0123456789abcdef0123456789abcdef",
  "member": {"user": {"id": "1400000000000000200"}, "roles": [], "joined_at": "2026-01-02T03:04:05Z",
             "mute": false, "deaf": false},
  "mute": false, "deaf": false, "self_mute": true, "self_deaf": false, "self_video": false,
  "self_stream": false, "is_mobile": false, "suppress": false, "viewer_stream_keys": ["stream-a"],
  "e2ee_capable": true, "version": 7
})json";

// [A]: a single viewer_stream_key, no suppress / e2ee_capable.
inline constexpr std::string_view kVoiceStateA = R"json({
  "guild_id": null, "channel_id": "1400000000000000020", "user_id": "1400000000000000200",
  "connection_id": "conn-2", "session_id": "s", "member": null, "mute": false, "deaf": false,
  "self_mute": false, "self_deaf": false, "self_video": true, "self_stream": false, "is_mobile": true,
  "viewer_stream_key": "stream-b", "version": 3
})json";

inline constexpr std::string_view kPresence = R"json({
  "user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
  "status": "dnd", "mobile": false, "afk": false, "guild_id": "1400000000000000001",
  "custom_status": {"text": "shipping", "expires_at": "2026-03-01T00:00:00Z", "emoji_id": null,
                    "emoji_name": "🚀", "emoji_animated": false}
})json";

inline constexpr std::string_view kBan = R"json({
  "user": {"id": "1400000000000000300", "username": "spammer", "discriminator": "6666"},
  "reason": "spam", "moderator_id": "1400000000000000200", "banned_at": "2026-01-03T00:00:00Z",
  "expires_at": "2026-01-04T00:00:00Z"
})json";

inline constexpr std::string_view kApplication = R"json({
  "id": "1400000000000000099", "name": "Helper", "icon": null, "description": null, "bot_public": true,
  "bot_require_code_grant": false, "verify_key": null, "flags": 0,
  "bot": {"id": "1400000000000000100", "username": "helperbot", "discriminator": "0001", "bot": true}
})json";

inline constexpr std::string_view kInvite = R"json({
  "code": "abcDEF", "type": 0,
  "guild": {"id": "1400000000000000001", "name": "Fluxer Devs", "icon": null, "banner": null, "splash": null,
            "splash_card_alignment": 0, "features": []},
  "channel": {"id": "1400000000000000010", "name": "general", "type": 0},
  "inviter": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
  "member_count": 42, "presence_count": 7, "expires_at": null, "temporary": false,
  "created_at": "2026-01-02T00:00:00Z", "uses": 3, "max_uses": 0, "max_age": 0
})json";

inline constexpr std::string_view kWebhook = R"json({
  "id": "1400000000000000901", "guild_id": "1400000000000000001", "channel_id": "1400000000000000010",
  "user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
  "name": "CI", "avatar": null, "token": "secret-token"
})json";

inline constexpr std::string_view kAuditLogEntry = R"json({
  "id": "1400000000000001001", "action_type": 22, "user_id": "1400000000000000200",
  "target_id": "1400000000000000300", "reason": "spam",
  "options": {"delete_member_days": "1"},
  "changes": [{"key": "nick", "old_value": "x", "new_value": null}, {"key": "roles", "new_value": [1, 2]}]
})json";

// Discovery: [B] GET /.well-known/fluxer and [A] GET /v1/instance.
inline constexpr std::string_view kInstanceB = R"json({
  "api_code_version": 1,
  "endpoints": {"api": "https://web.fluxer.app/api", "api_client": "https://web.fluxer.app/api",
                "api_public": "https://api.fluxer.app", "gateway": "wss://gateway.fluxer.app",
                "media": "https://fluxerusercontent.com", "static_cdn": "https://fluxerstatic.com",
                "marketing": "https://fluxer.app", "admin": "https://admin.fluxer.app",
                "invite": "https://fluxer.gg", "gift": "https://fluxer.gift", "webapp": "https://web.fluxer.app"},
  "captcha": {"provider": "hcaptcha", "hcaptcha_site_key": "site-key", "turnstile_site_key": null},
  "features": {"voice_enabled": true, "stripe_enabled": true, "self_hosted": false,
               "presigned_attachment_uploads": true, "emails_enabled": true},
  "gif": {"provider": "klipy", "display_name": "Klipy", "attribution_required": false},
  "sso": {"enabled": false}, "registration": {"mode": "open", "admin_registration_urls_enabled": false},
  "community": {"single_community": false, "single_community_guild_id": null, "direct_messages_disabled": false},
  "services": {"gif_enabled": true, "youtube_enabled": true, "bluesky_enabled": false},
  "limits": {"version": 2, "traitDefinitions": ["premium"], "rules": [], "defaultsHash": "abc"},
  "push": {"public_vapid_key": "vapid"}, "app_public": {}
})json";

inline constexpr std::string_view kInstanceA = R"json({
  "api_code_version": 1,
  "endpoints": {"api": "http://127.0.0.1:8088/api", "api_client": "http://127.0.0.1:8088/api",
                "api_public": "http://127.0.0.1:8088/api", "gateway": "ws://127.0.0.1:8088/gateway",
                "media": "http://127.0.0.1:8088/media", "cdn": "http://127.0.0.1:8088/static",
                "marketing": "http://127.0.0.1:8088", "admin": "http://127.0.0.1:8088/admin",
                "invite": "http://127.0.0.1:8088/invite", "gift": "http://127.0.0.1:8088/gift",
                "webapp": "http://127.0.0.1:8088"},
  "captcha": {"provider": "none", "hcaptcha_site_key": null, "turnstile_site_key": null},
  "features": {"sms_mfa_enabled": false, "voice_enabled": false, "stripe_enabled": false, "self_hosted": true},
  "push": {"public_vapid_key": null}
})json";

inline constexpr std::string_view kGatewayBot = R"json({
  "url": "wss://gateway.fluxer.app", "shards": 1,
  "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1}
})json";

// ---------------------------------------------------------------- messages

inline constexpr std::string_view kEmbedRich = R"json({
  "type": "rich", "title": "Build #42", "description": "All green", "url": "https://ci.example/42",
  "timestamp": "2026-01-05T12:00:00.000Z", "color": 3066993,
  "author": {"name": "CI", "url": "https://ci.example", "icon_url": "https://ci.example/i.png",
             "proxy_icon_url": "https://fluxerusercontent.com/external/x"},
  "thumbnail": {"url": "https://ci.example/t.png", "proxy_url": "https://fluxerusercontent.com/external/t",
                "width": 64, "height": 64, "content_type": "image/png", "flags": 0},
  "footer": {"text": "ci", "icon_url": null},
  "fields": [{"name": "Tests", "value": "1234 passed", "inline": true},
             {"name": "Time", "value": "3m", "inline": false}]
})json";

inline constexpr std::string_view kEmbedVideo = R"json({
  "type": "video", "url": "https://videos.example/v", "title": "A video",
  "provider": {"name": "Videos", "url": "https://videos.example"},
  "video": {"url": "https://videos.example/v.mp4", "width": 1280, "height": 720, "duration": 12, "flags": 0,
            "placeholder": "abc", "content_hash": "h"},
  "nsfw": false
})json";

inline constexpr std::string_view kAttachment = R"json({
  "id": "1400000000000002001", "filename": "log.txt", "title": null, "description": "build log",
  "content_type": "text/plain", "content_hash": "deadbeef", "size": 2048,
  "url": "https://fluxerusercontent.com/attachments/1400000000000000010/1400000000000002001/log.txt",
  "proxy_url": "https://fluxerusercontent.com/attachments/1400000000000000010/1400000000000002001/log.txt",
  "width": null, "height": null, "placeholder": null, "flags": 8, "nsfw": false, "duration": null,
  "expires_at": "2026-02-05T12:00:00Z", "expired": false
})json";

// A decayed attachment: url/proxy_url null after expires_at.
inline constexpr std::string_view kAttachmentExpired = R"json({
  "id": "1400000000000002002", "filename": "old.png", "content_type": "image/png", "size": 10,
  "url": null, "proxy_url": null, "width": 10, "height": 10, "flags": 0,
  "expires_at": "2025-01-01T00:00:00Z", "expired": true
})json";

// A ~1 KB MESSAGE_CREATE in a guild: author, member (no user), mentions, an embed, a reply.
inline constexpr std::string_view kMessageCreate = R"json({
  "id": "1400000000000003001", "channel_id": "1400000000000000010", "guild_id": "1400000000000000001",
  "channel_type": 0,
  "author": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042", "global_name": "Alice",
             "avatar": "0123456789abcdef", "avatar_color": 255, "flags": 0},
  "member": {"nick": "Ally", "avatar": null, "banner": null, "accent_color": null,
             "roles": ["1400000000000000501"], "joined_at": "2026-01-02T03:04:05.678Z", "mute": false,
             "deaf": false, "communication_disabled_until": null},
  "webhook_id": null, "type": 19, "flags": 0,
  "content": "<@1400000000000000100> ping! see the build <@&1400000000000000501>",
  "timestamp": "2026-01-05T12:34:56.789000+00:00", "edited_timestamp": null, "pinned": false,
  "mention_everyone": false, "tts": false,
  "mentions": [{"id": "1400000000000000100", "username": "helperbot", "discriminator": "0001", "bot": true}],
  "mention_roles": ["1400000000000000501"],
  "embeds": [{"type": "rich", "title": "Build #42", "description": "All green", "color": 3066993,
              "fields": [{"name": "Tests", "value": "1234 passed", "inline": true}]}],
  "attachments": [], "stickers": [], "reactions": [{"emoji": {"id": null, "name": "👍"}, "count": 2, "me": true}],
  "message_reference": {"channel_id": "1400000000000000010", "message_id": "1400000000000002999",
                        "guild_id": "1400000000000000001", "type": 0},
  "referenced_message": null,
  "nonce": "1400000000000003000"
})json";

// A reply whose target still exists ([B] MESSAGE_UPDATE: full message, no channel_type).
inline constexpr std::string_view kMessageUpdateReply = R"json({
  "id": "1400000000000003002", "channel_id": "1400000000000000010", "guild_id": "1400000000000000001",
  "author": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
  "member": {"roles": [], "joined_at": "2026-01-02T03:04:05Z", "mute": false, "deaf": false},
  "type": 19, "flags": 4, "content": "edited", "timestamp": "2026-01-05T12:35:00Z",
  "edited_timestamp": "2026-01-05T12:36:00Z", "pinned": true, "mention_everyone": false,
  "mentions": [], "mention_roles": [], "embeds": [], "attachments": [],
  "stickers": [{"id": "1400000000000000802", "name": "dance", "animated": true}],
  "message_reference": {"channel_id": "1400000000000000010", "message_id": "1400000000000003001", "type": 0},
  "referenced_message": {"id": "1400000000000003001", "channel_id": "1400000000000000010",
                         "author": {"id": "1400000000000000100", "username": "helperbot", "discriminator": "0001",
                                    "bot": true},
                         "type": 0, "flags": 0, "content": "original", "timestamp": "2026-01-05T12:34:56Z",
                         "edited_timestamp": null, "pinned": false, "mention_everyone": false}
})json";

// DM message with a forward snapshot, a decayed attachment, [A] sticker item, integer nonce.
inline constexpr std::string_view kMessageDmForward = R"json({
  "id": "1400000000000003003", "channel_id": "1400000000000000020", "channel_type": 1,
  "author": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
  "type": 0, "flags": 0, "content": "", "timestamp": "2026-01-05T13:00:00Z", "pinned": false,
  "mention_everyone": false, "tts": false, "mentions": [], "mention_roles": [], "embeds": [],
  "attachments": [{"id": "1400000000000002002", "filename": "old.png", "size": 10, "url": null, "proxy_url": null,
                   "flags": 0, "expires_at": "2025-01-01T00:00:00Z", "expired": true}],
  "stickers": [{"id": "1400000000000000801", "name": "hello", "format_type": 1}],
  "message_reference": {"channel_id": "1400000000000000010", "message_id": "1400000000000003001",
                        "guild_id": "1400000000000000001", "type": 1},
  "message_snapshots": [{"content": "original", "timestamp": "2026-01-05T12:34:56Z", "edited_timestamp": null,
                         "mentions": ["1400000000000000100"], "mention_roles": [], "embeds": [],
                         "attachments": [], "stickers": [], "type": 0, "flags": 0}],
  "nonce": 123456789,
  "call": null
})json";

// ---------------------------------------------------------------- events

inline constexpr std::string_view kReadyB = R"json({
  "v": 1, "version": 1, "session_id": "0123456789abcdef0123456789abcdef",
  "user": {"id": "1400000000000000100", "username": "helperbot", "discriminator": "0001", "bot": true,
           "flags": 0, "verified": true, "mfa_enabled": false, "nsfw_allowed": true, "email": null},
  "guilds": [], "private_channels": [
    {"id": "1400000000000000020", "type": 1, "recipients": [{"id": "1400000000000000200", "username": "alice",
                                                              "discriminator": "0042"}]}],
  "relationships": [], "presences": [], "users": [],
  "sessions": [{"session_id": "all", "status": "online", "afk": false, "mobile": false}],
  "read_states": [], "user_settings": null, "user_guild_settings": [], "notes": {}, "pinned_dms": [],
  "favorite_memes": [], "webauthn_credentials": [],
  "rtc_regions": [{"id": "automatic", "name": "Automatic", "emoji": "🌐"},
                  {"id": "eu-west", "name": "EU West", "emoji": "🇪🇺"}],
  "country_code": "US", "latitude": "40.7", "longitude": "-74.0", "shard": [0, 1]
})json";

inline constexpr std::string_view kReadyA = R"json({
  "version": 1, "session_id": "fedcba9876543210fedcba9876543210",
  "user": {"id": "1400000000000000100", "username": "helperbot", "discriminator": "0001", "bot": true},
  "guilds": [], "private_channels": [], "relationships": [], "presences": [], "users": [], "sessions": [],
  "read_states": [], "user_settings": null, "rtc_regions": ["us-east", "eu-west"], "country_code": "DE",
  "feature_flags": {}
})json";

// GUILD_CREATE of the post-READY burst: the guild is under `properties`, members' user is {id}.
inline constexpr std::string_view kGuildCreate = R"json({
  "id": "1400000000000000001",
  "properties": {"id": "1400000000000000001", "name": "Fluxer Devs", "icon": null, "owner_id": "1400000000000000200",
                 "system_channel_id": "1400000000000000010", "afk_timeout": 300, "features": ["VANITY_URL"],
                 "verification_level": 0, "mfa_level": 0, "nsfw_level": 0, "explicit_content_filter": 0,
                 "default_message_notifications": 0, "disabled_operations": 0, "splash_card_alignment": 0,
                 "system_channel_flags": 0},
  "roles": [
    {"id": "1400000000000000001", "name": "@everyone", "color": 0, "position": 0, "permissions": "8933636165185",
     "hoist": false, "mentionable": false},
    {"id": "1400000000000000501", "name": "Moderator", "color": 3447003, "position": 1, "hoist_position": 1,
     "permissions": "2251799813685254", "hoist": true, "mentionable": true}],
  "channels": [
    {"id": "1400000000000000009", "type": 4, "name": "Text channels", "position": 0, "permission_overwrites": []},
    {"id": "1400000000000000010", "type": 0, "name": "general", "position": 1, "parent_id": "1400000000000000009",
     "permission_overwrites": [{"id": "1400000000000000001", "type": 0, "allow": "0", "deny": "2048"}]},
    {"id": "1400000000000000011", "type": 2, "guild_id": "1400000000000000001", "name": "Voice", "bitrate": 64000,
     "user_limit": 0, "permission_overwrites": []}],
  "emojis": [{"id": "1400000000000000701", "name": "party_blob", "animated": true}],
  "stickers": [{"id": "1400000000000000801", "name": "hello", "description": "says hello", "tags": ["wave"],
                "format_type": 1}],
  "members": [{"user": {"id": "1400000000000000100"}, "nick": null, "roles": [], "joined_at": "2026-01-01T00:00:00Z",
               "mute": false, "deaf": false, "communication_disabled_until": null}],
  "member_count": 42, "online_count": 7, "presences": [],
  "voice_states": [{"guild_id": "1400000000000000001", "channel_id": "1400000000000000011",
                    "user_id": "1400000000000000200", "connection_id": "c1", "session_id": "s1", "mute": false,
                    "deaf": false, "self_mute": false, "self_deaf": false, "self_video": false,
                    "self_stream": false, "is_mobile": false, "suppress": false, "viewer_stream_keys": [],
                    "version": 1}],
  "joined_at": "2026-01-01T00:00:00Z"
})json";

// [A] placeholder right after READY; [B] hidden variant.
inline constexpr std::string_view kGuildCreateStub = R"json({"id": "1400000000000000002", "unavailable": true})json";
inline constexpr std::string_view kGuildCreateStubHidden =
    R"json({"id": "1400000000000000003", "unavailable": true, "unavailable_hidden": true})json";

inline constexpr std::string_view kGuildUpdate = R"json({
  "id": "1400000000000000001", "guild_id": "1400000000000000001", "name": "Fluxer Devs (renamed)",
  "icon": null, "owner_id": "1400000000000000200", "afk_timeout": 600, "features": [],
  "verification_level": 2, "mfa_level": 1, "nsfw_level": 0, "explicit_content_filter": 1,
  "default_message_notifications": 0, "disabled_operations": 0, "splash_card_alignment": 1,
  "system_channel_flags": 0
})json";

// GUILD_DELETE: left/kicked, outage, guild deleted [B].
inline constexpr std::string_view kGuildDeleteLeft = R"json({"id": "1400000000000000001"})json";
inline constexpr std::string_view kGuildDeleteUnavailable =
    R"json({"id": "1400000000000000001", "unavailable": true, "unavailable_hidden": true})json";
inline constexpr std::string_view kGuildDeleteDeleted =
    R"json({"id": "1400000000000000001", "guild_id": "1400000000000000001"})json";

inline constexpr std::string_view kGuildRoleCreate = R"json({"guild_id": "1400000000000000001", "role": {
  "id": "1400000000000000502", "name": "New role", "color": 0, "position": 3, "hoist_position": null,
  "permissions": "0", "hoist": false, "mentionable": false}})json";

inline constexpr std::string_view kGuildRoleUpdateBulk = R"json({"guild_id": "1400000000000000001", "roles": [
  {"id": "1400000000000000501", "name": "Moderator", "color": 1, "position": 2, "permissions": "8", "hoist": true,
   "mentionable": true},
  {"id": "1400000000000000502", "name": "New role", "color": 0, "position": 1, "permissions": "0", "hoist": false,
   "mentionable": false}]})json";

inline constexpr std::string_view kGuildRoleDelete =
    R"json({"guild_id": "1400000000000000001", "role_id": "1400000000000000502"})json";

inline constexpr std::string_view kGuildEmojisUpdate = R"json({"guild_id": "1400000000000000001", "emojis": [
  {"id": "1400000000000000701", "name": "party_blob", "animated": true},
  {"id": "1400000000000000702", "name": "wave", "animated": false}]})json";

inline constexpr std::string_view kGuildStickersUpdate = R"json({"guild_id": "1400000000000000001", "stickers": [
  {"id": "1400000000000000801", "name": "hello", "description": "says hello", "tags": ["wave", "hi"],
   "format_type": 1}]})json";

inline constexpr std::string_view kGuildMemberAdd = R"json({
  "guild_id": "1400000000000000001",
  "user": {"id": "1400000000000000300", "username": "bob", "discriminator": "1234", "global_name": null,
           "avatar": null, "avatar_color": null, "flags": 0},
  "nick": null, "avatar": null, "banner": null, "accent_color": null, "roles": [],
  "joined_at": "2026-01-06T00:00:00Z", "mute": false, "deaf": false, "communication_disabled_until": null,
  "join_source_type": 1, "source_invite_code": "abcDEF", "inviter_id": "1400000000000000200"
})json";

// A timeout: communication_disabled_until set, mute true while it lasts.
inline constexpr std::string_view kGuildMemberUpdate = R"json({
  "guild_id": "1400000000000000001",
  "user": {"id": "1400000000000000300", "username": "bob", "discriminator": "1234"},
  "nick": "Bobby", "roles": ["1400000000000000501"], "joined_at": "2026-01-06T00:00:00Z", "mute": true,
  "deaf": false, "communication_disabled_until": "2026-01-07T00:00:00.000Z"
})json";

inline constexpr std::string_view kGuildMemberRemove =
    R"json({"guild_id": "1400000000000000001", "user": {"id": "1400000000000000300"}})json";

inline constexpr std::string_view kGuildMembersChunk = R"json({
  "guild_id": "1400000000000000001", "chunk_index": 0, "chunk_count": 1, "nonce": "req-1",
  "members": [{"user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
               "roles": [], "joined_at": "2026-01-02T03:04:05Z", "mute": false, "deaf": false}],
  "presences": [{"user": {"id": "1400000000000000200"}, "status": "online", "mobile": true, "afk": false,
                 "custom_status": null}]
})json";

inline constexpr std::string_view kGuildMemberListUpdate = R"json({
  "guild_id": "1400000000000000001", "id": "1400000000000000010", "channel_id": "1400000000000000010",
  "member_count": 2, "online_count": 1,
  "groups": [{"id": "1400000000000000501", "count": 1}, {"id": "offline", "count": 1}],
  "ops": [{"op": "SYNC", "range": [0, 99], "items": [
    {"group": {"id": "1400000000000000501", "count": 1}},
    {"member": {"user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
                "roles": ["1400000000000000501"], "joined_at": "2026-01-02T03:04:05Z", "mute": false, "deaf": false,
                "presence": {"status": "online", "mobile": false, "afk": false,
                             "user": {"id": "1400000000000000200"}}}},
    {"group": {"id": "offline", "count": 1}}]}]
})json";

inline constexpr std::string_view kGuildBanAdd =
    R"json({"guild_id": "1400000000000000001", "user": {"id": "1400000000000000300"}})json";
inline constexpr std::string_view kGuildBanRemove =
    R"json({"guild_id": "1400000000000000001", "user": {"id": "1400000000000000300"}})json";

inline constexpr std::string_view kGuildAuditLogEntryCreate = R"json({
  "guild_id": "1400000000000000001", "id": "1400000000000001002", "action_type": 24,
  "user_id": "1400000000000000200", "target_id": "1400000000000000300", "reason": "nick policy",
  "changes": [{"key": "nick", "old_value": "Bob", "new_value": "Bobby"}]
})json";

inline constexpr std::string_view kGuildCountsUpdate = R"json({"counts": [
  {"guild_id": "1400000000000000001", "member_count": 42, "online_count": 7}], "nonce": "n1"})json";

inline constexpr std::string_view kChannelUpdateBulk = R"json({"guild_id": "1400000000000000001", "channels": [
  {"id": "1400000000000000010", "type": 0, "name": "general", "position": 2, "permission_overwrites": []},
  {"id": "1400000000000000011", "type": 2, "name": "Voice", "position": 1, "permission_overwrites": []}]})json";

inline constexpr std::string_view kChannelPinsUpdate = R"json({"channel_id": "1400000000000000010",
  "guild_id": "1400000000000000001", "last_pin_timestamp": "2026-01-05T12:00:00Z"})json";
inline constexpr std::string_view kChannelPinsUpdateCleared =
    R"json({"channel_id": "1400000000000000020", "last_pin_timestamp": null})json";

inline constexpr std::string_view kChannelRecipientAdd = R"json({"channel_id": "1400000000000000021",
  "user": {"id": "1400000000000000300", "username": "bob", "discriminator": "1234"}})json";

inline constexpr std::string_view kWebhooksUpdate =
    R"json({"guild_id": "1400000000000000001", "channel_id": "1400000000000000010"})json";

inline constexpr std::string_view kInviteCreate = R"json({
  "code": "xyz789", "type": 0, "guild_id": "1400000000000000001",
  "guild": {"id": "1400000000000000001", "name": "Fluxer Devs", "icon": null, "features": []},
  "channel": {"id": "1400000000000000010", "name": "general", "type": 0},
  "inviter": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"},
  "member_count": 42, "presence_count": 7, "expires_at": "2026-01-13T00:00:00Z", "temporary": false,
  "created_at": "2026-01-06T00:00:00Z", "uses": 0, "max_uses": 10, "max_age": 604800
})json";

inline constexpr std::string_view kInviteDelete =
    R"json({"code": "xyz789", "channel_id": "1400000000000000010", "guild_id": "1400000000000000001"})json";

// TYPING_START: [A] Unix milliseconds, [B] Unix seconds. Both are 2026-01-05T12:00:00Z.
inline constexpr std::string_view kTypingStartA = R"json({"channel_id": "1400000000000000010",
  "user_id": "1400000000000000200", "timestamp": 1767614400000, "guild_id": "1400000000000000001",
  "member": {"user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"}, "roles": [],
             "joined_at": "2026-01-02T03:04:05Z", "mute": false, "deaf": false}})json";
inline constexpr std::string_view kTypingStartB =
    R"json({"channel_id": "1400000000000000020", "user_id": "1400000000000000200", "timestamp": 1767614400})json";

inline constexpr std::string_view kMessageDelete = R"json({"id": "1400000000000003001",
  "channel_id": "1400000000000000010", "guild_id": "1400000000000000001", "content": "oops",
  "author_id": "1400000000000000200",
  "member": {"roles": [], "joined_at": "2026-01-02T03:04:05Z", "mute": false, "deaf": false}})json";
// Deleted by a moderation tool: no content / author_id.
inline constexpr std::string_view kMessageDeleteModeration =
    R"json({"id": "1400000000000003001", "channel_id": "1400000000000000010", "guild_id": "1400000000000000001"})json";

inline constexpr std::string_view kMessageDeleteBulk = R"json({"ids": ["1400000000000003001", "1400000000000003002"],
  "channel_id": "1400000000000000010", "guild_id": "1400000000000000001"})json";

inline constexpr std::string_view kMessageReactionAdd = R"json({"user_id": "1400000000000000200",
  "channel_id": "1400000000000000010", "message_id": "1400000000000003001",
  "emoji": {"id": "1400000000000000701", "name": "party_blob", "animated": true},
  "guild_id": "1400000000000000001",
  "member": {"user": {"id": "1400000000000000200", "username": "alice", "discriminator": "0042"}, "roles": [],
             "joined_at": "2026-01-02T03:04:05Z", "mute": false, "deaf": false}})json";

// DM reaction with a Unicode emoji; DMs may carry session_id.
inline constexpr std::string_view kMessageReactionRemove = R"json({"user_id": "1400000000000000200",
  "channel_id": "1400000000000000020", "message_id": "1400000000000003003", "emoji": {"name": "👍"},
  "session_id": "0123456789abcdef0123456789abcdef"})json";

inline constexpr std::string_view kMessageReactionAddMany = R"json({"channel_id": "1400000000000000020",
  "message_id": "1400000000000003003", "reactions": [
    {"user_id": "1400000000000000200", "emoji": {"name": "👍"}},
    {"user_id": "1400000000000000300", "emoji": {"id": "1400000000000000701", "name": "party_blob"}}]})json";

inline constexpr std::string_view kMessageReactionRemoveAll = R"json({"channel_id": "1400000000000000010",
  "message_id": "1400000000000003001", "guild_id": "1400000000000000001"})json";

inline constexpr std::string_view kMessageReactionRemoveEmoji = R"json({"channel_id": "1400000000000000010",
  "message_id": "1400000000000003001", "guild_id": "1400000000000000001", "emoji": {"name": "👍"}})json";

inline constexpr std::string_view kPresenceUpdateBulk = R"json({"guild_id": "1400000000000000001", "presences": [
  {"user": {"id": "1400000000000000200"}, "status": "online", "mobile": false, "afk": false, "custom_status": null},
  {"user": {"id": "1400000000000000300"}, "status": "idle", "mobile": false, "afk": true, "custom_status": null}]})json";

inline constexpr std::string_view kVoiceServerUpdate = R"json({"token": "livekit-jwt", "endpoint": "wss://voice.fluxer.app",
  "connection_id": "conn-1", "guild_id": "1400000000000000001", "channel_id": "1400000000000000011",
  "e2ee_key": "k"})json";

inline constexpr std::string_view kEntranceSoundPlay = R"json({"user_id": "1400000000000000200",
  "channel_id": "1400000000000000011", "guild_id": "1400000000000000001", "sound_id": "1400000000000000900",
  "hash": "5d41402abc4b2a76", "url": "https://fluxerusercontent.com/entrance-sounds/1400000000000000900.ogg",
  "duration_ms": 2750, "content_type": "audio/ogg"})json";

inline constexpr std::string_view kRateLimited = R"json({"opcode": 8, "retry_after": 12.3456,
  "meta": {"guild_id": "1400000000000000001", "nonce": "req-2"}})json";

inline constexpr std::string_view kCallCreate = R"json({"channel_id": "1400000000000000020",
  "message_id": "1400000000000004001", "region": null, "ringing": ["1400000000000000200"],
  "voice_states": [{"guild_id": null, "channel_id": "1400000000000000020", "user_id": "1400000000000000100",
                    "connection_id": "c", "session_id": "s", "member": null, "mute": false, "deaf": false,
                    "self_mute": false, "self_deaf": false, "self_video": false, "self_stream": false,
                    "is_mobile": false, "suppress": false, "viewer_stream_keys": [], "version": 1,
                    "region_id": "eu", "server_id": "x"}],
  "recipients": ["1400000000000000200", "1400000000000000100"], "created_at": 1767614400000})json";

inline constexpr std::string_view kCallDelete = R"json({"channel_id": "1400000000000000020", "unavailable": true})json";

}  // namespace fixtures
