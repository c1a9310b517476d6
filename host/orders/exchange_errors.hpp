// Venue error text → a typed error with one defined reaction each (protocol.md §4.2).
//
// Strings are matched exactly as protocol.md §4.2 lists them, after dropping the ` asset=<id>`
// suffix the venue appends to per-order errors. Strings with a variable part (the bbo of a BadAloPx,
// the numbers of a nonce or rate-limit error, the quote token of a spot minimum) are matched on
// their fixed prefix. Two strings are not in protocol.md but recorded in third-party client code:
// "Order has invalid size." (lot violation) and "Cannot modify canceled or filled order" (a modify
// whose target is gone); both are marked below.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hlmm::orders {

enum class ExchangeErrorKind : std::uint8_t {
  kNone,                // not an error
  kBadAloPx,            // post-only would have crossed
  kInsufficientMargin,  // PerpMargin
  kTick,                // price not on the tick grid: a bug in hlmm's rounding
  kLot,                 // size not on the lot grid (szDecimals): a bug in hlmm's rounding
  kMinNotional,         // below $10 (perp) / 10 quote units (spot)
  kRiskRefused,         // reduce-only, open-interest caps, oracle band, margin tier: venue risk rules
  kRateLimited,         // whole request: address budget exhausted
  kNonceDuplicate,      // whole request: nonce already used
  kNonceTooLow,         // whole request: nonce below the signer's 100-highest window
  kUnknownSigner,       // whole request: signature does not recover to a known signer/agent
  kPostOnlyOnly,        // whole request: only ALO accepted right after a network upgrade
  kMissingOrder,        // cancel of an order that is not open (never placed, canceled or filled)
  kModifyTargetGone,    // modify of an order that is canceled or filled (third-party observed)
  kUnknown,             // anything else: logged verbatim, the order marked failed
};

std::string_view error_kind_name(ExchangeErrorKind kind);

// What the order manager does about it (the reaction table in README.md).
enum class ErrorReaction : std::uint8_t {
  kDropQuote,        // forget the desired quote for the side; wait for the next intent
  kDisableAsset,     // log loudly, cancel and stop quoting the asset (operator re-enables)
  kBackOff,          // rate budget exhausted: pause new orders and modifies, keep cancels
  kResyncNonceRetry, // fast-forward the nonce counter past the venue's number, re-send once
  kHalt,             // nothing signed by this key will be accepted: stop sending, operator fix
  kTreatAsDone,      // the order is gone: mark it done
  kMarkFailed,       // unknown: log, mark the order failed
};

ErrorReaction reaction_for(ExchangeErrorKind kind);

struct ClassifiedError {
  ExchangeErrorKind kind = ExchangeErrorKind::kNone;
  // The number the venue names: the duplicate nonce, or the least acceptable nonce for
  // "nonce too low n < least". Absent for other kinds or when the text has no parsable number.
  std::optional<std::uint64_t> nonce;
};

// Drops a trailing " asset=<digits>" (the venue's per-order suffix); other text is returned as is.
std::string_view strip_asset_suffix(std::string_view text);

// Classifies an error string (per-order {"error": …} or a whole-request "err" response).
ClassifiedError classify_error(std::string_view text);

}  // namespace hlmm::orders
