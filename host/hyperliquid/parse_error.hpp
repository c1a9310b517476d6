// The one error type of every message parser (parse_market.hpp, parse_messages.hpp): a code per
// failure class, the fixed-point DecimalError when a decimal string was refused, the JSON field
// that failed, and the offending name (coin, channel) when there is one.
//
// Unlike hl::Error it is a value, never thrown: the feed path reports a bad frame and carries on
// with the next one. It owns no heap memory, so reporting an error on the l2Book path does not
// allocate either; message() builds the text for logs.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hlmm/fixed_point.hpp"

namespace hlmm::hl {

enum class ParseErrc : std::uint8_t {
  kOk = 0,
  kEmpty,           // nothing but whitespace
  kOversized,       // longer than the parser's cap (kMaxFrameBytes / kMaxInfoBytes): not scanned
  kMalformedJson,   // not JSON, or trailing content after the document
  kTruncated,       // the text ends inside a string, object or array: a cut-off frame
  kMissingField,    // a required key is absent
  kWrongType,       // a key holds the wrong JSON type (e.g. a number where an object belongs)
  kBadInteger,      // an integer field that is negative, fractional or beyond 64 bits
  kBadDecimal,      // a decimal string fixed_point refused; ParseError::decimal says why
  kBadValue,        // a well-typed value outside its domain: side "X", bad cloid, unsorted levels
  kUnknownCoin,     // a coin the AssetDirectory does not know
  kNoSlot,          // a known coin that has no pipeline slot (not traded)
  kUnknownChannel,  // a WS channel this build does not decode (the frame is skipped)
  kTooManyItems,    // more book levels per side than a snapshot may hold (kMaxWireLevels)
  kOutputFull,      // the caller's record buffer cannot hold the message's records
  kInternal,        // an exception from below (allocation failure); the message is dropped
};

constexpr std::string_view parse_errc_name(ParseErrc c) {
  switch (c) {
    case ParseErrc::kOk: return "ok";
    case ParseErrc::kEmpty: return "empty";
    case ParseErrc::kOversized: return "oversized";
    case ParseErrc::kMalformedJson: return "malformed_json";
    case ParseErrc::kTruncated: return "truncated";
    case ParseErrc::kMissingField: return "missing_field";
    case ParseErrc::kWrongType: return "wrong_type";
    case ParseErrc::kBadInteger: return "bad_integer";
    case ParseErrc::kBadDecimal: return "bad_decimal";
    case ParseErrc::kBadValue: return "bad_value";
    case ParseErrc::kUnknownCoin: return "unknown_coin";
    case ParseErrc::kNoSlot: return "no_slot";
    case ParseErrc::kUnknownChannel: return "unknown_channel";
    case ParseErrc::kTooManyItems: return "too_many_items";
    case ParseErrc::kOutputFull: return "output_full";
    case ParseErrc::kInternal: return "internal";
  }
  return "unknown";
}

struct ParseError {
  ParseErrc code = ParseErrc::kOk;
  DecimalError decimal = DecimalError::kOk;  // set with kBadDecimal
  std::string_view field{};                  // static text naming the JSON field ("levels[].px")

  constexpr bool ok() const { return code == ParseErrc::kOk; }
  constexpr explicit operator bool() const { return !ok(); }  // true when there is an error

  std::string_view detail() const { return {detail_.data(), detail_len_}; }
  // The offending name, cut to kDetailCapacity characters (a hostile frame cannot make it large).
  void set_detail(std::string_view text) {
    detail_len_ = static_cast<std::uint8_t>(std::min(text.size(), kDetailCapacity));
    std::copy_n(text.data(), detail_len_, detail_.data());
  }

  std::string message() const {
    std::string m(parse_errc_name(code));
    if (!field.empty()) m.append(" at ").append(field);
    if (code == ParseErrc::kBadDecimal) m.append(": ").append(decimal_error_name(decimal));
    if (detail_len_ != 0) m.append(" \"").append(detail()).append("\"");
    return m;
  }

  static constexpr std::size_t kDetailCapacity = 40;

 private:
  std::array<char, kDetailCapacity> detail_{};
  std::uint8_t detail_len_ = 0;
};

inline ParseError make_parse_error(ParseErrc code, std::string_view field = {}) {
  ParseError e;
  e.code = code;
  e.field = field;
  return e;
}

// A parsed value or the reason there is none. `value` is meaningful only when ok().
template <class T>
struct Parsed {
  T value{};
  ParseError error{};
  bool ok() const { return error.ok(); }
};

}  // namespace hlmm::hl
