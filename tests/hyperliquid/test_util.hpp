// Helpers shared by the Hyperliquid tests: hex, the vectors file, and a generic JSON -> msgpack
// encoder used as an independent second path (it keeps the document's key order, as Python's
// msgpack.packb keeps dict insertion order).
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hyperliquid/hex.hpp"
#include "hyperliquid/keccak.hpp"
#include "hyperliquid/wire_writers.hpp"

namespace hlmm::hl::test {

inline std::vector<std::uint8_t> unhex(std::string_view h) {
  if (h.size() >= 2 && h[0] == '0' && h[1] == 'x') h.remove_prefix(2);
  std::vector<std::uint8_t> out(h.size() / 2);
  if (h.size() % 2 != 0 || !decode_hex_exact(h, out)) ADD_FAILURE() << "bad hex in test data: " << h;
  return out;
}

inline std::string hex(std::span<const std::uint8_t> b) { return to_hex(b); }

// The three vector arrays of the vectors file, parsed once per process. The file also holds
// integers beyond 64 bits (Python's float_to_wire cases, e.g. 1e20 written as an integer), which
// simdjson's DOM parser refuses; the on-demand parser skips what is not read, so it cuts out the
// arrays the tests use and the DOM parser reads only those.
inline simdjson::dom::element vectors() {
  static simdjson::padded_string file = [] {
    simdjson::padded_string s;
    const auto err = simdjson::padded_string::load(HLMM_HL_VECTORS).get(s);
    if (err) ADD_FAILURE() << "cannot read " << HLMM_HL_VECTORS << ": " << simdjson::error_message(err);
    return s;
  }();
  static simdjson::padded_string subset = [] {
    simdjson::ondemand::parser od;
    simdjson::ondemand::document doc;
    std::string text = "{";
    if (auto err = od.iterate(file).get(doc)) {
      ADD_FAILURE() << "vectors.json: " << simdjson::error_message(err);
      return simdjson::padded_string(std::string("{}"));
    }
    for (const char* key : {"l1_vectors", "user_signed_vectors", "hash_only_vectors"}) {
      std::string_view raw;
      simdjson::ondemand::array arr;
      auto err = doc[key].get_array().get(arr);
      if (!err) err = arr.raw_json().get(raw);
      if (err) {
        ADD_FAILURE() << "vectors.json: no array " << key << ": " << simdjson::error_message(err);
        continue;
      }
      if (text.size() > 1) text += ",";
      text += '"';
      text += key;
      text += "\":";
      text += raw;
    }
    text += "}";
    return simdjson::padded_string(text);
  }();
  static simdjson::dom::parser parser;
  static simdjson::dom::element root = [] {
    simdjson::dom::element e;
    if (auto err = parser.parse(subset).get(e)) ADD_FAILURE() << "vectors subset: " << simdjson::error_message(err);
    return e;
  }();
  return root;
}

inline void generic_msgpack(simdjson::dom::element e, MsgpackWriter& w) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object o = e.get_object();
      w.begin_map(static_cast<std::uint32_t>(o.size()));
      for (auto field : o) {
        w.key(field.key);
        generic_msgpack(field.value, w);
      }
      break;
    }
    case element_type::ARRAY: {
      simdjson::dom::array a = e.get_array();
      w.begin_array(static_cast<std::uint32_t>(a.size()));
      for (auto v : a) generic_msgpack(v, w);
      break;
    }
    case element_type::STRING: w.str(std::string_view(e.get_string())); break;
    case element_type::INT64: w.sint(int64_t(e.get_int64())); break;
    case element_type::UINT64: w.uint(uint64_t(e.get_uint64())); break;
    case element_type::BOOL: w.boolean(bool(e.get_bool())); break;
    case element_type::NULL_VALUE: w.nil(); break;
    case element_type::DOUBLE: ADD_FAILURE() << "float in an action"; break;
  }
}

inline std::vector<std::uint8_t> generic_msgpack(simdjson::dom::element e) {
  std::vector<std::uint8_t> out;
  MsgpackWriter w(out);
  generic_msgpack(e, w);
  return out;
}

}  // namespace hlmm::hl::test
