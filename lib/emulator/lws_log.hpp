#pragma once
// Routes libwebsockets' own log lines through an emulator Server's Logger (and its level)
// instead of letting the library print notices to stderr.
//
// libwebsockets 4.1 has a single process-wide log function and level (lws_set_log_level);
// there is no per-context logger. This is therefore the one piece of process-wide state in
// the emulator, imposed by that API and kept as small as possible: a registry of the
// loggers of running servers. Lines go to the most recently started server that still
// runs; when the last one stops, libwebsockets gets its stock stderr emitter back (errors
// and warnings only).

#include <fluxer/core/log.hpp>

namespace fluxer::emulator {

/// While alive, libwebsockets logs to `logger` (errors as Error, warnings as Warn, notices
/// as Debug, info as Trace), filtered by the logger's level at construction.
class LwsLogRoute {
 public:
  explicit LwsLogRoute(const Logger& logger);
  ~LwsLogRoute();
  LwsLogRoute(const LwsLogRoute&) = delete;
  LwsLogRoute& operator=(const LwsLogRoute&) = delete;

 private:
  const Logger& logger_;
};

}  // namespace fluxer::emulator
