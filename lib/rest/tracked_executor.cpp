#include "rest/tracked_executor.hpp"

namespace fluxer::rest {
namespace {
// The tracker whose task runs on this thread (for close() from inside a task).
thread_local const TrackedExecutor* t_running_in = nullptr;
}  // namespace

bool TrackedExecutor::post(Task task) {
  if (!task) return false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return target_->post(std::move(task));
    ++queued_;
  }
  auto self = shared_from_this();
  const bool posted = target_->post([self, task = std::move(task)]() mutable {
    {
      std::lock_guard lock(self->mutex_);
      --self->queued_;
      if (self->closed_) {
        self->idle_.notify_all();
        return;  // the client is gone: its continuations do not run any more
      }
      ++self->running_;
    }
    const auto* outer = t_running_in;
    t_running_in = self.get();
    struct Done {
      TrackedExecutor* self;
      const TrackedExecutor* outer;
      ~Done() {
        t_running_in = outer;
        {
          std::lock_guard lock(self->mutex_);
          --self->running_;
        }
        self->idle_.notify_all();
      }
    } done{self.get(), outer};
    task();
  });
  if (!posted) {
    {
      std::lock_guard lock(mutex_);
      --queued_;
    }
    idle_.notify_all();
    if (log_) log_->warn("rest: the callback executor refused a continuation (shut down before the client?); dropped");
  }
  return true;
}

void TrackedExecutor::close() {
  std::unique_lock lock(mutex_);
  closed_ = true;
  const std::size_t self = t_running_in == this ? 1 : 0;
  idle_.wait(lock, [&] { return running_ <= self; });
}

std::size_t TrackedExecutor::pending() const {
  std::lock_guard lock(mutex_);
  return queued_ + running_;
}

}  // namespace fluxer::rest
