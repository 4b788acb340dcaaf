#include <fluxer/core/executor.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <mutex>
#include <vector>

using namespace fluxer;
using namespace std::chrono_literals;

TEST(ThreadPool, RunsEveryTaskAndDrainsOnShutdown) {
  std::atomic<int> count{0};
  {
    ThreadPool pool(2);
    EXPECT_EQ(pool.size(), 2u);
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(pool.post([&] { count.fetch_add(1); }));
    pool.shutdown();
    EXPECT_EQ(count.load(), 1000);
    EXPECT_FALSE(pool.post([&] { count.fetch_add(1); }));
    pool.shutdown();  // idempotent
  }
  EXPECT_EQ(count.load(), 1000);
}

TEST(ThreadPool, RefusesEmptyTasks) {
  ThreadPool pool(1);
  EXPECT_FALSE(pool.post(Task{}));
  std::function<void()> empty;
  EXPECT_FALSE(pool.post(empty));
}

TEST(ThreadPool, ExceptionsGoToTheHookAndTheWorkerSurvives) {
  std::promise<std::string> what;
  ThreadPool pool(1, [&](std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what.set_value(e.what());
    }
  });
  pool.post([] { throw std::runtime_error("handler failed"); });
  EXPECT_EQ(what.get_future().get(), "handler failed");
  std::promise<void> after;
  pool.post([&] { after.set_value(); });
  EXPECT_EQ(after.get_future().wait_for(10s), std::future_status::ready);
}

TEST(ThreadPool, MoveOnlyTasks) {
  ThreadPool pool(1);
  auto p = std::make_unique<int>(3);
  std::promise<int> got;
  pool.post([p = std::move(p), &got] { got.set_value(*p); });
  EXPECT_EQ(got.get_future().get(), 3);
}

TEST(ThreadPool, DestroyFromItsOwnTaskIsSafe) {
  auto pool = std::make_shared<ThreadPool>(2);
  std::promise<void> done;
  std::weak_ptr<ThreadPool> weak = pool;
  auto holder = std::make_shared<std::shared_ptr<ThreadPool>>(pool);
  pool.reset();
  std::latch posted(1);
  (*holder)->post([holder, &done, &posted] {
    posted.wait();    // post() has returned on the main thread
    holder->reset();  // the last reference: the pool is destroyed on its own worker
    done.set_value();
  });
  posted.count_down();
  EXPECT_EQ(done.get_future().wait_for(10s), std::future_status::ready);
  // Wait (with a deadline) until the pool object is really gone.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!weak.expired() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  EXPECT_TRUE(weak.expired());
}

TEST(Strand, RunsTasksInOrderOneAtATime) {
  auto pool = std::make_shared<ThreadPool>(4);
  constexpr int kStrands = 4, kTasks = 2000;
  std::vector<std::unique_ptr<Strand>> strands;
  std::vector<std::vector<int>> seen(kStrands);
  std::vector<std::atomic<int>> active(kStrands);
  std::atomic<bool> overlap{false};
  for (int s = 0; s < kStrands; ++s) strands.push_back(std::make_unique<Strand>(pool));
  for (int i = 0; i < kTasks; ++i) {
    for (int s = 0; s < kStrands; ++s) {
      auto si = static_cast<std::size_t>(s);
      strands[si]->post([&, si, i] {
        if (active[si].fetch_add(1) != 0) overlap = true;
        seen[si].push_back(i);  // unsynchronised on purpose: a strand must serialise
        active[si].fetch_sub(1);
      });
    }
  }
  pool->shutdown();
  EXPECT_FALSE(overlap.load());
  for (int s = 0; s < kStrands; ++s) {
    const auto& v = seen[static_cast<std::size_t>(s)];
    ASSERT_EQ(v.size(), static_cast<std::size_t>(kTasks));
    for (int i = 0; i < kTasks; ++i) ASSERT_EQ(v[static_cast<std::size_t>(i)], i);
  }
}

TEST(Strand, YieldsToOtherWorkOnTheSamePool) {
  auto pool = std::make_shared<ThreadPool>(1);
  Strand busy(pool);
  std::latch gate(1);
  std::atomic<int> busy_done{0};
  std::atomic<int> busy_done_when_other_ran{-1};
  // Block the single worker until everything is queued.
  pool->post([&] { gate.wait(); });
  for (int i = 0; i < 1000; ++i) busy.post([&] { busy_done.fetch_add(1); });
  pool->post([&] { busy_done_when_other_ran = busy_done.load(); });
  gate.count_down();
  pool->shutdown();
  EXPECT_EQ(busy_done.load(), 1000);
  // The other task ran after the strand's first batch, not after all 1000.
  EXPECT_GT(busy_done_when_other_ran.load(), 0);
  EXPECT_LT(busy_done_when_other_ran.load(), 1000);
}

TEST(Strand, AThrowingTaskDoesNotStopTheStrand) {
  std::atomic<int> hooked{0};
  auto pool = std::make_shared<ThreadPool>(2, [&](std::exception_ptr) { hooked.fetch_add(1); });
  Strand strand(pool);
  std::vector<int> order;
  std::mutex m;
  for (int i = 0; i < 10; ++i) {
    strand.post([&, i] {
      {
        std::lock_guard lock(m);
        order.push_back(i);
      }
      if (i == 3) throw std::runtime_error("x");
    });
  }
  pool->shutdown();
  EXPECT_EQ(hooked.load(), 1);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Strand, PendingTasksRunAfterTheStrandObjectIsDestroyed) {
  auto pool = std::make_shared<ThreadPool>(1);
  std::latch gate(1);
  pool->post([&] { gate.wait(); });
  std::atomic<int> ran{0};
  {
    Strand strand(pool);
    for (int i = 0; i < 5; ++i) strand.post([&] { ran.fetch_add(1); });
  }
  gate.count_down();
  pool->shutdown();
  EXPECT_EQ(ran.load(), 5);
}

TEST(Strand, PostFailsWhenTheTargetIsShutDown) {
  auto pool = std::make_shared<ThreadPool>(1);
  pool->shutdown();
  Strand strand(pool);
  EXPECT_FALSE(strand.post([] {}));
}
