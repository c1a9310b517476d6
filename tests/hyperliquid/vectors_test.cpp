// Every value in tests/fixtures/hyperliquid/vectors.json (official Python SDK cases with their
// intermediate values) reproduced byte for byte, plus the derived constants of protocol.md §1.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "hyperliquid/actions.hpp"
#include "hyperliquid/eip712.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/private_key.hpp"
#include "hyperliquid/signature.hpp"
#include "test_util.hpp"

namespace hlmm::hl {
namespace {

using test::hex;
using test::unhex;
using test::vectors;

std::string str(simdjson::dom::element e, const char* key) { return std::string(std::string_view(e[key])); }

std::optional<Address> vault_of(simdjson::dom::element v) {
  simdjson::dom::element va = v["vault_address"];
  if (va.is_null()) return std::nullopt;
  return Address::parse(std::string_view(va));
}

std::optional<std::uint64_t> expires_of(simdjson::dom::element v) {
  simdjson::dom::element e = v["expires_after"];
  if (e.is_null()) return std::nullopt;
  return std::uint64_t(e.get_uint64());
}

// The typed model's encoding of the order vectors, built by hand from the SDK call in the test.
std::map<std::string, L1Action> typed_actions() {
  OrderWire gtc{.asset = 1, .is_buy = true, .price = 100 * kPriceScale, .size = 100 * kSizeScale,
                .reduce_only = false, .type = LimitOrderType{Tif::kGtc}, .cloid = std::nullopt};
  OrderWire gtc_cloid = gtc;
  gtc_cloid.cloid = Cloid::parse("0x00000000000000000000000000000001");
  OrderWire ioc{.asset = 4, .is_buy = true, .price = 167'010'000'000, .size = 1'470'000,
                .reduce_only = false, .type = LimitOrderType{Tif::kIoc}, .cloid = std::nullopt};
  return {
      {"py_l1_order_gtc", OrderAction{.orders = {gtc}, .grouping = GroupingKind::kNa, .builder = {}}},
      {"py_l1_order_gtc_cloid", OrderAction{.orders = {gtc_cloid}, .grouping = GroupingKind::kNa, .builder = {}}},
      {"py_connection_id_production_order",
       OrderAction{.orders = {ioc}, .grouping = GroupingKind::kNa, .builder = {}}},
  };
}

TEST(Vectors, FileHasEveryKind) {
  EXPECT_EQ(simdjson::dom::array(vectors()["l1_vectors"]).size(), 4u);
  EXPECT_EQ(simdjson::dom::array(vectors()["user_signed_vectors"]).size(), 1u);
  EXPECT_EQ(simdjson::dom::array(vectors()["hash_only_vectors"]).size(), 1u);
}

TEST(Vectors, DerivedConstants) {
  EXPECT_EQ(hex(keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
            "0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f");
  EXPECT_EQ(hex(l1_domain_separator()), "0xd79297fcdf2ffcd4ae223d01edaa2ba214ff8f401d7c9300d995d17c82aa4040");
  EXPECT_EQ(hex(keccak256("Agent(string source,bytes32 connectionId)")),
            "0x26f05c2f7239b6983075e58321292d77b3aa173d19b27257ac96ab362570f508");
  EXPECT_EQ(hex(keccak256("a")), "0x3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb");
  EXPECT_EQ(hex(keccak256("b")), "0xb5553de315e0edf504d9150af82dafa5c4667fa618ed0a6f19c69b41166c5510");
  EXPECT_EQ(hex(eip712_domain_separator("HyperliquidSignTransaction", "1", kUserSignedChainId)),
            "0xfeb1393ca4412a4ca577bd51d04f0a77033514c602f4d0a11490fb95f7428df6");
}

// msgpack, preimage, connection id and both digests, for the L1 and hash-only vectors.
void check_hash_chain(simdjson::dom::element v, bool has_testnet) {
  const std::string id = str(v, "id");
  SCOPED_TRACE(id);
  simdjson::dom::element d = v["derived"];
  const auto msgpack = test::generic_msgpack(v["action"]);
  EXPECT_EQ(hex(msgpack), str(d, "msgpack_action_hex"));

  const auto typed = typed_actions();
  if (auto it = typed.find(id); it != typed.end()) {
    EXPECT_EQ(hex(encode_msgpack(it->second)), str(d, "msgpack_action_hex")) << "typed model";
  }

  const std::uint64_t nonce = v["nonce"].get_uint64();
  const auto vault = vault_of(v);
  const auto expires = expires_of(v);
  std::vector<std::uint8_t> pre;
  append_l1_hash_preimage(pre, msgpack, nonce, vault, expires);
  EXPECT_EQ(hex(pre), str(d, "hash_preimage_hex"));

  const Hash32 cid = l1_connection_id(msgpack, nonce, vault, expires);
  const std::string expected_cid =
      d["connection_id"].error() ? str(v["expected"], "connection_id") : str(d, "connection_id");
  EXPECT_EQ(hex(cid), expected_cid);
  EXPECT_EQ(hex(l1_agent_digest(cid, true)), str(d, "mainnet_eip712_digest"));
  if (has_testnet) {
    EXPECT_EQ(hex(l1_agent_digest(cid, false)), str(d, "testnet_eip712_digest"));
  }
}

TEST(Vectors, L1HashChain) {
  for (simdjson::dom::element v : simdjson::dom::array(vectors()["l1_vectors"])) check_hash_chain(v, true);
}

TEST(Vectors, HashOnlyConnectionId) {
  for (simdjson::dom::element v : simdjson::dom::array(vectors()["hash_only_vectors"])) {
    check_hash_chain(v, false);
    EXPECT_EQ(str(v["expected"], "phantom_agent_source"), "a");
  }
}

void check_signature(const PrivateKey& key, const Hash32& digest, simdjson::dom::element expected,
                     std::string_view r_padded, std::string_view s_padded, std::string_view signer) {
  const Signature sig = key.sign(digest);
  EXPECT_EQ(sig.r_hex(), str(expected, "r"));
  EXPECT_EQ(sig.s_hex(), str(expected, "s"));
  EXPECT_EQ(sig.v, std::uint64_t(expected["v"].get_uint64()));
  EXPECT_EQ(hex(sig.r), r_padded);
  EXPECT_EQ(hex(sig.s), s_padded);
  // The venue's view: whoever signed this digest must be the vector's account.
  const auto recovered = recover_address(digest, sig);
  ASSERT_TRUE(recovered.has_value());
  EXPECT_EQ(recovered->to_string(), signer);
  // And the vector's own signature, parsed from its minimal-hex text, recovers the same address.
  const Signature theirs = Signature::from_hex(str(expected, "r"), str(expected, "s"),
                                               static_cast<unsigned>(std::uint64_t(expected["v"].get_uint64())));
  EXPECT_EQ(theirs, sig);
}

TEST(Vectors, L1Signatures) {
  for (simdjson::dom::element v : simdjson::dom::array(vectors()["l1_vectors"])) {
    SCOPED_TRACE(str(v, "id"));
    const PrivateKey key = PrivateKey::from_hex(str(v, "private_key"));
    const std::string signer = str(v, "signer_address");
    EXPECT_EQ(key.address().to_string(), signer);
    simdjson::dom::element d = v["derived"];
    const auto msgpack = test::generic_msgpack(v["action"]);
    const Hash32 cid = l1_connection_id(msgpack, v["nonce"].get_uint64(), vault_of(v), expires_of(v));
    check_signature(key, l1_agent_digest(cid, true), v["expected"]["mainnet"], str(d, "mainnet_r_padded"),
                    str(d, "mainnet_s_padded"), signer);
    check_signature(key, l1_agent_digest(cid, false), v["expected"]["testnet"], str(d, "testnet_r_padded"),
                    str(d, "testnet_s_padded"), signer);
  }
}

TEST(Vectors, TypedOrderActionsSignLikeTheSdk) {
  const auto typed = typed_actions();
  for (simdjson::dom::element v : simdjson::dom::array(vectors()["l1_vectors"])) {
    const std::string id = str(v, "id");
    auto it = typed.find(id);
    if (it == typed.end()) continue;
    SCOPED_TRACE(id);
    const PrivateKey key = PrivateKey::from_hex(str(v, "private_key"));
    for (const bool mainnet : {true, false}) {
      const L1Envelope env{.nonce = v["nonce"].get_uint64(), .vault = vault_of(v),
                           .expires_after = expires_of(v), .is_mainnet = mainnet};
      const Signature sig = sign_l1_action(key, it->second, env);
      simdjson::dom::element e = v["expected"][mainnet ? "mainnet" : "testnet"];
      EXPECT_EQ(sig.r_hex(), str(e, "r"));
      EXPECT_EQ(sig.s_hex(), str(e, "s"));
      EXPECT_EQ(sig.v, std::uint64_t(e["v"].get_uint64()));
    }
  }
}

TEST(Vectors, UserSignedUsdSend) {
  for (simdjson::dom::element v : simdjson::dom::array(vectors()["user_signed_vectors"])) {
    SCOPED_TRACE(str(v, "id"));
    std::vector<std::string> names;  // keeps the string_views in `fields` alive
    std::vector<Eip712Field> fields;
    std::vector<Eip712Value> values;
    simdjson::dom::element msg = v["message_signed"];
    for (simdjson::dom::element f : simdjson::dom::array(v["eip712_fields"])) names.push_back(str(f, "name"));
    std::size_t i = 0;
    for (simdjson::dom::element f : simdjson::dom::array(v["eip712_fields"])) {
      const std::string type = str(f, "type");
      const std::string& name = names[i++];
      if (type == "string") {
        fields.push_back({name, Eip712Type::kString});
        values.emplace_back(std::string(std::string_view(msg[name])));
      } else if (type == "uint64") {
        fields.push_back({name, Eip712Type::kUint64});
        values.emplace_back(std::uint64_t(msg[name].get_uint64()));
      } else {
        FAIL() << "vector uses a field type this test does not map: " << type;
      }
    }
    const std::uint64_t chain = v["domain"]["chainId"].get_uint64();
    EXPECT_EQ(chain, kUserSignedChainId);
    const Hash32 digest = user_signed_digest(str(v, "primary_type"), fields, values, chain);
    EXPECT_EQ(hex(digest), str(v["derived"], "eip712_digest"));
    const PrivateKey key = PrivateKey::from_hex(str(v, "private_key"));
    check_signature(key, digest, v["expected"], str(v["derived"], "r_padded"), str(v["derived"], "s_padded"),
                    key.address().to_string());
  }
}

// A signature over one digest must not verify as the signer over any other digest.
TEST(Vectors, RecoveryRejectsOtherDigest) {
  const PrivateKey key = PrivateKey::from_hex("0x0123456789012345678901234567890123456789012345678901234567890123");
  Hash32 digest = keccak256("one");
  const Signature sig = key.sign(digest);
  digest[0] ^= 1;
  const auto other = recover_address(digest, sig);
  ASSERT_TRUE(other.has_value());  // some key signed it, just not ours
  EXPECT_NE(*other, key.address());
  Signature bad_v = sig;
  bad_v.v = 29;
  EXPECT_FALSE(recover_address(digest, bad_v).has_value());
  Signature zero_r = sig;
  zero_r.r.fill(0);
  EXPECT_FALSE(recover_address(keccak256("one"), zero_r).has_value());
}

}  // namespace
}  // namespace hlmm::hl
