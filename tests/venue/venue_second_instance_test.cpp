// What a second local venue, standing in for another exchange, needs: its own added latency on
// every response and push (real TLS on loopback), and a price dislocation that moves its book by
// the requested amount and back.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>
#include <unistd.h>

#include "net/https_client.hpp"
#include "net/tls_context.hpp"
#include "net/ws_client.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::venue {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kT0 = 1'763'900'000'000;

double mid_of(const VenueCore& venue) {
  const auto& book = venue.exchange().book(0);
  return static_cast<double>(*book.best_bid() + *book.best_ask()) / 2.0;
}

VenueConfig quiet_eth() {
  VenueConfig c;
  VenueAsset eth = preset_asset("eth");
  eth.flow.vol_annual = 0.01;  // the dislocation, not the random walk, must dominate the moves
  c.assets.push_back(eth);
  c.flow.taker_rate_per_s = 0;
  return c;
}

TEST(VenueDislocation, TheBookJumpsByTheRequestedBpsAndComesBack) {
  VenueCore venue(quiet_eth());
  std::uint64_t t = kT0;
  for (; t <= kT0 + 2'000; t += 50) venue.tick(t);
  const double before = mid_of(venue);
  for (const double bps : {40.0, -40.0}) {
    venue.flow().dislocate(0, bps, t, 1'000);
    for (const std::uint64_t end = t + 500; t <= end; t += 50) venue.tick(t);
    const auto& book = venue.exchange().book(0);
    ASSERT_TRUE(book.best_bid() && book.best_ask());
    EXPECT_LT(*book.best_bid(), *book.best_ask());
    // Every level moved: a full ladder on both sides, none left behind at the old prices.
    EXPECT_EQ(book.levels(true, 20).size(), 10u);
    EXPECT_EQ(book.levels(false, 20).size(), 10u);
    const double moved_bps = (mid_of(venue) - before) / before * 1e4;
    EXPECT_NEAR(moved_bps, bps, 3.0);
    for (const std::uint64_t end = t + 1'000; t <= end; t += 50) venue.tick(t);
    EXPECT_NEAR((mid_of(venue) - before) / before * 1e4, 0.0, 3.0) << "back after the hold";
  }
}

class VenueLatencyTest : public ::testing::Test {
 protected:
  VenueLatencyTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("hlmm-venue-latency-" + std::to_string(::getpid()) + "-" + std::to_string(wall_clock_ms()));
    std::filesystem::create_directories(dir_);
    VenueConfig config;
    config.assets.push_back(preset_asset("eth"));
    config.exchange.sequencing.block_interval_ms = 20;
    VenueServerOptions opts{"127.0.0.1", 0, dir_ / "ca.pem", 5};
    opts.added_latency_ms = kLatencyMs;
    server_ = std::make_unique<VenueServer>(config, opts);
    tls_ = net::TlsClientContext::create(net::TlsOptions{(dir_ / "ca.pem").string(), false});
    io_thread_ = std::thread([this] { io_.run(); });
  }
  ~VenueLatencyTest() override {
    work_.reset();
    io_.stop();
    io_thread_.join();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  static constexpr std::uint64_t kLatencyMs = 120;
  std::filesystem::path dir_;
  std::unique_ptr<VenueServer> server_;
  std::shared_ptr<net::TlsClientContext> tls_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{io_.get_executor()};
  std::thread io_thread_;
};

TEST_F(VenueLatencyTest, EveryResponseAndPushIsDelayedInOrder) {
  net::HttpsClientOptions ho;
  ho.host = "127.0.0.1";
  ho.port = std::to_string(server_->port());
  net::HttpsClient http(io_.get_executor(), tls_, ho);
  // The second request rides the kept-alive connection: the delay is the venue's, not a handshake.
  for (int i = 0; i < 2; ++i) {
    std::promise<net::HttpResponse> done;
    const auto t0 = Clock::now();
    http.post_json("/info", R"({"type":"meta"})", [&](const net::Error&, net::HttpResponse&& r) { done.set_value(std::move(r)); });
    const net::HttpResponse r = done.get_future().get();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    EXPECT_EQ(r.status, 200u);
    EXPECT_NE(r.body.find("universe"), std::string::npos);
    EXPECT_GE(ms, static_cast<long long>(kLatencyMs)) << "HTTP response " << i;
  }
  std::mutex mu;
  std::vector<std::string> got;
  net::WsCallbacks cb;
  cb.on_message = [&](std::string_view text) {
    std::lock_guard lock(mu);
    got.emplace_back(text);
  };
  net::WsClientOptions wo;
  wo.host = "127.0.0.1";
  wo.port = std::to_string(server_->port());
  net::WsClient ws(io_.get_executor(), tls_, wo, cb);
  ws.start();
  // A post's answer comes back no sooner than the delay.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::promise<std::string> answer;
  const auto t0 = Clock::now();
  ws.post(R"({"type":"info","payload":{"type":"l2Book","coin":"ETH"}})",
          [&](const net::Error&, std::string_view json) { answer.set_value(std::string(json)); });
  const std::string info = answer.get_future().get();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  EXPECT_NE(info.find("l2Book"), std::string::npos) << info;
  EXPECT_GE(ms, static_cast<long long>(kLatencyMs));
  // Pushes are delayed too, and keep their order: subscription ack before its snapshot.
  const auto s0 = Clock::now();
  ws.subscribe(R"({"type":"l2Book","coin":"ETH"})");
  std::optional<long long> first_book_ms;
  for (int i = 0; i < 300 && !first_book_ms; ++i) {
    {
      std::lock_guard lock(mu);
      for (const auto& m : got) {
        if (m.rfind(R"({"channel":"l2Book")", 0) == 0) {
          first_book_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - s0).count();
          break;
        }
      }
    }
    if (!first_book_ms) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(first_book_ms.has_value());
  EXPECT_GE(*first_book_ms, static_cast<long long>(kLatencyMs));
  {
    std::lock_guard lock(mu);
    std::size_t ack = got.size(), book = got.size();
    for (std::size_t i = 0; i < got.size(); ++i) {
      if (ack == got.size() && got[i].find("subscriptionResponse") != std::string::npos) ack = i;
      if (book == got.size() && got[i].rfind(R"({"channel":"l2Book")", 0) == 0) book = i;
    }
    EXPECT_LT(ack, book);
  }
  ws.stop();
  http.close();
}

}  // namespace
}  // namespace hlmm::venue
