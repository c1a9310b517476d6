// The signing key. It lives only inside this object: move-only, no printing, no accessor that
// hands the bytes out, and wiped (explicit_bzero) on destruction and when moved from. Loading
// buffers are wiped too. Errors name the source and the rule broken, never the key text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hyperliquid/hex.hpp"
#include "hyperliquid/keccak.hpp"
#include "hyperliquid/signature.hpp"

namespace hlmm::hl {

inline constexpr const char* kPrivateKeyEnvVar = "HLMM_PRIVATE_KEY";

class PrivateKey {
 public:
  // 64 hex digits, optional "0x", surrounding whitespace ignored. Throws Error(kKeyMalformed) or
  // Error(kKeyOutOfRange); `source` names where the text came from, for the message.
  static PrivateKey from_hex(std::string_view text, std::string_view source = "private key");
  // Throws Error(kKeyMissing) when the variable is unset or empty.
  static PrivateKey from_env(const char* var = kPrivateKeyEnvVar);
  // Refuses (Error(kKeyFilePermissions)) a file that group or others can access in any way, like
  // ssh does for identity files; Error(kKeyFileUnreadable) for a missing, non-regular or
  // unreadable file.
  static PrivateKey from_file(const std::string& path);
  // A fresh key from the OS's random source (std::random_device), for paper accounts on the local
  // venue (demos, tests); a value that is zero or not below the curve order is drawn again.
  static PrivateKey generate();
  // The CLI's rule: the key file when one is given, otherwise the environment variable.
  static PrivateKey load(const std::optional<std::string>& key_file);

  PrivateKey(PrivateKey&& other) noexcept;
  PrivateKey& operator=(PrivateKey&& other) noexcept;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  ~PrivateKey();

  bool valid() const noexcept { return valid_; }

  // Recoverable ECDSA over a 32-byte digest: RFC 6979 nonce (libsecp256k1's default), low-s,
  // v = 27 + recovery id. Throws Error(kKeyMovedFrom) on a moved-from key.
  Signature sign(const Hash32& digest) const;
  Address address() const;

 private:
  PrivateKey() = default;
  void wipe() noexcept;
  std::array<std::uint8_t, 32> secret_{};
  bool valid_ = false;
};

}  // namespace hlmm::hl
