#include "hyperliquid/private_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string.h>  // explicit_bzero

#include <fmt/format.h>

#include "hyperliquid/error.hpp"

namespace hlmm::hl {
namespace detail {
bool seckey_valid(const std::uint8_t* key32);
}  // namespace detail

namespace {

// Wipes a stack buffer on every exit path, including exceptions.
struct WipeOnExit {
  void* p;
  std::size_t n;
  ~WipeOnExit() { explicit_bzero(p, n); }
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

PrivateKey PrivateKey::from_hex(std::string_view text, std::string_view source) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  PrivateKey key;
  if (!decode_hex_exact(text, key.secret_)) {
    key.wipe();
    throw Error(ErrorCode::kKeyMalformed,
                fmt::format("{}: expected 64 hex digits, optionally prefixed with 0x", source));
  }
  if (!detail::seckey_valid(key.secret_.data())) {
    key.wipe();
    throw Error(ErrorCode::kKeyOutOfRange,
                fmt::format("{}: not a valid secp256k1 secret (zero or not below the curve order)", source));
  }
  key.valid_ = true;
  return key;
}

PrivateKey PrivateKey::generate() {
  std::random_device os;
  PrivateKey key;
  do {
    for (std::size_t i = 0; i < key.secret_.size(); i += 4) {
      const std::uint32_t word = os();
      std::memcpy(key.secret_.data() + i, &word, 4);
    }
  } while (!detail::seckey_valid(key.secret_.data()));
  key.valid_ = true;
  return key;
}

PrivateKey PrivateKey::from_env(const char* var) {
  const char* value = std::getenv(var);
  if (value == nullptr || *value == '\0') {
    throw Error(ErrorCode::kKeyMissing, fmt::format("no signing key: set {} or give a key file", var));
  }
  return from_hex(value, var);
}

PrivateKey PrivateKey::from_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    throw Error(ErrorCode::kKeyFileUnreadable,
                fmt::format("key file {}: cannot open ({})", path, std::strerror(errno)));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Permissions are judged on the opened file (fstat), so the file checked is the file read.
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    throw Error(ErrorCode::kKeyFileUnreadable, fmt::format("key file {}: not a regular file", path));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw Error(ErrorCode::kKeyFilePermissions,
                fmt::format("key file {}: mode {:04o} lets group or others access it; "
                            "run chmod 600 {}",
                            path, st.st_mode & 07777, path));
  }
  // 64 hex digits plus "0x" and whitespace fit easily; anything much longer is not a key file.
  char buf[256];
  WipeOnExit wipe{buf, sizeof buf};
  std::size_t len = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buf + len, sizeof buf - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorCode::kKeyFileUnreadable,
                  fmt::format("key file {}: read failed ({})", path, std::strerror(errno)));
    }
    if (n == 0) break;
    len += static_cast<std::size_t>(n);
    if (len == sizeof buf) {
      throw Error(ErrorCode::kKeyMalformed, fmt::format("key file {}: too long to hold one key", path));
    }
  }
  return from_hex(std::string_view(buf, len), "key file " + path);
}

PrivateKey PrivateKey::load(const std::optional<std::string>& key_file) {
  return key_file ? from_file(*key_file) : from_env(kPrivateKeyEnvVar);
}

PrivateKey::PrivateKey(PrivateKey&& other) noexcept : secret_(other.secret_), valid_(other.valid_) {
  other.wipe();
}

PrivateKey& PrivateKey::operator=(PrivateKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    valid_ = other.valid_;
    other.wipe();
  }
  return *this;
}

PrivateKey::~PrivateKey() { wipe(); }

void PrivateKey::wipe() noexcept {
  explicit_bzero(secret_.data(), secret_.size());
  valid_ = false;
}

}  // namespace hlmm::hl
