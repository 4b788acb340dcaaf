// The Rest client and the threads of its users: blocking in `get()` inside a callback on a
// one-thread pool, destruction with calls pending, and that no callback runs after the
// destructor returns.

#include <atomic>
#include <future>
#include <memory>

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
using namespace std::chrono_literals;

std::shared_ptr<Logger> quiet() {
  return std::make_shared<Logger>([](LogLevel, std::string_view) {}, LogLevel::Off);
}

TEST(RestThreading, BlockingGetInsideACallbackOnAOneThreadPool) {
  RestEmu emu{rest_options(ProtocolMode::B)};
  auto pool = std::make_shared<ThreadPool>(1);
  Rest rest(emu.rest_options(), pool, quiet());
  std::promise<std::string> done;
  // A handler running on the pool's only thread blocks on REST calls: the completions must
  // not need that thread.
  pool->post([&] {
    try {
      const auto me = rest.get_current_user().get();
      const auto posted = rest.create_message(emu.demo.general_channel_id, {.content = "from a handler"}).get();
      // A paginator chains its pages without the pool too.
      const auto pages = rest.paginate_members(emu.demo.guild_id, {.max_items = 10, .page_size = 1}).collect().get();
      done.set_value(me.username + "/" + posted.content + "/" + std::to_string(pages.size()));
    } catch (const std::exception& e) {
      done.set_value(std::string("threw: ") + e.what());
    }
  });
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(kWait), std::future_status::ready) << "deadlock: the pool's only thread waits for itself";
  EXPECT_EQ(f.get(), "EmulatorBot/from a handler/4");
}

TEST(RestThreading, TwoHandlersBlockingOnAPoolOfTwo) {
  RestEmu emu{rest_options(ProtocolMode::A)};
  auto pool = std::make_shared<ThreadPool>(2);
  Rest rest(emu.rest_options(), pool, quiet());
  emu.server->delay_route({"GET", "/users/@me"}, 100ms);
  std::atomic<int> finished{0};
  std::promise<void> all;
  for (int i = 0; i < 2; ++i) {
    pool->post([&] {
      // Both pool threads block at once (each call is held 100 ms by the server).
      if (rest.get_current_user().result().ok() && rest.get_gateway_bot().result().ok() && ++finished == 2)
        all.set_value();
    });
  }
  ASSERT_EQ(all.get_future().wait_for(kWait), std::future_status::ready);
}

TEST(RestThreading, DestroyingAStandaloneClientCancelsAndRunsTheCallbacksFirst) {
  RestEmu emu{rest_options(ProtocolMode::B)};
  emu.server->delay_route({"GET", "/gateway/bot"}, 5s);
  std::atomic<int> callbacks{0};
  std::vector<Future<GatewayBotInfo>> futures;
  {
    Rest rest(emu.rest_options());
    for (int i = 0; i < 3; ++i) {
      rest.get_gateway_bot([&](Result<GatewayBotInfo> r) {
        EXPECT_FALSE(r.ok());
        EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
        ++callbacks;
      });
      futures.push_back(rest.get_gateway_bot());
    }
    // Make sure at least one is on the wire before the destructor runs.
    ASSERT_TRUE(
        emu.server->wait_for_request([](const RequestLogEntry& e) { return e.path == "/v1/gateway/bot"; }, kWait));
  }
  EXPECT_EQ(callbacks.load(), 3);  // all ran before the destructor returned
  for (auto& f : futures) {
    ASSERT_TRUE(f.ready());
    auto r = f.result();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
  }
}

TEST(RestThreading, NoCallbackRunsAfterTheDestructorReturns) {
  RestEmu emu{rest_options(ProtocolMode::B)};
  emu.server->delay_route({"GET", "/gateway/bot"}, 5s);
  auto pool = std::make_shared<ThreadPool>(1);
  std::atomic<bool> destroyed{false};
  std::atomic<int> late{0};
  std::promise<void> release;
  {
    Rest rest(emu.rest_options(), pool, quiet());
    // Keep the pool's only thread busy: the completions will queue up behind this task.
    pool->post([gate = release.get_future().share()] { gate.wait(); });
    for (int i = 0; i < 5; ++i)
      rest.get_gateway_bot([&](Result<GatewayBotInfo>) {
        if (destroyed) ++late;
      });
  }  // cancels the calls; their callbacks are queued behind the gate
  destroyed = true;
  release.set_value();
  std::promise<void> drained;
  pool->post([&] { drained.set_value(); });
  ASSERT_EQ(drained.get_future().wait_for(kWait), std::future_status::ready);
  EXPECT_EQ(late.load(), 0);
}

TEST(RestThreading, DestroyingTheClientFromItsOwnCallbackDoesNotHang) {
  RestEmu emu{rest_options(ProtocolMode::B)};
  auto pool = std::make_shared<ThreadPool>(1);
  auto rest = std::make_shared<Rest>(emu.rest_options(), pool, quiet());
  std::promise<void> done;
  rest->get_current_user([&](Result<CurrentUser>) {
    rest.reset();  // the last owner: the destructor runs on the pool's thread, inside this callback
    done.set_value();
  });
  ASSERT_EQ(done.get_future().wait_for(kWait), std::future_status::ready);
}

}  // namespace
}  // namespace fluxer::emulator::test
