#pragma once
/// @file
/// Executors: where callbacks run. The client owns a ThreadPool (the callback executor) and
/// one Strand per shard so that one shard's events reach handlers in order.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <fluxer/core/function.hpp>

namespace fluxer {

/// A unit of work for an executor. Move-only, so tasks may own move-only state.
using Task = UniqueFunction<void()>;

/// Something that runs tasks. `post` never runs the task inline and never blocks on the
/// task; it returns false if the executor has been shut down and the task was not queued.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual bool post(Task task) = 0;
};

/// A fixed pool of worker threads with one FIFO queue.
///
/// Exceptions thrown by a task are caught and passed to the `on_exception` hook (the client
/// logs them); they never terminate a worker. `shutdown()` refuses new tasks from other
/// threads, runs every task already queued (and any task those tasks post), and joins the
/// workers; it is idempotent and called by the destructor.
/// Calling `shutdown()` (or destroying the pool) from one of the pool's own tasks is
/// allowed: that worker is detached instead of joined and exits after its task.
class ThreadPool final : public Executor {
 public:
  using ExceptionHook = std::function<void(std::exception_ptr)>;

  explicit ThreadPool(std::size_t threads, ExceptionHook on_exception = {});
  ~ThreadPool() override;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  bool post(Task task) override;
  void shutdown();
  /// True when the calling thread is one of this pool's workers.
  [[nodiscard]] bool in_pool() const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return workers_.size(); }

 private:
  struct Shared;  // queue and flags, shared with the workers so a detached worker stays valid
  std::shared_ptr<Shared> shared_;
  std::mutex join_mutex_;
  std::vector<std::thread> workers_;
};

/// Runs the tasks posted to it one at a time, in post order, on an underlying executor.
/// Different strands on the same pool run in parallel; a busy strand yields to other work
/// after a batch of tasks. Queued tasks keep the strand's state alive, so destroying the
/// Strand object while tasks are pending is safe (they still run). `post` returns false
/// when the target executor has shut down.
class Strand final : public Executor {
 public:
  explicit Strand(std::shared_ptr<Executor> target);
  ~Strand() override;
  Strand(const Strand&) = delete;
  Strand& operator=(const Strand&) = delete;

  bool post(Task task) override;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace fluxer
