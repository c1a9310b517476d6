// Hex text <-> bytes, Ethereum addresses, and the "minimal hex" integers the Python SDK emits.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hlmm::hl {

// Lowercase hex of `bytes`, prefixed with "0x".
std::string to_hex(std::span<const std::uint8_t> bytes);
void append_hex(std::string& out, std::span<const std::uint8_t> bytes);

// Decodes exactly out.size() bytes from `text` ("0x" prefix optional, either case). Returns false
// (leaving `out` unspecified) on any other length or a non-hex digit.
bool decode_hex_exact(std::string_view text, std::span<std::uint8_t> out);

// A big-endian 256-bit unsigned integer as eth_utils.to_hex(int) writes it: "0x" and no leading
// zeros ("0x0" for zero). The Python SDK's signatures use this form for r and s.
std::string minimal_hex(const std::array<std::uint8_t, 32>& be);

// The same text written into a caller's buffer (at least 66 characters); returns its length.
// Lets the request path format r and s without allocating.
std::size_t write_minimal_hex(const std::array<std::uint8_t, 32>& be, char* out);

// Parses a 256-bit unsigned integer from hex with 1..64 digits (so both the minimal and the
// zero-padded form are accepted). Returns false on anything else.
bool parse_u256_hex(std::string_view text, std::array<std::uint8_t, 32>& be);

// How a hex field's error names the text it refused: quoted when it is no longer than the field
// (`width` characters), else only its length. A 66-character private key pasted into an address
// or cloid field is the likely long input, and an error must not print it.
std::string describe_refused_hex(std::string_view text, std::size_t width);

struct Address {
  std::array<std::uint8_t, 20> bytes{};

  // Accepts "0x" + 40 hex digits in any case (checksummed addresses included); throws
  // Error(kBadAddress) otherwise. The checksum is not verified: the venue lowercases anyway.
  static Address parse(std::string_view text);
  // Lowercase "0x…" form: the one the SDKs sign and send.
  std::string to_string() const;
  static constexpr std::size_t kTextLength = 42;
  // The same text into a caller's buffer of kTextLength characters (no allocation).
  void write(char* out) const;
  friend bool operator==(const Address&, const Address&) = default;
};

}  // namespace hlmm::hl
