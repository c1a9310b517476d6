#include "hyperliquid/hex.hpp"

#include "hyperliquid/error.hpp"

namespace hlmm::hl {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view strip_0x(std::string_view t) {
  if (t.size() >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) t.remove_prefix(2);
  return t;
}

}  // namespace

void append_hex(std::string& out, std::span<const std::uint8_t> bytes) {
  for (const std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string s;
  s.reserve(2 + 2 * bytes.size());
  s += "0x";
  append_hex(s, bytes);
  return s;
}

bool decode_hex_exact(std::string_view text, std::span<std::uint8_t> out) {
  text = strip_0x(text);
  if (text.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(text[2 * i]);
    const int lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return true;
}

std::size_t write_minimal_hex(const std::array<std::uint8_t, 32>& be, char* out) {
  std::size_t n = 0;
  out[n++] = '0';
  out[n++] = 'x';
  bool started = false;
  for (const std::uint8_t b : be) {
    for (const int d : {b >> 4, b & 0x0f}) {
      if (d == 0 && !started) continue;
      started = true;
      out[n++] = kDigits[d];
    }
  }
  if (!started) out[n++] = '0';
  return n;
}

std::string minimal_hex(const std::array<std::uint8_t, 32>& be) {
  char buf[66];
  return std::string(buf, write_minimal_hex(be, buf));
}

bool parse_u256_hex(std::string_view text, std::array<std::uint8_t, 32>& be) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
  text.remove_prefix(2);
  if (text.empty() || text.size() > 64) return false;
  be.fill(0);
  // Fill from the least significant nibble so any digit count lands right-aligned.
  std::size_t pos = 64;
  for (std::size_t i = text.size(); i-- > 0;) {
    const int n = nibble(text[i]);
    if (n < 0) return false;
    --pos;
    std::uint8_t& byte = be[pos / 2];
    byte = static_cast<std::uint8_t>(byte | ((pos % 2 == 0) ? (n << 4) : n));
  }
  return true;
}

std::string describe_refused_hex(std::string_view text, std::size_t width) {
  if (text.size() > width) return std::to_string(text.size()) + " characters";
  return "\"" + std::string(text) + "\"";
}

Address Address::parse(std::string_view text) {
  Address a;
  const bool prefixed = text.size() == 42 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (!prefixed || !decode_hex_exact(text, a.bytes)) {
    throw Error(ErrorCode::kBadAddress,
                "expected \"0x\" followed by 40 hex digits, got " + describe_refused_hex(text, 42));
  }
  return a;
}

std::string Address::to_string() const { return to_hex(bytes); }

void Address::write(char* out) const {
  out[0] = '0';
  out[1] = 'x';
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 + 2 * i] = kDigits[bytes[i] >> 4];
    out[3 + 2 * i] = kDigits[bytes[i] & 0x0f];
  }
}

}  // namespace hlmm::hl
