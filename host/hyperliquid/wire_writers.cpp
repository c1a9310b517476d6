#include "hyperliquid/wire_writers.hpp"

#include <cassert>
#include <charconv>
#include <stdexcept>

#include "hyperliquid/plain_text.hpp"

namespace hlmm::hl {

void MsgpackWriter::be(std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void MsgpackWriter::begin_map(std::uint32_t n) {
  if (n < 16) {
    out_.push_back(static_cast<std::uint8_t>(0x80 | n));
  } else if (n <= 0xffff) {
    out_.push_back(0xde);
    be(n, 2);
  } else {
    out_.push_back(0xdf);
    be(n, 4);
  }
}

void MsgpackWriter::begin_array(std::uint32_t n) {
  if (n < 16) {
    out_.push_back(static_cast<std::uint8_t>(0x90 | n));
  } else if (n <= 0xffff) {
    out_.push_back(0xdc);
    be(n, 2);
  } else {
    out_.push_back(0xdd);
    be(n, 4);
  }
}

void MsgpackWriter::str(std::string_view s) {
  const std::size_t n = s.size();
  if (n < 32) {
    out_.push_back(static_cast<std::uint8_t>(0xa0 | n));
  } else if (n <= 0xff) {
    out_.push_back(0xd9);
    be(n, 1);
  } else if (n <= 0xffff) {
    out_.push_back(0xda);
    be(n, 2);
  } else {
    out_.push_back(0xdb);
    be(n, 4);
  }
  // Byte pointers, not char iterators: the same element type lets the insert copy in one go.
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  out_.insert(out_.end(), bytes, bytes + n);
}

void MsgpackWriter::uint(std::uint64_t v) {
  if (v < 128) {
    out_.push_back(static_cast<std::uint8_t>(v));
  } else if (v <= 0xff) {
    out_.push_back(0xcc);
    be(v, 1);
  } else if (v <= 0xffff) {
    out_.push_back(0xcd);
    be(v, 2);
  } else if (v <= 0xffffffffULL) {
    out_.push_back(0xce);
    be(v, 4);
  } else {
    out_.push_back(0xcf);
    be(v, 8);
  }
}

void MsgpackWriter::sint(std::int64_t v) {
  // Python packs a non-negative int with the unsigned encodings, whatever its declared type.
  if (v >= 0) return uint(static_cast<std::uint64_t>(v));
  const auto u = static_cast<std::uint64_t>(v);
  if (v >= -32) {
    out_.push_back(static_cast<std::uint8_t>(u));  // negative fixint 0xe0..0xff
  } else if (v >= -128) {
    out_.push_back(0xd0);
    be(u, 1);
  } else if (v >= -32768) {
    out_.push_back(0xd1);
    be(u, 2);
  } else if (v >= -2147483648LL) {
    out_.push_back(0xd2);
    be(u, 4);
  } else {
    out_.push_back(0xd3);
    be(u, 8);
  }
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto u16 = [&](unsigned cp) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(cp >> shift) & 0xf]);
  };
  // Keys, coin names, prices and hex are plain ASCII: one append, no per-character escaping.
  out.push_back('"');
  if (detail::plain_prefix(s.data(), s.data() + s.size()) == s.size()) {
    out.append(s);
    out.push_back('"');
    return;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    if (c < 0x20) {
      u16(c);
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      // ensure_ascii: decode UTF-8 and escape as UTF-16 code units. Input strings come from
      // simdjson (validated UTF-8) or from code; a malformed sequence is a programming error.
      int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      unsigned cp = c & (0x3f >> extra);
      if (i + static_cast<std::size_t>(extra) >= s.size()) {
        throw std::invalid_argument("truncated UTF-8 in JSON string");
      }
      for (int k = 0; k < extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3f);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        u16(0xd800 + (cp >> 10));
        u16(0xdc00 + (cp & 0x3ff));
      } else {
        u16(cp);
      }
    }
  }
  out.push_back('"');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ > 0) {
    const std::uint64_t bit = 1ULL << (depth_ - 1);
    if (nonempty_ & bit) out_ += style_ == JsonStyle::kPython ? ", " : ",";
    nonempty_ |= bit;
  }
}

void JsonWriter::open(char c) {
  before_value();
  out_.push_back(c);
  assert(depth_ < 64);
  ++depth_;
  nonempty_ &= ~(1ULL << (depth_ - 1));
}

void JsonWriter::close(char c) {
  --depth_;
  out_.push_back(c);
}

void JsonWriter::key(std::string_view k) {
  before_value();
  append_json_string(out_, k);
  out_ += style_ == JsonStyle::kPython ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::str(std::string_view s) {
  before_value();
  append_json_string(out_, s);
}

void JsonWriter::uint(std::uint64_t v) {
  before_value();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::sint(std::int64_t v) {
  before_value();
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::boolean(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void JsonWriter::nil() {
  before_value();
  out_ += "null";
}

void JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
}

}  // namespace hlmm::hl
