#include "orders/exchange_errors.hpp"

#include <charconv>

namespace hlmm::orders {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  std::uint64_t v = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || ptr == s.data()) return std::nullopt;
  return v;
}

// "Invalid nonce: nonce too low <n> < <least>": the number after " < ".
std::optional<std::uint64_t> nonce_floor(std::string_view rest) {
  const auto lt = rest.find(" < ");
  if (lt == std::string_view::npos) return std::nullopt;
  return parse_u64(rest.substr(lt + 3));
}

}  // namespace

std::string_view error_kind_name(ExchangeErrorKind kind) {
  switch (kind) {
    case ExchangeErrorKind::kNone: return "none";
    case ExchangeErrorKind::kBadAloPx: return "bad_alo_px";
    case ExchangeErrorKind::kInsufficientMargin: return "insufficient_margin";
    case ExchangeErrorKind::kTick: return "tick";
    case ExchangeErrorKind::kLot: return "lot";
    case ExchangeErrorKind::kMinNotional: return "min_notional";
    case ExchangeErrorKind::kRiskRefused: return "risk_refused";
    case ExchangeErrorKind::kRateLimited: return "rate_limited";
    case ExchangeErrorKind::kNonceDuplicate: return "nonce_duplicate";
    case ExchangeErrorKind::kNonceTooLow: return "nonce_too_low";
    case ExchangeErrorKind::kUnknownSigner: return "unknown_signer";
    case ExchangeErrorKind::kPostOnlyOnly: return "post_only_only";
    case ExchangeErrorKind::kMissingOrder: return "missing_order";
    case ExchangeErrorKind::kModifyTargetGone: return "modify_target_gone";
    case ExchangeErrorKind::kUnknown: return "unknown";
  }
  return "unknown";
}

ErrorReaction reaction_for(ExchangeErrorKind kind) {
  switch (kind) {
    case ExchangeErrorKind::kBadAloPx:
    case ExchangeErrorKind::kInsufficientMargin:
    case ExchangeErrorKind::kMinNotional:
    case ExchangeErrorKind::kRiskRefused:
    case ExchangeErrorKind::kPostOnlyOnly:
      return ErrorReaction::kDropQuote;
    case ExchangeErrorKind::kTick:
    case ExchangeErrorKind::kLot:
      return ErrorReaction::kDisableAsset;
    case ExchangeErrorKind::kRateLimited:
      return ErrorReaction::kBackOff;
    case ExchangeErrorKind::kNonceDuplicate:
    case ExchangeErrorKind::kNonceTooLow:
      return ErrorReaction::kResyncNonceRetry;
    case ExchangeErrorKind::kUnknownSigner:
      return ErrorReaction::kHalt;
    case ExchangeErrorKind::kMissingOrder:
    case ExchangeErrorKind::kModifyTargetGone:
      return ErrorReaction::kTreatAsDone;
    case ExchangeErrorKind::kNone:
    case ExchangeErrorKind::kUnknown:
      return ErrorReaction::kMarkFailed;
  }
  return ErrorReaction::kMarkFailed;
}

std::string_view strip_asset_suffix(std::string_view text) {
  constexpr std::string_view kTag = " asset=";
  const auto pos = text.rfind(kTag);
  if (pos == std::string_view::npos) return text;
  const std::string_view digits = text.substr(pos + kTag.size());
  if (digits.empty()) return text;
  for (const char c : digits) {
    if (c < '0' || c > '9') return text;
  }
  return text.substr(0, pos);
}

ClassifiedError classify_error(std::string_view text) {
  const std::string_view t = strip_asset_suffix(text);
  using K = ExchangeErrorKind;
  // Exact strings (protocol.md §4.2, DOCS error-responses.md).
  struct Exact {
    std::string_view text;
    K kind;
  };
  static constexpr Exact kExact[] = {
      {"Price must be divisible by tick size.", K::kTick},
      {"Order must have minimum value of $10.", K::kMinNotional},
      {"Insufficient margin to place order.", K::kInsufficientMargin},
      {"Reduce only order would increase position.", K::kRiskRefused},
      {"Order would increase open interest while open interest is capped", K::kRiskRefused},
      {"Order rejected due to price more aggressive than oracle while at open interest cap", K::kRiskRefused},
      {"Order would increase open interest too quickly", K::kRiskRefused},
      {"(Spot-only) Order has insufficient spot balance to trade", K::kInsufficientMargin},
      {"Order price too far from oracle", K::kRiskRefused},
      {"Order would cause position to exceed margin tier limit at current leverage", K::kRiskRefused},
      {"Order was never placed, already canceled, or filled.", K::kMissingOrder},
      {"Unable to recover signer.", K::kUnknownSigner},
      {"Only post-only orders allowed immediately after a network upgrade", K::kPostOnlyOnly},
      // Third-party observed, not in protocol.md: the lot rule and a modify of a dead order.
      {"Order has invalid size.", K::kLot},
      {"Order has invalid size", K::kLot},
      {"Cannot modify canceled or filled order", K::kModifyTargetGone},
      {"Cannot modify canceled or filled order.", K::kModifyTargetGone},
  };
  for (const auto& e : kExact) {
    if (t == e.text) return {e.kind, std::nullopt};
  }
  // Strings with a variable part: fixed prefix.
  if (starts_with(t, "Post only order would have immediately matched, bbo was ")) return {K::kBadAloPx, std::nullopt};
  if (starts_with(t, "Order must have minimum value of ")) return {K::kMinNotional, std::nullopt};  // spot form
  if (starts_with(t, "Too many cumulative requests sent (")) return {K::kRateLimited, std::nullopt};
  constexpr std::string_view kDup = "Invalid nonce: duplicate nonce ";
  if (starts_with(t, kDup)) return {K::kNonceDuplicate, parse_u64(t.substr(kDup.size()))};
  constexpr std::string_view kLow = "Invalid nonce: nonce too low ";
  if (starts_with(t, kLow)) return {K::kNonceTooLow, nonce_floor(t.substr(kLow.size()))};
  return {K::kUnknown, std::nullopt};
}

}  // namespace hlmm::orders
