// The policy table on disk: a little-endian binary file (docs/policy-table.md) and a CSV view.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hlmm/policy_table.hpp"
#include "policy/result.hpp"

namespace hlmm::policy {

inline constexpr char kPolicyFileMagic[8] = {'H', 'L', 'M', 'M', 'P', 'O', 'L', 'T'};
inline constexpr std::uint32_t kPolicyFileVersion = 1;

// Bytes of the file; only the cells inside (t_bins, q_levels, f_bins) are written.
std::vector<std::uint8_t> serialize_policy_table(const PolicyTable& table);
// Validates magic, version, length, CRC-32 and every table invariant before accepting.
Result<PolicyTable> parse_policy_table(const std::vector<std::uint8_t>& bytes);

Status write_policy_table(const PolicyTable& table, const std::string& path);
Result<PolicyTable> read_policy_table(const std::string& path);

// One row per (time bin, level, funding bin), offsets decoded to USD ("disabled" for a switched-off
// side), grid coordinates decoded from fixed point: what the pipeline will actually quote.
std::string policy_table_csv(const PolicyTable& table);
Status write_policy_table_csv(const PolicyTable& table, const std::string& path);

// CRC-32 (IEEE 802.3, reflected, as in zlib); exposed for the file-format tests.
std::uint32_t crc32(const std::uint8_t* data, std::size_t size);

// Checks the invariants the pipeline relies on (dimensions, shift, steps, reciprocals, sizes).
Status validate_policy_table(const PolicyTable& table);

}  // namespace hlmm::policy
