#include "backtest/recorded.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kMsPerMinute = 60'000;
constexpr std::uint64_t kMsPerHour = 3'600'000;
constexpr std::uint64_t kMaxMinutes = 3650ull * 1440;

std::uint64_t get_ms(simdjson::dom::element e, const char* key, const char* what, std::size_t index) {
  std::uint64_t v = 0;
  if (e[key].get_uint64().get(v) != simdjson::SUCCESS) {
    throw RecordedDataError(fmt::format("{} record {}: '{}' is missing or not a millisecond timestamp", what, index, key));
  }
  return v;
}

std::string_view get_string(simdjson::dom::element e, const char* key, const char* what, std::size_t index) {
  std::string_view s;
  if (e[key].get_string().get(s) != simdjson::SUCCESS) {
    throw RecordedDataError(fmt::format("{} record {}: '{}' is missing or not a string", what, index, key));
  }
  return s;
}

simdjson::dom::array parse_array(simdjson::dom::parser& parser, const simdjson::padded_string& text, const char* what) {
  simdjson::dom::element doc;
  if (const auto err = parser.parse(text).get(doc); err != simdjson::SUCCESS) {
    throw RecordedDataError(fmt::format("{}: not valid JSON ({})", what, simdjson::error_message(err)));
  }
  simdjson::dom::array arr;
  if (doc.get_array().get(arr) != simdjson::SUCCESS) throw RecordedDataError(fmt::format("{}: expected a JSON array", what));
  return arr;
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RecordedDataError(fmt::format("cannot open {}", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw RecordedDataError(fmt::format("cannot read {}", path));
  return ss.str();
}

MarketPath market_from_recorded(std::string_view candles_json, std::string_view funding_json, RecordedStats* stats) {
  RecordedStats st;
  simdjson::dom::parser parser;

  std::vector<std::pair<std::uint64_t, Price>> closes;
  {
    const simdjson::padded_string text(candles_json);
    std::size_t i = 0;
    for (simdjson::dom::element c : parse_array(parser, text, "candles")) {
      const std::uint64_t t = get_ms(c, "t", "candle", i);
      const std::string_view interval = get_string(c, "i", "candle", i);
      if (interval != "1m") throw RecordedDataError(fmt::format("candle record {}: interval '{}', expected 1m", i, interval));
      const std::string_view close = get_string(c, "c", "candle", i);
      const DecimalResult px = parse_fixed(close, kPriceDecimals, false);
      if (!px.ok() || px.value <= 0) {
        throw RecordedDataError(fmt::format("candle record {}: close '{}' is not a positive price ({})", i, close,
                                            px.ok() ? "zero" : decimal_error_name(px.error)));
      }
      if (t % kMsPerMinute != 0) throw RecordedDataError(fmt::format("candle record {}: open time {} is not on a minute", i, t));
      closes.emplace_back(t, px.value);
      ++i;
    }
  }
  std::sort(closes.begin(), closes.end());
  for (std::size_t i = 1; i < closes.size(); ++i) {
    if (closes[i].first == closes[i - 1].first) throw RecordedDataError(fmt::format("two candles open at {}", closes[i].first));
  }
  st.candles = static_cast<int>(closes.size());
  if (closes.empty()) throw RecordedDataError("candles: no candle");
  const std::uint64_t first = closes.front().first;
  const std::uint64_t t0 = (first + kMsPerHour - 1) / kMsPerHour * kMsPerHour;  // first clock hour
  const std::uint64_t last = closes.back().first;
  if (last < t0 + kMsPerHour - kMsPerMinute) throw RecordedDataError("candles: less than one whole hour of data");
  const std::uint64_t minutes = (last - t0) / kMsPerMinute + 1;
  if (minutes > kMaxMinutes) throw RecordedDataError("candles: more than 3650 days");

  MarketPath path;
  path.start_ns = t0 * 1'000'000ull;
  path.mid.assign(static_cast<std::size_t>(minutes), 0);
  Price prev = 0;
  std::size_t k = 0;
  for (; k < closes.size() && closes[k].first < t0; ++k) {
    prev = closes[k].second;
    ++st.dropped_minutes;
  }
  for (std::uint64_t m = 0; m < minutes; ++m) {
    const std::uint64_t t = t0 + m * kMsPerMinute;
    if (k < closes.size() && closes[k].first == t) {
      prev = closes[k].second;
      ++k;
    } else {
      ++st.gap_minutes;
      if (prev == 0) prev = closes[k].second;  // no candle yet: take the next close
    }
    path.mid[static_cast<std::size_t>(m)] = prev;
  }

  std::vector<std::pair<std::uint64_t, double>> rates;
  {
    const simdjson::padded_string text(funding_json);
    std::size_t i = 0;
    for (simdjson::dom::element f : parse_array(parser, text, "funding history")) {
      const std::uint64_t t = get_ms(f, "time", "funding", i);
      const std::string rate_text(get_string(f, "fundingRate", "funding", i));
      char* end = nullptr;
      const double r = std::strtod(rate_text.c_str(), &end);
      if (rate_text.empty() || end != rate_text.c_str() + rate_text.size() || !std::isfinite(r) || std::abs(r) >= 1.0) {
        throw RecordedDataError(fmt::format("funding record {}: fundingRate '{}' is not a finite rate below 1 per hour", i, rate_text));
      }
      rates.emplace_back(t, r);
      ++i;
    }
  }
  if (rates.empty()) throw RecordedDataError("funding history: no record");
  std::sort(rates.begin(), rates.end());
  st.funding_records = static_cast<int>(rates.size());
  const std::size_t hours = static_cast<std::size_t>(minutes / 60 + 2);
  path.rate.assign(hours, rates.front().second);
  std::size_t j = 0;
  for (std::size_t h = 0; h < hours; ++h) {
    const std::uint64_t start = t0 + h * kMsPerHour;
    while (j + 1 < rates.size() && rates[j + 1].first <= start) ++j;
    path.rate[h] = rates[j].first <= start ? rates[j].second : rates.front().second;
  }
  if (stats) *stats = st;
  return path;
}

}  // namespace hlmm::backtest
