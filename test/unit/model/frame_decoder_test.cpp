// FrameDecoder: a whole gateway frame in one pass (envelope, typed dispatch, raw `d`),
// whatever the key order, with failed events kept as UnknownEvent and skipped fields
// reported once per event and field.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>

#include "fixtures.hpp"
#include "model/frame_decoder.hpp"

namespace {

using namespace fluxer;
using mjson::FrameDecoder;
using mjson::GatewayFrame;

std::string dispatch(std::string_view t, std::string_view d, long s = 42) {
  return R"({"op":0,"t":")" + std::string(t) + R"(","s":)" + std::to_string(s) + R"(,"d":)" + std::string(d) + "}";
}

/// Keys sorted, as a server that encodes a sorted map sends them: d, op, s, t.
std::string dispatch_sorted(std::string_view t, std::string_view d, long s = 42) {
  return R"({"d":)" + std::string(d) + R"(,"op":0,"s":)" + std::to_string(s) + R"(,"t":")" + std::string(t) + "\"}";
}

TEST(FrameDecoder, DispatchWithNameFirst) {
  FrameDecoder decoder;
  GatewayFrame f;
  const std::string text = dispatch(events::MESSAGE_CREATE, fixtures::kMessageCreate);
  ASSERT_TRUE(decoder.decode(text, f).ok());
  EXPECT_EQ(f.op, 0);
  EXPECT_EQ(f.seq, 42);
  EXPECT_EQ(f.event_name, events::MESSAGE_CREATE);
  // `d` is the exact text of the frame, whitespace and all, never re-serialised.
  EXPECT_EQ(f.d, fixtures::kMessageCreate);
  ASSERT_NE(f.shared_d, nullptr);
  EXPECT_EQ(*f.shared_d, fixtures::kMessageCreate);
  const auto* m = std::get_if<MessageCreate>(&f.event);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(*m, std::get<MessageCreate>(decode_dispatch(events::MESSAGE_CREATE, fixtures::kMessageCreate).value()));
  EXPECT_TRUE(f.warnings.empty());
  EXPECT_EQ(decoder.second_reads(), 0u);
}

TEST(FrameDecoder, DispatchWithNameLastIsStillOnePass) {
  FrameDecoder decoder;
  GatewayFrame f;
  const std::string sorted = dispatch_sorted(events::GUILD_CREATE, fixtures::kGuildCreate, 7);
  ASSERT_TRUE(decoder.decode(sorted, f).ok());  // f.d points into `sorted`
  EXPECT_EQ(f.seq, 7);
  EXPECT_EQ(f.d, fixtures::kGuildCreate);
  ASSERT_TRUE(std::holds_alternative<GuildCreate>(f.event));
  EXPECT_EQ(std::get<GuildCreate>(f.event).guild.name, "Fluxer Devs");
  EXPECT_EQ(decoder.second_reads(), 0u);  // the name was taken from the frame's tail

  // `t` after `d` but not last: read `d` a second time, same result.
  const std::string late =
      R"({"op":0,"d":)" + std::string(fixtures::kMessageDelete) + R"(,"t":"MESSAGE_DELETE","s":8})";
  ASSERT_TRUE(decoder.decode(late, f).ok());
  EXPECT_EQ(decoder.second_reads(), 1u);
  ASSERT_TRUE(std::holds_alternative<MessageDelete>(f.event));
  EXPECT_EQ(std::get<MessageDelete>(f.event).content, "oops");
  EXPECT_EQ(f.seq, 8);
}

TEST(FrameDecoder, ADuplicatedNameIsCheckedNotTrusted) {
  FrameDecoder decoder;
  GatewayFrame f;
  // The tail says MESSAGE_DELETE; the last `t` wins, and `d` is read as that.
  const std::string text = R"({"op":0,"t":"MESSAGE_CREATE","s":1,"d":)" + std::string(fixtures::kMessageDelete) +
                           R"(,"t":"MESSAGE_DELETE"})";
  ASSERT_TRUE(decoder.decode(text, f).ok());
  EXPECT_EQ(f.event_name, events::MESSAGE_DELETE);
  EXPECT_TRUE(std::holds_alternative<MessageDelete>(f.event));
}

TEST(FrameDecoder, UnknownEventKeepsRawPayload) {
  FrameDecoder decoder;
  GatewayFrame f;
  ASSERT_TRUE(decoder.decode(R"({"op":0,"t":"POLL_VOTE_ADD","s":3,"d":{"poll":[1, 2, {"x": null}]}})", f).ok());
  const auto* u = std::get_if<UnknownEvent>(&f.event);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->name, "POLL_VOTE_ADD");
  EXPECT_EQ(u->json, R"({"poll":[1, 2, {"x": null}]})");
  EXPECT_FALSE(u->error.has_value());
  EXPECT_EQ(*f.shared_d, u->json);
}

TEST(FrameDecoder, FailedEventArrivesAsUnknownEventWithTheError) {
  FrameDecoder decoder;
  GatewayFrame f;
  for (const std::string& text : {dispatch(events::MESSAGE_CREATE, R"({"id":"1","channel_id":{"x":[1]}})", 9),
                                  dispatch_sorted(events::MESSAGE_CREATE, R"({"id":"1","channel_id":{"x":[1]}})", 9)}) {
    ASSERT_TRUE(decoder.decode(text, f).ok()) << text;
    EXPECT_EQ(f.seq, 9);  // the sequence number is never lost with the event
    const auto* u = std::get_if<UnknownEvent>(&f.event);
    ASSERT_NE(u, nullptr) << text;
    EXPECT_EQ(u->name, events::MESSAGE_CREATE);
    EXPECT_EQ(u->json, R"({"id":"1","channel_id":{"x":[1]}})");
    ASSERT_TRUE(u->error.has_value());
    EXPECT_EQ(u->error->kind, ErrorKind::Decode);
    EXPECT_EQ(u->error->errors.at(0).path, "channel_id");
    EXPECT_EQ(u->error->message.rfind("MESSAGE_CREATE: ", 0), 0u);
  }
}

TEST(FrameDecoder, SkippedFieldsAreReportedOncePerEventAndField) {
  FrameDecoder decoder;
  std::vector<std::pair<std::string, std::string>> reported;
  decoder.set_warning_sink(
      [&](std::string_view event, const FieldWarning& w) { reported.emplace_back(std::string(event), w.path); });
  GatewayFrame f;
  const std::string pinned = R"({"id":"1","channel_id":"2","pinned":"no","embeds":[{"color":"red"},{"color":"blue"}]})";
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(decoder.decode(dispatch(events::MESSAGE_CREATE, pinned), f).ok());
    ASSERT_TRUE(std::holds_alternative<MessageCreate>(f.event));
    EXPECT_EQ(std::get<MessageCreate>(f.event).message.embeds.size(), 2u);
    ASSERT_EQ(f.warnings.size(), 2u);  // every frame still lists its own
    EXPECT_EQ(f.warnings[1].count, 2u);
  }
  ASSERT_TRUE(decoder.decode(dispatch(events::MESSAGE_UPDATE, pinned), f).ok());
  ASSERT_EQ(reported.size(), 4u);
  EXPECT_EQ(reported[0], (std::pair<std::string, std::string>{"MESSAGE_CREATE", "pinned"}));
  EXPECT_EQ(reported[1], (std::pair<std::string, std::string>{"MESSAGE_CREATE", "embeds.0.color"}));
  EXPECT_EQ(reported[2], (std::pair<std::string, std::string>{"MESSAGE_UPDATE", "pinned"}));
  EXPECT_EQ(decoder.suppressed_warnings(), 4u);
}

TEST(FrameDecoder, OtherOpcodes) {
  FrameDecoder decoder;
  GatewayFrame f;
  ASSERT_TRUE(decoder.decode(R"({"op":10,"d":{"heartbeat_interval":41250}})", f).ok());
  EXPECT_EQ(f.op, 10);
  EXPECT_EQ(f.heartbeat_interval, std::chrono::milliseconds{41250});
  EXPECT_EQ(f.d, R"({"heartbeat_interval":41250})");
  EXPECT_EQ(f.shared_d, nullptr);  // only dispatches are shared with handlers
  ASSERT_TRUE(decoder.decode(R"({"d":{"heartbeat_interval":45000},"op":10,"s":null,"t":null})", f).ok());
  EXPECT_EQ(f.heartbeat_interval, std::chrono::milliseconds{45000});
  EXPECT_FALSE(f.seq.has_value());
  EXPECT_TRUE(f.event_name.empty());

  ASSERT_TRUE(decoder.decode(R"({"op":11})", f).ok());
  EXPECT_EQ(f.op, 11);
  EXPECT_TRUE(f.d.empty());
  ASSERT_TRUE(decoder.decode(R"({"op":1,"d":null})", f).ok());
  EXPECT_EQ(f.d, "null");
  ASSERT_TRUE(decoder.decode(R"({"op":9,"d":false})", f).ok());
  EXPECT_FALSE(f.resumable);
  ASSERT_TRUE(decoder.decode(R"({"op":9,"d":true})", f).ok());
  EXPECT_TRUE(f.resumable);
  ASSERT_TRUE(decoder.decode(R"({"op":7})", f).ok());
  ASSERT_TRUE(decoder.decode(R"({"op":12,"d":{"code":"VOICE_CHANNEL_FULL","message":"full"}})", f).ok());
  EXPECT_EQ(f.d, R"({"code":"VOICE_CHANNEL_FULL","message":"full"})");
  // [A] RESUMED: `d` null and an `s` lower than what was replayed.
  ASSERT_TRUE(decoder.decode(R"({"op":0,"t":"RESUMED","s":3,"d":null})", f).ok());
  EXPECT_TRUE(std::holds_alternative<Resumed>(f.event));
  EXPECT_EQ(f.seq, 3);
  ASSERT_TRUE(decoder.decode(R"({"t":"RESUMED","s":12,"op":0})", f).ok());  // no `d` at all
  EXPECT_TRUE(std::holds_alternative<Resumed>(f.event));
  EXPECT_EQ(*f.shared_d, "null");
}

TEST(FrameDecoder, UnusableFramesAreTypedErrors) {
  FrameDecoder decoder;
  GatewayFrame f;
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", "INVALID_JSON"},
      {"{\"op\":0,", "INVALID_JSON"},
      {"[1,2]", "INVALID_PAYLOAD"},
      {"\"hello\"", "INVALID_PAYLOAD"},
      {R"({"d":{}})", "INVALID_PAYLOAD"},
      {R"({"op":"0","d":{}})", "INVALID_PAYLOAD"},
      {R"({"op":-1})", "INVALID_PAYLOAD"},
      {R"({"op":0,"s":1,"d":{}})", "INVALID_PAYLOAD"},  // a dispatch without a name
      {R"({"op":0,"s":"1","t":"X","d":{}})", "INVALID_PAYLOAD"},
      {R"({"op":0,"t":5,"d":{}})", "INVALID_PAYLOAD"},
      {R"({"op":10,"d":{"heartbeat_interval":"soon"}})", "INVALID_TYPE"},
      {std::string_view("{\"op\":1,\0\"d\":null}", 17), "INVALID_JSON"},
  };
  for (auto [text, code] : cases) {
    auto r = decoder.decode(text, f);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().kind, ErrorKind::Decode) << text;
    EXPECT_EQ(r.error().code, code) << text;
  }
  // Nesting is bounded in `d` and outside it, known event or not.
  for (std::string_view name : {"MESSAGE_CREATE", "SOMETHING_NEW"}) {
    const std::string deep = dispatch(name, std::string(200, '[') + std::string(200, ']'));
    auto r = decoder.decode(deep, f);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "TOO_DEEP");
  }
  auto deep_other = decoder.decode(R"({"op":1,"x":)" + std::string(100000, '[') + "}", f);
  ASSERT_FALSE(deep_other.ok());
  EXPECT_EQ(deep_other.error().code, "TOO_DEEP");
}

TEST(FrameDecoder, TruncatedFramesNeverDecode) {
  FrameDecoder decoder;
  GatewayFrame f;
  const std::string text = dispatch(events::MESSAGE_CREATE, fixtures::kMessageCreate);
  const std::string sorted = dispatch_sorted(events::MESSAGE_CREATE, fixtures::kMessageCreate);
  for (const std::string* t : {&text, &sorted}) {
    for (std::size_t n = 0; n < t->size(); ++n) {
      auto r = decoder.decode(std::string_view(*t).substr(0, n), f);
      ASSERT_FALSE(r.ok()) << n;
      ASSERT_EQ(r.error().kind, ErrorKind::Decode);
    }
  }
  // ... and the decoder is still fine afterwards.
  ASSERT_TRUE(decoder.decode(text, f).ok());
  EXPECT_TRUE(std::holds_alternative<MessageCreate>(f.event));
}

TEST(FrameDecoder, LargeFramesAndReuse) {
  FrameDecoder decoder;
  GatewayFrame f;
  std::string big = R"({"id":"1","channel_id":"2","content":")" + std::string(200000, 'x') + R"("})";
  ASSERT_TRUE(decoder.decode(dispatch(events::MESSAGE_CREATE, big), f).ok());
  EXPECT_EQ(std::get<MessageCreate>(f.event).message.content.size(), 200000u);
  auto keep = f.shared_d;  // handlers may still hold the previous payload
  ASSERT_TRUE(decoder.decode(dispatch(events::TYPING_START, fixtures::kTypingStartB), f).ok());
  EXPECT_TRUE(std::holds_alternative<TypingStart>(f.event));
  EXPECT_EQ(keep->size(), big.size());
  EXPECT_NE(f.shared_d, keep);
  // Escapes are unescaped in the typed event and kept as sent in the raw text.
  const std::string escaped = R"({"id":"1","channel_id":"2","content":"a\"b\\c\u00e9\n"})";
  const std::string frame = dispatch(events::MESSAGE_CREATE, escaped);
  ASSERT_TRUE(decoder.decode(frame, f).ok());
  EXPECT_EQ(std::get<MessageCreate>(f.event).message.content, "a\"b\\c\xC3\xA9\n");
  EXPECT_EQ(f.d, escaped);
}

}  // namespace
