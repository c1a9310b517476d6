// HIP-4 outcome assets: ids and names from protocol.md's example, the u32 bound, refusals of
// malformed ids and names, the merged Yes/No book, and the outcomeMeta description.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "strategies/outcome_asset.hpp"

namespace hlmm::strategies {
namespace {

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(OutcomeAsset, ProtocolExampleOutcomeOneYes) {
  // protocol.md: outcome 1 side 0 gives #10, +10, 100000010.
  const OutcomeAsset a = make_outcome_asset(1, OutcomeSide::kYes);
  EXPECT_EQ(a.encoding(), 10u);
  EXPECT_EQ(a.coin(), "#10");
  EXPECT_EQ(a.token(), "+10");
  EXPECT_EQ(a.asset_id(), 100000010u);
  const OutcomeAsset no = a.other_side();
  EXPECT_EQ(no.asset_id(), 100000011u);
  EXPECT_EQ(no.coin(), "#11");
  EXPECT_EQ(make_outcome_asset(123, OutcomeSide::kNo).asset_id(), 100001231u);
  EXPECT_EQ(make_outcome_asset(0, OutcomeSide::kYes).coin(), "#0");
}

TEST(OutcomeAsset, RoundTripsThroughIdCoinAndToken) {
  for (std::uint32_t outcome : {0u, 1u, 7u, 123u, 99999u, kMaxOutcome}) {
    for (OutcomeSide side : {OutcomeSide::kYes, OutcomeSide::kNo}) {
      const OutcomeAsset a = make_outcome_asset(outcome, side);
      EXPECT_EQ(outcome_from_asset_id(a.asset_id()), a) << a.coin();
      EXPECT_EQ(outcome_from_coin(a.coin()), a) << a.coin();
      EXPECT_EQ(outcome_from_token(a.token()), a) << a.token();
      EXPECT_TRUE(is_outcome_asset_id(a.asset_id()));
    }
  }
}

TEST(OutcomeAsset, LargestOutcomeStillFitsAU32AssetId) {
  // kMaxOutcome's No side is the last id below 2^32; one more outcome would overflow the u32.
  EXPECT_EQ(kMaxOutcome, 419'496'729u);
  EXPECT_EQ(make_outcome_asset(kMaxOutcome, OutcomeSide::kNo).asset_id(), 4'294'967'291u);
  EXPECT_NE(error_of([] { make_outcome_asset(kMaxOutcome + 1, OutcomeSide::kYes); }).find("above 419496729"),
            std::string::npos);
}

TEST(OutcomeAsset, RefusesIdsThatAreNotOutcomes) {
  EXPECT_FALSE(is_outcome_asset_id(0));           // BTC perp
  EXPECT_FALSE(is_outcome_asset_id(10107));       // a spot pair
  EXPECT_FALSE(is_outcome_asset_id(110000));      // a HIP-3 perp
  EXPECT_FALSE(is_outcome_asset_id(99'999'999));  // one below the base
  EXPECT_FALSE(is_outcome_asset_id(100'000'002)); // side digit 2
  EXPECT_FALSE(is_outcome_asset_id(100'000'019)); // side digit 9
  EXPECT_FALSE(is_outcome_asset_id(std::uint64_t{UINT32_MAX} + 1));
  EXPECT_TRUE(is_outcome_asset_id(100'000'000));
  EXPECT_NE(error_of([] { outcome_from_asset_id(100'000'002); }).find("asset id 100000002"), std::string::npos);
  EXPECT_NE(error_of([] { outcome_from_asset_id(5); }).find("asset id 5 "), std::string::npos);
}

TEST(OutcomeAsset, RefusesMalformedNames) {
  EXPECT_NE(error_of([] { outcome_from_coin("10"); }).find("does not start with '#'"), std::string::npos);
  EXPECT_NE(error_of([] { outcome_from_coin("+10"); }).find("does not start with '#'"), std::string::npos);
  EXPECT_NE(error_of([] { outcome_from_token("#10"); }).find("does not start with '+'"), std::string::npos);
  for (const char* bad : {"#", "#-10", "#+10", "#010", "#1a", "# 10", "#10 ", "#1.0", "#99999999999999999999"}) {
    EXPECT_NE(error_of([&] { outcome_from_coin(bad); }).find("canonical decimal"), std::string::npos) << bad;
  }
  EXPECT_NE(error_of([] { outcome_from_coin("#12"); }).find("side 0 or 1"), std::string::npos);
  // Encoding 4194967300 would be outcome 419496730, beyond the u32 asset id.
  EXPECT_NE(error_of([] { outcome_from_coin("#4194967300"); }).find("side 0 or 1"), std::string::npos);
}

TEST(OutcomeAsset, MergedBookBuyingNoIsSellingYesAtOneMinusPrice) {
  const OutcomeOrder buy_no{OutcomeSide::kNo, true, 43 * kPriceScale / 100, 5 * kSizeScale};
  const OutcomeOrder yes = to_yes_book(buy_no);
  EXPECT_EQ(yes.side, OutcomeSide::kYes);
  EXPECT_FALSE(yes.is_buy);
  EXPECT_EQ(yes.price, 57 * kPriceScale / 100);  // exact in fixed point
  EXPECT_EQ(yes.size, 5 * kSizeScale);
  EXPECT_EQ(expressed_on(yes, OutcomeSide::kNo).price, buy_no.price);
  EXPECT_TRUE(expressed_on(yes, OutcomeSide::kNo).is_buy);

  const OutcomeOrder sell_no{OutcomeSide::kNo, false, 1, kSizeScale};  // 1e-8 USD
  EXPECT_TRUE(to_yes_book(sell_no).is_buy);
  EXPECT_EQ(to_yes_book(sell_no).price, kPriceScale - 1);

  const OutcomeOrder buy_yes{OutcomeSide::kYes, true, 30 * kPriceScale / 100, kSizeScale};
  EXPECT_EQ(to_yes_book(buy_yes).price, buy_yes.price);  // already on the Yes book
  EXPECT_TRUE(to_yes_book(buy_yes).is_buy);
}

TEST(OutcomeAsset, MergedBookRefusesPricesOutsideZeroToOne) {
  EXPECT_NE(error_of([] { to_yes_book({OutcomeSide::kNo, true, kPriceScale + 1, kSizeScale}); }).find("outside [0, 1]"),
            std::string::npos);
  EXPECT_NE(error_of([] { to_yes_book({OutcomeSide::kNo, true, -1, kSizeScale}); }).find("outside [0, 1]"), std::string::npos);
  EXPECT_NE(error_of([] { to_yes_book({OutcomeSide::kNo, true, 1, -1}); }).find("negative"), std::string::npos);
}

TEST(PriceBinarySpec, ParsesTheProtocolExample) {
  const PriceBinarySpec s =
      parse_price_binary("class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:34.5|period:3m");
  EXPECT_EQ(s.underlying, "HYPE");
  // 2026-03-10 11:00 UTC: 20522 days after 1970-01-01 (date -u -d '2026-03-10 11:00' +%s = 1773140400).
  EXPECT_EQ(s.expiry_s, 1'773'140'400);
  EXPECT_DOUBLE_EQ(s.strike, 34.5);
  EXPECT_EQ(s.period, "3m");
  EXPECT_DOUBLE_EQ(years_to_expiry(s, 1'773'140'400 - 86'400), 1.0 / 365.0);
  EXPECT_EQ(years_to_expiry(s, 1'773'140'400), 0.0);
  EXPECT_EQ(years_to_expiry(s, 1'773'140'400 + 5), 0.0);
}

TEST(PriceBinarySpec, KeyOrderDoesNotMatterUnknownKeysAreIgnoredPeriodIsOptional) {
  const PriceBinarySpec s = parse_price_binary("targetPrice:100000|expiry:20280229-0600|note:x|underlying:BTC|class:priceBinary");
  EXPECT_EQ(s.underlying, "BTC");
  EXPECT_EQ(s.expiry_s, 1'835'416'800);  // 2028-02-29 06:00 UTC, a leap day
  EXPECT_DOUBLE_EQ(s.strike, 100000.0);
  EXPECT_EQ(s.period, "");
}

TEST(PriceBinarySpec, RefusesMalformedDescriptions) {
  struct Case {
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {"", "has no ':'"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1100", "no 'targetPrice'"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:34.5|", "has no ':'"},
      {"class:priceBinary|underlying:|expiry:20260310-1100|targetPrice:34.5", "empty 'underlying'"},
      {"class:priceBinary|underlying:HYPE|underlying:BTC|expiry:20260310-1100|targetPrice:34.5", "repeats 'underlying'"},
      {"class:multiOutcome|underlying:HYPE|expiry:20260310-1100|targetPrice:34.5", "not priceBinary"},
      {"class:priceBinary|underlying:HYPE|expiry:2026-03-10|targetPrice:34.5", "not YYYYMMDD-HHMM"},
      {"class:priceBinary|underlying:HYPE|expiry:20260230-1100|targetPrice:34.5", "not a calendar date"},
      {"class:priceBinary|underlying:HYPE|expiry:20270229-1100|targetPrice:34.5", "not a calendar date"},
      {"class:priceBinary|underlying:HYPE|expiry:20261301-1100|targetPrice:34.5", "not a calendar date"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-2400|targetPrice:34.5", "no such time of day"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1160|targetPrice:34.5", "no such time of day"},
      {"class:priceBinary|underlying:HYPE|expiry:2026031a-1100|targetPrice:34.5", "not YYYYMMDD-HHMM"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:0", "not positive"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:-3", "not a decimal price"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:1e3", "not a decimal price"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:nan", "not a decimal price"},
      {"class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:34.5x", "not a decimal price"},
  };
  for (const Case& c : cases) {
    EXPECT_NE(error_of([&] { parse_price_binary(c.text); }).find(c.says), std::string::npos)
        << c.text << " -> " << error_of([&] { parse_price_binary(c.text); });
  }
}

}  // namespace
}  // namespace hlmm::strategies
