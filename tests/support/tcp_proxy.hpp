// A loopback TCP forwarder that a test can cut: every open connection is closed at once and new
// ones are refused until restore(). TLS passes through untouched, so the client and the server
// see exactly what a network failure looks like to them.
#pragma once

#include <atomic>
#include <memory>

namespace hlmm::test {

class TcpProxy {
 public:
  explicit TcpProxy(unsigned short upstream_port);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  unsigned short port() const;
  void cut();
  void restore();
  int accepted() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hlmm::test
