// The dashboard on the real market maker against the local venue (loopback TLS): the feed turns
// the trader's snapshots into states with quotes, funding, the loaded policy surface and latency;
// /metrics serves them; the kill switch over HTTP refuses a wrong token and, with the right one,
// engages Trader::kill() (the venue is emptied of our orders).
#include <gtest/gtest.h>

#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "dashboard/dashboard_server.hpp"
#include "dashboard/trader_feed.hpp"
#include "http_test_client.hpp"
#include "live/trader.hpp"
#include "venue/venue_server.hpp"
#include "wait_until.hpp"

namespace hlmm::dashboard {
namespace {

using namespace std::chrono_literals;
using boost::beast::http::verb;
using test::wait_until;

TEST(TraderDashboard, ShowsTheLiveTraderAndKillsItWithTheToken) {
  const auto dir = std::filesystem::temp_directory_path() / ("hlmm-dash-trader-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "site");
  std::ofstream(dir / "site" / "index.html") << "<!doctype html><title>t</title>";

  venue::VenueConfig vc;
  vc.assets.push_back(venue::preset_asset("eth"));
  vc.exchange.sequencing.block_interval_ms = 50;
  vc.flow.seed = 11;
  vc.flow.taker_rate_per_s = 4.0;
  venue::VenueServer venue(vc, venue::VenueServerOptions{"127.0.0.1", 0, dir / "ca.pem", 5});
  hl::PrivateKey key = hl::PrivateKey::from_hex("0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63");
  const hl::Address address = key.address();
  venue.with_core([&](venue::VenueCore& core) { core.add_account(address, 100'000 * kPriceScale); });
  live::TraderConfig tc;
  tc.port = std::to_string(venue.port());
  tc.ca_file = (dir / "ca.pem").string();
  tc.coins = {"ETH"};
  live::Trader trader(tc, std::move(key));

  DashboardOptions o;
  o.assets_dir = dir / "site";
  o.kill_token = "right-token";
  DashboardServer board(o, [&trader] { trader.kill(); });
  TraderFeed feed(trader, "test", "hjb_fd");
  trader.start();

  // Quoting both sides, with funding known and the policy surface loaded.
  DashboardState s;
  ASSERT_TRUE(wait_until([&] {
    s = feed.sample();
    board.publish(s);
    return s.ready && s.coins.size() == 1 && s.coins[0].our_bid > 0 && s.coins[0].our_ask > 0 &&
           s.coins[0].funding != 0 && !s.surfaces.empty() && s.tick_to_quote[0].count > 0;
  }, 60s)) << "ready " << s.ready << " coins " << s.coins.size();
  const CoinView& eth = s.coins[0];
  EXPECT_EQ(eth.coin, "ETH");
  EXPECT_LT(eth.our_bid, eth.best_ask);
  EXPECT_GT(eth.our_ask, eth.best_bid);
  EXPECT_GT(eth.our_bid_size, 0);
  EXPECT_GT(eth.position_limit, 0);
  EXPECT_EQ(s.backend, "sw");
  EXPECT_EQ(s.tick_to_quote.size(), 1u);
  EXPECT_EQ(s.tick_to_quote[0].backend, "sw");
  ASSERT_EQ(s.surfaces.size(), 1u);
  const SurfaceView& surface = s.surfaces[0];
  EXPECT_EQ(surface.coin, "ETH");
  EXPECT_GT(surface.q_nodes.size(), 2u);
  EXPECT_GT(surface.f_nodes.size(), 2u);
  EXPECT_EQ(surface.bid.size(), surface.q_nodes.size() * surface.f_nodes.size());
  // At the long end the bid is disabled (hard limit): NaN, not a number far away.
  EXPECT_TRUE(std::isnan(surface.bid[(surface.q_nodes.size() - 1) * surface.f_nodes.size()]));
  EXPECT_TRUE(std::isfinite(surface.bid[0]));
  EXPECT_GT(surface.bid[0], 0);

  // The histogram only grows: the feed copies new samples, never the same ones twice.
  const std::uint64_t before = s.tick_to_quote[0].count;
  const DashboardState again = feed.sample();
  const std::uint64_t total = trader.snapshot().tick_to_quote_total;
  EXPECT_GE(again.tick_to_quote[0].count, before);
  EXPECT_LE(again.tick_to_quote[0].count, total);

  const auto port = board.port();
  ASSERT_TRUE(wait_until([&] {
    return testing::http_get(port, "/metrics").body.find("hlmm_ready 1\n") != std::string::npos;
  }, 20s));
  const std::string metrics = testing::http_get(port, "/metrics").body;
  EXPECT_NE(metrics.find("hlmm_kill_switch 0\n"), std::string::npos);
  EXPECT_NE(metrics.find("hlmm_tick_to_quote_seconds_count{backend=\"sw\"}"), std::string::npos);

  // Wrong or missing token: refused, the trader keeps quoting.
  EXPECT_EQ(testing::http_request(port, verb::post, "/api/kill").status, 403u);
  EXPECT_EQ(testing::http_request(port, verb::post, "/api/kill", {{"Authorization", "Bearer wrong-token"}}).status, 403u);
  EXPECT_FALSE(trader.snapshot().killed);

  // The right one engages Trader::kill(): the venue holds none of our orders soon after.
  EXPECT_EQ(testing::http_request(port, verb::post, "/api/kill", {{"Authorization", "Bearer right-token"}}).status, 200u);
  EXPECT_TRUE(trader.snapshot().killed);
  EXPECT_TRUE(wait_until([&] {
    std::size_t open = 0;
    venue.with_core([&](venue::VenueCore& core) { open = core.exchange().open_orders(address).size(); });
    return open == 0;
  }, 20s));
  board.publish(feed.sample());
  EXPECT_TRUE(wait_until([&] {
    return testing::http_get(port, "/metrics").body.find("hlmm_kill_switch 1\n") != std::string::npos;
  }, 20s));

  board.stop();  // before the trader: the kill action needs it running
  trader.stop();
  venue.stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hlmm::dashboard
