// The journal's framing, torn-tail handling and the state it rebuilds, on real files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "journal/journal.hpp"

namespace hlmm::journal {
namespace {

namespace fs = std::filesystem;

class JournalTest : public ::testing::Test {
 protected:
  JournalTest() {
    dir_ = fs::temp_directory_path() / ("hlmm-journal-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  ~JournalTest() override { fs::remove_all(dir_); }
  fs::path dir_;
};

Fill fill(std::uint64_t tid, bool buy, double price, double size, std::int64_t fee = 0, std::uint64_t oid = 0) {
  Fill f;
  f.tid = tid;
  f.oid = oid;
  f.coin = "ETH";
  f.is_buy = buy;
  f.price = static_cast<Price>(price * kPriceScale);
  f.size = static_cast<Size>(size * kSizeScale);
  f.fee = fee;
  f.time_ms = 1'000 + tid;
  return f;
}

TEST(JournalRecords, EveryTypeRoundTripsAndAFlippedBitIsRefused) {
  OrderSent sent;
  sent.request_id = 7;
  sent.nonce = 1'700'000'000'123;
  sent.kind = SentKind::kModify;
  sent.item = 2;
  sent.asset_id = 4;
  sent.is_buy = true;
  sent.price = 123'450'000'000;
  sent.size = 10'000'000;
  sent.cloid = Cloid{1, 2, 3};
  OrderUpdate up;
  up.oid = 99;
  up.coin = "BTC";
  up.status = "canceled";
  const std::vector<Record> records = {SessionStart{5, "0xabc"}, sent, Ack{7, 2, AckKind::kResting, 99, ""}, up,
                                       fill(3, false, 2000.5, 0.25, -12), Reconcile{"ETH", "position", 1, 2, 0}};
  for (const Record& r : records) {
    std::string bytes;
    encode(r, bytes);
    Record back;
    ASSERT_EQ(decode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), back), bytes.size());
    EXPECT_EQ(back.index(), r.index());
    std::string again;
    encode(back, again);
    EXPECT_EQ(again, bytes);
    for (std::size_t bit = 0; bit < bytes.size() * 8; bit += 7) {
      std::string bad = bytes;
      bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
      Record out;
      EXPECT_EQ(decode(reinterpret_cast<const std::uint8_t*>(bad.data()), bad.size(), out), 0u) << "bit " << bit;
    }
    EXPECT_EQ(decode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size() - 1, back), 0u);
  }
}

TEST_F(JournalTest, RebuildsPositionsCashAndOpenOrdersAcrossARestart) {
  {
    Journal j(dir_);
    EXPECT_TRUE(j.recovery().created);
    OrderSent s;
    s.request_id = 1;
    s.asset_id = 0;
    s.is_buy = true;
    s.price = 2000 * kPriceScale;
    s.size = kSizeScale;
    j.append(s);
    j.append(Ack{1, 0, AckKind::kResting, 42, ""});
    j.append(fill(10, true, 2000, 0.4, 5, 42));
    j.append(fill(11, false, 2010, 0.1, 5));
    EXPECT_FALSE(j.append(fill(10, true, 2000, 0.4, 5, 42))) << "a fill id is journaled once";
    j.flush();
    EXPECT_GE(j.syncs(), 1u);
  }
  Journal j(dir_);
  EXPECT_FALSE(j.recovery().created);
  EXPECT_EQ(j.recovery().truncated_bytes, 0u);
  EXPECT_EQ(j.state().position("ETH"), static_cast<Size>(0.3 * kSizeScale));
  EXPECT_EQ(j.state().cash(), static_cast<std::int64_t>((-800 + 201) * kPriceScale) - 10);
  EXPECT_EQ(j.state().fills(), 2u);
  const auto open = j.state().open_orders();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].oid, 42u);
  EXPECT_EQ(open[0].remaining, static_cast<Size>(0.6 * kSizeScale));
  // The start's cancel of what rests at the venue closes the order even with no update for it,
  // so the next start does not count it as gone while away.
  j.append(Reconcile{"ETH", "order_cancelled_at_start", 1, 1, 42});
  EXPECT_TRUE(j.state().open_orders().empty());
}

TEST_F(JournalTest, ATornTailIsTruncatedAtEveryCutPointAndNeverMisread) {
  std::uint64_t full_size = 0;
  {
    Journal j(dir_);
    for (std::uint64_t t = 1; t <= 20; ++t) j.append(fill(t, t % 2 == 0, 2000 + static_cast<double>(t), 0.01));
    j.flush();
    full_size = fs::file_size(j.path());
  }
  const fs::path path = dir_ / "journal.bin";
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_EQ(bytes.size(), full_size);
  // Every cut point read back (read-only); every 11th also reopened for writing, which truncates.
  std::uint64_t last_records = 0;
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    {
      std::ofstream out(path, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(cut));
    }
    JournalState state;
    const RecoveryReport rep = read_journal(path, state);
    // Whole records only: the fills read are exactly a prefix of those written.
    EXPECT_EQ(state.fills(), rep.records);
    for (std::uint64_t t = 1; t <= state.fills(); ++t) EXPECT_TRUE(state.knows_fill(t));
    EXPECT_GE(rep.records, last_records);
    EXPECT_EQ(rep.valid_bytes + rep.truncated_bytes, cut);
    last_records = rep.records;
    if (cut % 11 != 0 && cut != bytes.size()) continue;
    Journal j(dir_);
    EXPECT_EQ(j.recovery().records, rep.records);
    EXPECT_EQ(fs::file_size(path), cut < 8 ? 8u : j.recovery().valid_bytes) << "cut " << cut;
    // The journal carries on after the truncation point.
    j.append(fill(1000, true, 1, 1));
    j.flush();
    JournalState after;
    read_journal(path, after);
    EXPECT_EQ(after.fills(), rep.records + 1);
  }
  EXPECT_EQ(last_records, 20u);
  // Garbage appended after valid records (a torn write of random bytes) is dropped as well.
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::mt19937 rng(1);
    for (int i = 0; i < 50; ++i) out.put(static_cast<char>(rng()));
  }
  Journal j(dir_);
  EXPECT_EQ(j.recovery().records, 20u);
  EXPECT_EQ(j.recovery().truncated_bytes, 50u);
}

TEST_F(JournalTest, AFileThatIsNotAJournalIsRefused) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "journal.bin") << "hello, this is not a journal";
  EXPECT_THROW(Journal j(dir_), JournalError);
}

}  // namespace
}  // namespace hlmm::journal
