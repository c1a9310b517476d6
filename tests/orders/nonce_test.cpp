// Nonces: strictly increasing within a process and across threads, fast-forwarded to the clock,
// never reused across a restart (the persisted high-water mark), and resynced past the venue.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "orders/nonce.hpp"

namespace hlmm::orders {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("hlmm_nonce_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path file() const { return path_ / "nonce.hwm"; }

 private:
  fs::path path_;
};

TEST(Nonce, FastForwardsToTheClockAndIncrementsWithin) {
  std::uint64_t now = 1'000;
  NonceSource n("", [&] { return now; });
  EXPECT_EQ(n.next(), 1'000U);
  EXPECT_EQ(n.next(), 1'001U);  // same ms: +1
  EXPECT_EQ(n.next(), 1'002U);
  now = 5'000;
  EXPECT_EQ(n.next(), 5'000U);  // the clock moved ahead: jump to it
  now = 4'000;                  // the clock went back: still increasing
  EXPECT_EQ(n.next(), 5'001U);
}

TEST(Nonce, ResyncJumpsPastTheVenueFloor) {
  std::uint64_t now = 1'000;
  NonceSource n("", [&] { return now; });
  n.next();
  n.resync(9'999);
  EXPECT_EQ(n.next(), 10'000U);
  n.resync(5);  // never backwards
  EXPECT_EQ(n.next(), 10'001U);
}

TEST(Nonce, ThreadsGetUniqueStrictlyIncreasingNonces) {
  std::atomic<std::uint64_t> clock{1'700'000'000'000};
  TempDir dir;
  // A small reserve makes the threads cross the persisted mark many times.
  NonceSource n(dir.file(), [&] { return clock.fetch_add(1, std::memory_order_relaxed) / 7; }, 500);
  constexpr int kThreads = 4;
  constexpr int kPer = 10'000;
  std::vector<std::vector<std::uint64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      got[static_cast<std::size_t>(t)].reserve(kPer);
      for (int i = 0; i < kPer; ++i) got[static_cast<std::size_t>(t)].push_back(n.next());
    });
  }
  for (auto& th : threads) th.join();
  std::vector<std::uint64_t> all;
  for (const auto& v : got) {
    for (std::size_t i = 1; i < v.size(); ++i) ASSERT_LT(v[i - 1], v[i]) << "per-thread order";
    all.insert(all.end(), v.begin(), v.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a nonce was handed out twice";
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPer));
  // Every nonce handed out is covered by the mark on disk.
  EXPECT_GE(NonceSource::read_mark(dir.file()), all.back());
}

TEST(Nonce, RestartInTheSameMillisecondsNeverReuses) {
  TempDir dir;
  const std::uint64_t frozen = 1'700'000'000'000;
  std::uint64_t last = 0;
  {
    NonceSource n(dir.file(), [&] { return frozen; }, 1'000);
    for (int i = 0; i < 2'500; ++i) last = n.next();  // runs 2500 ahead of the frozen clock
    EXPECT_EQ(last, frozen + 2'499);
  }
  NonceSource again(dir.file(), [&] { return frozen; }, 1'000);
  EXPECT_GT(again.next(), last);
  EXPECT_FALSE(fs::exists(dir.file().string() + ".tmp"));  // renamed into place
}

TEST(Nonce, ReservingAheadKeepsTheFileOffTheNextPath) {
  TempDir dir;
  std::uint64_t clock = 1'700'000'000'000;
  NonceSource n(dir.file(), [&] { return clock; }, 1'000);
  n.reserve_ahead(5'000);
  const std::uint64_t mark = n.persisted_mark();
  EXPECT_GE(mark, clock + 5'000);
  // Nonces within the reserved range never touch the file: the mark stays where it was.
  for (int i = 0; i < 100; ++i) {
    clock += 40;
    EXPECT_LT(n.next(), mark);
  }
  EXPECT_EQ(n.persisted_mark(), mark);
  n.reserve_ahead(5'000);
  EXPECT_GT(n.persisted_mark(), mark);
  // A restart starts above every mark written ahead.
  NonceSource again(dir.file(), [&] { return clock; }, 1'000);
  EXPECT_GT(again.next(), n.persisted_mark());
}

TEST(Nonce, CorruptMarkIsRefusedByName) {
  TempDir dir;
  {
    std::ofstream f(dir.file());
    f << "12ab\n";
  }
  try {
    NonceSource n(dir.file(), [] { return std::uint64_t{1}; });
    FAIL() << "a corrupt mark was accepted";
  } catch (const NonceError& e) {
    EXPECT_EQ(e.code(), NonceError::Code::kCorruptFile);
  }
}

TEST(Nonce, MissingFileStartsAtTheClock) {
  TempDir dir;
  NonceSource n(dir.file(), [] { return std::uint64_t{777}; }, 10);
  EXPECT_EQ(n.next(), 777U);
  EXPECT_EQ(NonceSource::read_mark(dir.file()), 787U);
}

TEST(Nonce, UnwritableDirectoryIsANamedError) {
  NonceSource n("/proc/hlmm-no-such-dir/nonce.hwm", [] { return std::uint64_t{1}; });
  try {
    n.next();
    FAIL() << "persisting into /proc succeeded";
  } catch (const NonceError& e) {
    EXPECT_EQ(e.code(), NonceError::Code::kIoFailed);
  }
}

}  // namespace
}  // namespace hlmm::orders
