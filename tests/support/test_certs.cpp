#include "test_certs.hpp"

#include <fstream>
#include <random>
#include <stdexcept>

namespace hlmm::test {
namespace fs = std::filesystem;

namespace {

fs::path make_temp_dir() {
  std::random_device rd;
  const fs::path base = fs::temp_directory_path();
  for (int i = 0; i < 16; ++i) {
    fs::path p = base / ("hlmm-pki-" + std::to_string(rd()) + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(p, ec)) {
      fs::permissions(p, fs::perms::owner_all, fs::perm_options::replace, ec);
      return p;
    }
  }
  throw std::runtime_error("TestPki: cannot create a temp directory under " + base.string());
}

void write_file(const fs::path& p, const std::string& text, bool secret) {
  {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("TestPki: cannot write " + p.string());
    out << text;
    if (!out) throw std::runtime_error("TestPki: short write to " + p.string());
  }
  if (secret) fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
}

net::CertRequest localhost_request() {
  net::CertRequest r;
  r.common_name = "localhost";
  r.dns_names = {"localhost"};
  r.ip_addresses = {"127.0.0.1", "::1"};
  r.valid_days = 2;
  return r;
}

}  // namespace

TestPki::TestPki()
    : dir(make_temp_dir()),
      ca(net::generate_ca("hlmm test CA", 2)),
      leaf(net::generate_leaf(ca, localhost_request())),
      rogue(net::generate_ca("hlmm rogue CA", 2)),
      rogue_leaf(net::generate_leaf(rogue, localhost_request())),
      ca_file(dir / "ca.pem"),
      rogue_ca_file(dir / "rogue-ca.pem"),
      leaf_cert_file(dir / "leaf.pem"),
      leaf_key_file(dir / "leaf.key") {
  write_file(ca_file, ca.cert_pem, false);
  write_file(rogue_ca_file, rogue.cert_pem, false);
  write_file(leaf_cert_file, leaf.cert_pem, false);
  write_file(leaf_key_file, leaf.key_pem, true);
}

TestPki::~TestPki() {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace hlmm::test
