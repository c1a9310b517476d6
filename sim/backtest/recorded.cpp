#include "backtest/recorded.hpp"

#include <lz4frame.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
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

std::vector<std::pair<std::uint64_t, double>> funding_rates(std::string_view funding_json) {
  simdjson::dom::parser parser;
  std::vector<std::pair<std::uint64_t, double>> rates;
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
  std::sort(rates.begin(), rates.end());
  return rates;
}

std::vector<double> hourly_rates_as_of(const std::vector<std::pair<std::uint64_t, double>>& rates, std::uint64_t start_ms,
                                       std::size_t hours) {
  std::vector<double> out(hours, rates.front().second);
  std::size_t j = 0;
  for (std::size_t h = 0; h < hours; ++h) {
    const std::uint64_t start = start_ms + h * kMsPerHour;
    while (j + 1 < rates.size() && rates[j + 1].first <= start) ++j;
    out[h] = rates[j].first <= start ? rates[j].second : rates.front().second;
  }
  return out;
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

  std::vector<std::pair<std::uint64_t, double>> rates = funding_rates(funding_json);
  if (rates.empty()) throw RecordedDataError("funding history: no record");
  st.funding_records = static_cast<int>(rates.size());
  path.rate = hourly_rates_as_of(rates, t0, static_cast<std::size_t>(minutes / 60 + 2));
  if (stats) *stats = st;
  return path;
}

std::string decompress_lz4_if_framed(std::string_view data) {
  static constexpr unsigned char kMagic[4] = {0x04, 0x22, 0x4d, 0x18};  // LZ4 frame, little-endian
  if (data.size() < 4 || std::memcmp(data.data(), kMagic, 4) != 0) return std::string(data);
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) {
    throw RecordedDataError("lz4: cannot create a decompression context");
  }
  std::string out;
  std::vector<char> chunk(1 << 20);
  const char* src = data.data();
  std::size_t left = data.size();
  std::size_t hint = 1;
  while (left > 0 && hint != 0) {
    std::size_t dst_size = chunk.size();
    std::size_t src_size = left;
    hint = LZ4F_decompress(ctx, chunk.data(), &dst_size, src, &src_size, nullptr);
    if (LZ4F_isError(hint)) {
      const std::string why = LZ4F_getErrorName(hint);
      LZ4F_freeDecompressionContext(ctx);
      throw RecordedDataError("lz4: corrupt frame (" + why + ")");
    }
    out.append(chunk.data(), dst_size);
    src += src_size;
    left -= src_size;
    if (src_size == 0 && dst_size == 0) break;
  }
  LZ4F_freeDecompressionContext(ctx);
  if (hint != 0) throw RecordedDataError("lz4: the frame is truncated");
  return out;
}

namespace {

template <class Line>
void for_each_line(std::string_view text, Line&& line) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view l = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.remove_suffix(1);
    if (!l.empty()) line(l, line_no);
  }
}

void read_levels(simdjson::dom::element side, std::vector<RecordedBookLevel>& out, std::size_t line_no) {
  out.clear();
  simdjson::dom::array levels;
  if (side.get_array().get(levels) != simdjson::SUCCESS) {
    throw RecordedDataError(fmt::format("l2Book line {}: a side of levels is not an array", line_no));
  }
  for (simdjson::dom::element level : levels) {
    std::string_view px;
    std::string_view sz;
    if (level["px"].get_string().get(px) != simdjson::SUCCESS) {
      throw RecordedDataError(fmt::format("l2Book line {}: a level without a px string", line_no));
    }
    if (level["sz"].get_string().get(sz) != simdjson::SUCCESS) {
      throw RecordedDataError(fmt::format("l2Book line {}: a level without a sz string", line_no));
    }
    const DecimalResult p = parse_fixed(px, kPriceDecimals, false);
    if (!p.ok() || p.value <= 0) throw RecordedDataError(fmt::format("l2Book line {}: bad px '{}'", line_no, px));
    const DecimalResult q = parse_fixed(sz, kSizeDecimals, false);
    if (!q.ok() || q.value <= 0) throw RecordedDataError(fmt::format("l2Book line {}: bad sz '{}'", line_no, sz));
    out.push_back(RecordedBookLevel{p.value, q.value});
  }
}

}  // namespace

void for_each_l2book(std::string_view json_lines, const std::function<void(const RecordedBook&, std::size_t)>& visit) {
  simdjson::dom::parser parser;
  RecordedBook book;  // reused: a day of snapshots allocates its level vectors once
  for_each_line(json_lines, [&](std::string_view line, std::size_t line_no) {
    simdjson::dom::element doc;
    if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS) {
      throw RecordedDataError(fmt::format("l2Book line {}: not valid JSON", line_no));
    }
    simdjson::dom::element data = doc;
    simdjson::dom::element raw;
    if (doc["raw"].get(raw) == simdjson::SUCCESS && raw["data"].get(data) != simdjson::SUCCESS) {
      throw RecordedDataError(fmt::format("l2Book line {}: 'raw' without 'data'", line_no));
    }
    simdjson::dom::array levels;
    if (data["time"].get_uint64().get(book.time_ms) != simdjson::SUCCESS || data["levels"].get_array().get(levels) != simdjson::SUCCESS ||
        levels.size() != 2) {
      throw RecordedDataError(fmt::format("l2Book line {}: expected data.time and two levels arrays", line_no));
    }
    std::string_view coin;
    book.coin = data["coin"].get_string().get(coin) == simdjson::SUCCESS ? coin : std::string_view{};
    bool first = true;  // levels[0] are the bids
    for (simdjson::dom::element side : levels) {
      read_levels(side, first ? book.bids : book.asks, line_no);
      first = false;
    }
    visit(book, line_no);
  });
}

std::vector<MidSample> l2book_mids(std::string_view json_lines, std::size_t* skipped) {
  std::vector<MidSample> out;
  std::size_t empty = 0;
  for_each_l2book(json_lines, [&](const RecordedBook& book, std::size_t line_no) {
    if (book.bids.empty() || book.asks.empty()) {
      ++empty;
      return;
    }
    const Price bid = book.bids.front().px;
    const Price ask = book.asks.front().px;
    if (bid >= ask) throw RecordedDataError(fmt::format("l2Book line {}: crossed book {} >= {}", line_no, bid, ask));
    out.push_back(MidSample{book.time_ms, (bid + ask) / 2});
  });
  if (skipped) *skipped = empty;
  return out;
}

std::vector<double> minute_mids(const std::vector<MidSample>& mids, std::uint64_t& start_ms) {
  std::vector<double> out;
  if (mids.empty()) return out;
  std::vector<MidSample> sorted = mids;
  std::stable_sort(sorted.begin(), sorted.end(), [](const MidSample& a, const MidSample& b) { return a.time_ms < b.time_ms; });
  start_ms = (sorted.front().time_ms + kMsPerMinute - 1) / kMsPerMinute * kMsPerMinute;
  std::size_t j = 0;
  for (std::uint64_t t = start_ms; t <= sorted.back().time_ms; t += kMsPerMinute) {
    while (j + 1 < sorted.size() && sorted[j + 1].time_ms <= t) ++j;
    out.push_back(static_cast<double>(sorted[j].mid) / static_cast<double>(kPriceScale));
  }
  return out;
}

std::vector<calibrate::TradeSample> read_trades(std::string_view text) {
  std::vector<calibrate::TradeSample> out;
  simdjson::dom::parser parser;
  auto take = [&](simdjson::dom::element t, std::size_t where) {
    const std::string_view side = get_string(t, "side", "trade", where);
    const std::string_view px = get_string(t, "px", "trade", where);
    const std::string_view sz = get_string(t, "sz", "trade", where);
    const DecimalResult p = parse_fixed(px, kPriceDecimals, false);
    const DecimalResult q = parse_fixed(sz, kSizeDecimals, false);
    if (!p.ok() || !q.ok() || p.value <= 0 || q.value <= 0 || (side != "B" && side != "A")) {
      throw RecordedDataError(fmt::format("trade {}: bad side/px/sz ('{}', '{}', '{}')", where, side, px, sz));
    }
    out.push_back(calibrate::TradeSample{get_ms(t, "time", "trade", where),
                                         static_cast<double>(p.value) / static_cast<double>(kPriceScale),
                                         static_cast<double>(q.value) / static_cast<double>(kSizeScale), side == "B"});
  };
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') {
    const simdjson::padded_string padded(text);
    std::size_t i = 0;
    for (simdjson::dom::element t : parse_array(parser, padded, "trades")) take(t, i++);
    return out;
  }
  for_each_line(text, [&](std::string_view line, std::size_t line_no) {
    simdjson::dom::element doc;
    simdjson::dom::array data;
    if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS || doc["data"].get_array().get(data) != simdjson::SUCCESS) {
      throw RecordedDataError(fmt::format("trades line {}: expected a WS trades message", line_no));
    }
    for (simdjson::dom::element t : data) take(t, line_no);
  });
  return out;
}

}  // namespace hlmm::backtest
