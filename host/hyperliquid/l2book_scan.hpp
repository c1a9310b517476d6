// Internal to the feed decoder: the l2Book frame in the one shape the venue writes, read without
// the JSON parser.
//
//   {"channel":"l2Book","data":{"coin":"ETH","time":1754450974231,
//    "levels":[[{"px":"3000.1","sz":"1.5","n":3},…],[…]]}}
// without the line break: no whitespace before the end, keys in this order, px/sz strings, n and
// time plain integers. This is every book push of a live session, and the generic path spends
// most of a book frame's ~3 µs walking 40 small objects field by field, the largest piece of the
// tick-to-signed-order time after the signature itself.
//
// The grammar accepted is a strict subset of JSON with one reading, so any frame it accepts
// means to the generic (simdjson) path exactly what it means here. Anything else (whitespace
// inside, another key order, an escape, a byte outside printable ASCII, a number with a sign,
// fraction or leading zero, more than kMaxWireLevels levels, trailing text other than
// whitespace) is declined and the caller runs the generic path, which gives every error its
// name. Declining is never an error. The texts are not checked as decimals here: the caller
// converts them with the same code for both paths.
// tests/hyperliquid/l2book_scan_test.cpp decodes frames and their mutations both ways and
// compares.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "hyperliquid/parse_market.hpp"

namespace hlmm::hl::detail {

struct WireLevel {
  std::string_view px;
  std::string_view sz;
};

struct WireSide {
  std::array<WireLevel, kMaxWireLevels> level;
  int count = 0;
};

// True when `frame` has the shape above; `coin`, `time_ms` and `sides` (bids, asks) then hold its
// content (views into `frame`). False otherwise, with the outputs in an unspecified state.
bool scan_l2book_frame(std::string_view frame, std::string_view& coin, std::uint64_t& time_ms,
                       std::array<WireSide, 2>& sides);

}  // namespace hlmm::hl::detail
