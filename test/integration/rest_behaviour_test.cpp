// How the Rest client behaves on the wire, against the emulator in [A] and [B] modes:
// typed errors, 429 storms and 503 streams, which calls are retried after a dropped
// connection (and that message creation stays single on [B]), headers, redaction, the
// token lockout, uploads byte for byte, timeouts, cancellation and per-bucket order with
// several workers.

#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/rest/rest.hpp>
#include <fluxer/version.hpp>

#include "rest_fixture.hpp"

namespace fluxer::emulator::test {
namespace {

using fluxer::Rest;
// The SDK's types, not the emulator's namesakes.
using fluxer::Ban;
using fluxer::Channel;
using fluxer::ChannelType;
using fluxer::Emoji;
using fluxer::Guild;
using fluxer::Invite;
using fluxer::Message;
using fluxer::OverwriteType;
using fluxer::Role;
using fluxer::User;
using fluxer::Webhook;
using namespace std::chrono_literals;

class RestBehaviour : public ::testing::TestWithParam<ProtocolMode> {
 protected:
  [[nodiscard]] bool b() const { return GetParam() == ProtocolMode::B; }
  static CreateMessage text(std::string content) {
    CreateMessage m;
    m.content = std::move(content);
    return m;
  }
  /// Messages the emulator holds in `channel`, oldest first.
  static std::vector<std::string> contents(RestEmu& emu, Snowflake channel) {
    return emu.server->query([&](World& w) {
      std::vector<std::string> out;
      for (const auto& [id, m] : w.messages(channel)) out.push_back(m.content);
      return out;
    });
  }
};

TEST_P(RestBehaviour, ErrorsDecodeIntoTypedErrors) {
  RestEmu emu{rest_options(GetParam())};
  Rest rest(emu.rest_options());
  const auto missing = must_fail(rest.get_channel(Snowflake{1}), "unknown channel");
  EXPECT_EQ(missing.kind, ErrorKind::Api);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.code, "UNKNOWN_CHANNEL");
  EXPECT_FALSE(missing.message.empty());

  // A limit the client leaves to the server (content length is per server): errors[].
  const auto invalid =
      must_fail(rest.create_message(emu.demo.general_channel_id, text(std::string(5000, 'x'))), "long");
  EXPECT_EQ(invalid.kind, ErrorKind::Api);
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(invalid.code, "INVALID_FORM_BODY");
  ASSERT_FALSE(invalid.errors.empty());
  EXPECT_EQ(invalid.errors[0].path, "content");
  EXPECT_FALSE(invalid.errors[0].message.empty());
  EXPECT_EQ(invalid.errors[0].code.empty(), !b());  // [A] entries have no code

  emu.server->fail_route_html({"POST", "/channels/{id}/invites"}, 502, 1);  // a POST: not retried
  const auto html = must_fail(rest.create_invite(emu.demo.general_channel_id), "html");
  EXPECT_EQ(html.kind, ErrorKind::Http);
  EXPECT_EQ(html.status, 502);

  // Refused before sending: nothing reaches the server.
  emu.server->clear_request_log();
  EXPECT_EQ(must_fail(rest.get_messages(emu.demo.general_channel_id, {.limit = 500}), "limit").kind,
            ErrorKind::InvalidArgument);
  EXPECT_EQ(must_fail(rest.add_reaction(emu.demo.general_channel_id, Snowflake{5}, ""), "emoji").kind,
            ErrorKind::InvalidArgument);
  EXPECT_TRUE(emu.server->request_log().empty());
}

TEST_P(RestBehaviour, RateLimitStormLosesAndDuplicatesNothing) {
  auto o = rest_options(GetParam(), true);
  o.rate_limit_time_scale = 0.05;
  RestEmu emu{o};
  const auto channel = emu.demo.general_channel_id;
  // Five 429s in a row for the first message (the client allows five retries), then the rest.
  emu.server->rate_limit_storm({"POST", "/channels/{channel_id}/messages"}, 5, 30ms);
  Rest rest(emu.rest_options());
  std::vector<Future<Message>> sent;
  for (int i = 0; i < 12; ++i) sent.push_back(rest.create_message(channel, text("m" + std::to_string(i))));
  for (auto& f : sent) must(std::move(f), "create_message under a storm");
  std::vector<std::string> expected;
  for (int i = 0; i < 12; ++i) expected.push_back("m" + std::to_string(i));
  EXPECT_EQ(contents(emu, channel), expected);  // each once, in order
  int limited = 0;
  for (const auto& e : emu.logged("POST", "/messages")) limited += e.status == 429 ? 1 : 0;
  EXPECT_EQ(limited, 5);
}

TEST_P(RestBehaviour, ServiceUnavailableStreamsAreRetriedOnlyWhenSafe) {
  RestEmu emu{rest_options(GetParam())};
  const auto channel = emu.demo.general_channel_id;
  auto opts = emu.rest_options();
  opts.retry_backoff_base = 5ms;
  Rest rest(opts);
  auto busy = [&](const std::string& method, const std::string& path, std::size_t times) {
    auto left = std::make_shared<std::atomic<std::size_t>>(times);
    return emu.server->add_rest_fault([=](const RequestLogEntry& r) -> std::optional<RestFault> {
      if (r.method != method || r.path.find(path) == std::string::npos) return std::nullopt;
      auto n = left->load();
      while (n > 0)
        if (left->compare_exchange_weak(n, n - 1)) {
          RestFault f;
          f.status = 503;
          f.headers = {{"Retry-After", "0"}, {"Content-Type", "application/json"}};
          f.body = R"({"code":"SERVICE_UNAVAILABLE","message":"busy"})";
          return f;
        }
      return std::nullopt;
    });
  };
  busy("GET", "/users/@me", 3);
  EXPECT_EQ(must(rest.get_current_user(), "GET through three 503s").id, emu.demo.bot_user_id);
  EXPECT_EQ(emu.logged("GET", "/users/@me").size(), 4U);

  busy("POST", "/messages", 2);
  must(rest.create_message(channel, text("once")), "message create through 503s");
  EXPECT_EQ(contents(emu, channel), std::vector<std::string>{"once"});
  const auto posts = emu.logged("POST", "/messages");
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[0].body, posts[2].body);  // the same nonce every time

  busy("POST", "/invites", 1);
  const auto e = must_fail(rest.create_invite(channel), "invite create is not retried");
  EXPECT_EQ(e.status, 503);
  EXPECT_EQ(emu.logged("POST", "/invites").size(), 1U);

  // The real 503 of the in-flight ceiling (Retry-After: 1) on a DELETE.
  const auto m = must(rest.create_message(channel, text("delete me")), "message");
  emu.server->service_unavailable({"DELETE", "/channels/{c}/messages/{m}"}, 1);
  must(rest.delete_message(channel, m.id), "DELETE through a 503");
}

TEST_P(RestBehaviour, ATransportFailureOnAPostOtherThanMessageCreateIsNotRetried) {
  RestEmu emu{rest_options(GetParam())};
  const auto channel = emu.demo.general_channel_id;
  DroppingProxy proxy(emu.server->port(), "POST /v1/channels/" + channel.str() + "/invites", 1);
  auto opts = emu.rest_options();
  opts.api_base = proxy.api_url();
  opts.retry_backoff_base = 5ms;
  Rest rest(opts);
  const auto e = must_fail(rest.create_invite(channel), "dropped invite");
  EXPECT_EQ(e.kind, ErrorKind::Rest);
  EXPECT_EQ(proxy.dropped(), 1);
  EXPECT_EQ(emu.logged("POST", "/invites").size(), 1U);  // it reached the server once, and only once
  EXPECT_EQ(emu.server->query([&](World& w) { return w.invites().size(); }), 1U);
}

TEST_P(RestBehaviour, MessageCreateRetriedAfterADroppedConnection) {
  RestEmu emu{rest_options(GetParam())};
  const auto channel = emu.demo.general_channel_id;
  DroppingProxy proxy(emu.server->port(), "POST /v1/channels/" + channel.str() + "/messages", 1);
  auto opts = emu.rest_options();
  opts.api_base = proxy.api_url();
  opts.retry_backoff_base = 5ms;
  Rest rest(opts);
  const auto m = must(rest.create_message(channel, text("exactly once")), "create_message");
  EXPECT_EQ(proxy.dropped(), 1);
  const auto posts = emu.logged("POST", "/messages");
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[0].body, posts[1].body);  // the retry carries the same nonce
  if (b()) {
    // [B] returns the original message for a repeated nonce: one message.
    EXPECT_EQ(contents(emu, channel), std::vector<std::string>{"exactly once"});
  } else {
    // [A] does not deduplicate: the documented cost of retrying a create there.
    EXPECT_EQ(contents(emu, channel).size(), 2U);
  }
  EXPECT_EQ(m.content, "exactly once");

  // GETs are retried too.
  DroppingProxy gets(emu.server->port(), "GET /v1/users/@me", 1);
  opts.api_base = gets.api_url();
  Rest again(opts);
  EXPECT_EQ(must(again.get_current_user(), "GET after a drop").id, emu.demo.bot_user_id);
  EXPECT_EQ(gets.dropped(), 1);
}

TEST_P(RestBehaviour, HeadersOnTheWire) {
  RestEmu emu{rest_options(GetParam())};
  Rest rest(emu.rest_options());
  const auto channel = emu.demo.general_channel_id;
  const auto m = must(rest.create_message(channel, text("hi")), "create");
  must(rest.pin_message(channel, m.id), "pin (PUT, no body)");
  must(rest.delete_message(channel, m.id), "delete (no body)");
  must(rest.trigger_typing(channel), "typing (POST, no body)");
  for (const auto& e : emu.server->request_log()) {
    EXPECT_EQ(e.header("authorization"), "Bot " + emu.demo.bot_token) << e.path;
    EXPECT_EQ(e.header("user-agent"), fmt::format("fluxer-cpp (https://github.com/fluxer-cpp/fluxer, {})", kVersion));
    if (e.method == "POST" && e.path.ends_with("/messages")) {
      EXPECT_EQ(e.header("content-type"), "application/json");
    } else {
      EXPECT_FALSE(e.header("content-type")) << e.method << " " << e.path << " " << *e.header("content-type");
    }
  }
  const auto pin = emu.logged("PUT", "/pins/");
  ASSERT_EQ(pin.size(), 1U);
  EXPECT_EQ(pin[0].header("content-length"), "0");
}

TEST_P(RestBehaviour, AuditLogReasonsAreSentVerbatimAndNeverInjectHeaders) {
  RestEmu emu{rest_options(GetParam())};
  Rest rest(emu.rest_options());
  const std::string reason = "caf\xC3\xA9 r\xC3\xA8gles: spam & abuse";
  must(rest.remove_member(emu.demo.guild_id, emu.carol_id, {.audit_log_reason = reason}), "kick");
  const auto kicked = emu.logged("DELETE", "/members/");
  ASSERT_EQ(kicked.size(), 1U);
  EXPECT_EQ(kicked[0].header("x-audit-log-reason"), reason);

  emu.server->clear_request_log();
  const auto e = must_fail(
      rest.remove_member(emu.demo.guild_id, emu.bob_id, {.audit_log_reason = "spam\r\nX-Injected: 1"}), "crlf");
  EXPECT_EQ(e.kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(e.code, "INVALID_HEADER");
  EXPECT_EQ(
      must_fail(rest.remove_member(emu.demo.guild_id, emu.bob_id, {.audit_log_reason = std::string(513, 'x')}), "long")
          .code,
      "TOO_LONG");
  EXPECT_TRUE(emu.server->request_log().empty());  // nothing was sent
}

TEST_P(RestBehaviour, RepeatedUnauthorizedAnswersStopTheTokenFromBeingSent) {
  Snowflake hook_id;
  std::string hook_token;
  RestEmu emu{rest_options(GetParam()), [&](RestEmu& e, World& w) {
                auto& h = w.add_webhook(e.demo.general_channel_id, e.demo.human_id, "Hook");
                hook_id = h.id;
                hook_token = h.token;
              }};
  auto opts = emu.rest_options();
  opts.token = emu.demo.application_id.str() + ".not-the-right-secret-but-the-right-shape-123";
  Rest rest(opts);
  for (int i = 0; i < 3; ++i) {
    const auto e = must_fail(rest.get_current_user(), "401");
    EXPECT_EQ(e.kind, ErrorKind::InvalidToken);
    EXPECT_EQ(e.status, 401);
  }
  const auto refused = must_fail(rest.get_channel(emu.demo.general_channel_id), "not sent");
  EXPECT_EQ(refused.kind, ErrorKind::InvalidToken);
  EXPECT_EQ(refused.code, "TOKEN_REJECTED");
  EXPECT_EQ(emu.server->request_log().size(), 3U);
  // Webhook-token routes do not use the bot token: they still work.
  EXPECT_EQ(must(rest.get_webhook_with_token(hook_id, hook_token), "token route").id, hook_id);
}

TEST_P(RestBehaviour, WebhookTokensNeverReachLogsOrErrorText) {
  LogLines lines;
  Snowflake hook_id;
  std::string hook_token;
  RestEmu emu{rest_options(GetParam()), [&](RestEmu& e, World& w) {
                auto& h = w.add_webhook(e.demo.general_channel_id, e.demo.human_id, "Hook");
                hook_id = h.id;
                hook_token = h.token;
              }};
  auto opts = emu.rest_options();
  opts.log_sink = lines.sink();
  opts.log_level = LogLevel::Trace;
  Rest rest(opts);
  emu.server->fail_route({"POST", "/webhooks/{id}/{token}"}, 500, "INTERNAL_SERVER_ERROR", "boom", 1);
  ExecuteWebhook body;
  body.message.content = "hello";
  const auto e = must_fail(rest.execute_webhook(hook_id, hook_token, body), "500");
  EXPECT_EQ(e.status, 500);
  EXPECT_EQ(e.message.find(hook_token), std::string::npos) << e.message;
  EXPECT_EQ(e.to_string().find(hook_token), std::string::npos) << e.to_string();
  EXPECT_NE(e.to_string().find("[redacted]"), std::string::npos) << e.to_string();
  // A network failure is logged (warn), with the path redacted.
  DroppingProxy proxy(emu.server->port(), "POST /v1/webhooks/", 1);
  opts.api_base = proxy.api_url();
  Rest through(opts);
  const auto dropped = must_fail(through.execute_webhook(hook_id, hook_token, body), "dropped");
  EXPECT_EQ(dropped.kind, ErrorKind::Rest);
  EXPECT_EQ(dropped.to_string().find(hook_token), std::string::npos);
  ASSERT_TRUE(lines.any_contains("/webhooks/" + hook_id.str() + "/[redacted]"));
  EXPECT_FALSE(lines.any_contains(hook_token));
  EXPECT_FALSE(lines.any_contains(emu.demo.bot_token));
}

TEST_P(RestBehaviour, UploadsArriveByteIdentical) {
  RestEmu emu{rest_options(GetParam())};
  Rest rest(emu.rest_options());
  const auto channel = emu.demo.general_channel_id;
  std::string binary;
  for (int i = 0; i < 70'000; ++i) binary.push_back(static_cast<char>((i * 131) ^ (i >> 3)));  // NULs included
  std::string on_disk;
  for (int i = 0; i < 300'000; ++i) on_disk.push_back(static_cast<char>(i % 251));
  const auto path = std::filesystem::temp_directory_path() /
                    ("fluxer-upload-" + std::to_string(::getpid()) + "-" + (b() ? "b" : "a"));
  std::ofstream(path, std::ios::binary) << on_disk;

  CreateMessage m;
  m.content = "two files";
  m.files.push_back(FileUpload{.filename = "memory.bin", .data = binary, .description = "from memory"});
  auto sent = must(rest.create_message(channel, m, {UploadFile::from_path(path, "disk.bin")}), "upload");
  std::filesystem::remove(path);
  ASSERT_EQ(sent.attachments.size(), 2U);
  std::map<std::string, std::string> expected{{"memory.bin", binary}, {"disk.bin", on_disk}};
  for (const auto& a : sent.attachments) {
    ASSERT_TRUE(a.url) << a.filename;
    EXPECT_EQ(a.size, expected[a.filename].size());
    const auto got = http("GET", *a.url, {}, {});
    EXPECT_EQ(got.status, 200) << *a.url;
    EXPECT_TRUE(got.body == expected[a.filename]) << a.filename << ": " << got.body.size() << " bytes";
  }
  EXPECT_EQ(sent.attachments[0].description, "from memory");

  if (b()) {  // [B] webhooks take files too
    const auto hook = must(rest.create_webhook(channel, {.name = "Uploader"}), "webhook");
    ExecuteWebhook body;
    body.message.content = "via webhook";
    const auto posted =
        must(rest.execute_webhook(hook.id, *hook.token, body, {UploadFile::from_memory("w.bin", binary)}), "exec");
    ASSERT_EQ(posted.attachments.size(), 1U);
    EXPECT_TRUE(http("GET", *posted.attachments[0].url, {}, {}).body == binary);
  }
}

TEST_P(RestBehaviour, UploadLimitsAreCheckedBeforeSending) {
  RestEmu emu{rest_options(GetParam())};
  auto opts = emu.rest_options();
  opts.max_upload_bytes = 1024;
  Rest rest(opts);
  CreateMessage m;
  m.files.push_back(FileUpload{.filename = "big.bin", .data = std::string(2048, 'x')});
  const auto e = must_fail(rest.create_message(emu.demo.general_channel_id, m), "too big");
  EXPECT_EQ(e.kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(e.code, "FILE_SIZE_TOO_LARGE");
  EXPECT_NE(e.message.find("big.bin"), std::string::npos);
  std::vector<UploadFile> eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(UploadFile::from_memory("f" + std::to_string(i), "x"));
  EXPECT_EQ(must_fail(rest.create_message(emu.demo.general_channel_id, text("x"), eleven), "count").code,
            "TOO_MANY_FILES");
  EXPECT_TRUE(emu.server->request_log().empty());
}

TEST_P(RestBehaviour, ARateLimitWaitPastTheDeadlineFailsAtOnce) {
  auto o = rest_options(GetParam(), true);
  RestEmu emu{o};
  emu.server->rate_limit_storm({"GET", "/channels/{channel_id}"}, 1, std::chrono::minutes(10));
  Rest rest(emu.rest_options());
  const auto started = std::chrono::steady_clock::now();
  const auto e = must_fail(rest.get_channel(emu.demo.general_channel_id, {.timeout = 2s}), "10 min wait");
  EXPECT_EQ(e.kind, ErrorKind::RateLimit);
  ASSERT_TRUE(e.retry_after);
  EXPECT_GT(*e.retry_after, std::chrono::minutes(9));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);  // no silent wait
  // The bucket stays blocked: the next call fails fast too, without a request.
  emu.server->clear_request_log();
  EXPECT_EQ(must_fail(rest.get_channel(emu.demo.general_channel_id, {.timeout = 2s}), "still blocked").code,
            "RATE_LIMIT_EXCEEDS_TIMEOUT");
  EXPECT_TRUE(emu.server->request_log().empty());
}

TEST_P(RestBehaviour, PerCallTimeoutAndCancellation) {
  RestEmu emu{rest_options(GetParam())};
  Rest rest(emu.rest_options());
  emu.server->delay_route({"GET", "/gateway/bot"}, 3s);
  const auto started = std::chrono::steady_clock::now();
  const auto timed_out = must_fail(rest.get_gateway_bot({.timeout = 300ms}), "timeout");
  EXPECT_EQ(timed_out.kind, ErrorKind::Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);

  CancellationSource stop;
  auto in_flight = rest.get_gateway_bot({.cancel = stop.token()});  // on the wire, held 3 s
  auto queued = rest.get_gateway_bot({.cancel = stop.token()});     // waits for its bucket
  auto other = rest.get_current_user();                             // not cancelled
  stop.cancel();
  EXPECT_EQ(must_fail(std::move(in_flight), "in flight").kind, ErrorKind::Cancelled);
  EXPECT_EQ(must_fail(std::move(queued), "queued").kind, ErrorKind::Cancelled);
  EXPECT_TRUE(await(std::move(other)).ok());
  EXPECT_EQ(must_fail(rest.get_current_user({.cancel = stop.token()}), "already cancelled").kind, ErrorKind::Cancelled);
}

TEST_P(RestBehaviour, SeveralWorkersKeepEachChannelsOrder) {
  auto o = rest_options(GetParam(), true);
  o.rate_limit_scale = 0.25;       // 5 messages per window
  o.rate_limit_time_scale = 0.05;  // windows of 0.5 s
  o.global_rate_limit = 200;       // scaled: 50 per 50 ms, far above this test's pace
  RestEmu emu{o};
  auto opts = emu.rest_options();
  opts.workers = 3;
  Rest rest(opts);
  const std::vector<Snowflake> channels{emu.demo.general_channel_id, emu.demo.commands_channel_id,
                                        emu.bot_guild_channel_id};
  std::vector<Future<Message>> sent;
  for (int i = 0; i < 8; ++i)
    for (auto c : channels) sent.push_back(rest.create_message(c, text(c.str() + "/" + std::to_string(i))));
  for (auto& f : sent) must(std::move(f), "create");
  for (auto c : channels) {
    std::vector<std::string> expected;
    for (int i = 0; i < 8; ++i) expected.push_back(c.str() + "/" + std::to_string(i));
    EXPECT_EQ(contents(emu, c), expected);
  }
  int limited = 0;
  for (const auto& e : emu.server->request_log()) limited += e.status == 429 ? 1 : 0;
  EXPECT_EQ(limited, 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, RestBehaviour, ::testing::Values(ProtocolMode::A, ProtocolMode::B),
                         [](const auto& info) { return info.param == ProtocolMode::A ? "A" : "B"; });

}  // namespace
}  // namespace fluxer::emulator::test
