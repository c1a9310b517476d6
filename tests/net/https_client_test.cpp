// HTTPS client against a real TLS server on 127.0.0.1 with certificates generated at test time.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "net/https_client.hpp"
#include "net/self_signed_cert.hpp"
#include "net_test_util.hpp"
#include "tls_test_server.hpp"

namespace hlmm::test {
namespace {

using namespace std::chrono_literals;
namespace http = boost::beast::http;

struct Outcome {
  std::optional<net::Error> error;
  net::HttpResponse response;
  bool done() const { return error.has_value(); }
};

net::HttpCallback capture(Outcome& out) {
  return [&out](const net::Error& e, net::HttpResponse&& r) {
    out.error = e;
    out.response = std::move(r);
  };
}

net::HttpsClientOptions options_for(unsigned short port, std::string host = "127.0.0.1") {
  net::HttpsClientOptions o;
  o.host = std::move(host);
  o.port = std::to_string(port);
  o.connect_timeout = 2s;
  o.request_timeout = 2s;
  return o;
}

// Echoes method, target and content type, so the test sees what really went over the wire.
TlsTestServer::Handler echo_handler() {
  return [](ServerStream& s, int) {
    serve_http(s, [](const HttpRequest& req) {
      std::string body = std::string(req.method_string()) + " " + std::string(req.target()) + " " +
                         std::string(req[http::field::content_type]) + " " + req.body();
      if (req[http::field::host].empty()) body = "missing Host header";
      return json_response(req, 200, body);
    });
  };
}

TEST(HttpsClient, PostSucceedsWithTrustedCaAndReusesTheConnection) {
  TlsTestServer server(localhost_server_ctx(), echo_handler());
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port()));

  Outcome first, second;
  client.post_json("/info", R"({"type":"meta"})", capture(first), net::Idempotent::yes);
  client.post_json("/exchange", R"({"action":{}})", capture(second));
  ASSERT_TRUE(loop.run_until([&] { return first.done() && second.done(); }));
  ASSERT_FALSE(*first.error) << first.error->message();
  EXPECT_EQ(first.response.status, 200u);
  EXPECT_EQ(first.response.body, R"(POST /info application/json {"type":"meta"})");
  ASSERT_FALSE(*second.error) << second.error->message();
  EXPECT_EQ(second.response.body, R"(POST /exchange application/json {"action":{}})");
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(server.tcp_accepted(), 1);
}

TEST(HttpsClient, VerifiesDnsNameToo) {
  TlsTestServer server(localhost_server_ctx(), echo_handler());
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port(), "localhost"));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_FALSE(*out.error) << out.error->message();
}

TEST(HttpsClient, WrongHostnameFailsVerificationNamingTheReason) {
  TlsTestServer server(localhost_server_ctx(), echo_handler());
  Loop loop;
  auto o = options_for(server.port());
  o.tls_server_name = "api.hyperliquid.xyz";  // the leaf only names localhost / 127.0.0.1 / ::1
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o);
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::certificate_verify_failed) << out.error->message();
  EXPECT_NE(out.error->detail.find("hostname mismatch"), std::string::npos) << out.error->detail;
  EXPECT_EQ(server.handshakes_ok(), 0);
}

TEST(HttpsClient, WrongIpFailsVerification) {
  // The certificate's SANs are checked for IP literals as well: ::1 is not 127.0.0.2.
  TlsTestServer server(localhost_server_ctx(), echo_handler());
  Loop loop;
  auto o = options_for(server.port());
  o.tls_server_name = "127.0.0.2";
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o);
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::certificate_verify_failed) << out.error->message();
  EXPECT_NE(out.error->detail.find("IP address mismatch"), std::string::npos) << out.error->detail;
}

TEST(HttpsClient, UntrustedCaFailsVerification) {
  TlsTestServer server(localhost_server_ctx(), echo_handler());
  Loop loop;
  net::TlsOptions tls;
  tls.ca_file = pki().rogue_ca_file.string();  // trusts some CA, just not the server's
  net::HttpsClient client(loop.ioc.get_executor(), net::TlsClientContext::create(tls), options_for(server.port()));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::certificate_verify_failed) << out.error->message();
  EXPECT_NE(out.error->detail.find("local issuer"), std::string::npos) << out.error->detail;
}

TEST(HttpsClient, ServerCertFromAnotherCaFailsVerification) {
  auto ctx = net::make_server_tls_context(pki().rogue_leaf.cert_pem, pki().rogue_leaf.key_pem);
  TlsTestServer server(ctx, echo_handler());
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port()));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::certificate_verify_failed) << out.error->message();
}

TEST(HttpsClient, InsecureModeConnectsOnlyWhenExplicitlyAsked) {
  auto ctx = net::make_server_tls_context(pki().rogue_leaf.cert_pem, pki().rogue_leaf.key_pem);
  TlsTestServer server(ctx, echo_handler());
  Loop loop;
  net::TlsOptions tls;
  tls.ca_file = pki().ca_file.string();
  tls.insecure_skip_verify = true;
  auto client_ctx = net::TlsClientContext::create(tls);
  EXPECT_FALSE(client_ctx->verifies_peer());
  net::HttpsClient client(loop.ioc.get_executor(), client_ctx, options_for(server.port()));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_FALSE(*out.error) << out.error->message();
  EXPECT_TRUE(trusting_client_ctx()->verifies_peer());  // the default stays strict
}

TEST(HttpsClient, InsecureModeWarnsOnEveryConnection) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  {
    TlsTestServer server(localhost_server_ctx(), [](ServerStream& s, int) {
      serve_http(s, [](const HttpRequest& req) {
        auto res = json_response(req, 200, "{}");
        res.keep_alive(false);  // forces a new connection per request
        return res;
      });
    });
    Loop loop;
    net::TlsOptions tls;
    tls.insecure_skip_verify = true;
    net::HttpsClient client(loop.ioc.get_executor(), net::TlsClientContext::create(tls), options_for(server.port()));
    Outcome a, b;
    client.post_json("/info", "{}", capture(a));
    client.post_json("/info", "{}", capture(b));
    EXPECT_TRUE(loop.run_until([&] { return a.done() && b.done(); }));
  }
  spdlog::set_default_logger(previous);
  const std::string text = log.str();
  std::size_t warnings = 0;
  for (auto at = text.find("WITHOUT certificate verification"); at != std::string::npos;
       at = text.find("WITHOUT certificate verification", at + 1)) {
    ++warnings;
  }
  EXPECT_EQ(warnings, 2u) << text;
  EXPECT_NE(text.find("[warning]"), std::string::npos) << text;
}

TEST(HttpsClient, TrustsASelfSignedVenueCertificateGivenAsCaFile) {
  net::CertRequest req;
  req.common_name = "local venue";
  req.ip_addresses = {"127.0.0.1"};
  const auto venue = net::generate_self_signed(req);
  const auto path = pki().dir / "venue-self-signed.pem";
  { std::ofstream(path) << venue.cert_pem; }
  TlsTestServer server(net::make_server_tls_context(venue.cert_pem, venue.key_pem), echo_handler());
  Loop loop;
  net::TlsOptions tls;
  tls.ca_file = path.string();
  net::HttpsClient client(loop.ioc.get_executor(), net::TlsClientContext::create(tls), options_for(server.port()));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_FALSE(*out.error) << out.error->message();
}

std::shared_ptr<boost::asio::ssl::context> tls12_only_server_ctx() {
  auto ctx = localhost_server_ctx();
  SSL_CTX_set_max_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  return ctx;
}

TEST(HttpsClient, Tls12ServerIsAcceptedByDefault) {
  TlsTestServer server(tls12_only_server_ctx(), echo_handler());
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port()));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_FALSE(*out.error) << out.error->message();
}

TEST(HttpsClient, ProtocolMismatchIsAHandshakeErrorNotAVerificationError) {
  TlsTestServer server(tls12_only_server_ctx(), echo_handler());
  Loop loop;
  net::TlsOptions tls;
  tls.ca_file = pki().ca_file.string();
  tls.min_version = net::TlsMinVersion::tls1_3;
  net::HttpsClient client(loop.ioc.get_executor(), net::TlsClientContext::create(tls), options_for(server.port()));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::tls_handshake_failed) << out.error->message();
}

TEST(HttpsClient, MissingCaFileIsAConfigurationError) {
  net::TlsOptions tls;
  tls.ca_file = (pki().dir / "does-not-exist.pem").string();
  EXPECT_THROW(net::TlsClientContext::create(tls), std::runtime_error);
}

TEST(HttpsClient, SystemTrustStoreLoads) {
  EXPECT_NO_THROW(net::TlsClientContext::create({}));
}

TEST(HttpsClient, Non2xxStatusIsTypedAndKeepsTheBody) {
  TlsTestServer server(localhost_server_ctx(), [](ServerStream& s, int) {
    serve_http(s, [](const HttpRequest& req) { return json_response(req, 429, R"({"error":"rate limited"})"); });
  });
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port()));
  Outcome out;
  client.post_json("/exchange", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::http_status);
  EXPECT_EQ(out.response.status, 429u);
  EXPECT_EQ(out.response.body, R"({"error":"rate limited"})");
}

TEST(HttpsClient, ReconnectsAfterTheServerClosesTheConnection) {
  // Every response says Connection: close, and the server hangs up: each request needs a new one.
  TlsTestServer server(localhost_server_ctx(), [](ServerStream& s, int index) {
    serve_http(s, [index](const HttpRequest& req) {
      auto res = json_response(req, 200, std::to_string(index));
      res.keep_alive(false);
      return res;
    });
  });
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port()));
  Outcome a, b;
  client.post_json("/info", "{}", capture(a));
  client.post_json("/info", "{}", capture(b));
  ASSERT_TRUE(loop.run_until([&] { return a.done() && b.done(); }));
  ASSERT_FALSE(*a.error) << a.error->message();
  ASSERT_FALSE(*b.error) << b.error->message();
  EXPECT_EQ(a.response.body, "0");
  EXPECT_EQ(b.response.body, "1");
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpsClient, StaleKeptAliveConnectionIsRetriedOnlyForIdempotentRequests) {
  // The server answers one request per connection but claims keep-alive, then hangs up silently:
  // the next request finds a dead connection.
  TlsTestServer server(localhost_server_ctx(), [](ServerStream& s, int index) {
    boost::beast::flat_buffer buf;
    HttpRequest req;
    http::read(s, buf, req);
    auto res = json_response(req, 200, std::to_string(index));
    res.prepare_payload();
    http::write(s, res);
  });
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port()));
  Outcome a, b, c;
  client.post_json("/info", "{}", capture(a));
  ASSERT_TRUE(loop.run_until([&] { return a.done(); }));
  loop.run_for(50ms);  // let the server's close reach us
  client.post_json("/info", "{}", capture(b), net::Idempotent::yes);
  ASSERT_TRUE(loop.run_until([&] { return b.done(); }));
  ASSERT_FALSE(*b.error) << b.error->message();
  EXPECT_EQ(b.response.body, "1");

  loop.run_for(50ms);
  client.post_json("/exchange", "{}", capture(c), net::Idempotent::no);
  ASSERT_TRUE(loop.run_until([&] { return c.done(); }));
  EXPECT_EQ(c.error->code, net::Errc::connection_closed) << c.error->message();
}

TEST(HttpsClient, IdleConnectionIsReplacedBeforeUse) {
  // Servers drop idle keep-alive connections without telling; past max_idle the client does not
  // bet a POST on one.
  TlsTestServer server(localhost_server_ctx(), echo_handler());
  Loop loop;
  auto o = options_for(server.port());
  o.max_idle = 50ms;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o);
  Outcome a, b, c;
  client.post_json("/info", "{}", capture(a));
  ASSERT_TRUE(loop.run_until([&] { return a.done(); }));
  client.post_json("/info", "{}", capture(b));  // within max_idle: same connection
  ASSERT_TRUE(loop.run_until([&] { return b.done(); }));
  EXPECT_EQ(client.connections_opened(), 1u);
  loop.run_for(120ms);
  client.post_json("/info", "{}", capture(c));
  ASSERT_TRUE(loop.run_until([&] { return c.done(); }));
  EXPECT_FALSE(*c.error) << c.error->message();
  EXPECT_EQ(client.connections_opened(), 2u);
  EXPECT_EQ(server.tcp_accepted(), 2);
}

TEST(HttpsClient, RequestTimesOutWhenTheServerNeverAnswers) {
  TlsTestServer server(localhost_server_ctx(), [](ServerStream& s, int) {
    boost::beast::flat_buffer buf;
    HttpRequest req;
    http::read(s, buf, req);
    boost::system::error_code ec;
    boost::beast::flat_buffer more;
    s.read_some(more.prepare(1), ec);  // hold the connection open until the client gives up
  });
  Loop loop;
  auto o = options_for(server.port());
  o.request_timeout = 200ms;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o);
  Outcome out;
  const auto t0 = std::chrono::steady_clock::now();
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(out.error->code, net::Errc::timeout) << out.error->message();
  EXPECT_GE(elapsed, 190ms);
  EXPECT_LT(elapsed, 1500ms);
}

TEST(HttpsClient, ConnectRefusedIsAConnectError) {
  unsigned short port = 0;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }  // closed again: nothing listens there now
  Loop loop;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(port));
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::connect_failed) << out.error->message();
}

TEST(HttpsClient, PeerThatNeverHandshakesTimesOut) {
  // Listening but never accepting: the kernel completes the TCP handshake, nobody answers TLS.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor silent(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  Loop loop;
  auto o = options_for(silent.local_endpoint().port());
  o.connect_timeout = 150ms;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o);
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::timeout) << out.error->message();
  EXPECT_NE(out.error->detail.find("handshake"), std::string::npos) << out.error->detail;
}

TEST(HttpsClient, OversizedResponseIsANamedError) {
  TlsTestServer server(localhost_server_ctx(), [](ServerStream& s, int) {
    serve_http(s, [](const HttpRequest& req) { return json_response(req, 200, std::string(100000, 'x')); });
  });
  Loop loop;
  auto o = options_for(server.port());
  o.max_response_bytes = 1000;
  net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o);
  Outcome out;
  client.post_json("/info", "{}", capture(out));
  ASSERT_TRUE(loop.run_until([&] { return out.done(); }));
  EXPECT_EQ(out.error->code, net::Errc::http_protocol_error) << out.error->message();
  EXPECT_NE(out.error->detail.find("body limit"), std::string::npos) << out.error->detail;
}

TEST(HttpsClient, NoCallbackAfterClose) {
  TlsTestServer server(localhost_server_ctx(), echo_handler());
  Loop loop;
  bool called = false;
  {
    net::HttpsClient client(loop.ioc.get_executor(), trusting_client_ctx(), options_for(server.port()));
    client.post_json("/info", "{}", [&](const net::Error&, net::HttpResponse&&) { called = true; });
  }
  loop.run_for(200ms);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace hlmm::test
