// Values shared by the simulated exchange's parts: money, fees, asset specs, the block clock, and
// the events a block produces. The local venue (sim/venue) turns these into Hyperliquid's wire
// messages; the backtester's event-level execution model consumes them directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hlmm/arith.hpp"
#include "hlmm/fixed_point.hpp"
#include "hlmm/pipeline_config.hpp"
#include "hyperliquid/hex.hpp"
#include "hyperliquid/messages.hpp"

namespace hlmm::exchange {

// USDC at 1e-8, signed. Products of a price and a size (1e-16) are truncated toward zero to this
// scale; the truncation is below a cent per billion fills and is the same on every run.
using Money = std::int64_t;
using arith::i128;

constexpr Money notional(Price price, Size size) {
  return static_cast<Money>((static_cast<i128>(price) * size) / kSizeScale);
}

// An order's value before any check has bounded it: a wire price and size can carry a product
// far above 2^63 at this scale, which notional() would wrap (a ~$1.8e11 order read as $10).
constexpr i128 order_value(Price price, Size size) { return static_cast<i128>(price) * size / kSizeScale; }

// How much a reduce-only order on `is_buy`'s side may trade against the position `szi`: at most
// down to flat (0 when it would only open or grow one).
constexpr Size reducible_size(bool is_buy, Size szi) { return is_buy ? (szi < 0 ? -szi : 0) : (szi > 0 ? szi : 0); }

// The largest perp limit order (protocol.md §6): ten times the market-order cap, which is $30M at
// a max leverage of 25 or more, $5M at [20, 25), $2M at [10, 20) and $500k below.
constexpr Money max_limit_order_value(std::uint32_t max_leverage) {
  const Money market_usd = max_leverage >= 25   ? 30'000'000
                           : max_leverage >= 20 ? 5'000'000
                           : max_leverage >= 10 ? 2'000'000
                                                : 500'000;
  return 10 * market_usd * kPriceScale;
}

// Fee rates in millionths of notional; negative is a rebate. Default: Hyperliquid's tier 0 perp
// rates, taker 0.045 %, maker 0.015 % (protocol.md §7).
struct FeeRates {
  std::int32_t taker_ppm = 450;
  std::int32_t maker_ppm = 150;
};

constexpr Money fee_of(Money notional_value, std::int32_t ppm) {
  return static_cast<Money>((static_cast<i128>(notional_value) * ppm) / 1'000'000);
}

struct AssetSpec {
  std::string name;             // the coin name on the wire ("ETH")
  std::uint8_t sz_decimals = 0;
  std::uint32_t max_leverage = 20;
};

// A HIP-4 outcome (protocol.md §6): two sides with their own asset ids and coins, one merged book.
// The caller (sim/venue) names them; the exchange only needs to tell the two sides apart.
struct OutcomeBookSpec {
  std::string yes_coin;         // "#10"
  std::string no_coin;          // "#11"
  std::uint32_t yes_asset = 0;  // 100000010
  std::uint32_t no_asset = 0;   // 100000011
};

// Outcome tick and lot: protocol.md records none for HIP-4, so hlmm's rule is a fixed tick of
// 0.001 USD on prices strictly between 0 and 1, and whole contracts. A fixed decimal tick keeps
// 1 - p on the grid for every p on it, so the Yes and No books mirror exactly (a significant-figure
// rule like the perps' would not: 1 - 0.012345 has six).
inline constexpr Price kOutcomeTick = 100'000;     // 0.001 USD per contract
inline constexpr Size kOutcomeLot = kSizeScale;    // one contract
inline constexpr Price kOutcomePayout = kPriceScale;  // Yes and No together pay one USD

// Blocks are cut every `block_interval_ms`; an action that arrives at t executes in the first
// block at or after t, and its effects (responses, fills, book changes) become visible
// `commit_blocks - 1` blocks later. With the defaults the end-to-end time averages about 285 ms
// and peaks at 380 ms, the "~380 ms, two blocks" of protocol.md §10.
struct SequencingConfig {
  std::uint64_t block_interval_ms = 190;
  std::uint32_t commit_blocks = 2;
  std::uint64_t commit_delay_ms() const { return (commit_blocks - 1) * block_interval_ms; }
};

// ---- what a block produces ----------------------------------------------------------------------

struct ActionResult {
  std::uint64_t request_id = 0;    // the caller's id for the submission
  hl::Address user;
  hl::ExchangeResponse response;
};

struct UserFillEvent {
  hl::Address user;
  hl::UserFill fill;
};

struct OrderUpdateEvent {
  hl::Address user;
  hl::OrderUpdate update;
};

struct FundingEvent {
  hl::Address user;
  hl::UserFunding funding;
};

struct PublicTrade {
  std::string coin;
  bool taker_is_buy = false;       // the aggressor's side
  Price price = 0;
  Size size = 0;
  std::uint64_t time_ms = 0;
  std::uint64_t tid = 0;
  std::string hash;
  hl::Address buyer;
  hl::Address seller;
};

struct BlockOutput {
  std::uint64_t block_number = 0;
  std::uint64_t block_time_ms = 0;   // when the block executed
  std::uint64_t commit_time_ms = 0;  // when its effects are visible
  std::vector<ActionResult> results;
  std::vector<UserFillEvent> fills;
  std::vector<OrderUpdateEvent> order_updates;
  std::vector<PublicTrade> trades;
  std::vector<std::uint32_t> books_changed;  // asset ids whose book changed, ascending
};

}  // namespace hlmm::exchange
