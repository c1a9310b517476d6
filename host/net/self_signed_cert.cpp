#include "net/self_signed_cert.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace hlmm::net {
namespace {

template <auto Fn>
struct Deleter {
  template <class T>
  void operator()(T* p) const noexcept { Fn(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

[[noreturn]] void fail(const std::string& what) {
  std::string msg = "certificate generation: " + what;
  // The OpenSSL queue names the reason; drain it so later operations start clean.
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    msg += "; ";
    msg += buf;
  }
  throw std::runtime_error(msg);
}

PkeyPtr make_key() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) fail("EC P-256 key generation failed");
  return key;
}

void set_serial(X509* x) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) fail("RAND_bytes failed");
  bytes[0] &= 0x7f;  // serials must be positive
  bytes[0] |= 0x01;  // and keep their full length, avoiding a leading-zero encoding edge
  BnPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x)) == nullptr) fail("cannot set serial");
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) fail("cannot add extension " + value);
}

std::string san_value(const CertRequest& r) {
  std::string v;
  // Appended piece by piece: GCC 12 at -O3 (the Release build) warns -Wrestrict on
  // `"literal" + std::string&&` (a false positive), which -Werror makes an error.
  const auto add = [&v](const char* kind, const std::string& value) {
    if (!v.empty()) v += ',';
    v += kind;
    v += value;
  };
  for (const auto& d : r.dns_names) add("DNS:", d);
  for (const auto& ip : r.ip_addresses) add("IP:", ip);
  return v;
}

X509Ptr new_cert(EVP_PKEY* key, const std::string& cn, int valid_days) {
  if (valid_days <= 0) fail("valid_days must be positive");
  X509Ptr x(X509_new());
  if (!x || X509_set_version(x.get(), X509_VERSION_3) != 1) fail("X509_new failed");
  set_serial(x.get());
  // Back-dated an hour so a peer with a slightly slow clock still accepts it.
  if (!X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600) ||
      !X509_gmtime_adj(X509_getm_notAfter(x.get()), static_cast<long>(valid_days) * 86400L)) {
    fail("cannot set validity");
  }
  if (X509_set_pubkey(x.get(), key) != 1) fail("cannot set public key");
  X509_NAME* name = X509_get_subject_name(x.get());
  const auto* cn_bytes = reinterpret_cast<const unsigned char*>(cn.c_str());
  if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>("hlmm"), -1, -1, 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn_bytes, -1, -1, 0) != 1) {
    fail("cannot set subject name");
  }
  return x;
}

void add_leaf_exts(X509* x, X509* issuer, const CertRequest& r) {
  add_ext(x, issuer, NID_basic_constraints, "critical,CA:FALSE");
  add_ext(x, issuer, NID_key_usage, "critical,digitalSignature");
  add_ext(x, issuer, NID_ext_key_usage, "serverAuth,clientAuth");
  const std::string san = san_value(r);
  if (!san.empty()) add_ext(x, issuer, NID_subject_alt_name, san);
  add_ext(x, issuer, NID_subject_key_identifier, "hash");
  add_ext(x, issuer, NID_authority_key_identifier, "keyid:always");
}

GeneratedCert to_pem(X509* x, EVP_PKEY* key) {
  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  BioPtr key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), x) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    fail("PEM encoding failed");
  }
  auto read_all = [](BIO* b) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<std::size_t>(n));
  };
  return {read_all(cert_bio.get()), read_all(key_bio.get())};
}

void sign(X509* x, EVP_PKEY* key) {
  if (X509_sign(x, key, EVP_sha256()) <= 0) fail("signing failed");
}

}  // namespace

GeneratedCert generate_ca(const std::string& common_name, int valid_days) {
  PkeyPtr key = make_key();
  X509Ptr x = new_cert(key.get(), common_name, valid_days);
  if (X509_set_issuer_name(x.get(), X509_get_subject_name(x.get())) != 1) fail("cannot set issuer");
  add_ext(x.get(), x.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_ext(x.get(), x.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(x.get(), x.get(), NID_subject_key_identifier, "hash");  // before AKID, which reads it
  add_ext(x.get(), x.get(), NID_authority_key_identifier, "keyid:always");
  sign(x.get(), key.get());
  return to_pem(x.get(), key.get());
}

GeneratedCert generate_leaf(const GeneratedCert& issuer_ca, const CertRequest& request) {
  BioPtr cb(BIO_new_mem_buf(issuer_ca.cert_pem.data(), static_cast<int>(issuer_ca.cert_pem.size())));
  BioPtr kb(BIO_new_mem_buf(issuer_ca.key_pem.data(), static_cast<int>(issuer_ca.key_pem.size())));
  if (!cb || !kb) fail("BIO allocation failed");
  X509Ptr ca(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  if (!ca) fail("cannot parse the issuer CA certificate");
  PkeyPtr ca_key(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
  if (!ca_key) fail("cannot parse the issuer CA key");  // reason only, never the key itself
  if (X509_check_private_key(ca.get(), ca_key.get()) != 1) fail("issuer key does not match issuer cert");

  PkeyPtr key = make_key();
  X509Ptr x = new_cert(key.get(), request.common_name, request.valid_days);
  if (X509_set_issuer_name(x.get(), X509_get_subject_name(ca.get())) != 1) fail("cannot set issuer");
  add_leaf_exts(x.get(), ca.get(), request);
  sign(x.get(), ca_key.get());
  return to_pem(x.get(), key.get());
}

GeneratedCert generate_self_signed(const CertRequest& request) {
  PkeyPtr key = make_key();
  X509Ptr x = new_cert(key.get(), request.common_name, request.valid_days);
  if (X509_set_issuer_name(x.get(), X509_get_subject_name(x.get())) != 1) fail("cannot set issuer");
  add_ext(x.get(), x.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_ext(x.get(), x.get(), NID_key_usage, "critical,digitalSignature");
  add_ext(x.get(), x.get(), NID_ext_key_usage, "serverAuth,clientAuth");
  const std::string san = san_value(request);
  if (!san.empty()) add_ext(x.get(), x.get(), NID_subject_alt_name, san);
  add_ext(x.get(), x.get(), NID_subject_key_identifier, "hash");
  sign(x.get(), key.get());
  return to_pem(x.get(), key.get());
}

}  // namespace hlmm::net
