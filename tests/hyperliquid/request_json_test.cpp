// The venue side: a body produced by the signer parses back and recovers to the signer; a body
// whose bytes were changed after signing recovers to someone else.
#include "hyperliquid/request_json.hpp"

#include <gtest/gtest.h>

#include "hyperliquid/error.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/user_actions.hpp"
#include "key_test.hpp"

namespace hlmm::hl {
namespace {

using test::kVectorAddress;
using test::kVectorKey;

std::string replace(std::string s, std::string_view from, std::string_view to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

std::string signed_order_body(const L1Envelope& env) {
  const PrivateKey key = PrivateKey::from_hex(kVectorKey);
  const L1Action action = parse_l1_action_json(
      R"({"type":"order","orders":[{"a":1,"b":true,"p":"100","s":"100","r":false,"t":{"limit":{"tif":"Gtc"}}}],"grouping":"na"})");
  L1RequestBuilder b;
  return b.build(key, action, env);
}

TEST(RequestJson, SignedBodyRecoversToTheSigner) {
  for (const bool mainnet : {true, false}) {
    const L1Envelope env{.nonce = 1700000000000, .vault = Address::parse("0x1719884eb866cb12b2287399b15f7db5e7d775ea"),
                         .expires_after = 1700000060000, .is_mainnet = mainnet};
    const std::string body = signed_order_body(env);
    const ExchangeRequest req = parse_exchange_body(body);
    EXPECT_EQ(req.nonce, env.nonce);
    EXPECT_EQ(req.vault, env.vault);
    EXPECT_EQ(req.expires_after, env.expires_after);
    EXPECT_EQ(recover_signer(req, mainnet)->to_string(), kVectorAddress);
    EXPECT_NE(recover_signer(req, !mainnet)->to_string(), kVectorAddress) << "a signature is bound to its network";
  }
}

TEST(RequestJson, TamperedBodiesRecoverToSomeoneElse) {
  const L1Envelope env{.nonce = 1700000000000, .vault = std::nullopt, .expires_after = std::nullopt, .is_mainnet = true};
  const std::string body = signed_order_body(env);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {R"("p": "100")", R"("p": "101")"},
           {R"("nonce": 1700000000000)", R"("nonce": 1700000000001)"},
           {R"("vaultAddress": null)", R"("vaultAddress": "0x1719884eb866cb12b2287399b15f7db5e7d775ea")"},
           {R"("expiresAfter": null)", R"("expiresAfter": 1)"},
           {R"("tif": "Gtc")", R"("tif": "Alo")"}}) {
    SCOPED_TRACE(to);
    const auto signer = recover_signer(parse_exchange_body(replace(body, from, to)), true);
    ASSERT_TRUE(signer.has_value());
    EXPECT_NE(signer->to_string(), kVectorAddress);
  }
}

TEST(RequestJson, UserSignedBodyRecovers) {
  const PrivateKey key = PrivateKey::from_hex(kVectorKey);
  const UserSignedAction send = UsdSend{"0x5e9ee1089755c3435139848e47e6635505d5a13a", "1", 1687816341423};
  const std::string body = user_action_body(send, false, sign_user_action(key, send, false));
  const ExchangeRequest req = parse_exchange_body(body);
  EXPECT_EQ(recover_signer(req, false)->to_string(), kVectorAddress);
  EXPECT_FALSE(recover_signer(req, true).has_value()) << "the body says Testnet";
}

TEST(RequestJson, MalformedBodiesAreNamed) {
  auto code = [](std::string_view body) {
    try {
      parse_exchange_body(body);
    } catch (const Error& e) {
      return e.code();
    }
    ADD_FAILURE() << "accepted " << body;
    return ErrorCode::kBadHex;
  };
  const std::string ok = R"({"action":{"type":"noop"},"nonce":1,"signature":{"r":"0x1","s":"0x2","v":27},"vaultAddress":null,"expiresAfter":null})";
  EXPECT_NO_THROW(parse_exchange_body(ok));
  EXPECT_EQ(code("nope"), ErrorCode::kJsonSyntax);
  EXPECT_EQ(code(R"({"nonce":1,"signature":{"r":"0x1","s":"0x2","v":27}})"), ErrorCode::kJsonShape);
  EXPECT_EQ(code(replace(ok, R"("nonce":1)", R"("nonce":-1)")), ErrorCode::kJsonShape);
  EXPECT_EQ(code(replace(ok, R"("v":27)", R"("v":"27")")), ErrorCode::kBadSignature);
  EXPECT_EQ(code(replace(ok, R"("v":27)", R"("v":29)")), ErrorCode::kBadSignature);
  EXPECT_EQ(code(replace(ok, R"("r":"0x1")", R"("r":"1")")), ErrorCode::kBadSignature);
  EXPECT_EQ(code(replace(ok, R"("vaultAddress":null)", R"("vaultAddress":"0x12")")), ErrorCode::kBadAddress);
  EXPECT_EQ(code(replace(ok, R"("expiresAfter":null)", R"("extra":null)")), ErrorCode::kUnknownKey);
  EXPECT_EQ(code(replace(ok, R"({"type":"noop"})", R"({"type":"noop","x":1})")), ErrorCode::kUnknownKey);
}

}  // namespace
}  // namespace hlmm::hl
