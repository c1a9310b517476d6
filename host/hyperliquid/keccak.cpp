#include "hyperliquid/keccak.hpp"

#include <cryptopp/keccak.h>

namespace hlmm::hl {

Hash32 keccak256(std::span<const std::uint8_t> data) {
  // A fresh hasher per call: constructing one is a few hundred bytes of state and no allocation,
  // and it keeps the function reentrant without locks.
  CryptoPP::Keccak_256 h;
  h.Update(data.data(), data.size());
  Hash32 out;
  h.Final(out.data());
  return out;
}

Hash32 keccak256(std::string_view data) {
  return keccak256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

}  // namespace hlmm::hl
