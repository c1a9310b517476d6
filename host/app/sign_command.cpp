#include "app/sign_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "app/cli.hpp"
#include "hyperliquid/action_json.hpp"
#include "hyperliquid/error.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/private_key.hpp"
#include "hyperliquid/user_actions.hpp"

namespace hlmm::app {
namespace {

// An action is a few kilobytes at most; a larger input is a mistake, not an action.
constexpr std::size_t kMaxActionBytes = 1 << 20;

bool read_all(std::istream& s, std::string& text) {
  std::ostringstream buf;
  buf << s.rdbuf();
  text = buf.str();
  return !s.bad();
}

int sign_user_action(const hl::ParsedUserAction& parsed, const SignOptions& opts, std::ostream& out, std::ostream& err) {
  const bool is_mainnet = !opts.testnet;
  if (opts.vault || opts.expires_after) {
    err << "hlmm sign: " << hl::user_action_type(parsed.action)
        << " is a user-signed action: --vault and --expires-after do not apply to it\n";
    return kExitUsage;
  }
  if (parsed.is_mainnet && *parsed.is_mainnet != is_mainnet) {
    err << "hlmm sign: the action's hyperliquidChain says " << (*parsed.is_mainnet ? "Mainnet" : "Testnet")
        << " but signing for " << (is_mainnet ? "mainnet" : "testnet (--testnet)") << "\n";
    return kExitUsage;
  }
  if (hl::user_action_nonce(parsed.action) != opts.nonce) {
    err << "hlmm sign: --nonce " << opts.nonce << " differs from the action's own time/nonce "
        << hl::user_action_nonce(parsed.action) << "; the venue requires them equal\n";
    return kExitUsage;
  }
  const std::uint64_t chain = parsed.signature_chain_id.value_or(hl::kUserSignedChainId);
  const hl::PrivateKey key = hl::PrivateKey::load(opts.key_file);
  const hl::Signature sig = hl::sign_user_action(key, parsed.action, is_mainnet, chain);
  out << hl::user_action_body(parsed.action, is_mainnet, sig, hl::JsonStyle::kPython, chain) << "\n";
  return kExitOk;
}

}  // namespace

int run_sign(const SignOptions& opts, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string text;
  if (opts.action_path == "-") {
    if (!read_all(in, text)) {
      err << "hlmm sign: cannot read the action from standard input\n";
      return kExitFailure;
    }
  } else {
    std::ifstream f(opts.action_path, std::ios::binary);
    if (!f || !read_all(f, text)) {
      err << "hlmm sign: cannot read the action file " << opts.action_path << "\n";
      return kExitFailure;
    }
  }
  if (text.size() > kMaxActionBytes) {
    err << "hlmm sign: the action is larger than " << kMaxActionBytes << " bytes\n";
    return kExitUsage;
  }
  try {
    std::optional<hl::Address> vault;
    if (opts.vault) vault = hl::Address::parse(*opts.vault);
    const hl::AnyAction any = hl::parse_action_json(text);
    if (const auto* user = std::get_if<hl::ParsedUserAction>(&any)) return sign_user_action(*user, opts, out, err);
    const hl::L1Action& action = std::get<hl::L1Action>(any);
    // The key is loaded last, after every input check, and lives only for this scope.
    const hl::PrivateKey key = hl::PrivateKey::load(opts.key_file);
    const hl::L1Envelope env{.nonce = opts.nonce, .vault = vault, .expires_after = opts.expires_after,
                             .is_mainnet = !opts.testnet};
    hl::L1RequestBuilder builder;
    out << builder.build(key, action, env) << "\n";
    return kExitOk;
  } catch (const hl::Error& e) {
    // Error texts never contain key material (see hyperliquid/error.hpp).
    err << "hlmm sign: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "hlmm sign: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}

void add_sign_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<SignOptions>();
  CLI::App* cmd = app.add_subcommand("sign", "Print the signed /exchange request body for an action");
  cmd->footer(
      "The key comes from --key-file (which must not be accessible to group or others) or else from\n"
      "the HLMM_PRIVATE_KEY environment variable. The body is printed as the Python SDK posts it.");
  cmd->add_option("--action", opts->action_path, "Action JSON file, or - for standard input")->required();
  cmd->add_option("--nonce", opts->nonce, "Nonce (milliseconds timestamp, unique per signer)")->required();
  cmd->add_option("--vault", opts->vault, "Vault or subaccount address to act for (L1 actions only)");
  cmd->add_option("--expires-after", opts->expires_after, "Reject the action after this time, ms (L1 actions only)");
  cmd->add_flag("--testnet", opts->testnet, "Sign for testnet instead of mainnet");
  cmd->add_option("--key-file", opts->key_file, "File holding the 64-hex-digit private key");
  cmd->callback([opts, &exit_code] { exit_code = run_sign(*opts, std::cin, std::cout, std::cerr); });
}

}  // namespace hlmm::app
