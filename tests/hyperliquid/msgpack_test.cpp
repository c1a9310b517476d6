// msgpack encoding of every action kind. Three independent checks: hand-assembled bytes for the
// short actions; msgpack-cxx decoding every encoding back (key order, which keys exist, and each
// value's msgpack type); and msgpack-cxx re-packing the decoded object to the same bytes, which
// holds only if every integer, string and container used its smallest form.
#include <gtest/gtest.h>
#include <msgpack.hpp>

#include <string>

#include "hyperliquid/actions.hpp"
#include "hyperliquid/wire_writers.hpp"
#include "test_util.hpp"

namespace hlmm::hl {
namespace {

using test::hex;

std::string describe(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::MAP: {
      std::string s = "{";
      for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
        if (i) s += ",";
        s += describe(o.via.map.ptr[i].key) + ":" + describe(o.via.map.ptr[i].val);
      }
      return s + "}";
    }
    case msgpack::type::ARRAY: {
      std::string s = "[";
      for (std::uint32_t i = 0; i < o.via.array.size; ++i) {
        if (i) s += ",";
        s += describe(o.via.array.ptr[i]);
      }
      return s + "]";
    }
    case msgpack::type::STR: {
      std::string s = "'";
      s.append(o.via.str.ptr, o.via.str.size);
      return s + "'";
    }
    case msgpack::type::POSITIVE_INTEGER: return std::to_string(o.via.u64);
    case msgpack::type::NEGATIVE_INTEGER: return std::to_string(o.via.i64);
    case msgpack::type::BOOLEAN: return o.via.boolean ? "T" : "F";
    case msgpack::type::NIL: return "nil";
    default: return "<unexpected msgpack type " + std::to_string(static_cast<int>(o.type)) + ">";
  }
}

// Decodes with msgpack-cxx, checks nothing trails, re-packs, and returns the description.
std::string roundtrip(const std::vector<std::uint8_t>& bytes) {
  std::size_t off = 0;
  msgpack::object_handle h = msgpack::unpack(reinterpret_cast<const char*>(bytes.data()), bytes.size(), off);
  EXPECT_EQ(off, bytes.size()) << "trailing bytes";
  msgpack::sbuffer sb;
  msgpack::pack(sb, h.get());
  EXPECT_EQ(hex(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(sb.data()), sb.size())),
            hex(bytes))
      << "msgpack-cxx packs the same value differently: a non-minimal encoding";
  return describe(h.get());
}

std::string describe_action(const L1Action& a) { return roundtrip(encode_msgpack(a)); }

OrderWire order(std::uint32_t asset, bool buy, Price px, Size sz, OrderType t = LimitOrderType{Tif::kAlo}) {
  return OrderWire{.asset = asset, .is_buy = buy, .price = px, .size = sz, .reduce_only = false, .type = t,
                   .cloid = std::nullopt};
}

std::vector<std::uint8_t> ints(std::initializer_list<std::int64_t> vs) {
  std::vector<std::uint8_t> out;
  MsgpackWriter w(out);
  for (auto v : vs) w.sint(v);
  return out;
}

TEST(MsgpackWriter, IntegersUseTheSmallestEncoding) {
  EXPECT_EQ(hex(ints({0, 127})), "0x007f");
  EXPECT_EQ(hex(ints({128, 255})), "0xcc80ccff");
  EXPECT_EQ(hex(ints({256, 65535})), "0xcd0100cdffff");
  EXPECT_EQ(hex(ints({65536, 4294967295})), "0xce00010000ceffffffff");
  EXPECT_EQ(hex(ints({4294967296})), "0xcf0000000100000000");
  EXPECT_EQ(hex(ints({-1, -32})), "0xffe0");
  EXPECT_EQ(hex(ints({-33, -128})), "0xd0dfd080");
  EXPECT_EQ(hex(ints({-129, -32768})), "0xd1ff7fd18000");
  EXPECT_EQ(hex(ints({-32769, -2147483648LL})), "0xd2ffff7fffd280000000");
  EXPECT_EQ(hex(ints({-2147483649LL})), "0xd3ffffffff7fffffff");
  std::vector<std::uint8_t> out;
  MsgpackWriter w(out);
  w.uint(18446744073709551615ULL);
  EXPECT_EQ(hex(out), "0xcfffffffffffffffff");
}

TEST(MsgpackWriter, StringsAndContainers) {
  std::vector<std::uint8_t> out;
  MsgpackWriter w(out);
  w.str(std::string(31, 'x'));
  EXPECT_EQ(out[0], 0xbf);
  out.clear();
  w.str(std::string(32, 'x'));  // str8 (Python msgpack >= 1.0), not str16
  EXPECT_EQ(out[0], 0xd9);
  EXPECT_EQ(out[1], 32);
  out.clear();
  w.str(std::string(256, 'x'));
  EXPECT_EQ(hex(std::span(out).first(3)), "0xda0100");
  out.clear();
  w.begin_array(15);
  w.begin_array(16);
  w.begin_map(15);
  w.begin_map(16);
  EXPECT_EQ(hex(out), "0x9fdc00108fde0010");
  out.clear();
  w.boolean(true);
  w.boolean(false);
  w.nil();
  EXPECT_EQ(hex(out), "0xc3c2c0");
}

TEST(ActionMsgpack, CancelBytes) {
  CancelAction c{.cancels = {{.asset = 0, .oid = 12345}}, .fast = false};
  EXPECT_EQ(hex(encode_msgpack(c)), "0x82a474797065a663616e63656ca763616e63656c739182a16100a16fcd3039");
  c.fast = true;
  EXPECT_EQ(hex(encode_msgpack(c)), "0x83a474797065a663616e63656ca763616e63656c739182a16100a16fcd3039a166c3");
}

TEST(ActionMsgpack, NoopAndScheduleCancelBytes) {
  EXPECT_EQ(hex(encode_msgpack(NoopAction{})), "0x81a474797065a46e6f6f70");
  EXPECT_EQ(hex(encode_msgpack(ScheduleCancelAction{})), "0x81a474797065ae7363686564756c6543616e63656c");
  EXPECT_EQ(hex(encode_msgpack(ScheduleCancelAction{.time = 1700000000000ULL})),
            "0x82a474797065ae7363686564756c6543616e63656ca474696d65cf0000018bcfe56800");
}

TEST(ActionMsgpack, UpdateLeverageBytes) {
  EXPECT_EQ(hex(encode_msgpack(UpdateLeverageAction{.asset = 3, .is_cross = false, .leverage = 20})),
            "0x84a474797065ae7570646174654c65766572616765a56173736574"
            "03a7697343726f7373c2a86c65766572616765" "14");
}

TEST(ActionMsgpack, OrderWithEveryOptionalKey) {
  OrderWire tp = order(0, false, 99'500 * kPriceScale, 1'230'000,
                       TriggerOrderType{.is_market = true, .trigger_px = 100'000 * kPriceScale, .tpsl = Tpsl::kTp});
  tp.reduce_only = true;
  tp.cloid = Cloid::parse("0xDEADBEEF00000000000000000000CAFE");
  OrderAction a{.orders = {order(159, true, 3'650'000, 2'500'000'000), tp},
                .grouping = GroupingKind::kNormalTpsl,
                .builder = BuilderFee{.builder = Address::parse("0xABCDEF0123456789ABCDEF0123456789ABCDEF01"), .fee = 10}};
  EXPECT_EQ(describe_action(a),
            "{'type':'order','orders':["
            "{'a':159,'b':T,'p':'0.0365','s':'25','r':F,'t':{'limit':{'tif':'Alo'}}},"
            "{'a':0,'b':F,'p':'99500','s':'0.0123','r':T,"
            "'t':{'trigger':{'isMarket':T,'triggerPx':'100000','tpsl':'tp'}},'c':'0xdeadbeef00000000000000000000cafe'}],"
            "'grouping':'normalTpsl','builder':{'b':'0xabcdef0123456789abcdef0123456789abcdef01','f':10}}");
}

TEST(ActionMsgpack, GroupingsAndTifs) {
  OrderAction a{.orders = {order(1, true, kPriceScale, kSizeScale, LimitOrderType{Tif::kIoc})},
                .grouping = PriorityGrouping{.p = 300}, .builder = std::nullopt};
  EXPECT_EQ(describe_action(a),
            "{'type':'order','orders':[{'a':1,'b':T,'p':'1','s':'1','r':F,'t':{'limit':{'tif':'Ioc'}}}],"
            "'grouping':{'p':300}}");
  a.grouping = GroupingKind::kPositionTpsl;
  std::get<LimitOrderType>(a.orders[0].type).tif = Tif::kGtc;
  EXPECT_EQ(describe_action(a),
            "{'type':'order','orders':[{'a':1,'b':T,'p':'1','s':'1','r':F,'t':{'limit':{'tif':'Gtc'}}}],"
            "'grouping':'positionTpsl'}");
  std::get<LimitOrderType>(a.orders[0].type).tif = Tif::kAlo;
  a.grouping = GroupingKind::kNa;
  a.orders[0].type = TriggerOrderType{.is_market = false, .trigger_px = 12'345'000, .tpsl = Tpsl::kSl};
  EXPECT_EQ(describe_action(a),
            "{'type':'order','orders':[{'a':1,'b':T,'p':'1','s':'1','r':F,"
            "'t':{'trigger':{'isMarket':F,'triggerPx':'0.12345','tpsl':'sl'}}}],'grouping':'na'}");
}

TEST(ActionMsgpack, SixteenOrdersUseArray16) {
  OrderAction a;
  for (std::uint32_t i = 0; i < 16; ++i) a.orders.push_back(order(i, i % 2 == 0, (100 + i) * kPriceScale, kSizeScale));
  const auto bytes = encode_msgpack(a);
  // 83 a4 'type' a5 'order' a6 'orders' then the array header.
  const std::string h = hex(bytes);
  EXPECT_EQ(h.substr(0, 2 + 2 * 20), "0x83a474797065a56f72646572a66f7264657273dc");
  EXPECT_EQ(h.substr(2 + 2 * 20, 4), "0010");
  const std::string d = roundtrip(bytes);
  EXPECT_NE(d.find("{'a':15,'b':F,'p':'115','s':'1'"), std::string::npos);
}

TEST(ActionMsgpack, CancelByCloidModifyBatchModify) {
  const Cloid c = Cloid::parse("0x0000000000000000000000000000abcd");
  EXPECT_EQ(describe_action(CancelByCloidAction{.cancels = {{.asset = 7, .cloid = c}}, .fast = true}),
            "{'type':'cancelByCloid','cancels':[{'asset':7,'cloid':'0x0000000000000000000000000000abcd'}],'f':T}");
  EXPECT_EQ(describe_action(ModifyAction{.oid = std::uint64_t{77738308}, .order = order(4, true, 1'100 * kPriceScale, 20'000'000),
                                         .always_place = false}),
            "{'type':'modify','oid':77738308,'order':{'a':4,'b':T,'p':'1100','s':'0.2','r':F,"
            "'t':{'limit':{'tif':'Alo'}}}}");
  EXPECT_EQ(describe_action(ModifyAction{.oid = c, .order = order(4, true, 1'100 * kPriceScale, 20'000'000),
                                         .always_place = true}),
            "{'type':'modify','oid':'0x0000000000000000000000000000abcd','order':{'a':4,'b':T,'p':'1100','s':'0.2',"
            "'r':F,'t':{'limit':{'tif':'Alo'}}},'a':T}");
  BatchModifyAction b{.modifies = {{.oid = std::uint64_t{1}, .order = order(0, false, 5 * kPriceScale, kSizeScale)},
                                   {.oid = c, .order = order(1, true, 6 * kPriceScale, kSizeScale)}},
                      .always_place = false};
  EXPECT_EQ(describe_action(b),
            "{'type':'batchModify','modifies':["
            "{'oid':1,'order':{'a':0,'b':F,'p':'5','s':'1','r':F,'t':{'limit':{'tif':'Alo'}}}},"
            "{'oid':'0x0000000000000000000000000000abcd','order':{'a':1,'b':T,'p':'6','s':'1','r':F,"
            "'t':{'limit':{'tif':'Alo'}}}}]}");
  b.always_place = true;
  const std::string with_a = describe_action(b);
  EXPECT_TRUE(with_a.ends_with("'tif':'Alo'}}}}],'a':T}")) << with_a;
}

TEST(ActionMsgpack, IsolatedMarginAndNoop) {
  EXPECT_EQ(describe_action(UpdateIsolatedMarginAction{.asset = 2, .is_buy = true, .ntli = -1'500'000}),
            "{'type':'updateIsolatedMargin','asset':2,'isBuy':T,'ntli':-1500000}");
  EXPECT_EQ(describe_action(NoopAction{}), "{'type':'noop'}");
}

TEST(ActionMsgpack, LargeIdsAndHip4Assets) {
  CancelAction c{.cancels = {{.asset = 100'000'010, .oid = 0xffffffffffffULL}}, .fast = false};
  EXPECT_EQ(describe_action(c), "{'type':'cancel','cancels':[{'a':100000010,'o':281474976710655}]}");
}

TEST(ActionJson, SameKeysSameOrderPythonStyle) {
  OrderWire o = order(4, true, 167'010'000'000, 1'470'000, LimitOrderType{Tif::kIoc});
  o.cloid = Cloid::parse("0x00000000000000000000000000000001");
  OrderAction a{.orders = {o}, .grouping = GroupingKind::kNa,
                .builder = BuilderFee{.builder = Address::parse("0x00000000000000000000000000000000000000aa"), .fee = 1}};
  std::string py;
  encode_json(a, py, JsonStyle::kPython);
  EXPECT_EQ(py,
            R"({"type": "order", "orders": [{"a": 4, "b": true, "p": "1670.1", "s": "0.0147", "r": false, )"
            R"("t": {"limit": {"tif": "Ioc"}}, "c": "0x00000000000000000000000000000001"}], "grouping": "na", )"
            R"("builder": {"b": "0x00000000000000000000000000000000000000aa", "f": 1}})");
  std::string compact;
  encode_json(NoopAction{}, compact, JsonStyle::kCompact);
  EXPECT_EQ(compact, R"({"type":"noop"})");
  std::string cancel;
  encode_json(CancelAction{.cancels = {}, .fast = false}, cancel, JsonStyle::kPython);
  EXPECT_EQ(cancel, R"({"type": "cancel", "cancels": []})");
}

// The signer's single walk writes the same bytes as the two encoders, for every action kind.
TEST(ActionEncoding, OneWalkForBothEqualsEachOnItsOwn) {
  const Cloid c = Cloid::parse("0x0000000000000000000000000000abcd");
  OrderWire with_cloid = order(4, true, 167'010'000'000, 1'470'000, LimitOrderType{Tif::kIoc});
  with_cloid.cloid = c;
  const std::vector<L1Action> actions = {
      OrderAction{.orders = {with_cloid, order(1, false, 5 * kPriceScale, kSizeScale,
                                               TriggerOrderType{.is_market = true, .trigger_px = 4 * kPriceScale,
                                                                .tpsl = Tpsl::kSl})},
                  .grouping = GroupingKind::kNormalTpsl,
                  .builder = BuilderFee{.builder = Address::parse("0x00000000000000000000000000000000000000aa"), .fee = 1}},
      CancelAction{.cancels = {{.asset = 100'000'010, .oid = 0xffffffffffffULL}}, .fast = false},
      CancelByCloidAction{.cancels = {{.asset = 7, .cloid = c}}, .fast = true},
      ModifyAction{.oid = c, .order = with_cloid, .always_place = true},
      BatchModifyAction{.modifies = {{.oid = std::uint64_t{1}, .order = order(0, false, 5 * kPriceScale, kSizeScale)},
                                     {.oid = c, .order = with_cloid}},
                        .always_place = false},
      ScheduleCancelAction{.time = 1'700'000'000'000},
      UpdateLeverageAction{.asset = 3, .is_cross = false, .leverage = 7},
      UpdateIsolatedMarginAction{.asset = 2, .is_buy = true, .ntli = -1'500'000},
      NoopAction{},
  };
  for (const JsonStyle style : {JsonStyle::kPython, JsonStyle::kCompact}) {
    for (const L1Action& a : actions) {
      std::vector<std::uint8_t> mp_both = {0xee};  // both append: existing content stays
      std::string json_both = "x";
      JsonWriter json_writer(json_both, style);
      encode_msgpack_and_json(a, mp_both, json_writer);
      std::vector<std::uint8_t> mp = {0xee};
      encode_msgpack(a, mp);
      std::string json = "x";
      encode_json(a, json, style);
      EXPECT_EQ(hex(mp_both), hex(mp)) << action_type(a);
      EXPECT_EQ(json_both, json) << action_type(a);
    }
  }
}

TEST(JsonString, EscapesLikePythonEnsureAscii) {
  std::string out;
  append_json_string(out, std::string("a\"b\\c\n\t\x01") + "\xc3\xa9" + "\xf0\x9f\x98\x80");
  EXPECT_EQ(out, R"("a\"b\\c\n\t\u0001\u00e9\ud83d\ude00")");
}

}  // namespace
}  // namespace hlmm::hl
