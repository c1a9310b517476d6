// Ethereum's Keccak-256 (original Keccak padding 0x01, not FIPS-202 SHA3's 0x06).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace hlmm::hl {

using Hash32 = std::array<std::uint8_t, 32>;

Hash32 keccak256(std::span<const std::uint8_t> data);
Hash32 keccak256(std::string_view data);

}  // namespace hlmm::hl
