// The signed /exchange request: digest, signature and the exact JSON body the Python SDK posts:
//   {"action": …, "nonce": N, "signature": {"r": "0x…", "s": "0x…", "v": 27|28},
//    "vaultAddress": null|"0x…", "expiresAfter": null|ms}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hyperliquid/actions.hpp"
#include "hyperliquid/eip712.hpp"
#include "hyperliquid/private_key.hpp"
#include "hyperliquid/signature.hpp"

namespace hlmm::hl {

struct L1Envelope {
  std::uint64_t nonce = 0;                     // ms timestamp, unique per signer
  std::optional<Address> vault;                // subaccount or vault traded for
  std::optional<std::uint64_t> expires_after;  // ms; the venue drops the action after it
  bool is_mainnet = true;                      // phantom agent source "a" (mainnet) / "b"
};

// EIP-712 digest of an L1 action under `env`.
Hash32 l1_action_digest(const L1Action& action, const L1Envelope& env);

Signature sign_l1_action(const PrivateKey& key, const L1Action& action, const L1Envelope& env);

// Appends the request body to `out`. `action_json` is the action already serialised as JSON.
void append_exchange_body(std::string& out, std::string_view action_json, std::uint64_t nonce,
                          const Signature& sig, const std::optional<Address>& vault,
                          std::optional<std::uint64_t> expires_after, JsonStyle style = JsonStyle::kPython);

// The body in two halves, for a writer that puts the action in between itself:
// begin_exchange_body opens the object and writes the "action" key; finish_exchange_body writes
// nonce, signature, vaultAddress and expiresAfter and closes it.
void begin_exchange_body(JsonWriter& w);
void finish_exchange_body(JsonWriter& w, std::uint64_t nonce, const Signature& sig, const std::optional<Address>& vault,
                          std::optional<std::uint64_t> expires_after);

std::string exchange_body(const L1Action& action, const L1Envelope& env, const Signature& sig,
                          JsonStyle style = JsonStyle::kPython);

// Signs and builds the body in one step, reusing the caller's buffers so that a steady order
// stream does not allocate once they have grown: `body` is overwritten.
class L1RequestBuilder {
 public:
  const std::string& build(const PrivateKey& key, const L1Action& action, const L1Envelope& env,
                           JsonStyle style = JsonStyle::kPython);
  const Signature& last_signature() const { return sig_; }

 private:
  std::vector<std::uint8_t> preimage_;
  std::string body_;
  Signature sig_;
};

}  // namespace hlmm::hl
