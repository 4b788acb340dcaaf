#include <fluxer/core/log.hpp>

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

using namespace fluxer;

namespace {
struct Captured {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;
  LogSink sink() {
    return [this](LogLevel level, std::string_view msg) {
      std::lock_guard lock(mutex);
      lines.emplace_back(level, std::string(msg));
    };
  }
};
constexpr const char* kToken = "1234567890123456789.Zm9vYmFyYmF6cXV4cXV1eHh4eHh4eHh4eHh4eHh4eHg";
}  // namespace

TEST(Log, FiltersByLevel) {
  Captured cap;
  Logger log(cap.sink(), LogLevel::Warn);
  log.info("hidden {}", 1);
  log.warn("shown {}", 2);
  log.error("also {}", 3);
  ASSERT_EQ(cap.lines.size(), 2u);
  EXPECT_EQ(cap.lines[0], (std::pair<LogLevel, std::string>{LogLevel::Warn, "shown 2"}));
  EXPECT_EQ(cap.lines[1].second, "also 3");
  log.set_level(LogLevel::Trace);
  log.trace("t");
  EXPECT_EQ(cap.lines.size(), 3u);
  log.set_level(LogLevel::Off);
  log.error("nothing");
  EXPECT_EQ(cap.lines.size(), 3u);
  EXPECT_FALSE(log.enabled(LogLevel::Off));
}

TEST(Log, RedactsTheWholeTokenAndItsSecretPart) {
  Captured cap;
  Logger log(cap.sink(), LogLevel::Trace);
  log.add_token(kToken);
  log.info("Authorization: Bot {}", kToken);
  log.info("identify {{\"token\":\"{}\"}}", kToken);
  log.info("secret alone: Zm9vYmFyYmF6cXV4cXV1eHh4eHh4eHh4eHh4eHh4eHg!");
  log.info("twice {}{}", kToken, kToken);
  ASSERT_EQ(cap.lines.size(), 4u);
  EXPECT_EQ(cap.lines[0].second, "Authorization: Bot [redacted]");
  EXPECT_EQ(cap.lines[1].second, "identify {\"token\":\"[redacted]\"}");
  EXPECT_EQ(cap.lines[2].second, "secret alone: [redacted]!");
  EXPECT_EQ(cap.lines[3].second, "twice [redacted][redacted]");
  for (const auto& [level, line] : cap.lines) EXPECT_EQ(line.find("Zm9v"), std::string::npos) << line;
}

TEST(Log, RedactsTokensGivenWithBotPrefixAndWriteBypassesNothing) {
  Captured cap;
  Logger log(cap.sink(), LogLevel::Info);
  log.add_token(std::string("Bot ") + kToken);
  log.write(LogLevel::Error, std::string("raw ") + kToken);
  ASSERT_EQ(cap.lines.size(), 1u);
  EXPECT_EQ(cap.lines[0].second, "raw [redacted]");
}

TEST(Log, IgnoresTooShortSecrets) {
  Logger log([](LogLevel, std::string_view) {}, LogLevel::Info);
  log.add_secret("ab");
  EXPECT_EQ(log.redact("abc ab"), "abc ab");
  log.add_secret("abcd");
  EXPECT_EQ(log.redact("xabcdx"), "x[redacted]x");
}

TEST(Log, ThrowingSinkDoesNotEscape) {
  Logger log([](LogLevel, std::string_view) { throw std::runtime_error("sink broke"); }, LogLevel::Info);
  EXPECT_NO_THROW(log.info("hello"));
}

TEST(Log, ConcurrentLoggingAndSecretRegistration) {
  Captured cap;
  Logger log(cap.sink(), LogLevel::Info);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (i % 50 == 0) log.add_secret(fmt::format("secret-{}-{}", t, i));
        log.info("thread {} line {} secret-{}-0", t, i, t);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(cap.lines.size(), 800u);
  // Lines logged after the thread registered its secret never show it.
  for (const auto& [level, line] : cap.lines) {
    if (line.find("line 199") != std::string::npos) {
      EXPECT_NE(line.find("[redacted]"), std::string::npos) << line;
    }
  }
}

TEST(Log, LevelNames) {
  EXPECT_EQ(to_string(LogLevel::Warn), "warn");
  EXPECT_EQ(parse_log_level("WARNING"), LogLevel::Warn);
  EXPECT_EQ(parse_log_level("debug"), LogLevel::Debug);
  EXPECT_FALSE(parse_log_level("loud").has_value());
}

TEST(Log, StderrSinkWritesOneLine) {
  testing::internal::CaptureStderr();
  stderr_sink()(LogLevel::Info, "hello world");
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find("[info] hello world\n"), std::string::npos) << out;
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1);
}
