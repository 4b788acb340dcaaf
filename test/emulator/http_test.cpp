// The HTTP layer and WebSocket framing, sans-IO.

#include <gtest/gtest.h>

#include "emulator/gateway/websocket.hpp"
#include "emulator/http/http.hpp"

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
