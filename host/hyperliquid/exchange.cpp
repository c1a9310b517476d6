#include "hyperliquid/exchange.hpp"

namespace hlmm::hl {
namespace {

Hash32 digest_of(const std::vector<std::uint8_t>& msgpack, const L1Envelope& env) {
  const Hash32 cid = l1_connection_id(msgpack, env.nonce, env.vault, env.expires_after);
  return l1_agent_digest(cid, env.is_mainnet);
}

}  // namespace

Hash32 l1_action_digest(const L1Action& action, const L1Envelope& env) {
  return digest_of(encode_msgpack(action), env);
}

Signature sign_l1_action(const PrivateKey& key, const L1Action& action, const L1Envelope& env) {
  return key.sign(l1_action_digest(action, env));
}

void begin_exchange_body(JsonWriter& w) {
  w.begin_map(5);
  w.key("action");
}

void finish_exchange_body(JsonWriter& w, std::uint64_t nonce, const Signature& sig, const std::optional<Address>& vault,
                          std::optional<std::uint64_t> expires_after) {
  w.key("nonce");
  w.uint(nonce);
  w.key("signature");
  w.begin_map(3);
  char hex[66];
  w.key("r");
  w.str(std::string_view(hex, write_minimal_hex(sig.r, hex)));
  w.key("s");
  w.str(std::string_view(hex, write_minimal_hex(sig.s, hex)));
  w.key("v");
  w.uint(sig.v);
  w.end_map();
  w.key("vaultAddress");
  if (vault) {
    char addr[Address::kTextLength];
    vault->write(addr);
    w.str(std::string_view(addr, sizeof addr));
  } else {
    w.nil();
  }
  w.key("expiresAfter");
  if (expires_after) {
    w.uint(*expires_after);
  } else {
    w.nil();
  }
  w.end_map();
}

void append_exchange_body(std::string& out, std::string_view action_json, std::uint64_t nonce,
                          const Signature& sig, const std::optional<Address>& vault,
                          std::optional<std::uint64_t> expires_after, JsonStyle style) {
  JsonWriter w(out, style);
  begin_exchange_body(w);
  w.raw(action_json);
  finish_exchange_body(w, nonce, sig, vault, expires_after);
}

std::string exchange_body(const L1Action& action, const L1Envelope& env, const Signature& sig, JsonStyle style) {
  std::string action_json;
  encode_json(action, action_json, style);
  std::string body;
  append_exchange_body(body, action_json, env.nonce, sig, env.vault, env.expires_after, style);
  return body;
}

const std::string& L1RequestBuilder::build(const PrivateKey& key, const L1Action& action,
                                           const L1Envelope& env, JsonStyle style) {
  // One walk over the action writes its msgpack (the start of the hash preimage) and its JSON,
  // straight into the body; the body is finished once the signature exists. Both buffers are
  // reused across calls.
  preimage_.clear();
  body_.clear();
  JsonWriter body(body_, style);
  begin_exchange_body(body);
  encode_msgpack_and_json(action, preimage_, body);
  append_l1_hash_preimage(preimage_, {}, env.nonce, env.vault, env.expires_after);
  sig_ = key.sign(l1_agent_digest(keccak256(preimage_), env.is_mainnet));
  finish_exchange_body(body, env.nonce, sig_, env.vault, env.expires_after);
  return body_;
}

}  // namespace hlmm::hl
