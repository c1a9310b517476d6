// The control port's address map, as docs/register-map.md documents it: the one definition the
// C++ side uses (rtl/hlmm_top.sv decodes the same addresses). Every configuration block is the
// byte image of its C++ struct, written as little-endian 32-bit words, so the register layout
// cannot drift from pipeline_config.hpp / policy_table.hpp: it *is* their layout.
#pragma once

#include <cstdint>

namespace hlmm::sim::regmap {

// Global block.
inline constexpr std::uint32_t kGlobalConfig = 0x0000'0000;  // GlobalConfig image (24 bytes)
inline constexpr std::uint32_t kOpenOrders = 0x0000'00E0;    // RO: live quoted sides
inline constexpr std::uint32_t kRateTat = 0x0000'00E8;       // RO: GCRA TAT, 64-bit
inline constexpr std::uint32_t kId = 0x0000'00F0;            // RO: 0x484C4D4D "HLMM"
inline constexpr std::uint32_t kStatus = 0x0000'00F4;        // RO: bit 0 idle (nothing in flight)
inline constexpr std::uint32_t kParams = 0x0000'00F8;        // RO: N [15:0], M [31:16]
inline constexpr std::uint32_t kCounters = 0x0000'0100;      // RO: PipelineCounters image (560 bytes)
inline constexpr std::uint32_t kIdValue = 0x484C'4D4D;

// Per-asset block: 0x0001_0000 + slot * 0x100.
inline constexpr std::uint32_t asset_base(unsigned slot) { return 0x0001'0000u + slot * 0x100u; }
inline constexpr std::uint32_t kAssetConfig = 0x00;  // AssetConfig image (56 bytes)
inline constexpr std::uint32_t kTableCtrl = 0x40;    // bit 0 active bank, bit 1 bank 0 valid, bit 2 bank 1 valid
inline constexpr std::uint32_t kAssetStatus = 0x80;  // RO: bid count [7:0], ask count [15:8], needs resync [16], in snapshot [17]
inline constexpr std::uint32_t kPosition = 0x88;     // RO: position, 64-bit

// Book readback: 0x0010_0000 + slot * 0x1000; level i of each array at + i * 8 (64-bit).
inline constexpr std::uint32_t book_base(unsigned slot) { return 0x0010'0000u + slot * 0x1000u; }
inline constexpr std::uint32_t kBidPrice = 0x000;
inline constexpr std::uint32_t kBidSize = 0x200;
inline constexpr std::uint32_t kAskPrice = 0x400;
inline constexpr std::uint32_t kAskSize = 0x600;

// Policy-table memory (write-only): 0x1000_0000 + ((bank * 256 + slot) << 18), the PolicyTable
// image (header bytes 0 .. 79, size_curve from 80, cells from 592).
inline constexpr std::uint32_t table_base(unsigned bank, unsigned slot) {
  return 0x1000'0000u + ((bank * 256u + slot) << 18);
}

}  // namespace hlmm::sim::regmap
