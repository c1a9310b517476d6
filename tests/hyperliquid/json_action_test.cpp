// Reading actions from JSON: every kind lands on the same bytes as the typed model (and the
// official vectors), and each malformed input is refused with its own error code.
#include <gtest/gtest.h>

#include <string>

#include "hyperliquid/action_json.hpp"
#include "hyperliquid/error.hpp"
#include "test_util.hpp"

namespace hlmm::hl {
namespace {

using test::hex;

std::string msgpack_hex_of_json(std::string_view json) { return hex(encode_msgpack(parse_l1_action_json(json))); }

std::string json_of(std::string_view json) {
  std::string out;
  encode_json(parse_l1_action_json(json), out, JsonStyle::kCompact);
  return out;
}

ErrorCode code_of(std::string_view json) {
  try {
    parse_action_json(json);
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "accepted: " << json;
  return ErrorCode::kBadSignature;  // any code the callers never expect here
}

TEST(ActionJson, OfficialOrderVectorsRoundTrip) {
  for (simdjson::dom::element v : simdjson::dom::array(test::vectors()["l1_vectors"])) {
    std::string_view type = v["action"]["type"];
    if (type != "order") continue;
    SCOPED_TRACE(std::string_view(v["id"]));
    EXPECT_EQ(msgpack_hex_of_json(simdjson::minify(v["action"])), std::string_view(v["derived"]["msgpack_action_hex"]));
  }
  simdjson::dom::element h = simdjson::dom::array(test::vectors()["hash_only_vectors"]).at(0);
  EXPECT_EQ(msgpack_hex_of_json(simdjson::minify(h["action"])), std::string_view(h["derived"]["msgpack_action_hex"]));
}

TEST(ActionJson, KeyOrderOfTheInputDoesNotMatter) {
  EXPECT_EQ(msgpack_hex_of_json(R"({"grouping":"na","orders":[{"t":{"limit":{"tif":"Gtc"}},"r":false,"s":"100",)"
                                R"("p":"100","b":true,"a":1}],"type":"order"})"),
            "0x83a474797065a56f72646572a66f72646572739186a16101a162c3a170a3313030a173a3313030a172c2a17481a56c696d6974"
            "81a3746966a3477463a867726f7570696e67a26e61");
}

TEST(ActionJson, PricesAreCanonicalised) {
  EXPECT_EQ(json_of(R"({"type":"order","orders":[{"a":0,"b":false,"p":"2000.0","s":"0.10","r":true,)"
                    R"("t":{"trigger":{"isMarket":false,"triggerPx":"1999.50","tpsl":"sl"}},"c":null}],"grouping":{"p":5}})"),
            R"({"type":"order","orders":[{"a":0,"b":false,"p":"2000","s":"0.1","r":true,)"
            R"("t":{"trigger":{"isMarket":false,"triggerPx":"1999.5","tpsl":"sl"}}}],"grouping":{"p":5}})");
}

TEST(ActionJson, EveryL1Kind) {
  EXPECT_EQ(json_of(R"({"type":"cancel","cancels":[{"a":3,"o":99}],"f":true})"),
            R"({"type":"cancel","cancels":[{"a":3,"o":99}],"f":true})");
  EXPECT_EQ(json_of(R"({"type":"cancel","cancels":[{"a":3,"o":99}],"f":false})"),
            R"({"type":"cancel","cancels":[{"a":3,"o":99}]})");
  EXPECT_EQ(json_of(R"({"type":"cancelByCloid","cancels":[{"asset":3,"cloid":"0x0000000000000000000000000000ABCD"}]})"),
            R"({"type":"cancelByCloid","cancels":[{"asset":3,"cloid":"0x0000000000000000000000000000abcd"}]})");
  EXPECT_EQ(json_of(R"({"type":"modify","oid":5,"order":{"a":1,"b":true,"p":"1","s":"2","r":false,"t":{"limit":{"tif":"Alo"}}},"a":true})"),
            R"({"type":"modify","oid":5,"order":{"a":1,"b":true,"p":"1","s":"2","r":false,"t":{"limit":{"tif":"Alo"}}},"a":true})");
  EXPECT_EQ(json_of(R"({"type":"batchModify","modifies":[{"oid":"0x00000000000000000000000000000001","order":)"
                    R"({"a":1,"b":true,"p":"1","s":"2","r":false,"t":{"limit":{"tif":"Ioc"}}}}]})"),
            R"({"type":"batchModify","modifies":[{"oid":"0x00000000000000000000000000000001","order":)"
            R"({"a":1,"b":true,"p":"1","s":"2","r":false,"t":{"limit":{"tif":"Ioc"}}}}]})");
  EXPECT_EQ(json_of(R"({"type":"scheduleCancel"})"), R"({"type":"scheduleCancel"})");
  EXPECT_EQ(json_of(R"({"type":"scheduleCancel","time":null})"), R"({"type":"scheduleCancel"})");
  EXPECT_EQ(json_of(R"({"type":"scheduleCancel","time":1700000005000})"), R"({"type":"scheduleCancel","time":1700000005000})");
  EXPECT_EQ(json_of(R"({"type":"updateLeverage","asset":0,"isCross":true,"leverage":10})"),
            R"({"type":"updateLeverage","asset":0,"isCross":true,"leverage":10})");
  EXPECT_EQ(json_of(R"({"type":"updateIsolatedMargin","asset":0,"isBuy":true,"ntli":-2000000})"),
            R"({"type":"updateIsolatedMargin","asset":0,"isBuy":true,"ntli":-2000000})");
  EXPECT_EQ(json_of(R"({"type":"noop"})"), R"({"type":"noop"})");
  EXPECT_EQ(json_of(R"({"type":"order","orders":[{"a":1,"b":true,"p":"1","s":"2","r":false,"t":{"limit":{"tif":"Gtc"}}}],)"
                    R"("grouping":"na","builder":{"b":"0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","f":10}})"),
            R"({"type":"order","orders":[{"a":1,"b":true,"p":"1","s":"2","r":false,"t":{"limit":{"tif":"Gtc"}}}],)"
            R"("grouping":"na","builder":{"b":"0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","f":10}})");
}

constexpr const char* kOrderHead = R"({"type":"order","grouping":"na","orders":[)";
std::string order_with(std::string_view fields) { return std::string(kOrderHead) + "{" + std::string(fields) + "}]}"; }
constexpr const char* kGood = R"("a":1,"b":true,"r":false,"t":{"limit":{"tif":"Gtc"}})";

TEST(ActionJson, MalformedInputsHaveNamedErrors) {
  EXPECT_EQ(code_of("{"), ErrorCode::kJsonSyntax);
  EXPECT_EQ(code_of("[]"), ErrorCode::kJsonShape);
  EXPECT_EQ(code_of(R"({"orders":[]})"), ErrorCode::kJsonShape);  // no type
  EXPECT_EQ(code_of(R"({"type":"dummy","num":1})"), ErrorCode::kUnknownActionType);
  EXPECT_EQ(code_of(R"({"type":"noop","extra":1})"), ErrorCode::kUnknownKey);
  EXPECT_EQ(code_of(R"({"type":"noop","type":"noop"})"), ErrorCode::kJsonShape);
  EXPECT_EQ(code_of(R"({"type":"cancel","cancels":[{"a":1,"o":2,"o":3}]})"), ErrorCode::kJsonShape);
  EXPECT_EQ(code_of(R"({"type":"order","grouping":"na","orders":[]})"), ErrorCode::kEmptyBatch);
  EXPECT_EQ(code_of(R"({"type":"order","orders":[{"a":1}]})"), ErrorCode::kJsonShape);
  EXPECT_EQ(code_of(order_with(std::string(kGood) + R"(,"p":100.5,"s":"1")")), ErrorCode::kBadPrice);
  EXPECT_EQ(code_of(order_with(std::string(kGood) + R"(,"p":"1e3","s":"1")")), ErrorCode::kBadPrice);
  EXPECT_EQ(code_of(order_with(std::string(kGood) + R"(,"p":"-1","s":"1")")), ErrorCode::kBadPrice);
  EXPECT_EQ(code_of(order_with(std::string(kGood) + R"(,"p":"0.000000001","s":"1")")), ErrorCode::kBadPrice);
  EXPECT_EQ(code_of(order_with(std::string(kGood) + R"(,"p":"1","s":"abc")")), ErrorCode::kBadSize);
  EXPECT_EQ(code_of(order_with(std::string(kGood) + R"(,"p":"1","s":"1","c":"0x1234")")), ErrorCode::kBadCloid);
  EXPECT_EQ(code_of(order_with(std::string(kGood) + R"(,"p":"1","s":"1","x":1)")), ErrorCode::kUnknownKey);
  EXPECT_EQ(code_of(order_with(R"("a":1.0,"b":true,"r":false,"t":{"limit":{"tif":"Gtc"}},"p":"1","s":"1")")),
            ErrorCode::kNotAnInteger);
  EXPECT_EQ(code_of(order_with(R"("a":-1,"b":true,"r":false,"t":{"limit":{"tif":"Gtc"}},"p":"1","s":"1")")),
            ErrorCode::kIntegerOutOfRange);
  EXPECT_EQ(code_of(order_with(R"("a":4294967296,"b":true,"r":false,"t":{"limit":{"tif":"Gtc"}},"p":"1","s":"1")")),
            ErrorCode::kIntegerOutOfRange);
  EXPECT_EQ(code_of(order_with(R"("a":1,"b":1,"r":false,"t":{"limit":{"tif":"Gtc"}},"p":"1","s":"1")")),
            ErrorCode::kJsonShape);
  EXPECT_EQ(code_of(order_with(R"("a":1,"b":true,"r":false,"t":{"limit":{"tif":"GTC"}},"p":"1","s":"1")")),
            ErrorCode::kBadTif);
  EXPECT_EQ(code_of(order_with(R"("a":1,"b":true,"r":false,"t":{"trigger":{"isMarket":true,"triggerPx":"1","tpsl":"x"}},"p":"1","s":"1")")),
            ErrorCode::kBadTpsl);
  EXPECT_EQ(code_of(order_with(R"("a":1,"b":true,"r":false,"t":{"limit":{"tif":"Gtc"},"trigger":{}},"p":"1","s":"1")")),
            ErrorCode::kJsonShape);
  EXPECT_EQ(code_of(R"({"type":"order","grouping":"all","orders":[{"a":1,"b":true,"r":false,"t":{"limit":{"tif":"Gtc"}},"p":"1","s":"1"}]})"),
            ErrorCode::kBadGrouping);
  EXPECT_EQ(code_of(R"({"type":"order","grouping":"na","builder":{"b":"0x12","f":1},"orders":[{"a":1,"b":true,"r":false,"t":{"limit":{"tif":"Gtc"}},"p":"1","s":"1"}]})"),
            ErrorCode::kBadAddress);
  EXPECT_EQ(code_of(R"({"type":"cancel","cancels":[{"a":1,"o":18446744073709551616}]})"), ErrorCode::kJsonSyntax);
  EXPECT_EQ(code_of(R"({"type":"updateLeverage","asset":0,"isCross":true,"leverage":0})"), ErrorCode::kIntegerOutOfRange);
  EXPECT_EQ(code_of(R"({"type":"scheduleCancel","time":1.5})"), ErrorCode::kNotAnInteger);
  EXPECT_EQ(code_of(R"({"type":"usdSend","destination":"0x5e9ee1089755c3435139848e47e6635505d5a13a","amount":"1.0.0","time":1})"),
            ErrorCode::kBadSize);
  EXPECT_EQ(code_of(R"({"type":"usdSend","destination":"bob","amount":"1","time":1})"), ErrorCode::kBadAddress);
  // Past int64 at 18 decimals the amount's value is not checked, but its shape still is.
  const auto send = [](std::string_view amount) {
    return R"({"type":"usdSend","destination":"0x5e9ee1089755c3435139848e47e6635505d5a13a","amount":")" +
           std::string(amount) + R"(","time":1})";
  };
  for (const std::string_view bad : {"-99999999999999999999", "99999999999999999999.5.5", "99999999999999999999.",
                                     "99999999999999999999e3", "-1", ".5", "1."}) {
    EXPECT_EQ(code_of(send(bad)), ErrorCode::kBadSize) << bad;
  }
  const AnyAction big = parse_action_json(send("99999999999999999999.000000000000000001"));
  EXPECT_EQ(std::get<UsdSend>(std::get<ParsedUserAction>(big).action).amount, "99999999999999999999.000000000000000001");
}

TEST(ActionJson, UserSignedKinds) {
  const AnyAction a = parse_action_json(
      R"({"type":"usdSend","destination":"0x5E9EE1089755C3435139848E47E6635505D5A13A","amount":"1","time":1687816341423,)"
      R"("signatureChainId":"0x66eee","hyperliquidChain":"Testnet"})");
  const auto& u = std::get<ParsedUserAction>(a);
  const auto& send = std::get<UsdSend>(u.action);
  EXPECT_EQ(send.destination, "0x5e9ee1089755c3435139848e47e6635505d5a13a");
  EXPECT_EQ(send.amount, "1");
  EXPECT_EQ(send.time, 1687816341423u);
  EXPECT_EQ(u.signature_chain_id, kUserSignedChainId);
  EXPECT_EQ(u.is_mainnet, false);
  const AnyAction b = parse_action_json(
      R"({"type":"approveAgent","agentAddress":"0x00000000000000000000000000000000000000Aa","nonce":5})");
  const auto& agent = std::get<ApproveAgent>(std::get<ParsedUserAction>(b).action);
  EXPECT_FALSE(agent.agent_name.has_value());
  EXPECT_EQ(agent.agent_address.to_string(), "0x00000000000000000000000000000000000000aa");
}

}  // namespace
}  // namespace hlmm::hl
