#include "hyperliquid/request_json.hpp"

#include <simdjson.h>

#include <string>

#include "hyperliquid/error.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/user_actions.hpp"

namespace hlmm::hl {
namespace {

[[noreturn]] void shape(const std::string& what) { throw Error(ErrorCode::kJsonShape, "request: " + what); }

std::uint64_t get_u64(simdjson::dom::element e, const char* name) {
  std::uint64_t v = 0;
  if (e.get_uint64().get(v)) shape(std::string(name) + " must be a non-negative integer");
  return v;
}

}  // namespace

ExchangeRequest parse_exchange_body(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  const simdjson::padded_string padded(body);
  if (const auto err = parser.parse(padded).get(root)) {
    throw Error(ErrorCode::kJsonSyntax, std::string("request: ") + simdjson::error_message(err));
  }
  simdjson::dom::object o;
  if (root.get_object().get(o)) shape("expected an object");
  for (auto field : o) {
    const std::string_view k = field.key;
    if (k != "action" && k != "nonce" && k != "signature" && k != "vaultAddress" && k != "expiresAfter") {
      throw Error(ErrorCode::kUnknownKey, "request: unexpected key \"" + std::string(k.substr(0, 32)) + "\"");
    }
  }
  simdjson::dom::element action, nonce, sig;
  if (o.at_key("action").get(action)) shape("missing \"action\"");
  if (o.at_key("nonce").get(nonce)) shape("missing \"nonce\"");
  if (o.at_key("signature").get(sig)) shape("missing \"signature\"");

  ExchangeRequest req;
  // The action parser is the one `hlmm sign` uses, so both sides agree on what is valid.
  req.action = parse_action_json(simdjson::minify(action));
  req.nonce = get_u64(nonce, "nonce");

  std::string_view r, s;
  std::uint64_t v = 0;
  if (sig["r"].get_string().get(r) || sig["s"].get_string().get(s) || sig["v"].get_uint64().get(v)) {
    throw Error(ErrorCode::kBadSignature, "request: signature must be {\"r\": hex, \"s\": hex, \"v\": 27|28}");
  }
  req.signature = Signature::from_hex(r, s, static_cast<unsigned>(v > 255 ? 0 : v));

  simdjson::dom::element e;
  if (!o.at_key("vaultAddress").get(e) && !e.is_null()) {
    std::string_view text;
    if (e.get_string().get(text)) shape("vaultAddress must be a string or null");
    req.vault = Address::parse(text);
  }
  if (!o.at_key("expiresAfter").get(e) && !e.is_null()) req.expires_after = get_u64(e, "expiresAfter");
  return req;
}

std::optional<Address> recover_signer(const ExchangeRequest& request, bool is_mainnet) {
  if (const auto* l1 = std::get_if<L1Action>(&request.action)) {
    const L1Envelope env{.nonce = request.nonce, .vault = request.vault, .expires_after = request.expires_after,
                         .is_mainnet = is_mainnet};
    return recover_address(l1_action_digest(*l1, env), request.signature);
  }
  const auto& user = std::get<ParsedUserAction>(request.action);
  if (user.is_mainnet && *user.is_mainnet != is_mainnet) return std::nullopt;
  return recover_address(user_action_digest(user.action, is_mainnet, user.signature_chain_id.value_or(kUserSignedChainId)),
                         request.signature);
}

}  // namespace hlmm::hl
