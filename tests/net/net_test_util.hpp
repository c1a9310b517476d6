// Shared by the net tests: one throwaway PKI per process, and a bounded event loop driver.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "net/tls_context.hpp"
#include "test_certs.hpp"

namespace hlmm::test {

inline const TestPki& pki() {
  static const TestPki instance;  // key generation is cheap, but once is enough
  return instance;
}

inline std::shared_ptr<boost::asio::ssl::context> localhost_server_ctx() {
  return net::make_server_tls_context(pki().leaf.cert_pem, pki().leaf.key_pem);
}

inline std::shared_ptr<net::TlsClientContext> trusting_client_ctx() {
  net::TlsOptions o;
  o.ca_file = pki().ca_file.string();
  return net::TlsClientContext::create(o);
}

// Client side runs on the test thread: callbacks need no locking, and every wait is bounded.
struct Loop {
  boost::asio::io_context ioc;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{ioc.get_executor()};

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      ioc.run_for(std::chrono::milliseconds(2));
    }
    return true;
  }
  void run_for(std::chrono::milliseconds d) { ioc.run_for(d); }
};

}  // namespace hlmm::test
