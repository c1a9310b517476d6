// Internal to the message parsers: simdjson on-demand helpers that turn every failure into a
// ParseError instead of an exception, and the padded input buffer the parsers own.
//
// Not part of the public interface (parse_market.hpp / parse_messages.hpp are); it exists so the
// WS feed decoder and the /info parsers read a fill, an order update or an asset context with the
// same code.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hyperliquid/actions.hpp"
#include "hyperliquid/messages.hpp"
#include "hyperliquid/parse_error.hpp"

namespace hlmm::hl::json {

namespace od = simdjson::ondemand;

ParseErrc errc_of(simdjson::error_code e);

inline ParseError fail(ParseErrc code, std::string_view field) { return make_parse_error(code, field); }
inline ParseError fail(simdjson::error_code e, std::string_view field) { return make_parse_error(errc_of(e), field); }
inline ParseError bad_decimal(DecimalError d, std::string_view field) {
  ParseError e = make_parse_error(ParseErrc::kBadDecimal, field);
  e.decimal = d;
  return e;
}

// True when `text` stops inside a string or with an object/array still open: the signature of a
// frame cut short, as opposed to one that is wrong where it stands.
bool ends_inside_structure(std::string_view text);
bool all_whitespace(std::string_view text);

// A copy of the input with simdjson's padding after it, and an on-demand parser whose buffers
// are sized once for `capacity` bytes: parsing any frame up to that size allocates nothing.
class JsonInput {
 public:
  explicit JsonInput(std::size_t capacity);
  JsonInput(const JsonInput&) = delete;
  JsonInput& operator=(const JsonInput&) = delete;

  std::size_t capacity() const { return capacity_; }
  // Copies `text` in and starts the document. Errors: kEmpty, kOversized, or what stage 1 finds.
  ParseError start(std::string_view text, od::document& doc);
  // Re-parses a slice of the current text (which must lie inside it) as its own document.
  ParseError restart(std::string_view slice, od::document& doc);
  // The verdict on a parse of the current text: trailing content after a good document is
  // malformed, and any failure on a text that ends inside a structure is reported as truncated.
  ParseError finish(ParseError result, od::document& doc) const;
  std::string_view text() const { return {buffer_.get(), length_}; }

 private:
  std::size_t capacity_;
  std::unique_ptr<char[]> buffer_;
  std::size_t length_ = 0;
  od::parser parser_;
};

// The root of a document that must be an object or an array: a scalar root is kWrongType, text
// that is no JSON value at all is kMalformedJson.
ParseError root_value(od::document& doc, od::value& out, std::string_view where);

// ---- field iteration --------------------------------------------------------------------------

inline bool key_is(od::raw_json_string key, std::string_view name) { return key.unsafe_is_equal(name); }

// Calls on_field(raw key, value&) for every field in document order; unread values are skipped.
template <class F>
ParseError for_each_field(od::value& v, std::string_view where, F&& on_field) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return fail(e, where);
  for (auto result : obj) {
    od::field f;
    if (auto e = std::move(result).get(f)) return fail(e, where);
    ParseError pe = on_field(f.key(), f.value());
    if (!pe.ok()) return pe;
  }
  return {};
}

template <class F>
ParseError for_each_element(od::value& v, std::string_view where, F&& on_element) {
  od::array arr;
  if (auto e = v.get_array().get(arr)) return fail(e, where);
  for (auto result : arr) {
    od::value element;
    if (auto e = std::move(result).get(element)) return fail(e, where);
    ParseError pe = on_element(element);
    if (!pe.ok()) return pe;
  }
  return {};
}

// Required keys: one bit each, checked after the object has been read.
class Required {
 public:
  void see(unsigned bit) { seen_ |= 1u << bit; }
  // The first missing key of `names` (bit i = names[i]), or ok.
  template <std::size_t N>
  ParseError check(const std::string_view (&names)[N]) const {
    for (std::size_t i = 0; i < N; ++i) {
      if ((seen_ & (1u << i)) == 0) return fail(ParseErrc::kMissingField, names[i]);
    }
    return {};
  }

 private:
  unsigned seen_ = 0;
};

// ---- scalars ----------------------------------------------------------------------------------

bool is_null(od::value& v);
ParseError read_u64(od::value& v, std::string_view field, std::uint64_t& out);
ParseError read_u32(od::value& v, std::string_view field, std::uint32_t& out);
ParseError read_bool(od::value& v, std::string_view field, bool& out);
ParseError read_string(od::value& v, std::string_view field, std::string_view& out);
ParseError read_string(od::value& v, std::string_view field, std::string& out);
// A string's text as it stands in the input, without unescaping (the hot path's decimals: an
// escape can only make them invalid, and parse_fixed refuses the backslash as kBadCharacter).
ParseError read_raw_text(od::value& v, std::string_view field, std::string_view& out);
// Decimal strings (never JSON numbers: the venue sends strings and a number would go through a
// double somewhere upstream), converted exactly at 1e-8.
ParseError read_fixed(od::value& v, std::string_view field, bool allow_negative, std::int64_t& out);
ParseError read_optional_fixed(od::value& v, std::string_view field, bool allow_negative,
                               std::optional<std::int64_t>& out);
ParseError read_price(od::value& v, std::string_view field, int sz_decimals, MarketType market, Price& out);
ParseError read_size(od::value& v, std::string_view field, int sz_decimals, Size& out);
ParseError read_side(od::value& v, std::string_view field, bool& is_buy);  // "B" bid, "A" ask
ParseError read_cloid(od::value& v, std::string_view field, std::optional<Cloid>& out);  // null: none

// ---- shared payload readers (parse_messages.cpp) ------------------------------------------------

ParseError read_user_fill(od::value& v, UserFill& out);
ParseError read_user_fills(od::value& v, std::vector<UserFill>& out);
ParseError read_order_updates(od::value& v, std::vector<OrderUpdate>& out);
ParseError read_order_status_answer(od::value& v, OrderStatusAnswer& out);  // /info orderStatus
ParseError read_user_fills_message(od::value& v, UserFillsMessage& out);
ParseError read_user_event(od::value& v, UserEvent& out);
ParseError read_asset_context(od::value& v, AssetContext& out);
ParseError read_exchange_response(od::value& v, ExchangeResponse& out);
ParseError read_post_response(od::value& v, WsPostResponse& out);  // data.response of a WS post

}  // namespace hlmm::hl::json
