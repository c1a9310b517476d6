// The page's messages parse as JSON (simdjson, strict) and carry the state's numbers; NaN (a
// disabled side of the policy) becomes null; strings round-trip through the escaping.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "dashboard/latency_histogram.hpp"
#include "dashboard/snapshot_json.hpp"
#include "state_fixture.hpp"

namespace hlmm::dashboard {
namespace {

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& text) {
  simdjson::dom::element doc;
  const auto err = parser.parse(text).get(doc);
  EXPECT_EQ(err, simdjson::SUCCESS) << text;
  return doc;
}

TEST(DashboardJson, TickCarriesKpisCoinsRulesAndLatency) {
  const DashboardState s = testing::sample_state();
  simdjson::dom::parser parser;
  const auto doc = parse(parser, tick_json(s));
  EXPECT_EQ(std::string_view(doc["type"]), "tick");
  EXPECT_EQ(std::string_view(doc["policy"]), "hjb_fd");
  EXPECT_DOUBLE_EQ(double(doc["kpi"]["pnl"]), -3.25);
  EXPECT_EQ(uint64_t(doc["kpi"]["fills"]), 7u);
  EXPECT_DOUBLE_EQ(double(doc["kpi"]["fill_ratio"]), 0.1);
  EXPECT_FALSE(bool(doc["killed"]));
  const auto coins = doc["coins"].get_array();
  ASSERT_EQ(coins.size(), 2u);
  EXPECT_EQ(std::string_view(coins.at(0)["coin"]), "ETH");
  EXPECT_NEAR(double(coins.at(0)["mid"]), 3000.2, 1e-9);
  EXPECT_NEAR(double(coins.at(0)["skew"]), 0.1, 1e-9);  // (2999.9 + 3000.7) / 2 - 3000.2
  EXPECT_DOUBLE_EQ(double(coins.at(0)["funding"]), 0.042);
  EXPECT_EQ(std::string_view(coins.at(1)["coin"]), "we\"ird\\coin\n");
  const auto rules = doc["rules"].get_array();
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(std::string_view(rules.at(2)["source"]), "gate");
  EXPECT_EQ(std::string_view(rules.at(1)["kind"]), "cancel");
  const auto latency = doc["latency"].get_array();
  ASSERT_EQ(latency.size(), 2u);
  EXPECT_EQ(uint64_t(latency.at(0)["count"]), 6u);
  EXPECT_EQ(latency.at(0)["counts"].get_array().size(), latency.at(0)["upper_ns"].get_array().size() + 1);
  EXPECT_EQ(uint64_t(latency.at(0)["p50_bound_ns"]), 50'000u);
  EXPECT_EQ(uint64_t(doc["surfaces_version"]), 1u);
}

TEST(DashboardJson, SurfacesWriteDisabledSidesAsNull) {
  const DashboardState s = testing::sample_state();
  simdjson::dom::parser parser;
  const auto doc = parse(parser, surfaces_json(s));
  EXPECT_EQ(std::string_view(doc["type"]), "surfaces");
  const auto surface = doc["surfaces"].get_array().at(0);
  EXPECT_EQ(surface["q_nodes"].get_array().size(), 3u);
  EXPECT_EQ(surface["f_nodes"].get_array().size(), 2u);
  const auto bid = surface["bid"].get_array();
  ASSERT_EQ(bid.size(), 6u);
  EXPECT_DOUBLE_EQ(double(bid.at(0)), 0.5);
  EXPECT_TRUE(bid.at(4).is_null());
  EXPECT_TRUE(surface["ask"].get_array().at(0).is_null());
}

TEST(DashboardJson, HistoryHoldsOnePointPerTick) {
  std::deque<HistoryPoint> history;
  DashboardState s = testing::sample_state();
  for (int i = 0; i < 3; ++i) {
    s.uptime_s = i * 0.25;
    s.pnl = i;
    history.push_back(history_point(s));
  }
  simdjson::dom::parser parser;
  const auto doc = parse(parser, history_json(history));
  const auto points = doc["points"].get_array();
  ASSERT_EQ(points.size(), 3u);
  EXPECT_DOUBLE_EQ(double(points.at(2)["t"]), 0.5);
  EXPECT_DOUBLE_EQ(double(points.at(2)["pnl"]), 2.0);
  EXPECT_EQ(points.at(2)["coins"].get_array().size(), 2u);
  EXPECT_EQ(std::string_view(parse(parser, history_json({}))["type"]), "history");
}

TEST(DashboardJson, QuoteEscapesControlCharacters) {
  EXPECT_EQ(json_quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
}

TEST(LatencyHistogram, BucketsAndQuantileBounds) {
  LatencyHistogram h = LatencyHistogram::with_default_buckets("sw");
  ASSERT_FALSE(h.upper_ns.empty());
  EXPECT_EQ(h.upper_ns.front(), 1'000u);
  EXPECT_EQ(h.upper_ns.back(), 100'000'000u);
  EXPECT_EQ(h.counts.size(), h.upper_ns.size() + 1);
  EXPECT_EQ(h.quantile_bound_ns(0.5), 0u);  // empty
  for (int i = 0; i < 99; ++i) h.add(3'000);
  h.add(7'000'000);
  EXPECT_EQ(h.count, 100u);
  EXPECT_EQ(h.quantile_bound_ns(0.5), 5'000u);
  EXPECT_EQ(h.quantile_bound_ns(0.99), 5'000u);
  EXPECT_EQ(h.quantile_bound_ns(1.0), 10'000'000u);
  h.add(1'000);  // a bound is inclusive
  EXPECT_EQ(h.counts[0], 1u);
  h.add(200'000'000);
  EXPECT_EQ(h.counts.back(), 1u);
}

}  // namespace
}  // namespace hlmm::dashboard
