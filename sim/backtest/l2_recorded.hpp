// Recorded Hyperliquid data as the L2 replay's input (l2_stream.hpp): archive l2Book snapshots (an
// LZ4 frame of JSON lines, or the lines as plain text) diffed one against the next, with the
// coin's public trades between them.
//
// What a snapshot stream can and cannot tell, and what this reader does about it:
//   - A snapshot shows at most 20 levels a side. A level that slides below the 20th reads as gone
//     (kLevel sz 0) and one that rises into view as new: depth beyond the window is not in the
//     stream at all.
//   - Everything between two snapshots collapses onto the later one's time T: trades with time in
//     (previous snapshot, T] come first as kTrade at their own times (time order, file order on
//     ties), then at T a kLevel for every (side, px) whose size changed. Within that diff the
//     vanished levels come first, then the changed and new ones, so the book after every event is
//     part of the old or the new snapshot and never crossed (the contract in l2_stream.hpp).
//   - A trade at or before the first snapshot's time is already in it, and one after the last has
//     no diff to follow it: both are dropped (counted).
//   - The coin is the first line's; lines of another coin are skipped (counted). The trades text
//     must hold that coin's trades only: read_trades does not keep the coin.
//   - A snapshot that is crossed or earlier than the last one kept is skipped (counted) and the
//     next one is diffed against the last kept, so a bad line costs resolution, not the run. The
//     run starts at the first snapshot with both sides (one-sided ones before it are skipped).
//   - Prices and sizes must lie on the perp grid exactly (below) and fit the event's int32; one
//     that does not is a RecordedDataError naming the line, never rounded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backtest/l2_stream.hpp"
#include "backtest/market.hpp"

namespace hlmm::backtest {

// The venue's finest grid for a perp with `sz_decimals` (0..6): price unit 10^-(6 - d) USD,
// size unit 10^-d coins. Throws RecordedDataError outside 0..6.
L2Grid perp_l2_grid(int sz_decimals);

struct RecordedL2 {
  L2Grid grid;
  std::string coin;
  std::uint64_t start_ms = 0;  // the first kept snapshot's time: t_ms = 0
  // Shared, so every run over the recording (policies, seeds) streams one copy:
  // VectorL2Source(r.grid, r.events) is the replay's source.
  std::shared_ptr<const std::vector<L2Event>> events;
  // Minute m's mid is the last kept two-sided snapshot's at or before start_ms + m minutes (the
  // run's minutes, not clock minutes: the run starts at a snapshot). rate[h] applies from
  // start_ms + h hours: as-of backward from the funding history when given, else zero.
  // start_ns = start_ms * 10^6.
  MarketPath path;
  std::size_t snapshots = 0;        // snapshots kept (each one's diff is in `events`)
  std::size_t trades = 0;           // trades in `events`
  std::size_t skipped_lines = 0;    // other_coin_lines + bad_snapshots
  std::size_t other_coin_lines = 0;
  std::size_t bad_snapshots = 0;    // crossed, out of order, or one-sided before the start
  std::size_t dropped_trades = 0;   // at or before the first kept snapshot, or after the last
};

// `l2book_archive` is the file's raw bytes (LZ4-framed or plain JSON lines, the shapes
// l2book_mids reads); `trades_text` what read_trades reads (may be empty); `funding_json` a
// fundingHistory array or empty for zero rates. Throws RecordedDataError on a corrupt LZ4 frame,
// a malformed line or trade, an off-grid or out-of-range price or size, an archive without a
// two-sided snapshot of the coin, or a span of 2^32 ms or more.
RecordedL2 read_recorded_l2(std::string_view l2book_archive, std::string_view trades_text, int sz_decimals,
                            std::string_view funding_json = {});

}  // namespace hlmm::backtest
