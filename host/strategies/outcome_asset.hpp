// HIP-4 outcome markets (shared/hyperliquid/protocol.md §6 "HIP-4 outcomes"): the asset ids and
// names of an outcome's two sides, the merged Yes/No book, and the `outcomeMeta` description of a
// price binary. Everything that reads venue text or ids throws std::invalid_argument naming the
// input, so a malformed listing is refused rather than traded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hlmm/fixed_point.hpp"

namespace hlmm::strategies {

enum class OutcomeSide : std::uint8_t { kYes = 0, kNo = 1 };

// asset id = 100000000 + encoding, encoding = 10 * outcome + side. Order actions carry the asset
// id as a u32, so the largest outcome is the one whose No side still fits.
inline constexpr std::uint32_t kOutcomeAssetBase = 100'000'000;
inline constexpr std::uint32_t kMaxOutcome = (UINT32_MAX - kOutcomeAssetBase - 1) / 10;

struct OutcomeAsset {
  std::uint32_t outcome = 0;
  OutcomeSide side = OutcomeSide::kYes;

  std::uint32_t encoding() const { return 10 * outcome + static_cast<std::uint32_t>(side); }
  std::uint32_t asset_id() const { return kOutcomeAssetBase + encoding(); }
  std::string coin() const;   // "#<encoding>": the spot coin name in books, fills and orders
  std::string token() const;  // "+<encoding>": the token in balances
  OutcomeAsset other_side() const { return {outcome, side == OutcomeSide::kYes ? OutcomeSide::kNo : OutcomeSide::kYes}; }
  friend bool operator==(const OutcomeAsset&, const OutcomeAsset&) = default;
};

// Throws for outcome > kMaxOutcome.
OutcomeAsset make_outcome_asset(std::uint32_t outcome, OutcomeSide side);
// The inverse mappings. Throw for ids below the base or beyond u32, a side digit other than 0/1,
// a name without its '#' / '+' prefix, a non-decimal, signed or zero-padded number.
OutcomeAsset outcome_from_asset_id(std::uint64_t asset_id);
OutcomeAsset outcome_from_coin(std::string_view coin);
OutcomeAsset outcome_from_token(std::string_view token);
bool is_outcome_asset_id(std::uint64_t asset_id);  // the same checks, without throwing

// The merged book: buying Yes at p is selling No at 1 - p (both settle to one USD between them),
// so every order has one equivalent on the Yes book. Prices are fixed point (kPriceScale = 1 USD),
// where 1 - p is exact; a price outside [0, 1] USD or a negative size throws.
struct OutcomeOrder {
  OutcomeSide side = OutcomeSide::kYes;
  bool is_buy = true;
  Price price = 0;  // USD per contract
  Size size = 0;    // contracts
};
OutcomeOrder to_yes_book(const OutcomeOrder& order);
// The same order expressed on `side`'s book (the inverse of to_yes_book for kNo).
OutcomeOrder expressed_on(const OutcomeOrder& order, OutcomeSide side);

// `outcomeMeta` description of a price binary, e.g.
// "class:priceBinary|underlying:HYPE|expiry:20260310-1100|targetPrice:34.5|period:3m".
// Read here as: Yes pays one USD when the underlying settles above targetPrice at expiry (the
// protocol notes give the fields, not the settlement rule beyond settleFraction).
struct PriceBinarySpec {
  std::string underlying;     // perp coin name, e.g. "HYPE"
  std::int64_t expiry_s = 0;  // UTC epoch seconds (the description's YYYYMMDD-HHMM is UTC)
  double strike = 0;          // targetPrice K, USD
  std::string period;         // as listed ("3m"; empty when absent): its unit is not documented, so kept as text
};
// Throws for a class other than priceBinary, a missing (period may be), empty or repeated key, a
// field without ':', an impossible date or time, a strike that is not a positive decimal price.
// Unknown keys are ignored (the venue may add fields).
PriceBinarySpec parse_price_binary(std::string_view description);

// Year fraction until expiry on the 365-day year the annualised volatility uses (crypto trades
// every day); 0 once expired.
inline constexpr double kSecondsPerYear = 365.0 * 86'400.0;
double years_to_expiry(const PriceBinarySpec& spec, std::int64_t now_s);

}  // namespace hlmm::strategies
