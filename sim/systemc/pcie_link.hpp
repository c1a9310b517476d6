// Timing of one direction of a PCIe link, as the card model uses it: a transfer is split into
// TLPs of at most `max_payload_bytes`, each carrying `tlp_overhead_bytes` of framing, header and
// LCRC; the TLPs serialize back to back at `bandwidth_gbytes_per_s`, then take the one-way
// latency to land. Transfers on one direction are ordered (PCIe posted-write ordering), so a
// transfer starts serializing when the link has finished the previous one.
//
// Plain C++ (no SystemC), valid as C++17 and C++20: the card model and its tests both use it.
// Times are integer picoseconds so that simulated figures are exact and reproducible.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace hlmm::sim::card {

struct PcieLinkConfig {
  double one_way_latency_ns = 1000.0;     // request leaves one side -> lands on the other
  double bandwidth_gbytes_per_s = 15.75;  // GB/s (10^9 bytes/s) per direction, Gen3 x16 after 128b/130b
  std::uint32_t max_payload_bytes = 256;  // MPS: payload bytes per TLP
  std::uint32_t tlp_overhead_bytes = 24;  // per TLP: framing 2 + sequence 2 + 4DW header 16 + LCRC 4
  double descriptor_overhead_ns = 0.0;    // per transfer (DMA descriptor / doorbell handling)
};

// Throws std::invalid_argument naming the first parameter out of range.
inline void validate(const PcieLinkConfig& c) {
  if (!(c.one_way_latency_ns >= 0.0) || c.one_way_latency_ns > 1e9) {
    throw std::invalid_argument("pcie: one-way latency must be within 0 .. 1e9 ns");
  }
  if (!(c.bandwidth_gbytes_per_s > 0.0) || c.bandwidth_gbytes_per_s > 1e4) {
    throw std::invalid_argument("pcie: bandwidth must be within (0, 1e4] GB/s");
  }
  if (c.max_payload_bytes < 4 || c.max_payload_bytes > 4096) {
    throw std::invalid_argument("pcie: max payload must be within 4 .. 4096 bytes");
  }
  if (c.tlp_overhead_bytes > 64) throw std::invalid_argument("pcie: TLP overhead must be at most 64 bytes");
  if (!(c.descriptor_overhead_ns >= 0.0) || c.descriptor_overhead_ns > 1e9) {
    throw std::invalid_argument("pcie: descriptor overhead must be within 0 .. 1e9 ns");
  }
}

inline std::uint64_t ns_to_ps(double ns) { return static_cast<std::uint64_t>(std::llround(ns * 1000.0)); }

// Bytes on the wire for a transfer of `payload_bytes` (0: one header-only TLP, e.g. a read request).
inline std::uint64_t wire_bytes(const PcieLinkConfig& c, std::uint64_t payload_bytes) {
  const std::uint64_t tlps = payload_bytes == 0 ? 1 : (payload_bytes + c.max_payload_bytes - 1) / c.max_payload_bytes;
  return payload_bytes + tlps * c.tlp_overhead_bytes;
}

// Time the link is busy with a transfer, in ps; a DMA transfer (`descriptor`) also pays the
// per-descriptor overhead, a register access does not.
inline std::uint64_t serialization_ps(const PcieLinkConfig& c, std::uint64_t payload_bytes, bool descriptor) {
  // bytes / (GB/s) = ns; * 1000 = ps.
  const double ps = static_cast<double>(wire_bytes(c, payload_bytes)) * 1000.0 / c.bandwidth_gbytes_per_s;
  return static_cast<std::uint64_t>(std::llround(ps)) + (descriptor ? ns_to_ps(c.descriptor_overhead_ns) : 0);
}

// One direction of the link. `send` returns the time the transfer lands on the far side.
class PcieLinkTiming {
 public:
  explicit PcieLinkTiming(const PcieLinkConfig& c = {}) : config_(c) { validate(c); }

  const PcieLinkConfig& config() const { return config_; }
  void reconfigure(const PcieLinkConfig& c) {
    validate(c);
    config_ = c;
    free_at_ps_ = 0;
  }

  std::uint64_t send(std::uint64_t now_ps, std::uint64_t payload_bytes, bool descriptor) {
    const std::uint64_t start = std::max(now_ps, free_at_ps_);
    free_at_ps_ = start + serialization_ps(config_, payload_bytes, descriptor);
    return free_at_ps_ + ns_to_ps(config_.one_way_latency_ns);
  }
  // When the link has finished serializing everything sent so far.
  std::uint64_t free_at_ps() const { return free_at_ps_; }

 private:
  PcieLinkConfig config_;
  std::uint64_t free_at_ps_ = 0;
};

}  // namespace hlmm::sim::card
