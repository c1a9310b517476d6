// A backtest on the dashboard: the replay's states follow the study's own trace and summary (the
// equity at the end is the table's final equity, fills are counted in minute order, funding is
// mid x rate), and a real DashboardServer serves the replay as it advances.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "backtest/dashboard_replay.hpp"
#include "backtest/study.hpp"
#include "dashboard/dashboard_server.hpp"
#include "http_test_client.hpp"

namespace hlmm::backtest {
namespace {

using namespace std::chrono_literals;

// Six hours of the eth preset, hjb_fd (and pure_as, which the study always adds), one seed.
const StudyResult& study() {
  static const StudyResult result = [] {
    StudyConfig cfg;
    cfg.preset = "eth";
    cfg.seeds = 1;
    cfg.days = 0.25;
    cfg.threads = 1;
    cfg.policies = {"hjb_fd"};
    cfg.keep_traces = true;
    std::atomic<bool> stop{false};
    return run_study(cfg, stop, {});
  }();
  return result;
}

const PolicyTrace& hjb_trace() {
  for (const PolicyTrace& t : study().traces) {
    if (t.policy == "hjb_fd") return t;
  }
  throw std::runtime_error("no hjb_fd trace");
}

TEST(DashboardReplay, StatesFollowTheStudysTraceToItsEnd) {
  const PolicyTrace& trace = hjb_trace();
  const DashboardReplay replay(trace, study().trace_market, "ETH", "sw (study model)");
  ASSERT_EQ(replay.minutes(), 360);
  ASSERT_FALSE(trace.trace.fills.empty()) << "six hours of the eth preset should fill";

  double final_equity = 0;
  for (const PolicySummary& p : study().policies) {
    if (p.name == "hjb_fd") final_equity = p.final_equity.mean;
  }
  const dashboard::DashboardState end = replay.state_at(replay.minutes());
  EXPECT_EQ(end.source, "backtest");
  EXPECT_EQ(end.policy, "hjb_fd");
  EXPECT_NEAR(end.pnl, final_equity, 1e-6);
  EXPECT_EQ(end.fills, trace.trace.fills.size());
  ASSERT_EQ(end.coins.size(), 1u);
  EXPECT_DOUBLE_EQ(end.coins[0].position, static_cast<double>(trace.trace.position.back()) / kSizeScale);
  EXPECT_DOUBLE_EQ(end.uptime_s, 360 * 60.0);

  std::uint64_t previous_fills = 0;
  for (int m = 1; m <= replay.minutes(); ++m) {
    const dashboard::DashboardState s = replay.state_at(m);
    std::uint64_t expected = 0;
    for (const TraceFill& f : trace.trace.fills) expected += f.minute < m ? 1 : 0;
    ASSERT_EQ(s.fills, expected) << "minute " << m;
    ASSERT_GE(s.fills, previous_fills);
    previous_fills = s.fills;
    const dashboard::CoinView& c = s.coins[0];
    const double mid = static_cast<double>(study().trace_market.mid[static_cast<std::size_t>(m - 1)]) / kPriceScale;
    ASSERT_DOUBLE_EQ(c.mid(), mid);
    const double rate = study().trace_market.rate[static_cast<std::size_t>((m - 1) / 60)];
    ASSERT_NEAR(c.funding, mid * rate, 1e-7 + 1e-9 * std::abs(mid * rate));
    if (c.our_bid > 0 && c.our_ask > 0) {
      ASSERT_LT(c.our_bid, c.our_ask);
      ASSERT_LE(c.our_bid, mid);
      ASSERT_GE(c.our_ask, mid);
    }
    ASSERT_LE(std::abs(c.position), trace.limit + 1e-9);
  }
  // Out-of-range minutes clamp instead of reading past the trace.
  EXPECT_EQ(replay.state_at(100000).fills, end.fills);
  EXPECT_EQ(replay.state_at(-5).uptime_s, 60.0);

  ASSERT_EQ(end.surfaces.size(), 1u);
  const dashboard::SurfaceView& v = end.surfaces[0];
  EXPECT_EQ(v.bid.size(), v.q_nodes.size() * v.f_nodes.size());
  std::size_t finite = 0;
  for (double b : v.bid) finite += std::isfinite(b) ? 1 : 0;
  EXPECT_GT(finite, v.bid.size() / 2);
}

TEST(DashboardReplay, RefusesAnEmptyTrace) {
  PolicyTrace empty;
  empty.policy = "hjb_fd";
  EXPECT_THROW(DashboardReplay(empty, study().trace_market, "ETH", "sw"), std::invalid_argument);
}

TEST(DashboardReplay, TheServerShowsTheReplayAdvancing) {
  const auto dir = std::filesystem::temp_directory_path() / ("hlmm-dash-replay-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "index.html") << "<!doctype html><title>t</title>";
  dashboard::DashboardOptions o;
  o.assets_dir = dir;
  dashboard::DashboardServer board(o);

  const DashboardReplay replay(hjb_trace(), study().trace_market, "ETH", "sw (study model)");
  std::atomic<bool> stop{false};
  int shown = 0;
  // 360 minutes at 240 minutes/s: about 1.5 s, published every 20 ms.
  std::thread producer([&] { shown = replay_to_dashboard(replay, board, 240.0, stop, 20ms); });

  simdjson::dom::parser parser;
  std::vector<std::uint64_t> uptimes;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto reply = dashboard::testing::http_request(board.port(), boost::beast::http::verb::get, "/api/snapshot");
    simdjson::dom::element doc;
    if (reply.status == 200 && parser.parse(reply.body).get(doc) == simdjson::SUCCESS) {
      std::string_view source;
      if (doc["source"].get(source) == simdjson::SUCCESS && source == "backtest") {
        uptimes.push_back(static_cast<std::uint64_t>(double(doc["t"])));
        if (std::uint64_t(doc["kpi"]["fills"]) == replay.state_at(replay.minutes()).fills &&
            uptimes.back() == 360u * 60u) {
          break;
        }
      }
    }
    std::this_thread::sleep_for(100ms);
  }
  stop = true;
  producer.join();
  board.stop();
  std::filesystem::remove_all(dir);
  EXPECT_EQ(shown, 360);
  ASSERT_GE(uptimes.size(), 3u) << "the snapshot should be sampled several times while the replay advances";
  EXPECT_LT(uptimes.front(), uptimes.back()) << "the replay did not advance";
  EXPECT_EQ(uptimes.back(), 360u * 60u) << "the replay's last minute never reached the page";
}

}  // namespace
}  // namespace hlmm::backtest
