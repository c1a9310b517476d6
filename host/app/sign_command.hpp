// `hlmm sign`: prints the exact /exchange request body for an action read as JSON.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace hlmm::app {

struct SignOptions {
  std::string action_path;  // a file, or "-" for standard input
  std::uint64_t nonce = 0;
  std::optional<std::string> vault;
  std::optional<std::uint64_t> expires_after;
  bool testnet = false;
  std::optional<std::string> key_file;  // otherwise HLMM_PRIVATE_KEY
};

// Registers the subcommand; its callback stores the exit code in `exit_code`.
void add_sign_command(CLI::App& app, int& exit_code);

// The subcommand's work, separate from CLI11 so tests can drive it: writes the body and a newline
// to `out`, one diagnostic line to `err`, and returns an exit code from app/cli.hpp.
int run_sign(const SignOptions& opts, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace hlmm::app
