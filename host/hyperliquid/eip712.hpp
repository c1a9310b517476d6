// Hyperliquid's two signing schemes, up to the 32-byte digest that secp256k1 signs (protocol.md §1).
//
// L1 actions: connectionId = keccak(msgpack(action) ‖ u64be nonce ‖ vault flag[/20 bytes] ‖
// [00 ‖ u64be expiresAfter]); the digest is EIP-712 over Agent{source, connectionId} in the
// "Exchange" domain (chainId 1337). User-signed actions: EIP-712 over the action's own fields in
// the "HyperliquidSignTransaction" domain.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hyperliquid/hex.hpp"
#include "hyperliquid/keccak.hpp"

namespace hlmm::hl {

inline constexpr std::uint64_t kL1ChainId = 1337;
// The SDKs sign user actions with signatureChainId 0x66eee (421614); the venue accepts any.
inline constexpr std::uint64_t kUserSignedChainId = 0x66eee;

// Appends the bytes hashed into the connection id. Exposed so tests can compare the preimage
// itself, not only its hash.
void append_l1_hash_preimage(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> msgpack_action,
                             std::uint64_t nonce, const std::optional<Address>& vault,
                             std::optional<std::uint64_t> expires_after);

Hash32 l1_connection_id(std::span<const std::uint8_t> msgpack_action, std::uint64_t nonce,
                        const std::optional<Address>& vault, std::optional<std::uint64_t> expires_after);

// keccak256(typehash(EIP712Domain) ‖ keccak(name) ‖ keccak(version) ‖ u256 chainId ‖ address 0).
Hash32 eip712_domain_separator(std::string_view name, std::string_view version, std::uint64_t chain_id);
Hash32 l1_domain_separator();  // Exchange / 1 / 1337, computed once

// keccak256(0x19 0x01 ‖ domain ‖ struct_hash).
Hash32 eip712_digest(const Hash32& domain_separator, const Hash32& struct_hash);

// The digest of the phantom agent {source: "a" mainnet / "b" testnet, connectionId}.
Hash32 l1_agent_digest(const Hash32& connection_id, bool is_mainnet);

enum class Eip712Type : std::uint8_t { kString, kUint64, kAddress, kBool };
struct Eip712Field {
  std::string_view name;
  Eip712Type type;
};
using Eip712Value = std::variant<std::string, std::uint64_t, Address, bool>;

// "Primary(type1 name1,type2 name2,…)": the text whose keccak is the type hash.
std::string eip712_type_string(std::string_view primary_type, std::span<const Eip712Field> fields);

// Digest of a user-signed action: fields and values in the same order; throws std::invalid_argument
// if a value's kind does not match its field's type (a programming error, not user input).
Hash32 user_signed_digest(std::string_view primary_type, std::span<const Eip712Field> fields,
                          std::span<const Eip712Value> values, std::uint64_t signature_chain_id);

}  // namespace hlmm::hl
