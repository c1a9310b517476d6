// User-signed actions (protocol.md §1.2): signed as EIP-712 over their own fields in the
// "HyperliquidSignTransaction" domain, no msgpack, no phantom agent, no vault, no expiresAfter.
// Strings are signed exactly as given (EIP-712 `string` fields hash the text), so callers pass
// the canonical text they want posted; address-typed fields are posted lowercase.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "hyperliquid/eip712.hpp"
#include "hyperliquid/private_key.hpp"
#include "hyperliquid/signature.hpp"
#include "hyperliquid/wire_writers.hpp"

namespace hlmm::hl {

struct UsdSend {
  std::string destination;  // "0x…" lowercase
  std::string amount;       // decimal text, e.g. "1"
  std::uint64_t time = 0;   // ms; also the request nonce
};
struct Withdraw {  // posted as "withdraw3"
  std::string destination;
  std::string amount;
  std::uint64_t time = 0;
};
struct SpotSend {
  std::string destination;
  std::string token;  // "NAME:0x<tokenId>"
  std::string amount;
  std::uint64_t time = 0;
};
struct UsdClassTransfer {
  std::string amount;  // may carry " subaccount:0x…" as the SDK appends for vaults
  bool to_perp = true;
  std::uint64_t nonce = 0;
};
struct SendAsset {
  std::string destination;
  std::string source_dex;
  std::string destination_dex;
  std::string token;
  std::string amount;
  std::string from_sub_account;  // "" when not moving from a subaccount
  std::uint64_t nonce = 0;
};
struct ApproveAgent {
  Address agent_address;
  std::optional<std::string> agent_name;  // signed as "" when absent, and then not posted
  std::uint64_t nonce = 0;
};
struct ApproveBuilderFee {
  std::string max_fee_rate;  // e.g. "0.001%"
  Address builder;
  std::uint64_t nonce = 0;
};

using UserSignedAction =
    std::variant<UsdSend, Withdraw, SpotSend, UsdClassTransfer, SendAsset, ApproveAgent, ApproveBuilderFee>;

std::string_view user_action_type(const UserSignedAction& a);     // "usdSend", "withdraw3", …
std::string_view user_action_primary_type(const UserSignedAction& a);  // "HyperliquidTransaction:UsdSend", …
// The request nonce: the action's own time / nonce field.
std::uint64_t user_action_nonce(const UserSignedAction& a);

Hash32 user_action_digest(const UserSignedAction& a, bool is_mainnet,
                          std::uint64_t signature_chain_id = kUserSignedChainId);
Signature sign_user_action(const PrivateKey& key, const UserSignedAction& a, bool is_mainnet,
                           std::uint64_t signature_chain_id = kUserSignedChainId);

// The posted action: the SDK's key order, then "signatureChainId" and "hyperliquidChain".
void encode_user_action_json(const UserSignedAction& a, bool is_mainnet, std::string& out,
                             JsonStyle style = JsonStyle::kPython,
                             std::uint64_t signature_chain_id = kUserSignedChainId);

// The full /exchange body (vaultAddress and expiresAfter are null: neither applies here).
std::string user_action_body(const UserSignedAction& a, bool is_mainnet, const Signature& sig,
                             JsonStyle style = JsonStyle::kPython,
                             std::uint64_t signature_chain_id = kUserSignedChainId);

}  // namespace hlmm::hl
