// The dashboard as users start it, with the real binary: `hlmm run --dashboard 0` against
// `hlmm venue` serves the live trader (source "run", connected, the venue's book), with no kill
// switch unless a token was given; `hlmm backtest --dashboard 0` replays its first seed to the
// end and exits.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "child_process.hpp"
#include "http_test_client.hpp"
#include "hyperliquid/private_key.hpp"

#ifndef HLMM_BIN
#error "HLMM_BIN (the hlmm executable) is set by tests/dashboard/CMakeLists.txt"
#endif

namespace hlmm::dashboard {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using boost::beast::http::verb;

constexpr const char* kKeyHex = "0x3c9a1b7e5d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c";

fs::path fresh_dir(const char* name) {
  const fs::path dir = fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

unsigned short dashboard_port(const fs::path& log) {
  const std::string port = test::wait_for_match(log, std::regex(R"(http://127\.0\.0\.1:([0-9]+)/)"), 60s);
  return port.empty() ? 0 : static_cast<unsigned short>(std::stoi(port));
}

TEST(CommandDashboard, RunServesTheLiveTraderAndHasNoKillSwitchWithoutAToken) {
  const fs::path dir = fresh_dir("hlmm-dash-run");
  const fs::path key_file = dir / "key";
  std::ofstream(key_file) << kKeyHex << "\n";
  fs::permissions(key_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  const fs::path ca = dir / "ca.pem";
  test::VenueProcess venue = test::spawn_venue(HLMM_BIN, dir, ca, hl::PrivateKey::from_hex(kKeyHex).address().to_string(),
                                               {"--markets", "eth", "--block-ms", "50", "--seed", "5"});
  ASSERT_NE(venue.port, 0) << test::read_file(dir / "venue.err");

  test::Child run = test::Child::spawn({HLMM_BIN, "run", "--host", "127.0.0.1", "--port", std::to_string(venue.port),
                                        "--ca-file", ca.string(), "--coins", "ETH", "--key-file", key_file.string(),
                                        "--status-s", "1", "--for", "60", "--dashboard", "0"},
                                       dir / "run.out", dir / "run.err");
  const unsigned short port = dashboard_port(dir / "run.err");
  ASSERT_NE(port, 0) << test::read_file(dir / "run.err");

  simdjson::dom::parser parser;
  bool live = false;
  std::string last;
  for (int i = 0; i < 300 && !live; ++i) {
    const auto reply = testing::http_request(port, verb::get, "/api/snapshot");
    simdjson::dom::element doc;
    if (reply.status == 200 && parser.parse(reply.body).get(doc) == simdjson::SUCCESS) {
      last = reply.body;
      std::string_view source;
      bool connected = false, ready = false;
      double best_bid = 0, our_bid = 0;
      simdjson::dom::array coins;
      if (doc["source"].get(source) == simdjson::SUCCESS && source == "run" && doc["connected"].get(connected) == simdjson::SUCCESS &&
          doc["ready"].get(ready) == simdjson::SUCCESS && doc["coins"].get(coins) == simdjson::SUCCESS && coins.size() == 1 &&
          coins.at(0)["best_bid"].get(best_bid) == simdjson::SUCCESS && coins.at(0)["our_bid"].get(our_bid) == simdjson::SUCCESS) {
        live = connected && ready && best_bid > 0 && our_bid > 0;
      }
    }
    if (!live) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(live) << "the dashboard never showed the trader connected and quoting; last snapshot: " << last
                    << "\nrun stderr:\n" << test::read_file(dir / "run.err");
  const auto metrics = testing::http_request(port, verb::get, "/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.body.find("hlmm_info{source=\"run\""), std::string::npos) << metrics.body.substr(0, 400);
  // No HLMM_DASHBOARD_TOKEN in this process's environment: no kill switch at all.
  EXPECT_EQ(testing::http_request(port, verb::post, "/api/kill", {{"Authorization", "Bearer guess"}}).status, 404u);

  run.signal(SIGTERM);
  EXPECT_EQ(run.wait(20s), 0) << test::read_file(dir / "run.err");
  venue.child.signal(SIGTERM);
  EXPECT_EQ(venue.child.wait(20s), 0);
  fs::remove_all(dir);
}

TEST(CommandDashboard, BacktestReplaysItsFirstSeedToTheEndAndExits) {
  const fs::path dir = fresh_dir("hlmm-dash-backtest");
  // 360 simulated minutes at 90 per second: about four seconds of replay after the table.
  test::Child bt = test::Child::spawn({HLMM_BIN, "backtest", "--preset", "eth", "--seeds", "1", "--days", "0.25",
                                       "--policies", "hjb_fd", "--threads", "1", "--progress", "off", "--dashboard", "0",
                                       "--replay-speed", "90"},
                                      dir / "bt.out", dir / "bt.err");
  const unsigned short port = dashboard_port(dir / "bt.err");
  ASSERT_NE(port, 0) << test::read_file(dir / "bt.err");
  simdjson::dom::parser parser;
  std::vector<double> times;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until && (times.empty() || times.back() < 360 * 60.0)) {
    simdjson::dom::element doc;
    try {
      const auto reply = testing::http_request(port, verb::get, "/api/snapshot");
      std::string_view source;
      double t = 0;
      if (reply.status == 200 && parser.parse(reply.body).get(doc) == simdjson::SUCCESS &&
          doc["source"].get(source) == simdjson::SUCCESS && source == "backtest" && doc["t"].get(t) == simdjson::SUCCESS) {
        times.push_back(t);
      }
    } catch (const std::exception&) {
      break;  // the replay ended and the server closed
    }
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(bt.wait(60s), 0) << test::read_file(dir / "bt.err");
  ASSERT_GE(times.size(), 3u) << test::read_file(dir / "bt.err");
  EXPECT_LT(times.front(), times.back()) << "the replay did not advance";
  EXPECT_NE(test::read_file(dir / "bt.out").find("hjb_fd"), std::string::npos) << "the table is printed before the replay";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace hlmm::dashboard
