// The venue over real TLS on loopback, with the bot side's own clients (host/net): the CA file
// it writes is what the client trusts; /info and a signed /exchange order over HTTPS; the
// WebSocket's subscription snapshot and a post; a dropped connection.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "hyperliquid/exchange.hpp"
#include "hyperliquid/private_key.hpp"
#include "net/https_client.hpp"
#include "net/tls_context.hpp"
#include "net/ws_client.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::venue {
namespace {

constexpr std::string_view kSdkKey = "0x0123456789012345678901234567890123456789012345678901234567890123";

class VenueServerTest : public ::testing::Test {
 protected:
  VenueServerTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("hlmm-venue-" + std::to_string(::getpid()) + "-" + std::to_string(wall_clock_ms()));
    std::filesystem::create_directories(dir_);
    VenueConfig config;
    config.assets.push_back(preset_asset("eth"));
    config.exchange.sequencing.block_interval_ms = 20;  // keep the test quick
    server_ = std::make_unique<VenueServer>(config, VenueServerOptions{"127.0.0.1", 0, dir_ / "ca.pem", 5});
    server_->with_core([&](VenueCore& core) { core.add_account(key_.address(), 100'000 * kPriceScale); });
    tls_ = net::TlsClientContext::create(net::TlsOptions{(dir_ / "ca.pem").string(), false});
    io_thread_ = std::thread([this] { io_.run(); });
  }
  ~VenueServerTest() override {
    work_.reset();
    io_.stop();
    io_thread_.join();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  net::HttpsClientOptions options() const {
    net::HttpsClientOptions o;
    o.host = "127.0.0.1";
    o.port = std::to_string(server_->port());
    return o;
  }
  net::HttpResponse post(net::HttpsClient& client, const std::string& target, std::string body) {
    std::promise<net::HttpResponse> done;
    client.post_json(target, std::move(body), [&](const net::Error&, net::HttpResponse&& r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  hl::PrivateKey key_ = hl::PrivateKey::from_hex(kSdkKey);
  std::filesystem::path dir_;
  std::unique_ptr<VenueServer> server_;
  std::shared_ptr<net::TlsClientContext> tls_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{io_.get_executor()};
  std::thread io_thread_;
};

TEST_F(VenueServerTest, HttpsInfoAndASignedOrder) {
  net::HttpsClient client(io_.get_executor(), tls_, options());
  const auto meta = post(client, "/info", R"({"type":"meta"})");
  EXPECT_EQ(meta.status, 200u);
  EXPECT_EQ(meta.body, R"({"universe":[{"name":"ETH","szDecimals":4,"maxLeverage":25}]})");
  hl::OrderAction action;
  hl::OrderWire w;
  w.asset = 0;
  w.is_buy = true;
  w.price = 2'000 * kPriceScale;
  w.size = kSizeScale;
  w.type = hl::LimitOrderType{hl::Tif::kAlo};
  action.orders.push_back(w);
  const std::string body = hl::L1RequestBuilder{}.build(key_, action, hl::L1Envelope{wall_clock_ms(), {}, {}, true});
  const auto placed = post(client, "/exchange", body);
  EXPECT_EQ(placed.status, 200u);
  EXPECT_NE(placed.body.find(R"({"resting":{"oid":)"), std::string::npos) << placed.body;
  const auto bad = post(client, "/exchange", "{]");
  EXPECT_EQ(bad.status, 422u);
}

TEST_F(VenueServerTest, AClientThatDoesNotTrustTheVenueCaIsRefused) {
  const auto system_store = net::TlsClientContext::create(net::TlsOptions{});
  net::HttpsClient client(io_.get_executor(), system_store, options());
  const auto r = post(client, "/info", R"({"type":"meta"})");
  EXPECT_EQ(r.status, 0u);  // no response: the handshake failed
}

TEST_F(VenueServerTest, WebSocketSnapshotPostAndReconnectAfterADrop) {
  std::mutex mu;
  std::vector<std::string> got;
  std::atomic<int> connects{0};
  net::WsCallbacks cb;
  cb.on_message = [&](std::string_view text) {
    std::lock_guard lock(mu);
    got.emplace_back(text);
  };
  cb.on_connected = [&] { ++connects; };
  net::WsClientOptions opts;
  opts.host = "127.0.0.1";
  opts.port = std::to_string(server_->port());
  opts.backoff_base = std::chrono::milliseconds(20);
  net::WsClient ws(io_.get_executor(), tls_, opts, cb);
  ws.subscribe(R"({"type":"l2Book","coin":"ETH"})");
  ws.start();
  auto wait_for = [&](auto pred) {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mu);
        if (pred()) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  auto count_books = [&] {
    int n = 0;
    for (const auto& m : got) n += m.rfind(R"({"channel":"l2Book")", 0) == 0;
    return n;
  };
  ASSERT_TRUE(wait_for([&] { return count_books() >= 1; }));
  std::promise<std::string> answer;
  ws.post(R"({"type":"info","payload":{"type":"l2Book","coin":"ETH"}})",
          [&](const net::Error&, std::string_view json) { answer.set_value(std::string(json)); });
  const std::string info = answer.get_future().get();
  EXPECT_EQ(info.rfind(R"({"type":"info","payload":{"type":"l2Book","data":{"coin":"ETH")", 0), 0u) << info;
  const int before = count_books();
  server_->drop_connections();
  // The client reconnects by itself, re-subscribes, and the venue sends a fresh snapshot.
  ASSERT_TRUE(wait_for([&] { return connects.load() >= 2 && count_books() > before; }));
  ws.stop();
}

}  // namespace
}  // namespace hlmm::venue
