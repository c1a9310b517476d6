// `hlmm solve` as registered by add_solve_command, run on a bare CLI::App (the lead wires it into
// the real binary).
#include "app/solve_command.hpp"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "app/cli.hpp"
#include "policy/policy_table_io.hpp"

namespace hlmm::app {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out;
  bool parse_error = false;
};

CliRun run(std::vector<std::string> args) {
  CLI::App app{"test"};
  app.require_subcommand(1);
  CliRun r;
  add_solve_command(app, r.exit_code);
  std::vector<const char*> argv{"hlmm"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::stringstream capture;
  auto* old = std::cout.rdbuf(capture.rdbuf());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
    r.parse_error = true;
  }
  std::cout.rdbuf(old);
  r.out = capture.str();
  return r;
}

TEST(SolveCommand, WritesTableCsvSvgAndJson) {
  const auto dir = std::filesystem::temp_directory_path() / "hlmm_solve_test";
  std::filesystem::remove_all(dir);
  for (const char* policy : {"hjb_fd", "hjb_jump", "pure_as", "glft", "inventory"}) {
    SCOPED_TRACE(policy);
    const CliRun r = run({"solve", "--policy", policy, "--preset", "eth", "--out", dir.string(), "--json"});
    ASSERT_FALSE(r.parse_error);
    ASSERT_EQ(r.exit_code, kExitOk);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
    double ms = -1;
    EXPECT_EQ(doc["solve_ms"].get_double().get(ms), simdjson::SUCCESS);
    EXPECT_GE(ms, 0.0);
    std::int64_t q = 0, t = 0;
    EXPECT_EQ(doc["grid"]["q"].get_int64().get(q), simdjson::SUCCESS);
    EXPECT_EQ(q, 21);
    EXPECT_EQ(doc["grid"]["t"].get_int64().get(t), simdjson::SUCCESS);
    EXPECT_EQ(t, std::string(policy).rfind("hjb", 0) == 0 ? 2048 : 1);
    const std::string stem = (dir / (std::string("ETH_") + policy)).string();
    auto table = policy::read_policy_table(stem + ".bin");
    ASSERT_TRUE(table.ok()) << table.error().message;
    EXPECT_EQ(table.value().q_levels, 21);
    EXPECT_TRUE(std::filesystem::file_size(stem + ".csv") > 100);
    EXPECT_TRUE(std::filesystem::file_size(stem + ".svg") > 1000);
  }
  std::filesystem::remove_all(dir);
}

TEST(SolveCommand, RefusesUnknownPolicyAndPreset) {
  EXPECT_TRUE(run({"solve", "--policy", "magic", "--preset", "eth"}).parse_error);
  EXPECT_TRUE(run({"solve", "--policy", "glft", "--preset", "doge"}).parse_error);
  EXPECT_TRUE(run({"solve", "--preset", "eth"}).parse_error);
}

}  // namespace
}  // namespace hlmm::app
