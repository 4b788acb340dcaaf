// The REST transport (lib/rest/transport.*) against the emulator in both modes: success,
// Fluxer errors, a proxy's HTML page, 429s retried, order within a channel under real
// limits, body size and time limits, shutdown with requests pending, and redaction.

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/core/executor.hpp>
#include <fluxer/core/log.hpp>

#include "rest/transport.hpp"
#include "rest_helpers.hpp"

namespace fluxer::emulator::test {
namespace {

using fluxer::rest::HttpRequest;
using fluxer::rest::HttpResponse;
using fluxer::rest::Transport;
using fluxer::rest::TransportOptions;

constexpr auto kDeadline = std::chrono::seconds(30);

/// Log lines kept for assertions.
struct Lines {
  std::mutex mutex;
  std::vector<std::string> lines;
  LogSink sink() {
    return [this](LogLevel, std::string_view m) {
      std::lock_guard lock(mutex);
      lines.emplace_back(m);
    };
  }
};

class TransportTest : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  Lines lines;
  std::shared_ptr<Logger> log = std::make_shared<Logger>(lines.sink(), LogLevel::Trace);

  TransportOptions options_for(const Emu& emu) const {
    TransportOptions o;
    o.api_base = emu.server->api_url();
    o.token = emu.demo.bot_token;
    return o;
  }
  static HttpRequest post_message(Snowflake channel, const std::string& content) {
    HttpRequest r;
    r.method = "POST";
    r.path = "/channels/" + channel.str() + "/messages";
    r.body = R"({"content":")" + content + R"("})";
    return r;
  }
  static HttpRequest get(std::string path) {
    HttpRequest r;
    r.path = std::move(path);
    return r;
  }
  /// Submits and waits (with a deadline) for the result.
  static Result<HttpResponse> call(Transport& t, HttpRequest request) {
    auto promise = std::make_shared<std::promise<Result<HttpResponse>>>();
    auto future = promise->get_future();
    t.submit(std::move(request), [promise](Result<HttpResponse> r) { promise->set_value(std::move(r)); });
    if (future.wait_for(kDeadline) != std::future_status::ready) return Error(ErrorKind::Timeout, "test deadline");
    return future.get();
  }
};

TEST_P(TransportTest, GetsAndPostsWithTheBotPrefix) {
  Emu emu{rest_options(GetParam())};
  Transport t(options_for(emu), log);
  auto me = call(t, get("/users/@me"));
  ASSERT_TRUE(me.ok()) << me.error().to_string();
  EXPECT_EQ(me->status, 200);
  EXPECT_NE(me->body.find(emu.demo.bot_user_id.str()), std::string::npos);

  auto sent = call(t, post_message(emu.demo.general_channel_id, "hello"));
  ASSERT_TRUE(sent.ok()) << sent.error().to_string();
  const auto logged =
      emu.server->wait_for_request([](const RequestLogEntry& e) { return e.method == "POST"; }, kDeadline);
  ASSERT_TRUE(logged);
  EXPECT_EQ(logged->path.rfind("/v1/channels/", 0), 0U) << logged->path;
  EXPECT_EQ(logged->header("authorization").value_or("").rfind("Bot ", 0), 0U);
  EXPECT_EQ(logged->header("content-type").value_or(""), "application/json");
  EXPECT_EQ(logged->header("user-agent").value_or("").rfind("fluxer-cpp (", 0), 0U);
}

TEST_P(TransportTest, FluxerErrorsAreTyped) {
  Emu emu{rest_options(GetParam())};
  Transport t(options_for(emu), log);
  auto missing = call(t, get("/channels/1"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Api);
  EXPECT_EQ(missing.error().status, 404);
  EXPECT_EQ(missing.error().code, "UNKNOWN_CHANNEL");
  EXPECT_FALSE(missing.error().message.empty());

  auto empty = call(t, post_message(emu.demo.general_channel_id, ""));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::Api);
  EXPECT_EQ(empty.error().status, 400);

  auto options = options_for(emu);
  options.token = emu.demo.application_id.str() + ".not-the-secret";
  Transport bad(options, log);
  auto refused = call(bad, get("/users/@me"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::InvalidToken);
  EXPECT_EQ(refused.error().status, 401);
}

TEST_P(TransportTest, HtmlErrorPageIsAnHttpError) {
  Emu emu{rest_options(GetParam())};
  emu.server->fail_route_html({"GET", "/users/@me"}, 502, 1);
  auto options = options_for(emu);
  options.max_failure_retries = 0;  // a GET's 5xx is retried otherwise
  Transport t(options, log);
  auto r = call(t, get("/users/@me"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Http);
  EXPECT_EQ(r.error().status, 502);
  EXPECT_NE(r.error().message.find("text/html"), std::string::npos) << r.error().message;
  EXPECT_TRUE(call(t, get("/users/@me")).ok());  // and the next request works
}

TEST_P(TransportTest, RateLimitsAreRetriedThenReported) {
  Emu emu{rest_options(GetParam(), true)};
  emu.server->rate_limit_storm({"GET", "/users/@me"}, 2, std::chrono::milliseconds(50));
  auto options = options_for(emu);
  options.max_retries = 2;
  Transport t(options, log);
  EXPECT_TRUE(call(t, get("/users/@me")).ok());

  emu.server->rate_limit_storm({"GET", "/users/@me"}, 3, std::chrono::milliseconds(50));
  auto r = call(t, get("/users/@me"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::RateLimit);
  EXPECT_EQ(r.error().code, "RATE_LIMITED");
  ASSERT_TRUE(r.error().retry_after);
  EXPECT_GT(*r.error().retry_after, std::chrono::milliseconds(0));
}

TEST_P(TransportTest, MessagesToOneChannelKeepTheirOrderUnderRealLimits) {
  auto o = rest_options(GetParam(), true);
  o.rate_limit_scale = 0.25;       // 5 messages per window
  o.rate_limit_time_scale = 0.05;  // windows of 0.5 s
  Emu emu{o};
  Transport t(options_for(emu), log);
  constexpr int kCount = 12;
  std::vector<std::future<Result<HttpResponse>>> results;
  for (int i = 0; i < kCount; ++i) {
    auto promise = std::make_shared<std::promise<Result<HttpResponse>>>();
    results.push_back(promise->get_future());
    t.submit(post_message(emu.demo.general_channel_id, "m" + std::to_string(i)),
             [promise](Result<HttpResponse> r) { promise->set_value(std::move(r)); });
  }
  for (auto& f : results) {
    ASSERT_EQ(f.wait_for(kDeadline), std::future_status::ready);
    auto r = f.get();
    EXPECT_TRUE(r.ok()) << r.error().to_string();
  }
  std::vector<std::string> order;
  int limited = 0;
  for (const auto& e : emu.server->request_log()) {
    if (e.method != "POST") continue;
    if (e.status == 429) ++limited;
    if (e.status == 200) order.push_back(e.body);
  }
  ASSERT_EQ(order.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) EXPECT_NE(order[i].find("\"m" + std::to_string(i) + "\""), std::string::npos) << i;
  EXPECT_EQ(limited, 0);
}

TEST_P(TransportTest, GlobalCeilingPacesRequestsAcrossChannels) {
  auto o = rest_options(GetParam(), true);
  o.global_rate_limit = 4;
  o.rate_limit_time_scale = 0.25;  // the server allows 4 requests per 250 ms in all
  Emu emu{o};
  auto options = options_for(emu);
  options.global_limit = 4;
  options.global_window = std::chrono::milliseconds(250);
  Transport t(options, log);
  constexpr int kCount = 16;
  std::vector<std::future<Result<HttpResponse>>> results;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kCount; ++i) {
    auto promise = std::make_shared<std::promise<Result<HttpResponse>>>();
    results.push_back(promise->get_future());
    // Unknown channels: one queue each, so only the global ceiling holds them back.
    t.submit(get("/channels/" + std::to_string(1000 + i)),
             [promise](Result<HttpResponse> r) { promise->set_value(std::move(r)); });
  }
  for (auto& f : results) {
    ASSERT_EQ(f.wait_for(kDeadline), std::future_status::ready);
    auto r = f.get();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "UNKNOWN_CHANNEL") << r.error().to_string();
  }
  // 16 starts, at most 4 per (padded) 250 ms: the last one at least 3 windows after the first.
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(750));
  int limited = 0;
  for (const auto& e : emu.server->request_log()) limited += e.status == 429 ? 1 : 0;
  EXPECT_EQ(limited, 0);
}

TEST_P(TransportTest, BodyAndTimeLimits) {
  Emu emu{rest_options(GetParam())};
  auto options = options_for(emu);
  options.max_response_bytes = 64;
  options.request_timeout = std::chrono::milliseconds(300);
  Transport t(options, log);
  auto big = call(t, get("/users/@me"));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::Rest);
  EXPECT_EQ(big.error().code, "RESPONSE_TOO_LARGE");

  // Headers are bounded too: too many lines, or too many bytes in a few.
  Transport normal(options_for(emu), log);
  auto many = emu.server->add_rest_fault([](const RequestLogEntry& r) -> std::optional<RestFault> {
    if (r.path.find("/users/@me") == std::string::npos) return std::nullopt;
    RestFault f;
    f.status = 200;
    for (int i = 0; i < 500; ++i) f.headers.emplace_back("X-Padding-" + std::to_string(i), "x");
    f.body = "{}";
    return f;
  });
  auto lines_result = call(normal, get("/users/@me"));
  ASSERT_FALSE(lines_result.ok());
  EXPECT_EQ(lines_result.error().code, "RESPONSE_HEADERS_TOO_LARGE") << lines_result.error().to_string();
  emu.server->remove_rest_fault(many);
  auto huge = emu.server->add_rest_fault([](const RequestLogEntry& r) -> std::optional<RestFault> {
    if (r.path.find("/users/@me") == std::string::npos) return std::nullopt;
    RestFault f;
    f.status = 200;
    for (int i = 0; i < 3; ++i) f.headers.emplace_back("X-Big-" + std::to_string(i), std::string(30'000, 'y'));
    f.body = "{}";
    return f;
  });
  auto bytes_result = call(normal, get("/users/@me"));
  ASSERT_FALSE(bytes_result.ok());
  EXPECT_EQ(bytes_result.error().code, "RESPONSE_HEADERS_TOO_LARGE") << bytes_result.error().to_string();
  emu.server->remove_rest_fault(huge);
  // Nothing is left broken: the next call works.
  EXPECT_TRUE(call(normal, get("/gateway/bot")).ok());

  auto once = options_for(emu);
  once.request_timeout = std::chrono::milliseconds(300);
  once.max_failure_retries = 0;
  Transport no_retry(once, log);
  emu.server->delay_route({"GET", "/gateway/bot"}, std::chrono::milliseconds(3000), 1);
  auto slow = call(no_retry, get("/gateway/bot"));
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().kind, ErrorKind::Timeout);

  // A GET may be repeated: after a timed-out attempt the next one answers.
  once.max_failure_retries = 2;
  once.backoff_base = std::chrono::milliseconds(5);
  Transport retrying(once, log);
  emu.server->delay_route({"GET", "/gateway/bot"}, std::chrono::milliseconds(3000), 1);
  EXPECT_TRUE(call(retrying, get("/gateway/bot")).ok());
}

TEST_P(TransportTest, ShutdownCancelsWhatIsPendingAndRefusesNewRequests) {
  Emu emu{rest_options(GetParam())};
  emu.server->delay_route({"GET", "/gateway/bot"}, std::chrono::milliseconds(5000));
  Transport t(options_for(emu), log);
  std::vector<std::future<Result<HttpResponse>>> results;
  for (int i = 0; i < 3; ++i) {
    auto promise = std::make_shared<std::promise<Result<HttpResponse>>>();
    results.push_back(promise->get_future());
    t.submit(get("/gateway/bot"), [promise](Result<HttpResponse> r) { promise->set_value(std::move(r)); });
  }
  t.shutdown();  // one request may be on the wire (delayed 5 s), the others queued behind it
  for (auto& f : results) {
    ASSERT_EQ(f.wait_for(kDeadline), std::future_status::ready);
    auto r = f.get();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Cancelled);
  }
  auto late = call(t, get("/users/@me"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().kind, ErrorKind::Cancelled);
}

TEST_P(TransportTest, TheTokenNeverReachesTheLog) {
  Emu emu{rest_options(GetParam())};
  {
    Transport t(options_for(emu), log);
    (void)call(t, get("/channels/1"));  // a failure, logged at debug
    log->info("token is {}", emu.demo.bot_token);
  }
  std::lock_guard lock(lines.mutex);
  ASSERT_FALSE(lines.lines.empty());
  for (const auto& l : lines.lines) EXPECT_EQ(l.find(emu.demo.bot_token), std::string::npos) << l;
}

INSTANTIATE_TEST_SUITE_P(Modes, TransportTest, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
