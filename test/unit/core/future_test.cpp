#include <fluxer/core/future.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace fluxer;
using namespace std::chrono_literals;

TEST(Future, GetReturnsTheValueSetBefore) {
  Promise<int> p;
  auto f = p.get_future();
  EXPECT_TRUE(f.valid());
  EXPECT_FALSE(f.ready());
  p.set_value(42);
  EXPECT_TRUE(f.ready());
  EXPECT_EQ(f.get(), 42);
  EXPECT_FALSE(f.valid());  // consumed
}

TEST(Future, GetBlocksUntilAnotherThreadSetsIt) {
  Promise<std::string> p;
  auto f = p.get_future();
  std::thread t([&] {
    std::this_thread::sleep_for(5ms);  // only to make it likely that get() is already waiting
    p.set_value("done");
  });
  EXPECT_EQ(f.get(), "done");
  t.join();
}

TEST(Future, GetThrowsTheErrorAndResultReturnsIt) {
  {
    Promise<int> p;
    auto f = p.get_future();
    p.set_error(Error{ErrorKind::Api, "nope", "MISSING_PERMISSIONS"});
    try {
      (void)f.get();
      FAIL();
    } catch (const Exception& e) {
      EXPECT_EQ(e.error().code, "MISSING_PERMISSIONS");
    }
  }
  {
    Promise<int> p;
    auto f = p.get_future();
    p.set_error(Error{ErrorKind::Timeout, "slow"});
    Result<int> r = f.result();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Timeout);
  }
}

TEST(Future, WaitForTimesOutThenSucceeds) {
  Promise<int> p;
  auto f = p.get_future();
  EXPECT_FALSE(f.wait_for(1ms));
  EXPECT_FALSE(f.wait_until(std::chrono::steady_clock::now() + 1ms));
  p.set_value(1);
  EXPECT_TRUE(f.wait_for(0ms));
  f.wait();
  EXPECT_TRUE(f.valid());  // waiting does not consume
  EXPECT_EQ(f.get(), 1);
}

TEST(Future, FirstResultWins) {
  Promise<int> p;
  auto f = p.get_future();
  EXPECT_TRUE(p.set_value(1));
  EXPECT_FALSE(p.set_value(2));
  EXPECT_FALSE(p.set_error(Error{ErrorKind::Other, "late"}));
  EXPECT_EQ(f.get(), 1);
}

TEST(Future, DroppedPromiseFailsTheFuture) {
  Future<int> f;
  {
    Promise<int> p;
    f = p.get_future();
  }
  auto r = f.result();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
  EXPECT_EQ(r.error().code, "BROKEN_PROMISE");
}

TEST(Future, MoveAssigningAPromiseAbandonsTheOldOne) {
  Promise<int> a;
  auto fa = a.get_future();
  Promise<int> b;
  auto fb = b.get_future();
  a = std::move(b);
  EXPECT_EQ(fa.result().error().code, "BROKEN_PROMISE");
  a.set_value(5);
  EXPECT_EQ(fb.get(), 5);
}

TEST(Future, GetFutureOnlyOnce) {
  Promise<int> p;
  auto f1 = p.get_future();
  auto f2 = p.get_future();
  EXPECT_TRUE(f1.valid());
  EXPECT_FALSE(f2.valid());
  EXPECT_EQ(f2.result().error().code, "NO_STATE");
}

TEST(Future, ThenBeforeCompletionRunsOnTheCompletingThread) {
  Promise<int> p;
  std::thread::id ran_on;
  int seen = 0;
  auto done = p.get_future().then([&](Result<int> r) {
    ran_on = std::this_thread::get_id();
    seen = r.value();
  });
  std::thread::id setter_id;
  std::thread t([&] {
    setter_id = std::this_thread::get_id();
    p.set_value(7);
  });
  t.join();
  done.get();
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(ran_on, setter_id);
}

TEST(Future, ThenAfterCompletionRunsImmediately) {
  auto f = make_ready_future(3);
  int seen = 0;
  auto done = f.then([&](Result<int> r) { seen = *r; });
  EXPECT_EQ(seen, 3);
  EXPECT_TRUE(done.ready());
  EXPECT_FALSE(f.valid());
}

TEST(Future, ThenChainsValuesResultsAndFutures) {
  Promise<int> p;
  auto f = p.get_future()
               .then([](Result<int> r) { return r.value() * 2; })                       // U
               .then([](Result<int> r) -> Result<std::string> { return std::to_string(*r); })  // Result<U>
               .then([](Result<std::string> r) { return make_ready_future(r.value() + "!"); });  // Future<U>
  p.set_value(21);
  EXPECT_EQ(f.get(), "42!");
}

TEST(Future, ThenFlattensAFutureCompletedLater) {
  Promise<int> outer;
  Promise<std::string> inner;
  auto f = outer.get_future().then([&](Result<int>) { return inner.get_future(); });
  outer.set_value(1);
  EXPECT_FALSE(f.ready());
  inner.set_value("late");
  EXPECT_EQ(f.get(), "late");
}

TEST(Future, ErrorsPropagateThroughThen) {
  Promise<int> p;
  auto f = p.get_future().then([](Result<int> r) -> Result<int> {
    if (!r) return r.error();
    return *r + 1;
  });
  p.set_error(Error{ErrorKind::Http, "502"});
  EXPECT_EQ(f.result().error().kind, ErrorKind::Http);
}

TEST(Future, ThrowingContinuationFailsTheNextFuture) {
  auto f1 = make_ready_future(1).then([](Result<int>) -> int { throw std::runtime_error("boom"); });
  auto r1 = f1.result();
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().code, "CALLBACK_EXCEPTION");
  EXPECT_EQ(r1.error().message, "boom");

  auto f2 = make_error_future<int>(Error{ErrorKind::Api, "x", "UNKNOWN_CHANNEL"}).then([](Result<int> r) {
    return r.value();  // rethrows the API error as Exception
  });
  EXPECT_EQ(f2.result().error().code, "UNKNOWN_CHANNEL");
}

TEST(Future, MoveOnlyValues) {
  Promise<std::unique_ptr<int>> p;
  auto f = p.get_future().then([](Result<std::unique_ptr<int>> r) { return *r.value() + 1; });
  p.set_value(std::make_unique<int>(9));
  EXPECT_EQ(f.get(), 10);
}

TEST(Future, VoidFutures) {
  Promise<void> p;
  auto f = p.get_future();
  p.set_value();
  EXPECT_NO_THROW(f.get());
  auto g = make_ready_future().then([](Result<void> r) { return r.ok() ? 1 : 0; });
  EXPECT_EQ(g.get(), 1);
  auto h = make_error_future<void>(Error{ErrorKind::Other, "bad"});
  EXPECT_THROW(h.get(), Exception);
}

TEST(Future, ConsumedFutureReportsNoState) {
  auto f = make_ready_future(1);
  (void)f.get();
  EXPECT_EQ(f.result().error().code, "NO_STATE");
  auto g = f.then([](Result<int> r) { return r.ok(); });
  EXPECT_EQ(g.result().error().code, "NO_STATE");
}

TEST(Future, ContinuationsRunOnThePromisesExecutor) {
  auto pool = std::make_shared<ThreadPool>(2);
  Promise<int> p(pool);
  std::atomic<bool> in_pool{false};
  auto f = p.get_future().then([&](Result<int> r) {
    in_pool = pool->in_pool();
    return *r;
  });
  p.set_value(5);
  EXPECT_EQ(f.get(), 5);
  EXPECT_TRUE(in_pool.load());

  // The executor is inherited down the chain, and also used when then() comes late.
  Promise<int> q(pool);
  auto fq = q.get_future();
  q.set_value(1);
  std::atomic<bool> late_in_pool{false};
  auto g = fq.then([&](Result<int>) { late_in_pool = pool->in_pool(); });
  g.get();
  EXPECT_TRUE(late_in_pool.load());
}

TEST(Future, ContinuationStillRunsAfterTheExecutorShutDown) {
  auto pool = std::make_shared<ThreadPool>(1);
  Promise<int> p(pool);
  int seen = 0;
  auto f = p.get_future().then([&](Result<int> r) { seen = *r; });
  pool->shutdown();
  p.set_value(4);  // post() is refused; the continuation runs here instead of being lost
  f.get();
  EXPECT_EQ(seen, 4);
}

TEST(Future, BlockingGetInsideAPoolCallbackDoesNotDeadlock) {
  auto pool = std::make_shared<ThreadPool>(1);
  Promise<int> outer(pool);
  Promise<int> inner(pool);
  auto inner_future = std::make_shared<Future<int>>(inner.get_future());
  auto f = outer.get_future().then([inner_future](Result<int> r) { return *r + inner_future->get(); });
  outer.set_value(1);  // the single pool thread now blocks in inner_future->get()
  std::thread t([&] { inner.set_value(2); });
  EXPECT_EQ(f.get(), 3);
  t.join();
}

// Races: completion and then()/get() from different threads, many times. Run under
// ThreadSanitizer locally (meson setup build-tsan -Db_sanitize=thread).
namespace {
// Runs `consume(future, i)` on this thread while another thread completes the promise
// with `i` at the same moment, `iterations` times.
template <class Consume>
void race_completion(int iterations, Consume consume) {
  for (int i = 0; i < iterations; ++i) {
    Promise<int> p;
    auto f = p.get_future();
    std::latch start(2);
    std::thread setter([&] {
      start.arrive_and_wait();
      p.set_value(i);
    });
    start.arrive_and_wait();
    consume(f, i);
    setter.join();
  }
}
}  // namespace

TEST(FutureRace, ThenVersusSetNeverLosesOrDuplicatesAContinuation) {
  constexpr int kIterations = 2000;
  std::atomic<int> ran{0};
  race_completion(kIterations, [&](Future<int>& f, int i) {
    auto g = f.then([&ran, i](Result<int> r) {
      EXPECT_EQ(*r, i);
      ran.fetch_add(1);
    });
    g.get();
  });
  EXPECT_EQ(ran.load(), kIterations);
}

TEST(FutureRace, GetVersusSetNeverHangs) {
  race_completion(2000, [](Future<int>& f, int i) {
    EXPECT_TRUE(f.wait_for(10s)) << "lost wake-up at iteration " << i;
    EXPECT_EQ(f.get(), i);
  });
}

TEST(FutureRace, ConcurrentSettersOnlyOneWins) {
  constexpr int kIterations = 500;
  for (int i = 0; i < kIterations; ++i) {
    Promise<int> p;
    auto f = p.get_future();
    std::atomic<int> wins{0};
    std::latch start(4);
    std::vector<std::thread> ts;
    for (int k = 0; k < 4; ++k) {
      ts.emplace_back([&, k] {
        start.arrive_and_wait();
        if (p.set_value(k)) wins.fetch_add(1);
      });
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(wins.load(), 1);
    int v = f.get();
    EXPECT_GE(v, 0);
    EXPECT_LT(v, 4);
  }
}

TEST(FutureRace, ChainsOnAPoolUnderLoad) {
  auto pool = std::make_shared<ThreadPool>(3);
  constexpr int kChains = 500;
  std::vector<Future<int>> results;
  std::vector<Promise<int>> promises;
  for (int i = 0; i < kChains; ++i) {
    promises.emplace_back(pool);
    results.push_back(promises.back().get_future().then([](Result<int> r) { return *r + 1; }).then([](Result<int> r) {
      return *r * 2;
    }));
  }
  std::thread a([&] {
    for (int i = 0; i < kChains; i += 2) promises[static_cast<std::size_t>(i)].set_value(i);
  });
  std::thread b([&] {
    for (int i = 1; i < kChains; i += 2) promises[static_cast<std::size_t>(i)].set_value(i);
  });
  a.join();
  b.join();
  for (int i = 0; i < kChains; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)].get(), (i + 1) * 2);
}
