// Feed decoding cost: one l2Book frame with 20 levels per side (the venue's full depth) → the
// pipeline records (clear + top kBookLevels per side), through FeedDecoder exactly as the feed
// path calls it (copy into the padded buffer, simdjson on-demand, exact decimal conversion).
#include <benchmark/benchmark.h>

#include <string>

#include "hyperliquid/parse_market.hpp"
#include "message_fixtures.hpp"

namespace {

std::string l2book_frame(int levels) {
  std::string bids, asks;
  for (int i = 0; i < levels; ++i) {
    if (i) {
      bids += ",";
      asks += ",";
    }
    // BTC-like: integer prices, sizes with up to 5 decimals, order counts.
    bids += R"({"px":")" + std::to_string(113377 - i) + R"(.0","sz":")" + std::to_string(i + 1) + R"(.12345","n":)" +
            std::to_string(i + 3) + "}";
    asks += R"({"px":")" + std::to_string(113378 + i) + R"(.0","sz":"0.)" + std::to_string(10001 + i) + R"(","n":)" +
            std::to_string(i + 1) + "}";
  }
  return R"({"channel":"l2Book","data":{"coin":"BTC","time":1754450974231,"levels":[[)" + bids + "],[" + asks + "]]}}";
}

// Arg 1: the l2Book fast path (the default); 0: the generic simdjson path it bypasses.
void BM_L2Book20x20ToRecords(benchmark::State& state) {
  hlmm::hl::FeedDecoder decoder(hlmm::hl::test::fixture_directory(), hlmm::hl::FeedDecoderOptions{state.range(0) != 0});
  hlmm::hl::FeedMessage msg;
  const std::string frame = l2book_frame(20);
  if (decoder.decode(frame, msg)) {
    state.SkipWithError("frame does not decode");
    return;
  }
  std::size_t records = 0;
  for (auto _ : state) {
    const hlmm::hl::ParseError e = decoder.decode(frame, msg);
    benchmark::DoNotOptimize(e);
    records += msg.records.size();
  }
  state.counters["frame_bytes"] = static_cast<double>(frame.size());
  state.counters["records_per_frame"] = static_cast<double>(records) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(frame.size()));
}
BENCHMARK(BM_L2Book20x20ToRecords)->ArgName("fast_path")->Arg(1)->Arg(0);

void BM_TradesFrameToRecords(benchmark::State& state) {
  hlmm::hl::FeedDecoder decoder(hlmm::hl::test::fixture_directory());
  hlmm::hl::FeedMessage msg;
  const std::string frame = hlmm::hl::test::read_message_fixture("ws_trades.json");
  for (auto _ : state) {
    const hlmm::hl::ParseError e = decoder.decode(frame, msg);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_TradesFrameToRecords);

}  // namespace

BENCHMARK_MAIN();
