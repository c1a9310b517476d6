// Crash recovery end to end, with the real binaries: `hlmm venue` in its own process, `hlmm run`
// against it with a journal, killed with SIGKILL at random points 20 times and restarted each
// time. At the end the journal and the bot agree with the venue (/info userFills and
// clearinghouseState over TLS): every fill id exactly once, the same position, the same cash.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "hlmm/arith.hpp"
#include "hyperliquid/parse_messages.hpp"
#include "hyperliquid/private_key.hpp"
#include "journal/journal.hpp"
#include "net/https_client.hpp"
#include "net/tls_context.hpp"
#include "child_process.hpp"

#ifndef HLMM_BIN
#error "HLMM_BIN (the hlmm executable) is set by tests/journal/CMakeLists.txt"
#endif

namespace hlmm::journal {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kKeyHex = "0x5b3c1f0e8a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3";
constexpr int kCrashes = 20;

using test::Child;
using test::read_file;

// One /info request over TLS to the venue process.
std::string info(unsigned short port, const fs::path& ca, const std::string& body) {
  boost::asio::io_context io;
  auto tls = net::TlsClientContext::create(net::TlsOptions{ca.string(), false});
  net::HttpsClientOptions o;
  o.host = "127.0.0.1";
  o.port = std::to_string(port);
  net::HttpsClient client(io.get_executor(), tls, o);
  std::string out;
  bool done = false;
  client.post_json("/info", body, [&](const net::Error& e, net::HttpResponse&& r) {
    if (e) ADD_FAILURE() << "/info " << body << ": " << e.message();
    out = std::move(r.body);
    done = true;
  }, net::Idempotent::yes);
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (!done && std::chrono::steady_clock::now() < until) io.run_for(10ms);
  client.close();
  io.run_for(50ms);
  return out;
}

std::int64_t cash_of(bool is_buy, Price px, Size sz, std::int64_t fee) {
  const auto value = static_cast<std::int64_t>((static_cast<arith::i128>(px) * sz) / kSizeScale);
  return (is_buy ? -value : value) - fee;
}

TEST(CrashRecovery, KilledTwentyTimesTheJournalAndTheBotStillMatchTheVenue) {
  const fs::path dir = fs::temp_directory_path() / ("hlmm-crash-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path key_file = dir / "key";
  {
    std::ofstream(key_file) << kKeyHex << "\n";
    fs::permissions(key_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  }
  const std::string address = hl::PrivateKey::from_hex(kKeyHex).address().to_string();
  const fs::path ca = dir / "venue-ca.pem";
  test::VenueProcess venue = test::spawn_venue(HLMM_BIN, dir, ca, address, {"--markets", "eth", "--block-ms", "40", "--seed", "11"});
  const unsigned short port = venue.port;
  ASSERT_NE(port, 0) << read_file(dir / "venue.err");

  auto bot_args = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = {HLMM_BIN, "run", "--host", "127.0.0.1", "--port", std::to_string(port), "--ca-file",
                                  ca.string(), "--coins", "ETH", "--journal", (dir / "journal").string(), "--nonce-file",
                                  (dir / "nonce").string(), "--key-file", key_file.string(), "--status-s", "1"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> alive_ms(200, 2'500);
  for (int i = 0; i < kCrashes; ++i) {
    Child bot = Child::spawn(bot_args({}), dir / ("bot-" + std::to_string(i) + ".out"), dir / ("bot-" + std::to_string(i) + ".err"));
    const int ms = alive_ms(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    ASSERT_EQ(bot.wait(0ms), -1) << "bot " << i << " exited by itself:\n" << read_file(dir / ("bot-" + std::to_string(i) + ".err"));
    bot.kill_hard();
  }
  // One run that trades to a clean stop, then one with the kill switch on: it reconciles at start
  // (the fills of the last moments included) and quotes nothing, so nothing changes afterwards.
  {
    Child bot = Child::spawn(bot_args({"--for", "5"}), dir / "bot-clean.out", dir / "bot-clean.err");
    ASSERT_EQ(bot.wait(90s), 0) << read_file(dir / "bot-clean.err");
  }
  Child last = Child::spawn(bot_args({"--kill", "--for", "3"}), dir / "bot-last.out", dir / "bot-last.err");
  ASSERT_EQ(last.wait(90s), 0) << read_file(dir / "bot-last.err");
  const std::string summary = read_file(dir / "bot-last.out");

  // The venue's truth.
  auto fills = hl::parse_user_fills(info(port, ca, R"({"type":"userFills","user":")" + address + "\"}"));
  ASSERT_TRUE(fills.ok()) << fills.error.message();
  auto state = hl::parse_clearinghouse_state(info(port, ca, R"({"type":"clearinghouseState","user":")" + address + "\"}"));
  ASSERT_TRUE(state.ok()) << state.error.message();
  Size venue_position = 0;
  for (const hl::AssetPosition& p : state.value.positions) {
    if (p.coin == "ETH") venue_position = p.position;
  }
  std::int64_t venue_cash = 0;
  std::set<std::uint64_t> venue_tids;
  for (const hl::UserFill& f : fills.value) {
    venue_cash += cash_of(f.is_buy, f.price, f.size, f.fee);
    EXPECT_TRUE(venue_tids.insert(f.tid).second);
  }
  std::printf("%d SIGKILLs; venue: %zu fills, position %lld, cash %lld (1e-8)\n", kCrashes, venue_tids.size(),
              static_cast<long long>(venue_position), static_cast<long long>(venue_cash));
  ASSERT_GE(venue_tids.size(), 5u) << "too few fills for the test to mean anything";

  // The journal: every venue fill exactly once (raw records counted, not only the rebuilt set).
  const fs::path path = dir / "journal" / "journal.bin";
  const std::string bytes = read_file(path);
  std::multiset<std::uint64_t> journaled;
  std::size_t pos = kFileMagic.size(), recovered = 0;
  Record r;
  while (pos < bytes.size()) {
    const std::size_t used = decode(reinterpret_cast<const std::uint8_t*>(bytes.data()) + pos, bytes.size() - pos, r);
    ASSERT_GT(used, 0u) << "after a clean stop the journal has no torn tail";
    if (const Fill* f = std::get_if<Fill>(&r)) {
      journaled.insert(f->tid);
      recovered += f->recovered ? 1 : 0;
    }
    pos += used;
  }
  for (const std::uint64_t tid : venue_tids) EXPECT_EQ(journaled.count(tid), 1u) << "tid " << tid;
  EXPECT_EQ(journaled.size(), venue_tids.size()) << "no fill journaled twice or invented";
  JournalState js;
  read_journal(path, js);
  EXPECT_EQ(js.position("ETH"), venue_position);
  EXPECT_EQ(js.cash(), venue_cash);
  std::printf("journal: %zu fill records (%zu recovered from the venue at a restart), %llu sessions\n",
              journaled.size(), recovered, static_cast<unsigned long long>(js.sessions()));
  // The bot's own figures (its summary line) are the venue's too.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(summary, m, std::regex(R"re("positions":\{"ETH":(-?[0-9]+)\},"cash":(-?[0-9]+))re")))
      << summary;
  EXPECT_EQ(std::stoll(m[1]), venue_position);
  EXPECT_EQ(std::stoll(m[2]), venue_cash);
  venue.child.signal(SIGTERM);
  EXPECT_EQ(venue.child.wait(20s), 0);
  if (!HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace hlmm::journal
