// Everything that touches libsecp256k1: signing, recovery, key validation, addresses.
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <sys/random.h>

#include <cstring>
#include <string.h>  // explicit_bzero

#include "hyperliquid/error.hpp"
#include "hyperliquid/private_key.hpp"
#include "hyperliquid/signature.hpp"

namespace hlmm::hl {
namespace detail {

// One context for the process. Randomising it blinds the signing computation against timing and
// power side channels; after creation it is only read, which libsecp256k1 allows from any thread.
const secp256k1_context* signing_context() {
  static const secp256k1_context* const ctx = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    unsigned char seed[32];
    if (getrandom(seed, sizeof seed, 0) == static_cast<ssize_t>(sizeof seed)) {
      // A failed randomisation leaves the context valid, only unblinded: not a reason to refuse.
      const int randomized = secp256k1_context_randomize(c, seed);
      static_cast<void>(randomized);
    }
    explicit_bzero(seed, sizeof seed);
    return c;
  }();
  return ctx;
}

bool seckey_valid(const std::uint8_t* key32) {
  return secp256k1_ec_seckey_verify(secp256k1_context_static, key32) == 1;
}

}  // namespace detail

Address address_from_uncompressed_pubkey(const std::array<std::uint8_t, 64>& xy) {
  const Hash32 h = keccak256(xy);
  Address a;
  std::memcpy(a.bytes.data(), h.data() + 12, 20);
  return a;
}

Signature PrivateKey::sign(const Hash32& digest) const {
  if (!valid_) throw Error(ErrorCode::kKeyMovedFrom, "signing with a moved-from key");
  const secp256k1_context* ctx = detail::signing_context();
  secp256k1_ecdsa_recoverable_signature sig;
  // nullptr noncefp = secp256k1_nonce_function_rfc6979, the deterministic nonce every Ethereum
  // signer uses; libsecp256k1 always returns the low-s form.
  if (secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest.data(), secret_.data(), nullptr, nullptr) != 1) {
    throw Error(ErrorCode::kKeyOutOfRange, "secp256k1 refused to sign with this key");
  }
  unsigned char compact[64];
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &sig);
  Signature out;
  std::memcpy(out.r.data(), compact, 32);
  std::memcpy(out.s.data(), compact + 32, 32);
  out.v = static_cast<std::uint8_t>(27 + recid);
  return out;
}

Address PrivateKey::address() const {
  if (!valid_) throw Error(ErrorCode::kKeyMovedFrom, "address of a moved-from key");
  const secp256k1_context* ctx = detail::signing_context();
  secp256k1_pubkey pub;
  if (secp256k1_ec_pubkey_create(ctx, &pub, secret_.data()) != 1) {
    throw Error(ErrorCode::kKeyOutOfRange, "secp256k1 refused this key");
  }
  unsigned char ser[65];
  size_t len = sizeof ser;
  secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
  std::array<std::uint8_t, 64> xy;
  std::memcpy(xy.data(), ser + 1, 64);
  return address_from_uncompressed_pubkey(xy);
}

std::optional<Address> recover_address(const Hash32& digest, const Signature& sig) {
  if (sig.v != 27 && sig.v != 28) return std::nullopt;
  const secp256k1_context* ctx = detail::signing_context();
  unsigned char compact[64];
  std::memcpy(compact, sig.r.data(), 32);
  std::memcpy(compact + 32, sig.s.data(), 32);
  secp256k1_ecdsa_recoverable_signature rsig;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, compact, sig.v - 27) != 1) {
    return std::nullopt;
  }
  secp256k1_pubkey pub;
  if (secp256k1_ecdsa_recover(ctx, &pub, &rsig, digest.data()) != 1) return std::nullopt;
  unsigned char ser[65];
  size_t len = sizeof ser;
  secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
  std::array<std::uint8_t, 64> xy;
  std::memcpy(xy.data(), ser + 1, 64);
  return address_from_uncompressed_pubkey(xy);
}

Signature Signature::from_hex(std::string_view r_hex, std::string_view s_hex, unsigned v) {
  Signature sig;
  if (!parse_u256_hex(r_hex, sig.r) || !parse_u256_hex(s_hex, sig.s)) {
    throw Error(ErrorCode::kBadSignature, "r and s must be \"0x\" followed by 1 to 64 hex digits");
  }
  if (v != 27 && v != 28) throw Error(ErrorCode::kBadSignature, "v must be 27 or 28");
  sig.v = static_cast<std::uint8_t>(v);
  return sig;
}

}  // namespace hlmm::hl
