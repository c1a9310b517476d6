// Deterministic random numbers for the backtester. Same seed, same numbers on every machine and
// every thread count: the generators are written here (not std:: distributions, whose output is
// implementation-defined), and the fill draws are counter-based so that every policy run on a seed
// sees the same uniform for the same minute and side (common random numbers), whatever fills
// happened before.
#pragma once

#include <cmath>
#include <cstdint>

namespace hlmm::backtest {

inline constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A uniform in [0, 1) with 53 random bits.
constexpr double to_unit(std::uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }

// Counter-based stream: the n-th value depends only on (key, n).
constexpr double counter_uniform(std::uint64_t key, std::uint64_t n) { return to_unit(mix64(key + (n + 1) * kGolden)); }

// A stream key from a seed and a purpose tag, so the streams of one seed never overlap.
constexpr std::uint64_t stream_key(std::uint64_t seed, std::uint64_t tag) { return mix64(mix64(seed) ^ (tag * kGolden)); }

// xoshiro256** (Blackman & Vigna): the sequential generator of the market paths.
class Xoshiro256 {
 public:
  explicit Xoshiro256(std::uint64_t key) {
    std::uint64_t x = key;
    for (auto& w : s_) {
      x += kGolden;
      w = mix64(x);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return to_unit(next()); }
  // Standard normal by the Marsaglia polar method; the spare value is kept for the next call.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0.0, v = 0.0, s = 0.0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * m;
    has_spare_ = true;
    return u * m;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace hlmm::backtest
