// Recorded market data for the study execution model: Hyperliquid `candleSnapshot` 1-minute
// candles (the mid panel: each minute's close) and `fundingHistory` (hourly rates, merged onto
// the hours as-of backward: the latest rate published at or before the hour, hjb-math §8).
// With a recorded path every seed replays the same panel; the seeds vary the fill draws only,
// which is the study's own protocol. Also read here: archive l2Book snapshots (LZ4) and trades.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backtest/market.hpp"
#include "calibrate/hit_counts.hpp"

namespace hlmm::backtest {

// Every refusal names the file part and the record at fault; the caller reports it and stops.
class RecordedDataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The whole file as text; throws RecordedDataError when it cannot be read.
std::string read_text_file(const std::string& path);

struct RecordedStats {
  int candles = 0;         // candles read
  int gap_minutes = 0;     // minutes without a candle, filled with the previous close
  int dropped_minutes = 0; // leading minutes before the first clock hour
  int funding_records = 0;
};

// Builds the path: minutes from the first clock hour at or after the first candle to the last
// candle; rate[h] = the latest funding at or before hour h's start (the first record before it).
// Throws RecordedDataError on malformed JSON, a candle interval other than 1m, duplicate
// timestamps, a non-positive or malformed price, a non-finite or |rate| >= 1 funding rate, or
// less than one hour of data.
MarketPath market_from_recorded(std::string_view candles_json, std::string_view funding_json,
                                RecordedStats* stats = nullptr);

// The funding history's (time ms, hourly rate) records, sorted by time; same refusals as above.
std::vector<std::pair<std::uint64_t, double>> funding_rates(std::string_view funding_json);

// rate[h] for `hours` hours from start_ms: the latest record at or before hour h's start, the
// first record's rate before any (as-of backward, as above). `rates` sorted by time, not empty.
std::vector<double> hourly_rates_as_of(const std::vector<std::pair<std::uint64_t, double>>& rates, std::uint64_t start_ms,
                                       std::size_t hours);

// The content of an LZ4 frame (the archive's .lz4 files); throws RecordedDataError on a corrupt or
// truncated frame. Text that does not start with the LZ4 frame magic is returned as is.
std::string decompress_lz4_if_framed(std::string_view data);

// One archive l2Book line's book with every level it lists, best first on each side as the line
// has them; px and sz exact at kPriceScale / kSizeScale. `coin` (empty when the line has none)
// points into the parser's buffer and is valid during the visit only.
struct RecordedBookLevel {
  Price px = 0;
  Size sz = 0;
};
struct RecordedBook {
  std::uint64_t time_ms = 0;  // data.time: the venue's time, not the recorder's
  std::string_view coin;
  std::vector<RecordedBookLevel> bids;
  std::vector<RecordedBookLevel> asks;
};

// Calls visit(book, line_no) for each non-empty line (either shape below; lines count from 1).
// Throws RecordedDataError naming the line on malformed JSON, a missing time or levels pair, or a
// level whose px is not a positive price or whose sz is not a positive size. Crossing, level order
// and time order are the caller's to judge.
void for_each_l2book(std::string_view json_lines, const std::function<void(const RecordedBook&, std::size_t)>& visit);

// One mid per book snapshot, in file order: (best bid + best ask) / 2 of each line. A line is the
// archive's {"time","ver_num","raw":{"channel":"l2Book","data":{...}}} or the bare l2Book data
// object. Snapshots with an empty side carry no mid and are skipped (counted in `skipped`).
struct MidSample {
  std::uint64_t time_ms = 0;
  Price mid = 0;
};
std::vector<MidSample> l2book_mids(std::string_view json_lines, std::size_t* skipped = nullptr);

// The minute mid panel from snapshots: minute m's mid is the last snapshot at or before its start
// (as-of backward); minutes before the first snapshot are dropped. Returns the first minute's
// start (ms) in `start_ms`.
std::vector<double> minute_mids(const std::vector<MidSample>& mids, std::uint64_t& start_ms);

// Trades: WS `trades` messages one per line ({"channel":"trades","data":[...]}) or one JSON array
// of trade objects {"side":"B"|"A","px","sz","time",...} (side = the aggressor).
std::vector<calibrate::TradeSample> read_trades(std::string_view text);

}  // namespace hlmm::backtest
