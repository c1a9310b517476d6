// Fixed-point scales of every price and size that crosses the host <-> pipeline boundary, and the
// exact conversions between them and Hyperliquid's decimal strings.
//
// Prices and sizes are signed 64-bit integers counting 1e-8 units (kPriceScale, kSizeScale).
// Eight decimals cover Hyperliquid's finest grid: spot prices may carry 8 - szDecimals decimals.
// The largest representable value is 92,233,720,368.54775807, far above any quoted price or size.
// A notional (price * size) is at scale 1e16 and can exceed 64 bits: widen to 128 bits first.
//
// The text conversions are exact: digits are accumulated as integers, never through a double, so
// "0.1" is exactly 10'000'000 units. They are host-side only (Vitis HLS never sees them) and
// allocate nothing, so the order path can format prices for signing without touching the heap.
#pragma once

#include <cstdint>

namespace hlmm {

using Price = std::int64_t;  // units of 1e-8 quote currency (USD for perps)
using Size = std::int64_t;   // units of 1e-8 coin

inline constexpr int kPriceDecimals = 8;
inline constexpr int kSizeDecimals = 8;
inline constexpr std::int64_t kPriceScale = 100'000'000;
inline constexpr std::int64_t kSizeScale = 100'000'000;

// Hyperliquid's price rule: at most 5 significant figures and at most MAX_DECIMALS - szDecimals
// decimals (MAX_DECIMALS = 6 for perps, 8 for spot); integer prices are always allowed.
inline constexpr int kMaxSignificantFigures = 5;
inline constexpr int kMaxDecimalsPerp = 6;
inline constexpr int kMaxDecimalsSpot = 8;

enum class MarketType : std::uint8_t { kPerp = 0, kSpot = 1 };

constexpr int max_price_decimals(MarketType market, int sz_decimals) {
  return (market == MarketType::kPerp ? kMaxDecimalsPerp : kMaxDecimalsSpot) - sz_decimals;
}

constexpr std::int64_t pow10_i64(int n) {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Digits of a positive value after dropping trailing zeros: its significant figures.
constexpr int significant_figures(std::int64_t units) {
  if (units < 0) units = -units;
  if (units == 0) return 0;
  while (units % 10 == 0) units /= 10;
  int digits = 0;
  for (; units != 0; units /= 10) ++digits;
  return digits;
}

// Number of decimals a value at `scale_decimals` really carries (trailing zeros excluded).
constexpr int fraction_digits(std::int64_t units, int scale_decimals) {
  if (units == 0) return 0;
  int digits = scale_decimals;
  while (digits > 0 && units % 10 == 0) {
    units /= 10;
    --digits;
  }
  return digits;
}

// True when `price` (at kPriceScale) is a price Hyperliquid accepts for an asset with `sz_decimals`.
constexpr bool is_valid_price(Price price, int sz_decimals, MarketType market = MarketType::kPerp) {
  if (price <= 0) return false;
  const int decimals = fraction_digits(price, kPriceDecimals);
  if (decimals == 0) return true;  // integer prices are always allowed
  return decimals <= max_price_decimals(market, sz_decimals) &&
         significant_figures(price) <= kMaxSignificantFigures;
}

constexpr bool is_valid_size(Size size, int sz_decimals) {
  return size >= 0 && fraction_digits(size, kSizeDecimals) <= sz_decimals;
}

}  // namespace hlmm

#ifndef __SYNTHESIS__
#include <array>
#include <string_view>

namespace hlmm {

// Every way a decimal string can be refused. Each class has its own code so that a caller (and a
// test) can tell them apart; decimal_error_name() gives the text for logs and error replies.
enum class DecimalError : std::uint8_t {
  kOk = 0,
  kEmpty,                     // ""
  kTooLong,                   // longer than kMaxDecimalTextLength: refused before scanning
  kMalformed,                 // "-", ".", "1.", ".5", "1.2.3", "--1", " 1"
  kBadCharacter,              // "12a", "+1", "1,5"
  kExponent,                  // "1e5", "1E-3": Hyperliquid never sends exponents
  kNotANumber,                // "NaN", "inf", "Infinity" in any case
  kNegative,                  // "-1" where the value must not be negative
  kNotPositive,               // "0" where the value must be positive (prices)
  kTooManyDecimals,           // more fractional digits than the scale or the asset allows
  kTooManySignificantFigures, // a non-integer price with more than 5 significant figures
  kOverflow,                  // does not fit in int64 at the scale
  kBadSzDecimals,             // szDecimals outside what the market type admits
};

constexpr std::string_view decimal_error_name(DecimalError e) {
  switch (e) {
    case DecimalError::kOk: return "ok";
    case DecimalError::kEmpty: return "empty string";
    case DecimalError::kTooLong: return "string too long";
    case DecimalError::kMalformed: return "malformed number";
    case DecimalError::kBadCharacter: return "invalid character";
    case DecimalError::kExponent: return "exponent notation is not accepted";
    case DecimalError::kNotANumber: return "not a finite number";
    case DecimalError::kNegative: return "negative value";
    case DecimalError::kNotPositive: return "value must be positive";
    case DecimalError::kTooManyDecimals: return "too many decimals";
    case DecimalError::kTooManySignificantFigures: return "too many significant figures";
    case DecimalError::kOverflow: return "value out of range";
    case DecimalError::kBadSzDecimals: return "szDecimals out of range";
  }
  return "unknown decimal error";
}

struct DecimalResult {
  std::int64_t value = 0;
  DecimalError error = DecimalError::kOk;
  constexpr bool ok() const { return error == DecimalError::kOk; }
  constexpr explicit operator bool() const { return ok(); }
};

// Longest accepted input. The longest meaningful text ("-92233720368.54775807") is 21 characters;
// the margin admits harmless leading zeros and trailing fractional zeros.
inline constexpr std::size_t kMaxDecimalTextLength = 40;

namespace detail {

constexpr bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

constexpr bool names_non_finite(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  return equals_ignore_case(s, "nan") || equals_ignore_case(s, "inf") ||
         equals_ignore_case(s, "infinity");
}

}  // namespace detail

// Parses a plain decimal ("123", "-0.0012", "3456.70") into integer units at 10^-scale_decimals.
// Trailing fractional zeros beyond the scale are harmless; any other digit beyond it is refused,
// never rounded.
constexpr DecimalResult parse_fixed(std::string_view s, int scale_decimals, bool allow_negative) {
  if (s.empty()) return {0, DecimalError::kEmpty};
  if (s.size() > kMaxDecimalTextLength) return {0, DecimalError::kTooLong};
  if (detail::names_non_finite(s)) return {0, DecimalError::kNotANumber};

  bool negative = false;
  std::size_t i = 0;
  if (s[0] == '-') {
    negative = true;
    i = 1;
  }
  // Scan once for characters before judging the shape, so "1e5" is an exponent, not "malformed".
  for (std::size_t j = i; j < s.size(); ++j) {
    const char c = s[j];
    if (c == 'e' || c == 'E') return {0, DecimalError::kExponent};
    if (!((c >= '0' && c <= '9') || c == '.')) {
      return {0, c == '-' ? DecimalError::kMalformed : DecimalError::kBadCharacter};
    }
  }

  constexpr std::uint64_t kLimit = static_cast<std::uint64_t>(INT64_MAX);
  std::uint64_t acc = 0;
  std::size_t int_digits = 0;
  std::size_t frac_digits_used = 0;  // fractional digits folded into acc
  bool seen_point = false;
  bool nonzero_beyond_scale = false;
  std::size_t frac_total = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (seen_point || int_digits == 0) return {0, DecimalError::kMalformed};
      seen_point = true;
      continue;
    }
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (!seen_point) {
      ++int_digits;
    } else {
      ++frac_total;
      if (frac_total > static_cast<std::size_t>(scale_decimals)) {
        if (d != 0) nonzero_beyond_scale = true;
        continue;
      }
      ++frac_digits_used;
    }
    if (acc > (kLimit - d) / 10) return {0, DecimalError::kOverflow};
    acc = acc * 10 + d;
  }
  if (int_digits == 0 || (seen_point && frac_total == 0)) return {0, DecimalError::kMalformed};
  if (nonzero_beyond_scale) return {0, DecimalError::kTooManyDecimals};
  for (std::size_t k = frac_digits_used; k < static_cast<std::size_t>(scale_decimals); ++k) {
    if (acc > kLimit / 10) return {0, DecimalError::kOverflow};
    acc *= 10;
  }
  if (negative && acc != 0 && !allow_negative) return {0, DecimalError::kNegative};
  const auto value = static_cast<std::int64_t>(acc);
  return {negative ? -value : value, DecimalError::kOk};
}

namespace detail {

// What one pass over a plain venue number learns: the value at the scale, the fractional digits it
// really carries and its significant figures (both without trailing zeros).
struct PlainDecimal {
  std::int64_t value = 0;
  int fraction_digits = 0;
  int significant_figures = 0;
};

// The fast path of the order and feed paths. It accepts only the shape every venue number has:
// digits, optionally one point followed by at least one digit, no sign, at most `scale_decimals`
// fractional digits and at most 18 digits once padded to the scale, so no overflow is possible and
// no refusal is missed. On that shape the result is exactly parse_fixed's; anything else returns
// false and takes the careful path, which names the error.
constexpr bool scan_plain_decimal(std::string_view s, int scale_decimals, PlainDecimal& out) {
  const std::size_t n = s.size();
  if (n == 0 || n > 19) return false;
  std::uint64_t acc = 0;
  int int_digits = 0;
  int frac_digits = 0;
  int last_nonzero_frac = 0;  // 1-based position of the last nonzero fractional digit
  int digit_index = 0;
  int first_nonzero = -1;
  int last_nonzero = -1;
  bool point = false;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (c == '.') {
      if (point || i == 0) return false;
      point = true;
      continue;
    }
    const auto d = static_cast<unsigned>(c) - static_cast<unsigned>('0');
    if (d > 9) return false;
    acc = acc * 10 + d;
    if (point) {
      ++frac_digits;
      if (d != 0) last_nonzero_frac = frac_digits;
    } else {
      ++int_digits;
    }
    if (d != 0) {
      if (first_nonzero < 0) first_nonzero = digit_index;
      last_nonzero = digit_index;
    }
    ++digit_index;
  }
  if (point && frac_digits == 0) return false;
  if (frac_digits > scale_decimals || int_digits + scale_decimals > 18) return false;
  out.value = static_cast<std::int64_t>(acc) * pow10_i64(scale_decimals - frac_digits);
  out.fraction_digits = last_nonzero_frac;
  out.significant_figures = first_nonzero < 0 ? 0 : last_nonzero - first_nonzero + 1;
  return true;
}

// The careful paths: every input, every refusal named.
constexpr DecimalResult parse_price_general(std::string_view s, int sz_decimals, MarketType market) {
  const int max_decimals = max_price_decimals(market, sz_decimals);
  if (sz_decimals < 0 || max_decimals < 0) return {0, DecimalError::kBadSzDecimals};
  const DecimalResult r = parse_fixed(s, kPriceDecimals, /*allow_negative=*/false);
  if (!r) return r;
  if (r.value <= 0) return {0, DecimalError::kNotPositive};
  const int decimals = fraction_digits(r.value, kPriceDecimals);
  if (decimals == 0) return r;  // integer prices are always allowed
  if (decimals > max_decimals) return {0, DecimalError::kTooManyDecimals};
  if (significant_figures(r.value) > kMaxSignificantFigures) {
    return {0, DecimalError::kTooManySignificantFigures};
  }
  return r;
}

constexpr DecimalResult parse_size_general(std::string_view s, int sz_decimals) {
  if (sz_decimals < 0 || sz_decimals > kSizeDecimals) return {0, DecimalError::kBadSzDecimals};
  const DecimalResult r = parse_fixed(s, kSizeDecimals, /*allow_negative=*/false);
  if (!r) return r;
  if (fraction_digits(r.value, kSizeDecimals) > sz_decimals) {
    return {0, DecimalError::kTooManyDecimals};
  }
  return r;
}

}  // namespace detail

// A price for an asset with `sz_decimals`, held to Hyperliquid's price rule.
constexpr DecimalResult parse_price(std::string_view s, int sz_decimals,
                                    MarketType market = MarketType::kPerp) {
  const int max_decimals = max_price_decimals(market, sz_decimals);
  detail::PlainDecimal p;
  if (sz_decimals >= 0 && max_decimals >= 0 && detail::scan_plain_decimal(s, kPriceDecimals, p)) {
    if (p.value <= 0) return {0, DecimalError::kNotPositive};
    if (p.fraction_digits == 0) return {p.value, DecimalError::kOk};
    if (p.fraction_digits > max_decimals) return {0, DecimalError::kTooManyDecimals};
    if (p.significant_figures > kMaxSignificantFigures) return {0, DecimalError::kTooManySignificantFigures};
    return {p.value, DecimalError::kOk};
  }
  return detail::parse_price_general(s, sz_decimals, market);
}

// An order or level size for an asset with `sz_decimals` (zero is allowed: a removed level).
constexpr DecimalResult parse_size(std::string_view s, int sz_decimals) {
  detail::PlainDecimal p;
  if (sz_decimals >= 0 && sz_decimals <= kSizeDecimals && detail::scan_plain_decimal(s, kSizeDecimals, p)) {
    if (p.fraction_digits > sz_decimals) return {0, DecimalError::kTooManyDecimals};
    return {p.value, DecimalError::kOk};
  }
  return detail::parse_size_general(s, sz_decimals);
}

// A fixed-capacity text buffer: formatting never allocates.
class DecimalText {
 public:
  static constexpr std::size_t kCapacity = 24;  // "-92233720368.54775807" is 21 characters
  constexpr std::string_view view() const { return {buf_.data(), len_}; }
  constexpr const char* data() const { return buf_.data(); }
  constexpr std::size_t size() const { return len_; }
  constexpr void push(char c) { buf_[len_++] = c; }
  constexpr char& operator[](std::size_t i) { return buf_[i]; }

 private:
  std::array<char, kCapacity> buf_{};
  std::size_t len_ = 0;
};

// Canonical wire form, as the official SDKs send it: no exponent, no trailing fractional zeros,
// no trailing point, "0" for zero ("3456.7", "0.0012", "100").
constexpr DecimalText format_fixed(std::int64_t units, int scale_decimals) {
  DecimalText out;
  // Work on the magnitude as unsigned so INT64_MIN has a magnitude too.
  std::uint64_t mag = units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  if (units < 0) out.push('-');
  std::uint64_t scale = 1;
  for (int i = 0; i < scale_decimals; ++i) scale *= 10;
  const std::uint64_t int_part = mag / scale;
  std::uint64_t frac = mag % scale;

  char digits[20] = {};
  int n = 0;
  std::uint64_t v = int_part;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out.push(digits[--n]);

  if (frac != 0) {
    int width = scale_decimals;
    while (frac % 10 == 0) {
      frac /= 10;
      --width;
    }
    out.push('.');
    const std::size_t start = out.size();
    for (int k = 0; k < width; ++k) out.push('0');
    for (int k = width - 1; k >= 0; --k) {
      out[start + static_cast<std::size_t>(k)] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
  }
  return out;
}

constexpr DecimalText format_price(Price p) { return format_fixed(p, kPriceDecimals); }
constexpr DecimalText format_size(Size s) { return format_fixed(s, kSizeDecimals); }

}  // namespace hlmm
#endif  // __SYNTHESIS__
