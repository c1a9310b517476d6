// Fuzz entry: one WS frame through FeedDecoder (envelope, market channels → records, user
// channels, post responses). Besides memory safety it checks what the pipeline relies on: a
// refused frame emits nothing and consumes no sequence number; an accepted one numbers its
// records consecutively per slot, flags its last record end-of-batch, and a book frame is one
// sorted snapshot of positive levels. A second decoder without the l2Book fast path
// (l2book_scan.hpp) reads every frame too: both must reach the same verdict and the same records.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "hyperliquid/parse_market.hpp"

namespace {

using namespace hlmm;
using namespace hlmm::hl;

AssetDirectory directory() {
  const std::vector<AssetMeta> universe = {
      {"BTC", 5, 50, false, false}, {"ETH", 4, 50, false, false}, {"ATOM", 2, 50, true, false}};
  const std::string_view traded[] = {"ETH", "BTC"};
  Parsed<AssetDirectory> dir = AssetDirectory::from_meta(universe, traded);
  HLMM_FUZZ_CHECK(dir.ok());
  return std::move(dir.value);
}

FeedDecoder& decoder() {
  static FeedDecoder d(directory());
  return d;
}

FeedDecoder& generic_decoder() {
  static FeedDecoder d(directory(), FeedDecoderOptions{false});
  return d;
}

// The generic path's verdict on the same frame must be the same, record for record.
void check_same_as_generic(std::string_view frame, const ParseError& e, const FeedMessage& msg) {
  static FeedMessage generic_msg(64);
  const ParseError g = generic_decoder().decode(frame, generic_msg);
  HLMM_FUZZ_CHECK(g.code == e.code && g.decimal == e.decimal && g.field == e.field && g.detail() == e.detail());
  HLMM_FUZZ_CHECK(generic_msg.channel == msg.channel && generic_msg.records.size() == msg.records.size());
  for (std::size_t i = 0; i < msg.records.size(); ++i) {
    const MarketEvent& a = msg.records[i];
    const MarketEvent& b = generic_msg.records[i];
    HLMM_FUZZ_CHECK(a.kind == b.kind && a.asset == b.asset && a.side == b.side && a.flags == b.flags &&
                    a.seq == b.seq && a.price == b.price && a.size == b.size && a.ts_ns == b.ts_ns);
  }
}

void check_book_side(const FeedMessage& m, std::size_t& i, Side side) {
  Price previous = 0;
  bool first = true;
  for (; i < m.records.size() && m.records[i].side == side; ++i) {
    const MarketEvent& r = m.records[i];
    HLMM_FUZZ_CHECK(r.kind == EventKind::kBookLevel);
    HLMM_FUZZ_CHECK(r.price > 0 && r.size > 0);
    HLMM_FUZZ_CHECK(first || better_price(side, previous, r.price));
    previous = r.price;
    first = false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A small record buffer so kOutputFull is reachable too.
  static FeedMessage msg(64);
  FeedDecoder& d = decoder();
  std::uint32_t before[kMaxAssets];
  for (int s = 0; s < kMaxAssets; ++s) before[s] = d.next_seq(static_cast<std::uint8_t>(s));

  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  const ParseError e = d.decode(frame, msg);
  check_same_as_generic(frame, e, msg);
  if (!e.ok()) {
    HLMM_FUZZ_CHECK(msg.records.empty());
    HLMM_FUZZ_CHECK(!e.message().empty());
    for (int s = 0; s < kMaxAssets; ++s) HLMM_FUZZ_CHECK(d.next_seq(static_cast<std::uint8_t>(s)) == before[s]);
    return 0;
  }
  std::uint32_t expected[kMaxAssets];
  for (int s = 0; s < kMaxAssets; ++s) expected[s] = before[s];
  for (std::size_t i = 0; i < msg.records.size(); ++i) {
    const MarketEvent& r = msg.records[i];
    HLMM_FUZZ_CHECK(d.directory().by_slot(r.asset) != nullptr);
    HLMM_FUZZ_CHECK(r.seq == expected[r.asset]++);
    HLMM_FUZZ_CHECK(((r.flags & kFlagEndOfBatch) != 0) == (i + 1 == msg.records.size()));
  }
  for (int s = 0; s < kMaxAssets; ++s) HLMM_FUZZ_CHECK(d.next_seq(static_cast<std::uint8_t>(s)) == expected[s]);

  switch (msg.channel) {
    case Channel::kL2Book:
    case Channel::kBbo: {
      HLMM_FUZZ_CHECK(!msg.records.empty());
      HLMM_FUZZ_CHECK(msg.records[0].kind == EventKind::kBookClear && msg.records[0].side == Side::kBoth);
      std::size_t i = 1;
      check_book_side(msg, i, Side::kBid);
      check_book_side(msg, i, Side::kAsk);
      HLMM_FUZZ_CHECK(i == msg.records.size());
      HLMM_FUZZ_CHECK((msg.records[i - 1].flags & kFlagEndOfSnapshot) != 0);
      for (std::size_t k = 0; k + 1 < i; ++k) HLMM_FUZZ_CHECK((msg.records[k].flags & kFlagEndOfSnapshot) == 0);
      HLMM_FUZZ_CHECK(d.bids(msg.slot).count + d.asks(msg.slot).count + 1u == msg.records.size());
      break;
    }
    case Channel::kTrades:
      for (const MarketEvent& r : msg.records.view()) {
        HLMM_FUZZ_CHECK(r.kind == EventKind::kTrade && r.price > 0 && r.size > 0);
        HLMM_FUZZ_CHECK(r.side == Side::kBid || r.side == Side::kAsk);
      }
      break;
    case Channel::kActiveAssetCtx:
      HLMM_FUZZ_CHECK(msg.records.size() == 1 && msg.records[0].kind == EventKind::kFunding);
      break;
    default:
      HLMM_FUZZ_CHECK(msg.records.empty());
      break;
  }
  return 0;
}
