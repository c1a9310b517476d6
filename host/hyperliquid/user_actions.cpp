#include "hyperliquid/user_actions.hpp"

#include <array>
#include <type_traits>
#include <vector>

#include "hyperliquid/exchange.hpp"
#include "hyperliquid/overloaded.hpp"

namespace hlmm::hl {
namespace {

constexpr Eip712Type S = Eip712Type::kString;
constexpr Eip712Type U64 = Eip712Type::kUint64;
constexpr Eip712Type ADDR = Eip712Type::kAddress;
constexpr Eip712Type BOOL = Eip712Type::kBool;

// Field lists from the Python SDK's signing.py, in its order (which is the EIP-712 type order).
constexpr std::array<Eip712Field, 4> kUsdSendFields{{{"hyperliquidChain", S}, {"destination", S}, {"amount", S}, {"time", U64}}};
constexpr std::array<Eip712Field, 4> kWithdrawFields = kUsdSendFields;
constexpr std::array<Eip712Field, 5> kSpotSendFields{
    {{"hyperliquidChain", S}, {"destination", S}, {"token", S}, {"amount", S}, {"time", U64}}};
constexpr std::array<Eip712Field, 4> kUsdClassTransferFields{
    {{"hyperliquidChain", S}, {"amount", S}, {"toPerp", BOOL}, {"nonce", U64}}};
constexpr std::array<Eip712Field, 8> kSendAssetFields{{{"hyperliquidChain", S},
                                                        {"destination", S},
                                                        {"sourceDex", S},
                                                        {"destinationDex", S},
                                                        {"token", S},
                                                        {"amount", S},
                                                        {"fromSubAccount", S},
                                                        {"nonce", U64}}};
constexpr std::array<Eip712Field, 4> kApproveAgentFields{
    {{"hyperliquidChain", S}, {"agentAddress", ADDR}, {"agentName", S}, {"nonce", U64}}};
constexpr std::array<Eip712Field, 4> kApproveBuilderFeeFields{
    {{"hyperliquidChain", S}, {"maxFeeRate", S}, {"builder", ADDR}, {"nonce", U64}}};

std::string chain_name(bool is_mainnet) { return is_mainnet ? "Mainnet" : "Testnet"; }

struct Typed {
  std::span<const Eip712Field> fields;
  std::vector<Eip712Value> values;
};

Typed typed(const UserSignedAction& a, bool is_mainnet) {
  const std::string chain = chain_name(is_mainnet);
  return std::visit(
      Overloaded{
          [&](const UsdSend& x) { return Typed{kUsdSendFields, {chain, x.destination, x.amount, x.time}}; },
          [&](const Withdraw& x) { return Typed{kWithdrawFields, {chain, x.destination, x.amount, x.time}}; },
          [&](const SpotSend& x) { return Typed{kSpotSendFields, {chain, x.destination, x.token, x.amount, x.time}}; },
          [&](const UsdClassTransfer& x) { return Typed{kUsdClassTransferFields, {chain, x.amount, x.to_perp, x.nonce}}; },
          [&](const SendAsset& x) {
            return Typed{kSendAssetFields, {chain, x.destination, x.source_dex, x.destination_dex, x.token, x.amount,
                                            x.from_sub_account, x.nonce}};
          },
          [&](const ApproveAgent& x) {
            return Typed{kApproveAgentFields, {chain, x.agent_address, x.agent_name.value_or(""), x.nonce}};
          },
          [&](const ApproveBuilderFee& x) {
            return Typed{kApproveBuilderFeeFields, {chain, x.max_fee_rate, x.builder, x.nonce}};
          },
      },
      a);
}

std::string hex_chain_id(std::uint64_t id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string digits;
  do {
    digits.insert(digits.begin(), kHex[id & 0xf]);
    id >>= 4;
  } while (id != 0);
  return "0x" + digits;
}

}  // namespace

// The two name tables below are indexed by the variant's alternative order.
static_assert(std::variant_size_v<UserSignedAction> == 7, "update the name tables with the variant");
static_assert(std::is_same_v<std::variant_alternative_t<5, UserSignedAction>, ApproveAgent>);

std::string_view user_action_type(const UserSignedAction& a) {
  static constexpr std::array<std::string_view, 7> kNames{"usdSend",   "withdraw3",    "spotSend",
                                                          "usdClassTransfer", "sendAsset", "approveAgent",
                                                          "approveBuilderFee"};
  return kNames[a.index()];
}

std::string_view user_action_primary_type(const UserSignedAction& a) {
  static constexpr std::array<std::string_view, 7> kNames{
      "HyperliquidTransaction:UsdSend",          "HyperliquidTransaction:Withdraw",
      "HyperliquidTransaction:SpotSend",         "HyperliquidTransaction:UsdClassTransfer",
      "HyperliquidTransaction:SendAsset",        "HyperliquidTransaction:ApproveAgent",
      "HyperliquidTransaction:ApproveBuilderFee"};
  return kNames[a.index()];
}

std::uint64_t user_action_nonce(const UserSignedAction& a) {
  return std::visit(Overloaded{
                        [](const UsdSend& x) { return x.time; },
                        [](const Withdraw& x) { return x.time; },
                        [](const SpotSend& x) { return x.time; },
                        [](const auto& x) { return x.nonce; },
                    },
                    a);
}

Hash32 user_action_digest(const UserSignedAction& a, bool is_mainnet, std::uint64_t signature_chain_id) {
  const Typed t = typed(a, is_mainnet);
  return user_signed_digest(user_action_primary_type(a), t.fields, t.values, signature_chain_id);
}

Signature sign_user_action(const PrivateKey& key, const UserSignedAction& a, bool is_mainnet,
                           std::uint64_t signature_chain_id) {
  return key.sign(user_action_digest(a, is_mainnet, signature_chain_id));
}

void encode_user_action_json(const UserSignedAction& a, bool is_mainnet, std::string& out, JsonStyle style,
                             std::uint64_t signature_chain_id) {
  JsonWriter w(out, style);
  w.begin_map(0);
  auto kv = [&](std::string_view k, std::string_view v) {
    w.key(k);
    w.str(v);
  };
  auto ku = [&](std::string_view k, std::uint64_t v) {
    w.key(k);
    w.uint(v);
  };
  // Key orders follow the dict literals in the Python SDK's exchange.py.
  std::visit(Overloaded{
                 [&](const UsdSend& x) {
                   kv("destination", x.destination);
                   kv("amount", x.amount);
                   ku("time", x.time);
                   kv("type", "usdSend");
                 },
                 [&](const Withdraw& x) {
                   kv("destination", x.destination);
                   kv("amount", x.amount);
                   ku("time", x.time);
                   kv("type", "withdraw3");
                 },
                 [&](const SpotSend& x) {
                   kv("destination", x.destination);
                   kv("amount", x.amount);
                   kv("token", x.token);
                   ku("time", x.time);
                   kv("type", "spotSend");
                 },
                 [&](const UsdClassTransfer& x) {
                   kv("type", "usdClassTransfer");
                   kv("amount", x.amount);
                   w.key("toPerp");
                   w.boolean(x.to_perp);
                   ku("nonce", x.nonce);
                 },
                 [&](const SendAsset& x) {
                   kv("type", "sendAsset");
                   kv("destination", x.destination);
                   kv("sourceDex", x.source_dex);
                   kv("destinationDex", x.destination_dex);
                   kv("token", x.token);
                   kv("amount", x.amount);
                   kv("fromSubAccount", x.from_sub_account);
                   ku("nonce", x.nonce);
                 },
                 [&](const ApproveAgent& x) {
                   kv("type", "approveAgent");
                   kv("agentAddress", x.agent_address.to_string());
                   if (x.agent_name) kv("agentName", *x.agent_name);
                   ku("nonce", x.nonce);
                 },
                 [&](const ApproveBuilderFee& x) {
                   kv("maxFeeRate", x.max_fee_rate);
                   kv("builder", x.builder.to_string());
                   ku("nonce", x.nonce);
                   kv("type", "approveBuilderFee");
                 },
             },
             a);
  kv("signatureChainId", hex_chain_id(signature_chain_id));
  kv("hyperliquidChain", chain_name(is_mainnet));
  w.end_map();
}

std::string user_action_body(const UserSignedAction& a, bool is_mainnet, const Signature& sig, JsonStyle style,
                             std::uint64_t signature_chain_id) {
  std::string action_json;
  encode_user_action_json(a, is_mainnet, action_json, style, signature_chain_id);
  std::string body;
  append_exchange_body(body, action_json, user_action_nonce(a), sig, std::nullopt, std::nullopt, style);
  return body;
}

}  // namespace hlmm::hl
