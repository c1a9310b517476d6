#include "venue/authenticator.hpp"

namespace hlmm::venue {

void Authenticator::add_user(const hl::Address& user) { users_.insert(user); }

void Authenticator::approve_agent(const hl::Address& owner, const hl::Address& agent) {
  agent_owner_[agent] = owner;
}

AuthOutcome Authenticator::account_for(const hl::Address& signer) const {
  if (users_.count(signer) != 0) return {signer, {}};
  const auto agent = agent_owner_.find(signer);
  if (agent != agent_owner_.end()) return {agent->second, {}};
  return {std::nullopt, "User or API Wallet " + signer.to_string() + " does not exist."};
}

std::optional<std::string> Authenticator::use_nonce(const hl::Address& signer, std::uint64_t nonce,
                                                    std::uint64_t now_ms) {
  if (nonce + kPastWindowMs <= now_ms || nonce >= now_ms + kFutureWindowMs) {
    return "Invalid nonce: nonce " + std::to_string(nonce) + " is outside the allowed window of block time " +
           std::to_string(now_ms);
  }
  std::set<std::uint64_t>& seen = nonces_[signer];
  if (seen.count(nonce) != 0) return "Invalid nonce: duplicate nonce " + std::to_string(nonce);
  if (seen.size() >= kNoncesKept && nonce <= *seen.begin()) {
    return "Invalid nonce: nonce too low " + std::to_string(nonce) + " < " + std::to_string(*seen.begin());
  }
  seen.insert(nonce);
  if (seen.size() > kNoncesKept) seen.erase(seen.begin());
  return std::nullopt;
}

}  // namespace hlmm::venue
