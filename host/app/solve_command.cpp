#include "app/solve_command.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli.hpp"
#include "app/json_text.hpp"
#include "policy/named_policies.hpp"
#include "policy/policy_plot.hpp"
#include "policy/policy_table_io.hpp"
#include "policy/preset_file.hpp"

namespace hlmm::app {
namespace {

struct SolveOptions {
  std::string policy;
  std::string preset;
  std::string preset_file;
  std::string out_dir = "out/policy";
  bool json = false;
};

int run_solve(const SolveOptions& o) {
  using policy::Result;
  std::optional<policy::AssetPreset> preset;
  if (!o.preset_file.empty()) {
    auto loaded = policy::load_preset_file(o.preset_file);
    if (!loaded) {
      std::cerr << fmt::format("hlmm solve: {}\n", loaded.error().message);
      return kExitUsage;
    }
    preset = loaded.value();
  } else {
    preset = policy::find_preset(o.preset);
  }
  if (!preset) {
    std::cerr << "hlmm solve: give --preset eth|btc|sol or --preset-file FILE (from hlmm calibrate)\n";
    return kExitUsage;
  }
  auto solved = policy::solve_named_policy(o.policy, *preset);
  if (!solved) {
    std::cerr << fmt::format("hlmm solve: {} failed: {}\n", o.policy, solved.error().message);
    return kExitFailure;
  }
  const auto now_ns = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  auto table = policy::encode_policy_table(solved.value().surface, {.t0_ns = now_ns});
  if (!table) {
    std::cerr << fmt::format("hlmm solve: cannot encode the policy table: {}\n", table.error().message);
    return kExitFailure;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) {
    std::cerr << fmt::format("hlmm solve: cannot create {}: {}\n", o.out_dir, ec.message());
    return kExitFailure;
  }
  const std::string stem = (std::filesystem::path(o.out_dir) / (preset->name + "_" + o.policy)).string();
  const std::string bin = stem + ".bin", csv = stem + ".csv", svg = stem + ".svg";
  for (const auto& status : {policy::write_policy_table(table.value(), bin), policy::write_policy_table_csv(table.value(), csv)}) {
    if (!status) {
      std::cerr << "hlmm solve: " << status.error().message << "\n";
      return kExitFailure;
    }
  }
  {
    std::ofstream out(svg, std::ios::trunc);
    out << policy::policy_surface_svg(solved.value().surface,
                                      fmt::format("hlmm solve --policy {} {}", o.policy, o.preset_file.empty() ? "--preset " + o.preset : "--preset-file " + o.preset_file),
                                      solved.value().f_reference);
    if (!out) {
      std::cerr << fmt::format("hlmm solve: write to {} failed\n", svg);
      return kExitFailure;
    }
  }
  const policy::NamedSolve& s = solved.value();
  const double rate = s.solve_ms > 0.0 ? static_cast<double>(s.updates) / (s.solve_ms * 1e-3) : 0.0;
  if (o.json) {
    std::cout << fmt::format(
        "{{\"policy\":{},\"preset\":{},\"solve_ms\":{:.3f},\"updates\":{},\"updates_per_s\":{:.0f},"
        "\"grid\":{{\"q\":{},\"f\":{},\"t\":{}}},\"offset_shift\":{},\"files\":{{\"table\":{},\"csv\":{},"
        "\"svg\":{}}}}}\n",
        json_quoted(o.policy), json_quoted(o.preset_file.empty() ? o.preset : o.preset_file), s.solve_ms, s.updates, rate,
        s.grid_q, s.grid_f, s.grid_t, table.value().offset_shift, json_quoted(bin), json_quoted(csv),
        json_quoted(svg));
  } else {
    std::cout << fmt::format("{} for {}: grid {} q x {} f x {} t, solved in {:.2f} ms ({:.3g} updates/s)\n", o.policy,
                             preset->name, s.grid_q, s.grid_f, s.grid_t, s.solve_ms, rate);
    std::cout << fmt::format("wrote {}\n      {}\n      {}\n", bin, csv, svg);
  }
  return kExitOk;
}

}  // namespace

void add_solve_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SolveOptions>();
  CLI::App* cmd = app.add_subcommand("solve", "Solve a quoting policy into a pipeline policy table");
  cmd->add_option("--policy", options->policy, "hjb_fd, hjb_jump, pure_as, glft or inventory")
      ->required()
      ->check(CLI::IsMember(policy::policy_names()));
  auto* builtin = cmd->add_option("--preset", options->preset, "asset preset: eth, btc or sol (shared hjb-math.md §9-11)")
                      ->check(CLI::IsMember({"eth", "btc", "sol"}, CLI::ignore_case));
  auto* file = cmd->add_option("--preset-file", options->preset_file, "a preset written by hlmm calibrate (TOML)")
                   ->check(CLI::ExistingFile);
  builtin->excludes(file);
  file->excludes(builtin);
  cmd->add_option("--out", options->out_dir, "directory for <ASSET>_<policy>.bin/.csv/.svg")->capture_default_str();
  cmd->add_flag("--json", options->json, "print one JSON object (solve_ms, updates_per_s, grid) instead of text");
  cmd->callback([options, &exit_code] { exit_code = run_solve(*options); });
}

}  // namespace hlmm::app
