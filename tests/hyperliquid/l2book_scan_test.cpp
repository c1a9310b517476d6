// The l2Book fast path (host/hyperliquid/l2book_scan.hpp) against the generic simdjson path:
// frames in the venue's shape and thousands of mutations of them go through two decoders, one
// with the fast path and one without, and every outcome — error code, decimal error, field,
// detail, records, the decoder's book copy and sequence counters — must be the same. The scanner
// itself must take the venue's shape and decline everything else.
#include "hyperliquid/l2book_scan.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "hyperliquid/parse_market.hpp"
#include "message_fixtures.hpp"

namespace hlmm::hl {
namespace {

struct DecoderPair {
  DecoderPair()
      : fast(test::fixture_directory(), FeedDecoderOptions{true}),
        generic(test::fixture_directory(), FeedDecoderOptions{false}) {}
  FeedDecoder fast;
  FeedDecoder generic;
  FeedMessage fast_msg;
  FeedMessage generic_msg;

  // Decodes `frame` both ways and fails the test where the outcomes differ. Returns the error.
  ParseError decode_both(const std::string& frame) {
    const ParseError a = fast.decode(frame, fast_msg);
    const ParseError b = generic.decode(frame, generic_msg);
    EXPECT_EQ(a.code, b.code) << frame;
    EXPECT_EQ(a.decimal, b.decimal) << frame;
    EXPECT_EQ(a.field, b.field) << frame;
    EXPECT_EQ(a.detail(), b.detail()) << frame;
    EXPECT_EQ(fast_msg.channel, generic_msg.channel) << frame;
    EXPECT_EQ(fast_msg.records.size(), generic_msg.records.size()) << frame;
    if (fast_msg.records.size() == generic_msg.records.size()) {
      for (std::size_t i = 0; i < fast_msg.records.size(); ++i) {
        const MarketEvent& x = fast_msg.records[i];
        const MarketEvent& y = generic_msg.records[i];
        EXPECT_TRUE(x.kind == y.kind && x.asset == y.asset && x.side == y.side && x.flags == y.flags &&
                    x.seq == y.seq && x.price == y.price && x.size == y.size && x.ts_ns == y.ts_ns)
            << "record " << i << " of " << frame;
      }
    }
    if (a.ok() && b.ok() && fast_msg.channel == Channel::kL2Book) {
      EXPECT_EQ(fast_msg.slot, generic_msg.slot);
      EXPECT_EQ(fast_msg.time_ms, generic_msg.time_ms);
    }
    for (std::uint8_t slot : {test::kEthSlot, test::kBtcSlot}) {
      EXPECT_EQ(fast.next_seq(slot), generic.next_seq(slot)) << frame;
      const SideBook* books[2][2] = {{&fast.bids(slot), &generic.bids(slot)}, {&fast.asks(slot), &generic.asks(slot)}};
      for (auto& pair : books) {
        EXPECT_EQ(pair[0]->count, pair[1]->count) << frame;
        for (int i = 0; i < kBookLevels; ++i) {
          EXPECT_EQ(pair[0]->price[i], pair[1]->price[i]) << frame;
          EXPECT_EQ(pair[0]->size[i], pair[1]->size[i]) << frame;
        }
      }
    }
    return a;
  }
};

std::string level_json(const std::string& px, const std::string& sz, std::uint64_t n) {
  return fmt::format(R"({{"px":"{}","sz":"{}","n":{}}})", px, sz, n);
}

// A frame in the venue's shape: `levels` bid and ask levels around `mid` (in 0.1 steps).
std::string venue_frame(std::string_view coin, std::uint64_t time_ms, int bids, int asks, double mid, std::mt19937_64& rng) {
  std::string f = fmt::format(R"({{"channel":"l2Book","data":{{"coin":"{}","time":{},"levels":[[)", coin, time_ms);
  for (int k = 0; k < bids; ++k) {
    if (k) f += ',';
    f += level_json(fmt::format("{:.1f}", mid - 0.1 * (k + 1)), fmt::format("{}.{}", 1 + rng() % 50, rng() % 10000), 1 + rng() % 9);
  }
  f += "],[";
  for (int k = 0; k < asks; ++k) {
    if (k) f += ',';
    f += level_json(fmt::format("{:.1f}", mid + 0.1 * (k + 1)), fmt::format("{}.{}", 1 + rng() % 50, rng() % 10000), 1 + rng() % 9);
  }
  return f + "]]}}";
}

bool scans(const std::string& frame) {
  std::array<detail::WireSide, 2> sides;
  std::string_view coin;
  std::uint64_t time_ms = 0;
  return detail::scan_l2book_frame(frame, coin, time_ms, sides);
}

TEST(L2BookScan, ReadsTheVenueShape) {
  const std::string frame =
      R"({"channel":"l2Book","data":{"coin":"ETH","time":1754450974231,"levels":[[{"px":"3000.1","sz":"1.5","n":3},{"px":"3000.0","sz":"2","n":1}],[{"px":"3000.2","sz":"0.25","n":12}]]}})";
  std::array<detail::WireSide, 2> sides;
  std::string_view coin;
  std::uint64_t time_ms = 0;
  ASSERT_TRUE(detail::scan_l2book_frame(frame, coin, time_ms, sides));
  EXPECT_EQ(coin, "ETH");
  EXPECT_EQ(time_ms, 1754450974231u);
  ASSERT_EQ(sides[0].count, 2);
  ASSERT_EQ(sides[1].count, 1);
  EXPECT_EQ(sides[0].level[0].px, "3000.1");
  EXPECT_EQ(sides[0].level[1].sz, "2");
  EXPECT_EQ(sides[1].level[0].px, "3000.2");
  EXPECT_EQ(sides[1].level[0].sz, "0.25");
  EXPECT_TRUE(scans(R"({"channel":"l2Book","data":{"coin":"ETH","time":0,"levels":[[],[]]}})"));
  EXPECT_TRUE(scans("{\"channel\":\"l2Book\",\"data\":{\"coin\":\"ETH\",\"time\":0,\"levels\":[[],[]]}}\r\n"));
}

TEST(L2BookScan, DeclinesEverythingElse) {
  const std::string base = R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[{"px":"1.0","sz":"1","n":1}],[]]}})";
  ASSERT_TRUE(scans(base));
  const std::string declined[] = {
      R"({"channel": "l2Book","data":{"coin":"ETH","time":5,"levels":[[{"px":"1.0","sz":"1","n":1}],[]]}})",  // whitespace
      R"({"data":{"coin":"ETH","time":5,"levels":[[{"px":"1.0","sz":"1","n":1}],[]]},"channel":"l2Book"})",  // key order
      R"({"channel":"l2Book","data":{"time":5,"coin":"ETH","levels":[[{"px":"1.0","sz":"1","n":1}],[]]}})",
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[{"sz":"1","px":"1.0","n":1}],[]]}})",
      R"({"channel":"l2Book","data":{"coin":"E\u0054H","time":5,"levels":[[{"px":"1.0","sz":"1","n":1}],[]]}})",  // escape
      R"({"channel":"l2Book","data":{"coin":"ETH","time":05,"levels":[[{"px":"1.0","sz":"1","n":1}],[]]}})",  // leading zero
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5.0,"levels":[[{"px":"1.0","sz":"1","n":1}],[]]}})",
      R"({"channel":"l2Book","data":{"coin":"ETH","time":-5,"levels":[[{"px":"1.0","sz":"1","n":1}],[]]}})",
      R"({"channel":"l2Book","data":{"coin":"ETH","time":12345678901234567890,"levels":[[],[]]}})",  // 20 digits
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[{"px":1.0,"sz":"1","n":1}],[]]}})",  // number px
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[{"px":"1.0","sz":"1","n":1,"x":0}],[]]}})",
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[],[],[]]}})",  // three sides
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[]]}})",
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[],[]]}} x)",  // trailing text
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[],[]]}}})",
      R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[],[]]})",  // cut short
      R"({"channel":"l2Book","data":{"coin":"ÉTH","time":5,"levels":[[],[]]}})",  // not ASCII
      R"({"channel":"bbo","data":{"coin":"ETH","time":5,"bbo":[null,null]}})",
  };
  for (const std::string& f : declined) EXPECT_FALSE(scans(f)) << f;
  // More levels than a snapshot may hold: declined, and the generic path names the error.
  std::string many = R"({"channel":"l2Book","data":{"coin":"ETH","time":5,"levels":[[)";
  for (int k = 0; k <= kMaxWireLevels; ++k) {
    if (k) many += ',';
    many += level_json(fmt::format("{}.0", 1000 - k), "1", 1);
  }
  many += "],[]]}}";
  EXPECT_FALSE(scans(many));
  DecoderPair d;
  EXPECT_EQ(d.decode_both(many).code, ParseErrc::kTooManyItems);
}

TEST(L2BookScan, BothPathsAgreeOnVenueFramesAndTheirMutations) {
  std::mt19937_64 rng(20261206);
  DecoderPair d;
  const std::string_view coins[] = {"ETH", "BTC", "SOL", "NOPE"};  // SOL is known but not traded
  // Bytes a mutation writes: structure, number and string syntax, escapes, control, non-ASCII.
  const char alphabet[] = {' ', '"', '\\', ',', ':', '[', ']', '{', '}', '0', '1', '9', '-', '.', 'e', 'n', 'x',
                           '\n', '\x01', '\x7f', static_cast<char>(0xc3), static_cast<char>(0xa9)};
  std::uint64_t frames = 0, accepted_by_scan = 0, decoded_ok = 0;
  for (int round = 0; round < 400; ++round) {
    const std::string_view coin = coins[rng() % 4];
    const double mid = coin == "BTC" ? 60000.0 : 3000.0;
    const std::string frame =
        venue_frame(coin, 1'754'450'974'231 + static_cast<std::uint64_t>(round) * 500, static_cast<int>(rng() % 21),
                    static_cast<int>(rng() % 21), mid + 0.1 * static_cast<double>(rng() % 40), rng);
    ++frames;
    accepted_by_scan += scans(frame);
    decoded_ok += d.decode_both(frame).ok();
    for (int m = 0; m < 25; ++m) {
      std::string mutated = frame;
      const std::size_t at = rng() % mutated.size();
      switch (rng() % 4) {
        case 0: mutated[at] = alphabet[rng() % sizeof alphabet]; break;
        case 1: mutated.insert(mutated.begin() + static_cast<std::ptrdiff_t>(at), alphabet[rng() % sizeof alphabet]); break;
        case 2: mutated.erase(at, 1 + rng() % 3); break;
        default: mutated.resize(at); break;
      }
      ++frames;
      accepted_by_scan += scans(mutated);
      decoded_ok += d.decode_both(mutated).ok();
    }
  }
  // The comparison only means something if both kinds of frame were seen in numbers.
  EXPECT_GT(accepted_by_scan, 1000u);
  EXPECT_GT(frames - accepted_by_scan, 1000u);
  EXPECT_GT(decoded_ok, 100u);
  RecordProperty("frames", static_cast<int>(frames));
  RecordProperty("scanned", static_cast<int>(accepted_by_scan));
}

}  // namespace
}  // namespace hlmm::hl
