// Recorded l2Book archives and trades into the L2 replay's event stream: archives this test writes
// itself (JSON lines, plain or in an LZ4 frame), the exact events expected, and the stream
// contract of l2_stream.hpp checked by replaying the events onto a book.
#include <lz4frame.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "backtest/l2_recorded.hpp"
#include "backtest/l2_replay.hpp"
#include "backtest/policies.hpp"
#include "backtest/recorded.hpp"
#include "engine/backends.hpp"
#include "policy/presets.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kHour0 = 1'764'115'200'000ull;  // 2025-11-26 00:00 UTC, ms
constexpr std::uint64_t kT0 = kHour0 + 30'500;           // half a minute in: the run's minutes are not clock minutes
constexpr int kSzDecimals = 4;                           // ETH: price unit 0.01 USD, size unit 0.0001

// Levels in grid units (px in 0.01 USD, sz in 0.0001 ETH), best first.
using Levels = std::vector<std::pair<std::int32_t, std::int32_t>>;

struct Snap {
  std::uint64_t t = 0;
  Levels bids;
  Levels asks;
  const char* coin = "ETH";
};

std::string levels_json(const Levels& ls) {
  std::string out = "[";
  for (std::size_t i = 0; i < ls.size(); ++i) {
    out += fmt::format(R"({}{{"px":"{}.{:02}","sz":"{}.{:04}","n":{}}})", i == 0 ? "" : ",", ls[i].first / 100, ls[i].first % 100,
                       ls[i].second / 10'000, ls[i].second % 10'000, i + 1);
  }
  return out + "]";
}

// The archive's line shape, or the bare l2Book data object.
std::string book_line(const Snap& s, bool archive_shape = true) {
  const std::string data =
      fmt::format(R"({{"coin":"{}","time":{},"levels":[{},{}]}})", s.coin, s.t, levels_json(s.bids), levels_json(s.asks));
  if (!archive_shape) return data + "\n";
  return fmt::format(R"({{"time":"2025-11-26T00:00:30.5","ver_num":1,"raw":{{"channel":"l2Book","data":{}}}}})", data) + "\n";
}

std::string lz4_frame(const std::string& text) {
  std::string out(LZ4F_compressFrameBound(text.size(), nullptr), '\0');
  const std::size_t n = LZ4F_compressFrame(out.data(), out.size(), text.data(), text.size(), nullptr);
  EXPECT_FALSE(LZ4F_isError(n));
  out.resize(LZ4F_isError(n) ? 0 : n);
  return out;
}

std::string trade_json(const char* side, const char* px, const char* sz, std::uint64_t t) {
  return fmt::format(R"({{"coin":"ETH","side":"{}","px":"{}","sz":"{}","time":{},"hash":"0x0","tid":{}}})", side, px, sz, t, t % 1000);
}

// The four kept snapshots of the hand-built archive.
const Snap kS0{kT0, {{300000, 10'000}, {299999, 20'000}}, {{300001, 15'000}, {300002, 30'000}}};
const Snap kS1{kT0 + 500, {{299999, 20'000}, {299998, 7'000}}, {{300001, 10'000}, {300002, 30'000}}};
// The bid moves up to the price S1's best ask had: that ask must be gone before the bid is set.
const Snap kS2{kT0 + 1'000, {{300001, 4'000}, {299999, 20'000}, {299998, 7'000}}, {{300002, 30'000}, {300003, 12'000}}};
const Snap kS3{kT0 + 120'000, {{299999, 20'000}}, {{300002, 25'000}}};

// S0, S1, another coin, a crossed ETH line, S2 (bare shape), one earlier than S2, a blank line, S3.
std::string archive_text() {
  return book_line(kS0) + book_line(kS1) + book_line(Snap{kT0 + 600, {{9'000'000, 1'000}}, {{9'000'100, 2'000}}, "BTC"}) +
         book_line(Snap{kT0 + 700, {{300005, 10'000}}, {{300001, 10'000}}}) + book_line(kS2, false) +
         book_line(Snap{kT0 + 800, {{299950, 10'000}}, {{300050, 10'000}}}) + "\n" + book_line(kS3);
}

// Out of time order in the file on purpose; two before the span, one at its first snapshot's
// time (already in S0), one at S2's time (belongs to S2), one after the last snapshot.
std::string trades_text() {
  return R"({"channel":"trades","data":[)" + trade_json("B", "3000.01", "0.1", kT0 - 100) + "," + trade_json("A", "3000.0", "0.2", kT0) +
         "]}\n" + R"({"channel":"trades","data":[)" + trade_json("A", "3000.00", "1.0", kT0 + 400) + "," +
         trade_json("B", "3000.01", "0.5", kT0 + 200) + "]}\n" + R"({"channel":"trades","data":[)" +
         trade_json("B", "3000.01", "0.5", kT0 + 1'000) + "," + trade_json("A", "2999.98", "0.7", kT0 + 60'000) + "," +
         trade_json("B", "3000.02", "1.0", kT0 + 130'000) + "]}\n";
}

std::string funding_json() {
  return fmt::format(R"([{{"coin":"ETH","fundingRate":"0.0000125","premium":"0","time":{}}},)"
                     R"({{"coin":"ETH","fundingRate":"-0.00002","premium":"0","time":{}}}])",
                     kHour0, kHour0 + 3'600'000);
}

// "t L|T b|a px sz": a failing comparison prints the two lists readably.
std::string show(const L2Event& e) {
  return fmt::format("{} {} {} {} {}", e.t_ms, e.kind == L2Kind::kLevel ? "L" : "T", e.side == Side::kBid ? "b" : "a", e.px, e.sz);
}
std::vector<std::string> show(const std::vector<L2Event>& es) {
  std::vector<std::string> out;
  for (const L2Event& e : es) out.push_back(show(e));
  return out;
}

std::string refusal(std::string_view archive, std::string_view trades = {}, int sz_decimals = kSzDecimals) {
  try {
    (void)read_recorded_l2(archive, trades, sz_decimals);
  } catch (const RecordedDataError& e) {
    return e.what();
  }
  return "(accepted)";
}

// The crowd's book as the replay rebuilds it from kLevel events.
struct Book {
  std::map<std::int32_t, std::int32_t> bids;
  std::map<std::int32_t, std::int32_t> asks;
  void apply(const L2Event& e) {
    auto& side = e.side == Side::kBid ? bids : asks;
    if (e.sz == 0) {
      side.erase(e.px);
    } else {
      side[e.px] = e.sz;
    }
  }
  bool crossed() const { return !bids.empty() && !asks.empty() && bids.rbegin()->first >= asks.begin()->first; }
  bool matches(const Snap& s) const {
    std::map<std::int32_t, std::int32_t> b(s.bids.begin(), s.bids.end());
    std::map<std::int32_t, std::int32_t> a(s.asks.begin(), s.asks.end());
    return b == bids && a == asks;
  }
};

TEST(L2Recorded, TheSharedLineParserGivesEveryLevelAndKeepsL2BookMids) {
  std::vector<std::size_t> lines;
  std::vector<std::string> coins;
  std::vector<RecordedBookLevel> s2_bids;
  for_each_l2book(archive_text(), [&](const RecordedBook& b, std::size_t line_no) {
    lines.push_back(line_no);
    coins.emplace_back(b.coin);
    if (b.time_ms == kS2.t) s2_bids = b.bids;
  });
  EXPECT_EQ(lines, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 8}));  // line 7 is blank
  EXPECT_EQ(coins, (std::vector<std::string>{"ETH", "ETH", "BTC", "ETH", "ETH", "ETH", "ETH"}));
  ASSERT_EQ(s2_bids.size(), 3u);  // the bare shape, all levels, exact
  EXPECT_EQ(s2_bids[0].px, 300'001'000'000);
  EXPECT_EQ(s2_bids[0].sz, 40'000'000);
  EXPECT_EQ(s2_bids[2].px, 299'998'000'000);
  EXPECT_EQ(s2_bids[2].sz, 70'000'000);
  // The calibration's reader on the same parser: one-sided lines counted, a crossed one refused.
  std::size_t skipped = 0;
  const std::vector<MidSample> mids =
      l2book_mids(book_line(kS0) + book_line(Snap{kT0 + 100, {{300000, 1}}, {}}) + book_line(kS2, false), &skipped);
  ASSERT_EQ(mids.size(), 2u);
  EXPECT_EQ(mids[0].time_ms, kT0);
  EXPECT_EQ(mids[0].mid, 300'000'500'000);
  EXPECT_EQ(mids[1].mid, 300'001'500'000);
  EXPECT_EQ(skipped, 1u);
  EXPECT_THROW((void)l2book_mids(book_line(Snap{kT0, {{300005, 1}}, {{300001, 1}}})), RecordedDataError);
}

TEST(L2Recorded, GridIsThePerpDecimalsRule) {
  const L2Grid eth = perp_l2_grid(4);
  EXPECT_EQ(eth.price_unit, kPriceScale / 100);      // 0.01 USD
  EXPECT_EQ(eth.size_unit, kSizeScale / 10'000);     // 0.0001 ETH
  const L2Grid btc = perp_l2_grid(5);
  EXPECT_EQ(btc.price_unit, kPriceScale / 10);       // 0.1 USD
  EXPECT_EQ(btc.size_unit, kSizeScale / 100'000);
  const L2Grid whole = perp_l2_grid(0);
  EXPECT_EQ(whole.price_unit, kPriceScale / 1'000'000);
  EXPECT_EQ(whole.size_unit, kSizeScale);
  EXPECT_THROW(perp_l2_grid(7), RecordedDataError);
  EXPECT_THROW(perp_l2_grid(-1), RecordedDataError);
}

TEST(L2Recorded, HandBuiltArchiveGivesTheExactEventList) {
  const RecordedL2 r = read_recorded_l2(archive_text(), trades_text(), kSzDecimals);
  const std::vector<std::string> expected = {
      // S0 at 0: every level, bids then asks, best first.
      "0 L b 300000 10000", "0 L b 299999 20000", "0 L a 300001 15000", "0 L a 300002 30000",
      // Trades in (S0, S1] in time order, then S1's diff: the vanished bid first.
      "200 T b 300001 5000", "400 T a 300000 10000", "500 L b 300000 0", "500 L b 299998 7000", "500 L a 300001 10000",
      // The crossed and the BTC line are skipped; S2 is diffed against S1. The print at S2's own
      // time is S2's; the ask at 3000.01 goes before the bid is set there.
      "1000 T b 300001 5000", "1000 L a 300001 0", "1000 L b 300001 4000", "1000 L a 300003 12000",
      // The earlier-than-S2 line is skipped; S3 after a trade in between.
      "60000 T a 299998 7000", "120000 L b 300001 0", "120000 L b 299998 0", "120000 L a 300003 0", "120000 L a 300002 25000"};
  EXPECT_EQ(show(*r.events), expected);
  EXPECT_EQ(r.coin, "ETH");
  EXPECT_EQ(r.start_ms, kT0);
  EXPECT_EQ(r.grid.price_unit, perp_l2_grid(kSzDecimals).price_unit);
  EXPECT_EQ(r.snapshots, 4u);
  EXPECT_EQ(r.trades, 4u);
  EXPECT_EQ(r.dropped_trades, 3u);
  EXPECT_EQ(r.other_coin_lines, 1u);
  EXPECT_EQ(r.bad_snapshots, 2u);
  EXPECT_EQ(r.skipped_lines, 3u);
}

TEST(L2Recorded, LevelEventsRebuildEachSnapshotAtItsTimeAndNeverCross) {
  const RecordedL2 r = read_recorded_l2(archive_text(), trades_text(), kSzDecimals);
  const std::vector<Snap> kept = {kS0, kS1, kS2, kS3};
  Book book;
  std::size_t next = 0;  // the next kept snapshot to compare with
  for (std::size_t i = 0; i < r.events->size(); ++i) {
    const L2Event& e = (*r.events)[i];
    if (i > 0) {
      EXPECT_GE(e.t_ms, (*r.events)[i - 1].t_ms) << i;
    }
    if (e.kind == L2Kind::kLevel) book.apply(e);
    EXPECT_FALSE(book.crossed()) << "after event " << i << ": " << show(e);
    const bool last_at_t = i + 1 == r.events->size() || (*r.events)[i + 1].t_ms != e.t_ms;
    if (last_at_t && next < kept.size() && kept[next].t - kT0 == e.t_ms) {
      EXPECT_TRUE(book.matches(kept[next])) << "snapshot " << next;
      ++next;
    }
  }
  EXPECT_EQ(next, kept.size());
}

TEST(L2Recorded, TradesInsideTheSpanComeBeforeTheirSnapshotsLevelsInTimeOrder) {
  const RecordedL2 r = read_recorded_l2(archive_text(), trades_text(), kSzDecimals);
  // Each trade sits after every level event earlier than it and before the next snapshot's.
  for (std::size_t i = 0; i < r.events->size(); ++i) {
    if ((*r.events)[i].kind != L2Kind::kTrade) continue;
    const std::uint32_t t = (*r.events)[i].t_ms;
    EXPECT_GT(t, 0u) << "a print at or before the first snapshot is already in it";
    EXPECT_LE(t, kS3.t - kT0) << "a print after the last snapshot has no diff to follow it";
    for (std::size_t j = i + 1; j < r.events->size(); ++j) {
      if ((*r.events)[j].kind == L2Kind::kLevel) {
        EXPECT_GE((*r.events)[j].t_ms, t);
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if ((*r.events)[j].kind == L2Kind::kLevel) {
        EXPECT_LT((*r.events)[j].t_ms, t);
      }
      if ((*r.events)[j].kind == L2Kind::kTrade) {
        EXPECT_LE((*r.events)[j].t_ms, t);
      }
    }
  }
  // Without trades the levels are the same and nothing is dropped.
  const RecordedL2 bare = read_recorded_l2(archive_text(), "", kSzDecimals);
  EXPECT_EQ(bare.trades, 0u);
  EXPECT_EQ(bare.dropped_trades, 0u);
  std::vector<L2Event> levels;
  for (const L2Event& e : *r.events) {
    if (e.kind == L2Kind::kLevel) levels.push_back(e);
  }
  EXPECT_EQ(show(*bare.events), show(levels));
  // The trades as one JSON array read the same as WS messages.
  const std::string array = "[" + trade_json("B", "3000.01", "0.5", kT0 + 200) + "," + trade_json("A", "3000.00", "1.0", kT0 + 400) + "]";
  const RecordedL2 from_array = read_recorded_l2(book_line(kS0) + book_line(kS1), array, kSzDecimals);
  const RecordedL2 from_ws = read_recorded_l2(book_line(kS0) + book_line(kS1), trades_text(), kSzDecimals);
  EXPECT_EQ(show(*from_array.events), show(*from_ws.events));
  EXPECT_EQ(from_ws.trades, 2u);
  EXPECT_EQ(from_ws.dropped_trades, 5u);
}

TEST(L2Recorded, PathHasTheRunsMinuteMidsAndAsOfFunding) {
  const RecordedL2 r = read_recorded_l2(archive_text(), trades_text(), kSzDecimals, funding_json());
  EXPECT_EQ(r.path.start_ns, kT0 * 1'000'000ull);
  // Minutes from kT0 (not the clock's): S0's mid, S2's (the last before kT0 + 1 min), S3's.
  const std::vector<Price> mids = {300'000'500'000, 300'001'500'000, 300'000'500'000};
  EXPECT_EQ(r.path.mid, mids);
  ASSERT_EQ(r.path.rate.size(), 2u);
  EXPECT_DOUBLE_EQ(r.path.rate[0], 0.0000125);  // published at 00:00, before the start
  EXPECT_DOUBLE_EQ(r.path.rate[1], -0.00002);   // published at 01:00, before kT0 + 1 h
  const RecordedL2 no_funding = read_recorded_l2(archive_text(), trades_text(), kSzDecimals);
  EXPECT_EQ(no_funding.path.mid, mids);
  EXPECT_EQ(no_funding.path.rate, std::vector<double>(2, 0.0));
}

TEST(L2Recorded, Lz4AndPlainTextGiveTheSameStreamAndACorruptFrameIsRefused) {
  const std::string text = archive_text();
  const RecordedL2 plain = read_recorded_l2(text, trades_text(), kSzDecimals);
  const std::string frame = lz4_frame(text);
  ASSERT_FALSE(frame.empty());
  const RecordedL2 framed = read_recorded_l2(frame, trades_text(), kSzDecimals);
  EXPECT_EQ(show(*framed.events), show(*plain.events));
  EXPECT_EQ(framed.path.mid, plain.path.mid);
  EXPECT_THROW((void)read_recorded_l2(std::string("\x04\x22\x4d\x18garbage", 11), "", kSzDecimals), RecordedDataError);
  EXPECT_THROW((void)read_recorded_l2(frame.substr(0, frame.size() / 2), "", kSzDecimals), RecordedDataError);
}

TEST(L2Recorded, RefusesOffGridAndOutOfRangeValuesNamingTheRecord) {
  const std::string s0 = book_line(kS0);
  auto has = [](const std::string& what, const char* needle) {
    EXPECT_NE(what.find(needle), std::string::npos) << what;
  };
  // A half-cent price on line 2: ETH's grid is 0.01.
  std::string off = book_line(kS1);
  off.replace(off.find("\"2999.98\""), 9, "\"2999.985\"");
  const std::string e1 = refusal(s0 + off);
  has(e1, "l2Book line 2");
  has(e1, "px 2999.985 is not a multiple of the grid's 0.01");
  // A size finer than szDecimals.
  std::string fine = book_line(kS1);
  fine.replace(fine.find("\"0.7000\""), 8, "\"0.70001\"");
  has(refusal(s0 + fine), "l2Book line 2: sz 0.70001 is not a multiple of the grid's 0.0001");
  // Past int32: 3e9 price units, 3e9 size units.
  has(refusal(book_line(Snap{kT0, {{300000, 1}}, {{300001, 1}}}) +
              R"({"coin":"ETH","time":1764115231000,"levels":[[{"px":"3000.0","sz":"1","n":1}],[{"px":"30000000.0","sz":"1","n":1}]]})"),
      "l2Book line 2: px 30000000 is 3000000000 grid units, beyond int32");
  has(refusal(R"({"coin":"ETH","time":1764115231000,"levels":[[{"px":"3000.0","sz":"300000","n":1}],[{"px":"3000.01","sz":"1","n":1}]]})"),
      "l2Book line 1: sz 300000 is 3000000000 grid units, beyond int32");
  // An off-grid print names its time.
  has(refusal(s0, R"([)" + trade_json("B", "3000.001", "1", kT0 + 5) + "]"),
      "trade at time 1764115230505: px 3000.001 is not a multiple");
  // Levels out of price order would pair the wrong levels in the diff.
  has(refusal(book_line(Snap{kT0, {{299999, 1}, {300000, 1}}, {{300001, 1}}})), "l2Book line 1: bid levels are not strictly descending");
  // Nothing to replay.
  has(refusal(book_line(Snap{kT0, {{300000, 1}}, {}})), "no two-sided");
  has(refusal(""), "no two-sided");
  has(refusal(s0, "", 7), "szDecimals 7");
  // A malformed line is still the shared parser's refusal.
  has(refusal(s0 + "{not json\n"), "l2Book line 2: not valid JSON");
}

TEST(L2Recorded, OneSidedSnapshotsBeforeTheStartAreSkippedAfterItReplayed) {
  const Snap one_sided{kT0 - 500, {{300000, 10'000}}, {}};
  const Snap asks_gone{kT0 + 500, {{300000, 10'000}}, {}};
  const RecordedL2 r = read_recorded_l2(book_line(one_sided) + book_line(kS0) + book_line(asks_gone), "", kSzDecimals);
  EXPECT_EQ(r.start_ms, kT0);
  EXPECT_EQ(r.bad_snapshots, 1u);
  EXPECT_EQ(r.snapshots, 2u);
  const std::vector<std::string> tail = {"500 L b 299999 0", "500 L a 300001 0", "500 L a 300002 0"};
  const std::vector<std::string> all = show(*r.events);
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(std::vector<std::string>(all.begin() + 4, all.end()), tail);
  EXPECT_EQ(r.path.mid.size(), 1u);
}

TEST(L2Recorded, RunsShareOneCopyOfTheEventsAndEachSourceStreamsThemAll) {
  const RecordedL2 r = read_recorded_l2(archive_text(), trades_text(), kSzDecimals);
  const std::vector<std::string> all = show(*r.events);
  const auto stream = [&](std::size_t chunk_size) {
    VectorL2Source src(r.grid, r.events, chunk_size);
    EXPECT_EQ(src.grid().price_unit, r.grid.price_unit);
    EXPECT_EQ(src.grid().size_unit, r.grid.size_unit);
    std::vector<L2Event> chunk;
    std::vector<std::string> out;
    while (src.next(chunk)) {
      EXPECT_LE(chunk.size(), chunk_size);
      for (const L2Event& e : chunk) out.push_back(show(e));
    }
    EXPECT_TRUE(chunk.empty());
    return out;
  };
  EXPECT_EQ(stream(5), all);
  EXPECT_EQ(stream(1 << 16), all);  // a second run over the same events
  EXPECT_EQ(show(*r.events), all);
}

// A random walk of a 20-level book (the best bid moves up to `walk_ticks` a snapshot), snapshots
// 0 to 1.5 s apart, with prints (buyers at the ask,
// sellers at the bid), crossed lines and another coin's lines mixed in.
struct RandomRecording {
  std::vector<Snap> kept;
  std::string archive;
  std::string trades = "[";
  std::size_t printed = 0;
};

RandomRecording random_recording(std::uint64_t seed, int snapshots, int walk_ticks = 3) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  RandomRecording rec;
  std::int32_t best_bid = 300000;
  std::map<std::int32_t, std::int32_t> sizes;  // a level keeps its size often, so the diff has unchanged levels
  std::uint64_t t = kT0;
  for (int n = 0; n < snapshots; ++n) {
    Snap s;
    s.t = t;
    best_bid += uniform(-walk_ticks, walk_ticks);
    const std::int32_t best_ask = best_bid + uniform(1, 3);
    auto side = [&](std::int32_t best, int dir, Levels& out) {
      std::int32_t px = best;
      const int depth = n > 0 && uniform(0, 30) == 0 ? uniform(0, 3) : 20;
      for (int k = 0; k < depth; ++k) {
        auto it = sizes.find(px);
        if (it == sizes.end() || uniform(0, 3) == 0) it = sizes.insert_or_assign(px, uniform(1, 500'000)).first;
        out.emplace_back(px, it->second);
        px += dir * uniform(1, 2);
      }
    };
    side(best_bid, -1, s.bids);
    side(best_ask, +1, s.asks);
    rec.kept.push_back(s);
    rec.archive += book_line(s, n % 2 == 0);
    if (uniform(0, 9) == 0) rec.archive += book_line(Snap{t, {{best_bid + 50, 1}}, {{best_bid + 40, 1}}});  // crossed
    if (uniform(0, 9) == 0) rec.archive += book_line(Snap{t, {{5'000'000, 1}}, {{5'000'010, 1}}, "BTC"});
    // Prints in the gap before the next snapshot, some at its very time.
    const std::uint64_t gap = static_cast<std::uint64_t>(uniform(0, 1'500));
    for (int k = uniform(0, 3); k > 0; --k) {
      const std::uint64_t at = t + static_cast<std::uint64_t>(uniform(0, static_cast<int>(gap)));
      const bool buy = uniform(0, 1) == 1;
      const std::int32_t px = buy ? best_ask : best_bid;
      rec.trades += fmt::format(R"({}{{"side":"{}","px":"{}.{:02}","sz":"0.{:04}","time":{}}})", rec.printed == 0 ? "" : ",",
                                buy ? "B" : "A", px / 100, px % 100, uniform(1, 9999), at);
      ++rec.printed;
    }
    t += gap;
  }
  rec.trades += "]";
  return rec;
}

// Over 400 snapshots the contract holds and every kept snapshot is rebuilt exactly.
TEST(L2Recorded, RandomBooksKeepTheStreamContract) {
  const RandomRecording rec = random_recording(20251126, 400);
  const std::vector<Snap>& kept = rec.kept;
  const std::size_t printed = rec.printed;
  const RecordedL2 r = read_recorded_l2(lz4_frame(rec.archive), rec.trades, kSzDecimals);
  ASSERT_EQ(r.snapshots, kept.size());
  EXPECT_EQ(r.trades + r.dropped_trades, printed);
  // The last kept snapshot at each time: several may share one.
  std::map<std::uint32_t, std::size_t> at_time;
  for (std::size_t k = 0; k < kept.size(); ++k) at_time[static_cast<std::uint32_t>(kept[k].t - kT0)] = k;
  Book book;
  std::size_t trades_seen = 0;
  std::int64_t last_level_t = -1;
  for (std::size_t i = 0; i < r.events->size(); ++i) {
    const L2Event& e = (*r.events)[i];
    if (i > 0) {
      ASSERT_GE(e.t_ms, (*r.events)[i - 1].t_ms) << i;
    }
    ASSERT_GE(e.sz, 0);
    if (e.kind == L2Kind::kLevel) {
      book.apply(e);
      last_level_t = e.t_ms;
    } else {
      ++trades_seen;
      // Before the levels of the snapshot it belongs to (the first at or after it).
      ASSERT_LT(last_level_t, static_cast<std::int64_t>(e.t_ms)) << "event " << i;
    }
    ASSERT_FALSE(book.crossed()) << "after event " << i << ": " << show(e);
    const bool last_at_t = i + 1 == r.events->size() || (*r.events)[i + 1].t_ms != e.t_ms;
    if (last_at_t && e.kind == L2Kind::kLevel) {
      const auto it = at_time.find(e.t_ms);
      ASSERT_NE(it, at_time.end()) << "level events at " << e.t_ms << " without a snapshot";
      ASSERT_TRUE(book.matches(kept[it->second])) << "snapshot " << it->second;
    }
  }
  EXPECT_EQ(trades_seen, r.trades);
  EXPECT_TRUE(book.matches(kept.back()));
}

// The stream as the L2 replay consumes it: ten minutes of a recorded-looking ETH book under
// pure_as run to the end, every event applied, the run's minutes the path's. The book wanders
// dollars, so the crowd reaches our quotes.
TEST(L2Recorded, TheReplayRunsARecordingToTheEnd) {
  const RandomRecording rec = random_recording(7, 800, 60);
  const RecordedL2 r = read_recorded_l2(lz4_frame(rec.archive), rec.trades, kSzDecimals, funding_json());
  ASSERT_GE(r.path.minutes(), 5);
  const policy::AssetPreset a = *policy::find_preset("eth");
  auto spec = build_policy("pure_as", a, kSzDecimals);
  ASSERT_TRUE(spec.ok());
  L2ReplayConfig cfg;
  cfg.coin = r.coin;
  cfg.sz_decimals = static_cast<std::uint8_t>(kSzDecimals);
  cfg.trader.position_limit = static_cast<Size>(std::llround(spec.value().limit * static_cast<double>(kSizeScale)));
  cfg.lot = a.lot;
  auto pipe = engine::make_pipeline("sw");
  VectorL2Source src(r.grid, r.events);
  const RunResult run = run_l2_replay(r.path, src, *pipe, spec.value().table, cfg);
  EXPECT_TRUE(run.completed);
  EXPECT_EQ(run.minutes, r.path.minutes());
  EXPECT_EQ(run.events, r.events->size());
  EXPECT_EQ(run.trades, r.trades);
  EXPECT_GT(run.requests, 0u);
  EXPECT_GT(run.fills, 0u);
}

}  // namespace
}  // namespace hlmm::backtest
