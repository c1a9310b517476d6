#include "hyperliquid/eip712.hpp"

#include <array>
#include <cstring>
#include <stdexcept>

namespace hlmm::hl {
namespace {

void put_u64_be(std::uint8_t* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

// A 32-byte ABI word holding a uint64, right-aligned.
std::array<std::uint8_t, 32> word_u64(std::uint64_t v) {
  std::array<std::uint8_t, 32> w{};
  put_u64_be(w.data() + 24, v);
  return w;
}

}  // namespace

void append_l1_hash_preimage(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> msgpack_action,
                             std::uint64_t nonce, const std::optional<Address>& vault,
                             std::optional<std::uint64_t> expires_after) {
  out.insert(out.end(), msgpack_action.begin(), msgpack_action.end());
  std::uint8_t buf[8];
  put_u64_be(buf, nonce);
  out.insert(out.end(), buf, buf + 8);
  if (vault) {
    out.push_back(0x01);
    out.insert(out.end(), vault->bytes.begin(), vault->bytes.end());
  } else {
    out.push_back(0x00);
  }
  if (expires_after) {
    // The SDK writes 0x00 before expiresAfter (not 0x01 as for the vault): keep it that way.
    out.push_back(0x00);
    put_u64_be(buf, *expires_after);
    out.insert(out.end(), buf, buf + 8);
  }
}

Hash32 l1_connection_id(std::span<const std::uint8_t> msgpack_action, std::uint64_t nonce,
                        const std::optional<Address>& vault, std::optional<std::uint64_t> expires_after) {
  std::vector<std::uint8_t> pre;
  pre.reserve(msgpack_action.size() + 38);
  append_l1_hash_preimage(pre, msgpack_action, nonce, vault, expires_after);
  return keccak256(pre);
}

Hash32 eip712_domain_separator(std::string_view name, std::string_view version, std::uint64_t chain_id) {
  static const Hash32 kDomainTypeHash = keccak256(
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  std::array<std::uint8_t, 5 * 32> buf{};
  const Hash32 name_hash = keccak256(name);
  const Hash32 version_hash = keccak256(version);
  const auto chain = word_u64(chain_id);
  std::memcpy(buf.data(), kDomainTypeHash.data(), 32);
  std::memcpy(buf.data() + 32, name_hash.data(), 32);
  std::memcpy(buf.data() + 64, version_hash.data(), 32);
  std::memcpy(buf.data() + 96, chain.data(), 32);
  // verifyingContract is the zero address: the last word stays zero.
  return keccak256(buf);
}

Hash32 l1_domain_separator() {
  static const Hash32 kSeparator = eip712_domain_separator("Exchange", "1", kL1ChainId);
  return kSeparator;
}

Hash32 eip712_digest(const Hash32& domain_separator, const Hash32& struct_hash) {
  std::array<std::uint8_t, 66> buf{};
  buf[0] = 0x19;
  buf[1] = 0x01;
  std::memcpy(buf.data() + 2, domain_separator.data(), 32);
  std::memcpy(buf.data() + 34, struct_hash.data(), 32);
  return keccak256(buf);
}

Hash32 l1_agent_digest(const Hash32& connection_id, bool is_mainnet) {
  static const Hash32 kAgentTypeHash = keccak256("Agent(string source,bytes32 connectionId)");
  static const Hash32 kSourceA = keccak256("a");
  static const Hash32 kSourceB = keccak256("b");
  std::array<std::uint8_t, 96> buf{};
  std::memcpy(buf.data(), kAgentTypeHash.data(), 32);
  std::memcpy(buf.data() + 32, (is_mainnet ? kSourceA : kSourceB).data(), 32);
  std::memcpy(buf.data() + 64, connection_id.data(), 32);
  return eip712_digest(l1_domain_separator(), keccak256(buf));
}

std::string eip712_type_string(std::string_view primary_type, std::span<const Eip712Field> fields) {
  std::string s(primary_type);
  s += '(';
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) s += ',';
    switch (fields[i].type) {
      case Eip712Type::kString: s += "string "; break;
      case Eip712Type::kUint64: s += "uint64 "; break;
      case Eip712Type::kAddress: s += "address "; break;
      case Eip712Type::kBool: s += "bool "; break;
    }
    s += fields[i].name;
  }
  s += ')';
  return s;
}

Hash32 user_signed_digest(std::string_view primary_type, std::span<const Eip712Field> fields,
                          std::span<const Eip712Value> values, std::uint64_t signature_chain_id) {
  if (fields.size() != values.size()) throw std::invalid_argument("EIP-712: field/value count mismatch");
  std::vector<std::uint8_t> enc;
  enc.reserve(32 * (fields.size() + 1));
  const Hash32 type_hash = keccak256(eip712_type_string(primary_type, fields));
  enc.insert(enc.end(), type_hash.begin(), type_hash.end());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::array<std::uint8_t, 32> word{};
    const Eip712Value& v = values[i];
    switch (fields[i].type) {
      case Eip712Type::kString: {
        const auto* s = std::get_if<std::string>(&v);
        if (!s) throw std::invalid_argument("EIP-712: field is not a string");
        word = keccak256(*s);
        break;
      }
      case Eip712Type::kUint64: {
        const auto* n = std::get_if<std::uint64_t>(&v);
        if (!n) throw std::invalid_argument("EIP-712: field is not a uint64");
        word = word_u64(*n);
        break;
      }
      case Eip712Type::kAddress: {
        const auto* a = std::get_if<Address>(&v);
        if (!a) throw std::invalid_argument("EIP-712: field is not an address");
        std::memcpy(word.data() + 12, a->bytes.data(), 20);
        break;
      }
      case Eip712Type::kBool: {
        const auto* b = std::get_if<bool>(&v);
        if (!b) throw std::invalid_argument("EIP-712: field is not a bool");
        word[31] = *b ? 1 : 0;
        break;
      }
    }
    enc.insert(enc.end(), word.begin(), word.end());
  }
  const Hash32 domain = eip712_domain_separator("HyperliquidSignTransaction", "1", signature_chain_id);
  return eip712_digest(domain, keccak256(enc));
}

}  // namespace hlmm::hl
