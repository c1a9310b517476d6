// secp256k1 ECDSA signatures as Hyperliquid carries them ({"r","s","v"}), and signer recovery.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hyperliquid/hex.hpp"
#include "hyperliquid/keccak.hpp"

namespace hlmm::hl {

struct Signature {
  std::array<std::uint8_t, 32> r{};  // big-endian
  std::array<std::uint8_t, 32> s{};  // big-endian, always low-s when produced here
  std::uint8_t v = 27;               // 27 + recovery id

  // The Python SDK's form: minimal hex, no zero padding ("0x53749d…", 63 digits possible).
  std::string r_hex() const { return minimal_hex(r); }
  std::string s_hex() const { return minimal_hex(s); }

  // Accepts r and s with 1..64 hex digits (minimal or padded) and v of 27 or 28; throws
  // Error(kBadSignature) otherwise.
  static Signature from_hex(std::string_view r_hex, std::string_view s_hex, unsigned v);
  friend bool operator==(const Signature&, const Signature&) = default;
};

// The address whose key produced `sig` over `digest`, or nullopt if no key did (r or s out of
// range, v not 27/28, or no curve point). A venue compares this with the expected signer.
std::optional<Address> recover_address(const Hash32& digest, const Signature& sig);

// keccak256 of the 64-byte uncompressed public key (X ‖ Y), last 20 bytes.
Address address_from_uncompressed_pubkey(const std::array<std::uint8_t, 64>& xy);

}  // namespace hlmm::hl
