// The HTTP layer, WebSocket framing and UTF-8 checks, sans-IO.

#include <gtest/gtest.h>

#include "emulator/gateway/websocket.hpp"
#include "emulator/http/http.hpp"
#include "emulator/json_reader.hpp"
#include "emulator/utf8.hpp"

namespace fluxer::emulator::test {
namespace {

using http::RequestParser;
using namespace std::string_literals;

TEST(HttpParser, ContentLengthBodyInPieces) {
  RequestParser p(1024);
  const std::string raw =
      "POST /v1/channels/1/messages?limit=5&q=a%20b HTTP/1.1\r\nHost: x\r\nAuthorization: Bot a.b\r\n"
      "Content-Length: 11\r\n\r\nhello world";
  for (std::size_t i = 0; i + 1 < raw.size(); ++i) ASSERT_EQ(p.feed(raw.substr(i, 1)), RequestParser::State::NeedMore);
  ASSERT_EQ(p.feed(raw.substr(raw.size() - 1)), RequestParser::State::Complete);
  auto r = p.take();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/v1/channels/1/messages");
  EXPECT_EQ(r.query, "limit=5&q=a%20b");
  EXPECT_EQ(r.query_param("q").value_or(""), "a b");
  ASSERT_NE(r.header("AUTHORIZATION"), nullptr);
  EXPECT_EQ(*r.header("authorization"), "Bot a.b");
  EXPECT_EQ(r.body, "hello world");
  EXPECT_TRUE(r.keep_alive());
}

TEST(HttpParser, ChunkedAndPipelined) {
  RequestParser p(1024);
  const std::string raw =
      "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
      "GET /b HTTP/1.1\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(p.feed(raw), RequestParser::State::Complete);
  auto first = p.take();
  EXPECT_EQ(first.body, "hello world");
  ASSERT_EQ(p.resume(), RequestParser::State::Complete);
  auto second = p.take();
  EXPECT_EQ(second.path, "/b");
  EXPECT_FALSE(second.keep_alive());
  EXPECT_EQ(p.resume(), RequestParser::State::NeedMore);
}

TEST(HttpParser, LimitsAndMalformedInput) {
  {
    RequestParser p(10);
    EXPECT_EQ(p.feed("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n"), RequestParser::State::Error);
    EXPECT_EQ(p.error_status(), 413);
  }
  {
    RequestParser p(10);
    EXPECT_EQ(p.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n"), RequestParser::State::Error);
    EXPECT_EQ(p.error_status(), 413);
  }
  for (const char* bad : {"GARBAGE\r\n\r\n", "GET nopath HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n",
                          "GET / HTTP/1.1\r\nno colon\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                          "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    RequestParser p(1024);
    EXPECT_EQ(p.feed(bad), RequestParser::State::Error) << bad;
    EXPECT_EQ(p.error_status(), 400) << bad;
  }
  RequestParser gzip(1024);
  EXPECT_EQ(gzip.feed("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"), RequestParser::State::Error);
  EXPECT_EQ(gzip.error_status(), 501);
  RequestParser huge(1024, 100);
  EXPECT_EQ(huge.feed("GET / HTTP/1.1\r\nX: " + std::string(200, 'a')), RequestParser::State::Error);
  EXPECT_EQ(huge.error_status(), 431);
}

TEST(HttpParser, ChunkSizesNearTwoTo64AreRefusedWithoutWrapping) {
  for (const char* size : {"FFFFFFFFFFFFFFFF", "fffffffffffffff0", "10000000000000000", "8000000000000000"}) {
    RequestParser p(1024);
    // One byte of body first, so that `body size + chunk size` would wrap to a small value.
    EXPECT_EQ(p.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n"s + size + "\r\n"),
              RequestParser::State::Error)
        << size;
    EXPECT_EQ(p.error_status(), 413) << size;
    EXPECT_LE(p.buffered_bytes(), 64U) << size;
  }
}

TEST(HttpParser, TrailersAreBoundedByTheHeaderLimit) {
  RequestParser p(1024, 1000);
  ASSERT_EQ(p.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Trailer: "),
            RequestParser::State::NeedMore);
  RequestParser::State state = RequestParser::State::NeedMore;
  for (int i = 0; i < 200 && state == RequestParser::State::NeedMore; ++i) state = p.feed(std::string(10, 'a'));
  EXPECT_EQ(state, RequestParser::State::Error);
  EXPECT_EQ(p.error_status(), 431);
  // Many short trailer lines count together.
  RequestParser lines(1024, 1000);
  state = lines.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n");
  for (int i = 0; i < 200 && state == RequestParser::State::NeedMore; ++i) state = lines.feed("X-T: abcdefgh\r\n");
  EXPECT_EQ(state, RequestParser::State::Error);
  EXPECT_EQ(lines.error_status(), 431);
  // Reasonable trailers are read and discarded.
  RequestParser ok(1024, 1000);
  ASSERT_EQ(ok.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nA: 1\r\nB: 2\r\n\r\n"),
            RequestParser::State::Complete);
  auto r = ok.take();
  EXPECT_EQ(r.body, "hi");
  EXPECT_EQ(r.header("a"), nullptr);
  EXPECT_EQ(ok.buffered_bytes(), 0U);
}

TEST(HttpParser, BareLineFeedsAreRefusedAtOnce) {
  for (const char* raw :
       {"GET / HTTP/1.1\nHost: x\n\n", "GET / HTTP/1.1\r\nHost: x\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\n", "\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\nhi\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\n\r\n"}) {
    RequestParser p(1024);
    EXPECT_EQ(p.feed(raw), RequestParser::State::Error) << raw;
    EXPECT_EQ(p.error_status(), 400) << raw;
  }
}

TEST(HttpParser, RequestSmugglingGuards) {
  const auto status = [](const std::string& raw) {
    RequestParser p(1024);
    return p.feed(raw) == RequestParser::State::Error ? p.error_status() : 0;
  };
  EXPECT_EQ(status("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc"), 400);
  EXPECT_EQ(status("POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400);
  EXPECT_EQ(status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
  EXPECT_EQ(status("POST / HTTP/1.1\r\nContent-Length: +2\r\n\r\nab"), 400);
  EXPECT_EQ(status("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nab"), 400);
  EXPECT_EQ(status("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nX: a\x01"
                   "b\r\n\r\n"),
            400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n"), 400);
  EXPECT_EQ(status("GET /a b HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(status("GET / HTTP/1.1\r\n Folded: x\r\n\r\n"), 400);
  // The same length twice is one length.
  RequestParser same(1024);
  ASSERT_EQ(same.feed("POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nab"),
            RequestParser::State::Complete);
  EXPECT_EQ(same.take().body, "ab");
  // Empty lines before a request line are skipped.
  RequestParser blank(1024);
  ASSERT_EQ(blank.feed("\r\n\r\nGET /x HTTP/1.1\r\n\r\n"), RequestParser::State::Complete);
  EXPECT_EQ(blank.take().path, "/x");
}

TEST(HttpParser, ExpectContinue) {
  RequestParser p(1024);
  EXPECT_EQ(p.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"),
            RequestParser::State::NeedMore);
  EXPECT_TRUE(p.wants_continue());
  p.continue_sent();
  EXPECT_EQ(p.feed("ok"), RequestParser::State::Complete);
  EXPECT_EQ(p.take().body, "ok");
}

TEST(HttpResponse, Serialize) {
  auto r = http::Response::json(429, R"({"code":"RATE_LIMITED"})");
  r.set_header("Retry-After", "1");
  const auto text = http::serialize(r, true);
  EXPECT_EQ(text.rfind("HTTP/1.1 429 Too Many Requests\r\n", 0), 0U);
  EXPECT_NE(text.find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(text.find("Retry-After: 1\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Length: 23\r\n"), std::string::npos);
  EXPECT_NE(text.find("Connection: keep-alive\r\n\r\n{"), std::string::npos);
  const auto empty = http::serialize(http::Response::no_content(), false);
  EXPECT_EQ(empty.find("Content-Length"), std::string::npos);
  EXPECT_NE(empty.find("Connection: close"), std::string::npos);
}

TEST(HttpQuery, PercentDecoding) {
  EXPECT_EQ(http::percent_decode("%F0%9F%91%8D"), "\xF0\x9F\x91\x8D");
  EXPECT_EQ(http::percent_decode("a%2"), "a%2");
  EXPECT_EQ(http::percent_decode("a%zz"), "a%zz");
  EXPECT_EQ(http::percent_decode("a+b"), "a+b");
  EXPECT_EQ(http::percent_decode("a+b", true), "a b");
  auto q = http::parse_query("a=1&&b&c=%41");
  ASSERT_EQ(q.size(), 3U);
  EXPECT_EQ(q[1].first, "b");
  EXPECT_EQ(q[2].second, "A");
}

TEST(Multipart, ParsesPartsWithFiles) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n"
      "{\"content\":\"hi\"}\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a \\\"b\\\".png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG\r\n\x00\x01--XyZ-not-a-boundary\r\n--XyZ--\r\n"s;
  const auto boundary = http::multipart_boundary("multipart/form-data; boundary=\"XyZ\"");
  ASSERT_TRUE(boundary.has_value());
  auto parts = http::parse_multipart(body, *boundary);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 2U);
  EXPECT_EQ((*parts)[0].name, "payload_json");
  EXPECT_EQ((*parts)[0].data, "{\"content\":\"hi\"}");
  EXPECT_FALSE((*parts)[0].filename.has_value());
  EXPECT_EQ((*parts)[1].name, "files[0]");
  EXPECT_EQ((*parts)[1].filename.value_or(""), "a \"b\".png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].data, "\x89PNG\r\n\x00\x01--XyZ-not-a-boundary"s);
}

TEST(Multipart, RejectsMalformedBodies) {
  EXPECT_FALSE(http::multipart_boundary("application/json").has_value());
  EXPECT_FALSE(http::multipart_boundary("multipart/form-data").has_value());
  EXPECT_FALSE(http::parse_multipart("no delimiter", "b").has_value());
  EXPECT_FALSE(
      http::parse_multipart("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated", "b").has_value());
  EXPECT_FALSE(http::parse_multipart("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "b").has_value());
}

TEST(WebSocket, AcceptKeyMatchesRfc6455) {
  EXPECT_EQ(ws::accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocket, DecoderReassemblesAndEnforcesLimits) {
  ws::Decoder d(10);
  std::vector<ws::Message> out;
  std::string bytes = ws::encode_masked(ws::Opcode::Text, "hel", 0x01020304, false);
  bytes += ws::encode_masked(ws::Opcode::Ping, "p", 0x0a0b0c0d);
  bytes += ws::encode_masked(ws::Opcode::Continuation, "lo", 0x11223344, true);
  for (char c : bytes) ASSERT_EQ(d.feed(std::string(1, c), out), ws::Decoder::Error::None);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].opcode, ws::Opcode::Ping);
  EXPECT_EQ(out[1].opcode, ws::Opcode::Text);
  EXPECT_EQ(out[1].payload, "hello");

  ws::Decoder small(10);
  EXPECT_EQ(small.feed(ws::encode_masked(ws::Opcode::Text, std::string(11, 'x'), 7), out),
            ws::Decoder::Error::TooLarge);
  ws::Decoder unmasked(10);
  EXPECT_EQ(unmasked.feed(ws::encode(ws::Opcode::Text, "x"), out), ws::Decoder::Error::Protocol);
  ws::Decoder stray(10);
  EXPECT_EQ(stray.feed(ws::encode_masked(ws::Opcode::Continuation, "x", 7), out), ws::Decoder::Error::Protocol);
  ws::Decoder bad_op(10);
  std::string frame = ws::encode_masked(ws::Opcode::Text, "x", 7);
  frame[0] = static_cast<char>(0x83);
  EXPECT_EQ(bad_op.feed(frame, out), ws::Decoder::Error::Protocol);
}

TEST(WebSocket, HugeLengthsDoNotWrap) {
  // A fragment, then a continuation claiming 2^64-1 bytes: refused as too large, no throw.
  ws::Decoder d(4096);
  std::vector<ws::Message> out;
  std::string bytes = ws::encode_masked(ws::Opcode::Text, "{", 0x01020304, false);
  bytes += "\x80\xff"s + std::string(8, '\xff') + "\x01\x02\x03\x04x"s;
  EXPECT_EQ(d.feed(bytes, out), ws::Decoder::Error::TooLarge);
  EXPECT_TRUE(out.empty());
  // Without a fragment before it, a text frame of 2^64-1 bytes is refused the same way.
  ws::Decoder single(4096);
  EXPECT_EQ(single.feed("\x81\xff"s + std::string(8, '\xff') + "\x01\x02\x03\x04"s, out), ws::Decoder::Error::TooLarge);
  // A cap of SIZE_MAX cannot make `header + 4 + length` wrap either: it waits for data.
  ws::Decoder uncapped(static_cast<std::size_t>(-1));
  EXPECT_EQ(uncapped.feed("\x81\xff"s + std::string(8, '\xff') + "\x01\x02\x03\x04x"s, out), ws::Decoder::Error::None);
  EXPECT_TRUE(out.empty());
}

TEST(WebSocket, TextMustBeUtf8AndCloseBodiesWellFormed) {
  std::vector<ws::Message> out;
  const auto error_for = [&](const std::string& bytes) {
    ws::Decoder d(4096);
    out.clear();
    return d.feed(bytes, out);
  };
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Text, "caf\xC3\xA9 \xF0\x9F\x98\x80", 1)),
            ws::Decoder::Error::None);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Text, "\xFF", 1)), ws::Decoder::Error::InvalidUtf8);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Text, "\xED\xA0\x80", 1)), ws::Decoder::Error::InvalidUtf8);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Text, "\xC0\xAF", 1)), ws::Decoder::Error::InvalidUtf8);
  // A code point split across fragments is fine once the message is whole.
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Text, "\xC3", 1, false) +
                      ws::encode_masked(ws::Opcode::Continuation, "\xA9", 2, true)),
            ws::Decoder::Error::None);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].payload, "\xC3\xA9");
  // Binary frames are not text.
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Binary, "\xFF", 1)), ws::Decoder::Error::None);
  // Close bodies: empty, or a sendable code and UTF-8 text.
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "", 1)), ws::Decoder::Error::None);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "\x03\xE8ok", 1)), ws::Decoder::Error::None);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "\x0F\xA0", 1)), ws::Decoder::Error::None);  // 4000
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "\x03", 1)), ws::Decoder::Error::Protocol);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "\x00\x00"s, 1)), ws::Decoder::Error::Protocol);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "\x03\xED", 1)), ws::Decoder::Error::Protocol);
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "\x13\x88", 1)), ws::Decoder::Error::Protocol);  // 5000
  EXPECT_EQ(error_for(ws::encode_masked(ws::Opcode::Close, "\x03\xE8\xFF", 1)), ws::Decoder::Error::InvalidUtf8);
  for (int code : {1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4000, 4999}) EXPECT_TRUE(ws::valid_close_code(code));
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) EXPECT_FALSE(ws::valid_close_code(code));
}

TEST(Utf8, ValidationAndReplacement) {
  EXPECT_TRUE(utf8::valid("plain ascii"));
  EXPECT_TRUE(utf8::valid("\xE2\x98\x83\xF4\x8F\xBF\xBF"));  // U+2603, U+10FFFF
  EXPECT_FALSE(utf8::valid("\xF4\x90\x80\x80"));             // above U+10FFFF
  EXPECT_FALSE(utf8::valid("\xE0\x80\xAF"));                 // overlong
  EXPECT_FALSE(utf8::valid("\xE2\x98"));                     // truncated
  // Maximal ill-formed subparts become one U+FFFD each (the WHATWG decoder's rule).
  EXPECT_EQ(utf8::sanitize("a\xFF"
                           "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(utf8::sanitize("\xE2\x98"), "\xEF\xBF\xBD");
  EXPECT_EQ(utf8::sanitize("\xE0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(utf8::sanitize("\xF0\x9F\x98x"), "\xEF\xBF\xBDx");
  EXPECT_EQ(utf8::sanitize("ok \xE2\x98\x83"), "ok \xE2\x98\x83");
}

TEST(JsonReader, BoundsDepthAndKeepsStringsUtf8) {
  rapidjson::Document d;
  EXPECT_EQ(json::nesting_depth(R"({"a":[1,{"b":"[[[["}]})", 100), 3U);  // brackets in strings do not count
  EXPECT_EQ(json::nesting_depth(R"(["\"[[[["])", 100), 1U);              // nor after an escaped quote
  EXPECT_EQ(json::parse(std::string(json::kMaxDepth, '[') + std::string(json::kMaxDepth, ']'), d),
            json::ReadStatus::Ok);
  EXPECT_EQ(json::parse(std::string(json::kMaxDepth + 1, '[') + std::string(json::kMaxDepth + 1, ']'), d),
            json::ReadStatus::TooDeep);
  EXPECT_EQ(json::parse(std::string(200'000, '['), d), json::ReadStatus::TooDeep);
  EXPECT_EQ(json::parse("{", d), json::ReadStatus::Syntax);
  // A lone surrogate escape would become ill-formed UTF-8 bytes: U+FFFD instead (found by
  // the emulator_json_body fuzz target).
  ASSERT_EQ(json::parse(R"({"a\ude00":"x\ud800y","ok":"\ud83d\ude00"})", d), json::ReadStatus::Ok);
  for (rapidjson::SizeType i = 0; i < d.MemberCount(); ++i) {
    const auto& m = *(d.MemberBegin() + i);
    EXPECT_TRUE(utf8::valid(std::string_view(m.name.GetString(), m.name.GetStringLength())));
    EXPECT_TRUE(utf8::valid(std::string_view(m.value.GetString(), m.value.GetStringLength())));
  }
  EXPECT_EQ(std::string(d["ok"].GetString()), "\xF0\x9F\x98\x80");  // a proper pair is kept
  // Zero with a huge exponent is zero (RapidJSON's full-precision path had undefined
  // behaviour there; found by the fuzz target).
  ASSERT_EQ(json::parse(R"({"f":0.0e300,"g":0e-400,"n":12345678901234567890})", d), json::ReadStatus::Ok);
  EXPECT_EQ(d["f"].GetDouble(), 0.0);
  EXPECT_EQ(d["g"].GetDouble(), 0.0);
  EXPECT_EQ(d["n"].GetUint64(), 12345678901234567890ULL);
  // A number beyond a double is refused, not kept as infinity (found by the fuzz target).
  EXPECT_EQ(json::parse(R"({"n":1234567890121.0e300})", d), json::ReadStatus::Syntax);
  EXPECT_EQ(json::parse(R"([1e400])", d), json::ReadStatus::Syntax);
}

TEST(WebSocket, EncodesLengthsAndCloseFrames) {
  EXPECT_EQ(ws::encode(ws::Opcode::Text, std::string(125, 'a')).size(), 127U);
  EXPECT_EQ(ws::encode(ws::Opcode::Text, std::string(126, 'a')).size(), 130U);
  EXPECT_EQ(ws::encode(ws::Opcode::Binary, std::string(70000, 'a')).size(), 70010U);
  const auto close = ws::encode_close(4009, "Heartbeat timeout");
  EXPECT_EQ(static_cast<unsigned char>(close[0]), 0x88);
  EXPECT_EQ(static_cast<unsigned char>(close[2]), 4009 >> 8);
  EXPECT_EQ(static_cast<unsigned char>(close[3]), 4009 & 0xFF);
  EXPECT_EQ(close.substr(4), "Heartbeat timeout");
}

}  // namespace
}  // namespace fluxer::emulator::test
