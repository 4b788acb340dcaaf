#include "emulator/lws_log.hpp"

#include <algorithm>
#include <mutex>
#include <string_view>
#include <vector>

#include <libwebsockets.h>

namespace fluxer::emulator {

namespace {

struct Registry {
  std::mutex mutex;
  std::vector<const Logger*> loggers;  // running servers, oldest first
};

// Function-local: built on first use, never destroyed before the last server.
Registry& registry() {
  static Registry r;
  return r;
}

int lws_mask(LogLevel level) {
  int mask = 0;
  if (level <= LogLevel::Error) mask |= LLL_ERR;
  if (level <= LogLevel::Warn) mask |= LLL_WARN;
  if (level <= LogLevel::Debug) mask |= LLL_NOTICE;
  if (level <= LogLevel::Trace) mask |= LLL_INFO;
  return level == LogLevel::Off ? 0 : mask;
}

LogLevel to_level(int lws_level) {
  if (lws_level & LLL_ERR) return LogLevel::Error;
  if (lws_level & LLL_WARN) return LogLevel::Warn;
  if (lws_level & LLL_NOTICE) return LogLevel::Debug;
  return LogLevel::Trace;
}

void emit(int level, const char* line) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  if (r.loggers.empty() || !line) return;
  std::string_view text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  r.loggers.back()->log(to_level(level), "libwebsockets: {}", text);
}

}  // namespace

LwsLogRoute::LwsLogRoute(const Logger& logger) : logger_(logger) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.loggers.push_back(&logger_);
  lws_set_log_level(lws_mask(logger_.level()), &emit);
}

LwsLogRoute::~LwsLogRoute() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.loggers.erase(std::remove(r.loggers.begin(), r.loggers.end(), &logger_), r.loggers.end());
  if (r.loggers.empty())
    lws_set_log_level(LLL_ERR | LLL_WARN, &lwsl_emit_stderr);
  else
    lws_set_log_level(lws_mask(r.loggers.back()->level()), &emit);
}

}  // namespace fluxer::emulator
