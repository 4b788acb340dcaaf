// The scripting API itself: errors, observation with deadlines, world access, lifecycle.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fixture.hpp"

namespace fluxer::emulator::test {
namespace {

TEST(Scripting, ActionsReportFluxerErrors) {
  Emu emu(fast_options(ProtocolMode::B));
  auto& s = *emu.server;
  auto unknown = s.send_message(emu.demo.human_id, Snowflake{42}, "x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "UNKNOWN_CHANNEL");
  EXPECT_EQ(unknown.error().status, 404);
  auto outsider = s.create_user("outsider");
  auto denied = s.send_message(outsider.id, emu.demo.general_channel_id, "x");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "MISSING_PERMISSIONS");
  auto m = s.send_message(emu.demo.human_id, emu.demo.general_channel_id, "hi");
  ASSERT_TRUE(m.ok());
  auto bad_msg = s.add_reaction(emu.demo.human_id, emu.demo.general_channel_id, Snowflake{7}, "👍");
  ASSERT_FALSE(bad_msg.ok());
  EXPECT_EQ(bad_msg.error().code, "UNKNOWN_MESSAGE");
  EXPECT_EQ(s.leave_guild(emu.demo.guild_id, outsider.id).error().code, "UNKNOWN_MEMBER");
  EXPECT_EQ(s.join_guild(Snowflake{1}, outsider.id).error().code, "UNKNOWN_GUILD");
  EXPECT_EQ(s.create_channel(emu.demo.guild_id, ChannelType::GuildText, "x", emu.demo.general_channel_id).error().code,
            "INVALID_FORM_BODY");
  EXPECT_FALSE(s.rotate_bot_token(Snowflake{9}).ok());
  // Custom emoji are written name:id.
  ASSERT_TRUE(s.add_reaction(emu.demo.human_id, emu.demo.general_channel_id, m->id, "party:123456").ok());
  auto stored = s.query([&](World& w) { return w.message(emu.demo.general_channel_id, m->id)->reactions; });
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].emoji.name, "party");
  EXPECT_EQ(stored[0].emoji.id, Snowflake{123456});
}

TEST(Scripting, WaitForMessageMatchesWithADeadline) {
  Emu emu(fast_options(ProtocolMode::B));
  auto& s = *emu.server;
  const auto ch = emu.demo.general_channel_id;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.wait_for_message(ch, nullptr, 100ms).has_value());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms);
  std::thread human([&] {
    (void)s.send_message(emu.demo.human_id, ch, "not this");
    (void)s.send_message(emu.demo.human_id, ch, "!ping");
  });
  auto found = s.wait_for_message(
      ch, [](const Message& m) { return m.content == "!ping"; }, 5s);
  human.join();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->author_id, emu.demo.human_id);
  // `after` skips what was already seen.
  EXPECT_FALSE(s.wait_for_message(
      ch, [](const Message& m) { return m.content == "!ping"; }, 50ms, found->id));
  // Messages in other channels do not match.
  EXPECT_FALSE(s.wait_for_message(emu.demo.commands_channel_id, nullptr, 50ms).has_value());
}

TEST(Scripting, WaitForMessageRemembersOnlyTheLastMessages) {
  auto o = fast_options(ProtocolMode::B);
  o.message_log_capacity = 2;
  Emu emu(o);
  auto& s = *emu.server;
  const auto ch = emu.demo.general_channel_id;
  for (const char* text : {"one", "two", "three"}) ASSERT_TRUE(s.send_message(emu.demo.human_id, ch, text).ok());
  auto content_is = [](std::string text) { return [text](const Message& m) { return m.content == text; }; };
  EXPECT_FALSE(s.wait_for_message(ch, content_is("one"), 0ms).has_value());  // dropped
  EXPECT_TRUE(s.wait_for_message(ch, content_is("two"), 0ms).has_value());
  EXPECT_TRUE(s.wait_for_message(ch, content_is("three"), 0ms).has_value());
}

TEST(Scripting, WorldAccessFromAnyThread) {
  Emu emu(fast_options(ProtocolMode::B));
  auto& s = *emu.server;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i)
        ASSERT_TRUE(s.send_message(emu.demo.human_id, emu.demo.general_channel_id, fmt::format("{}-{}", t, i)).ok());
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(s.query([&](World& w) { return w.messages(emu.demo.general_channel_id).size(); }), 100U);
  // with_world may be nested inside itself (it runs inline on the service thread).
  s.with_world([&](World& w) {
    (void)w;
    s.with_world([](World& inner) { inner.add_user("nested"); });
  });
  EXPECT_TRUE(s.query([](World& w) { return w.user_by_name("nested") != nullptr; }));
}

TEST(Lifecycle, PortsStartStopAndErrors) {
  Server a(fast_options(ProtocolMode::B));
  EXPECT_EQ(a.port(), 0);
  ASSERT_TRUE(a.start().ok());
  EXPECT_TRUE(a.running());
  EXPECT_NE(a.port(), 0);
  EXPECT_EQ(a.api_url(), a.http_url() + "/v1");
  EXPECT_FALSE(a.start().ok());  // already started
  auto o = fast_options(ProtocolMode::B);
  o.port = a.port();
  Server b(o);
  auto busy = b.start();
  ASSERT_FALSE(busy.ok());  // port in use
  EXPECT_EQ(busy.error().code, "LISTEN_FAILED");
  a.stop();
  a.stop();  // idempotent
  EXPECT_FALSE(a.running());
  // After stop, world access still works (inline) and scripting reports no crash.
  EXPECT_EQ(a.query([](World& w) { return w.users().size(); }), 0U);
  EXPECT_EQ(a.drop_connection(), 0U);
}

TEST(Lifecycle, StopWithConnectedClients) {
  auto emu = std::make_unique<Emu>(fast_options(ProtocolMode::A));
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu->server));
  ASSERT_FALSE(gw.login(emu->demo.bot_token).empty());
  emu->server->stop();
  auto f = gw.ws.wait_close();
  EXPECT_NE(f.kind, WsFrame::Kind::Timeout);
  emu.reset();
}

}  // namespace
}  // namespace fluxer::emulator::test

namespace fluxer::emulator::test {
namespace {

TEST(Logging, TrafficIsLoggedWithTokensRedacted) {
  auto lines = std::make_shared<std::vector<std::string>>();
  auto mutex = std::make_shared<std::mutex>();
  auto o = fast_options(ProtocolMode::B);
  o.log_traffic = true;
  o.log_level = LogLevel::Info;
  o.log_sink = [lines, mutex](LogLevel, std::string_view line) {
    std::lock_guard lock(*mutex);
    lines->emplace_back(line);
  };
  Emu emu(o);
  // A bot added at run time is redacted too.
  const auto late_token = emu.server->query([](World& w) { return w.add_bot("LateBot").token(); });
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_FALSE(gw.login(emu.demo.bot_token).empty());
  Gw late;
  ASSERT_TRUE(late.connect(*emu.server));
  ASSERT_FALSE(late.login(late_token).empty());
  ASSERT_EQ(http("GET", emu.url("/v1/users/@me"), {emu.bot_auth()}).status, 200);
  // A webhook created over REST: its token appears in URLs and bodies from now on.
  const auto created = http("POST", emu.url("/v1/channels/" + emu.demo.general_channel_id.str() + "/webhooks"),
                            {"Authorization: " + emu.demo.human_token, "Content-Type: application/json"},
                            R"({"name":"Relay"})");  // alice owns the guild
  ASSERT_EQ(created.status, 200) << created.body;
  const auto hook = created.json();
  ASSERT_TRUE(hook.IsObject() && hook.HasMember("token") && hook["token"].IsString()) << created.body;
  const std::string hook_token = hook["token"].GetString();
  const std::string hook_id = hook["id"].GetString();
  ASSERT_EQ(http("POST", emu.url("/v1/webhooks/" + hook_id + "/" + hook_token + "?wait=true"),
                 {"Content-Type: application/json"}, R"({"content":"relayed"})")
                .status,
            200);
  ASSERT_TRUE(
      emu.server->wait_for_request([](const RequestLogEntry& e) { return e.path.find("/v1/webhooks/") == 0; }, 5s));
  emu.server->stop();
  std::lock_guard lock(*mutex);
  bool saw_identify = false, saw_http = false;
  for (const auto& l : *lines) {
    EXPECT_EQ(l.find(emu.demo.bot_token), std::string::npos) << l;
    EXPECT_EQ(l.find(late_token), std::string::npos) << l;
    EXPECT_EQ(l.find(hook_token), std::string::npos) << l;
    if (l.find(R"("op":2)") != std::string::npos) {
      saw_identify = true;
      EXPECT_NE(l.find("[redacted]"), std::string::npos) << l;
    }
    if (l.find("GET /v1/users/@me") != std::string::npos) saw_http = true;
  }
  EXPECT_TRUE(saw_identify);
  EXPECT_TRUE(saw_http);
}

TEST(Scripting, LibwebsocketsLogsGoThroughTheServersSinkAndLevel) {
  // At Debug, libwebsockets' notices (context creation) reach the sink, prefixed...
  auto lines = std::make_shared<std::vector<std::pair<LogLevel, std::string>>>();
  auto mutex = std::make_shared<std::mutex>();
  ServerOptions verbose;
  verbose.log_level = LogLevel::Debug;
  verbose.log_sink = [lines, mutex](LogLevel level, std::string_view line) {
    std::lock_guard lock(*mutex);
    lines->emplace_back(level, std::string(line));
  };
  {
    Server server(verbose);
    ASSERT_TRUE(server.start().ok());
    server.stop();
  }
  {
    std::lock_guard lock(*mutex);
    bool saw = false;
    for (const auto& [level, line] : *lines)
      if (line.rfind("libwebsockets: ", 0) == 0) saw = true;
    EXPECT_TRUE(saw);
  }
  // ...and at the default level nothing of libwebsockets reaches stderr.
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const int saved = dup(2);
  dup2(pipe_fds[1], 2);
  {
    Server quiet;
    const bool started = quiet.start().ok();
    quiet.stop();
    EXPECT_TRUE(started);
  }
  dup2(saved, 2);
  close(saved);
  close(pipe_fds[1]);
  std::string captured;
  char buf[4096];
  fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) captured.append(buf, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  EXPECT_EQ(captured, "") << captured;
}

}  // namespace
}  // namespace fluxer::emulator::test
