#pragma once
/// @file
/// TrackedExecutor: the executor a Rest client hands to its promises. It forwards tasks to
/// the callback executor and keeps count of them, so the client's destructor can make sure
/// none of its continuations runs after it returns.

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

#include <fluxer/core/executor.hpp>
#include <fluxer/core/log.hpp>

namespace fluxer::rest {

class TrackedExecutor final : public Executor, public std::enable_shared_from_this<TrackedExecutor> {
 public:
  TrackedExecutor(std::shared_ptr<Executor> target, std::shared_ptr<Logger> log)
      : target_(std::move(target)), log_(std::move(log)) {}

  /// Forwards to the target. After close() tasks go to the target untracked (they can only
  /// come from continuations a caller attaches after the client is gone). While the client
  /// lives, a task the target refuses (it was shut down too early) is dropped with a warning
  /// rather than run on the calling thread, which may be a network worker. Returns true then.
  bool post(Task task) override;

  /// From now on, tracked tasks that have not started are skipped; waits until those running
  /// have finished (except the one calling, when close() is called from inside a task).
  void close();

  [[nodiscard]] const std::shared_ptr<Executor>& target() const noexcept { return target_; }
  /// Tasks queued or running (for tests).
  [[nodiscard]] std::size_t pending() const;

 private:
  std::shared_ptr<Executor> target_;
  std::shared_ptr<Logger> log_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::size_t queued_ = 0;
  std::size_t running_ = 0;
  bool closed_ = false;
};

}  // namespace fluxer::rest
