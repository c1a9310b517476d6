#include "app/config.hpp"

#include <gtest/gtest.h>

namespace hlmm::app {
namespace {

std::string error_of(std::string_view toml) {
  const ConfigResult r = parse_config(toml, "test.toml");
  const auto* err = std::get_if<ConfigError>(&r);
  return err ? err->message : std::string{};
}

TEST(Config, DefaultsWhenEmpty) {
  const ConfigResult r = parse_config("", "empty.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(r));
  EXPECT_EQ(std::get<AppConfig>(r).backend, "auto");
  EXPECT_EQ(std::get<AppConfig>(r).log_level, spdlog::level::info);
}

TEST(Config, ReadsKnownKeys) {
  const ConfigResult r = parse_config("[log]\nlevel = \"debug\"\n[engine]\nbackend = \"sw\"\n", "ok.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(r)) << error_of("");
  EXPECT_EQ(std::get<AppConfig>(r).backend, "sw");
  EXPECT_EQ(std::get<AppConfig>(r).log_level, spdlog::level::debug);
}

TEST(Config, RefusesWhatItDoesNotKnow) {
  EXPECT_NE(error_of("[engine]\nbackend = \"gpu\"\n").find("engine.backend 'gpu'"), std::string::npos);
  EXPECT_NE(error_of("[engine]\nbakend = \"sw\"\n").find("unknown key 'bakend' in [engine]"), std::string::npos);
  EXPECT_NE(error_of("[rsik]\nmax = 1\n").find("unknown section or key 'rsik'"), std::string::npos);
  EXPECT_NE(error_of("[risk]\nmax = 1\n").find("unknown key 'max' in [risk]"), std::string::npos);
  EXPECT_NE(error_of("[log]\nlevel = 3\n").find("log.level must be a string"), std::string::npos);
  EXPECT_NE(error_of("[log]\nlevel = \"loud\"\n").find("'loud'"), std::string::npos);
  EXPECT_NE(error_of("engine = 5\n").find("[engine] must be a table"), std::string::npos);
}

TEST(Config, SyntaxErrorsNameTheLine) {
  const std::string msg = error_of("[log]\nlevel = \"info\n");
  EXPECT_NE(msg.find("test.toml:2:"), std::string::npos) << msg;
}

}  // namespace
}  // namespace hlmm::app
