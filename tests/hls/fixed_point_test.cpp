// Exact decimal <-> fixed-point conversion and Hyperliquid's price and size rules.
#include "hlmm/fixed_point.hpp"

#include <cstdint>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace hlmm {
namespace {

// The canonical text of mantissa * 10^-decimals, built with string operations only, so that it
// is independent of format_fixed's arithmetic.
std::string reference_text(std::uint64_t mantissa, int decimals) {
  std::string digits = std::to_string(mantissa);
  if (decimals == 0) return digits;
  if (static_cast<int>(digits.size()) <= decimals) {
    digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
  }
  digits.insert(digits.end() - decimals, '.');
  while (digits.back() == '0') digits.pop_back();
  if (digits.back() == '.') digits.pop_back();
  return digits;
}

constexpr int kRoundTripsPerSzDecimals = 100'000;

class PriceRoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(PriceRoundTrip, RandomValidPricesSurviveTextAndBack) {
  const int sz_decimals = GetParam();
  const int max_decimals = max_price_decimals(MarketType::kPerp, sz_decimals);
  std::mt19937_64 rng(0x5eed0000u + static_cast<unsigned>(sz_decimals));
  std::uniform_int_distribution<int> pick_decimals(1, max_decimals > 0 ? max_decimals : 1);
  std::uniform_int_distribution<std::uint64_t> pick_mantissa(1, 99'999);
  std::uniform_int_distribution<std::uint64_t> pick_integer(1, 10'000'000'000ULL);
  std::bernoulli_distribution integer_price(0.2);

  for (int i = 0; i < kRoundTripsPerSzDecimals; ++i) {
    std::uint64_t mantissa;
    int decimals;
    if (max_decimals == 0 || integer_price(rng)) {
      mantissa = pick_integer(rng);  // integers are valid whatever their significant figures
      decimals = 0;
    } else {
      mantissa = pick_mantissa(rng);  // at most 5 significant figures
      decimals = pick_decimals(rng);
    }
    const auto units = static_cast<Price>(mantissa) * pow10_i64(kPriceDecimals - decimals);
    const std::string text = reference_text(mantissa, decimals);
    ASSERT_TRUE(is_valid_price(units, sz_decimals)) << text;

    const DecimalResult parsed = parse_price(text, sz_decimals);
    ASSERT_TRUE(parsed.ok()) << text << ": " << decimal_error_name(parsed.error);
    ASSERT_EQ(parsed.value, units) << text;
    ASSERT_EQ(format_price(units).view(), text);
    // Venue responses pad with zeros ("113377.0"); the value must not change.
    const std::string padded = text.find('.') == std::string::npos ? text + ".000" : text + "00";
    ASSERT_EQ(parse_price(padded, sz_decimals).value, units) << padded;
  }
}

INSTANTIATE_TEST_SUITE_P(PerpSzDecimals, PriceRoundTrip, ::testing::Range(0, 6));

TEST(PriceRule, RandomInvalidPricesAreRejectedWithTheRuleTheyBreak) {
  std::mt19937_64 rng(42);
  for (int sz_decimals = 0; sz_decimals <= 5; ++sz_decimals) {
    const int max_decimals = max_price_decimals(MarketType::kPerp, sz_decimals);
    for (int i = 0; i < 10'000; ++i) {
      // Six significant figures with a last non-zero decimal: too precise, whatever the decimals.
      const std::uint64_t six = std::uniform_int_distribution<std::uint64_t>(100'000, 999'999)(rng) / 10 * 10 + 1;
      const int decimals = std::uniform_int_distribution<int>(1, max_decimals > 0 ? max_decimals : 1)(rng);
      const std::string text = reference_text(six, decimals);
      const DecimalResult r = parse_price(text, sz_decimals);
      ASSERT_FALSE(r.ok()) << text;
      ASSERT_FALSE(is_valid_price(static_cast<Price>(six) * pow10_i64(kPriceDecimals - decimals), sz_decimals));
      ASSERT_EQ(r.error, max_decimals == 0 ? DecimalError::kTooManyDecimals
                                           : DecimalError::kTooManySignificantFigures) << text;
      // One decimal more than the asset allows, with few significant figures.
      const std::string fine = reference_text(std::uniform_int_distribution<std::uint64_t>(1, 9)(rng),
                                              max_decimals + 1);
      ASSERT_EQ(parse_price(fine, sz_decimals).error, DecimalError::kTooManyDecimals) << fine;
    }
  }
}

TEST(PriceRule, DocumentedExamples) {
  // Hyperliquid docs, tick-and-lot-size: perps.
  EXPECT_TRUE(parse_price("1234.5", 0).ok());
  EXPECT_EQ(parse_price("1234.56", 0).error, DecimalError::kTooManySignificantFigures);
  EXPECT_TRUE(parse_price("0.001234", 0).ok());
  EXPECT_EQ(parse_price("0.0012345", 0).error, DecimalError::kTooManyDecimals);
  EXPECT_TRUE(parse_price("0.01234", 1).ok());
  EXPECT_EQ(parse_price("0.012345", 1).error, DecimalError::kTooManyDecimals);
  // Spot allows 8 - szDecimals decimals.
  EXPECT_TRUE(parse_price("0.0001234", 0, MarketType::kSpot).ok());
  EXPECT_TRUE(parse_price("0.0001234", 1, MarketType::kSpot).ok());
  EXPECT_EQ(parse_price("0.0001234", 2, MarketType::kSpot).error, DecimalError::kTooManyDecimals);
  // Integer prices are allowed regardless of significant figures.
  EXPECT_EQ(parse_price("123456789", 5).value, 123456789 * kPriceScale);
  EXPECT_EQ(parse_price("113377.0", 5).value, 113377 * kPriceScale);
  EXPECT_EQ(parse_price("3456.7", 4).value, 345'670'000'000);
  EXPECT_EQ(parse_price("3456.7", 6).error, DecimalError::kTooManyDecimals);  // integers only
  EXPECT_EQ(parse_price("3456", 6).value, 3456 * kPriceScale);
  EXPECT_EQ(parse_price("3456", 7).error, DecimalError::kBadSzDecimals);
  EXPECT_EQ(parse_price("3456.7", -1).error, DecimalError::kBadSzDecimals);
}

TEST(DecimalText, EveryBadStringClassIsRejected) {
  struct Case {
    const char* text;
    DecimalError error;
  };
  const Case cases[] = {
      {"", DecimalError::kEmpty},
      {"1234567890123456789012345678901234567890.5", DecimalError::kTooLong},
      {"-", DecimalError::kMalformed},
      {".", DecimalError::kMalformed},
      {".5", DecimalError::kMalformed},
      {"1.", DecimalError::kMalformed},
      {"1.2.3", DecimalError::kMalformed},
      {"--1", DecimalError::kMalformed},
      {"1-2", DecimalError::kMalformed},
      {" 1", DecimalError::kBadCharacter},
      {"1 ", DecimalError::kBadCharacter},
      {"+1", DecimalError::kBadCharacter},
      {"1,5", DecimalError::kBadCharacter},
      {"12a", DecimalError::kBadCharacter},
      {"0x10", DecimalError::kBadCharacter},
      {"1e5", DecimalError::kExponent},
      {"1E-3", DecimalError::kExponent},
      {"2.5e+3", DecimalError::kExponent},
      {"NaN", DecimalError::kNotANumber},
      {"nan", DecimalError::kNotANumber},
      {"inf", DecimalError::kNotANumber},
      {"-Infinity", DecimalError::kNotANumber},
      {"-1", DecimalError::kNegative},
      {"-0.5", DecimalError::kNegative},
      {"0", DecimalError::kNotPositive},
      {"0.000", DecimalError::kNotPositive},
      {"0.123456", DecimalError::kTooManySignificantFigures},
      {"0.0000001", DecimalError::kTooManyDecimals},
      {"0.000000001", DecimalError::kTooManyDecimals},
      {"123456.7", DecimalError::kTooManySignificantFigures},
      {"92233720369", DecimalError::kOverflow},
      {"99999999999999999999", DecimalError::kOverflow},
  };
  for (const auto& c : cases) {
    const DecimalResult r = parse_price(c.text, 0);
    EXPECT_EQ(r.error, c.error) << '"' << c.text << "\" gave " << decimal_error_name(r.error);
    EXPECT_EQ(r.value, 0) << c.text;
    EXPECT_NE(decimal_error_name(r.error), decimal_error_name(DecimalError::kOk));
  }
}

TEST(DecimalText, BoundariesOfTheScale) {
  EXPECT_EQ(parse_fixed("92233720368.54775807", 8, false).value, INT64_MAX);
  EXPECT_EQ(parse_fixed("92233720368.54775808", 8, false).error, DecimalError::kOverflow);
  EXPECT_EQ(parse_fixed("-92233720368.54775807", 8, true).value, -INT64_MAX);
  EXPECT_EQ(parse_fixed("92233720368.547758070000", 8, false).value, INT64_MAX);
  EXPECT_EQ(parse_fixed("0.00000001", 8, false).value, 1);
  EXPECT_EQ(parse_fixed("0.000000010", 8, false).value, 1);
  EXPECT_EQ(parse_fixed("0.000000011", 8, false).error, DecimalError::kTooManyDecimals);
  EXPECT_EQ(parse_fixed("-0", 8, false).value, 0);  // the Python SDK's float_to_wire(-0.0)
  EXPECT_EQ(parse_fixed("007.50", 8, false).value, 750'000'000);

  EXPECT_EQ(format_fixed(INT64_MAX, 8).view(), "92233720368.54775807");
  EXPECT_EQ(format_fixed(INT64_MIN, 8).view(), "-92233720368.54775808");
  EXPECT_EQ(format_fixed(0, 8).view(), "0");
  EXPECT_EQ(format_fixed(-1, 8).view(), "-0.00000001");
  EXPECT_EQ(format_fixed(100 * kPriceScale, 8).view(), "100");
  EXPECT_EQ(format_fixed(-250'000'000, 8).view(), "-2.5");
}

TEST(DecimalText, SignedValuesRoundTrip) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> any(INT64_MIN + 1, INT64_MAX);
  for (int i = 0; i < 100'000; ++i) {
    const std::int64_t v = any(rng);
    const auto text = format_fixed(v, 8);
    const DecimalResult r = parse_fixed(text.view(), 8, true);
    ASSERT_TRUE(r.ok()) << text.view();
    ASSERT_EQ(r.value, v) << text.view();
  }
}

TEST(SizeRule, DecimalsFollowSzDecimals) {
  EXPECT_EQ(parse_size("0.0335", 4).value, 3'350'000);
  EXPECT_EQ(parse_size("0.03350", 4).value, 3'350'000);
  EXPECT_EQ(parse_size("0.03351", 4).error, DecimalError::kTooManyDecimals);
  EXPECT_EQ(parse_size("12", 0).value, 12 * kSizeScale);
  EXPECT_EQ(parse_size("12.5", 0).error, DecimalError::kTooManyDecimals);
  EXPECT_EQ(parse_size("0", 3).value, 0);  // a removed level or a fully filled order
  EXPECT_EQ(parse_size("-1", 3).error, DecimalError::kNegative);
  EXPECT_EQ(parse_size("1", 9).error, DecimalError::kBadSzDecimals);
  EXPECT_TRUE(is_valid_size(3'350'000, 4));
  EXPECT_FALSE(is_valid_size(3'351'000, 4));
  EXPECT_FALSE(is_valid_size(-1, 8));
}

TEST(SizeRule, RandomSizesRoundTrip) {
  std::mt19937_64 rng(11);
  for (int sz_decimals = 0; sz_decimals <= 8; ++sz_decimals) {
    for (int i = 0; i < 10'000; ++i) {
      const std::uint64_t mantissa = std::uniform_int_distribution<std::uint64_t>(0, 1'000'000'000)(rng);
      const std::string text = reference_text(mantissa, sz_decimals);
      const DecimalResult r = parse_size(text, sz_decimals);
      ASSERT_TRUE(r.ok()) << text;
      ASSERT_EQ(r.value, static_cast<Size>(mantissa) * pow10_i64(kSizeDecimals - sz_decimals));
      ASSERT_EQ(format_size(r.value).view(), text);
    }
  }
}

// The single-pass fast path must agree with the careful path on every string, valid or not: random
// texts biased towards number-like shapes (digits, points, signs, letters, long runs of zeros).
TEST(DecimalText, FastPathAgreesWithTheCarefulPathOnRandomStrings) {
  std::mt19937_64 rng(2026);
  constexpr std::string_view kAlphabet = "0123456789012345678900000.....-eEa n";
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  std::uint64_t fast_shapes = 0;
  for (int i = 0; i < 400'000; ++i) {
    std::string text;
    const int n = length(rng);
    for (int k = 0; k < n; ++k) text += kAlphabet[pick(rng)];
    if (i % 2 == 0) {  // half of them: a plain number of random width, the shape the venue sends
      text = std::to_string(std::uniform_int_distribution<std::uint64_t>(0, 99'999'999'999)(rng) >> (i % 37));
      const int point = std::uniform_int_distribution<int>(0, static_cast<int>(text.size()))(rng);
      if (point > 0 && point < static_cast<int>(text.size())) text.insert(text.begin() + point, '.');
      if (i % 7 == 0) text += "000";
    }
    detail::PlainDecimal plain;
    if (detail::scan_plain_decimal(text, kPriceDecimals, plain)) ++fast_shapes;
    for (int sz = -1; sz <= 9; ++sz) {
      for (MarketType market : {MarketType::kPerp, MarketType::kSpot}) {
        const DecimalResult fast = parse_price(text, sz, market);
        const DecimalResult careful = detail::parse_price_general(text, sz, market);
        ASSERT_EQ(fast.error, careful.error) << '"' << text << "\" sz " << sz;
        ASSERT_EQ(fast.value, careful.value) << '"' << text << "\" sz " << sz;
      }
      const DecimalResult fast = parse_size(text, sz);
      const DecimalResult careful = detail::parse_size_general(text, sz);
      ASSERT_EQ(fast.error, careful.error) << '"' << text << "\" sz " << sz;
      ASSERT_EQ(fast.value, careful.value) << '"' << text << "\" sz " << sz;
    }
  }
  EXPECT_GT(fast_shapes, 150'000U);  // the fast path was really exercised
}

// The conversions are constexpr: a table of constants can be checked at compile time.
static_assert(parse_price("3456.7", 0).value == 345'670'000'000);
static_assert(parse_price("1e5", 0).error == DecimalError::kExponent);
static_assert(format_price(12'345).view() == "0.00012345");
static_assert(significant_figures(123'450'000) == 5);  // 1.2345
static_assert(fraction_digits(123'450'000, 8) == 4);
static_assert(parse_price("0.0012", 2).value == 120'000);
static_assert(parse_price("30012.5", 2).error == DecimalError::kTooManySignificantFigures);
static_assert(parse_size("1.25", 1).error == DecimalError::kTooManyDecimals);

}  // namespace
}  // namespace hlmm
