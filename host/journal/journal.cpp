#include "journal/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include <spdlog/spdlog.h>

#include "hlmm/arith.hpp"
#include "hyperliquid/overloaded.hpp"

namespace hlmm::journal {

namespace {

bool terminal_status(const std::string& s) { return s != "open" && s != "triggered"; }

std::int64_t notional(Price px, Size sz) {
  return static_cast<std::int64_t>((static_cast<arith::i128>(px) * sz) / kSizeScale);
}

}  // namespace

bool JournalState::apply(const Record& record) {
  bool applied = true;
  std::visit(hl::Overloaded{
                 [&](const SessionStart&) { ++sessions_; },
                 [&](const OrderSent& s) {
                   if (s.kind == SentKind::kOrder || s.kind == SentKind::kModify) pending_[{s.request_id, s.item}] = s;
                 },
                 [&](const Ack& a) {
                   const auto it = pending_.find({a.request_id, a.item});
                   if (it == pending_.end()) return;
                   if (a.kind == AckKind::kResting || a.kind == AckKind::kLost) {
                     if (a.oid != 0) {
                       JournalOrder& o = open_[a.oid];
                       o.oid = a.oid;
                       o.cloid = it->second.cloid;
                       o.asset_id = it->second.asset_id;
                       o.is_buy = it->second.is_buy;
                       o.price = it->second.price;
                       if (o.remaining == 0) o.remaining = it->second.size;
                     }
                   }
                   if (a.kind != AckKind::kLost) pending_.erase(it);
                 },
                 [&](const OrderUpdate& u) {
                   if (terminal_status(u.status) || u.remaining <= 0) {
                     open_.erase(u.oid);
                     return;
                   }
                   JournalOrder& o = open_[u.oid];
                   o.oid = u.oid;
                   if (u.cloid) o.cloid = u.cloid;
                   o.coin = u.coin;
                   o.is_buy = u.is_buy;
                   o.price = u.price;
                   o.remaining = u.remaining;
                 },
                 [&](const Fill& f) {
                   if (!tids_.insert(f.tid).second) {
                     applied = false;
                     return;
                   }
                   CoinLedger& c = coins_[f.coin];
                   c.position += f.is_buy ? f.size : -f.size;
                   c.cash += (f.is_buy ? -notional(f.price, f.size) : notional(f.price, f.size)) - f.fee;
                   ++c.fills;
                   last_fill_ms_ = std::max(last_fill_ms_, f.time_ms);
                   const auto it = open_.find(f.oid);
                   if (it != open_.end()) {
                     it->second.coin = f.coin;
                     it->second.remaining -= f.size;
                     if (it->second.remaining <= 0) open_.erase(it);
                   }
                 },
                 [&](const Reconcile& r) {
                   if (r.what == "position") coins_[r.coin].position = r.venue_value;
                   // Cancelled at start: its cancel's order update may come before the
                   // subscription that would have closed it here.
                   if (r.what == "order_gone" || r.what == "order_cancelled_at_start") open_.erase(r.oid);
                 },
             },
             record);
  if (applied) ++records_;
  return applied;
}

Size JournalState::position(const std::string& coin) const {
  const auto it = coins_.find(coin);
  return it == coins_.end() ? 0 : it->second.position;
}

std::int64_t JournalState::cash() const {
  std::int64_t c = 0;
  for (const auto& [coin, l] : coins_) c += l.cash;
  return c;
}

std::vector<JournalOrder> JournalState::open_orders() const {
  std::vector<JournalOrder> out;
  for (const auto& [oid, o] : open_) out.push_back(o);
  return out;
}

RecoveryReport read_journal(const std::filesystem::path& path, JournalState& state) {
  RecoveryReport rep;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    rep.created = true;
    return rep;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < kFileMagic.size()) {
    // A crash while the header itself was written: nothing was ever journaled.
    if (kFileMagic.substr(0, bytes.size()) != bytes) throw JournalError(path.string() + ": not an hlmm journal");
    rep.truncated_bytes = bytes.size();
    rep.created = true;
    return rep;
  }
  if (std::string_view(bytes).substr(0, kFileMagic.size()) != kFileMagic) {
    throw JournalError(path.string() + ": not an hlmm journal (bad magic)");
  }
  std::size_t pos = kFileMagic.size();
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  Record r;
  while (pos < bytes.size()) {
    const std::size_t used = decode(data + pos, bytes.size() - pos, r);
    if (used == 0) break;
    state.apply(r);
    ++rep.records;
    pos += used;
  }
  rep.valid_bytes = pos;
  rep.truncated_bytes = bytes.size() - pos;
  return rep;
}

Journal::Journal(const std::filesystem::path& dir, JournalOptions options) : path_(dir / "journal.bin"), options_(options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw JournalError(dir.string() + ": " + ec.message());
  recovery_ = read_journal(path_, state_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw JournalError(path_.string() + ": " + std::strerror(errno));
  if (recovery_.created) {
    // Fresh file (or a header torn before completion): write the header and make it durable.
    if (::ftruncate(fd_, 0) != 0 || ::write(fd_, kFileMagic.data(), kFileMagic.size()) != static_cast<ssize_t>(kFileMagic.size()) ||
        ::fdatasync(fd_) != 0) {
      const std::string why = std::strerror(errno);
      ::close(fd_);
      throw JournalError(path_.string() + ": " + why);
    }
    recovery_.valid_bytes = kFileMagic.size();
  } else if (recovery_.truncated_bytes > 0) {
    spdlog::warn("journal: {} byte(s) of torn tail after {} valid record(s) truncated", recovery_.truncated_bytes,
                 recovery_.records);
    if (::ftruncate(fd_, static_cast<off_t>(recovery_.valid_bytes)) != 0 || ::fdatasync(fd_) != 0) {
      const std::string why = std::strerror(errno);
      ::close(fd_);
      throw JournalError(path_.string() + ": truncate: " + why);
    }
  }
  if (::lseek(fd_, 0, SEEK_END) < 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    throw JournalError(path_.string() + ": " + why);
  }
  pending_.reserve(64 * 1024);
  writing_.reserve(64 * 1024);
  writer_ = std::thread([this] { writer_loop(); });
}

Journal::~Journal() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (fd_ >= 0) ::close(fd_);
}

bool Journal::append(const Record& record) {
  if (!state_.apply(record)) return false;
  {
    std::lock_guard lock(mutex_);
    const std::size_t before = pending_.size();
    encode(record, pending_);
    appended_ += pending_.size() - before;
  }
  wake_.notify_one();
  return true;
}

void Journal::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = appended_;
  flush_requested_ = true;
  wake_.notify_one();
  synced_cv_.wait(lock, [&] { return synced_ >= target || errors_ > 0 || stop_; });
}

std::uint64_t Journal::bytes_written() const {
  std::lock_guard lock(mutex_);
  return written_;
}
std::uint64_t Journal::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}
std::uint64_t Journal::write_errors() const {
  std::lock_guard lock(mutex_);
  return errors_;
}

void Journal::writer_loop() {
  using Clock = std::chrono::steady_clock;
  auto last_sync = Clock::now();
  std::uint64_t unsynced_upto = 0;  // bytes written but not yet fdatasync'd (target of the next sync)
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto interval = std::chrono::milliseconds(options_.fsync_interval_ms);
    wake_.wait_for(lock, interval, [&] { return !pending_.empty() || stop_ || flush_requested_; });
    const bool stopping = stop_;
    writing_.swap(pending_);
    const bool flush = flush_requested_;
    flush_requested_ = false;
    lock.unlock();
    // write(): into the kernel at once, so a crash of this process (kill -9) loses nothing that
    // reached here; only the fdatasync is batched.
    std::size_t off = 0;
    bool failed = false;
    while (off < writing_.size()) {
      const ssize_t n = ::write(fd_, writing_.data() + off, writing_.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        spdlog::error("journal: write failed: {} ({} bytes not journaled)", std::strerror(errno), writing_.size() - off);
        failed = true;
        break;
      }
      off += static_cast<std::size_t>(n);
    }
    const std::size_t wrote = off;
    writing_.clear();
    lock.lock();
    written_ += wrote;
    if (failed) ++errors_;
    lock.unlock();
    unsynced_upto = written_;
    const bool due = Clock::now() - last_sync >= interval;
    bool synced_now = false, sync_failed = false;
    if (!failed && unsynced_upto > synced_ && (due || flush || stopping)) {
      if (::fdatasync(fd_) != 0) {
        spdlog::error("journal: fdatasync failed: {}", std::strerror(errno));
        sync_failed = true;
      } else {
        synced_now = true;
      }
      last_sync = Clock::now();
    }
    lock.lock();
    if (sync_failed) ++errors_;
    if (synced_now) {
      synced_ = unsynced_upto;
      ++syncs_;
    }
    synced_cv_.notify_all();
    if (stopping && pending_.empty()) break;
  }
}

}  // namespace hlmm::journal
