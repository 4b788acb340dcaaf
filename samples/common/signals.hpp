#pragma once
// Shared by the samples: turn SIGINT/SIGTERM into a call on a normal thread.
//
// Call block_stop_signals() first thing in main(), before any thread exists, so every
// thread inherits the blocked mask (SIGINT, SIGTERM, and SIGUSR1 which the watcher uses); then StopSignalWatcher runs `on_stop` on its own thread
// when a signal arrives (sigwait), where it is safe to call Client::destroy().

#include <pthread.h>
#include <signal.h>

#include <functional>
#include <thread>

namespace samples {

inline void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // StopSignalWatcher's own wake-up
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

class StopSignalWatcher {
 public:
  explicit StopSignalWatcher(std::function<void(int)> on_stop)
      : thread_([on_stop = std::move(on_stop)] {
          sigset_t set;
          sigemptyset(&set);
          sigaddset(&set, SIGINT);
          sigaddset(&set, SIGTERM);
          sigaddset(&set, SIGUSR1);  // used by the destructor to end the wait
          int sig = 0;
          if (sigwait(&set, &sig) == 0 && sig != SIGUSR1) on_stop(sig);
        }) {}
  ~StopSignalWatcher() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
  }
  StopSignalWatcher(const StopSignalWatcher&) = delete;
  StopSignalWatcher& operator=(const StopSignalWatcher&) = delete;

 private:
  std::thread thread_;
};

}  // namespace samples
