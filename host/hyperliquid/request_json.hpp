// The receiving side of /exchange: parse a posted body and recover who signed it. Used by the
// local venue to authenticate requests the way Hyperliquid does: the action is re-encoded in
// canonical form and the signer recovered from the signature. A client that signed other bytes
// (key order, "100.0" for "100", f:false) recovers to some other address, as on the real venue.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "hyperliquid/action_json.hpp"
#include "hyperliquid/signature.hpp"

namespace hlmm::hl {

struct ExchangeRequest {
  AnyAction action;
  std::uint64_t nonce = 0;
  Signature signature;
  std::optional<Address> vault;
  std::optional<std::uint64_t> expires_after;
};

// Throws Error (kJsonSyntax, kJsonShape, kUnknownKey, kBadSignature, or any action error).
ExchangeRequest parse_exchange_body(std::string_view body);

// The signer's address for a venue on `is_mainnet`, or nullopt when no key produced the signature
// or a user-signed action names the other network. The caller compares it with the account (or
// an approved agent) and applies its nonce rules.
std::optional<Address> recover_signer(const ExchangeRequest& request, bool is_mainnet);

}  // namespace hlmm::hl
