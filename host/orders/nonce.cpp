#include "orders/nonce.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace hlmm::orders {
namespace {

void write_all_and_sync(const std::filesystem::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw NonceError(NonceError::Code::kIoFailed,
                     "nonce: cannot create " + path.string() + ": " + std::strerror(errno));
  }
  std::size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      throw NonceError(NonceError::Code::kIoFailed, "nonce: write " + path.string() + ": " + std::strerror(e));
    }
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    throw NonceError(NonceError::Code::kIoFailed, "nonce: fsync " + path.string() + ": " + std::strerror(e));
  }
  ::close(fd);
}

void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the rename itself is done; a directory that cannot be opened cannot be synced
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

std::uint64_t system_now_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

std::uint64_t NonceSource::read_mark(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    if (!std::filesystem::exists(file)) return 0;
    throw NonceError(NonceError::Code::kIoFailed, "nonce: cannot read " + file.string());
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
    throw NonceError(NonceError::Code::kCorruptFile,
                     "nonce: high-water file " + file.string() +
                         " is not one decimal integer; refusing to guess (a guess could reuse a nonce)");
  }
  return v;
}

NonceSource::NonceSource(std::filesystem::path hwm_file, MsClock clock, std::uint64_t reserve_ms)
    : file_(std::move(hwm_file)), clock_(std::move(clock)), reserve_ms_(reserve_ms == 0 ? 1 : reserve_ms) {
  if (file_.empty()) {
    reserved_.store(std::numeric_limits<std::uint64_t>::max());
    return;
  }
  const std::uint64_t mark = read_mark(file_);
  // Every nonce of an earlier run was ≤ mark, so starting above it can never repeat one.
  last_.store(mark);
  reserved_.store(mark);
}

void NonceSource::persist_at_least(std::uint64_t value) {
  std::lock_guard lock(mutex_);
  if (reserved_.load(std::memory_order_acquire) >= value) return;  // another thread did it
  const std::uint64_t mark = value + reserve_ms_;
  std::filesystem::path tmp = file_;
  tmp += ".tmp";
  write_all_and_sync(tmp, std::to_string(mark) + "\n");
  std::error_code ec;
  std::filesystem::rename(tmp, file_, ec);
  if (ec) {
    throw NonceError(NonceError::Code::kIoFailed, "nonce: rename " + tmp.string() + ": " + ec.message());
  }
  sync_directory(file_.parent_path());
  reserved_.store(mark, std::memory_order_release);
}

std::uint64_t NonceSource::next() {
  std::uint64_t cur = last_.load(std::memory_order_acquire);
  for (;;) {
    const std::uint64_t now = clock_();
    const std::uint64_t cand = now > cur ? now : cur + 1;
    if (cand > reserved_.load(std::memory_order_acquire)) {
      persist_at_least(cand);
      cur = last_.load(std::memory_order_acquire);
      continue;
    }
    if (last_.compare_exchange_weak(cur, cand, std::memory_order_acq_rel, std::memory_order_acquire)) return cand;
  }
}

void NonceSource::reserve_ahead(std::uint64_t headroom_ms) {
  if (file_.empty()) return;
  const std::uint64_t now = clock_();
  const std::uint64_t last = last_.load(std::memory_order_acquire);
  const std::uint64_t want = (now > last ? now : last) + headroom_ms;
  if (reserved_.load(std::memory_order_acquire) < want) persist_at_least(want);
}

void NonceSource::resync(std::uint64_t venue_floor) {
  std::uint64_t cur = last_.load(std::memory_order_acquire);
  while (cur < venue_floor &&
         !last_.compare_exchange_weak(cur, venue_floor, std::memory_order_acq_rel, std::memory_order_acquire)) {
  }
}

}  // namespace hlmm::orders
