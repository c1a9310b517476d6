#include "hyperliquid/parse_json.hpp"

#include <cstring>

#include "hyperliquid/hex.hpp"

namespace hlmm::hl::json {

ParseErrc errc_of(simdjson::error_code e) {
  switch (e) {
    case simdjson::SUCCESS: return ParseErrc::kOk;
    case simdjson::INCORRECT_TYPE:
    case simdjson::SCALAR_DOCUMENT_AS_VALUE: return ParseErrc::kWrongType;
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return ParseErrc::kBadInteger;
    case simdjson::CAPACITY: return ParseErrc::kOversized;
    case simdjson::EMPTY: return ParseErrc::kEmpty;
    case simdjson::MEMALLOC: return ParseErrc::kInternal;
    default: return ParseErrc::kMalformedJson;
  }
}

bool all_whitespace(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

bool ends_inside_structure(std::string_view text) {
  // Counting both bracket kinds together is enough: the question is only whether the text ends
  // before everything it opened was closed, not whether it nests correctly.
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return in_string || depth > 0;
}

JsonInput::JsonInput(std::size_t capacity)
    : capacity_(capacity),
      buffer_(new char[capacity + simdjson::SIMDJSON_PADDING]),
      parser_(capacity) {
  // Size every internal buffer now, so that no later frame up to `capacity` allocates. A failure
  // here leaves the parser to allocate on first use (and report MEMALLOC then).
  const simdjson::error_code ignored = parser_.allocate(capacity);
  static_cast<void>(ignored);
}

ParseError JsonInput::start(std::string_view text, od::document& doc) {
  length_ = 0;
  if (text.size() > capacity_) return fail(ParseErrc::kOversized, "frame");
  if (all_whitespace(text)) return fail(ParseErrc::kEmpty, "frame");
  std::memcpy(buffer_.get(), text.data(), text.size());
  std::memset(buffer_.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  length_ = text.size();
  if (auto e = parser_.iterate(buffer_.get(), length_, capacity_ + simdjson::SIMDJSON_PADDING).get(doc)) {
    return fail(e, "frame");
  }
  return {};
}

ParseError JsonInput::restart(std::string_view slice, od::document& doc) {
  const char* begin = buffer_.get();
  if (slice.data() < begin || slice.data() + slice.size() > begin + length_) return fail(ParseErrc::kInternal, "frame");
  const std::size_t offset = static_cast<std::size_t>(slice.data() - begin);
  const std::size_t allocated = capacity_ + simdjson::SIMDJSON_PADDING - offset;
  if (auto e = parser_.iterate(slice.data(), slice.size(), allocated).get(doc)) return fail(e, "data");
  return {};
}

ParseError JsonInput::finish(ParseError result, od::document& doc) const {
  if (result.ok()) {
    // On-demand reads lazily: only an iterator that stands past the last token proves nothing follows.
    const char* rest = nullptr;
    if (doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS) return result;
    result = fail(ParseErrc::kMalformedJson, "trailing content");
  }
  if (result.code != ParseErrc::kOversized && result.code != ParseErrc::kEmpty &&
      result.code != ParseErrc::kInternal && ends_inside_structure(text())) {
    result.code = ParseErrc::kTruncated;
  }
  return result;
}

ParseError root_value(od::document& doc, od::value& out, std::string_view where) {
  od::json_type t;
  if (auto e = doc.type().get(t)) return fail(e, where);
  if (t != od::json_type::object && t != od::json_type::array) return fail(ParseErrc::kWrongType, where);
  if (auto e = doc.get_value().get(out)) return fail(e, where);
  return {};
}

bool is_null(od::value& v) {
  od::json_type t;
  return !v.type().get(t) && t == od::json_type::null;
}

ParseError read_u64(od::value& v, std::string_view field, std::uint64_t& out) {
  if (auto e = v.get_uint64().get(out)) {
    // simdjson reports -1, 1.5 and 2^64 as "incorrect type"; they are numbers, just not a u64.
    od::json_type t;
    if (e == simdjson::INCORRECT_TYPE && !v.type().get(t) && t == od::json_type::number) {
      return fail(ParseErrc::kBadInteger, field);
    }
    return fail(e, field);
  }
  return {};
}

ParseError read_u32(od::value& v, std::string_view field, std::uint32_t& out) {
  std::uint64_t wide = 0;
  if (ParseError e = read_u64(v, field, wide)) return e;
  if (wide > UINT32_MAX) return fail(ParseErrc::kBadInteger, field);
  out = static_cast<std::uint32_t>(wide);
  return {};
}

ParseError read_bool(od::value& v, std::string_view field, bool& out) {
  if (auto e = v.get_bool().get(out)) return fail(e, field);
  return {};
}

ParseError read_string(od::value& v, std::string_view field, std::string_view& out) {
  if (auto e = v.get_string().get(out)) return fail(e, field);
  return {};
}

ParseError read_string(od::value& v, std::string_view field, std::string& out) {
  std::string_view view;
  if (auto e = v.get_string().get(view)) return fail(e, field);
  out.assign(view);
  return {};
}

ParseError read_raw_text(od::value& v, std::string_view field, std::string_view& out) {
  od::raw_json_string raw;
  if (auto e = v.get_raw_json_string().get(raw)) return fail(e, field);
  // Stage 1 has proved that every string closes, so the scan stops inside the input; at an escaped
  // quote it stops early, leaving a backslash that the decimal parser refuses.
  const char* begin = raw.raw();
  const char* end = begin;
  while (*end != '"') ++end;
  out = std::string_view(begin, static_cast<std::size_t>(end - begin));
  return {};
}

ParseError read_fixed(od::value& v, std::string_view field, bool allow_negative, std::int64_t& out) {
  std::string_view text;
  if (auto e = v.get_string().get(text)) return fail(e, field);
  const DecimalResult r = parse_fixed(text, kPriceDecimals, allow_negative);
  if (!r) return bad_decimal(r.error, field);
  out = r.value;
  return {};
}

ParseError read_optional_fixed(od::value& v, std::string_view field, bool allow_negative,
                               std::optional<std::int64_t>& out) {
  if (is_null(v)) {
    out.reset();
    return {};
  }
  std::int64_t value = 0;
  if (ParseError e = read_fixed(v, field, allow_negative, value)) return e;
  out = value;
  return {};
}

ParseError read_price(od::value& v, std::string_view field, int sz_decimals, MarketType market, Price& out) {
  std::string_view text;
  if (auto e = v.get_string().get(text)) return fail(e, field);
  const DecimalResult r = parse_price(text, sz_decimals, market);
  if (!r) return bad_decimal(r.error, field);
  out = r.value;
  return {};
}

ParseError read_size(od::value& v, std::string_view field, int sz_decimals, Size& out) {
  std::string_view text;
  if (auto e = v.get_string().get(text)) return fail(e, field);
  const DecimalResult r = parse_size(text, sz_decimals);
  if (!r) return bad_decimal(r.error, field);
  out = r.value;
  return {};
}

ParseError read_side(od::value& v, std::string_view field, bool& is_buy) {
  std::string_view text;
  if (auto e = v.get_string().get(text)) return fail(e, field);
  if (text == "B") {
    is_buy = true;
  } else if (text == "A") {
    is_buy = false;
  } else {
    ParseError pe = fail(ParseErrc::kBadValue, field);
    pe.set_detail(text);
    return pe;
  }
  return {};
}

ParseError read_cloid(od::value& v, std::string_view field, std::optional<Cloid>& out) {
  if (is_null(v)) {
    out.reset();
    return {};
  }
  std::string_view text;
  if (auto e = v.get_string().get(text)) return fail(e, field);
  Cloid c;
  // decode_hex_exact takes an optional "0x"; the wire form always has it.
  if (text.size() != 34 || text[0] != '0' || text[1] != 'x' || !decode_hex_exact(text, c.bytes)) {
    ParseError pe = fail(ParseErrc::kBadValue, field);
    pe.set_detail(text);
    return pe;
  }
  out = c;
  return {};
}

}  // namespace hlmm::hl::json
