// Reads an L1 action from JSON (the shape of protocol.md §3, as the SDKs post it) into the typed
// model. Strict on purpose, since whatever is accepted gets signed: unknown keys, floats where
// integers belong, numbers where decimal strings belong, and empty batches are refused with a
// named Error code and the JSON path. Key order in the input does not matter; the output order
// is always the SDK's. Prices and sizes are re-emitted in canonical form ("100.0" -> "100").
#pragma once

#include <string_view>

#include <optional>
#include <variant>

#include "hyperliquid/actions.hpp"
#include "hyperliquid/user_actions.hpp"

namespace hlmm::hl {

L1Action parse_l1_action_json(std::string_view json);

// A user-signed action as read from JSON. An input copied from a posted body may carry
// "signatureChainId" and "hyperliquidChain"; they are returned so the caller can check them
// against the network it signs for.
struct ParsedUserAction {
  UserSignedAction action;
  std::optional<std::uint64_t> signature_chain_id;
  std::optional<bool> is_mainnet;  // from "hyperliquidChain": "Mainnet" / "Testnet"
};
using AnyAction = std::variant<L1Action, ParsedUserAction>;

// Either kind, told apart by "type". Amounts of user-signed actions must be decimal strings and
// are kept verbatim (they are signed as text); addresses are lowercased.
AnyAction parse_action_json(std::string_view json);

}  // namespace hlmm::hl
