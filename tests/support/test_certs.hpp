// Throwaway PKI for tests (and the local venue): a CA, a leaf for localhost/127.0.0.1/::1 signed
// by it, and an unrelated "rogue" CA, generated at run time and written to a fresh temp directory
// that is removed again on destruction. Nothing here is meant to be trusted beyond one process.
#pragma once

#include <filesystem>
#include <string>

#include "net/self_signed_cert.hpp"

namespace hlmm::test {

struct TestPki {
  TestPki();  // throws std::runtime_error when generation or writing fails
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  std::filesystem::path dir;
  net::GeneratedCert ca;     // trusted by tests that expect success
  net::GeneratedCert leaf;   // CN=localhost, SAN DNS:localhost IP:127.0.0.1 IP:::1, signed by `ca`
  net::GeneratedCert rogue;  // a CA nobody trusts: for "untrusted issuer" tests
  net::GeneratedCert rogue_leaf;  // same names as `leaf`, signed by `rogue`

  std::filesystem::path ca_file;          // ca.cert_pem
  std::filesystem::path rogue_ca_file;    // rogue.cert_pem
  std::filesystem::path leaf_cert_file;   // leaf.cert_pem
  std::filesystem::path leaf_key_file;    // leaf.key_pem (mode 0600)
};

}  // namespace hlmm::test
