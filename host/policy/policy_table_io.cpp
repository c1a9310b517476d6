#include "policy/policy_table_io.hpp"

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "policy/policy_surface.hpp"

namespace hlmm::policy {
namespace {

constexpr std::size_t kHeaderBytes = 16;   // magic, version, payload length
constexpr std::size_t kFixedBody = 8 + 9 * 8;  // dims + reserved, nine 64-bit grid fields

std::size_t payload_bytes(int q, int f, int t) {
  return kFixedBody + 8 * static_cast<std::size_t>(q) + 8 * static_cast<std::size_t>(q * f * t);
}

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u32(std::uint32_t v) {
    for (int b = 0; b < 4; ++b) out_.push_back(static_cast<std::uint8_t>(v >> (8 * b)));
  }
  void u64(std::uint64_t v) {
    for (int b = 0; b < 8; ++b) out_.push_back(static_cast<std::uint8_t>(v >> (8 * b)));
  }
  void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }

 private:
  std::vector<std::uint8_t>& out_;
};

class Reader {
 public:
  Reader(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
  std::uint8_t u8() { return p_[pos_++]; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int b = 0; b < 4; ++b) v |= static_cast<std::uint32_t>(p_[pos_++]) << (8 * b);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int b = 0; b < 8; ++b) v |= static_cast<std::uint64_t>(p_[pos_++]) << (8 * b);
    return v;
  }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::size_t remaining() const { return n_ - pos_; }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1U) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

PolicyError bad(std::string message) { return make_error(PolicyErrorCode::kBadFile, std::move(message)); }

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
  static const std::array<std::uint32_t, 256> table = make_crc_table();
  std::uint32_t c = 0xFFFFFFFFU;
  for (std::size_t i = 0; i < size; ++i) c = table[(c ^ data[i]) & 0xFFU] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

Status validate_policy_table(const PolicyTable& t) {
  if (const char* defect = policy_table_defect(t)) return Status(bad(defect));
  return Done{};
}

std::vector<std::uint8_t> serialize_policy_table(const PolicyTable& t) {
  std::vector<std::uint8_t> out;
  out.reserve(kHeaderBytes + payload_bytes(t.q_levels, t.f_bins, t.t_bins) + 4);
  Writer w(out);
  for (char c : kPolicyFileMagic) w.u8(static_cast<std::uint8_t>(c));
  w.u32(kPolicyFileVersion);
  w.u32(static_cast<std::uint32_t>(payload_bytes(t.q_levels, t.f_bins, t.t_bins)));
  w.u8(t.q_levels);
  w.u8(t.f_bins);
  w.u8(t.t_bins);
  w.u8(t.offset_shift);
  w.u32(t.reserved);
  w.i64(t.q_min);
  w.i64(t.q_step);
  w.i64(t.q_step_recip_q48);
  w.i64(t.f_min);
  w.i64(t.f_step);
  w.i64(t.f_step_recip_q48);
  w.u64(t.t0_ns);
  w.u64(t.t_bin_ns);
  w.i64(t.t_bin_recip_q48);
  for (int i = 0; i < t.q_levels; ++i) w.i64(t.size_curve[i]);
  for (int tb = 0; tb < t.t_bins; ++tb) {
    for (int i = 0; i < t.q_levels; ++i) {
      for (int j = 0; j < t.f_bins; ++j) {
        w.i32(t.cells[tb][i][j].bid_offset);
        w.i32(t.cells[tb][i][j].ask_offset);
      }
    }
  }
  w.u32(crc32(out.data(), out.size()));
  return out;
}

Result<PolicyTable> parse_policy_table(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() < kHeaderBytes + kFixedBody + 4) return bad(fmt::format("file is {} bytes, too short for a policy table", bytes.size()));
  if (std::memcmp(bytes.data(), kPolicyFileMagic, sizeof kPolicyFileMagic) != 0) return bad("not a policy-table file (magic is not HLMMPOLT)");
  Reader r(bytes.data() + 8, bytes.size() - 8);
  const std::uint32_t version = r.u32();
  if (version != kPolicyFileVersion) return bad(fmt::format("file version {}; this build reads version {}", version, kPolicyFileVersion));
  const std::uint32_t payload = r.u32();
  if (bytes.size() != kHeaderBytes + payload + 4) {
    return bad(fmt::format("file is {} bytes but its header announces {}", bytes.size(), kHeaderBytes + payload + 4));
  }
  const std::size_t body_end = kHeaderBytes + payload;
  const std::uint32_t stored_crc = static_cast<std::uint32_t>(bytes[body_end]) |
                                   static_cast<std::uint32_t>(bytes[body_end + 1]) << 8 |
                                   static_cast<std::uint32_t>(bytes[body_end + 2]) << 16 |
                                   static_cast<std::uint32_t>(bytes[body_end + 3]) << 24;
  if (crc32(bytes.data(), body_end) != stored_crc) return bad("checksum mismatch: the file is corrupt or truncated");

  PolicyTable t{};
  t.q_levels = r.u8();
  t.f_bins = r.u8();
  t.t_bins = r.u8();
  t.offset_shift = r.u8();
  t.reserved = r.u32();
  if (t.q_levels < 1 || t.q_levels > kMaxInventoryLevels || t.f_bins < 1 || t.f_bins > kMaxFundingBins ||
      t.t_bins < 1 || t.t_bins > kMaxTimeBins) {
    return bad(fmt::format("dimensions {}x{}x{} outside the table's limits", t.q_levels, t.f_bins, t.t_bins));
  }
  if (payload != payload_bytes(t.q_levels, t.f_bins, t.t_bins)) return bad("payload length does not match the dimensions");
  t.q_min = r.i64();
  t.q_step = r.i64();
  t.q_step_recip_q48 = r.i64();
  t.f_min = r.i64();
  t.f_step = r.i64();
  t.f_step_recip_q48 = r.i64();
  t.t0_ns = r.u64();
  t.t_bin_ns = r.u64();
  t.t_bin_recip_q48 = r.i64();
  for (int i = 0; i < t.q_levels; ++i) t.size_curve[i] = r.i64();
  for (auto& bin : t.cells) {
    for (auto& level : bin) {
      for (auto& cell : level) cell = PolicyCell{kOffsetDisabled, kOffsetDisabled};
    }
  }
  for (int tb = 0; tb < t.t_bins; ++tb) {
    for (int i = 0; i < t.q_levels; ++i) {
      for (int j = 0; j < t.f_bins; ++j) {
        t.cells[tb][i][j].bid_offset = r.i32();
        t.cells[tb][i][j].ask_offset = r.i32();
      }
    }
  }
  Status valid = validate_policy_table(t);
  if (!valid) return valid.error();
  return t;
}

Status write_policy_table(const PolicyTable& table, const std::string& path) {
  Status valid = validate_policy_table(table);
  if (!valid) return valid.error();
  const std::vector<std::uint8_t> bytes = serialize_policy_table(table);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return make_error(PolicyErrorCode::kIo, fmt::format("cannot open {} for writing", path));
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) return make_error(PolicyErrorCode::kIo, fmt::format("write to {} failed", path));
  return Done{};
}

Result<PolicyTable> read_policy_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(PolicyErrorCode::kIo, fmt::format("cannot open {} for reading", path));
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return make_error(PolicyErrorCode::kIo, fmt::format("read from {} failed", path));
  auto parsed = parse_policy_table(bytes);
  if (!parsed) return make_error(parsed.error().code, path + ": " + parsed.error().message);
  return parsed;
}

std::string policy_table_csv(const PolicyTable& t) {
  std::string out = "t_bin,q_level,q_coins,f_bin,f_usd_per_coin_h,bid_offset_usd,ask_offset_usd,size_coins\n";
  const auto offset = [&](std::int32_t v) {
    return v == kOffsetDisabled ? std::string("disabled") : fmt::format("{:.8f}", decode_offset_usd(t, v));
  };
  for (int tb = 0; tb < t.t_bins; ++tb) {
    for (int i = 0; i < t.q_levels; ++i) {
      const double q = static_cast<double>(t.q_min + i * t.q_step) / static_cast<double>(kSizeScale);
      for (int j = 0; j < t.f_bins; ++j) {
        const double f = static_cast<double>(t.f_min + j * t.f_step) / static_cast<double>(kPriceScale);
        out += fmt::format("{},{},{:.8f},{},{:.8f},{},{},{:.8f}\n", tb, i, q, j, f, offset(t.cells[tb][i][j].bid_offset),
                           offset(t.cells[tb][i][j].ask_offset), decode_size_coins(t.size_curve[i]));
      }
    }
  }
  return out;
}

Status write_policy_table_csv(const PolicyTable& table, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return make_error(PolicyErrorCode::kIo, fmt::format("cannot open {} for writing", path));
  out << policy_table_csv(table);
  if (!out) return make_error(PolicyErrorCode::kIo, fmt::format("write to {} failed", path));
  return Done{};
}

}  // namespace hlmm::policy
