// The venue's request handling with real signatures and a synthetic clock: what it accepts, what
// it refuses and with which text, agents, nonces, WebSocket subscriptions and posts, the
// background flow and funding. The TLS transport is tested separately (venue_server_test.cpp).
#include <gtest/gtest.h>

#include <simdjson.h>

#include <map>
#include <string>
#include <vector>

#include "hyperliquid/exchange.hpp"
#include "hyperliquid/private_key.hpp"
#include "hyperliquid/request_json.hpp"
#include "hyperliquid/user_actions.hpp"
#include "venue/venue_core.hpp"

namespace hlmm::venue {
namespace {

// The official SDKs' test key (shared/hyperliquid/vectors.json) and a second, unrelated key.
constexpr std::string_view kSdkKey = "0x0123456789012345678901234567890123456789012345678901234567890123";
constexpr std::string_view kOtherKey = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";
constexpr std::uint64_t kT0 = 1'763'900'000'000;  // a plausible "now" in ms

struct Reply {
  unsigned status = 0;
  std::string body;
  bool done = false;
};

hl::OrderWire eth_order(bool buy, Price price, Size size, hl::Tif tif) {
  hl::OrderWire w;
  w.asset = 0;
  w.is_buy = buy;
  w.price = price;
  w.size = size;
  w.type = hl::LimitOrderType{tif};
  return w;
}

class VenueCoreTest : public ::testing::Test {
 protected:
  VenueCoreTest() : venue_(config()), key_(hl::PrivateKey::from_hex(kSdkKey)) {
    venue_.add_account(key_.address(), 100'000 * kPriceScale);
  }
  static VenueConfig config() {
    VenueConfig c;
    c.assets.push_back(preset_asset("eth"));
    c.background_flow = false;
    return c;
  }
  std::string signed_body(const hl::L1Action& action, std::uint64_t nonce, const hl::PrivateKey& key) {
    return hl::L1RequestBuilder{}.build(key, action, hl::L1Envelope{nonce, {}, {}, true});
  }
  Reply post(const std::string& body, std::uint64_t now) {
    auto r = std::make_shared<Reply>();
    venue_.http_exchange(body, now, [r](unsigned status, std::string text) {
      r->status = status;
      r->body = std::move(text);
      r->done = true;
    });
    venue_.tick(now + 1'000);  // past the block and its commit
    EXPECT_TRUE(r->done);
    return *r;
  }
  std::string info(std::string_view body, std::uint64_t now) {
    std::string out;
    venue_.http_info(body, now, [&](unsigned status, std::string text) {
      EXPECT_EQ(status, 200u) << text;
      out = std::move(text);
    });
    return out;
  }
  hl::L1Action order(hl::OrderWire w) {
    hl::OrderAction a;
    a.orders.push_back(w);
    return a;
  }

  VenueCore venue_;
  hl::PrivateKey key_;
};

TEST_F(VenueCoreTest, ASignedOrderRestsAndShowsInOpenOrders) {
  const auto r = post(signed_body(order(eth_order(true, 2'900 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0, key_), kT0);
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, R"({"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid":1}}]}}})");
  const std::string user = key_.address().to_string();
  const std::string orders = info(R"({"type":"openOrders","user":")" + user + R"("})", kT0 + 2'000);
  EXPECT_NE(orders.find(R"("limitPx":"2900","oid":1,"side":"B","sz":"1")"), std::string::npos) << orders;
}

TEST_F(VenueCoreTest, ATamperedActionRecoversToAnUnknownSigner) {
  std::string body = signed_body(order(eth_order(true, 2'900 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0, key_);
  const auto at = body.find("\"2900\"");
  ASSERT_NE(at, std::string::npos);
  body.replace(at, 6, "\"2901\"");
  const auto r = post(body, kT0);
  EXPECT_EQ(r.status, 200u);
  EXPECT_NE(r.body.find(R"({"status":"err","response":"User or API Wallet 0x)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("does not exist."), std::string::npos);
  EXPECT_EQ(r.body.find(key_.address().to_string()), std::string::npos);
  EXPECT_EQ(venue_.exchange().open_orders(key_.address()).size(), 0u);
}

TEST_F(VenueCoreTest, AReplayedNonceIsRefused) {
  const std::string body = signed_body(order(eth_order(true, 2'900 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0, key_);
  EXPECT_NE(post(body, kT0).body.find("resting"), std::string::npos);
  const auto again = post(body, kT0 + 5'000);
  EXPECT_EQ(again.body, R"({"status":"err","response":"Invalid nonce: duplicate nonce )" + std::to_string(kT0) + "\"}");
  const auto stale = post(signed_body(hl::NoopAction{}, kT0 - 3ull * 86'400'000, key_), kT0 + 6'000);
  EXPECT_NE(stale.body.find("Invalid nonce"), std::string::npos) << stale.body;
}

TEST_F(VenueCoreTest, AnInvalidTickGetsTheExchangesText) {
  const auto r = post(signed_body(order(eth_order(true, 290'012'345'678, kSizeScale, hl::Tif::kAlo)), kT0, key_), kT0);
  EXPECT_NE(r.body.find(R"({"error":"Price must be divisible by tick size. asset=0"})"), std::string::npos) << r.body;
}

TEST_F(VenueCoreTest, AMalformedBodyIsA422AndNothingElseHappens) {
  const auto r = post(R"({"action":{"type":"order"},"nonce":)", kT0);
  EXPECT_EQ(r.status, 422u);
  EXPECT_NE(r.body.find("Failed to deserialize"), std::string::npos);
  EXPECT_EQ(venue_.stats().rejected_parse, 1u);
}

TEST_F(VenueCoreTest, AnApprovedAgentTradesForItsOwner) {
  const hl::PrivateKey agent = hl::PrivateKey::from_hex(kOtherKey);
  const std::string early = signed_body(order(eth_order(true, 2'900 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0, agent);
  EXPECT_NE(post(early, kT0).body.find("does not exist"), std::string::npos);
  hl::ApproveAgent approve{agent.address(), std::string("bot"), kT0 + 1};
  const auto sig = hl::sign_user_action(key_, approve, true);
  const auto ok = post(hl::user_action_body(approve, true, sig), kT0 + 1);
  EXPECT_EQ(ok.body, R"({"status":"ok","response":{"type":"default"}})");
  const auto placed = post(signed_body(order(eth_order(true, 2'900 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0 + 2, agent),
                           kT0 + 2);
  EXPECT_NE(placed.body.find("resting"), std::string::npos) << placed.body;
  EXPECT_EQ(venue_.exchange().open_orders(key_.address()).size(), 1u);  // the owner's order
}

TEST_F(VenueCoreTest, WebSocketSubscribePostAndPing) {
  std::vector<std::string> got;
  const ConnectionId c = venue_.open_connection([&](std::string text) { got.push_back(std::move(text)); });
  venue_.ws_message(c, R"({"method":"subscribe","subscription":{"type":"l2Book","coin":"ETH"}})", kT0);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], R"({"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"l2Book","coin":"ETH"}}})");
  EXPECT_EQ(got[1].rfind(R"({"channel":"l2Book","data":{"coin":"ETH",)", 0), 0u) << got[1];
  venue_.ws_message(c, R"({"method":"ping"})", kT0);
  EXPECT_EQ(got.back(), R"({"channel":"pong"})");
  venue_.ws_message(c, R"({"method":"subscribe","subscription":{"type":"l2Book","coin":"DOGE"}})", kT0);
  EXPECT_EQ(got.back().rfind(R"({"channel":"error","data":"Invalid subscription)", 0), 0u) << got.back();
  venue_.ws_message(c, "{not json", kT0);
  EXPECT_EQ(got.back().rfind(R"({"channel":"error")", 0), 0u);

  const std::string body = signed_body(order(eth_order(false, 3'100 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0, key_);
  got.clear();
  venue_.ws_message(c, R"({"method":"post","id":7,"request":{"type":"action","payload":)" + body + "}}", kT0);
  EXPECT_TRUE(got.empty());  // nothing until the block commits
  venue_.tick(kT0 + 1'000);
  ASSERT_EQ(got.size(), 2u);  // the post response and the book that changed
  EXPECT_EQ(got[0], R"({"channel":"post","data":{"id":7,"response":{"type":"action","payload":{"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid":1}}]}}}}}})");
  EXPECT_NE(got[1].find(R"([{"px":"3100","sz":"1","n":1}])"), std::string::npos) << got[1];
}

TEST_F(VenueCoreTest, UserChannelsCarryOurFillsAndOrderUpdates) {
  std::vector<std::string> got;
  const ConnectionId c = venue_.open_connection([&](std::string text) { got.push_back(std::move(text)); });
  const std::string user = key_.address().to_string();
  venue_.ws_message(c, R"({"method":"subscribe","subscription":{"type":"userFills","user":")" + user + R"("}})", kT0);
  EXPECT_NE(got.back().find(R"("isSnapshot":true)"), std::string::npos);
  venue_.ws_message(c, R"({"method":"subscribe","subscription":{"type":"orderUpdates","user":")" + user + R"("}})", kT0);
  post(signed_body(order(eth_order(false, 3'000 * kPriceScale, 2 * kSizeScale, hl::Tif::kAlo)), kT0, key_), kT0);
  // Someone else takes one coin of it.
  const hl::PrivateKey taker = hl::PrivateKey::from_hex(kOtherKey);
  venue_.add_account(taker.address(), 100'000 * kPriceScale);
  got.clear();
  post(signed_body(order(eth_order(true, 3'000 * kPriceScale, kSizeScale, hl::Tif::kIoc)), kT0 + 3'000, taker), kT0 + 3'000);
  bool fill = false;
  for (const auto& m : got) {
    if (m.rfind(R"({"channel":"userFills","data":{"user":")" + user, 0) == 0) {
      fill = m.find(R"("px":"3000","sz":"1","side":"A")") != std::string::npos &&
             m.find(R"("crossed":false)") != std::string::npos;
    }
  }
  EXPECT_TRUE(fill);
  EXPECT_EQ(venue_.exchange().position(key_.address(), 0), -kSizeScale);
}

TEST_F(VenueCoreTest, ScheduledCancelClearsOurOrdersAtTheDeadline) {
  post(signed_body(order(eth_order(true, 2'900 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0, key_), kT0);
  const auto armed = post(signed_body(hl::ScheduleCancelAction{kT0 + 10'000}, kT0 + 1, key_), kT0 + 1);
  EXPECT_EQ(armed.body, R"({"status":"ok","response":{"type":"default"}})");
  venue_.tick(kT0 + 9'000);
  EXPECT_EQ(venue_.exchange().open_orders(key_.address()).size(), 1u);
  venue_.tick(kT0 + 11'000);
  EXPECT_TRUE(venue_.exchange().open_orders(key_.address()).empty());
}

TEST_F(VenueCoreTest, OrderStatusByOidOrCloidForOpenFilledAndCanceledOrders) {
  const std::string user = key_.address().to_string();
  auto status = [&](const std::string& id) {
    return info(R"({"type":"orderStatus","user":")" + user + R"(","oid":)" + id + "}", kT0 + 60'000);
  };
  hl::OrderWire rest = eth_order(true, 2'900 * kPriceScale, 2 * kSizeScale, hl::Tif::kGtc);
  rest.cloid = hl::Cloid::parse("0x000000000000000000000000000000a1");
  post(signed_body(order(rest), kT0, key_), kT0);
  EXPECT_EQ(status("1"),
            R"({"status":"order","order":{"order":{"coin":"ETH","side":"B","limitPx":"2900","sz":"2","oid":1,)"
            R"("timestamp":)" + std::to_string(kT0 + 90) + R"(,"triggerCondition":"N/A","isTrigger":false,"triggerPx":"0",)"
            R"("children":[],"isPositionTpsl":false,"reduceOnly":false,"orderType":"Limit","origSz":"2","tif":"Gtc",)"
            R"("cloid":"0x000000000000000000000000000000a1"},"status":"open","statusTimestamp":)" +
                std::to_string(kT0 + 90) + "}}");
  EXPECT_EQ(status(R"("0x000000000000000000000000000000a1")"), status("1")) << "the cloid names the same order";
  // Someone takes one coin of it (still open, 1 left), then we cancel the rest by cloid.
  const hl::PrivateKey taker = hl::PrivateKey::from_hex(kOtherKey);
  venue_.add_account(taker.address(), 100'000 * kPriceScale);
  post(signed_body(order(eth_order(false, 2'900 * kPriceScale, kSizeScale, hl::Tif::kIoc)), kT0 + 2'000, taker), kT0 + 2'000);
  EXPECT_NE(status("1").find(R"("sz":"1","oid":1,)"), std::string::npos) << status("1");
  EXPECT_NE(status("1").find(R"("status":"open")"), std::string::npos);
  hl::CancelByCloidAction cancel;
  cancel.cancels.push_back(hl::CancelByCloidEntry{0, *rest.cloid});
  post(signed_body(cancel, kT0 + 4'000, key_), kT0 + 4'000);
  const std::string cancelled = status(R"("0x000000000000000000000000000000a1")");
  EXPECT_NE(cancelled.find(R"("sz":"1","oid":1,)"), std::string::npos) << cancelled;
  EXPECT_NE(cancelled.find(R"("status":"canceled")"), std::string::npos) << cancelled;
  // An IOC of ours that takes a whole resting ask: filled, nothing left.
  post(signed_body(order(eth_order(false, 3'000 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0 + 6'000, taker), kT0 + 6'000);
  hl::OrderWire take = eth_order(true, 3'000 * kPriceScale, kSizeScale, hl::Tif::kIoc);
  take.cloid = hl::Cloid::parse("0x000000000000000000000000000000b2");
  const auto took = post(signed_body(order(take), kT0 + 8'000, key_), kT0 + 8'000);
  EXPECT_NE(took.body.find(R"("filled":{"totalSz":"1")"), std::string::npos) << took.body;
  const std::string filled = status(R"("0x000000000000000000000000000000b2")");
  EXPECT_NE(filled.find(R"("sz":"0",)"), std::string::npos) << filled;
  EXPECT_NE(filled.find(R"("tif":"Ioc")"), std::string::npos) << filled;
  EXPECT_NE(filled.find(R"("status":"filled")"), std::string::npos) << filled;
  // Unknown: an oid never given, a cloid never used, and someone else's order.
  EXPECT_EQ(status("999"), R"({"status":"unknownOid"})");
  EXPECT_EQ(status(R"("0x000000000000000000000000000000ff")"), R"({"status":"unknownOid"})");
  EXPECT_EQ(info(R"({"type":"orderStatus","user":")" + taker.address().to_string() + R"(","oid":1})", kT0 + 60'000),
            R"({"status":"unknownOid"})");
}

TEST_F(VenueCoreTest, AMalformedOrderStatusRequestIsA422ThatSaysWhatIsWrong) {
  const std::string user = key_.address().to_string();
  auto refused = [&](const std::string& body) {
    unsigned code = 0;
    std::string text;
    venue_.http_info(body, kT0, [&](unsigned status, std::string t) {
      code = status;
      text = std::move(t);
    });
    EXPECT_EQ(code, 422u) << body;
    return text;
  };
  const std::string prefix = R"({"type":"orderStatus","user":")" + user + "\"";
  for (const std::string& bad : {prefix + "}", prefix + R"(,"oid":-1})", prefix + R"(,"oid":1.5})",
                                prefix + R"(,"oid":"0x12"})", prefix + R"(,"oid":"12"})", prefix + R"(,"oid":null})"}) {
    const std::string text = refused(bad);
    EXPECT_NE(text.find("Failed to deserialize"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(\"oid\" must be an order id)"), std::string::npos) << bad << " -> " << text;
  }
  EXPECT_NE(refused(R"({"type":"orderStatus","oid":1})").find(R"(\"user\" must be)"), std::string::npos);
  EXPECT_NE(refused(R"({"type":"orderStatus","user":"0x12","oid":1})").find(R"(\"user\" must be)"), std::string::npos);
  EXPECT_NE(refused(R"({"type":"orderStatuz","user":")" + user + R"(","oid":1})").find("unknown info type"),
            std::string::npos);
  refused(R"({"type":"orderStatus",)");
  EXPECT_EQ(venue_.stats().rejected_parse, 10u);
}

TEST_F(VenueCoreTest, OrderStatusOverAWebSocketPost) {
  std::vector<std::string> got;
  const ConnectionId c = venue_.open_connection([&](std::string text) { got.push_back(std::move(text)); });
  post(signed_body(order(eth_order(true, 2'900 * kPriceScale, kSizeScale, hl::Tif::kAlo)), kT0, key_), kT0);
  const std::string user = key_.address().to_string();
  venue_.ws_message(c, R"({"method":"post","id":9,"request":{"type":"info","payload":{"type":"orderStatus","user":")" +
                           user + R"(","oid":1}}})", kT0 + 2'000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].rfind(R"({"channel":"post","data":{"id":9,"response":{"type":"info","payload":{"type":"orderStatus",)"
                         R"("data":{"status":"order","order":{"order":{"coin":"ETH",)", 0),
            0u) << got[0];
  EXPECT_NE(got[0].find(R"("tif":"Alo","cloid":null},"status":"open")"), std::string::npos) << got[0];
  venue_.ws_message(c, R"({"method":"post","id":10,"request":{"type":"info","payload":{"type":"orderStatus","user":")" +
                           user + R"(","oid":[1]}}})", kT0 + 2'000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].rfind(R"({"channel":"post","data":{"id":10,"response":{"type":"error","payload":"400 Bad Request: invalid info request: \"oid\" must be)", 0),
            0u) << got[1];
}

TEST(VenueFlow, BackgroundFlowMakesABookTradesAndPaysFunding) {
  VenueConfig c;
  c.assets.push_back(preset_asset("eth"));
  c.assets.push_back(preset_asset("btc"));
  c.funding_interval_ms = 10'000;
  VenueCore venue(c);
  const hl::PrivateKey key = hl::PrivateKey::from_hex(kSdkKey);
  venue.add_account(key.address(), 100'000 * kPriceScale);
  std::vector<std::string> got;
  const ConnectionId conn = venue.open_connection([&](std::string text) { got.push_back(std::move(text)); });
  venue.ws_message(conn, R"({"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}})", kT0);
  venue.ws_message(conn, R"({"method":"subscribe","subscription":{"type":"userEvents","user":")" +
                             MarketFlow::crowd_taker().to_string() + R"("}})", kT0);
  for (std::uint64_t t = kT0; t <= kT0 + 30'000; t += 50) venue.tick(t);
  for (std::uint32_t a = 0; a < 2; ++a) {
    const auto& book = venue.exchange().book(a);
    ASSERT_TRUE(book.best_bid() && book.best_ask());
    EXPECT_LT(*book.best_bid(), *book.best_ask());
    EXPECT_GE(book.levels(true, 20).size(), 5u);
  }
  int trades = 0;
  for (const auto& m : got) trades += m.rfind(R"({"channel":"trades")", 0) == 0;
  EXPECT_GT(trades, 10);
  // The crowd taker holds a position by now, so funding moved its cash at each settlement.
  EXPECT_NE(venue.exchange().position(MarketFlow::crowd_taker(), 0), 0);
  simdjson::dom::parser parser;
  std::map<std::pair<std::string, std::uint64_t>, double> rates;  // (coin, time) -> the history's rate
  for (const std::string coin : {"ETH", "BTC"}) {
    std::string history;
    venue.http_info(R"({"type":"fundingHistory","coin":")" + coin + R"(","startTime":0})", kT0 + 30'000,
                    [&](unsigned, std::string text) { history = std::move(text); });
    simdjson::dom::array points;
    ASSERT_EQ(parser.parse(history).get(points), simdjson::SUCCESS) << history;
    EXPECT_EQ(points.size(), 3u) << coin;
    for (simdjson::dom::element p : points) {
      rates[{coin, p["time"].get_uint64().value()}] = std::stod(std::string(p["fundingRate"].get_string().value()));
    }
  }
  // Each payment the taker was told of: at a settlement the history lists, at its rate, paid by
  // the side the rate charges, and szi x price x rate for a price near the book's (a rate or
  // price at the wrong scale would be off by powers of ten).
  int payments = 0;
  for (const std::string& m : got) {
    if (m.rfind(R"({"channel":"user","data":{"funding")", 0) != 0) continue;
    simdjson::dom::element f = parser.parse(m)["data"]["funding"];
    const std::string coin(f["coin"].get_string().value());
    const double usdc = std::stod(std::string(f["usdc"].get_string().value()));
    const double szi = std::stod(std::string(f["szi"].get_string().value()));
    const double rate = std::stod(std::string(f["fundingRate"].get_string().value()));
    const auto listed = rates.find({coin, f["time"].get_uint64().value()});
    ASSERT_NE(listed, rates.end()) << m;
    EXPECT_EQ(rate, listed->second) << m;
    ASSERT_NE(szi * rate, 0.0) << m;
    EXPECT_LT(usdc * szi * rate, 0.0) << "a positive rate charges longs: " << m;
    const auto& book = venue.exchange().book(coin == "ETH" ? 0 : 1);
    const double mid = static_cast<double>(*book.best_bid() + *book.best_ask()) / 2 / kPriceScale;
    const double price = -usdc / (szi * rate);
    EXPECT_GT(price, 0.8 * mid) << m;
    EXPECT_LT(price, 1.25 * mid) << m;
    ++payments;
  }
  EXPECT_GE(payments, 3) << "three settlements, each paid on the taker's ETH position at least";
}

// The official SDK's signed order vectors, posted exactly as the SDK would: the venue recovers the
// SDK key's address from the SDK's own signature and executes the order (same wire format).
TEST(VenueSdkVectors, OrdersSignedByTheOfficialSdkAreAccepted) {
  // vectors.json holds 10^20 elsewhere, which the DOM parser refuses: cut out l1_vectors with the
  // on-demand parser (it only validates what it reads) and parse that alone.
  simdjson::padded_string file;
  ASSERT_EQ(simdjson::padded_string::load(HLMM_HL_VECTORS).get(file), simdjson::SUCCESS);
  simdjson::ondemand::parser od;
  simdjson::ondemand::document whole;
  ASSERT_EQ(od.iterate(file).get(whole), simdjson::SUCCESS);
  std::string_view l1_text;
  simdjson::ondemand::array l1;
  ASSERT_EQ(whole["l1_vectors"].get_array().get(l1), simdjson::SUCCESS);
  ASSERT_EQ(l1.raw_json().get(l1_text), simdjson::SUCCESS);
  const std::string wrapped = std::string(R"({"l1_vectors":)") + std::string(l1_text) + "}";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(wrapped).get(doc), simdjson::SUCCESS);
  int checked = 0;
  for (const bool mainnet : {true, false}) {
    for (simdjson::dom::element v : doc["l1_vectors"].get_array()) {
      std::string_view action_type;
      if (v["action"]["type"].get(action_type) != simdjson::SUCCESS || action_type != "order") continue;
      // A venue per vector: they share the key and nonce 0, so one venue would (rightly) refuse the
      // second as a duplicate nonce.
      VenueConfig c;
      c.assets.push_back(preset_asset("eth"));
      c.assets.push_back(preset_asset("btc"));  // asset 1, as in the vectors
      c.background_flow = false;
      c.is_mainnet = mainnet;
      VenueCore venue(c);
      std::string_view key_hex;
      ASSERT_EQ(v["private_key"].get(key_hex), simdjson::SUCCESS);
      const hl::PrivateKey key = hl::PrivateKey::from_hex(key_hex);
      venue.add_account(key.address(), 1'000'000 * kPriceScale);
      simdjson::dom::element sig = v["expected"][mainnet ? "mainnet" : "testnet"];
      std::uint64_t nonce = 0;
      ASSERT_EQ(v["nonce"].get(nonce), simdjson::SUCCESS);
      const std::string body = std::string(R"({"action": )") + simdjson::minify(v["action"]) +
                               R"(, "nonce": )" + std::to_string(nonce) + R"(, "signature": )" + simdjson::minify(sig) +
                               R"(, "vaultAddress": null, "expiresAfter": null})";
      Reply r;
      const std::uint64_t now = nonce + 1'000;  // the vectors' nonce, as if sent at that time
      venue.http_exchange(body, now, [&](unsigned status, std::string text) {
        r.status = status;
        r.body = std::move(text);
        r.done = true;
      });
      venue.tick(now + 1'000);
      ASSERT_TRUE(r.done);
      EXPECT_EQ(r.status, 200u);
      EXPECT_NE(r.body.find(R"({"resting":{"oid":)"), std::string::npos) << (mainnet ? "mainnet " : "testnet ") << r.body;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4);  // two order vectors, each on both networks
}

}  // namespace
}  // namespace hlmm::venue
