// The signed request body, byte for byte as the Python SDK posts it, and the parts of the hash
// preimage no official vector covers (expiresAfter).
#include <gtest/gtest.h>

#include <set>

#include "hyperliquid/error.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/keccak.hpp"
#include "hyperliquid/user_actions.hpp"
#include "key_test.hpp"
#include "test_util.hpp"

namespace hlmm::hl {
namespace {

using test::hex;
using test::kVectorAddress;
using test::kVectorKey;

OrderAction gtc_vector_action() {
  return OrderAction{.orders = {OrderWire{.asset = 1, .is_buy = true, .price = 100 * kPriceScale,
                                          .size = 100 * kSizeScale, .reduce_only = false,
                                          .type = LimitOrderType{Tif::kGtc}, .cloid = std::nullopt}},
                     .grouping = GroupingKind::kNa, .builder = std::nullopt};
}

// py_l1_order_gtc, mainnet, nonce 0: r/s/v from the vector.
TEST(ExchangeBody, MatchesThePythonSdkBytes) {
  const PrivateKey key = PrivateKey::from_hex(kVectorKey);
  const L1Envelope env{.nonce = 0, .vault = std::nullopt, .expires_after = std::nullopt, .is_mainnet = true};
  const L1Action action = gtc_vector_action();
  const std::string expected =
      R"({"action": {"type": "order", "orders": [{"a": 1, "b": true, "p": "100", "s": "100", "r": false, )"
      R"("t": {"limit": {"tif": "Gtc"}}}], "grouping": "na"}, "nonce": 0, "signature": {"r": )"
      R"("0xd65369825a9df5d80099e513cce430311d7d26ddf477f5b3a33d2806b100d78e", "s": )"
      R"("0x2b54116ff64054968aa237c20ca9ff68000f977c93289157748a3162b6ea940e", "v": 28}, )"
      R"("vaultAddress": null, "expiresAfter": null})";
  EXPECT_EQ(exchange_body(action, env, sign_l1_action(key, action, env)), expected);
  L1RequestBuilder builder;
  EXPECT_EQ(builder.build(key, action, env), expected);
  EXPECT_EQ(builder.build(key, action, env), expected) << "buffers reused across calls";
}

// py_l1_dummy_vault's vault, and the minimal-hex r that drops two leading zero digits.
TEST(ExchangeBody, VaultAndExpiresAfterAreFilledIn) {
  const PrivateKey key = PrivateKey::from_hex(kVectorKey);
  const L1Envelope env{.nonce = 1713825891591,
                       .vault = Address::parse("0x1719884EB866CB12B2287399B15F7DB5E7D775EA"),
                       .expires_after = 1713825951591,
                       .is_mainnet = false};
  const std::string body = exchange_body(NoopAction{}, env, sign_l1_action(key, NoopAction{}, env), JsonStyle::kCompact);
  EXPECT_TRUE(body.starts_with(R"({"action":{"type":"noop"},"nonce":1713825891591,"signature":{"r":"0x)")) << body;
  EXPECT_TRUE(body.ends_with(R"(,"vaultAddress":"0x1719884eb866cb12b2287399b15f7db5e7d775ea","expiresAfter":1713825951591})"))
      << body;
  // The body is JSON and its signature recovers the signer over the digest of what it carries.
  simdjson::dom::parser p;
  simdjson::dom::element doc = p.parse(body);
  const Signature sig = Signature::from_hex(std::string_view(doc["signature"]["r"]), std::string_view(doc["signature"]["s"]),
                                            static_cast<unsigned>(std::uint64_t(doc["signature"]["v"])));
  EXPECT_EQ(recover_address(l1_action_digest(NoopAction{}, env), sig)->to_string(), kVectorAddress);
}

TEST(ExchangeBody, MinimalHexDropsLeadingZeros) {
  Signature s;
  s.r[31] = 1;
  s.s[0] = 0x0a;
  EXPECT_EQ(s.r_hex(), "0x1");
  EXPECT_EQ(s.s_hex(), "0xa" + std::string(62, '0'));
  EXPECT_EQ(Signature{}.r_hex(), "0x0");
  EXPECT_EQ(Signature::from_hex("0x1", "0x0a" + std::string(62, '0'), 27).r, s.r);
}

TEST(ExchangeBody, BadSignatureTextIsNamed) {
  for (const auto& [r, v] : std::vector<std::pair<std::string, unsigned>>{
           {"0x", 27}, {"12", 27}, {"0x" + std::string(65, '1'), 27}, {"0xzz", 27}, {"0x1", 29}, {"0x1", 0}}) {
    try {
      Signature::from_hex(r, "0x1", v);
      ADD_FAILURE() << r << " " << v;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kBadSignature);
    }
  }
}

// No official vector has expiresAfter: the layout is checked against protocol.md §1.1 by hand.
TEST(L1Preimage, ExpiresAfterLayout) {
  const std::vector<std::uint8_t> mp = encode_msgpack(NoopAction{});
  std::vector<std::uint8_t> pre;
  append_l1_hash_preimage(pre, mp, 0x0102030405060708ULL, std::nullopt, 0x1112131415161718ULL);
  EXPECT_EQ(hex(pre), "0x81a474797065a46e6f6f70" "0102030405060708" "00" "00" "1112131415161718");
  pre.clear();
  append_l1_hash_preimage(pre, mp, 1, Address::parse("0x00000000000000000000000000000000000000ff"), 2);
  EXPECT_EQ(hex(pre), "0x81a474797065a46e6f6f70" "0000000000000001" "01" "00000000000000000000000000000000000000ff" "00"
                      "0000000000000002");
  EXPECT_EQ(l1_connection_id(mp, 1, std::nullopt, 2), keccak256(std::span<const std::uint8_t>(
                                                         test::unhex("0x81a474797065a46e6f6f70000000000000000100000000000000000002"))));
}

TEST(UserSigned, UsdSendVectorThroughTheTypedModel) {
  const PrivateKey key = PrivateKey::from_hex(kVectorKey);
  const UserSignedAction send = UsdSend{"0x5e9ee1089755c3435139848e47e6635505d5a13a", "1", 1687816341423};
  EXPECT_EQ(hex(user_action_digest(send, false)), "0xcacf7585cc49ca60c6c5fb3001e226c0ca03c46252c893eea574c78907b7cebe");
  const Signature sig = sign_user_action(key, send, false);
  EXPECT_EQ(sig.r_hex(), "0x637b37dd731507cdd24f46532ca8ba6eec616952c56218baeff04144e4a77073");
  EXPECT_EQ(sig.s_hex(), "0x11a6a24900e6e314136d2592e2f8d502cd89b7c15b198e1bee043c9589f9fad7");
  EXPECT_EQ(sig.v, 27);
  EXPECT_EQ(user_action_body(send, false, sig),
            R"({"action": {"destination": "0x5e9ee1089755c3435139848e47e6635505d5a13a", "amount": "1", )"
            R"("time": 1687816341423, "type": "usdSend", "signatureChainId": "0x66eee", "hyperliquidChain": "Testnet"}, )"
            R"("nonce": 1687816341423, "signature": {"r": "0x637b37dd731507cdd24f46532ca8ba6eec616952c56218baeff04144e4a77073", )"
            R"("s": "0x11a6a24900e6e314136d2592e2f8d502cd89b7c15b198e1bee043c9589f9fad7", "v": 27}, )"
            R"("vaultAddress": null, "expiresAfter": null})");
}

// Each kind's digest rebuilt from protocol.md §2's field list (the Python SDK's signing.py) with
// nothing from the production tables: keccak256 alone, and the domain separator protocol.md
// gives for chain id 0x66eee. A field out of order, mistyped or misnamed moves the digest.
namespace eip712_by_hand {
struct Field {
  std::string_view type;  // "string", "uint64", "bool", "address"
  std::string_view name;
  std::string value;      // text for string; decimal for uint64; "true"/"false"; 0x-hex address
};

void append_word(std::string& out, const Hash32& w) { out.append(reinterpret_cast<const char*>(w.data()), w.size()); }

Hash32 word_of(const Field& f) {
  Hash32 w{};
  if (f.type == "string") return keccak256(f.value);
  if (f.type == "uint64") {
    std::uint64_t v = std::stoull(f.value);
    for (int i = 31; i >= 24; --i, v >>= 8) w[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
  } else if (f.type == "bool") {
    w[31] = f.value == "true" ? 1 : 0;
  } else {
    const Address a = Address::parse(f.value);
    std::copy(a.bytes.begin(), a.bytes.end(), w.begin() + 12);
  }
  return w;
}

Hash32 digest(std::string_view primary_type, const std::vector<Field>& fields) {
  std::string type(primary_type);
  type += '(';
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) type += ',';
    type += std::string(fields[i].type) + " " + std::string(fields[i].name);
  }
  type += ')';
  std::string encoded;
  append_word(encoded, keccak256(type));
  for (const Field& f : fields) append_word(encoded, word_of(f));
  std::string preimage("\x19\x01", 2);
  Hash32 domain{};
  const std::string_view kDomain = "feb1393ca4412a4ca577bd51d04f0a77033514c602f4d0a11490fb95f7428df6";  // protocol.md §2
  for (std::size_t i = 0; i < 32; ++i) domain[i] = static_cast<std::uint8_t>(std::stoul(std::string(kDomain.substr(2 * i, 2)), nullptr, 16));
  append_word(preimage, domain);
  append_word(preimage, keccak256(encoded));
  return keccak256(preimage);
}
}  // namespace eip712_by_hand

TEST(UserSigned, EveryKindsDigestIsProtocolMdsFieldListSigned) {
  using eip712_by_hand::digest;
  const std::string dest = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
  const std::string agent = "0x00000000000000000000000000000000000000aa";
  const std::string chain = "Mainnet";
  struct Case {
    UserSignedAction action;
    std::string_view primary_type;
    std::vector<eip712_by_hand::Field> fields;
  };
  const std::vector<Case> cases{
      {UsdSend{dest, "1", 11}, "HyperliquidTransaction:UsdSend",
       {{"string", "hyperliquidChain", chain}, {"string", "destination", dest}, {"string", "amount", "1"}, {"uint64", "time", "11"}}},
      {Withdraw{dest, "2.5", 12}, "HyperliquidTransaction:Withdraw",
       {{"string", "hyperliquidChain", chain}, {"string", "destination", dest}, {"string", "amount", "2.5"}, {"uint64", "time", "12"}}},
      {SpotSend{dest, "PURR:0xc4bf3f870c0e9465323c0b6ed28096c2", "3", 13}, "HyperliquidTransaction:SpotSend",
       {{"string", "hyperliquidChain", chain}, {"string", "destination", dest},
        {"string", "token", "PURR:0xc4bf3f870c0e9465323c0b6ed28096c2"}, {"string", "amount", "3"}, {"uint64", "time", "13"}}},
      {UsdClassTransfer{"4", true, 14}, "HyperliquidTransaction:UsdClassTransfer",
       {{"string", "hyperliquidChain", chain}, {"string", "amount", "4"}, {"bool", "toPerp", "true"}, {"uint64", "nonce", "14"}}},
      {SendAsset{dest, "", "spot", "USDC", "5", "sub", 15}, "HyperliquidTransaction:SendAsset",
       {{"string", "hyperliquidChain", chain}, {"string", "destination", dest}, {"string", "sourceDex", ""},
        {"string", "destinationDex", "spot"}, {"string", "token", "USDC"}, {"string", "amount", "5"},
        {"string", "fromSubAccount", "sub"}, {"uint64", "nonce", "15"}}},
      {ApproveAgent{Address::parse(agent), std::string("mm"), 16}, "HyperliquidTransaction:ApproveAgent",
       {{"string", "hyperliquidChain", chain}, {"address", "agentAddress", agent}, {"string", "agentName", "mm"},
        {"uint64", "nonce", "16"}}},
      {ApproveBuilderFee{"0.001%", Address::parse(agent), 17}, "HyperliquidTransaction:ApproveBuilderFee",
       {{"string", "hyperliquidChain", chain}, {"string", "maxFeeRate", "0.001%"}, {"address", "builder", agent},
        {"uint64", "nonce", "17"}}},
  };
  ASSERT_EQ(cases.size(), std::variant_size_v<UserSignedAction>);
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.primary_type));
    EXPECT_EQ(user_action_primary_type(c.action), c.primary_type);
    EXPECT_EQ(hex(user_action_digest(c.action, true)), hex(digest(c.primary_type, c.fields)));
  }
}

TEST(UserSigned, EveryKindSignsAndRecovers) {
  const PrivateKey key = PrivateKey::from_hex(kVectorKey);
  const Address agent = Address::parse("0x00000000000000000000000000000000000000aa");
  const std::vector<UserSignedAction> all{
      UsdSend{"0x5e9ee1089755c3435139848e47e6635505d5a13a", "1", 1},
      Withdraw{"0x5e9ee1089755c3435139848e47e6635505d5a13a", "2.5", 2},
      SpotSend{"0x5e9ee1089755c3435139848e47e6635505d5a13a", "PURR:0xc4bf3f870c0e9465323c0b6ed28096c2", "3", 3},
      UsdClassTransfer{"4", true, 4},
      SendAsset{"0x5e9ee1089755c3435139848e47e6635505d5a13a", "", "spot", "USDC", "5", "", 5},
      ApproveAgent{agent, std::string("mm"), 6},
      ApproveBuilderFee{"0.001%", agent, 7}};
  std::set<std::string> digests;
  for (const auto& a : all) {
    SCOPED_TRACE(std::string(user_action_type(a)));
    const Hash32 d = user_action_digest(a, true);
    EXPECT_NE(d, user_action_digest(a, false)) << "hyperliquidChain must be signed";
    digests.insert(hex(d));
    EXPECT_EQ(recover_address(d, sign_user_action(key, a, true))->to_string(), kVectorAddress);
  }
  EXPECT_EQ(digests.size(), all.size());
  // An unnamed agent is signed with agentName "" and posted without the key.
  const UserSignedAction unnamed = ApproveAgent{agent, std::nullopt, 6};
  const UserSignedAction empty_name = ApproveAgent{agent, std::string(), 6};
  EXPECT_EQ(user_action_digest(unnamed, true), user_action_digest(empty_name, true));
  std::string json;
  encode_user_action_json(unnamed, true, json, JsonStyle::kCompact);
  EXPECT_EQ(json, R"({"type":"approveAgent","agentAddress":"0x00000000000000000000000000000000000000aa","nonce":6,)"
                  R"("signatureChainId":"0x66eee","hyperliquidChain":"Mainnet"})");
}

}  // namespace
}  // namespace hlmm::hl
