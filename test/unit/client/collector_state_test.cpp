#include "client/collector_state.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "client/timer_queue.hpp"

namespace {

using fluxer::Collected;
using fluxer::CollectorEnd;
using fluxer::Promise;
using fluxer::client_detail::CollectorState;
using namespace std::chrono_literals;
using State = CollectorState<int>;
const auto t0 = State::Clock::time_point{} + 1h;

std::shared_ptr<State> make(State::Limits limits, std::function<bool(const int&)> filter,
                            std::function<void(const int&)> on_collect, fluxer::Future<Collected<int>>& out) {
  Promise<Collected<int>> p;
  out = p.get_future();
  return std::make_shared<State>(limits, std::move(filter), std::move(on_collect), std::move(p), t0);
}

TEST(CollectorState, EndsAtMaxAfterDeliveringTheLastItem) {
  fluxer::Future<Collected<int>> f;
  std::vector<int> seen;
  int ended = 0;
  auto s = make(
      {.max = 2}, [](const int& x) { return x % 2 == 0; }, [&](const int& x) { seen.push_back(x); }, f);
  s->set_on_end([&] { ++ended; });
  EXPECT_FALSE(s->offer(1, t0));
  EXPECT_TRUE(s->offer(2, t0));
  EXPECT_TRUE(s->offer(4, t0));
  EXPECT_FALSE(s->offer(6, t0));
  ASSERT_TRUE(f.ready());
  auto r = f.get();
  EXPECT_EQ(r.items, (std::vector<int>{2, 4}));
  EXPECT_EQ(r.reason, CollectorEnd::Limit);
  EXPECT_EQ(seen, (std::vector<int>{2, 4}));
  EXPECT_EQ(ended, 1);
  EXPECT_TRUE(s->ended());
  EXPECT_FALSE(s->end(CollectorEnd::Stopped));
}

TEST(CollectorState, TimeAndIdleLimits) {
  fluxer::Future<Collected<int>> f;
  auto s = make({.time = 10s, .idle = 3s}, {}, {}, f);
  EXPECT_EQ(s->next_deadline(), t0 + 3s);
  EXPECT_TRUE(s->offer(1, t0 + 2s));
  EXPECT_EQ(s->next_deadline(), t0 + 5s);
  EXPECT_FALSE(s->expire(t0 + 4s));
  EXPECT_TRUE(s->expire(t0 + 5s));
  auto r = f.get();
  EXPECT_EQ(r.reason, CollectorEnd::Idle);
  EXPECT_EQ(r.items.size(), 1u);

  fluxer::Future<Collected<int>> g;
  auto t = make({.time = 10s, .idle = 30s}, {}, {}, g);
  EXPECT_EQ(t->next_deadline(), t0 + 10s);
  EXPECT_FALSE(t->offer(1, t0 + 11s));  // the deadline passed before the timer fired
  EXPECT_TRUE(t->expire(t0 + 11s));
  EXPECT_EQ(g.get().reason, CollectorEnd::Time);
  EXPECT_EQ(t->next_deadline(), std::nullopt);
}

TEST(CollectorState, StopAndConcurrentOffersCollectEachItemOnceUpToMax) {
  fluxer::Future<Collected<int>> f;
  std::atomic<int> delivered{0};
  auto s = make(
      {.max = 1000}, {}, [&](const int&) { delivered.fetch_add(1); }, f);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 400; ++i) s->offer(t * 1000 + i, t0);
    });
  }
  for (auto& th : threads) th.join();
  auto r = f.get();
  EXPECT_EQ(r.items.size(), 1000u);
  EXPECT_EQ(delivered.load(), 1000);
  EXPECT_EQ(r.reason, CollectorEnd::Limit);

  fluxer::Future<Collected<int>> g;
  auto u = make({}, {}, {}, g);
  EXPECT_EQ(u->next_deadline(), std::nullopt);
  u->offer(7, t0);
  u->stop();
  auto ru = g.get();
  EXPECT_EQ(ru.reason, CollectorEnd::Stopped);
  EXPECT_EQ(ru.items, std::vector<int>{7});
}

TEST(TimerQueue, RunsTasksInTimeOrderAndHonoursCancel) {
  fluxer::client_detail::TimerQueue q;
  std::mutex m;
  std::condition_variable cv;
  std::vector<int> order;
  const auto now = std::chrono::steady_clock::now();
  q.schedule(now + 30ms, [&] {
    std::lock_guard l(m);
    order.push_back(2);
    cv.notify_all();
  });
  auto cancelled = q.schedule(now + 10ms, [&] {
    std::lock_guard l(m);
    order.push_back(99);
  });
  q.schedule(now + 1ms, [&] {
    std::lock_guard l(m);
    order.push_back(1);
  });
  EXPECT_TRUE(q.cancel(cancelled));
  std::unique_lock l(m);
  ASSERT_TRUE(cv.wait_for(l, 5s, [&] { return order.size() == 2; }));
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  l.unlock();
  q.shutdown();
  EXPECT_EQ(q.schedule(now, [] {}), 0u);
  q.shutdown();  // idempotent
}

}  // namespace
