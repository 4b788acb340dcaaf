// wss: the gateway through a TLS terminator in front of the emulator. The certificate and
// its host name are verified: an untrusted or mismatched certificate never gets a session;
// a trusted one (tls_ca_file) works, resumes included; verify_tls = false accepts anything.

#include "gateway_support.hpp"
#include "tls_proxy.hpp"

namespace fluxer::gateway::test {
namespace {

struct TlsSetup {
  explicit TlsSetup(const std::string& san) : cert(san), emu(emulator_options(ProtocolMode::B)) {
    proxy = std::make_unique<TlsProxy>(cert, emu.server->port());
  }
  GatewayOptions options() const {
    auto o = gateway_options(emu);
    o.url = "wss://127.0.0.1:" + std::to_string(proxy->port()) + "/gateway";
    o.reconnect = ReconnectPolicy{20ms, 100ms, 60s};
    return o;
  }
  SelfSignedCert cert;
  Emu emu;
  std::unique_ptr<TlsProxy> proxy;
};

TEST(GatewayTls, TrustedCertificateConnectsAndResumes) {
  TlsSetup tls("IP:127.0.0.1");
  auto o = tls.options();
  o.tls_ca_file = tls.cert.cert_file;
  Bot bot(o);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1)) << "no READY over wss";
  send_numbered(tls.emu, "w", 1, 5);
  ASSERT_TRUE(bot.wait_content("w5"));
  tls.emu.server->drop_connection();
  send_numbered(tls.emu, "w", 6, 10);
  ASSERT_TRUE(bot.wait_content("w10"));
  EXPECT_EQ(bot.contents("w"), numbered("w", 1, 10));
  // The replay comes before RESUMED: wait for it rather than look right away.
  EXPECT_TRUE(bot.wait_events(ShardEvent::Kind::Resumed, 1));
  EXPECT_EQ(bot.count(ShardEvent::Kind::Ready), 1U);
}

TEST(GatewayTls, UntrustedCertificateIsRefused) {
  TlsSetup tls("IP:127.0.0.1");
  Bot bot(tls.options());  // the system trust store does not know our CA
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Disconnected, 3));
  EXPECT_EQ(bot.count(ShardEvent::Kind::Ready), 0U);
  EXPECT_EQ(tls.emu.server->connections().size(), 0U) << "no WebSocket reached the server";
}

TEST(GatewayTls, HostNameMismatchIsRefused) {
  TlsSetup tls("DNS:gateway.example.com");
  auto o = tls.options();
  o.tls_ca_file = tls.cert.cert_file;  // trusted, but issued for another name
  Bot bot(o);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Disconnected, 3));
  EXPECT_EQ(bot.count(ShardEvent::Kind::Ready), 0U);
}

TEST(GatewayTls, VerificationCanBeTurnedOff) {
  TlsSetup tls("DNS:gateway.example.com");
  auto o = tls.options();
  o.verify_tls = false;
  Bot bot(o);
  ASSERT_TRUE(bot.gateway().start().ok());
  ASSERT_TRUE(bot.wait_events(ShardEvent::Kind::Ready, 1));
}

}  // namespace
}  // namespace fluxer::gateway::test
