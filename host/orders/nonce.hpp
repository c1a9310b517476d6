// Nonces for signed /exchange actions: strictly increasing and unique across threads and restarts.
//
// protocol.md §4.3: the venue keeps a signer's 100 highest nonces; a new one must exceed the
// smallest of them and never have been used, and must lie within (T - 2 days, T + 1 day) of the
// block time. The recommended scheme is an atomic counter fast-forwarded to the current ms:
// next = max(last + 1, now_ms).
//
// Restarts: a process that restarts within the same millisecond range must not hand out a nonce
// the previous run used. The source persists a high-water mark (HWM) *ahead* of use: before any
// nonce above the persisted mark is returned, a new mark `nonce + reserve_ms` is written to a
// temporary file, fsync'd, renamed over the file and the directory fsync'd. So every nonce ever
// returned is ≤ the mark on disk, and a restart begins at max(now_ms, mark + 1). The file is
// written once per `reserve_ms` of nonce advance (once a minute by default), not per nonce; that
// write (an fsync, ~ms) happens on the thread that crosses the mark.
//
// File format: one decimal integer and a newline. A file that does not parse is refused with
// NonceError (the run stops; the operator removes the file after waiting longer than the reserve,
// or fixes it) because guessing could reuse a nonce.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

namespace hlmm::orders {

class NonceError : public std::runtime_error {
 public:
  enum class Code : std::uint8_t { kCorruptFile, kIoFailed };
  NonceError(Code code, const std::string& what) : std::runtime_error(what), code_(code) {}
  Code code() const noexcept { return code_; }

 private:
  Code code_;
};

using MsClock = std::function<std::uint64_t()>;

std::uint64_t system_now_ms();

class NonceSource {
 public:
  // `hwm_file` empty: no persistence (tests, or a signer used by one short-lived process only).
  explicit NonceSource(std::filesystem::path hwm_file, MsClock clock = system_now_ms,
                       std::uint64_t reserve_ms = 60'000);

  // Thread-safe; every call returns a value greater than every value returned before, in this
  // process and (with a file) in every earlier process that used the same file.
  std::uint64_t next();

  // The venue told us a nonce was a duplicate or below its window (`venue_floor` is the duplicate
  // or the "least" it named): the next nonce will be greater than it.
  void resync(std::uint64_t venue_floor);

  // Writes the mark ahead of time so that next() finds at least `headroom_ms` of reserved nonces
  // and never waits for the file: call it from a thread that may block on disk (the live trader
  // runs a keeper thread), keeping the fsync off the receive/order path. No-op without a file.
  void reserve_ahead(std::uint64_t headroom_ms);

  std::uint64_t last() const noexcept { return last_.load(std::memory_order_acquire); }
  std::uint64_t persisted_mark() const noexcept { return reserved_.load(std::memory_order_acquire); }

  // Reads the mark from a file; 0 when the file does not exist. Throws NonceError(kCorruptFile).
  static std::uint64_t read_mark(const std::filesystem::path& file);

 private:
  void persist_at_least(std::uint64_t value);  // slow path, under mutex_

  std::filesystem::path file_;
  MsClock clock_;
  std::uint64_t reserve_ms_;
  std::atomic<std::uint64_t> last_{0};
  // Largest nonce that may be handed out without another write (UINT64_MAX without a file).
  std::atomic<std::uint64_t> reserved_{0};
  std::mutex mutex_;
};

}  // namespace hlmm::orders
