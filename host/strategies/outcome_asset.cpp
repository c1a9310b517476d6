#include "strategies/outcome_asset.hpp"

#include <charconv>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace hlmm::strategies {
namespace {

[[noreturn]] void refuse(const std::string& what) { throw std::invalid_argument("outcome: " + what); }

// Canonical unsigned decimal: digits only, no sign, no leading zero (except "0" itself).
std::optional<std::uint64_t> parse_canonical_u64(std::string_view s) {
  if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<OutcomeAsset> decode_asset_id(std::uint64_t id) {
  if (id < kOutcomeAssetBase || id > UINT32_MAX) return std::nullopt;
  const std::uint64_t encoding = id - kOutcomeAssetBase;
  const std::uint64_t side = encoding % 10;
  if (side > 1) return std::nullopt;
  return OutcomeAsset{static_cast<std::uint32_t>(encoding / 10), static_cast<OutcomeSide>(side)};
}

OutcomeAsset from_encoding_text(std::string_view name, char prefix, const char* what) {
  if (name.empty() || name[0] != prefix) refuse(fmt::format("{} '{}' does not start with '{}'", what, name, prefix));
  const auto encoding = parse_canonical_u64(name.substr(1));
  if (!encoding) refuse(fmt::format("{} '{}': '{}' is not a canonical decimal encoding", what, name, name.substr(1)));
  const auto asset = decode_asset_id(*encoding + kOutcomeAssetBase);
  if (!asset) refuse(fmt::format("{} '{}': encoding {} is not 10 * outcome + side with side 0 or 1 and outcome <= {}",
                                 what, name, *encoding, kMaxOutcome));
  return *asset;
}

void check_order(const OutcomeOrder& o) {
  if (o.price < 0 || o.price > kPriceScale) {
    refuse(fmt::format("order price {} is outside [0, 1] USD per contract", format_price(o.price).view()));
  }
  if (o.size < 0) refuse(fmt::format("order size {} is negative", o.size));
}

// "YYYYMMDD-HHMM" (UTC) -> epoch seconds.
std::int64_t parse_expiry(std::string_view text) {
  const auto digits = [&](std::size_t at, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') refuse(fmt::format("expiry '{}' is not YYYYMMDD-HHMM", text));
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text.size() != 13 || text[8] != '-') refuse(fmt::format("expiry '{}' is not YYYYMMDD-HHMM", text));
  const int y = digits(0, 4), mo = digits(4, 2), d = digits(6, 2), h = digits(9, 2), mi = digits(11, 2);
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                         std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) refuse(fmt::format("expiry '{}' is not a calendar date", text));
  if (h > 23 || mi > 59) refuse(fmt::format("expiry '{}' has no such time of day", text));
  const auto days = std::chrono::sys_days{date}.time_since_epoch().count();
  return static_cast<std::int64_t>(days) * 86'400 + h * 3'600 + mi * 60;
}

// The venue's decimal rules (no exponent, no NaN, at most 8 decimals), then a positive value.
double parse_strike(std::string_view text) {
  const DecimalResult r = parse_fixed(text, kPriceDecimals, false);
  if (!r) refuse(fmt::format("targetPrice '{}' is not a decimal price ({})", text, decimal_error_name(r.error)));
  if (r.value <= 0) refuse(fmt::format("targetPrice '{}' is not positive", text));
  return static_cast<double>(r.value) / static_cast<double>(kPriceScale);
}

}  // namespace

std::string OutcomeAsset::coin() const { return fmt::format("#{}", encoding()); }
std::string OutcomeAsset::token() const { return fmt::format("+{}", encoding()); }

OutcomeAsset make_outcome_asset(std::uint32_t outcome, OutcomeSide side) {
  if (outcome > kMaxOutcome) refuse(fmt::format("outcome {} is above {} (its asset id would not fit a u32)", outcome, kMaxOutcome));
  if (side != OutcomeSide::kYes && side != OutcomeSide::kNo) refuse("side must be Yes (0) or No (1)");
  return {outcome, side};
}

OutcomeAsset outcome_from_asset_id(std::uint64_t asset_id) {
  const auto asset = decode_asset_id(asset_id);
  if (!asset) {
    refuse(fmt::format("asset id {} is not 100000000 + 10 * outcome + side (side 0 or 1, at most {})", asset_id,
                       std::uint64_t{UINT32_MAX}));
  }
  return *asset;
}

OutcomeAsset outcome_from_coin(std::string_view coin) { return from_encoding_text(coin, '#', "coin"); }
OutcomeAsset outcome_from_token(std::string_view token) { return from_encoding_text(token, '+', "token"); }
bool is_outcome_asset_id(std::uint64_t asset_id) { return decode_asset_id(asset_id).has_value(); }

OutcomeOrder to_yes_book(const OutcomeOrder& order) { return expressed_on(order, OutcomeSide::kYes); }

OutcomeOrder expressed_on(const OutcomeOrder& order, OutcomeSide side) {
  check_order(order);
  if (order.side == side) return order;
  // Yes and No together always pay one USD: a buy of one at p is a sell of the other at 1 - p.
  return OutcomeOrder{side, !order.is_buy, kPriceScale - order.price, order.size};
}

PriceBinarySpec parse_price_binary(std::string_view description) {
  struct Field {
    std::string_view key;
    std::optional<std::string_view> value;
  };
  Field fields[] = {{"class", {}}, {"underlying", {}}, {"expiry", {}}, {"targetPrice", {}}, {"period", {}}};
  std::size_t start = 0;
  while (start <= description.size()) {
    const std::size_t bar = std::min(description.find('|', start), description.size());
    const std::string_view item = description.substr(start, bar - start);
    start = bar + 1;
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) refuse(fmt::format("description field '{}' has no ':' ('{}')", item, description));
    const std::string_view key = item.substr(0, colon), value = item.substr(colon + 1);
    for (Field& f : fields) {
      if (f.key != key) continue;
      if (f.value) refuse(fmt::format("description repeats '{}' ('{}')", key, description));
      if (value.empty()) refuse(fmt::format("description has an empty '{}' ('{}')", key, description));
      f.value = value;
    }
  }
  for (const Field& f : fields) {
    if (!f.value && f.key != "period") refuse(fmt::format("description has no '{}' ('{}')", f.key, description));
  }
  if (*fields[0].value != "priceBinary") {
    refuse(fmt::format("description class '{}' is not priceBinary ('{}')", *fields[0].value, description));
  }
  PriceBinarySpec spec;
  spec.underlying = std::string(*fields[1].value);
  spec.expiry_s = parse_expiry(*fields[2].value);
  spec.strike = parse_strike(*fields[3].value);
  spec.period = std::string(fields[4].value.value_or(""));
  return spec;
}

double years_to_expiry(const PriceBinarySpec& spec, std::int64_t now_s) {
  return now_s >= spec.expiry_s ? 0.0 : static_cast<double>(spec.expiry_s - now_s) / kSecondsPerYear;
}

}  // namespace hlmm::strategies
