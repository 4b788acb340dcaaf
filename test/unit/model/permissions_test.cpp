// The permission table of fluxer-protocol.md §6.13, names, decimal form, and every rule of
// the calculator.

#include <gtest/gtest.h>

#include <fluxer/model/permission_calculator.hpp>
#include <fluxer/model/permissions.hpp>

namespace {

using namespace fluxer;
using namespace fluxer::literals;

TEST(Permissions, BitTableMatchesTheProtocol) {
  // Values copied from the §6.13 table (decimal), not computed from shifts.
  const std::pair<Permission, std::uint64_t> table[] = {
      {Permission::CREATE_INSTANT_INVITE, 1ull},
      {Permission::KICK_MEMBERS, 2ull},
      {Permission::BAN_MEMBERS, 4ull},
      {Permission::ADMINISTRATOR, 8ull},
      {Permission::MANAGE_CHANNELS, 16ull},
      {Permission::MANAGE_GUILD, 32ull},
      {Permission::ADD_REACTIONS, 64ull},
      {Permission::VIEW_AUDIT_LOG, 128ull},
      {Permission::PRIORITY_SPEAKER, 256ull},
      {Permission::STREAM, 512ull},
      {Permission::VIEW_CHANNEL, 1024ull},
      {Permission::SEND_MESSAGES, 2048ull},
      {Permission::SEND_TTS_MESSAGES, 4096ull},
      {Permission::MANAGE_MESSAGES, 8192ull},
      {Permission::EMBED_LINKS, 16384ull},
      {Permission::ATTACH_FILES, 32768ull},
      {Permission::READ_MESSAGE_HISTORY, 65536ull},
      {Permission::MENTION_EVERYONE, 131072ull},
      {Permission::USE_EXTERNAL_EMOJIS, 262144ull},
      {Permission::CONNECT, 1048576ull},
      {Permission::SPEAK, 2097152ull},
      {Permission::MUTE_MEMBERS, 4194304ull},
      {Permission::DEAFEN_MEMBERS, 8388608ull},
      {Permission::MOVE_MEMBERS, 16777216ull},
      {Permission::USE_VAD, 33554432ull},
      {Permission::CHANGE_NICKNAME, 67108864ull},
      {Permission::MANAGE_NICKNAMES, 134217728ull},
      {Permission::MANAGE_ROLES, 268435456ull},
      {Permission::MANAGE_WEBHOOKS, 536870912ull},
      {Permission::MANAGE_EXPRESSIONS, 1073741824ull},
      {Permission::USE_EXTERNAL_STICKERS, 137438953472ull},
      {Permission::MODERATE_MEMBERS, 1099511627776ull},
      {Permission::CREATE_EXPRESSIONS, 8796093022208ull},
      {Permission::PIN_MESSAGES, 2251799813685248ull},
      {Permission::BYPASS_SLOWMODE, 4503599627370496ull},
      {Permission::UPDATE_RTC_REGION, 9007199254740992ull},
      {Permission::VIEW_CHANNEL_MEMBERS, 18014398509481984ull},
  };
  ASSERT_EQ(std::size(table), std::size(kAllPermissionBits));
  for (std::size_t i = 0; i < std::size(table); ++i) {
    EXPECT_EQ(static_cast<std::uint64_t>(table[i].first), table[i].second) << permission_name(table[i].first);
    EXPECT_EQ(kAllPermissionBits[i], table[i].first);
  }
  EXPECT_EQ(Permissions::all_known().value(), [&] {
    std::uint64_t all = 0;
    for (auto& [p, v] : table) all |= v;
    return all;
  }());
}

TEST(Permissions, DefaultEveryoneMask) {
  const Permissions p = Permissions::default_everyone();
  EXPECT_EQ(p.value(), 8933636165185ull);
  EXPECT_TRUE(p.has(Permission::SEND_MESSAGES | Permission::VIEW_CHANNEL | Permission::CREATE_EXPRESSIONS));
  EXPECT_FALSE(p.has_any(Permission::ADMINISTRATOR | Permission::MANAGE_MESSAGES));
}

TEST(Permissions, ParseAndFormatDecimal) {
  EXPECT_EQ(Permissions::parse("0"), Permissions{});
  EXPECT_EQ(Permissions::parse("2251799813685248"), Permissions{Permission::PIN_MESSAGES});
  EXPECT_EQ(Permissions::parse("18446744073709551615"), Permissions::all());
  EXPECT_FALSE(Permissions::parse("18446744073709551616"));
  EXPECT_FALSE(Permissions::parse(""));
  EXPECT_FALSE(Permissions::parse("-1"));
  EXPECT_FALSE(Permissions::parse("12 "));
  EXPECT_FALSE(Permissions::parse("0x10"));
  EXPECT_EQ(Permissions{Permission::VIEW_CHANNEL_MEMBERS}.str(), "18014398509481984");
  EXPECT_EQ(Permissions{}.str(), "0");
  for (Permission bit : kAllPermissionBits) EXPECT_EQ(Permissions::parse(Permissions{bit}.str()), Permissions{bit});
}

TEST(Permissions, Names) {
  EXPECT_EQ(permission_name(Permission::MODERATE_MEMBERS), "MODERATE_MEMBERS");
  EXPECT_EQ(permission_name(static_cast<Permission>(1ull << 19)), "");
  for (Permission bit : kAllPermissionBits) EXPECT_FALSE(permission_name(bit).empty());
  const Permissions p = Permission::VIEW_CHANNEL | Permission::SEND_MESSAGES | Permissions{1ull << 60};
  EXPECT_EQ(p.names(), (std::vector<std::string>{"VIEW_CHANNEL", "SEND_MESSAGES", "BIT_60"}));
  EXPECT_EQ(p.to_string(), "VIEW_CHANNEL | SEND_MESSAGES | BIT_60");
  EXPECT_EQ(Permissions{}.to_string(), "NONE");
}

TEST(Permissions, BitOperations) {
  Permissions p;
  EXPECT_TRUE(p.empty());
  p.add(Permission::KICK_MEMBERS).add(Permission::BAN_MEMBERS);
  EXPECT_TRUE(p.has(Permission::KICK_MEMBERS));
  EXPECT_TRUE(p.has(Permission::KICK_MEMBERS | Permission::BAN_MEMBERS));
  EXPECT_FALSE(p.has(Permission::KICK_MEMBERS | Permission::ADMINISTRATOR));
  EXPECT_TRUE(p.has_any(Permission::KICK_MEMBERS | Permission::ADMINISTRATOR));
  p.remove(Permission::KICK_MEMBERS);
  EXPECT_EQ(p, Permissions{Permission::BAN_MEMBERS});
  EXPECT_EQ((p ^ Permission::BAN_MEMBERS), Permissions{});
  EXPECT_EQ((~Permissions{}), Permissions::all());
  EXPECT_EQ((Permissions::all() & Permission::STREAM), Permissions{Permission::STREAM});
  static_assert(Permissions{Permission::ADMINISTRATOR}.value() == 8);
}

// ------------------------------------------------------------------ calculator

class PermissionCalculator : public ::testing::Test {
 protected:
  const Snowflake guild_id = 100_id;
  const Snowflake owner_id = 1_id;
  const Snowflake user_id = 2_id;
  const Snowflake mod_role = 200_id;
  const Snowflake dj_role = 201_id;
  const Snowflake admin_role = 202_id;

  Guild guild() const {
    Guild g;
    g.id = guild_id;
    g.owner_id = owner_id;
    Role everyone;
    everyone.id = guild_id;
    everyone.permissions = Permission::VIEW_CHANNEL | Permission::SEND_MESSAGES;
    Role mod;
    mod.id = mod_role;
    mod.permissions = Permission::KICK_MEMBERS | Permission::MANAGE_MESSAGES;
    Role dj;
    dj.id = dj_role;
    dj.permissions = Permission::CONNECT | Permission::SPEAK;
    Role admin;
    admin.id = admin_role;
    admin.permissions = Permission::ADMINISTRATOR;
    g.roles = {everyone, mod, dj, admin};
    return g;
  }

  static PermissionOverwrite role_ow(Snowflake id, Permissions allow, Permissions deny) {
    return PermissionOverwrite{id, OverwriteType::Role, allow, deny};
  }
  static PermissionOverwrite member_ow(Snowflake id, Permissions allow, Permissions deny) {
    return PermissionOverwrite{id, OverwriteType::Member, allow, deny};
  }
};

TEST_F(PermissionCalculator, OwnerGetsEverything) {
  const Guild g = guild();
  EXPECT_EQ(base_permissions(g, owner_id, {}), Permissions::all());
  Channel ch;
  ch.permission_overwrites = {role_ow(guild_id, {}, Permissions::all()), member_ow(owner_id, {}, Permissions::all())};
  EXPECT_EQ(channel_permissions(g, ch, owner_id, {}), Permissions::all());
}

TEST_F(PermissionCalculator, BaseIsEveryoneOrMemberRoles) {
  const Guild g = guild();
  EXPECT_EQ(base_permissions(g, user_id, {}), Permission::VIEW_CHANNEL | Permission::SEND_MESSAGES);
  const std::vector<Snowflake> roles{mod_role, dj_role};
  EXPECT_EQ(base_permissions(g, user_id, roles), Permission::VIEW_CHANNEL | Permission::SEND_MESSAGES |
                                                      Permission::KICK_MEMBERS | Permission::MANAGE_MESSAGES |
                                                      Permission::CONNECT | Permission::SPEAK);
  // Role ids the guild does not have are ignored.
  const std::vector<Snowflake> unknown{999_id};
  EXPECT_EQ(base_permissions(g, user_id, unknown), Permission::VIEW_CHANNEL | Permission::SEND_MESSAGES);
  // Without an @everyone role (e.g. roles not loaded) the base is only the member's roles.
  Guild no_everyone = g;
  no_everyone.roles.erase(no_everyone.roles.begin());
  EXPECT_EQ(base_permissions(no_everyone, user_id, std::vector<Snowflake>{dj_role}),
            Permission::CONNECT | Permission::SPEAK);
}

TEST_F(PermissionCalculator, AdministratorGivesAllAndSkipsOverwrites) {
  const Guild g = guild();
  const std::vector<Snowflake> roles{admin_role};
  EXPECT_EQ(base_permissions(g, user_id, roles), Permissions::all());
  Channel ch;
  ch.permission_overwrites = {role_ow(guild_id, {}, Permission::VIEW_CHANNEL),
                              role_ow(admin_role, {}, Permission::SEND_MESSAGES),
                              member_ow(user_id, {}, Permission::VIEW_CHANNEL | Permission::ADMINISTRATOR)};
  EXPECT_EQ(channel_permissions(g, ch, user_id, roles), Permissions::all());
  // ADMINISTRATOR granted by an @everyone role also counts.
  Guild open = g;
  open.roles[0].permissions |= Permission::ADMINISTRATOR;
  EXPECT_EQ(base_permissions(open, user_id, {}), Permissions::all());
}

TEST_F(PermissionCalculator, EveryoneOverwriteDeniesThenAllows) {
  const Guild g = guild();
  Channel ch;
  ch.permission_overwrites = {role_ow(guild_id, Permission::ADD_REACTIONS, Permission::SEND_MESSAGES)};
  EXPECT_EQ(channel_permissions(g, ch, user_id, {}), Permission::VIEW_CHANNEL | Permission::ADD_REACTIONS);
  // An overwrite of type Member with the guild id is not the @everyone overwrite.
  ch.permission_overwrites = {member_ow(guild_id, {}, Permission::SEND_MESSAGES)};
  EXPECT_EQ(channel_permissions(g, ch, user_id, {}), Permission::VIEW_CHANNEL | Permission::SEND_MESSAGES);
}

TEST_F(PermissionCalculator, RoleOverwritesAreCombinedBeforeApplying) {
  const Guild g = guild();
  const std::vector<Snowflake> roles{mod_role, dj_role};
  Channel ch;
  // One role denies SEND_MESSAGES, another allows it: the combined allow wins because
  // allow is applied after the combined deny. The role deny also beats the @everyone allow.
  ch.permission_overwrites = {
      role_ow(guild_id, Permission::ATTACH_FILES, {}),
      role_ow(mod_role, {}, Permission::SEND_MESSAGES | Permission::ATTACH_FILES),
      role_ow(dj_role, Permission::SEND_MESSAGES, {}),
  };
  const Permissions p = channel_permissions(g, ch, user_id, roles);
  EXPECT_TRUE(p.has(Permission::SEND_MESSAGES));
  EXPECT_FALSE(p.has(Permission::ATTACH_FILES));
  // Overwrites of roles the member does not have are ignored.
  const Permissions without = channel_permissions(g, ch, user_id, std::vector<Snowflake>{dj_role});
  EXPECT_TRUE(without.has(Permission::ATTACH_FILES));
}

TEST_F(PermissionCalculator, MemberOverwriteComesLast) {
  const Guild g = guild();
  const std::vector<Snowflake> roles{mod_role};
  Channel ch;
  ch.permission_overwrites = {
      role_ow(guild_id, {}, Permission::VIEW_CHANNEL),
      role_ow(mod_role, Permission::VIEW_CHANNEL | Permission::MANAGE_WEBHOOKS, {}),
      member_ow(user_id, Permission::PIN_MESSAGES, Permission::MANAGE_WEBHOOKS | Permission::KICK_MEMBERS),
  };
  const Permissions p = channel_permissions(g, ch, user_id, roles);
  EXPECT_TRUE(p.has(Permission::VIEW_CHANNEL));     // role allow beats @everyone deny
  EXPECT_FALSE(p.has(Permission::MANAGE_WEBHOOKS));  // member deny beats role allow
  EXPECT_FALSE(p.has(Permission::KICK_MEMBERS));     // member deny removes a base permission
  EXPECT_TRUE(p.has(Permission::PIN_MESSAGES));      // member allow adds
  // Another member's overwrite does not apply; a Role overwrite with the user's id neither.
  ch.permission_overwrites = {member_ow(3_id, {}, Permission::SEND_MESSAGES),
                              role_ow(user_id, {}, Permission::SEND_MESSAGES)};
  EXPECT_TRUE(channel_permissions(g, ch, user_id, {}).has(Permission::SEND_MESSAGES));
}

TEST_F(PermissionCalculator, NoOverwritesKeepsBase) {
  const Guild g = guild();
  Channel ch;
  const std::vector<Snowflake> roles{dj_role};
  EXPECT_EQ(channel_permissions(g, ch, user_id, roles), base_permissions(g, user_id, roles));
}

}  // namespace
