// Every venue string of protocol.md §4.2 maps to its kind and reaction, with and without the
// ` asset=<id>` suffix; near misses stay unknown.
#include <gtest/gtest.h>

#include "orders/exchange_errors.hpp"

namespace hlmm::orders {
namespace {

using K = ExchangeErrorKind;
using R = ErrorReaction;

struct Case {
  const char* text;
  K kind;
  R reaction;
};

class ErrorStrings : public ::testing::TestWithParam<Case> {};

TEST_P(ErrorStrings, ClassifiesWithAndWithoutAssetSuffix) {
  const Case c = GetParam();
  EXPECT_EQ(classify_error(c.text).kind, c.kind) << c.text;
  EXPECT_EQ(classify_error(std::string(c.text) + " asset=159").kind, c.kind) << c.text;
  EXPECT_EQ(reaction_for(c.kind), c.reaction) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Protocol, ErrorStrings,
    ::testing::Values(
        Case{"Price must be divisible by tick size.", K::kTick, R::kDisableAsset},
        Case{"Order has invalid size.", K::kLot, R::kDisableAsset},
        Case{"Order must have minimum value of $10.", K::kMinNotional, R::kDropQuote},
        Case{"Order must have minimum value of 10 USDC.", K::kMinNotional, R::kDropQuote},
        Case{"Insufficient margin to place order.", K::kInsufficientMargin, R::kDropQuote},
        Case{"Reduce only order would increase position.", K::kRiskRefused, R::kDropQuote},
        Case{"Post only order would have immediately matched, bbo was 99.99@100.0.", K::kBadAloPx, R::kDropQuote},
        Case{"Post only order would have immediately matched, bbo was 90901@90902.", K::kBadAloPx, R::kDropQuote},
        Case{"Order would increase open interest while open interest is capped", K::kRiskRefused, R::kDropQuote},
        Case{"Order price too far from oracle", K::kRiskRefused, R::kDropQuote},
        Case{"Order would cause position to exceed margin tier limit at current leverage", K::kRiskRefused,
             R::kDropQuote},
        Case{"Order was never placed, already canceled, or filled.", K::kMissingOrder, R::kTreatAsDone},
        Case{"Cannot modify canceled or filled order", K::kModifyTargetGone, R::kTreatAsDone},
        Case{"Too many cumulative requests sent (97460 > 97456) for cumulative volume traded $87457.46. Place taker "
             "orders to free up 1 request per USDC traded.",
             K::kRateLimited, R::kBackOff},
        Case{"Invalid nonce: duplicate nonce 1713825891591", K::kNonceDuplicate, R::kResyncNonceRetry},
        Case{"Invalid nonce: nonce too low 1713825891591 < 1713825899999", K::kNonceTooLow, R::kResyncNonceRetry},
        Case{"Unable to recover signer.", K::kUnknownSigner, R::kHalt},
        Case{"Only post-only orders allowed immediately after a network upgrade", K::kPostOnlyOnly, R::kDropQuote},
        Case{"Something the venue says tomorrow", K::kUnknown, R::kMarkFailed}));

TEST(ErrorStrings, NoncesAreParsed) {
  EXPECT_EQ(classify_error("Invalid nonce: duplicate nonce 1713825891591").nonce, 1713825891591ULL);
  EXPECT_EQ(classify_error("Invalid nonce: nonce too low 17 < 1713825899999").nonce, 1713825899999ULL);
  EXPECT_FALSE(classify_error("Invalid nonce: nonce too low garbage").nonce.has_value());
  EXPECT_EQ(classify_error("Invalid nonce: nonce too low garbage").kind, K::kNonceTooLow);
}

TEST(ErrorStrings, NearMissesAreUnknown) {
  EXPECT_EQ(classify_error("price must be divisible by tick size.").kind, K::kUnknown);  // case differs
  EXPECT_EQ(classify_error("Price must be divisible by tick size").kind, K::kUnknown);    // no period
  EXPECT_EQ(classify_error("Price must be divisible by tick size. asset=").kind, K::kUnknown);
  EXPECT_EQ(classify_error("Price must be divisible by tick size. asset=1x").kind, K::kUnknown);
  EXPECT_EQ(classify_error("").kind, K::kUnknown);
}

TEST(ErrorStrings, SuffixStripOnlyTakesDigits) {
  EXPECT_EQ(strip_asset_suffix("abc asset=12"), "abc");
  EXPECT_EQ(strip_asset_suffix("abc asset=12 "), "abc asset=12 ");
  EXPECT_EQ(strip_asset_suffix("abc"), "abc");
}

}  // namespace
}  // namespace hlmm::orders
