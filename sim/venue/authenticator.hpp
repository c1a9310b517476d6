// Who may act for which account, and whether a nonce is fresh: the venue's checks before an
// action reaches the exchange core (protocol.md §4.3). The signature itself is recovered by
// hl::recover_signer; this class decides what the recovered address is allowed to do.
//
// Nonces are tracked per signer (the user for its own key, the agent otherwise), keeping the
// 100 highest: a nonce must be above the smallest of them once 100 are stored, never repeat, and
// lie within (T - 2 days, T + 1 day) of the block time T.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "hyperliquid/hex.hpp"

namespace hlmm::venue {

struct AuthOutcome {
  std::optional<hl::Address> account;  // whose funds the action moves; empty on refusal
  std::string error;                   // the venue's text when refused
};

class Authenticator {
 public:
  static constexpr std::size_t kNoncesKept = 100;
  static constexpr std::uint64_t kPastWindowMs = 2ull * 86'400'000;
  static constexpr std::uint64_t kFutureWindowMs = 86'400'000;

  void add_user(const hl::Address& user);
  bool is_user(const hl::Address& user) const { return users_.count(user) != 0; }
  // approveAgent: the agent may trade for `owner` until replaced.
  void approve_agent(const hl::Address& owner, const hl::Address& agent);

  // The account `signer` acts for, or the venue's refusal ("User or API Wallet … does not
  // exist." for an address nobody registered — what a tampered action recovers to).
  AuthOutcome account_for(const hl::Address& signer) const;

  // Checks and, when fresh, records `nonce` for `signer` at block time `now_ms`. Returns the
  // venue's error text when refused.
  std::optional<std::string> use_nonce(const hl::Address& signer, std::uint64_t nonce, std::uint64_t now_ms);

 private:
  struct Less {
    bool operator()(const hl::Address& a, const hl::Address& b) const { return a.bytes < b.bytes; }
  };
  std::set<hl::Address, Less> users_;
  std::map<hl::Address, hl::Address, Less> agent_owner_;
  std::map<hl::Address, std::set<std::uint64_t>, Less> nonces_;
};

}  // namespace hlmm::venue
