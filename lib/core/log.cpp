#include <fluxer/core/log.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>

#include <fluxer/core/redact.hpp>
#include <fluxer/core/time.hpp>

namespace fluxer {
namespace {
constexpr std::size_t kMinSecretLength = 4;

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::Trace: return "trace";
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
    case LogLevel::Off: return "off";
  }
  return "?";
}

std::optional<LogLevel> parse_log_level(std::string_view text) noexcept {
  std::string s;
  for (char c : text) s.push_back(lower(c));
  if (s == "trace") return LogLevel::Trace;
  if (s == "debug") return LogLevel::Debug;
  if (s == "info") return LogLevel::Info;
  if (s == "warn" || s == "warning") return LogLevel::Warn;
  if (s == "error") return LogLevel::Error;
  if (s == "off" || s == "none") return LogLevel::Off;
  return std::nullopt;
}

LogSink stderr_sink() {
  return [](LogLevel level, std::string_view message) {
    const auto now = to_timestamp(std::chrono::system_clock::now());
    std::string line = fmt::format("{} [{}] {}\n", format_iso8601(std::chrono::floor<std::chrono::milliseconds>(now)),
                                   to_string(level), message);
    std::fwrite(line.data(), 1, line.size(), stderr);  // one write per line: no interleaving
  };
}

Logger::Logger() : Logger(stderr_sink(), LogLevel::Info) {}

Logger::Logger(LogSink sink, LogLevel level) : sink_(std::make_shared<const LogSink>(std::move(sink))), level_(level) {}

void Logger::set_sink(LogSink sink) {
  auto next = std::make_shared<const LogSink>(std::move(sink));
  std::unique_lock lock(mutex_);
  sink_ = std::move(next);
}

void Logger::add_secret(std::string secret) {
  if (secret.size() < kMinSecretLength) return;
  std::unique_lock lock(mutex_);
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.push_back(std::move(secret));
  std::stable_sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

void Logger::add_token(std::string_view token) {
  // Strip an accidental "Bot " prefix so both forms are caught.
  if (token.size() > 4 && token.substr(0, 4) == "Bot ") token.remove_prefix(4);
  add_secret(std::string(token));
  if (auto dot = token.find('.'); dot != std::string_view::npos) add_secret(std::string(token.substr(dot + 1)));
}

std::string Logger::redact(std::string_view text) const {
  std::string out(text);
  std::shared_lock lock(mutex_);
  for (const auto& secret : secrets_) {
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), kRedacted);
      pos += kRedacted.size();
    }
  }
  return out;
}

void Logger::write(LogLevel level, std::string_view message) const {
  if (!enabled(level)) return;
  std::string clean = redact(message);
  std::shared_ptr<const LogSink> sink;
  {
    std::shared_lock lock(mutex_);
    sink = sink_;
  }
  if (sink && *sink) {
    try {
      (*sink)(level, clean);
    } catch (...) {
      // A throwing sink must not take down an SDK thread; the line is lost.
    }
  }
}

}  // namespace fluxer
