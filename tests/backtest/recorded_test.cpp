// Recorded-data reader: candles and funding history written here, read back into a market path.
#include <atomic>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "backtest/recorded.hpp"
#include "backtest/study.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kHour0 = 1'764'115'200'000ull;  // 2025-11-26 00:00 UTC, ms

// `count` one-minute candles from `start_ms`, closes 3000.0, 3000.1, ...; minutes in `skip` left out.
std::string candles(std::uint64_t start_ms, int count, std::initializer_list<int> skip = {}, const char* interval = "1m") {
  std::string out = "[";
  bool first = true;
  for (int i = 0; i < count; ++i) {
    bool skipped = false;
    for (int s : skip) skipped = skipped || s == i;
    if (skipped) continue;
    if (!first) out += ",";
    first = false;
    const std::uint64_t t = start_ms + static_cast<std::uint64_t>(i) * 60'000;
    out += fmt::format(R"({{"t":{},"T":{},"s":"ETH","i":"{}","o":"3000.0","c":"{}.{}","h":"3001.0","l":"2999.0","v":"1.5","n":3}})",
                       t, t + 59'999, interval, 3000 + i / 10, i % 10);
  }
  return out + "]";
}

std::string funding(std::initializer_list<std::pair<std::uint64_t, const char*>> recs) {
  std::string out = "[";
  bool first = true;
  for (const auto& [t, r] : recs) {
    if (!first) out += ",";
    first = false;
    out += fmt::format(R"({{"coin":"ETH","fundingRate":"{}","premium":"0.0001","time":{}}})", r, t);
  }
  return out + "]";
}

TEST(Recorded, BuildsTheMinutePanelFromTheFirstClockHourAndFillsGaps) {
  // Candles from 00:58 for 190 minutes, 01:30 and 01:31 missing.
  const std::uint64_t start = kHour0 + 58 * 60'000;
  RecordedStats st;
  const MarketPath p = market_from_recorded(candles(start, 190, {34, 35}),
                                            funding({{kHour0, "0.0000125"}, {kHour0 + 2 * 3'600'000, "-0.00002"}}), &st);
  EXPECT_EQ(p.start_ns, (kHour0 + 3'600'000) * 1'000'000);
  EXPECT_EQ(st.dropped_minutes, 2);
  EXPECT_EQ(st.gap_minutes, 2);
  EXPECT_EQ(st.candles, 188);
  ASSERT_EQ(p.minutes(), 188);
  // Minute 0 is candle index 2 (close 3000.2); the gap repeats candle 33's close 3003.3.
  EXPECT_EQ(p.mid[0], 300020000000);
  EXPECT_EQ(p.mid[31], 300330000000);
  EXPECT_EQ(p.mid[32], 300330000000);
  EXPECT_EQ(p.mid[33], 300330000000);
  EXPECT_EQ(p.mid[34], 300360000000);
  // Hour 0 (01:00) takes the 00:00 rate; hour 1 (02:00) the 02:00 rate; later hours keep it.
  ASSERT_GE(p.rate.size(), 4u);
  EXPECT_DOUBLE_EQ(p.rate[0], 0.0000125);
  EXPECT_DOUBLE_EQ(p.rate[1], -0.00002);
  EXPECT_DOUBLE_EQ(p.rate[3], -0.00002);
}

TEST(Recorded, RefusesMalformedInputWithANamedReason) {
  const std::string f = funding({{kHour0, "0.00001"}});
  const std::string c = candles(kHour0, 120);
  auto refuses = [](const std::string& cj, const std::string& fj, const char* needle) {
    try {
      (void)market_from_recorded(cj, fj);
      ADD_FAILURE() << "accepted input that should fail with '" << needle << "'";
    } catch (const RecordedDataError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  refuses("not json", f, "not valid JSON");
  refuses("{}", f, "expected a JSON array");
  refuses(candles(kHour0, 120, {}, "5m"), f, "interval '5m'");
  refuses(candles(kHour0, 30), f, "less than one whole hour");
  refuses(c, "[]", "no record");
  refuses(c, funding({{kHour0, "nan"}}), "not a finite rate");
  refuses(c, funding({{kHour0, "2.5"}}), "not a finite rate");
  std::string bad = c;
  bad.replace(bad.find("\"c\":\"3000.0\""), 12, "\"c\":\"30x0.0\"");
  refuses(bad, f, "is not a positive price");
  const std::string one = candles(kHour0, 61);
  refuses("[" + one.substr(1, one.size() - 2) + "," + one.substr(1, one.size() - 2) + "]", f, "two candles open");
  EXPECT_THROW(read_text_file("/nonexistent/hlmm/candles.json"), RecordedDataError);
}

TEST(Recorded, StudyReplaysThePanelAndSeedsVaryOnlyTheFills) {
  auto path = std::make_shared<const MarketPath>(
      market_from_recorded(candles(kHour0, 6 * 60), funding({{kHour0, "0.0000125"}})));
  StudyConfig cfg;
  cfg.preset = "eth";
  cfg.seeds = 3;
  cfg.policies = {"pure_as", "hjb_fd"};
  cfg.recorded = path;
  std::atomic<bool> stop{false};
  const StudyResult r = run_study(cfg, stop);
  ASSERT_EQ(r.seeds_finished, 3);
  EXPECT_DOUBLE_EQ(r.days, 0.25);
  const auto& as = r.policies.front();
  EXPECT_EQ(as.name, "pure_as");
  EXPECT_GT(as.final_equity.ci95, 0.0);  // different fills per seed on the same panel
  EXPECT_GT(as.fill_rate, 0.2);
}

}  // namespace
}  // namespace hlmm::backtest
