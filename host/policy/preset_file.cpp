#include "policy/preset_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace hlmm::policy {
namespace {

// The fields in AssetPreset's order: one table drives writing and reading.
struct Field {
  const char* key;
  double AssetPreset::*member;
  const char* meaning;
};

constexpr Field kFields[] = {
    {"ref_price", &AssetPreset::ref_price, "USD/coin: scales the fractional funding OU to cash units"},
    {"lot", &AssetPreset::lot, "coins per quote"},
    {"limit", &AssetPreset::limit, "|inventory| limit, coins"},
    {"A", &AssetPreset::A, "fill intensity at zero distance, 1/h"},
    {"k", &AssetPreset::k, "fill intensity decay, 1/USD"},
    {"kappa", &AssetPreset::kappa, "funding OU mean reversion, 1/h"},
    {"theta", &AssetPreset::theta, "funding OU long-run rate, fraction/h"},
    {"sigma", &AssetPreset::sigma, "funding OU diffusion, fraction/sqrt(h)"},
    {"jump_kappa", &AssetPreset::jump_kappa, "OU+jump fit: mean reversion"},
    {"jump_theta", &AssetPreset::jump_theta, "OU+jump fit: long-run rate"},
    {"jump_sigma", &AssetPreset::jump_sigma, "OU+jump fit: diffusion"},
    {"jump_prob", &AssetPreset::jump_prob, "jumps per hour"},
    {"jump_mean", &AssetPreset::jump_mean, "jump size mean, fraction/h"},
    {"jump_sd", &AssetPreset::jump_sd, "jump size sd, fraction/h"},
    {"alpha", &AssetPreset::alpha, "hjb_fd terminal inventory penalty, USD/coin^2"},
    {"phi", &AssetPreset::phi, "hjb_fd running inventory penalty, USD/(coin^2 h)"},
    {"as_alpha", &AssetPreset::as_alpha, "pure_as terminal penalty"},
    {"as_phi", &AssetPreset::as_phi, "pure_as running penalty"},
    {"vol_annual", &AssetPreset::vol_annual, "price volatility, annualised"},
    {"tick", &AssetPreset::tick, "quote floor, USD"},
    {"horizon_hours", &AssetPreset::horizon_hours, "solve horizon, hours"},
};

}  // namespace

std::string preset_to_toml(const AssetPreset& p, const std::string& comment) {
  std::string out = "# hlmm asset preset (shared hjb-math.md §9-11 fields).\n";
  if (!comment.empty()) out += "# " + comment + "\n";
  out += fmt::format("name = \"{}\"\n", p.name);
  for (const Field& f : kFields) out += fmt::format("{} = {:.17g}  # {}\n", f.key, p.*(f.member), f.meaning);
  return out;
}

Result<AssetPreset> preset_from_toml(const std::string& text, const std::string& source) {
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return PolicyError{PolicyErrorCode::kInvalidParameter,
                       fmt::format("{}: not TOML ({})", source, e.description())};
  }
  AssetPreset p{};
  const auto name = table["name"].value<std::string>();
  if (!name || name->empty()) return PolicyError{PolicyErrorCode::kInvalidParameter, source + ": 'name' is missing"};
  p.name = *name;
  for (const Field& f : kFields) {
    const auto v = table[f.key].value<double>();
    if (!v) {
      return PolicyError{PolicyErrorCode::kInvalidParameter,
                         fmt::format("{}: '{}' ({}) is missing or not a number", source, f.key, f.meaning)};
    }
    if (!std::isfinite(*v)) {
      return PolicyError{PolicyErrorCode::kNotFinite, fmt::format("{}: '{}' is not finite", source, f.key)};
    }
    p.*(f.member) = *v;
  }
  for (const auto& [key, value] : table) {
    bool known = key.str() == "name";
    for (const Field& f : kFields) known = known || key.str() == f.key;
    if (!known) {
      return PolicyError{PolicyErrorCode::kInvalidParameter, fmt::format("{}: unknown key '{}'", source, key.str())};
    }
  }
  if (p.ref_price <= 0 || p.lot <= 0 || p.limit < p.lot || p.A <= 0 || p.k <= 0 || p.kappa <= 0 || p.sigma < 0 ||
      p.tick <= 0 || p.horizon_hours <= 0) {
    return PolicyError{PolicyErrorCode::kInvalidParameter,
                       source + ": ref_price, lot, A, k, kappa, tick and horizon_hours must be positive, "
                                "sigma non-negative, and limit at least one lot"};
  }
  return p;
}

Result<AssetPreset> load_preset_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return PolicyError{PolicyErrorCode::kIo, "cannot open preset file " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  return preset_from_toml(ss.str(), path);
}

}  // namespace hlmm::policy
