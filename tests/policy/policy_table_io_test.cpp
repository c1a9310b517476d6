#include "policy/policy_table_io.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include <gtest/gtest.h>

#include "policy/policy_surface.hpp"

namespace hlmm::policy {
namespace {

PolicyTable sample_table() {
  PolicySurface s;
  s.q_nodes = uniform_nodes(-2.0, 1.0, 5);
  s.f_nodes = uniform_nodes(-0.2, 0.1, 5);
  s.t_bins = 3;
  s.t_bin_seconds = 7200.0;
  s.resize_cells();
  for (std::size_t c = 0; c < s.bid.size(); ++c) {
    s.bid[c] = c % 7 == 0 ? std::numeric_limits<double>::infinity() : 0.5 + 0.001 * static_cast<double>(c);
    s.ask[c] = 40.0 - 0.01 * static_cast<double>(c);  // forces offset_shift 1
  }
  for (std::size_t i = 0; i < 5; ++i) s.size[i] = 0.25 * static_cast<double>(i);
  auto r = encode_policy_table(s, {.t0_ns = 1'700'000'000'000'000'000ULL});
  EXPECT_TRUE(r.ok());
  return r.value();
}

bool same_table(const PolicyTable& a, const PolicyTable& b) {
  return std::memcmp(&a, &b, sizeof(PolicyTable)) == 0;
}

TEST(PolicyFile, Crc32OfTheStandardCheckString) {
  const char* check = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const std::uint8_t*>(check), 9), 0xCBF43926U);
}

TEST(PolicyFile, SerializeParseRoundTripIsExact) {
  const PolicyTable t = sample_table();
  EXPECT_EQ(t.offset_shift, 1);
  const auto bytes = serialize_policy_table(t);
  EXPECT_EQ(std::memcmp(bytes.data(), "HLMMPOLT", 8), 0);
  EXPECT_EQ(bytes[8], 1);  // version 1, little-endian
  EXPECT_EQ(bytes.size(), 16 + 80 + 8 * 5 + 8 * 75 + 4u);
  auto back = parse_policy_table(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(same_table(t, back.value()));
}

TEST(PolicyFile, WriteReadRoundTripThroughDisk) {
  const PolicyTable t = sample_table();
  const std::string path = (std::filesystem::temp_directory_path() / "hlmm_policy_roundtrip.bin").string();
  ASSERT_TRUE(write_policy_table(t, path).ok());
  auto back = read_policy_table(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(same_table(t, back.value()));
  std::remove(path.c_str());
  auto missing = read_policy_table(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, PolicyErrorCode::kIo);
}

PolicyErrorCode parse_error(const std::vector<std::uint8_t>& bytes) {
  auto r = parse_policy_table(bytes);
  EXPECT_FALSE(r.ok());
  return r.ok() ? PolicyErrorCode::kIo : r.error().code;
}

// Rewrites the trailing CRC so a test reaches the checks behind it.
void fix_crc(std::vector<std::uint8_t>& b) {
  const std::uint32_t c = crc32(b.data(), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(c >> (8 * i));
}

TEST(PolicyFile, RefusesCorruptFiles) {
  const auto good = serialize_policy_table(sample_table());
  auto b = good;
  b[0] = 'X';
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);  // magic
  b = good;
  b[8] = 2;
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);  // version
  b = good;
  b.pop_back();
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);  // truncated
  b = good;
  b[200] ^= 0x01;
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);  // one flipped bit: checksum
  b = std::vector<std::uint8_t>(good.begin(), good.begin() + 10);
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);  // too short
  b = good;
  b[16 + 3] = 17;  // offset_shift above the maximum, with a valid checksum
  fix_crc(b);
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);
  b = good;
  b[16 + 8 + 16] ^= 0x01;  // q_step_recip no longer matches q_step
  fix_crc(b);
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);
  b = good;
  b[16 + 0] = 6;  // six levels: the payload length no longer matches
  fix_crc(b);
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);
  b = good;
  b[16 + 80 + 7] = 0x80;  // size of level 0 negative
  fix_crc(b);
  EXPECT_EQ(parse_error(b), PolicyErrorCode::kBadFile);
}

TEST(PolicyFile, CsvShowsDecodedCells) {
  const PolicyTable t = sample_table();
  const std::string csv = policy_table_csv(t);
  EXPECT_EQ(csv.rfind("t_bin,q_level,q_coins,f_bin,f_usd_per_coin_h,bid_offset_usd,ask_offset_usd,size_coins\n", 0), 0u);
  std::size_t lines = 0;
  for (char c : csv) lines += c == '\n';
  EXPECT_EQ(lines, 1u + 75u);
  // First cell: bid disabled (c = 0), ask 40.0 USD, level 0 at q = -2, size 0.
  EXPECT_NE(csv.find("0,0,-2.00000000,0,-0.20000000,disabled,40.00000000,0.00000000\n"), std::string::npos);
}

}  // namespace
}  // namespace hlmm::policy
