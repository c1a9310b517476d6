// The PCIe link's timing arithmetic: TLP split and overhead, serialization at the bandwidth,
// one-way latency, ordering of transfers on one direction, and refusal of bad parameters.
#include <stdexcept>

#include <gtest/gtest.h>

#include "pcie_link.hpp"

namespace hlmm::sim::card {
namespace {

TEST(PcieLink, TransfersSplitIntoTlpsThatEachCarryTheOverhead) {
  PcieLinkConfig c;
  c.max_payload_bytes = 256;
  c.tlp_overhead_bytes = 24;
  EXPECT_EQ(wire_bytes(c, 0), 24u);    // a read request: header only
  EXPECT_EQ(wire_bytes(c, 4), 28u);    // a register write
  EXPECT_EQ(wire_bytes(c, 256), 280u);
  EXPECT_EQ(wire_bytes(c, 257), 257u + 48u);
  EXPECT_EQ(wire_bytes(c, 1024), 1024u + 4 * 24u);
}

TEST(PcieLink, SerializationFollowsTheBandwidthAndDescriptorsPayTheirOverhead) {
  PcieLinkConfig c;
  c.bandwidth_gbytes_per_s = 1.0;  // 1 byte per ns
  c.descriptor_overhead_ns = 100;
  EXPECT_EQ(serialization_ps(c, 32, false), 56'000u);
  EXPECT_EQ(serialization_ps(c, 32, true), 156'000u);
  c.bandwidth_gbytes_per_s = 2.0;
  EXPECT_EQ(serialization_ps(c, 32, false), 28'000u);
}

TEST(PcieLink, ArrivalIsSerializationPlusLatencyAndTransfersQueueInOrder) {
  PcieLinkConfig c;
  c.bandwidth_gbytes_per_s = 1.0;
  c.one_way_latency_ns = 1000;
  PcieLinkTiming link(c);
  EXPECT_EQ(link.send(0, 4, false), 28'000u + 1'000'000u);
  // Sent at the same time: it waits for the first to finish serializing.
  EXPECT_EQ(link.send(0, 4, false), 56'000u + 1'000'000u);
  EXPECT_EQ(link.free_at_ps(), 56'000u);
  // Sent after the link went idle: no queueing.
  EXPECT_EQ(link.send(5'000'000, 0, false), 5'000'000u + 24'000u + 1'000'000u);
}

TEST(PcieLink, BadParametersAreRefusedWithTheirName) {
  PcieLinkConfig c;
  c.bandwidth_gbytes_per_s = 0;
  EXPECT_THROW(PcieLinkTiming{c}, std::invalid_argument);
  c = {};
  c.one_way_latency_ns = -1;
  EXPECT_THROW(validate(c), std::invalid_argument);
  c = {};
  c.max_payload_bytes = 2;
  EXPECT_THROW(validate(c), std::invalid_argument);
  try {
    c = {};
    c.bandwidth_gbytes_per_s = -3;
    validate(c);
    FAIL() << "accepted a negative bandwidth";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("bandwidth"), std::string::npos);
  }
}

}  // namespace
}  // namespace hlmm::sim::card
