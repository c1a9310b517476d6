// WebSocket client against a real TLS WebSocket server on 127.0.0.1 that mimics Hyperliquid's
// /ws protocol (subscribe acks, pong, post responses) and then misbehaves on purpose.
#include <gtest/gtest.h>

#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "net/ws_client.hpp"
#include "net_test_util.hpp"
#include "tls_test_server.hpp"

namespace hlmm::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace beast = boost::beast;

bool contains(std::string_view s, std::string_view what) { return s.find(what) != std::string_view::npos; }

// The request object of {"method":"post","id":N,"request":{...}} as the client builds it.
std::uint64_t post_id(const std::string& msg) {
  const auto at = msg.find(R"("id":)");
  return std::stoull(msg.substr(at + 5));
}
std::string post_request(const std::string& msg) {
  const auto at = msg.find(R"("request":)") + 10;
  return msg.substr(at, msg.size() - at - 1);
}
std::string post_reply(std::uint64_t id, const std::string& request) {
  return R"({"channel":"post","data":{"id":)" + std::to_string(id) +
         R"(,"response":{"type":"info","payload":{"echo":)" + request + "}}}}";
}

// State the server threads record and the test thread inspects.
struct Venue {
  std::mutex mu;
  std::vector<std::vector<std::string>> received;  // per connection, in arrival order
  std::vector<Clock::time_point> opened;           // per connection

  int connection_opened() {
    std::lock_guard l(mu);
    received.emplace_back();
    opened.push_back(Clock::now());
    return static_cast<int>(received.size()) - 1;
  }
  void record(int conn, std::string msg) {
    std::lock_guard l(mu);
    received[static_cast<std::size_t>(conn)].push_back(std::move(msg));
  }
  std::vector<std::string> messages(int conn) {
    std::lock_guard l(mu);
    return static_cast<std::size_t>(conn) < received.size() ? received[static_cast<std::size_t>(conn)]
                                                            : std::vector<std::string>{};
  }
  int count_containing(int conn, std::string_view what) {
    int n = 0;
    for (const auto& m : messages(conn)) n += contains(m, what) ? 1 : 0;
    return n;
  }
  int connections() {
    std::lock_guard l(mu);
    return static_cast<int>(received.size());
  }
};

// What a connection does with each inbound message; returns false to drop the connection.
using Script = std::function<bool(ServerWs& ws, int conn, const std::string& msg)>;

// Speaks like Hyperliquid: greeting, pong to ping, ack + pushes to subscribe; the rest is `script`.
TlsTestServer::Handler venue_handler(Venue& venue, Script script, bool answer_pings = true) {
  return [&venue, script = std::move(script), answer_pings](ServerStream& stream, int) {
    ServerWs ws(stream);
    // Counted before the upgrade is answered, so a client that sees itself connected has been
    // counted: tests may read the count right after a (re)connect.
    const int conn = venue.connection_opened();
    ws.accept();
    ws.text(true);
    ws.write(boost::asio::buffer(std::string("Websocket connection established.")));
    for (;;) {
      beast::flat_buffer buf;
      ws.read(buf);
      std::string msg = beast::buffers_to_string(buf.data());
      venue.record(conn, msg);
      if (msg == R"({"method":"ping"})") {
        if (answer_pings) ws.write(boost::asio::buffer(std::string(R"({"channel":"pong"})")));
        continue;
      }
      if (!script(ws, conn, msg)) return;
    }
  };
}

bool ack_subscribe(ServerWs& ws, const std::string& msg) {
  if (!contains(msg, R"("method":"subscribe")")) return false;
  const auto at = msg.find(R"("subscription":)") + 15;
  const std::string sub = msg.substr(at, msg.size() - at - 1);
  ws.write(boost::asio::buffer(R"({"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":)" +
                               sub + "}}"));
  return true;
}

struct Recorder {
  std::vector<std::string> messages;
  std::vector<net::Error> disconnects;
  std::vector<net::Error> errors;
  std::vector<std::string> events;  // "connected", "resync", "disconnected" in order
  int connected = 0;
  int resyncs = 0;

  net::WsCallbacks callbacks() {
    net::WsCallbacks cb;
    cb.on_message = [this](std::string_view m) { messages.emplace_back(m); };
    cb.on_connected = [this] {
      ++connected;
      events.emplace_back("connected");
    };
    cb.on_resync_required = [this] {
      ++resyncs;
      events.emplace_back("resync");
    };
    cb.on_disconnected = [this](const net::Error& e) {
      disconnects.push_back(e);
      events.emplace_back("disconnected");
    };
    cb.on_error = [this](const net::Error& e) { errors.push_back(e); };
    return cb;
  }
};

net::WsClientOptions fast_options(unsigned short port) {
  net::WsClientOptions o;
  o.host = "127.0.0.1";
  o.port = std::to_string(port);
  o.connect_timeout = 2s;
  o.ping_interval = 10s;  // tests that exercise the heartbeat shorten these
  o.dead_after = 20s;
  o.backoff_base = 20ms;
  o.backoff_max = 200ms;
  o.backoff_reset_after = 10s;
  o.post_timeout = 2s;
  return o;
}

constexpr const char* kTradesSol = R"({"type":"trades","coin":"SOL"})";
constexpr const char* kBookBtc = R"({"type":"l2Book","coin":"BTC"})";
constexpr const char* kBboEth = R"({"type":"bbo","coin":"ETH"})";

TEST(WsBackoff, DelayIsJitteredWithinHalfToFullCapAndSaturates) {
  std::mt19937_64 rng(42);
  std::set<long> seen;
  for (unsigned attempt = 0; attempt < 40; ++attempt) {
    const long cap = std::min<long>(100L << std::min(attempt, 20u), 5000);
    for (int i = 0; i < 50; ++i) {
      const auto d = net::backoff_delay(attempt, 100ms, 5000ms, rng).count();
      ASSERT_GE(d, cap / 2) << "attempt " << attempt;
      ASSERT_LE(d, cap) << "attempt " << attempt;
      if (attempt == 3) seen.insert(d);
    }
  }
  EXPECT_GT(seen.size(), 10u);  // jitter, not a fixed schedule
}

TEST(WsMessages, BuildersMatchTheVenueShapes) {
  EXPECT_EQ(net::subscribe_message(kTradesSol), R"({"method":"subscribe","subscription":{"type":"trades","coin":"SOL"}})");
  EXPECT_EQ(net::unsubscribe_message(kTradesSol),
            R"({"method":"unsubscribe","subscription":{"type":"trades","coin":"SOL"}})");
  EXPECT_EQ(net::post_message(256, R"({"type":"info","payload":{}})"),
            R"({"method":"post","id":256,"request":{"type":"info","payload":{}}})");
}

TEST(WsClient, SubscribeThenReceivesPushedMessages) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int, const std::string& msg) {
    if (ack_subscribe(ws, msg)) {
      for (int i = 0; i < 3; ++i) {
        ws.write(boost::asio::buffer(R"({"channel":"trades","data":[{"coin":"SOL","tid":)" + std::to_string(i) + "}]}"));
      }
    }
    return true;
  }));
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  client.subscribe(kTradesSol);
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.messages.size() >= 4; })) << rec.messages.size();
  EXPECT_TRUE(contains(rec.messages[0], "subscriptionResponse"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(contains(rec.messages[static_cast<std::size_t>(i) + 1], R"("tid":)" + std::to_string(i)))
        << rec.messages[static_cast<std::size_t>(i) + 1];
  }
  client.unsubscribe(kTradesSol);
  ASSERT_TRUE(loop.run_until([&] { return venue.count_containing(0, R"("method":"unsubscribe")") == 1; }));
  EXPECT_EQ(venue.messages(0).front(), net::subscribe_message(kTradesSol));
  EXPECT_EQ(rec.connected, 1);
  EXPECT_EQ(rec.resyncs, 0);
  EXPECT_TRUE(rec.errors.empty()) << rec.errors.front().message();  // the greeting is not an error
  EXPECT_TRUE(rec.disconnects.empty());
}

TEST(WsClient, BurstArrivesCompleteAndInOrder) {
  // The receive path must not drop, reorder or stall on a burst; the rate is printed as a figure.
  constexpr int kCount = 20000;
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int, const std::string& msg) {
    if (ack_subscribe(ws, msg)) {
      for (int i = 0; i < kCount; ++i) {
        ws.write(boost::asio::buffer(R"({"channel":"trades","data":[{"coin":"SOL","px":"101.25","sz":"3.5","tid":)" +
                                     std::to_string(i) + "}]}"));
      }
    }
    return true;
  }));
  Loop loop;
  int next = 0;
  bool in_order = true;
  net::WsCallbacks cb;
  cb.on_message = [&](std::string_view m) {
    if (!contains(m, R"("channel":"trades")")) return;
    in_order = in_order && contains(m, R"("tid":)" + std::to_string(next) + "}");
    ++next;
  };
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), cb);
  client.subscribe(kTradesSol);
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return next >= 1; }));
  const auto t0 = Clock::now();
  ASSERT_TRUE(loop.run_until([&] { return next == kCount; }, 10s)) << next;
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_TRUE(in_order);
  std::printf("[ figure   ] %d WS text frames over loopback TLS in %.3f s: %.0f msg/s\n", kCount, secs,
              kCount / std::max(secs, 1e-9));
}

TEST(WsClient, HeartbeatPingsWhenIdleAndStaysUpOnPongs) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs&, int, const std::string&) { return true; }));
  Loop loop;
  Recorder rec;
  auto o = fast_options(server.port());
  o.ping_interval = 50ms;
  o.dead_after = 200ms;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o, rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));
  loop.run_for(500ms);
  const auto stats = client.stats();
  EXPECT_GE(stats.pings_sent, 4u);
  EXPECT_LE(stats.pings_sent, 12u);  // ~one per interval, not a flood
  EXPECT_GE(stats.pongs_received, 4u);
  EXPECT_GE(venue.count_containing(0, R"({"method":"ping"})"), 4);
  EXPECT_TRUE(rec.disconnects.empty()) << rec.disconnects.front().message();
  for (const auto& m : rec.messages) EXPECT_FALSE(contains(m, "pong")) << "pongs are consumed by the client";
  EXPECT_EQ(stats.connects, 1u);
}

TEST(WsClient, SilenceBeyondTheLimitIsADeadConnection) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(),
                       venue_handler(venue, [](ServerWs&, int, const std::string&) { return true; }, /*answer_pings=*/false));
  Loop loop;
  Recorder rec;
  auto o = fast_options(server.port());
  o.ping_interval = 40ms;
  o.dead_after = 150ms;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o, rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));
  const auto t0 = Clock::now();
  ASSERT_TRUE(loop.run_until([&] { return !rec.disconnects.empty(); }));
  const auto elapsed = Clock::now() - t0;
  EXPECT_EQ(rec.disconnects[0].code, net::Errc::heartbeat_lost) << rec.disconnects[0].message();
  EXPECT_GE(elapsed, 100ms);  // the greeting counted as received just before on_connected
  EXPECT_LT(elapsed, 600ms);
  EXPECT_GE(client.stats().pings_sent, 1u);
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 2; }));  // and it comes back
}

TEST(WsClient, ServerDropReconnectsWithBackoffResubscribesAndRequestsResync) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int, const std::string& msg) {
    if (msg == "DROP") return false;  // hang up without a close frame, like a venue restart
    ack_subscribe(ws, msg);
    return true;
  }));
  Loop loop;
  Recorder rec;
  auto o = fast_options(server.port());
  o.backoff_base = 100ms;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o, rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));
  client.subscribe(kTradesSol);
  client.subscribe(kBookBtc);
  client.subscribe(kBboEth);
  client.subscribe(kBookBtc);  // duplicate: ignored
  client.unsubscribe(kBookBtc);
  ASSERT_TRUE(loop.run_until([&] { return venue.messages(0).size() == 4; })) << venue.messages(0).size();
  EXPECT_EQ(venue.count_containing(0, R"("method":"unsubscribe")"), 1);

  client.send_text("DROP");
  ASSERT_TRUE(loop.run_until([&] { return rec.resyncs == 1; }));
  ASSERT_EQ(rec.disconnects.size(), 1u);
  EXPECT_EQ(rec.disconnects[0].code, net::Errc::connection_closed) << rec.disconnects[0].message();
  EXPECT_EQ((std::vector<std::string>{"connected", "disconnected", "connected", "resync"}), rec.events);
  ASSERT_EQ(venue.connections(), 2);
  // Half the first backoff cap at least passed between the two connections.
  {
    std::lock_guard l(venue.mu);
    EXPECT_GE(venue.opened[1] - venue.opened[0], 50ms);
  }

  ASSERT_TRUE(loop.run_until([&] { return venue.messages(1).size() == 2; }));
  const auto resent = venue.messages(1);
  EXPECT_EQ(resent[0], net::subscribe_message(kTradesSol));
  EXPECT_EQ(resent[1], net::subscribe_message(kBboEth));
  loop.run_for(50ms);
  EXPECT_EQ(venue.messages(1).size(), 2u);  // nothing for the unsubscribed book
  EXPECT_EQ(rec.resyncs, 1);
}

TEST(WsClient, BackoffGrowsWhileTheServerKeepsDropping) {
  Venue venue;
  std::atomic<int> drops{0};
  TlsTestServer server(localhost_server_ctx(), [&](ServerStream& stream, int index) {
    ServerWs ws(stream);
    ws.accept();
    venue.connection_opened();
    if (index < 4) {
      ++drops;
      return;  // drop at once
    }
    beast::flat_buffer buf;
    ws.read(buf);  // then stay up until the test ends
  });
  Loop loop;
  Recorder rec;
  auto o = fast_options(server.port());
  o.backoff_base = 40ms;
  o.backoff_max = 1000ms;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o, rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return venue.connections() == 5; }));
  std::lock_guard l(venue.mu);
  for (std::size_t k = 0; k < 4; ++k) {
    const auto gap = venue.opened[k + 1] - venue.opened[k];
    const auto cap = 40ms * (1 << k);
    EXPECT_GE(gap, cap / 2) << "gap after drop " << k;
    EXPECT_LE(gap, cap + 100ms) << "gap after drop " << k;  // cap plus handshake/scheduling slack
  }
}

TEST(WsClient, PostResponsesAreMatchedById) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [&venue](ServerWs& ws, int conn, const std::string&) {
    // Answer only once three posts are in, newest first: matching must go by id, not order.
    const auto msgs = venue.messages(conn);
    std::vector<std::string> posts;
    for (const auto& m : msgs)
      if (contains(m, R"("method":"post")")) posts.push_back(m);
    if (posts.size() == 3) {
      for (auto it = posts.rbegin(); it != posts.rend(); ++it) {
        ws.write(boost::asio::buffer(post_reply(post_id(*it), post_request(*it))));
      }
    }
    return true;
  }));
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));
  std::vector<std::optional<std::string>> answers(3);
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string coin = "C" + std::to_string(i);
    client.post(R"({"type":"info","payload":{"type":"l2Book","coin":")" + coin + R"("}})",
                [&answers, i](const net::Error& e, std::string_view resp) {
                  answers[i] = e ? "ERROR " + e.message() : std::string(resp);
                });
  }
  ASSERT_TRUE(loop.run_until([&] { return answers[0] && answers[1] && answers[2]; }));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(*answers[i], R"({"type":"info","payload":{"echo":{"type":"info","payload":{"type":"l2Book","coin":"C)" +
                               std::to_string(i) + R"("}}}})");
  }
  EXPECT_TRUE(rec.messages.empty()) << "post responses must not leak to on_message";
}

TEST(WsClient, SequentialPostRoundTripsOnLoopback) {
  // Every response must come back to its own request; the round-trip distribution is a figure.
  constexpr int kCount = 2000;
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int, const std::string& msg) {
    if (contains(msg, R"("method":"post")")) ws.write(boost::asio::buffer(post_reply(post_id(msg), post_request(msg))));
    return true;
  }));
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));
  std::vector<double> rtt_us;
  int mismatches = 0;
  std::function<void(int)> send_one = [&](int i) {
    const auto t0 = Clock::now();
    const std::string req = R"({"type":"info","payload":{"n":)" + std::to_string(i) + "}}";
    client.post(req, [&, i, t0, req](const net::Error& e, std::string_view resp) {
      rtt_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      if (e || !contains(resp, req)) ++mismatches;
      if (i + 1 < kCount) send_one(i + 1);
    });
  };
  send_one(0);
  ASSERT_TRUE(loop.run_until([&] { return rtt_us.size() == kCount; }, 20s)) << rtt_us.size();
  EXPECT_EQ(mismatches, 0);
  std::sort(rtt_us.begin(), rtt_us.end());
  std::printf("[ figure   ] WS post round trip over loopback TLS (%d sequential): p50 %.0f us, p99 %.0f us\n", kCount,
              rtt_us[kCount / 2], rtt_us[kCount * 99 / 100]);
}

TEST(WsClient, PostTimesOutWhenTheServerNeverAnswersAndALateAnswerIsReported) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int, const std::string& msg) {
    if (contains(msg, "late")) {
      std::this_thread::sleep_for(250ms);
      ws.write(boost::asio::buffer(post_reply(post_id(msg), "{}")));
    }
    return true;  // "never" requests: silence
  }));
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));

  std::optional<net::Error> never, late;
  const auto t0 = Clock::now();
  client.post(R"({"type":"info","payload":{"type":"never"}})",
              [&](const net::Error& e, std::string_view) { never = e; }, 150ms);
  ASSERT_TRUE(loop.run_until([&] { return never.has_value(); }));
  EXPECT_EQ(never->code, net::Errc::timeout) << never->message();
  EXPECT_GE(Clock::now() - t0, 140ms);

  client.post(R"({"type":"info","payload":{"type":"late"}})", [&](const net::Error& e, std::string_view) { late = e; },
              100ms);
  ASSERT_TRUE(loop.run_until([&] { return late.has_value() && !rec.errors.empty(); }));
  EXPECT_EQ(late->code, net::Errc::timeout);
  EXPECT_EQ(rec.errors[0].code, net::Errc::invalid_message);
  EXPECT_TRUE(contains(rec.errors[0].detail, "timed-out post id 2")) << rec.errors[0].detail;
  EXPECT_TRUE(rec.disconnects.empty());
}

TEST(WsClient, PostFailsFastWithoutAConnectionAndOnConnectionLoss) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs&, int, const std::string& msg) {
    return !contains(msg, R"("method":"post")");  // a post kills the connection
  }));
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  std::optional<net::Error> before, lost;
  client.post("{}", [&](const net::Error& e, std::string_view) { before = e; });
  ASSERT_TRUE(loop.run_until([&] { return before.has_value(); }));
  EXPECT_EQ(before->code, net::Errc::not_connected);

  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));
  client.post(R"({"type":"info","payload":{}})", [&](const net::Error& e, std::string_view) { lost = e; });
  ASSERT_TRUE(loop.run_until([&] { return lost.has_value(); }));
  EXPECT_EQ(lost->code, net::Errc::connection_closed) << lost->message();
}

TEST(WsClient, OversizedMessageIsANamedErrorAndTheClientRecovers) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int conn, const std::string& msg) {
    if (!ack_subscribe(ws, msg)) return true;
    if (conn == 0) {
      ws.write(boost::asio::buffer(R"({"channel":"trades","data":")" + std::string(100000, 'x') + "\"}"));
    } else {
      ws.write(boost::asio::buffer(std::string(R"({"channel":"trades","data":[]})")));
    }
    return true;
  }));
  Loop loop;
  Recorder rec;
  auto o = fast_options(server.port());
  o.max_message_bytes = 64 * 1024;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o, rec.callbacks());
  client.subscribe(kTradesSol);
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return !rec.disconnects.empty(); }));
  EXPECT_EQ(rec.disconnects[0].code, net::Errc::message_too_big) << rec.disconnects[0].message();
  ASSERT_TRUE(loop.run_until([&] {
    return !rec.messages.empty() && rec.messages.back() == R"({"channel":"trades","data":[]})";
  }));
  EXPECT_EQ(rec.resyncs, 1);
}

TEST(WsClient, GarbageOnTheWireIsANamedErrorNotACrash) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int conn, const std::string& msg) {
    if (!ack_subscribe(ws, msg)) return true;
    if (conn == 0) {
      // Not a WebSocket frame at all: reserved bits and an undefined opcode.
      const std::string junk(32, '\xff');
      boost::asio::write(ws.next_layer(), boost::asio::buffer(junk));
    } else if (conn == 1) {
      ws.write(boost::asio::buffer(std::string("\xc3\x28 invalid utf-8")));  // a text frame must be UTF-8
    } else {
      ws.write(boost::asio::buffer(std::string("this is not json")));
      ws.binary(true);
      ws.write(boost::asio::buffer(std::string("\x01\x02\x03", 3)));
      ws.text(true);
      ws.write(boost::asio::buffer(std::string(R"({"channel":"trades","data":[]})")));
    }
    return true;
  }));
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  client.subscribe(kTradesSol);
  client.start();
  ASSERT_TRUE(loop.run_until([&] {
    return !rec.messages.empty() && rec.messages.back() == R"({"channel":"trades","data":[]})";
  }));
  ASSERT_EQ(rec.disconnects.size(), 2u);
  EXPECT_EQ(rec.disconnects[0].code, net::Errc::protocol_error) << rec.disconnects[0].message();
  EXPECT_EQ(rec.disconnects[1].code, net::Errc::protocol_error) << rec.disconnects[1].message();
  ASSERT_EQ(rec.errors.size(), 2u);  // the third connection survives both bad messages
  EXPECT_EQ(rec.errors[0].code, net::Errc::invalid_message);
  EXPECT_TRUE(contains(rec.errors[0].detail, "this is not json")) << rec.errors[0].detail;
  // The unroutable text still reaches the reader (it may have carried the reader's data); the
  // binary message does not.
  EXPECT_EQ(std::count(rec.messages.begin(), rec.messages.end(), "this is not json"), 1);
  EXPECT_EQ(std::count_if(rec.messages.begin(), rec.messages.end(), [](const std::string& m) { return contains(m, "\x01\x02"); }), 0);
  EXPECT_EQ(rec.errors[1].code, net::Errc::invalid_message);
  EXPECT_TRUE(contains(rec.errors[1].detail, "binary")) << rec.errors[1].detail;
  EXPECT_EQ(client.stats().connects, 3u);
}

TEST(WsClient, VerificationFailureIsReportedAndRetried) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs&, int, const std::string&) { return true; }));
  Loop loop;
  Recorder rec;
  auto o = fast_options(server.port());
  o.tls_server_name = "api.hyperliquid.xyz";
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o, rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.disconnects.size() >= 2; }));
  EXPECT_EQ(rec.disconnects[0].code, net::Errc::certificate_verify_failed) << rec.disconnects[0].message();
  EXPECT_TRUE(contains(rec.disconnects[0].detail, "hostname mismatch"));
  EXPECT_EQ(rec.connected, 0);
  EXPECT_EQ(venue.connections(), 0);
}

TEST(WsClient, DeclinedUpgradeIsANamedHandshakeError) {
  TlsTestServer server(localhost_server_ctx(), [](ServerStream& s, int) {
    serve_http(s, [](const HttpRequest& req) {
      auto res = json_response(req, 403, R"({"error":"forbidden"})");
      res.keep_alive(false);
      return res;
    });
  });
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return !rec.disconnects.empty(); }));
  EXPECT_EQ(rec.disconnects[0].code, net::Errc::websocket_handshake_failed) << rec.disconnects[0].message();
  EXPECT_TRUE(contains(rec.disconnects[0].detail, "403")) << rec.disconnects[0].detail;
  EXPECT_EQ(rec.connected, 0);
}

TEST(WsClient, ConnectTimeoutIsRetried) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor silent(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  Loop loop;
  Recorder rec;
  auto o = fast_options(silent.local_endpoint().port());
  o.connect_timeout = 100ms;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), o, rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.disconnects.size() >= 2; }));
  EXPECT_EQ(rec.disconnects[0].code, net::Errc::timeout) << rec.disconnects[0].message();
  EXPECT_EQ(rec.disconnects[1].code, net::Errc::timeout) << rec.disconnects[1].message();
}

TEST(WsClient, NoCallbacksAfterStop) {
  Venue venue;
  TlsTestServer server(localhost_server_ctx(), venue_handler(venue, [](ServerWs& ws, int, const std::string& msg) {
    ack_subscribe(ws, msg);
    return true;
  }));
  Loop loop;
  Recorder rec;
  net::WsClient client(loop.ioc.get_executor(), trusting_client_ctx(), fast_options(server.port()), rec.callbacks());
  client.start();
  ASSERT_TRUE(loop.run_until([&] { return rec.connected == 1; }));
  bool post_called = false;
  client.post(R"({"type":"info","payload":{}})", [&](const net::Error&, std::string_view) { post_called = true; });
  client.subscribe(kTradesSol);
  client.stop();
  loop.run_for(200ms);
  EXPECT_TRUE(rec.messages.empty());
  EXPECT_TRUE(rec.disconnects.empty());
  EXPECT_FALSE(post_called);
}

}  // namespace
}  // namespace hlmm::test
