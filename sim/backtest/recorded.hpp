// Recorded market data for the study execution model: Hyperliquid `candleSnapshot` 1-minute
// candles (the mid panel: each minute's close) and `fundingHistory` (hourly rates, merged onto
// the hours as-of backward: the latest rate published at or before the hour, hjb-math §8).
// With a recorded path every seed replays the same panel; the seeds vary the fill draws only,
// which is the study's own protocol. Not yet read: l2Book LZ4 snapshots and trades.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "backtest/market.hpp"

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

}  // namespace hlmm::backtest
