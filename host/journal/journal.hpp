// The append-only journal of orders sent, acknowledgements, order updates and fills, and the state
// rebuilt from it (positions, cash, open orders, fill ids). README.md has the durability policy.
//
// Threads: append() and the state are used by one thread (the trader's I/O thread); it only
// encodes the record into a buffer under a short lock. A writer thread of its own does the write()
// and the batched fdatasync, so no disk wait ever lands on the receive path.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "journal/records.hpp"

namespace hlmm::journal {

struct CoinLedger {
  Size position = 0;       // signed, size scale
  std::int64_t cash = 0;   // USDC 1e-8: -px*sz for buys, +px*sz for sells, minus fees
  std::uint64_t fills = 0;
};

struct JournalOrder {
  std::uint64_t oid = 0;
  std::optional<Cloid> cloid;
  std::uint32_t asset_id = 0;
  std::string coin;        // known once an order update or fill named it
  bool is_buy = false;
  Price price = 0;
  Size remaining = 0;
};

// Everything the journal says, rebuilt by applying its records in order.
class JournalState {
 public:
  // Returns false for a fill whose tid was already applied (nothing changes then).
  bool apply(const Record& record);
  bool knows_fill(std::uint64_t tid) const { return tids_.count(tid) != 0; }

  const std::map<std::string, CoinLedger>& coins() const { return coins_; }
  Size position(const std::string& coin) const;
  std::int64_t cash() const;  // all coins
  std::uint64_t last_fill_ms() const { return last_fill_ms_; }
  std::uint64_t fills() const { return tids_.size(); }
  std::uint64_t records() const { return records_; }
  std::uint64_t sessions() const { return sessions_; }
  std::vector<JournalOrder> open_orders() const;
  const std::unordered_set<std::uint64_t>& fill_ids() const { return tids_; }

 private:
  struct PendingKey {
    std::uint64_t request_id;
    std::uint32_t item;
    bool operator==(const PendingKey&) const = default;
  };
  struct PendingHash {
    std::size_t operator()(const PendingKey& k) const { return std::hash<std::uint64_t>()(k.request_id * 131 + k.item); }
  };
  std::map<std::string, CoinLedger> coins_;
  std::unordered_set<std::uint64_t> tids_;
  std::unordered_map<PendingKey, OrderSent, PendingHash> pending_;  // placements awaiting an answer
  std::unordered_map<std::uint64_t, JournalOrder> open_;             // by oid
  std::uint64_t last_fill_ms_ = 0, records_ = 0, sessions_ = 0;
};

// What the trader's status shows of the journal and of the start-up reconciliation.
struct JournalStatus {
  bool enabled = false;
  std::uint64_t records = 0;          // in the journal (this run's and earlier runs')
  std::uint64_t fills = 0;            // distinct fill ids journaled
  std::uint64_t bytes_written = 0;    // this run
  std::uint64_t syncs = 0;
  std::uint64_t write_errors = 0;
  std::uint64_t truncated_bytes = 0;  // torn tail removed at start
  std::uint64_t recovered_fills = 0;  // fills the venue had that the journal lacked (at start)
  std::uint64_t position_mismatches = 0;  // coins whose journal position differed (venue won)
  std::uint64_t orders_gone = 0;      // journal-open orders the venue no longer had
  std::uint64_t orders_unknown = 0;   // venue-open orders the journal did not know
};

struct JournalOptions {
  std::uint64_t fsync_interval_ms = 50;  // at most this long between a write() and its fdatasync
};

struct RecoveryReport {
  std::uint64_t records = 0;
  std::uint64_t valid_bytes = 0;
  std::uint64_t truncated_bytes = 0;  // torn tail removed (0 after a clean stop)
  bool created = false;               // no journal existed: a fresh one was started
};

class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads every valid record of `path` into `state`; stops at the first invalid one. Does not
// modify the file. Throws JournalError when the file exists but is not a journal.
RecoveryReport read_journal(const std::filesystem::path& path, JournalState& state);

class Journal {
 public:
  // Opens (creating the directory and file when needed) `dir/journal.bin`, rebuilds the state,
  // truncates a torn tail, and starts the writer thread. Throws JournalError.
  Journal(const std::filesystem::path& dir, JournalOptions options = {});
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  const RecoveryReport& recovery() const { return recovery_; }
  const JournalState& state() const { return state_; }
  std::filesystem::path path() const { return path_; }

  // Applies to the state and queues for the disk. A fill already known (by tid) is neither
  // applied nor written; returns false then.
  bool append(const Record& record);
  // Blocks until everything appended so far is written and fdatasync'd.
  void flush();

  std::uint64_t bytes_written() const;
  std::uint64_t syncs() const;
  std::uint64_t write_errors() const;  // > 0: the journal is not durable any more (logged)

 private:
  void writer_loop();

  std::filesystem::path path_;
  JournalOptions options_;
  RecoveryReport recovery_;
  JournalState state_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable wake_, synced_cv_;
  std::string pending_, writing_;
  std::uint64_t appended_ = 0, written_ = 0, synced_ = 0, syncs_ = 0, errors_ = 0;
  bool stop_ = false, flush_requested_ = false;
  std::thread writer_;
};

}  // namespace hlmm::journal
