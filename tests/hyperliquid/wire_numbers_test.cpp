// The number cases of vectors.json (float_to_wire outputs, tick and lot rules) against the
// fixed-point helpers that produce every price and size string this client signs.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <string>

#include "hlmm/fixed_point.hpp"

namespace hlmm {
namespace {

simdjson::padded_string& file() {
  static simdjson::padded_string s = [] {
    simdjson::padded_string p;
    if (auto err = simdjson::padded_string::load(HLMM_HL_VECTORS).get(p)) ADD_FAILURE() << simdjson::error_message(err);
    return p;
  }();
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == ',' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// [input, wire] pairs. The on-demand parser is used because one input (1e20, written as an
// integer) does not fit 64 bits and the DOM parser refuses the whole file for it.
std::size_t check_cases(simdjson::ondemand::array cases, const char* group) {
  std::size_t n = 0;
  std::string_view wire;
  for (simdjson::ondemand::array pair : cases) {
    auto it = pair.begin();
    simdjson::ondemand::value input = *it;
    const std::string_view raw = trim(input.raw_json_token());
    double x = 0;
    const bool have_double = !input.get_double().get(x);
    ++it;
    if ((*it).get_string().get(wire)) {
      ADD_FAILURE() << group << ": wire form is not a string";
      continue;
    }
    SCOPED_TRACE(std::string(group) + ": " + std::string(raw) + " -> " + std::string(wire));
    ++n;
    const DecimalResult parsed = parse_fixed(wire, kPriceDecimals, /*allow_negative=*/true);
    if (wire == "100000000000000000000") {
      // Beyond the fixed-point range (max 92,233,720,368.5): no hlmm price can be this large.
      EXPECT_EQ(parsed.error, DecimalError::kOverflow);
      continue;
    }
    EXPECT_TRUE(parsed.ok()) << decimal_error_name(parsed.error);
    EXPECT_EQ(format_price(parsed.value).view(), wire) << "the SDK's text is not our canonical text";
    EXPECT_TRUE(have_double);
    EXPECT_EQ(format_price(std::llround(x * 1e8)).view(), wire) << "from the double input";
  }
  return n;
}

TEST(WireNumbers, FloatToWireCases) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc = parser.iterate(file());
  simdjson::ondemand::object ftw = doc["float_to_wire"];
  simdjson::ondemand::array rust = ftw["official_rust_tests"]["cases"];
  EXPECT_EQ(check_cases(rust, "rust float_to_string_for_hashing"), 13u);
  simdjson::ondemand::array py = ftw["derived_python_float_to_wire_outputs"]["cases"];
  EXPECT_EQ(check_cases(py, "python float_to_wire"), 11u);
}

TEST(WireNumbers, TickAndLotOfficialExamples) {
  simdjson::ondemand::parser od;
  simdjson::ondemand::document doc = od.iterate(file());
  std::string_view raw;
  simdjson::ondemand::object rules_obj;
  ASSERT_FALSE(doc["tick_lot_rules"].get_object().get(rules_obj));
  ASSERT_FALSE(rules_obj.raw_json().get(raw));
  simdjson::dom::parser parser;
  simdjson::dom::element rules = parser.parse(simdjson::padded_string(raw));
  std::size_t n = 0;
  for (simdjson::dom::element ex : simdjson::dom::array(rules["official_examples"])) {
    ++n;
    SCOPED_TRACE(simdjson::minify(ex));
    std::int64_t sd = 0;
    if (ex["szDecimals"].get_int64().get(sd)) sd = 0;
    std::string_view px;
    if (!ex["px"].get_string().get(px)) {
      std::string_view market;
      if (ex["market"].get_string().get(market)) market = "any";
      simdjson::dom::array valid_sds;
      if (!ex["szDecimals_valid"].get_array().get(valid_sds)) {
        for (int d = 0; d <= 4; ++d) {
          bool listed = false;
          for (simdjson::dom::element v : valid_sds) listed = listed || std::int64_t(v) == d;
          EXPECT_EQ(parse_price(px, d, market == "spot" ? MarketType::kSpot : MarketType::kPerp).ok(), listed)
              << "szDecimals " << d;
        }
        continue;
      }
      const bool valid = ex["valid"];
      if (market == "perp" || market == "any") {
        EXPECT_EQ(parse_price(px, static_cast<int>(sd), MarketType::kPerp).ok(), valid);
      }
      if (market == "spot" || market == "any") {
        EXPECT_EQ(parse_price(px, static_cast<int>(sd), MarketType::kSpot).ok(), valid);
      }
    } else {
      const std::string_view sz = ex["sz"];
      EXPECT_EQ(parse_size(sz, static_cast<int>(sd)).ok(), bool(ex["valid"]));
    }
  }
  EXPECT_EQ(n, 11u);
}

}  // namespace
}  // namespace hlmm
