// decode_frame: the envelope, the raw `d` text, typed events, decode failures kept as
// UnknownEvent, revision hints, and envelopes that are not gateway frames.

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "gateway/frame.hpp"

namespace fluxer::gateway::detail {
namespace {

constexpr const char* kMessage =
    R"({"id":"1000","channel_id":"2000","author":{"id":"3000","username":"alice","discriminator":"0001"},)"
    R"("content":"hello","timestamp":"2026-01-08T12:00:00.000Z","type":0})";

Frame ok(const std::string& text) {
  auto f = decode_frame(text);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().to_string());
  return f.ok() ? std::move(*f) : Frame{};
}

TEST(GatewayFrame, DispatchKeepsTheRawDExactlyAndDecodesTheEvent) {
  const std::string d = std::string(kMessage);
  auto f = ok(R"({"op":0,"t":"MESSAGE_CREATE","s":42,"d":)" + d + "}");
  EXPECT_EQ(f.op, 0);
  EXPECT_EQ(f.seq, 42);
  EXPECT_EQ(f.name, "MESSAGE_CREATE");
  ASSERT_TRUE(f.raw);
  EXPECT_EQ(*f.raw, d);
  const auto* m = std::get_if<MessageCreate>(&f.event);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->message.content, "hello");
  EXPECT_EQ(m->message.id, Snowflake{1000});
}

TEST(GatewayFrame, RawDIsFoundInAnyPositionAndWithWhitespace) {
  // The real server orders keys alphabetically ("d" first); the emulator puts "d" last.
  auto first = ok(std::string(R"({"d" :  )") + kMessage + R"( , "op":0,"s":7,"t":"MESSAGE_CREATE"})");
  EXPECT_EQ(*first.raw, kMessage);
  EXPECT_EQ(first.seq, 7);
  auto scalar = ok(R"({"op":0,"t":"SOMETHING_NEW","s":3,"d":  12.5 })");
  EXPECT_EQ(*scalar.raw, "12.5");
  auto str = ok(R"({"op":0,"t":"SOMETHING_NEW","s":3,"d":"a \"quoted\" {text}"})");
  EXPECT_EQ(*str.raw, R"("a \"quoted\" {text}")");
  auto nested = ok(R"({"op":0,"t":"X","s":1,"d":{"a":[{"d":1},"}"],"b":{"d":{}}},"z":1})");
  EXPECT_EQ(*nested.raw, R"({"a":[{"d":1},"}"],"b":{"d":{}}})");
}

TEST(GatewayFrame, MissingDIsNullText) {
  auto f = ok(R"({"op":0,"t":"RESUMED","s":5})");
  ASSERT_TRUE(f.raw);
  EXPECT_EQ(*f.raw, "null");
  EXPECT_TRUE(std::holds_alternative<Resumed>(f.event));
}

TEST(GatewayFrame, UnknownEventsKeepTheirTextAndCarryNoError) {
  auto f = ok(R"({"op":0,"t":"POLL_VOTE_ADD","s":9,"d":{"x": [1, 2]}})");
  const auto* u = std::get_if<UnknownEvent>(&f.event);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->name, "POLL_VOTE_ADD");
  EXPECT_EQ(u->json, R"({"x": [1, 2]})");
  EXPECT_FALSE(u->error.has_value());
}

TEST(GatewayFrame, AKnownEventThatFailsToDecodeIsKeptAsUnknownEventWithTheError) {
  // A message without an id cannot be decoded: it must still reach the handlers.
  auto f = ok(R"({"op":0,"t":"MESSAGE_CREATE","s":11,"d":{"channel_id":"1","content":"x"}})");
  const auto* u = std::get_if<UnknownEvent>(&f.event);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->name, "MESSAGE_CREATE");
  EXPECT_EQ(u->json, R"({"channel_id":"1","content":"x"})");
  ASSERT_TRUE(u->error.has_value());
  EXPECT_EQ(u->error->kind, ErrorKind::Decode);
  EXPECT_EQ(f.seq, 11);
}

TEST(GatewayFrame, HelloHeartbeatAckReconnectInvalidSession) {
  auto hello = ok(R"({"op":10,"d":{"heartbeat_interval":41250}})");
  EXPECT_EQ(hello.op, 10);
  EXPECT_EQ(hello.heartbeat_interval, std::chrono::milliseconds{41250});
  auto bad_hello = ok(R"({"op":10,"d":{"heartbeat_interval":"soon"}})");
  EXPECT_FALSE(bad_hello.heartbeat_interval.has_value());
  EXPECT_EQ(ok(R"({"op":11})").op, 11);  // no d at all
  EXPECT_EQ(ok(R"({"op":7})").op, 7);
  EXPECT_EQ(ok(R"({"op":9,"d":false})").op, 9);
  EXPECT_EQ(ok(R"({"op":1,"d":null})").op, 1);
  auto err = ok(R"({"op":12,"d":{"code":"VOICE_CHANNEL_FULL","message":"full"}})");
  EXPECT_EQ(err.error_code, "VOICE_CHANNEL_FULL");
  EXPECT_EQ(err.error_message, "full");
  EXPECT_EQ(ok(R"({"op":99,"d":null})").op, 99);  // unknown opcodes are frames too
}

TEST(GatewayFrame, RevisionHints) {
  EXPECT_EQ(ok(R"({"op":0,"t":"RESUMED","s":3,"d":null})").revision, RevisionHint::A);
  EXPECT_EQ(ok(R"({"op":0,"t":"RESUMED","s":3,"d":{}})").revision, RevisionHint::B);
  const std::string ready_a =
      R"({"op":0,"t":"READY","s":1,"d":{"session_id":"abc","version":1,"user":{"id":"1","username":"b","discriminator":"0000","bot":true},"guilds":[],"feature_flags":[]}})";
  const std::string ready_b =
      R"({"op":0,"t":"READY","s":1,"d":{"session_id":"abc","version":1,"user":{"id":"1","username":"b","discriminator":"0000","bot":true},"guilds":[],"webauthn_credentials":[]}})";
  auto a = ok(ready_a);
  EXPECT_EQ(a.revision, RevisionHint::A);
  ASSERT_TRUE(std::holds_alternative<Ready>(a.event));
  EXPECT_EQ(std::get<Ready>(a.event).session_id, "abc");
  EXPECT_EQ(ok(ready_b).revision, RevisionHint::B);
  EXPECT_EQ(ok(R"({"op":0,"t":"TYPING_START","s":3,"d":null})").revision, RevisionHint::Unknown);
}

// Skipped lenient fields are reported once per event and field on each thread, on both
// decoding paths. Each case runs on a thread of its own so what other tests reported does
// not count.
std::vector<std::vector<FieldWarning>> warnings_of(const std::vector<std::string>& frames) {
  std::vector<std::vector<FieldWarning>> out;
  std::thread([&] {
    for (const auto& text : frames) {
      auto f = decode_frame(text);
      EXPECT_TRUE(f.ok()) << text;
      out.push_back(f.ok() ? f->warnings : std::vector<FieldWarning>{});
    }
  }).join();
  return out;
}

TEST(GatewayFrame, ReadyAndResumedReportSkippedFieldsOncePerField) {
  const std::string ready =
      R"({"op":0,"t":"READY","s":1,"d":{"session_id":"abc","version":1,"user":{"id":"1","username":"b","discriminator":"0000","bot":true},"guilds":[],"country_code":5}})";
  auto w = warnings_of({ready, ready});
  ASSERT_EQ(w.size(), 2U);
  ASSERT_EQ(w[0].size(), 1U) << "READY takes the slow path: its warnings must not be lost";
  EXPECT_EQ(w[0][0].path, "country_code");
  EXPECT_EQ(w[0][0].code, "INVALID_TYPE");
  EXPECT_TRUE(w[1].empty()) << "the same field of the same event is reported once";
  // The event is still delivered, without the field.
  auto f = ok(ready);
  ASSERT_TRUE(std::holds_alternative<Ready>(f.event));
  EXPECT_EQ(std::get<Ready>(f.event).session_id, "abc");
  EXPECT_FALSE(std::get<Ready>(f.event).country_code.has_value());
}

TEST(GatewayFrame, FastPathDispatchesReportSkippedFieldsOncePerField) {
  const std::string message = std::string(R"({"op":0,"t":"MESSAGE_CREATE","s":2,"d":)") +
                              R"({"id":"1000","channel_id":"2000","author":{"id":"3000","username":"alice","discriminator":"0001"},)"
                              R"("content":"hello","timestamp":"2026-01-08T12:00:00.000Z","type":0,"pinned":"yes"}})";
  auto w = warnings_of({message, message});
  ASSERT_EQ(w.size(), 2U);
  ASSERT_EQ(w[0].size(), 1U);
  EXPECT_EQ(w[0][0].path, "pinned");
  EXPECT_TRUE(w[1].empty());
}

TEST(GatewayFrame, EnvelopesThatAreNotFramesAreTypedErrors) {
  for (const char* text : {"this is not JSON {\"op\":", "[1,2]", "{}", R"({"op":"0"})", R"({"op":1.5})", ""}) {
    auto f = decode_frame(text);
    EXPECT_FALSE(f.ok()) << text;
    if (!f.ok()) {
      EXPECT_EQ(f.error().kind, ErrorKind::Decode) << text;
    }
  }
  const std::string with_nul("{\"op\":0,\"d\":\"a\0b\"}", 18);
  EXPECT_FALSE(decode_frame(with_nul).ok());
  std::string deep = R"({"op":0,"t":"X","s":1,"d":)" + std::string(200, '[') + std::string(200, ']') + "}";
  auto f = decode_frame(deep);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, "TOO_DEEP");
}

TEST(GatewayFrame, LargePayloadsLeaveTheStackBuffers) {
  std::string content(20'000, 'x');
  const std::string d =
      R"({"id":"1","channel_id":"2","author":{"id":"3","username":"a","discriminator":"0"},"content":")" + content +
      R"(","timestamp":"2026-01-08T12:00:00Z","type":0})";
  auto f = ok(R"({"op":0,"t":"MESSAGE_CREATE","s":1,"d":)" + d + "}");
  EXPECT_EQ(*f.raw, d);
  ASSERT_TRUE(std::holds_alternative<MessageCreate>(f.event));
  EXPECT_EQ(std::get<MessageCreate>(f.event).message.content.size(), content.size());
}

}  // namespace
}  // namespace fluxer::gateway::detail
