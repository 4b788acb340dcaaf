#include "client/handler_registry.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using fluxer::client_detail::HandlerRegistry;

fluxer::RawEvent make(std::string_view name, const fluxer::DispatchEvent& ev) {
  return fluxer::RawEvent(name, 0, 1, std::make_shared<const std::string>("{}"), &ev);
}

TEST(HandlerRegistry, RunsHandlersOfOneEventInRegistrationOrderWhateverTheirKind) {
  HandlerRegistry reg;
  std::vector<std::string> calls;
  reg.add("MESSAGE_CREATE", [&](const fluxer::RawEvent&) { calls.push_back("raw1"); });
  reg.add("", [&](const fluxer::RawEvent& e) { calls.push_back("all:" + std::string(e.name())); });
  reg.add("GUILD_CREATE", [&](const fluxer::RawEvent&) { calls.push_back("guild"); });
  reg.add("MESSAGE_CREATE", [&](const fluxer::RawEvent&) { calls.push_back("raw2"); });
  fluxer::DispatchEvent ev = fluxer::MessageCreate{};
  reg.dispatch(make("MESSAGE_CREATE", ev));
  EXPECT_EQ(calls, (std::vector<std::string>{"raw1", "all:MESSAGE_CREATE", "raw2"}));
  calls.clear();
  reg.dispatch(make("TYPING_START", ev));  // only the catch-all
  EXPECT_EQ(calls, (std::vector<std::string>{"all:TYPING_START"}));
}

TEST(HandlerRegistry, RemovedHandlersNoLongerRunAndIdsAreSingleUse) {
  HandlerRegistry reg;
  int a = 0, b = 0;
  auto ia = reg.add("X", [&](const fluxer::RawEvent&) { ++a; });
  reg.add("X", [&](const fluxer::RawEvent&) { ++b; });
  fluxer::DispatchEvent ev = fluxer::UnknownEvent{};
  reg.dispatch(make("X", ev));
  EXPECT_TRUE(reg.remove(ia));
  EXPECT_FALSE(reg.remove(ia));
  EXPECT_FALSE(reg.remove(12345));
  reg.dispatch(make("X", ev));
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
  EXPECT_TRUE(reg.has_handlers("X"));
  EXPECT_FALSE(reg.has_handlers("Y"));
}

TEST(HandlerRegistry, AThrowingHandlerIsReportedAndTheOthersStillRun) {
  std::vector<std::string> reported;
  HandlerRegistry reg([&](std::string_view name, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      reported.push_back(std::string(name) + ":" + e.what());
    }
  });
  int after = 0;
  reg.add("X", [](const fluxer::RawEvent&) { throw std::runtime_error("boom"); });
  reg.add("X", [&](const fluxer::RawEvent&) { ++after; });
  fluxer::DispatchEvent ev = fluxer::UnknownEvent{};
  reg.dispatch(make("X", ev));
  EXPECT_EQ(after, 1);
  EXPECT_EQ(reported, (std::vector<std::string>{"X:boom"}));
}

TEST(HandlerRegistry, AHandlerMayAddAndRemoveHandlersWhileRunning) {
  HandlerRegistry reg;
  int added_ran = 0;
  std::uint64_t self = 0;
  self = reg.add("X", [&](const fluxer::RawEvent&) {
    reg.remove(self);
    reg.add("X", [&](const fluxer::RawEvent&) { ++added_ran; });
  });
  fluxer::DispatchEvent ev = fluxer::UnknownEvent{};
  reg.dispatch(make("X", ev));  // the snapshot taken before: the new handler does not run yet
  EXPECT_EQ(added_ran, 0);
  reg.dispatch(make("X", ev));
  EXPECT_EQ(added_ran, 1);
}

TEST(HandlerRegistry, ConcurrentDispatchAndRegistration) {
  HandlerRegistry reg;
  std::atomic<int> runs{0};
  reg.add("X", [&](const fluxer::RawEvent&) { runs.fetch_add(1); });
  std::atomic<bool> done{false};
  std::thread registrar([&] {
    for (int i = 0; i < 500; ++i) {
      auto id = reg.add("X", [](const fluxer::RawEvent&) {});
      reg.remove(id);
    }
    done = true;
  });
  fluxer::DispatchEvent ev = fluxer::UnknownEvent{};
  int dispatched = 0;
  while (!done.load() || dispatched < 100) {
    reg.dispatch(make("X", ev));
    ++dispatched;
  }
  registrar.join();
  EXPECT_EQ(runs.load(), dispatched);
}

}  // namespace
