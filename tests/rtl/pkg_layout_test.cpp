// The SystemVerilog records package (rtl/hlmm_pkg.sv) and the arithmetic ROMs
// (rtl/hlmm_arith_pkg.sv) against the C++ headers they mirror: every field's bit offset and width,
// every enum value, every ROM entry. The SV text is parsed here, so an edit on either side that
// breaks the correspondence fails this test.
#include <cstddef>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "hlmm/arith.hpp"
#include "hlmm/records.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Field {
  std::string name;
  int width;
  int lsb;
};

// Fields of `typedef struct packed { ... } name;`, with their bit position (first field is MSB).
std::vector<Field> packed_struct(const std::string& text, const std::string& name) {
  const std::regex whole("typedef struct packed \\{([^}]*)\\} " + name + ";");
  std::smatch m;
  if (!std::regex_search(text, m, whole)) return {};
  const std::string body = m[1];
  const std::regex field("logic \\[(\\d+):0\\] (\\w+);");
  std::vector<Field> fields;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), field); it != std::sregex_iterator(); ++it) {
    fields.push_back({(*it)[2], std::stoi((*it)[1]) + 1, 0});
  }
  int lsb = 0;
  for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
    it->lsb = lsb;
    lsb += it->width;
  }
  return fields;
}

std::map<std::string, long long> localparams(const std::string& text) {
  const std::regex p("localparam logic \\[7:0\\] (\\w+) = 8'(d|h)([0-9a-fA-F]+);");
  std::map<std::string, long long> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), p); it != std::sregex_iterator(); ++it) {
    out[(*it)[1]] = std::stoll((*it)[3], nullptr, (*it)[2] == "h" ? 16 : 10);
  }
  return out;
}

const std::string& pkg() {
  static const std::string text = read_file(std::string(HLMM_RTL_DIR) + "/hlmm_pkg.sv");
  return text;
}

struct Expect {
  const char* name;
  std::size_t offset;
  std::size_t size;
};

void check_layout(const std::vector<Field>& fields, const std::vector<Expect>& expect) {
  ASSERT_EQ(fields.size(), expect.size());
  int total = 0;
  for (const Field& f : fields) total += f.width;
  EXPECT_EQ(total, 8 * static_cast<int>(hlmm::kRecordBytes));
  for (const Expect& e : expect) {
    bool found = false;
    for (const Field& f : fields) {
      if (f.name != e.name) continue;
      found = true;
      EXPECT_EQ(f.lsb, static_cast<int>(8 * e.offset)) << e.name;
      EXPECT_EQ(f.width, static_cast<int>(8 * e.size)) << e.name;
    }
    EXPECT_TRUE(found) << e.name << " missing from the SV struct";
  }
}

TEST(RtlPackage, MarketEventFieldsSitAtTheCppOffsets) {
  using hlmm::MarketEvent;
  check_layout(packed_struct(pkg(), "market_event_t"),
               {{"kind", offsetof(MarketEvent, kind), sizeof(MarketEvent::kind)},
                {"asset", offsetof(MarketEvent, asset), sizeof(MarketEvent::asset)},
                {"side", offsetof(MarketEvent, side), sizeof(MarketEvent::side)},
                {"flags", offsetof(MarketEvent, flags), sizeof(MarketEvent::flags)},
                {"seq", offsetof(MarketEvent, seq), sizeof(MarketEvent::seq)},
                {"price", offsetof(MarketEvent, price), sizeof(MarketEvent::price)},
                {"size", offsetof(MarketEvent, size), sizeof(MarketEvent::size)},
                {"ts_ns", offsetof(MarketEvent, ts_ns), sizeof(MarketEvent::ts_ns)}});
}

TEST(RtlPackage, QuoteIntentFieldsSitAtTheCppOffsets) {
  using hlmm::QuoteIntent;
  check_layout(packed_struct(pkg(), "quote_intent_t"),
               {{"kind", offsetof(QuoteIntent, kind), sizeof(QuoteIntent::kind)},
                {"asset", offsetof(QuoteIntent, asset), sizeof(QuoteIntent::asset)},
                {"side", offsetof(QuoteIntent, side), sizeof(QuoteIntent::side)},
                {"reason", offsetof(QuoteIntent, reason), sizeof(QuoteIntent::reason)},
                {"seq", offsetof(QuoteIntent, seq), sizeof(QuoteIntent::seq)},
                {"price", offsetof(QuoteIntent, price), sizeof(QuoteIntent::price)},
                {"size", offsetof(QuoteIntent, size), sizeof(QuoteIntent::size)},
                {"ts_ns", offsetof(QuoteIntent, ts_ns), sizeof(QuoteIntent::ts_ns)}});
}

TEST(RtlPackage, EnumValuesMatchTheCppEnums) {
  using namespace hlmm;
  const auto p = localparams(pkg());
  const std::map<std::string, long long> expect = {
      {"EV_BOOK_LEVEL", static_cast<int>(EventKind::kBookLevel)}, {"EV_BOOK_CLEAR", static_cast<int>(EventKind::kBookClear)},
      {"EV_TRADE", static_cast<int>(EventKind::kTrade)}, {"EV_FILL", static_cast<int>(EventKind::kFill)},
      {"EV_FUNDING", static_cast<int>(EventKind::kFunding)}, {"EV_VOLATILITY", static_cast<int>(EventKind::kVolatility)},
      {"EV_TIMER", static_cast<int>(EventKind::kTimer)}, {"SIDE_BID", static_cast<int>(Side::kBid)},
      {"SIDE_ASK", static_cast<int>(Side::kAsk)}, {"SIDE_BOTH", static_cast<int>(Side::kBoth)},
      {"FLAG_END_OF_SNAPSHOT", kFlagEndOfSnapshot}, {"FLAG_END_OF_BATCH", kFlagEndOfBatch},
      {"IK_QUOTE", static_cast<int>(IntentKind::kQuote)}, {"IK_CANCEL", static_cast<int>(IntentKind::kCancel)},
      {"IK_REJECT", static_cast<int>(IntentKind::kReject)}, {"R_NONE", static_cast<int>(Reason::kNone)},
      {"R_CROSSED_BOOK", static_cast<int>(Reason::kCrossedBook)}, {"R_OUT_OF_SEQUENCE", static_cast<int>(Reason::kOutOfSequence)},
      {"R_UNKNOWN_ASSET", static_cast<int>(Reason::kUnknownAsset)}, {"R_BAD_SIZE", static_cast<int>(Reason::kBadSize)},
      {"R_PRICE_OUT_OF_RANGE", static_cast<int>(Reason::kPriceOutOfRange)}, {"R_BAD_KIND", static_cast<int>(Reason::kBadKind)},
      {"R_BAD_SIDE", static_cast<int>(Reason::kBadSide)}, {"R_NEEDS_RESYNC", static_cast<int>(Reason::kNeedsResync)},
      {"R_EMPTY_BOOK", static_cast<int>(Reason::kEmptyBook)}, {"R_KILL_GLOBAL", static_cast<int>(Reason::kKillGlobal)},
      {"R_KILL_ASSET", static_cast<int>(Reason::kKillAsset)}, {"R_POSITION_LIMIT", static_cast<int>(Reason::kPositionLimit)},
      {"R_NOTIONAL_CAP", static_cast<int>(Reason::kNotionalCap)}, {"R_PRICE_BAND", static_cast<int>(Reason::kPriceBand)},
      {"R_STALE_BOOK", static_cast<int>(Reason::kStaleBook)}, {"R_RATE_LIMIT", static_cast<int>(Reason::kRateLimit)},
      {"R_OPEN_ORDER_CAP", static_cast<int>(Reason::kOpenOrderCap)}, {"R_NO_POLICY", static_cast<int>(Reason::kNoPolicy)},
      {"R_FILL_COOLDOWN", static_cast<int>(Reason::kFillCooldown)}, {"R_SIDE_DISABLED", static_cast<int>(Reason::kSideDisabled)},
  };
  EXPECT_EQ(p.size(), expect.size()) << "the SV package and this test list different constants";
  for (const auto& [name, value] : expect) {
    const auto it = p.find(name);
    ASSERT_NE(it, p.end()) << name << " missing from hlmm_pkg.sv";
    EXPECT_EQ(it->second, value) << name;
  }
}

TEST(RtlPackage, ArithmeticRomsMatchTheCppTables) {
  const std::string text = read_file(std::string(HLMM_RTL_DIR) + "/hlmm_arith_pkg.sv");
  using hlmm::arith::u128;
  // The reciprocal's chord ROMs, by their formula: on slice i, a = 2^31 + i 2^23, c0 =
  // round(2^78 / a) and c1 = round(2^15 (2^63 / a - 2^63 / (a + 2^23)) / 2^23), both rounded half
  // up from exact rationals (2^63 / x as a 64.64 fixed-point value is exact to 2^-64, far below
  // half a unit of either).
  const auto q64 = [](std::uint64_t x) { return (static_cast<u128>(1) << 127) / x; };  // 2^63 / x at 2^-64
  const std::regex c0_entry("8'd(\\d+): recip_chord_c0 = 48'h([0-9a-f]+);");
  const std::regex c1_entry("8'd(\\d+): recip_chord_c1 = 16'h([0-9a-f]+);");
  int c0s = 0;
  int c1s = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), c0_entry); it != std::sregex_iterator(); ++it, ++c0s) {
    const std::uint64_t a = (std::uint64_t{1} << 31) + (static_cast<std::uint64_t>(std::stoi((*it)[1])) << 23);
    const u128 c0 = (((static_cast<u128>(1) << 78) << 1) / a + 1) >> 1;  // round(2^78 / a), half up
    EXPECT_EQ(static_cast<u128>(std::stoull((*it)[2], nullptr, 16)), c0) << "chord c0 " << (*it)[1];
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), c1_entry); it != std::sregex_iterator(); ++it, ++c1s) {
    const std::uint64_t a = (std::uint64_t{1} << 31) + (static_cast<std::uint64_t>(std::stoi((*it)[1])) << 23);
    // 2^15 (f(a) - f(a + 2^23)) / 2^23 at 2^-64, then rounded half up.
    const u128 fall = (q64(a) - q64(a + (std::uint64_t{1} << 23))) >> 8;
    const u128 c1 = (fall + (static_cast<u128>(1) << 63)) >> 64;
    EXPECT_EQ(static_cast<u128>(std::stoull((*it)[2], nullptr, 16)), c1) << "chord c1 " << (*it)[1];
  }
  EXPECT_EQ(c0s, 256);
  EXPECT_EQ(c1s, 256);
  const std::regex pow("5'd(\\d+): pow10 = 64'd(\\d+);");
  int pows = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pow); it != std::sregex_iterator(); ++it, ++pows) {
    EXPECT_EQ(std::stoull((*it)[2]), hlmm::arith::kPow10.value[std::stoi((*it)[1])]);
  }
  EXPECT_EQ(pows, hlmm::arith::kMaxPow10 + 1);
  const std::regex recip("5'd(\\d+): pow10_recip = 64'h([0-9a-f]+);");
  int recips = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), recip); it != std::sregex_iterator(); ++it, ++recips) {
    EXPECT_EQ(std::stoull((*it)[2], nullptr, 16), hlmm::arith::kPow10.recip[std::stoi((*it)[1])]);
  }
  EXPECT_EQ(recips, hlmm::arith::kMaxPow10);
  // The tick rounding's exact multipliers m = ceil(2^74 / 10^e) for every tick exponent a price
  // can have (0 .. kPriceDecimals), each within the bound that makes (x * m) >> 74 =
  // floor(x / 10^e) for every 0 <= x < 2^47 + 10^8 (a price below 2^47 plus the tick - 1 a round
  // up adds): (m * 10^e - 2^74) * (2^47 + 10^8) < 2^74; and the round-up addends (10^e - 1) * m.
  using u128 = hlmm::arith::u128;
  const auto hex75 = [](const std::string& hex) {
    return (static_cast<u128>(std::stoull(hex.substr(0, 3), nullptr, 16)) << 64) | std::stoull(hex.substr(3), nullptr, 16);
  };
  const u128 two74 = static_cast<u128>(1) << 74;
  const u128 x_max = (static_cast<u128>(1) << 47) + hlmm::arith::kPow10.value[8];
  std::map<int, u128> magic_of;
  const std::regex magic("4'd(\\d+): pow10_magic = 75'h([0-9a-f]{19});");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), magic); it != std::sregex_iterator(); ++it) {
    const int e = std::stoi((*it)[1]);
    const u128 m = hex75((*it)[2]);
    const u128 d = hlmm::arith::kPow10.value[e];
    EXPECT_EQ(m, (two74 + d - 1) / d) << "magic " << e;
    EXPECT_LT((m * d - two74) * x_max, two74) << "magic " << e;
    magic_of[e] = m;
  }
  EXPECT_EQ(magic_of.size(), static_cast<std::size_t>(hlmm::kPriceDecimals + 1));
  const std::regex addend("4'd(\\d+): pow10_ceil_add = 75'h([0-9a-f]{19});");
  int addends = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), addend); it != std::sregex_iterator(); ++it, ++addends) {
    const int e = std::stoi((*it)[1]);
    EXPECT_EQ(hex75((*it)[2]), (hlmm::arith::kPow10.value[e] - 1) * magic_of[e]) << "addend " << e;
  }
  EXPECT_EQ(addends, hlmm::kPriceDecimals);  // e = 0 adds nothing
}

}  // namespace
