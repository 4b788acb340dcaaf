// Every route of the Rest client against the emulator, in [A] and [B] modes: each method
// round-trips at least once (docs/rest.md's coverage table names the test for each route).

#include <algorithm>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/rest/rest.hpp>

#include "rest_fixture.hpp"

namespace fluxer::emulator::test {
namespace {

using fluxer::Rest;
// The SDK's types, not the emulator's namesakes.
using fluxer::Ban;
using fluxer::Channel;
using fluxer::ChannelType;
using fluxer::Emoji;
using fluxer::Guild;
using fluxer::Invite;
using fluxer::Message;
using fluxer::OverwriteType;
using fluxer::Role;
using fluxer::User;
using fluxer::Webhook;

// A 1×1 PNG as a data URI (emojis) and as base64 (stickers).
constexpr const char* kPngBase64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
std::string png_data_uri() {
  return std::string("data:image/png;base64,") + kPngBase64;
}

class RestRoutes : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  void SetUp() override {
    emu = std::make_unique<RestEmu>(rest_options(GetParam()));
    rest = std::make_unique<Rest>(emu->rest_options());
  }
  void TearDown() override {
    rest.reset();
    emu.reset();
  }
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  [[nodiscard]] Snowflake guild() const { return emu->demo.guild_id; }
  [[nodiscard]] Snowflake general() const { return emu->demo.general_channel_id; }

  Message post(const std::string& content, Snowflake channel = {}) {
    CreateMessage m;
    m.content = content;
    return must(rest->create_message(channel ? channel : general(), m), "create_message");
  }

  std::unique_ptr<RestEmu> emu;
  std::unique_ptr<Rest> rest;
};

TEST_P(RestRoutes, DiscoveryAndSelf) {
  // [B] answers /.well-known/fluxer; [A] only /instance (the client falls back).
  const auto info = must(rest->discover(), "discover");
  EXPECT_EQ(info.api_code_version, 1);
  EXPECT_EQ(info.endpoints.gateway, emu->server->gateway_url());
  ASSERT_TRUE(rest->instance());
  EXPECT_EQ(rest->media_base(), info.endpoints.media);
  EXPECT_EQ(rest->cdn().media_base(), info.endpoints.media);
  EXPECT_EQ(emu->logged("GET", "/.well-known/fluxer").size(), 1U);
  EXPECT_EQ(emu->logged("GET", "/v1/instance").size(), b() ? 0U : 1U);

  const auto gw = must(rest->get_gateway_bot(), "get_gateway_bot");
  EXPECT_EQ(gw.url, emu->server->gateway_url());
  EXPECT_EQ(gw.shards, 1);

  const auto app = must(rest->get_current_application(), "get_current_application");
  EXPECT_EQ(app.id, emu->demo.application_id);
  ASSERT_TRUE(app.bot);
  EXPECT_EQ(app.bot->id, emu->demo.bot_user_id);
}

TEST_P(RestRoutes, Users) {
  const auto me = must(rest->get_current_user(), "get_current_user");
  EXPECT_EQ(me.id, emu->demo.bot_user_id);
  EXPECT_TRUE(me.bot);

  const auto alice = must(rest->get_user(emu->demo.human_id), "get_user");
  EXPECT_EQ(alice.username, "alice");

  const auto profile = must(rest->get_user_profile(emu->bob_id, guild()), "get_user_profile");
  EXPECT_EQ(profile.user.id, emu->bob_id);
  ASSERT_TRUE(profile.guild_member);
  EXPECT_EQ(profile.guild_member->user_id(), emu->bob_id);
  EXPECT_FALSE(must(rest->get_user_profile(emu->bob_id), "profile without guild").guild_member);

  const auto guilds = must(rest->get_current_user_guilds({.with_counts = true}), "get_current_user_guilds");
  ASSERT_EQ(guilds.size(), 3U);  // the demo guild, its unavailable one, and "Bot Guild"
  EXPECT_TRUE(guilds[0].permissions);
  EXPECT_EQ(guilds[0].member_count.has_value(), b());

  must(rest->leave_guild(guild()), "leave_guild");
  EXPECT_EQ(must(rest->get_current_user_guilds(), "after leaving").size(), 2U);
  EXPECT_EQ(must_fail(rest->get_guild(guild()), "guild left").code, "MISSING_PERMISSIONS");
}

TEST_P(RestRoutes, DirectMessages) {
  if (!b()) {
    // [A]: DMs are user-only.
    const auto e = must_fail(rest->create_dm(emu->bob_id), "create_dm");
    EXPECT_EQ(e.status, 403);
    EXPECT_EQ(e.code, "ACCESS_DENIED");
    EXPECT_EQ(must_fail(rest->get_dm_channels(), "get_dm_channels").code, "ACCESS_DENIED");
    EXPECT_EQ(must_fail(rest->create_group_dm({{emu->bob_id, emu->carol_id}}), "group").code, "ACCESS_DENIED");
    return;
  }
  const auto dm = must(rest->create_dm(emu->bob_id), "create_dm");
  EXPECT_EQ(dm.type, ChannelType::Dm);
  const auto group = must(rest->create_group_dm({{emu->bob_id}}), "create_group_dm");
  EXPECT_EQ(group.type, ChannelType::GroupDm);
  const auto channels = must(rest->get_dm_channels(), "get_dm_channels");
  EXPECT_EQ(channels.size(), 2U);

  must(rest->add_group_dm_recipient(group.id, emu->carol_id), "add_group_dm_recipient");
  auto after_add = must(rest->get_channel(group.id), "group after add");
  EXPECT_EQ(after_add.recipients.size(), 2U);  // bob and carol (the bot is not listed)
  must(rest->remove_group_dm_recipient(group.id, emu->carol_id), "remove_group_dm_recipient");
  EXPECT_EQ(must(rest->get_channel(group.id), "group after remove").recipients.size(), 1U);
  // A plain DM has no recipients to manage.
  EXPECT_EQ(must_fail(rest->add_group_dm_recipient(dm.id, emu->carol_id), "dm").code, "CANNOT_EXECUTE_ON_DM");
}

TEST_P(RestRoutes, Channels) {
  const auto ch = must(rest->get_channel(general()), "get_channel");
  EXPECT_EQ(ch.name, "general");
  EXPECT_EQ(ch.topic, "General chat");

  ModifyChannel patch;
  patch.topic = "Renamed topic";
  patch.rate_limit_per_user = std::chrono::seconds(5);
  const auto modified = must(rest->modify_channel(general(), patch, {.audit_log_reason = "tidy up"}), "modify_channel");
  EXPECT_EQ(modified.topic, "Renamed topic");
  EXPECT_EQ(modified.rate_limit_per_user, std::chrono::seconds(5));
  const auto patched = emu->logged("PATCH", "/channels/");
  ASSERT_EQ(patched.size(), 1U);
  EXPECT_EQ(patched[0].header("x-audit-log-reason"), "tidy up");

  EditChannelPermissions overwrite;
  overwrite.type = OverwriteType::Member;
  overwrite.deny = Permissions{1024};
  must(rest->edit_channel_permissions(general(), emu->bob_id, overwrite), "edit_channel_permissions");
  auto with = must(rest->get_channel(general()), "channel with overwrite");
  ASSERT_EQ(with.permission_overwrites.size(), 1U);
  EXPECT_EQ(with.permission_overwrites[0].id, emu->bob_id);
  must(rest->delete_channel_permission(general(), emu->bob_id), "delete_channel_permission");
  EXPECT_TRUE(must(rest->get_channel(general()), "channel without").permission_overwrites.empty());

  must(rest->trigger_typing(general()), "trigger_typing");
  EXPECT_EQ(emu->logged("POST", "/typing").size(), 1U);

  if (b()) {
    const auto slow = must(rest->get_slowmode(general()), "get_slowmode");
    EXPECT_EQ(slow.rate_limit_per_user, std::chrono::seconds(5));
    EXPECT_TRUE(slow.can_bypass);  // bots are exempt
  } else {
    EXPECT_EQ(must_fail(rest->get_slowmode(general()), "slowmode [A]").status, 404);
  }

  must(rest->delete_channel(emu->demo.commands_channel_id), "delete_channel");
  EXPECT_EQ(must_fail(rest->get_channel(emu->demo.commands_channel_id), "deleted").code, "UNKNOWN_CHANNEL");
}

TEST_P(RestRoutes, Messages) {
  const auto first = post("one");
  const auto second = post("two");
  const auto third = post("three");
  EXPECT_EQ(first.content, "one");
  EXPECT_TRUE(first.nonce);  // generated: a retry would not post twice on [B]

  const auto got = must(rest->get_message(general(), second.id), "get_message");
  EXPECT_EQ(got.content, "two");

  const auto all = must(rest->get_messages(general(), {.limit = 10}), "get_messages");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].id, third.id);  // newest first
  const auto before = must(rest->get_messages(general(), {.before = third.id, .limit = 10}), "before");
  EXPECT_EQ(before.size(), 2U);
  const auto after = must(rest->get_messages(general(), {.after = first.id}), "after");
  EXPECT_EQ(after.size(), 2U);
  const auto around = must(rest->get_messages(general(), {.around = second.id, .limit = 3}), "around");
  EXPECT_EQ(around.size(), 3U);
  EXPECT_EQ(must_fail(rest->get_messages(general(), {.before = first.id, .after = first.id}), "two cursors").kind,
            ErrorKind::InvalidArgument);

  EditMessage edit;
  edit.content = "two, edited";
  const auto edited = must(rest->edit_message(general(), second.id, edit), "edit_message");
  EXPECT_EQ(edited.content, "two, edited");
  EXPECT_TRUE(edited.edited_timestamp);

  must(rest->delete_message(general(), first.id), "delete_message");
  EXPECT_EQ(must_fail(rest->get_message(general(), first.id), "deleted").code, "UNKNOWN_MESSAGE");

  must(rest->bulk_delete_messages(general(), {second.id, third.id}), "bulk_delete_messages");
  EXPECT_TRUE(must(rest->get_messages(general()), "after bulk delete").empty());

  // An attachment, then its removal.
  CreateMessage with_file;
  with_file.content = "file";
  with_file.files.push_back(FileUpload{.filename = "a.txt", .data = "hello"});
  with_file.files.push_back(FileUpload{.filename = "b.txt", .data = "world"});
  const auto up = must(rest->create_message(general(), with_file), "create_message with files");
  ASSERT_EQ(up.attachments.size(), 2U);
  must(rest->delete_message_attachment(general(), up.id, up.attachments[0].id), "delete_message_attachment");
  const auto left = must(rest->get_message(general(), up.id), "message after attachment removal");
  ASSERT_EQ(left.attachments.size(), 1U);
  EXPECT_EQ(left.attachments[0].filename, "b.txt");
}

TEST_P(RestRoutes, MessagePagination) {
  std::vector<Snowflake> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(post("m" + std::to_string(i)).id);
  // Newest first, 3 per page, at most 5: two requests.
  auto pages = rest->paginate_messages(general(), {.max_items = 5, .page_size = 3});
  const auto firstpage = must(pages.next(), "page 1");
  ASSERT_EQ(firstpage.size(), 3U);
  EXPECT_EQ(firstpage[0].id, ids[6]);
  EXPECT_FALSE(pages.done());
  const auto second = must(pages.next(), "page 2");
  ASSERT_EQ(second.size(), 2U);
  EXPECT_EQ(second[1].id, ids[2]);
  EXPECT_TRUE(pages.done());
  EXPECT_TRUE(must(pages.next(), "after the end").empty());
  EXPECT_EQ(emu->logged("GET", "/messages").size(), 2U);

  // Everything down to (not including) ids[1].
  const auto bounded =
      must(rest->paginate_messages(general(), {.max_items = 100, .page_size = 2, .until = ids[1]}).collect(), "until");
  ASSERT_EQ(bounded.size(), 5U);
  EXPECT_EQ(bounded.back().id, ids[2]);
  // Older than ids[3], everything.
  const auto from = must(rest->paginate_messages(general(), {.max_items = 100, .from = ids[3]}).collect(), "from");
  EXPECT_EQ(from.size(), 3U);
}

TEST_P(RestRoutes, Pins) {
  const auto a = post("pin me");
  const auto c = post("pin me too");
  must(rest->pin_message(general(), a.id), "pin_message");
  must(rest->pin_message(general(), c.id), "pin second");
  const auto pins = must(rest->get_pins(general()), "get_pins");
  ASSERT_EQ(pins.items.size(), 2U);
  EXPECT_EQ(pins.items[0].message.id, c.id);
  EXPECT_NE(pins.items[0].pinned_at, Timestamp{});
  // `before` is an ISO timestamp: pins older than the newest one.
  const auto older = must(rest->get_pins(general(), {.before = pins.items[0].pinned_at, .limit = 10}), "before");
  ASSERT_EQ(older.items.size(), 1U);
  EXPECT_EQ(older.items[0].message.id, a.id);
  const auto page = must(rest->get_pins(general(), {.limit = 1}), "limit");
  EXPECT_EQ(page.items.size(), 1U);
  EXPECT_TRUE(page.has_more);
  const auto logged = emu->logged("GET", "/messages/pins");
  ASSERT_GE(logged.size(), 2U);
  EXPECT_NE(logged[1].query.find("before=20"), std::string::npos) << logged[1].query;  // ISO 8601, encoded
  must(rest->unpin_message(general(), a.id), "unpin_message");
  EXPECT_EQ(must(rest->get_pins(general()), "after unpin").items.size(), 1U);
}

TEST_P(RestRoutes, Reactions) {
  const auto m = post("react to me");
  const std::string thumbs = "\xF0\x9F\x91\x8D";  // 👍
  must(rest->add_reaction(general(), m.id, thumbs), "add_reaction");
  ASSERT_TRUE(emu->server->add_reaction(emu->bob_id, general(), m.id, thumbs).ok());
  ASSERT_TRUE(emu->server->add_reaction(emu->carol_id, general(), m.id, thumbs).ok());
  const auto put = emu->logged("PUT", "/reactions/");
  ASSERT_EQ(put.size(), 1U);
  EXPECT_NE(put[0].path.find("/reactions/%F0%9F%91%8D/@me"), std::string::npos) << put[0].path;

  const auto page = must(rest->get_reactions(general(), m.id, thumbs, {.limit = 2}), "get_reactions");
  EXPECT_EQ(page.users.size(), 2U);
  if (b()) {
    EXPECT_EQ(page.has_more, true);  // [B] headers
    const auto users = must(rest->get_reaction_users(general(), m.id, thumbs, {.limit = 2}), "get_reaction_users");
    EXPECT_EQ(users.users.size(), 2U);
    EXPECT_EQ(users.has_more, true);
    ASSERT_TRUE(users.next_after);
    const auto rest_page = must(rest->get_reaction_users(general(), m.id, thumbs, {.after = users.next_after}), "p2");
    EXPECT_EQ(rest_page.users.size(), 1U);
  } else {
    EXPECT_FALSE(page.has_more);
    EXPECT_EQ(must_fail(rest->get_reaction_users(general(), m.id, thumbs), "[A] has no /users").status, 404);
  }
  const auto all =
      must(rest->paginate_reaction_users(general(), m.id, thumbs, {.max_items = 10, .page_size = 2}).collect(),
           "paginate_reaction_users");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const User& x, const User& y) { return x.id < y.id; }));

  must(rest->remove_user_reaction(general(), m.id, thumbs, emu->bob_id), "remove_user_reaction");
  must(rest->remove_own_reaction(general(), m.id, thumbs), "remove_own_reaction");
  EXPECT_EQ(must(rest->get_reactions(general(), m.id, thumbs), "after removals").users.size(), 1U);
  must(rest->remove_emoji_reactions(general(), m.id, thumbs), "remove_emoji_reactions");
  EXPECT_TRUE(must(rest->get_message(general(), m.id), "no reactions").reactions.empty());

  // A custom emoji as name:id, and its mention form.
  const auto emoji = must(rest->create_emoji(guild(), {.name = "blob", .image = png_data_uri()}), "create_emoji");
  must(rest->add_reaction(general(), m.id, fmt::format("blob:{}", *emoji.id)), "custom reaction");
  must(rest->add_reaction(general(), m.id, "\xE2\x9C\x85"), "another");  // ✅
  const auto custom = must(rest->get_reactions(general(), m.id, fmt::format("<:blob:{}>", *emoji.id)), "mention form");
  EXPECT_EQ(custom.users.size(), 1U);
  EXPECT_FALSE(emu->logged("PUT", fmt::format("/reactions/blob:{}/@me", *emoji.id)).empty());
  must(rest->remove_all_reactions(general(), m.id), "remove_all_reactions");
  EXPECT_TRUE(must(rest->get_message(general(), m.id), "cleared").reactions.empty());
}

TEST_P(RestRoutes, Invites) {
  const auto invite =
      must(rest->create_invite(general(), {.max_age = std::chrono::hours(1), .max_uses = 5}), "create_invite");
  EXPECT_FALSE(invite.code.empty());
  EXPECT_EQ(invite.max_uses, 5);
  EXPECT_EQ(must(rest->get_channel_invites(general()), "get_channel_invites").size(), 1U);
  EXPECT_EQ(must(rest->get_guild_invites(guild()), "get_guild_invites").size(), 1U);
  const auto looked_up = must(rest->get_invite(invite.code), "get_invite");
  EXPECT_EQ(looked_up.code, invite.code);
  ASSERT_TRUE(looked_up.guild);
  EXPECT_EQ(looked_up.guild->id, guild());
  must(rest->delete_invite(invite.code), "delete_invite");
  EXPECT_EQ(must_fail(rest->get_invite(invite.code), "deleted").code, "UNKNOWN_INVITE");
}

TEST_P(RestRoutes, Webhooks) {
  const auto hook = must(rest->create_webhook(general(), {.name = "Hook"}), "create_webhook");
  ASSERT_TRUE(hook.token);
  const std::string token = *hook.token;
  EXPECT_EQ(must(rest->get_channel_webhooks(general()), "get_channel_webhooks").size(), 1U);
  EXPECT_EQ(must(rest->get_guild_webhooks(guild()), "get_guild_webhooks").size(), 1U);
  EXPECT_EQ(must(rest->get_webhook(hook.id), "get_webhook").name, "Hook");
  ModifyWebhook rename;
  rename.name = "Renamed";
  EXPECT_EQ(must(rest->modify_webhook(hook.id, rename), "modify_webhook").name, "Renamed");
  EXPECT_EQ(must(rest->get_webhook_with_token(hook.id, token), "get_webhook_with_token").name, "Renamed");
  rename.name = "By token";
  EXPECT_EQ(must(rest->modify_webhook_with_token(hook.id, token, rename), "modify_webhook_with_token").name,
            "By token");
  // Token routes carry no bot token.
  const auto by_token = emu->logged("PATCH", "/webhooks/");
  ASSERT_EQ(by_token.size(), 2U);
  EXPECT_TRUE(by_token[0].header("authorization").has_value());
  EXPECT_FALSE(by_token[1].header("authorization").has_value());

  ExecuteWebhook exec;
  exec.message.content = "from a webhook";
  exec.username = "Override";
  const auto posted = must(rest->execute_webhook(hook.id, token, exec), "execute_webhook");
  EXPECT_EQ(posted.content, "from a webhook");
  EXPECT_EQ(posted.webhook_id, hook.id);
  must(rest->execute_webhook_no_wait(hook.id, token, exec), "execute_webhook_no_wait");
  const auto executed = emu->logged("POST", "/webhooks/");
  ASSERT_EQ(executed.size(), 2U);
  EXPECT_EQ(executed[0].query, "wait=true");
  EXPECT_EQ(executed[1].query, "");

  if (b()) {
    EXPECT_EQ(must(rest->get_webhook_message(hook.id, token, posted.id), "get_webhook_message").id, posted.id);
    EditMessage edit;
    edit.content = "edited by the webhook";
    EXPECT_EQ(must(rest->edit_webhook_message(hook.id, token, posted.id, edit), "edit_webhook_message").content,
              "edited by the webhook");
    must(rest->delete_webhook_message(hook.id, token, posted.id), "delete_webhook_message");
  } else {
    EXPECT_EQ(must_fail(rest->get_webhook_message(hook.id, token, posted.id), "[A]").status, 404);
  }

  must(rest->delete_webhook_with_token(hook.id, token), "delete_webhook_with_token");
  const auto second = must(rest->create_webhook(general(), {.name = "Second"}), "second webhook");
  must(rest->delete_webhook(second.id), "delete_webhook");
  EXPECT_TRUE(must(rest->get_channel_webhooks(general()), "none left").empty());
}

TEST_P(RestRoutes, Guilds) {
  const auto g = must(rest->get_guild(guild()), "get_guild");
  EXPECT_EQ(g.name, "Emulator Guild");
  EXPECT_EQ(!g.roles.empty(), b());  // [B] GET adds roles, channels, ...

  ModifyGuild patch;
  patch.name = "Renamed Guild";
  EXPECT_EQ(must(rest->modify_guild(guild(), patch), "modify_guild").name, "Renamed Guild");

  const auto channels = must(rest->get_guild_channels(guild()), "get_guild_channels");
  EXPECT_GE(channels.size(), 4U);
  CreateChannel create;
  create.name = "new-channel";
  const auto created = must(rest->create_guild_channel(guild(), create), "create_guild_channel");
  EXPECT_EQ(created.name, "new-channel");
  must(rest->modify_guild_channel_positions(guild(), {{.id = created.id, .position = 0, .parent_id = nullptr}}),
       "modify_guild_channel_positions");
  const auto moved = must(rest->get_channel(created.id), "moved channel");
  EXPECT_EQ(moved.position, 0);

  const auto vanity = must(rest->get_vanity_url(guild()), "get_vanity_url");
  EXPECT_FALSE(vanity.code);
  EXPECT_EQ(vanity.uses, 0);

  if (b()) {
    const auto log = must(rest->get_audit_log(guild(), {.limit = 50}), "get_audit_log");
    ASSERT_GE(log.entries.size(), 2U);  // the guild update and the channel creation
    EXPECT_FALSE(log.users.empty());
    const auto filtered =
        must(rest->paginate_audit_log(guild(), {.max_items = 10, .page_size = 1}, {.user_id = emu->demo.bot_user_id})
                 .collect(),
             "paginate_audit_log");
    EXPECT_EQ(filtered.size(), log.entries.size());
    EXPECT_TRUE(std::is_sorted(filtered.begin(), filtered.end(),
                               [](const AuditLogEntry& x, const AuditLogEntry& y) { return x.id > y.id; }));
  } else {
    const auto e = must_fail(rest->get_audit_log(guild()), "[A] audit log");
    EXPECT_EQ(e.code, "ACCESS_DENIED");
  }

  must(rest->delete_guild(emu->bot_guild_id), "delete_guild");
  EXPECT_FALSE(must_fail(rest->get_guild(emu->bot_guild_id), "deleted guild").code.empty());
}

TEST_P(RestRoutes, Members) {
  const auto members = must(rest->get_members(guild()), "get_members");
  EXPECT_EQ(members.size(), 4U);  // alice, the bot, bob, carol
  const auto logged = emu->logged("GET", "/members");
  ASSERT_EQ(logged.size(), 1U);
  EXPECT_EQ(logged[0].query, "limit=1000");  // always sent: [B] defaults to 1
  const auto one = must(rest->get_members(guild(), {.limit = 1}), "limit 1");
  EXPECT_EQ(one.size(), b() ? 1U : 4U);  // [A] returns everyone

  const auto paged = must(rest->paginate_members(guild(), {.max_items = 10, .page_size = 2}).collect(), "paginate");
  ASSERT_EQ(paged.size(), 4U);
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end(),
                             [](const GuildMember& x, const GuildMember& y) { return x.user_id() < y.user_id(); }));
  const auto capped = must(rest->paginate_members(guild(), {.max_items = 3, .page_size = 2}).collect(), "capped");
  EXPECT_EQ(capped.size(), 3U);

  EXPECT_EQ(must(rest->get_member(guild(), emu->bob_id), "get_member").user_id(), emu->bob_id);
  EXPECT_EQ(must(rest->get_current_member(guild()), "get_current_member").user_id(), emu->demo.bot_user_id);

  ModifyMember nick;
  nick.nick = "Bobby";
  EXPECT_EQ(must(rest->modify_member(guild(), emu->bob_id, nick), "modify_member").nick, "Bobby");
  nick.nick = "Botty";
  EXPECT_EQ(must(rest->modify_current_member(guild(), nick), "modify_current_member").nick, "Botty");
  ModifyMember roles;
  roles.roles = std::vector<Snowflake>{};
  EXPECT_EQ(must_fail(rest->modify_current_member(guild(), roles), "roles on @me").kind, ErrorKind::InvalidArgument);

  must(rest->add_member_role(guild(), emu->bob_id, emu->demo.moderator_role_id, {.audit_log_reason = "promoted"}),
       "add_member_role");
  EXPECT_EQ(must(rest->get_member(guild(), emu->bob_id), "with role").roles.size(), 1U);
  must(rest->remove_member_role(guild(), emu->bob_id, emu->demo.moderator_role_id), "remove_member_role");
  EXPECT_TRUE(must(rest->get_member(guild(), emu->bob_id), "without role").roles.empty());

  must(rest->remove_member(guild(), emu->carol_id, {.audit_log_reason = "kicked"}), "remove_member");
  EXPECT_EQ(must_fail(rest->get_member(guild(), emu->carol_id), "kicked").code, "UNKNOWN_MEMBER");
}

TEST_P(RestRoutes, Bans) {
  CreateBan ban;
  ban.reason = "spam";
  ban.delete_message_days = 1;
  ban.ban_duration = std::chrono::hours(24);
  must(rest->create_ban(guild(), emu->bob_id, ban), "create_ban");
  const auto sent = emu->logged("PUT", "/bans/");
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_NE(sent[0].body.find("\"ban_duration_seconds\":86400"), std::string::npos) << sent[0].body;
  must(rest->create_ban(guild(), emu->carol_id), "create_ban without body fields");

  const auto bans = must(rest->get_bans(guild()), "get_bans");
  ASSERT_EQ(bans.size(), 2U);
  const auto bob = std::find_if(bans.begin(), bans.end(), [&](const Ban& x) { return x.user.id == emu->bob_id; });
  ASSERT_NE(bob, bans.end());
  EXPECT_EQ(bob->reason, "spam");
  EXPECT_TRUE(bob->expires_at);
  const auto paged = must(rest->paginate_bans(guild(), {.max_items = 10, .page_size = 1}).collect(), "paginate_bans");
  EXPECT_EQ(paged.size(), 2U);

  must(rest->remove_ban(guild(), emu->bob_id), "remove_ban");
  EXPECT_EQ(must(rest->get_bans(guild()), "after unban").size(), 1U);
  // A duration the server does not accept is refused before sending.
  ban.ban_duration = std::chrono::seconds(100);
  EXPECT_EQ(must_fail(rest->create_ban(guild(), emu->bob_id, ban), "bad duration").kind, ErrorKind::InvalidArgument);
}

TEST_P(RestRoutes, Roles) {
  const auto before = must(rest->get_roles(guild()), "get_roles");
  const auto role = must(rest->create_role(guild(), {.name = "Helpers", .color = 0x00FF00}), "create_role");
  EXPECT_EQ(role.name, "Helpers");
  EXPECT_EQ(role.color, 0x00FF00U);
  EXPECT_EQ(must(rest->get_roles(guild()), "after create").size(), before.size() + 1);

  ModifyRole patch;
  patch.name = "Helpers+";
  patch.mentionable = true;
  const auto modified = must(rest->modify_role(guild(), role.id, patch), "modify_role");
  EXPECT_EQ(modified.name, "Helpers+");
  EXPECT_TRUE(modified.mentionable);

  const auto reordered =
      must(rest->modify_role_positions(guild(), {{.id = role.id, .position = 1}}), "modify_role_positions");
  const auto moved = std::find_if(reordered.begin(), reordered.end(), [&](const Role& r) { return r.id == role.id; });
  ASSERT_NE(moved, reordered.end());
  EXPECT_EQ(moved->position, 1);

  must(rest->delete_role(guild(), role.id), "delete_role");
  EXPECT_EQ(must(rest->get_roles(guild()), "after delete").size(), before.size());
}

TEST_P(RestRoutes, Emojis) {
  const auto created = must(rest->create_emoji(guild(), {.name = "wave", .image = png_data_uri()}), "create_emoji");
  EXPECT_EQ(created.name, "wave");
  EXPECT_EQ(must(rest->get_emojis(guild()), "get_emojis").size(), 1U);
  EXPECT_EQ(must(rest->modify_emoji(guild(), *created.id, {.name = "wave2"}), "modify_emoji").name, "wave2");
  const auto bulk = must(rest->create_emojis(guild(), {{.name = "one", .image = png_data_uri()},
                                                       {.name = "two", .image = png_data_uri()},
                                                       {.name = "bad", .image = "data:image/bmp;base64,AAAA"}}),
                         "create_emojis");
  EXPECT_EQ(bulk.created.size(), 2U);
  ASSERT_EQ(bulk.failed.size(), 1U);
  EXPECT_EQ(bulk.failed[0].name, "bad");
  EXPECT_EQ(must(rest->get_emojis(guild()), "after bulk").size(), 3U);
  must(rest->delete_emoji(guild(), *created.id), "delete_emoji");
  EXPECT_EQ(must(rest->get_emojis(guild()), "after delete").size(), 2U);
}

TEST_P(RestRoutes, Stickers) {
  const auto created =
      must(rest->create_sticker(guild(), {.name = "cat", .description = "a cat", .tags = {"cat"}, .image = kPngBase64}),
           "create_sticker");
  EXPECT_EQ(created.name, "cat");
  const auto list = must(rest->get_stickers(guild()), "get_stickers");
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].tags, std::vector<std::string>{"cat"});
  ModifySticker patch;
  patch.name = "kitten";
  patch.description = nullptr;
  const auto modified = must(rest->modify_sticker(guild(), created.id, patch), "modify_sticker");
  EXPECT_EQ(modified.name, "kitten");
  const auto bulk = must(
      rest->create_stickers(guild(), {{.name = "dog", .image = kPngBase64}, {.name = "owl", .image = png_data_uri()}}),
      "create_stickers");
  EXPECT_EQ(bulk.created.size(), 2U);
  EXPECT_TRUE(bulk.failed.empty());
  must(rest->delete_sticker(guild(), created.id), "delete_sticker");
  EXPECT_EQ(must(rest->get_stickers(guild()), "after delete").size(), 2U);
  EXPECT_EQ(must_fail(rest->create_sticker(guild(), {.name = "x", .image = kPngBase64}), "short name").kind,
            ErrorKind::InvalidArgument);
}

TEST_P(RestRoutes, CallbackOverloadsRunOnTheCallbackExecutor) {
  std::promise<std::pair<bool, Snowflake>> got;
  auto pool = std::make_shared<ThreadPool>(1);
  Rest shared(emu->rest_options(), pool, std::make_shared<Logger>([](LogLevel, std::string_view) {}, LogLevel::Off));
  shared.get_current_user([&](Result<CurrentUser> r) { got.set_value({pool->in_pool(), r ? r->id : Snowflake{}}); });
  auto f = got.get_future();
  ASSERT_EQ(f.wait_for(kWait), std::future_status::ready);
  const auto [on_pool, id] = f.get();
  EXPECT_TRUE(on_pool);
  EXPECT_EQ(id, emu->demo.bot_user_id);
}

INSTANTIATE_TEST_SUITE_P(Modes, RestRoutes, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
