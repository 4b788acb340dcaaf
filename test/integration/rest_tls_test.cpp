// https: the REST client through a TLS terminator in front of the emulator. Peer
// verification is on by default: a self-signed certificate is refused before a request is
// sent; it is accepted when given as the CA bundle; verify_tls = false accepts anything.
// (The gateway's wss counterpart is gateway_tls_test.cpp.)

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "rest_fixture.hpp"
#include "tls_proxy.hpp"

namespace fluxer::emulator::test {
namespace {

struct RestTls {
  explicit RestTls(const std::string& san) : cert(san), emu(fast_options(ProtocolMode::B)) {
    proxy = std::make_unique<fluxer::gateway::test::TlsProxy>(cert, emu.server->port());
  }
  [[nodiscard]] RestOptions options() const {
    auto o = emu.rest_options();
    o.api_base = "https://127.0.0.1:" + std::to_string(proxy->port()) + "/v1";
    o.max_failure_retries = 0;
    return o;
  }
  [[nodiscard]] std::size_t users_me_requests() const { return emu.logged("GET", "/users/@me").size(); }

  fluxer::gateway::test::SelfSignedCert cert;
  RestEmu emu;
  std::unique_ptr<fluxer::gateway::test::TlsProxy> proxy;
};

TEST(RestTls, SelfSignedServerIsRefusedByDefault) {
  RestTls tls("IP:127.0.0.1");
  Rest rest(tls.options());
  auto r = await(rest.get_current_user());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Rest) << r.error().to_string();
  EXPECT_EQ(tls.proxy->handshakes(), 0);
  EXPECT_EQ(tls.users_me_requests(), 0U);
}

TEST(RestTls, CertificateGivenAsCaBundleIsTrusted) {
  RestTls tls("IP:127.0.0.1");
  auto o = tls.options();
  o.ca_bundle = tls.cert.cert_file;
  Rest rest(o);
  auto r = await(rest.get_current_user());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->id, tls.emu.demo.bot_user_id);
  EXPECT_EQ(tls.users_me_requests(), 1U);
}

TEST(RestTls, TrustedCertificateForAnotherHostIsRefused) {
  RestTls tls("DNS:elsewhere.example");
  auto o = tls.options();
  o.ca_bundle = tls.cert.cert_file;
  Rest rest(o);
  auto r = await(rest.get_current_user());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Rest) << r.error().to_string();
  EXPECT_EQ(tls.users_me_requests(), 0U);
}

TEST(RestTls, VerificationOffAcceptsAnyCertificate) {
  RestTls tls("DNS:elsewhere.example");
  auto o = tls.options();
  o.verify_tls = false;
  Rest rest(o);
  auto r = await(rest.get_current_user());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(tls.users_me_requests(), 1U);
}

}  // namespace
}  // namespace fluxer::emulator::test
