#include <fluxer/core/executor.hpp>

#include <algorithm>

namespace fluxer {

namespace {
// The pool whose worker is running on this thread, if any.
thread_local const void* t_current_pool = nullptr;
}  // namespace

struct ThreadPool::Shared {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<Task> queue;
  bool stopping = false;
  ExceptionHook on_exception;

  static void run(const std::shared_ptr<Shared>& self) {
    t_current_pool = self.get();
    for (;;) {
      Task task;
      {
        std::unique_lock<std::mutex> lock(self->mutex);
        self->cv.wait(lock, [&] { return self->stopping || !self->queue.empty(); });
        if (self->queue.empty()) return;  // stopping and drained
        task = std::move(self->queue.front());
        self->queue.pop_front();
      }
      try {
        task();
      } catch (...) {
        if (self->on_exception) {
          try {
            self->on_exception(std::current_exception());
          } catch (...) {
          }
        }
      }
    }
  }
};

ThreadPool::ThreadPool(std::size_t threads, ExceptionHook on_exception) : shared_(std::make_shared<Shared>()) {
  shared_->on_exception = std::move(on_exception);
  threads = std::max<std::size_t>(threads, 1);
  workers_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([s = shared_] { Shared::run(s); });
}

ThreadPool::~ThreadPool() { shutdown(); }

bool ThreadPool::post(Task task) {
  if (!task) return false;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    // While draining for shutdown, work queued by the pool's own tasks is still accepted
    // (a strand's next turn, a continuation); work from outside is refused.
    if (shared_->stopping && t_current_pool != shared_.get()) return false;
    shared_->queue.push_back(std::move(task));
  }
  shared_->cv.notify_one();
  return true;
}

bool ThreadPool::in_pool() const noexcept { return t_current_pool == shared_.get(); }

void ThreadPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->stopping = true;
  }
  shared_->cv.notify_all();
  std::lock_guard<std::mutex> join_lock(join_mutex_);  // concurrent shutdown() calls join once
  const auto self = std::this_thread::get_id();
  for (auto& t : workers_) {
    if (!t.joinable()) continue;
    if (t.get_id() == self) {
      t.detach();  // called from one of our own tasks: we cannot join ourselves
    } else {
      t.join();
    }
  }
}

struct Strand::State : std::enable_shared_from_this<Strand::State> {
  // Tasks run per turn on the target before the strand yields to other work queued there.
  static constexpr int kBatch = 32;

  explicit State(std::shared_ptr<Executor> t) : target(std::move(t)) {}

  std::shared_ptr<Executor> target;
  std::mutex mutex;
  std::deque<Task> queue;
  bool running = false;  // a turn is queued on, or running on, the target

  // Runs up to kBatch queued tasks; returns true if more remain (the caller reschedules).
  // A task that throws ends the turn; the exception goes to the target's hook.
  bool turn() {
    for (int i = 0; i < kBatch; ++i) {
      Task task;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (queue.empty()) {
          running = false;
          return false;
        }
        task = std::move(queue.front());
        queue.pop_front();
      }
      task();
    }
    std::lock_guard<std::mutex> lock(mutex);
    if (queue.empty()) {
      running = false;
      return false;
    }
    return true;
  }

  bool schedule() {
    auto self = shared_from_this();
    bool posted = target->post([self] {
      bool more = true;
      try {
        more = self->turn();
      } catch (...) {
        self->continue_after_throw();
        throw;
      }
      if (more) self->schedule();
    });
    if (!posted) {
      // The target shut down: nothing will ever run these tasks.
      std::lock_guard<std::mutex> lock(mutex);
      queue.clear();
      running = false;
    }
    return posted;
  }

  void continue_after_throw() {
    bool more = false;
    {
      std::lock_guard<std::mutex> lock(mutex);
      more = !queue.empty();
      if (!more) running = false;
    }
    if (more) schedule();
  }
};

Strand::Strand(std::shared_ptr<Executor> target) : state_(std::make_shared<State>(std::move(target))) {}

Strand::~Strand() = default;

bool Strand::post(Task task) {
  if (!task) return false;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->queue.push_back(std::move(task));
    if (state_->running) return true;  // the current turn (or the next) will run it
    state_->running = true;
  }
  return state_->schedule();
}

}  // namespace fluxer
