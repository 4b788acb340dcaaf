// The Client end to end against the emulator, in both protocol modes: the demo
// conversation, ready semantics and the guild burst, per-shard handler order on a
// multi-threaded pool, blocking in handlers, destroy() from a handler and from another
// thread, collectors, login errors, the cache after a burst of mutations, and two clients
// sharing nothing.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/client.hpp>
#include <fluxer/emulator/server.hpp>

#include "fixture.hpp"

namespace fluxer::emulator::test {
namespace {

using namespace std::chrono_literals;
constexpr auto kDeadline = 20s;

/// Log lines kept for assertions (and printed on failure by the test's own messages).
struct Lines {
  std::mutex mutex;
  std::vector<std::string> lines;
  LogSink sink() {
    return [this](LogLevel, std::string_view m) {
      std::lock_guard lock(mutex);
      lines.emplace_back(m);
    };
  }
  std::size_t count(std::string_view needle) {
    std::lock_guard lock(mutex);
    std::size_t n = 0;
    for (const auto& l : lines) n += l.find(needle) != std::string::npos ? 1 : 0;
    return n;
  }
  std::string all() {
    std::lock_guard lock(mutex);
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }
};

/// Waits for a condition with a deadline (polling a predicate the test owns).
template <class F>
bool eventually(F&& f, std::chrono::milliseconds timeout = kDeadline) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (f()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return f();
}

/// A one-shot latch with a deadline.
class Latch {
 public:
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }
  bool wait(std::chrono::milliseconds timeout = kDeadline) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

class ClientTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Lines lines;

  ServerOptions server_options() {
    ServerOptions o = fast_options(GetParam());
    o.heartbeat_interval = 1'000ms;
    o.rate_limits = false;
    return o;
  }
  ClientOptions client_options(const Emu& emu) {
    ClientOptions o;
    o.api_base = emu.server->api_url();
    o.gateway_url = emu.server->gateway_url();
    o.log_sink = lines.sink();
    o.log_level = LogLevel::Debug;
    o.guild_ready_timeout = 5s;
    o.gateway.identify_interval = 10ms;
    return o;
  }
};

TEST_P(ClientTest, SecretsNeverAppearInAnyOutputAtTraceLevelThroughFaults) {
  Emu emu{server_options()};
  Snowflake hook_id;
  std::string hook_token;
  emu.server->with_world([&](World& w) {
    auto& h = w.add_webhook(emu.demo.general_channel_id, emu.demo.human_id, "Hook");
    hook_id = h.id;
    hook_token = h.token;
  });
  const std::string bot_secret = emu.demo.bot_token.substr(emu.demo.bot_token.find('.') + 1);
  ASSERT_GE(bot_secret.size(), 16U);
  ASSERT_GE(hook_token.size(), 16U);
  std::vector<std::string> texts;  // every error text and exception message the bot saw

  auto options = client_options(emu);
  options.log_level = LogLevel::Trace;
  Client client(options);
  Latch ready;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  auto running = client.start("Bot " + emu.demo.bot_token);
  ASSERT_TRUE(ready.wait()) << lines.all();

  // Gateway faults: a dropped socket, op 7, a resumable close, an invalid session; each is
  // followed by a working session again.
  auto sessions = [&] {
    auto st = client.shard_status(0);
    return st ? st->identifies + st->resumes : 0;
  };
  for (int fault = 0; fault < 4; ++fault) {
    const auto before = sessions();
    switch (fault) {
      case 0: emu.server->drop_connection(); break;
      case 1: emu.server->send_reconnect(); break;
      case 2: emu.server->close_connection(4000, "unknown error"); break;
      case 3: emu.server->invalidate_session(); break;
    }
    ASSERT_TRUE(eventually([&] { return sessions() > before; })) << "fault " << fault << "\n" << lines.all();
  }

  // REST: a 500, an HTML 502, and a server that echoes the secrets in its error message,
  // on a bot-token route and on a webhook-token route.
  ExecuteWebhook body;
  body.message.content = "hello";
  emu.server->fail_route({"POST", "/webhooks/{id}/{token}"}, 500, "INTERNAL_SERVER_ERROR", "boom", 1);
  auto failed = client.rest().execute_webhook(hook_id, hook_token, body).result();
  ASSERT_FALSE(failed.ok());
  texts.push_back(failed.error().to_string());
  texts.push_back(failed.error().message);
  emu.server->fail_route({"POST", "/webhooks/{id}/{token}"}, 400, "BAD",
                         "you sent " + hook_token + " with Bot " + emu.demo.bot_token, 1);
  try {
    (void)client.rest().execute_webhook(hook_id, hook_token, body).get();
    ADD_FAILURE() << "the injected 400 did not fail the call";
  } catch (const Exception& e) {
    texts.emplace_back(e.what());
    texts.push_back(e.error().to_string());
  }
  emu.server->fail_route({"GET", "/users/@me"}, 403, "MISSING_ACCESS", "token " + emu.demo.bot_token + " refused", 1);
  auto refused = client.rest().get_current_user().result();
  ASSERT_FALSE(refused.ok());
  texts.push_back(refused.error().to_string());
  auto posted = client.rest().execute_webhook(hook_id, hook_token, body).result();
  ASSERT_TRUE(posted.ok()) << posted.error().to_string();

  client.destroy();
  texts.push_back(running.result().ok() ? "" : running.result().error().to_string());

  const std::string all = lines.all();
  EXPECT_GT(lines.count("[redacted]"), 0U);  // the secrets were there to hide
  EXPECT_EQ(all.find(bot_secret), std::string::npos);
  EXPECT_EQ(all.find(hook_token), std::string::npos);
  for (const auto& t : texts) {
    EXPECT_EQ(t.find(bot_secret), std::string::npos) << t;
    EXPECT_EQ(t.find(hook_token), std::string::npos) << t;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ClientTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

TEST_P(ClientTest, PingPongAndReadyOnce) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.wait_for_guilds = true;
  Client client(options);
  std::atomic<int> ready_count{0};
  std::atomic<int> joins{0};
  Latch ready;
  ClientReady seen;
  client.on_ready([&](const ClientReady& r) {
    seen = r;
    ready_count.fetch_add(1);
    ready.open();
  });
  client.on_guild_join([&](const GuildJoined&) { joins.fetch_add(1); });
  client.on_message_create([&](const MessageCreate& e) {
    if (e.message.author.bot || e.message.content != "!ping") return;
    CreateMessage reply;
    reply.content = "pong";
    reply.message_reference = fluxer::MessageReference{.message_id = e.message.id, .channel_id = e.message.channel_id};
    client.channels().send(e.message.channel_id, std::move(reply));
  });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait()) << lines.all();
  EXPECT_TRUE(client.is_ready());
  EXPECT_TRUE(client.ready_at().has_value());
  ASSERT_TRUE(client.user().has_value());
  EXPECT_EQ(client.user()->id, emu.demo.bot_user_id);
  EXPECT_EQ(seen.user.id, emu.demo.bot_user_id);
  // Every guild of the bot is known when ready (wait_for_guilds), none reported as joined.
  const auto world_guilds = emu.server->query([&](World& w) { return w.guilds_of(emu.demo.bot_user_id); });
  EXPECT_EQ(seen.guilds, world_guilds.size());
  // [B] announces the demo world's unavailable guild with GUILD_DELETE; [A] sends it as a
  // stub like every other guild and never a full GUILD_CREATE, so on [A] it can only be
  // told apart from a slow guild by the guild-ready timeout, which then reports it missing.
  EXPECT_EQ(seen.guilds_missing, GetParam() == ProtocolMode::A ? 1U : 0U);
  EXPECT_TRUE(client.guilds().get(emu.demo.guild_id).has_value());
  EXPECT_EQ(joins.load(), 0);

  auto ping = emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "!ping");
  ASSERT_TRUE(ping.ok());
  auto pong = emu.server->wait_for_message(
      emu.demo.general_channel_id, [&](const Message& m) { return m.author_id == emu.demo.bot_user_id; }, kDeadline,
      ping->id);
  ASSERT_TRUE(pong.has_value());
  EXPECT_EQ(pong->content, "pong");
  ASSERT_TRUE(pong->message_reference.has_value());
  EXPECT_EQ(pong->message_reference->message_id, ping->id);

  ASSERT_TRUE(eventually([&] { return client.latency(0).has_value(); }));
  client.destroy();
  EXPECT_TRUE(running.result().ok());
  EXPECT_EQ(ready_count.load(), 1);
  EXPECT_FALSE(client.is_ready());
}

TEST_P(ClientTest, AGuildJoinedLaterIsAJoinAndLeavingIsReported) {
  Emu emu{server_options()};
  // Ready after the burst: from then on a new guild can only be a join (during the burst,
  // a guild joined before the guild list was fetched is counted as part of it).
  auto options = client_options(emu);
  options.wait_for_guilds = true;
  Client client(options);
  Latch ready, joined, left;
  Snowflake joined_id, left_id;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  client.on_guild_join([&](const GuildJoined& j) {
    joined_id = j.guild->guild.id;
    joined.open();
  });
  client.on_guild_leave([&](const GuildLeft& l) {
    left_id = l.guild_id;
    left.open();
  });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait()) << lines.all();
  ASSERT_TRUE(client.guilds().get(emu.demo.guild_id).has_value());
  const Snowflake new_guild = emu.server->query([&](World& w) {
    auto& g = w.add_guild("later", emu.demo.human_id);
    return g.id;
  });
  ASSERT_TRUE(emu.server->join_guild(new_guild, emu.demo.bot_user_id).ok());
  ASSERT_TRUE(joined.wait()) << lines.all();
  EXPECT_EQ(joined_id, new_guild);
  EXPECT_TRUE(client.guilds().get(new_guild).has_value());
  ASSERT_TRUE(emu.server->leave_guild(new_guild, emu.demo.bot_user_id).ok());
  ASSERT_TRUE(left.wait());
  EXPECT_EQ(left_id, new_guild);
  EXPECT_FALSE(client.guilds().get(new_guild).has_value());
  client.destroy();
  EXPECT_TRUE(running.result().ok());
}

TEST_P(ClientTest, HandlersOfOneShardRunInSequenceOrderOnAManyThreadPool) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.callback_threads = 4;
  Client client(options);
  Latch ready;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  std::mutex m;
  std::vector<std::string> raw_order, typed_order;
  std::vector<std::int64_t> seqs;
  std::atomic<int> concurrent{0}, max_concurrent{0};
  client.on(events::MESSAGE_CREATE, [&](const RawEvent& e) {
    const int now = concurrent.fetch_add(1) + 1;
    int prev = max_concurrent.load();
    while (now > prev && !max_concurrent.compare_exchange_weak(prev, now)) {
    }
    std::this_thread::yield();
    {
      std::lock_guard lock(m);
      seqs.push_back(e.seq());
      auto msg = e.decode_as<fluxer::Message>();
      if (msg) raw_order.push_back(msg->content);
    }
    concurrent.fetch_sub(1);
  });
  client.on_message_create([&](const MessageCreate& e) {
    std::lock_guard lock(m);
    typed_order.push_back(e.message.content);
  });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait());
  constexpr int kMessages = 200;
  std::vector<std::string> sent;
  for (int i = 0; i < kMessages; ++i) {
    sent.push_back("m" + std::to_string(i));
    ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, sent.back()).ok());
  }
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    return typed_order.size() == kMessages;
  }));
  client.destroy();
  std::lock_guard lock(m);
  EXPECT_EQ(raw_order, sent);
  EXPECT_EQ(typed_order, sent);
  EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
  EXPECT_EQ(max_concurrent.load(), 1);  // one shard: one handler at a time
}

TEST_P(ClientTest, BlockingOnRestInAHandlerWorksOnAOneThreadPool) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.callback_threads = 1;
  Client client(options);
  Latch ready, done;
  std::string fetched;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  client.on_message_create([&](const MessageCreate& e) {
    if (e.message.content != "!whoami") return;
    // Blocks the only callback thread until REST answers.
    auto me = client.rest().get_current_user().get();
    auto sent = client.channels().send(e.message.channel_id, "I am " + me.username).get();
    fetched = sent.content;
    done.open();
  });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "!whoami").ok());
  ASSERT_TRUE(done.wait()) << lines.all();
  EXPECT_NE(fetched.find("I am "), std::string::npos);
  client.destroy();
}

TEST_P(ClientTest, DestroyFromInsideAHandlerStopsEverything) {
  Emu emu{server_options()};
  Client client(client_options(emu));
  Latch ready;
  std::atomic<int> after_destroy{0};
  std::atomic<bool> destroyed{false};
  client.on_ready([&](const ClientReady&) { ready.open(); });
  client.on_message_create([&](const MessageCreate& e) {
    if (destroyed.load()) after_destroy.fetch_add(1);
    if (e.message.content == "stop") {
      client.destroy();
      destroyed.store(true);
    }
  });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "stop").ok());
  auto result = running.result();  // login() would return here
  EXPECT_TRUE(result.ok()) << result.error().to_string();
  // The handler goes on after destroy() returns in it (it cannot wait for itself).
  EXPECT_TRUE(eventually([&] { return destroyed.load(); }));
  // The gateway connection is gone and later messages reach no handler.
  EXPECT_TRUE(emu.server->wait_for_connections_at_most(0, kDeadline));
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "after").ok());
  EXPECT_EQ(after_destroy.load(), 0);
  EXPECT_FALSE(client.send_to_shard(0, R"({"op":1,"d":null})").ok());
  // The REST client is stopped too: calls fail at once with Cancelled.
  auto r = client.rest().get_current_user().result();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
  client.destroy();  // idempotent
}

TEST_P(ClientTest, DestroyFromAnotherThreadEndsLoginWithoutError) {
  Emu emu{server_options()};
  Client client(client_options(emu));
  Latch ready;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  std::thread stopper([&] {
    if (ready.wait()) client.destroy();
  });
  auto result = client.login(emu.demo.bot_token);
  stopper.join();
  EXPECT_TRUE(result.ok()) << result.error().to_string();
  auto again = client.login(emu.demo.bot_token);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::AlreadyLoggedIn);
}

TEST_P(ClientTest, ABadTokenEndsLoginWithInvalidToken) {
  Emu emu{server_options()};
  // Through discovery: GET /gateway/bot answers 401 on [A]; [B] checks only the shape, so
  // the gateway's 4004 is what refuses it there.
  {
    auto options = client_options(emu);
    options.gateway_url.reset();
    Client client(options);
    auto r = client.login("123.not-the-secret-at-all-not-the-secret-at-all-000");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::InvalidToken) << r.error().to_string();
    EXPECT_EQ(lines.count("not-the-secret"), 0u) << lines.all();
  }
  // With the gateway URL given: close 4004.
  {
    Client client(client_options(emu));
    auto r = client.login("123.not-the-secret-at-all-not-the-secret-at-all-000");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::InvalidToken) << r.error().to_string();
  }
  {
    Client client(client_options(emu));
    auto r = client.login("");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::InvalidToken);
  }
}

TEST_P(ClientTest, APlainWsGatewayUrlOfAHostThatIsNotLoopbackEndsLogin) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.gateway_url = "ws://192.0.2.1:9/gateway";  // TEST-NET-1: never reached
  Client client(options);
  auto r = client.login(emu.demo.bot_token);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument) << r.error().to_string();
  EXPECT_EQ(r.error().code, "INSECURE_GATEWAY_URL") << r.error().to_string();
  EXPECT_NE(r.error().message.find("allow_insecure_ws"), std::string::npos) << r.error().to_string();
}

TEST_P(ClientTest, DiscoveryFindsTheGatewayWhenNoUrlIsGiven) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.gateway_url.reset();
  Client client(options);
  Latch ready;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  auto running = client.start(emu.demo.bot_token);
  EXPECT_TRUE(ready.wait()) << lines.all();
  auto instance = client.fetch_instance().result();
  EXPECT_TRUE(instance.ok());
  client.destroy();
}

TEST_P(ClientTest, CollectorsEndForEachReason) {
  Emu emu{server_options()};
  Client client(client_options(emu));
  Latch ready;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait());
  const auto ch = emu.demo.general_channel_id;

  // Limit, with a filter and a per-item callback.
  std::atomic<int> per_item{0};
  auto limited = client.collect_messages({.channel_id = ch,
                                          .filter = [](const fluxer::Message& m) { return m.content.starts_with("yes"); },
                                          .max = 2,
                                          .on_collect = [&](const fluxer::Message&) { per_item.fetch_add(1); }});
  // Idle: nothing for 300 ms.
  auto idle = client.collect_messages({.channel_id = emu.demo.commands_channel_id, .idle = 300ms});
  // Time.
  auto timed = client.collect_messages({.channel_id = ch, .time = 500ms});
  // Stopped by hand.
  auto stopped = client.collect_messages({.channel_id = ch});
  for (const char* text : {"no", "yes 1", "maybe", "yes 2", "yes 3"}) {
    ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, ch, text).ok());
  }
  auto r1 = limited.result();
  ASSERT_TRUE(r1.wait_for(kDeadline));
  auto got = r1.get();
  EXPECT_EQ(got.reason, CollectorEnd::Limit);
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].content, "yes 1");
  EXPECT_EQ(got.items[1].content, "yes 2");
  EXPECT_EQ(per_item.load(), 2);

  auto r2 = idle.result();
  ASSERT_TRUE(r2.wait_for(kDeadline));
  EXPECT_EQ(r2.get().reason, CollectorEnd::Idle);
  auto r3 = timed.result();
  ASSERT_TRUE(r3.wait_for(kDeadline));
  auto timed_got = r3.get();
  EXPECT_EQ(timed_got.reason, CollectorEnd::Time);
  EXPECT_EQ(timed_got.items.size(), 5u);

  ASSERT_TRUE(eventually([&] { return stopped.collected() == 5; }));
  stopped.stop();
  auto r4 = stopped.result();
  ASSERT_TRUE(r4.wait_for(kDeadline));
  EXPECT_EQ(r4.get().reason, CollectorEnd::Stopped);

  // Reactions on one message.
  auto target = emu.server->send_message(emu.demo.human_id, ch, "react here");
  ASSERT_TRUE(target.ok());
  auto reactions = client.collect_reactions({.message_id = target->id, .max = 2});
  ASSERT_TRUE(emu.server->add_reaction(emu.demo.human_id, ch, target->id, "👍").ok());
  ASSERT_TRUE(emu.server->add_reaction(emu.demo.human_id, ch, target->id, "🎉").ok());
  auto r5 = reactions.result();
  ASSERT_TRUE(r5.wait_for(kDeadline));
  auto reacted = r5.get();
  EXPECT_EQ(reacted.reason, CollectorEnd::Limit);
  ASSERT_EQ(reacted.items.size(), 2u);
  EXPECT_EQ(reacted.items[0].emoji.name, "👍");

  // Destroyed while running.
  auto pending = client.collect_messages({.channel_id = ch, .time = 1h});
  client.destroy();
  auto r6 = pending.result();
  ASSERT_TRUE(r6.wait_for(kDeadline));
  EXPECT_EQ(r6.get().reason, CollectorEnd::ClientDestroyed);
}

TEST_P(ClientTest, IgnoredEventsWarnOnceAndIntentsAreAccepted) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.ignored_events = {"typing_start"};
  options.intents = 513;
  Client client(options);
  client.on(events::TYPING_START, [](const RawEvent&) {});
  client.on_typing_start([](const TypingStart&) {});
  EXPECT_EQ(lines.count("TYPING_START, which `ignored_events`"), 1u) << lines.all();
  EXPECT_EQ(lines.count("intents"), 1u);
}

TEST_P(ClientTest, TheCacheEqualsTheWorldAfterABurstOfMutations) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.cache.messages = 10'000;
  // The bot renames channels, creates roles and asks for the full member list ([A] wants
  // MANAGE_ROLES + KICK + BAN for that): make it an administrator.
  emu.server->with_world([&](World& w) {
    const auto admin = w.add_role(emu.demo.guild_id, "Admins", permission::kAdministrator).id;
    w.add_member(emu.demo.guild_id, emu.demo.bot_user_id).roles.push_back(admin);
  });
  Client client(options);
  Latch ready;
  client.on_ready([&](const ClientReady&) { ready.open(); });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait());
  const auto guild = emu.demo.guild_id;
  // The full member list first (GUILD_CREATE carries only the bot's own member).
  RequestGuildMembers request;
  request.guild_id = guild;
  request.limit = 0;
  auto members = client.request_guild_members(request).result();
  ASSERT_TRUE(members.ok()) << members.error().to_string();

  // 1,000 mutations, through the emulator (as humans) and through the bot's REST calls.
  std::vector<Snowflake> humans;
  int mutations = 0;
  std::vector<Snowflake> channels{emu.demo.general_channel_id};
  for (int i = 0; mutations < 1000; ++i) {
    switch (i % 8) {
      case 0: {
        auto u = emu.server->create_user("user" + std::to_string(i));
        ASSERT_TRUE(emu.server->join_guild(guild, u.id).ok());
        humans.push_back(u.id);
        break;
      }
      case 1:
        if (humans.size() > 3) {
          ASSERT_TRUE(emu.server->leave_guild(guild, humans.front()).ok());
          humans.erase(humans.begin());
        }
        break;
      case 2: {
        auto c = emu.server->create_channel(guild, ChannelType::GuildText, "c" + std::to_string(i));
        ASSERT_TRUE(c.ok());
        channels.push_back(c->id);
        break;
      }
      case 3: {
        ModifyChannel body;
        body.name = "renamed-" + std::to_string(i);
        ASSERT_TRUE(client.rest().modify_channel(channels.back(), body).result().ok());
        break;
      }
      case 4: {
        CreateRole body;
        body.name = "role" + std::to_string(i);
        ASSERT_TRUE(client.rest().create_role(guild, body).result().ok());
        break;
      }
      case 5: {
        auto m = emu.server->send_message(emu.demo.human_id, channels[static_cast<std::size_t>(i) % channels.size()],
                                          "hello " + std::to_string(i));
        ASSERT_TRUE(m.ok());
        break;
      }
      case 6:
        if (!humans.empty()) {
          ModifyMember body;
          body.nick = "nick" + std::to_string(i);
          ASSERT_TRUE(client.rest().modify_member(guild, humans.back(), body).result().ok());
        }
        break;
      case 7:
        if (channels.size() > 4) {
          ASSERT_TRUE(client.rest().delete_channel(channels[1]).result().ok());
          channels.erase(channels.begin() + 1);
        }
        break;
    }
    ++mutations;
  }
  // A sentinel: once the bot saw it, every earlier event of the shard was applied.
  Latch sentinel;
  client.on_message_create([&](const MessageCreate& e) {
    if (e.message.content == "sentinel") sentinel.open();
  });
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "sentinel").ok());
  ASSERT_TRUE(sentinel.wait());

  emu.server->with_world([&](World& w) {
    // Channels the bot can see, with their names.
    std::set<std::pair<Snowflake, std::string>> world_channels, cached_channels;
    for (const auto* c : w.guild_channels(guild)) {
      if (w.can_view_channel(c->id, emu.demo.bot_user_id)) world_channels.emplace(c->id, c->name.value_or(""));
    }
    for (const auto& c : client.channels().in_guild(guild)) cached_channels.emplace(c.id, c.name.value_or(""));
    EXPECT_EQ(cached_channels, world_channels);
    // Roles.
    std::set<std::pair<Snowflake, std::string>> world_roles, cached_roles;
    for (const auto* r : w.guild_roles(guild)) world_roles.emplace(r->id, r->name);
    for (const auto& r : client.roles().in_guild(guild)) cached_roles.emplace(r.id, r.name);
    EXPECT_EQ(cached_roles, world_roles);
    // Members and their nicknames.
    std::set<std::pair<Snowflake, std::string>> world_members, cached_members;
    for (const auto& [id, m] : w.members(guild)) world_members.emplace(id, m.nick.value_or(""));
    for (const auto& m : client.members().in_guild(guild)) {
      cached_members.emplace(m.user_id(), m.nick.value_or(""));
    }
    EXPECT_EQ(cached_members, world_members);
    // Messages of the general channel (the message cache is on).
    std::set<std::pair<Snowflake, std::string>> world_messages, cached_messages;
    for (const auto& [id, m] : w.messages(emu.demo.general_channel_id)) world_messages.emplace(id, m.content);
    for (const auto& m : client.cache().messages(emu.demo.general_channel_id)) {
      cached_messages.emplace(m.id, m.content);
    }
    EXPECT_EQ(cached_messages, world_messages);
  });
  client.destroy();
}

TEST_P(ClientTest, CacheLimitsEvictTheOldestFirstEndToEnd) {
  Emu emu{server_options()};
  auto options = client_options(emu);
  options.cache.messages = 3;
  options.cache.members = 3;
  Client client(options);
  Latch ready;
  std::atomic<int> messages{0}, joins{0};
  client.on_ready([&](const ClientReady&) { ready.open(); });
  client.on_message_create([&](const MessageCreate&) { messages.fetch_add(1); });
  client.on_guild_member_add([&](const GuildMemberAdd&) { joins.fetch_add(1); });
  auto running = client.start(emu.demo.bot_token);
  ASSERT_TRUE(ready.wait());
  const auto guild = emu.demo.guild_id;
  ASSERT_TRUE(eventually([&] { return client.guilds().get(guild).has_value(); }));

  // Messages: five sent, the last three kept, oldest first.
  std::vector<Snowflake> sent;
  for (int i = 1; i <= 5; ++i) {
    auto m = emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "m" + std::to_string(i));
    ASSERT_TRUE(m.ok());
    sent.push_back(m->id);
  }
  ASSERT_TRUE(eventually([&] { return messages.load() == 5; }));  // handlers run after the cache
  std::vector<Snowflake> kept;
  for (const auto& m : client.cache().messages(emu.demo.general_channel_id)) kept.push_back(m.id);
  EXPECT_EQ(kept, (std::vector<Snowflake>{sent[2], sent[3], sent[4]}));
  EXPECT_FALSE(client.cache().message(emu.demo.general_channel_id, sent[1]).has_value());

  // Members (of all guilds together): whatever the burst cached goes first, then the oldest
  // of four joins; three remain.
  std::vector<Snowflake> users;
  for (int i = 0; i < 4; ++i) {
    auto u = emu.server->create_user("joiner" + std::to_string(i));
    ASSERT_TRUE(emu.server->join_guild(guild, u.id).ok());
    users.push_back(u.id);
  }
  ASSERT_TRUE(eventually([&] { return joins.load() == 4; }));
  std::set<Snowflake> cached;
  for (const auto& g : client.guilds().ids())
    for (const auto& m : client.members().in_guild(g)) cached.insert(m.user_id());
  EXPECT_EQ(cached, (std::set<Snowflake>{users[1], users[2], users[3]}));
  EXPECT_FALSE(client.members().get(guild, users[0]).has_value());
  EXPECT_GE(client.cache().stats().members.evicted, 2U);
  client.destroy();
}

TEST_P(ClientTest, TwoClientsInOneProcessShareNothing) {
  Emu emu{server_options()};
  // A second bot in the same guild.
  const auto second_token = emu.server->query([&](World& w) {
    auto& app = w.add_bot("second");
    w.add_member(emu.demo.guild_id, app.bot_user_id);
    return app.token();
  });
  Lines other_lines;
  auto o1 = client_options(emu);
  auto o2 = client_options(emu);
  o2.log_sink = other_lines.sink();
  Client a(o1), b(o2);
  Latch ready_a, ready_b;
  std::atomic<int> seen_a{0}, seen_b{0};
  a.on_ready([&](const ClientReady&) { ready_a.open(); });
  b.on_ready([&](const ClientReady&) { ready_b.open(); });
  a.on_message_create([&](const MessageCreate&) { seen_a.fetch_add(1); });
  b.on_message_create([&](const MessageCreate&) { seen_b.fetch_add(1); });
  auto ra = a.start(emu.demo.bot_token);
  auto rb = b.start(second_token);
  ASSERT_TRUE(ready_a.wait());
  ASSERT_TRUE(ready_b.wait());
  EXPECT_NE(a.user()->id, b.user()->id);
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "both").ok());
  ASSERT_TRUE(eventually([&] { return seen_a.load() == 1 && seen_b.load() == 1; }));
  // Destroying one leaves the other running and its cache intact.
  a.destroy();
  EXPECT_TRUE(ra.result().ok());
  ASSERT_TRUE(emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "only b").ok());
  ASSERT_TRUE(eventually([&] { return seen_b.load() == 2; }));
  EXPECT_EQ(seen_a.load(), 1);
  EXPECT_TRUE(b.is_ready());
  EXPECT_TRUE(b.guilds().get(emu.demo.guild_id).has_value());
  // Each logger knows only its own token.
  EXPECT_EQ(other_lines.count(emu.demo.bot_token), 0u);
  b.destroy();
}

}  // namespace
}  // namespace fluxer::emulator::test
