// The Gateway against the emulator: connecting in every variant, sharding (one process
// and split across two), commands (raw payloads, presence, op 8 with its future, op 14,
// op 15), latency, identify pacing, ignored events, redaction, and stop() semantics.

#include <atomic>
#include <set>
#include <thread>

#include "gateway_support.hpp"

namespace fluxer::gateway::test {
namespace {

class GatewayVariants : public ::testing::TestWithParam<Variant> {};

TEST_P(GatewayVariants, ConnectsReceivesTheBurstAndMessages) {
  Emu emu(emulator_options(GetParam().mode));
  Bot bot(gateway_options(emu, GetParam().compression));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  auto events = bot.events();
  EXPECT_EQ(events[0].kind, ShardEvent::Kind::Ready);
  EXPECT_FALSE(events[0].session_id.empty());
  // READY first, then the guild burst.
  ASSERT_TRUE(bot.wait([&] {
    for (const auto& s : bot.seen())
      if (s.name == "GUILD_CREATE" && s.typed && s.raw.find("\"properties\"") != std::string::npos) return true;
    return false;
  }));
  auto seen = bot.seen();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen[0].name, "READY");
  EXPECT_EQ(seen[0].seq, 1);
  send_numbered(emu, "hello ", 1, 3);
  ASSERT_TRUE(bot.wait_content("hello 3"));
  EXPECT_EQ(bot.contents("hello "), numbered("hello ", 1, 3));
  // Sequence numbers are strictly increasing.
  seen = bot.seen();
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i].seq, seen[i - 1].seq);
  auto st = bot.gateway().status(0);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->state, ShardState::Ready);
  EXPECT_EQ(st->seq, seen.back().seq);
  EXPECT_EQ(st->compressed, GetParam().compression == Compression::ZstdStream);
  EXPECT_EQ(st->zstd_mode, expected_zstd_mode(GetParam())) << "zstd mode " << to_string(st->zstd_mode);
  auto conns = emu.server->connections();
  ASSERT_EQ(conns.size(), 1U);
  EXPECT_EQ(conns[0].compressed, GetParam().compression == Compression::ZstdStream);
  EXPECT_EQ(conns[0].session_id, st->session_id);
}

TEST_P(GatewayVariants, HeartbeatLatencyIsMeasured) {
  Emu emu(emulator_options(GetParam().mode, 300ms));
  Bot bot(gateway_options(emu, GetParam().compression));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait([&] { return bot.gateway().latency(0).has_value(); }, 5s));
  EXPECT_GE(*bot.gateway().latency(0), std::chrono::microseconds{0});
  EXPECT_LT(*bot.gateway().latency(0), std::chrono::microseconds{2'000'000});
  EXPECT_FALSE(bot.gateway().latency(5).has_value());
}

TEST_P(GatewayVariants, CommandsReachTheServer) {
  Emu emu(emulator_options(GetParam().mode));
  Bot bot(gateway_options(emu, GetParam().compression));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  // Presence (op 3), a raw payload on the shard and on the whole gateway, Lazy Request (op 14).
  UpdatePresence presence;
  presence.status = PresenceStatus::Dnd;
  EXPECT_TRUE(bot.gateway().update_presence(presence).ok());
  EXPECT_TRUE(bot.gateway().send_to_shard(0, R"({"op":3,"d":{"status":"idle","afk":false,"mobile":false}})").ok());
  EXPECT_TRUE(bot.gateway().send_to_gateway(R"({"op":3,"d":{"status":"online","afk":false,"mobile":false}})").ok());
  LazyRequest lazy;
  GuildSubscription sub;
  sub.guild_id = emu.demo.guild_id;
  sub.typing = true;
  lazy.subscriptions.push_back(sub);
  EXPECT_TRUE(bot.gateway().lazy_request(lazy).ok());
  // Member request by query: completes with alice.
  RequestGuildMembers req;
  req.guild_id = emu.demo.guild_id;
  req.query = "ali";
  req.limit = 10;
  auto members = bot.gateway().request_guild_members(req);
  ASSERT_TRUE(members.wait_for(10s));
  auto result = members.result();
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  ASSERT_EQ(result->members.size(), 1U);
  ASSERT_TRUE(result->members[0].user.has_value());
  EXPECT_EQ(result->members[0].user->id, emu.demo.human_id);
  EXPECT_EQ(result->guild_id, emu.demo.guild_id);
  // The chunk also reached the handlers.
  EXPECT_TRUE(bot.wait([&] {
    for (const auto& s : bot.seen())
      if (s.name == "GUILD_MEMBERS_CHUNK") return true;
    return false;
  }));
  // Nothing above broke the connection (a bad payload would have closed it 4001/4002).
  send_numbered(emu, "after ", 1, 2);
  ASSERT_TRUE(bot.wait_content("after 2"));
  EXPECT_EQ(bot.gateway().status(0)->connects, 1U);
  EXPECT_EQ(bot.count(ShardEvent::Kind::Disconnected), 0U);
}

TEST_P(GatewayVariants, BadCommandsAreRefusedBeforeSending) {
  Emu emu(emulator_options(GetParam().mode));
  Bot bot(gateway_options(emu, GetParam().compression));
  // Not started yet.
  EXPECT_EQ(bot.gateway().send_to_shard(0, R"({"op":1,"d":null})").error().kind, ErrorKind::ClientNotReady);
  ASSERT_TRUE(bot.gateway().start().ok());
  EXPECT_EQ(bot.gateway().start().error().code, "ALREADY_STARTED");
  EXPECT_EQ(bot.gateway().send_to_shard(3, R"({"op":1,"d":null})").error().kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(bot.gateway().send_to_shard(0, std::string(5000, ' ')).error().kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(bot.gateway().send_to_shard(0, "").error().kind, ErrorKind::InvalidArgument);
  RequestGuildMembers req;
  req.guild_id = emu.demo.guild_id;
  req.nonce = std::string(40, 'n');
  auto f = bot.gateway().request_guild_members(req);
  ASSERT_TRUE(f.wait_for(5s));
  EXPECT_EQ(f.result().error().kind, ErrorKind::InvalidArgument);
  bot.gateway().stop();
  EXPECT_EQ(bot.gateway().send_to_shard(0, R"({"op":1,"d":null})").error().kind, ErrorKind::ClientNotReady);
  auto late = bot.gateway().request_guild_members(RequestGuildMembers{});
  ASSERT_TRUE(late.wait_for(5s));
  EXPECT_FALSE(late.result().ok());
}

/// Log lines of `bot` that report a skipped field of `event` named `field`.
std::size_t skipped_field_lines(Bot& bot, const std::string& event, const std::string& field) {
  std::size_t n = 0;
  for (const auto& l : bot.log_lines())
    if (l.find("skipped a field") != std::string::npos && l.find(": " + event + ":") != std::string::npos &&
        l.find(field + ":") != std::string::npos)
      ++n;
  return n;
}

TEST_P(GatewayVariants, AMistypedFieldIsLoggedOncePerEventAndFieldAndTheEventStillArrives) {
  Emu emu(emulator_options(GetParam().mode));
  Bot bot(gateway_options(emu, GetParam().compression));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  // A dispatch of the fast path: a MESSAGE_CREATE whose `pinned` is not a boolean, twice.
  for (int i = 1; i <= 2; ++i) {
    const std::string d = R"({"id":")" + std::to_string(900000 + i) + R"(","channel_id":")" +
                          emu.demo.general_channel_id.str() + R"(","author":{"id":")" + emu.demo.human_id.str() +
                          R"(","username":"alice","discriminator":"0001"},"content":"lenient )" + std::to_string(i) +
                          R"(","timestamp":"2026-01-08T12:00:00.000Z","type":0,"pinned":"yes"})";
    ASSERT_EQ(emu.server->send_unknown_event("MESSAGE_CREATE", d), 1U);
  }
  ASSERT_TRUE(bot.wait_content("lenient 2"));
  EXPECT_EQ(skipped_field_lines(bot, "MESSAGE_CREATE", "pinned"), 1U);
  // READY (decoded on the slow path): `country_code` not a string, twice, same session.
  const auto session_id = bot.gateway().status(0)->session_id;
  const std::string ready = R"({"session_id":")" + session_id + R"(","version":1,"user":{"id":")" +
                            emu.demo.bot_user_id.str() +
                            R"(","username":"bot","discriminator":"0000","bot":true},"guilds":[],"country_code":5})";
  for (int i = 0; i < 2; ++i) ASSERT_EQ(emu.server->send_unknown_event("READY", ready), 1U);
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 3));
  ASSERT_TRUE(bot.wait([&] {
    std::size_t n = 0;
    for (const auto& s : bot.seen())
      if (s.name == "READY") ++n;
    return n == 3;
  }));
  EXPECT_EQ(skipped_field_lines(bot, "READY", "country_code"), 1U);
  for (const auto& s : bot.seen()) {
    if (s.name == "READY" || s.content.rfind("lenient", 0) == 0) {
      EXPECT_TRUE(s.typed) << s.name << " " << s.raw;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, GatewayVariants, ::testing::ValuesIn(all_variants()),
                         [](const auto& info) { return variant_name(info.param); });

// ---------------------------------------------------------------- [B] only

TEST(GatewayB, FullMemberListThenRateLimited) {
  Emu emu(emulator_options(ProtocolMode::B));
  Bot bot(gateway_options(emu));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  RequestGuildMembers all;
  all.guild_id = emu.demo.guild_id;
  auto first = bot.gateway().request_guild_members(all);
  ASSERT_TRUE(first.wait_for(10s));
  auto r1 = first.result();
  ASSERT_TRUE(r1.ok()) << r1.error().to_string();
  EXPECT_EQ(r1->members.size(), 2U);  // alice and the bot
  auto second = bot.gateway().request_guild_members(all);
  ASSERT_TRUE(second.wait_for(10s));
  auto r2 = second.result();
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().kind, ErrorKind::RateLimit);
  EXPECT_EQ(r2.error().code, "RATE_LIMITED");
  ASSERT_TRUE(r2.error().retry_after.has_value());
  EXPECT_GT(*r2.error().retry_after, 20s);
}

TEST(GatewayB, MemberChunksOfManyMembersAreCollected) {
  Emu emu(emulator_options(ProtocolMode::B));
  emu.server->with_world([&](emulator::World& w) {
    for (int i = 0; i < 2'500; ++i) w.add_member(emu.demo.guild_id, w.add_user("member" + std::to_string(i)).id);
  });
  auto o = gateway_options(emu);
  o.member_request_timeout = 60s;  // three 1,000-member chunks take long under sanitizers
  Bot bot(o, LogLevel::Info);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  RequestGuildMembers all;
  all.guild_id = emu.demo.guild_id;
  all.nonce = "everyone";
  auto f = bot.gateway().request_guild_members(all);
  ASSERT_TRUE(f.wait_for(60s));
  auto r = f.result();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->members.size(), 2'502U);
  EXPECT_EQ(r->nonce, "everyone");
  std::set<Snowflake> ids;
  for (const auto& m : r->members) ids.insert(m.user->id);
  EXPECT_EQ(ids.size(), 2'502U);
}

TEST(GatewayB, GuildCountsArrive) {
  Emu emu(emulator_options(ProtocolMode::B));
  Bot bot(gateway_options(emu));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  RequestGuildCounts counts;
  counts.guild_ids = {emu.demo.guild_id};
  counts.nonce = "n1";
  ASSERT_TRUE(bot.gateway().request_guild_counts(counts).ok());
  ASSERT_TRUE(bot.wait([&] {
    for (const auto& s : bot.seen())
      if (s.name == "GUILD_COUNTS_UPDATE" && s.typed) return true;
    return false;
  }));
}

TEST(GatewayB, IgnoredEventsAreNotSent) {
  Emu emu(emulator_options(ProtocolMode::B));
  auto o = gateway_options(emu);
  o.ignored_events = {"TYPING_START"};
  Bot bot(o);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  ASSERT_TRUE(emu.server->start_typing(emu.demo.human_id, emu.demo.general_channel_id).ok());
  send_numbered(emu, "t", 1, 1);
  ASSERT_TRUE(bot.wait_content("t1"));
  for (const auto& s : bot.seen()) EXPECT_NE(s.name, "TYPING_START");
}

TEST(GatewayB, TwoShardsInOneProcess) {
  Emu emu(emulator_options(ProtocolMode::B));
  auto o = gateway_options(emu);
  o.shard_count = 2;
  Bot bot(o);
  ASSERT_TRUE(bot.gateway().start().ok());
  EXPECT_EQ(bot.gateway().shard_ids(), (std::vector<int>{0, 1}));
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 2));
  ASSERT_TRUE(emu.server->wait_for_connections(2, 5s));
  std::set<std::pair<int, int>> pairs;
  for (const auto& c : emu.server->connections()) {
    ASSERT_TRUE(c.shard.has_value());
    pairs.insert(*c.shard);
  }
  EXPECT_EQ(pairs, (std::set<std::pair<int, int>>{{0, 2}, {1, 2}}));
  const int home = shard_for_guild(emu.demo.guild_id, 2);
  send_numbered(emu, "s", 1, 5);
  ASSERT_TRUE(bot.wait_content("s5"));
  for (const auto& s : bot.seen()) {
    if (s.name == "MESSAGE_CREATE") {
      EXPECT_EQ(s.shard, home);
    }
  }
  EXPECT_EQ(bot.contents("s"), numbered("s", 1, 5));
  // A drop of one shard's socket does not disturb the other.
  const auto conns = emu.server->connections();
  for (const auto& c : conns)
    if (c.shard && c.shard->first == home) emu.server->drop_connection(c.id);
  send_numbered(emu, "s", 6, 10);
  ASSERT_TRUE(bot.wait_content("s10"));
  EXPECT_EQ(bot.contents("s"), numbered("s", 1, 10));
  EXPECT_EQ(bot.gateway().status(1 - home)->connects, 1U);
  EXPECT_EQ(bot.gateway().status(home)->connects, 2U);
}

TEST(GatewayB, OneBotSplitAcrossTwoProcesses) {
  Emu emu(emulator_options(ProtocolMode::B));
  auto o0 = gateway_options(emu);
  o0.shard_count = 2;
  o0.shard_ids = {0};
  auto o1 = o0;
  o1.shard_ids = {1};
  Bot a(o0), b(o1);
  ASSERT_TRUE(a.gateway().start().ok());
  ASSERT_TRUE(b.gateway().start().ok());
  ASSERT_TRUE(a.wait_events(ShardEvent::Kind::Ready, 1));
  ASSERT_TRUE(b.wait_events(ShardEvent::Kind::Ready, 1));
  EXPECT_EQ(a.gateway().shard_ids(), std::vector<int>{0});
  EXPECT_EQ(b.gateway().shard_ids(), std::vector<int>{1});
  const int home = shard_for_guild(emu.demo.guild_id, 2);
  Bot& owner = home == 0 ? a : b;
  Bot& other = home == 0 ? b : a;
  send_numbered(emu, "p", 1, 4);
  ASSERT_TRUE(owner.wait_content("p4"));
  EXPECT_TRUE(other.contents("p").empty());
  // A member request for the guild only works in the process that runs its shard.
  RequestGuildMembers req;
  req.guild_id = emu.demo.guild_id;
  req.query = "ali";
  auto wrong = other.gateway().request_guild_members(req);
  ASSERT_TRUE(wrong.wait_for(5s));
  EXPECT_EQ(wrong.result().error().kind, ErrorKind::InvalidArgument);
}

TEST(GatewayB, ShardingRequiredIsFatal) {
  auto options = emulator_options(ProtocolMode::B);
  options.max_guilds_per_shard = 0;
  Emu emu(options);
  Bot bot(gateway_options(emu));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Stopped, 1));
  auto ev = bot.events().back();
  ASSERT_TRUE(ev.error.has_value());
  EXPECT_EQ(ev.error->status, 4011);
  EXPECT_EQ(ev.error->code, "SHARDING_REQUIRED");
  EXPECT_EQ(bot.gateway().status(0)->connects, 1U);
}

// ---------------------------------------------------------------- identify pacing

/// An IdentifyQueue that records when grants were given.
class RecordingQueue final : public IdentifyQueue {
 public:
  explicit RecordingQueue(std::chrono::milliseconds interval) : inner_(interval) {}
  IdentifyGrant try_acquire(std::string_view bucket, int shard_id, std::chrono::milliseconds lease) override {
    auto g = inner_.try_acquire(bucket, shard_id, lease);
    std::lock_guard lock(mutex);
    if (g.granted) grants.emplace_back(shard_id, std::chrono::steady_clock::now());
    buckets.emplace(bucket);
    return g;
  }
  void release(std::uint64_t lease) override {
    inner_.release(lease);
    std::lock_guard lock(mutex);
    ++releases;
  }
  std::mutex mutex;
  std::vector<std::pair<int, std::chrono::steady_clock::time_point>> grants;
  std::set<std::string, std::less<>> buckets;
  int releases = 0;

 private:
  LocalIdentifyQueue inner_;
};

TEST(GatewayPacing, ACustomQueuePacesEveryShardAndSeesNoSecret) {
  Emu emu(emulator_options(ProtocolMode::B));
  auto queue = std::make_shared<RecordingQueue>(200ms);
  auto o = gateway_options(emu);
  o.shard_count = 3;
  o.identify_queue = queue;
  Bot bot(o);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 3, 10s));
  std::lock_guard lock(queue->mutex);
  ASSERT_EQ(queue->grants.size(), 3U);
  for (std::size_t i = 1; i < queue->grants.size(); ++i)
    EXPECT_GE(queue->grants[i].second - queue->grants[i - 1].second, 195ms);
  EXPECT_EQ(queue->releases, 3) << "each lease is released at READY";
  ASSERT_EQ(queue->buckets.size(), 1U);
  EXPECT_EQ(*queue->buckets.begin(), emu.demo.application_id.str());
}

TEST(GatewayPacing, TwoGatewaysOfOneTokenShareTheDefaultPacing) {
  // Two Gateways (as two Clients would make) running the same bot in one process, both with
  // the default queue: their Identify payloads are spaced by identify_interval between them.
  Emu emu(emulator_options(ProtocolMode::B));
  auto o = gateway_options(emu);
  o.identify_interval = 1500ms;
  Bot a(o), b(o);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(a.gateway().start().ok());
  ASSERT_TRUE(b.gateway().start().ok());
  ASSERT_TRUE(a.wait_events(ShardEvent::Kind::Ready, 1));
  ASSERT_TRUE(b.wait_events(ShardEvent::Kind::Ready, 1));
  // The second grant came an interval after the first, which came after t0.
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 1500ms);
  EXPECT_EQ(a.gateway().status(0)->identifies, 1U);
  EXPECT_EQ(b.gateway().status(0)->identifies, 1U);
}

// ---------------------------------------------------------------- lifecycle

TEST(GatewayLifecycle, NoHandlerRunsAfterStopReturns) {
  Emu emu(emulator_options(ProtocolMode::B, 200ms));
  Bot bot(gateway_options(emu));
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  std::atomic<bool> sending{true};
  std::thread sender([&] {
    int i = 0;
    while (sending)
      (void)emu.server->send_message(emu.demo.human_id, emu.demo.general_channel_id, "x" + std::to_string(++i));
  });
  ASSERT_TRUE(bot.wait_content("x20"));
  bot.gateway().stop();
  bot.mark_stopped();
  EXPECT_FALSE(bot.gateway().running());
  // Keep the server busy a little longer: nothing may reach the handlers now.
  send_numbered(emu, "late", 1, 20);
  sending = false;
  sender.join();
  EXPECT_FALSE(bot.late_callback());
  EXPECT_EQ(bot.events().back().kind, ShardEvent::Kind::Stopped);
  EXPECT_FALSE(bot.events().back().error.has_value());
  EXPECT_TRUE(emu.server->wait_for_connections_at_most(0, 5s, false)) << "the socket was closed";
  bot.gateway().stop();  // idempotent
}

TEST(GatewayLifecycle, StopFromInsideAHandlerReturnsAtOnce) {
  Emu emu(emulator_options(ProtocolMode::B));
  std::atomic<bool> stop_returned{false};
  auto bot = std::make_unique<Bot>(gateway_options(emu));
  Gateway* gw = &bot->gateway();
  bot->on_dispatch_hook = [&](const Dispatch& d) {
    if (d.name == "MESSAGE_CREATE") {
      gw->stop();  // on the loop thread: asks for the stop, does not wait for itself
      stop_returned = true;
    }
  };
  ASSERT_TRUE(bot->gateway().start().ok());
  ASSERT_TRUE(bot->wait_events(ShardEvent::Kind::Ready, 1));
  send_numbered(emu, "z", 1, 1);
  ASSERT_TRUE(bot->wait_events(ShardEvent::Kind::Stopped, 1));
  EXPECT_TRUE(stop_returned);
  bot.reset();  // joins the loop thread from here
}

TEST(GatewayLifecycle, StopWhileReconnectingAndPendingRequestsAreCancelled) {
  Emu emu(emulator_options(ProtocolMode::A));
  auto o = gateway_options(emu);
  o.reconnect = ReconnectPolicy{5s, 5s, 60s};
  Bot bot(o);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  // [A]: a full list without the permissions is silently not answered: it stays pending.
  RequestGuildMembers all;
  all.guild_id = emu.demo.guild_id;
  auto pending = bot.gateway().request_guild_members(all);
  emu.server->drop_connection();
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Disconnected, 1));
  const auto t0 = std::chrono::steady_clock::now();
  bot.gateway().stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s) << "stop() must not wait for the backoff";
  ASSERT_TRUE(pending.wait_for(5s));
  auto r = pending.result();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
}

TEST(GatewayLifecycle, DestructorStopsARunningGateway) {
  Emu emu(emulator_options(ProtocolMode::B));
  {
    Bot bot(gateway_options(emu));
    ASSERT_TRUE(bot.gateway().start().ok());
    ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  }
  EXPECT_TRUE(emu.server->wait_for_connections_at_most(0, 5s, false));
}

TEST(GatewayLifecycle, StartRefusesBadOptions) {
  Emu emu(emulator_options(ProtocolMode::B));
  auto check = [&](const std::function<void(GatewayOptions&)>& tweak, ErrorKind kind) {
    auto o = gateway_options(emu);
    tweak(o);
    Logger log([](LogLevel, std::string_view) {}, LogLevel::Off);
    Gateway g(o, {}, log);
    auto r = g.start();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, kind);
    EXPECT_FALSE(g.running());
  };
  check([](GatewayOptions& o) { o.token.clear(); }, ErrorKind::InvalidArgument);
  check([](GatewayOptions& o) { o.url = "https://example.com"; }, ErrorKind::InvalidArgument);
  check([](GatewayOptions& o) { o.url = "ws://192.0.2.1:9/gateway"; }, ErrorKind::InvalidArgument);
  check([](GatewayOptions& o) { o.shard_count = 0; }, ErrorKind::InvalidArgument);
  check([](GatewayOptions& o) { o.shard_ids = {0, 0}; }, ErrorKind::InvalidArgument);
  check(
      [](GatewayOptions& o) {
        o.shard_count = 2;
        o.shard_ids = {2};
      },
      ErrorKind::InvalidArgument);
}

TEST(GatewayLifecycle, PlainWsToAHostThatIsNotLoopbackNeedsTheOptIn) {
  Emu emu(emulator_options(ProtocolMode::B));
  auto o = gateway_options(emu);
  o.url = "ws://192.0.2.1:9/gateway";  // TEST-NET-1: never reached
  o.reconnect = ReconnectPolicy{10s, 10s, 60s};
  {
    Bot bot(o);
    auto r = bot.gateway().start();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
    EXPECT_EQ(r.error().code, "INSECURE_GATEWAY_URL");
    EXPECT_FALSE(bot.gateway().running());
    EXPECT_EQ(bot.gateway().status(0), std::nullopt) << "refused before any shard existed";
  }
  {
    o.allow_insecure_ws = true;
    Bot bot(o);
    auto r = bot.gateway().start();
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_TRUE(bot.wait([&] { return bot.gateway().status(0)->connects >= 1U; })) << "it tries to connect";
    bool warned = false;
    for (const auto& l : bot.log_lines())
      if (l.find("clear text") != std::string::npos) warned = true;
    EXPECT_TRUE(warned) << "the opt-in is logged";
    bot.gateway().stop();
  }
  // Loopback in any spelling needs no opt-in (the emulator listens on 127.0.0.1).
  {
    auto local = gateway_options(emu);
    ASSERT_EQ(local.url.rfind("ws://127.0.0.1:", 0), 0U);
    Bot bot(local);
    ASSERT_TRUE(bot.gateway().start().ok());
    ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  }
}

TEST(GatewayLifecycle, UnreachableServerKeepsRetryingWithBackoffUntilStopped) {
  // A port nobody listens on: every attempt fails; attempts are spaced by the backoff.
  Emu emu(emulator_options(ProtocolMode::B));
  auto o = gateway_options(emu);
  const auto port = emu.server->port();
  emu.server->stop();
  o.url = "ws://127.0.0.1:" + std::to_string(port) + "/gateway";
  o.reconnect = ReconnectPolicy{50ms, 400ms, 60s};
  Bot bot(o, LogLevel::Trace);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Disconnected, 4, 10s));
  auto ev = bot.events();
  for (const auto& e : ev) {
    EXPECT_EQ(e.kind, ShardEvent::Kind::Disconnected);
    EXPECT_LE(e.reconnect_in, 400ms);
  }
  // Failed sockets are released as they fail, not kept until the gateway stops.
  ASSERT_TRUE(bot.wait([&] {
    int released = 0;
    for (const auto& l : bot.log_lines())
      if (l.find("released") != std::string::npos) ++released;
    return released >= 3;
  }));
  bot.gateway().stop();
  EXPECT_EQ(bot.events().back().kind, ShardEvent::Kind::Stopped);
}

TEST(GatewayLifecycle, TokenIsRedactedAndBotPrefixAccepted) {
  Emu emu(emulator_options(ProtocolMode::B));
  auto o = gateway_options(emu);
  o.token = "Bot " + emu.demo.bot_token;
  Bot bot(o, LogLevel::Trace);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
  emu.server->drop_connection();
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Resumed, 1));
  const auto secret = emu.demo.bot_token.substr(emu.demo.bot_token.find('.') + 1);
  auto lines = bot.log_lines();
  EXPECT_FALSE(lines.empty());
  for (const auto& l : lines) EXPECT_EQ(l.find(secret), std::string::npos) << l;
}

}  // namespace
}  // namespace fluxer::gateway::test
