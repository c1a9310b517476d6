// X.509 certificates generated in-process with OpenSSL's C API: a CA, leaves it signs, or one
// self-signed certificate. Used by the local venue (its own TLS endpoint) and by the tests, so no
// certificate or key ever needs to be committed to the repository.
#pragma once

#include <string>
#include <vector>

namespace hlmm::net {

struct GeneratedCert {
  std::string cert_pem;
  std::string key_pem;  // secret: never log it
};

struct CertRequest {
  std::string common_name;
  std::vector<std::string> dns_names;     // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;  // subjectAltName IP entries ("127.0.0.1", "::1")
  int valid_days = 30;
};

// All keys are ECDSA P-256 and all signatures SHA-256. Throw std::runtime_error with OpenSSL's
// reason on failure.
GeneratedCert generate_ca(const std::string& common_name, int valid_days = 30);
GeneratedCert generate_leaf(const GeneratedCert& issuer_ca, const CertRequest& request);
// A self-signed end-entity certificate (not a CA): the peer must pin or trust this exact cert.
GeneratedCert generate_self_signed(const CertRequest& request);

}  // namespace hlmm::net
