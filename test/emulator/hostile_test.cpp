// The emulator as a server under attack (issue 11, "Hostile input, bounded"): each attack
// tried from outside, over real sockets, followed by a normal request that must still be
// answered and, where the attack made the server hold memory, a check that it let go.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "emulator/gateway/zstd_codec.hpp"
#include "fixture.hpp"

namespace fluxer::emulator::test {
namespace {

using namespace std::string_literals;

/// A normal request still works: the server survived and is not stalled.
void expect_still_serving(Emu& emu) {
  auto r = http("GET", emu.url("/v1/users/@me"), {emu.bot_auth()});
  EXPECT_EQ(r.status, 200) << r.body;
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  EXPECT_FALSE(gw.login(emu.demo.bot_token).empty());
}

TEST(Hostile, ContinuationFrameWithA64BitLengthOf2To64Minus1) {
  Emu emu(fast_options(ProtocolMode::B));
  WsClient ws;
  ASSERT_TRUE(ws.connect(emu.server->port(), "/gateway?v=1&encoding=json")) << ws.error();
  ASSERT_EQ(ws.next_data().kind, WsFrame::Kind::Text);  // HELLO
  // A text frame with FIN=0 and one byte, then a continuation whose 64-bit length is
  // 2^64-1 (followed by its mask key and one byte): the length must not wrap.
  std::string attack = WsClient::frame(1, "{", false);
  attack += "\x80\xff"s + std::string(8, '\xff') + "\x01\x02\x03\x04x"s;
  ASSERT_TRUE(ws.send_bytes(attack));
  const auto close = ws.wait_close();
  ASSERT_EQ(close.kind, WsFrame::Kind::Close);
  EXPECT_EQ(close.close_code, 4002);
  expect_still_serving(emu);
}

/// Polls `stats()` until `pred` holds or the deadline passes (a condition with a deadline).
template <class P>
bool wait_stats(Server& server, P pred, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (pred(server.stats())) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
}

/// Everything a closed attacker connection held is released.
void expect_buffers_released(Server& server) {
  EXPECT_TRUE(wait_stats(server, [](const ServerStats& s) { return s.input_buffered_bytes == 0; }))
      << "input still buffered: " << server.stats().input_buffered_bytes;
}

std::string nested(std::size_t depth) {
  return R"({"content":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
}

TEST(Hostile, DeeplyNestedRestBodiesAreRefusedNotRecursed) {
  Emu emu(fast_options(ProtocolMode::B));
  const auto messages = emu.url("/v1/channels/" + emu.demo.general_channel_id.str() + "/messages");
  for (const std::size_t depth : {150'000U, 100'000U, 129U}) {
    auto r = http("POST", messages, {emu.bot_auth(), "Content-Type: application/json"}, nested(depth));
    ASSERT_EQ(r.status, 400) << depth << ": " << r.body.substr(0, 200);
    auto d = r.json();
    ASSERT_TRUE(d.IsObject());
    EXPECT_EQ(std::string(d["code"].GetString()), "INVALID_FORM_BODY");
    EXPECT_EQ(std::string(d["errors"][0]["path"].GetString()), "body");
  }
  // Not JSON at all (unbalanced brackets), and arrays where an array body is expected.
  auto roles = http("PATCH", emu.url("/v1/guilds/" + emu.demo.guild_id.str() + "/roles"),
                    {emu.bot_auth(), "Content-Type: application/json"}, std::string(150'000, '['));
  EXPECT_EQ(roles.status, 400) << roles.body;
  // A deep body inside a multipart payload_json too.
  const std::string boundary = "b0undary";
  const std::string multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n" +
                                nested(150'000) + "\r\n--" + boundary + "--\r\n";
  auto upload =
      http("POST", messages, {emu.bot_auth(), "Content-Type: multipart/form-data; boundary=" + boundary}, multipart);
  EXPECT_EQ(upload.status, 400) << upload.body.substr(0, 200);
  // A depth the server reads normally still gets field validation.
  auto shallow = http("POST", messages, {emu.bot_auth(), "Content-Type: application/json"}, nested(3));
  EXPECT_EQ(shallow.status, 400);
  EXPECT_NE(shallow.body.find("content"), std::string::npos) << shallow.body;
  expect_still_serving(emu);
}

TEST(Hostile, DeeplyNestedGatewayPayloadsClose4002) {
  Emu emu(fast_options(ProtocolMode::B));
  Gw gw;
  ASSERT_TRUE(gw.connect(*emu.server));
  ASSERT_GT(gw.hello(), 0);
  ASSERT_TRUE(gw.ws.send_text(std::string(4000, '[')));
  const auto close = gw.ws.wait_close();
  EXPECT_EQ(close.close_code, 4002);
  EXPECT_EQ(close.close_reason, "Decode failed");
  expect_still_serving(emu);
}

TEST(Hostile, ChunkSizeOf2To64Minus1DoesNotWrapTheBodyCap) {
  Emu emu(fast_options(ProtocolMode::B));
  TcpClient tcp;
  ASSERT_TRUE(tcp.connect(emu.server->port()));
  ASSERT_TRUE(tcp.send("POST /v1/channels/" + emu.demo.general_channel_id.str() +
                       "/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bot " + emu.demo.bot_token +
                       "\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\nFFFFFFFFFFFFFFFF\r\n"));
  // Then the attacker streams data that would be held if the cap had wrapped.
  tcp.send(std::string(1 << 20, 'a'));
  const auto response = tcp.read_response();
  EXPECT_EQ(response.rfind("HTTP/1.1 413 ", 0), 0U) << response.substr(0, 200);
  EXPECT_TRUE(tcp.wait_closed());
  expect_buffers_released(*emu.server);
  expect_still_serving(emu);
}

TEST(Hostile, ChunkedTrailersAreBounded) {
  Emu emu(fast_options(ProtocolMode::B));
  TcpClient tcp;
  ASSERT_TRUE(tcp.connect(emu.server->port()));
  ASSERT_TRUE(tcp.send("POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: "));
  // 1 MiB of one trailer line in 4 KiB writes: refused once past the 64 KiB header limit.
  const std::string piece(4096, 't');
  for (int i = 0; i < 256 && tcp.send(piece); ++i) {
  }
  const auto response = tcp.read_response();
  EXPECT_EQ(response.rfind("HTTP/1.1 431 ", 0), 0U) << response.substr(0, 200);
  EXPECT_TRUE(tcp.wait_closed());
  expect_buffers_released(*emu.server);
  expect_still_serving(emu);
}

TEST(Hostile, ZstdBombOnAStreamConnection) {
  Emu emu(fast_options(ProtocolMode::B));
  // One payload that decompresses to 10 MiB but is only a few KiB on the wire.
  ZstdStreamWriter writer;
  const auto bomb = writer.write(R"({"op":1,"d":null,"pad":")" + std::string(10U << 20U, 'a') + R"("})");
  ASSERT_LT(bomb.size(), 4096U);
  // Stream decompression stops right after the payload limit (sans-IO view).
  {
    zstd::StreamDecompressor d;
    const auto result = d.decompress(bomb, 4096);
    EXPECT_EQ(result.status, zstd::Decompressed::Status::TooLarge);
    EXPECT_LE(d.last_output_size(), 4097U);
  }
  // 20 connections at once, each sending the bomb: every one is closed 4002 quickly, and
  // other clients are served meanwhile.
  std::vector<std::unique_ptr<Gw>> attackers;
  for (int i = 0; i < 20; ++i) {
    auto gw = std::make_unique<Gw>(Gw::Zstd::Stream);
    ASSERT_TRUE(gw->connect(*emu.server, "?v=1&encoding=json&compress=zstd-stream&stream=1"));
    ASSERT_GT(gw->hello(), 0);
    attackers.push_back(std::move(gw));
  }
  for (auto& gw : attackers) ASSERT_TRUE(gw->ws.send_binary(bomb));
  for (auto& gw : attackers) {
    const auto close = gw->ws.wait_close();
    EXPECT_EQ(close.close_code, 4002);
    EXPECT_EQ(close.close_reason, "Payload too large");
  }
  expect_still_serving(emu);
}

TEST(Hostile, RequestLogKeepsBoundedBodies) {
  auto options = fast_options(ProtocolMode::B);
  options.request_log_body_limit = 64U << 10U;
  options.request_log_max_bytes = 512U << 10U;
  Emu emu(options);
  const std::string big(4U << 20U, 'x');
  for (int i = 0; i < 5; ++i) {
    auto r = http("POST", emu.url("/v1/not-a-route"), {"Content-Type: application/octet-stream"}, big);
    EXPECT_EQ(r.status, 404);
  }
  const auto stats = emu.server->stats();
  EXPECT_LE(stats.request_log_bytes, options.request_log_max_bytes);
  const auto log = emu.server->request_log();
  ASSERT_FALSE(log.empty());
  EXPECT_TRUE(log.back().body_truncated);
  EXPECT_EQ(log.back().body_size, big.size());
  EXPECT_EQ(log.back().body.size(), options.request_log_body_limit);
  // Many small requests push the big entries out by count as well.
  emu.server->clear_request_log();
  EXPECT_EQ(emu.server->stats().request_log_bytes, 0U);
  expect_still_serving(emu);
}

TEST(Hostile, RequestLogDefaultsHoldAtMostTheirByteLimit) {
  Emu emu(fast_options(ProtocolMode::B));
  const std::string big(6U << 20U, 'x');
  for (int i = 0; i < 8; ++i) http("POST", emu.url("/v1/not-a-route"), {}, big);
  const auto stats = emu.server->stats();
  EXPECT_EQ(stats.request_log_entries, 8U);  // each kept, truncated to 1 MiB
  EXPECT_LE(stats.request_log_bytes, 8U * ((1U << 20U) + 4096U));
  EXPECT_LE(stats.request_log_bytes, ServerOptions{}.request_log_max_bytes);
}

TEST(Hostile, SlowHeadersAre408AndIdleConnectionsClosed) {
  auto options = fast_options(ProtocolMode::B);
  options.http_header_timeout = 150ms;
  options.http_idle_timeout = 300ms;
  options.http_request_timeout = 600ms;
  Emu emu(options);
  // Slowloris: a request line and one header, then nothing.
  TcpClient slow;
  ASSERT_TRUE(slow.connect(emu.server->port()));
  ASSERT_TRUE(slow.send("GET /v1/users/@me HTTP/1.1\r\nHost: x\r\n"));
  auto response = slow.read_response(3s);
  EXPECT_EQ(response.rfind("HTTP/1.1 408 ", 0), 0U) << response;
  EXPECT_TRUE(slow.wait_closed(3s));
  // A body that never completes.
  TcpClient body;
  ASSERT_TRUE(body.connect(emu.server->port()));
  ASSERT_TRUE(body.send("POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"));
  response = body.read_response(3s);
  EXPECT_EQ(response.rfind("HTTP/1.1 408 ", 0), 0U) << response;
  EXPECT_TRUE(body.wait_closed(3s));
  // Connected, silent: closed after the idle timeout; after a response, likewise.
  TcpClient silent;
  ASSERT_TRUE(silent.connect(emu.server->port()));
  EXPECT_TRUE(silent.wait_closed(3s));
  TcpClient keep;
  ASSERT_TRUE(keep.connect(emu.server->port()));
  ASSERT_TRUE(
      keep.send("GET /v1/gateway/bot HTTP/1.1\r\nHost: x\r\nAuthorization: Bot " + emu.demo.bot_token + "\r\n\r\n"));
  EXPECT_EQ(keep.read_response().rfind("HTTP/1.1 200 ", 0), 0U);
  EXPECT_TRUE(keep.wait_closed(3s));
  EXPECT_GE(emu.server->stats().connections_timed_out, 4U);
  expect_buffers_released(*emu.server);
  expect_still_serving(emu);
}

TEST(Hostile, ConnectionsBeyondTheLimitAreClosedOnAccept) {
  auto options = fast_options(ProtocolMode::B);
  options.max_connections = 16;
  Emu emu(options);
  std::vector<std::unique_ptr<TcpClient>> clients;
  for (int i = 0; i < 40; ++i) {
    auto c = std::make_unique<TcpClient>();
    ASSERT_TRUE(c->connect(emu.server->port()));  // the kernel accepts; the server then closes
    clients.push_back(std::move(c));
  }
  EXPECT_TRUE(wait_stats(*emu.server, [](const ServerStats& s) { return s.connections_refused >= 24; }))
      << emu.server->stats().connections_refused;
  EXPECT_LE(emu.server->stats().http_connections, 16U);
  clients.clear();
  EXPECT_TRUE(wait_stats(*emu.server, [](const ServerStats& s) { return s.http_connections == 0; }));
  expect_still_serving(emu);
}

TEST(Hostile, LineFeedOnlyRequestsAndConflictingLengthsAre400) {
  Emu emu(fast_options(ProtocolMode::B));
  for (const std::string& raw :
       {"GET /v1/gateway HTTP/1.1\nHost: x\n\n"s,
        "POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"s,
        "POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"s}) {
    TcpClient tcp;
    ASSERT_TRUE(tcp.connect(emu.server->port()));
    ASSERT_TRUE(tcp.send(raw));
    const auto response = tcp.read_response(2s);
    EXPECT_EQ(response.rfind("HTTP/1.1 400 ", 0), 0U) << raw << " -> " << response;
    EXPECT_TRUE(tcp.wait_closed(2s)) << raw;
  }
  expect_still_serving(emu);
}

}  // namespace
}  // namespace fluxer::emulator::test
