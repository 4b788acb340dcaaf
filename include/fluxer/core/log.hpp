#pragma once
/// @file
/// Logging: a level, a sink, and redaction of secrets (tokens) from every line.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace fluxer {

enum class LogLevel : std::uint8_t { Trace, Debug, Info, Warn, Error, Off };

/// "trace", "debug", "info", "warn", "error", "off".
[[nodiscard]] std::string_view to_string(LogLevel level) noexcept;
/// Parses the names above (case-insensitive; "warning" too); nullopt for anything else.
[[nodiscard]] std::optional<LogLevel> parse_log_level(std::string_view text) noexcept;

/// Receives each log line (already redacted, without a trailing newline). Called from any
/// SDK thread, possibly concurrently: a sink must be thread-safe.
using LogSink = std::function<void(LogLevel, std::string_view message)>;

/// The default sink: one line per message on stderr,
/// `2026-11-22T10:00:00.123Z [info] message`, written with a single call so lines from
/// different threads do not interleave.
[[nodiscard]] LogSink stderr_sink();

/// A logger owned by a Client (or an emulator Server); never global.
///
/// Every registered secret is replaced by `[redacted]` in each message before it reaches
/// the sink, so a token can never be logged, whatever code path formats it. Thread-safe.
class Logger {
 public:
  /// Logs at Info and above to stderr.
  Logger();
  explicit Logger(LogSink sink, LogLevel level = LogLevel::Info);

  void set_sink(LogSink sink);
  void set_level(LogLevel level) noexcept { level_.store(level, std::memory_order_relaxed); }
  [[nodiscard]] LogLevel level() const noexcept { return level_.load(std::memory_order_relaxed); }
  [[nodiscard]] bool enabled(LogLevel level) const noexcept {
    return level != LogLevel::Off && level >= this->level();
  }

  /// Registers a secret to redact. Secrets shorter than 4 characters are ignored (they
  /// would mangle ordinary text). For a bot token `<app_id>.<secret>`, use add_token().
  void add_secret(std::string secret);
  /// Registers a bot token: the whole token and its secret part after the first '.'.
  void add_token(std::string_view token);
  /// Returns `text` with every registered secret replaced by "[redacted]".
  [[nodiscard]] std::string redact(std::string_view text) const;

  /// Redacts and delivers one message if `level` is enabled.
  void write(LogLevel level, std::string_view message) const;

  template <class... Args>
  void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) const {
    if (!enabled(level)) return;
    write(level, fmt::vformat(format, fmt::make_format_args(args...)));
  }
  template <class... Args>
  void trace(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::Trace, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void debug(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::Debug, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void info(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::Info, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::Warn, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void error(fmt::format_string<Args...> format, Args&&... args) const {
    log(LogLevel::Error, format, std::forward<Args>(args)...);
  }

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::string> secrets_;  // longest first, so a token wins over its own secret part
  std::shared_ptr<const LogSink> sink_;
  std::atomic<LogLevel> level_{LogLevel::Info};
};

}  // namespace fluxer
