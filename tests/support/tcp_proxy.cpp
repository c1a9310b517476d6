#include "tcp_proxy.hpp"

#include <array>
#include <utility>
#include <boost/asio.hpp>
#include <future>
#include <set>
#include <thread>

namespace hlmm::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

struct Pair : std::enable_shared_from_this<Pair> {
  explicit Pair(asio::io_context& io) : client(io), upstream(io) {}
  void pump(tcp::socket& from, tcp::socket& to, std::array<char, 16384>& buf) {
    from.async_read_some(asio::buffer(buf), [self = shared_from_this(), &from, &to, &buf](boost::system::error_code ec,
                                                                                        std::size_t n) {
      if (ec) return self->close();
      asio::async_write(to, asio::buffer(buf.data(), n), [self, &from, &to, &buf](boost::system::error_code wec, std::size_t) {
        if (wec) return self->close();
        self->pump(from, to, buf);
      });
    });
  }
  void close() {
    boost::system::error_code ignored;
    client.close(ignored);
    upstream.close(ignored);
  }
  tcp::socket client;
  tcp::socket upstream;
  std::array<char, 16384> up_buf{};
  std::array<char, 16384> down_buf{};
};

}  // namespace

struct TcpProxy::Impl {
  explicit Impl(unsigned short upstream) : acceptor(io), upstream_port(upstream) {}
  void accept() {
    auto pair = std::make_shared<Pair>(io);
    // A plain pointer: the handler lives in `io`, which Impl owns (a shared_ptr would be a cycle).
    acceptor.async_accept(pair->client, [self = this, pair](boost::system::error_code ec) {
      if (ec) return;
      ++self->accepted;
      if (self->is_cut) {
        pair->close();
      } else {
        pair->upstream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), self->upstream_port),
                                     [self, pair](boost::system::error_code cec) {
                                       if (cec || self->is_cut) return pair->close();
                                       self->pairs.insert(pair);
                                       pair->pump(pair->client, pair->upstream, pair->up_buf);
                                       pair->pump(pair->upstream, pair->client, pair->down_buf);
                                     });
      }
      self->accept();
    });
  }
  asio::io_context io;
  tcp::acceptor acceptor;
  unsigned short upstream_port;
  std::set<std::shared_ptr<Pair>> pairs;
  bool is_cut = false;
  std::atomic<int> accepted{0};
  std::thread thread;
};

TcpProxy::TcpProxy(unsigned short upstream_port) : impl_(std::make_shared<Impl>(upstream_port)) {
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  impl_->accept();
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
}

TcpProxy::~TcpProxy() {
  // Runs on the proxy's thread and is waited for; it stops the loop itself, so no handler that
  // could own Impl is left queued.
  Impl* impl = impl_.get();
  asio::post(impl->io, [impl] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
    for (const auto& p : impl->pairs) p->close();
    impl->pairs.clear();
    impl->io.stop();
  });
  impl->thread.join();
}

unsigned short TcpProxy::port() const { return impl_->acceptor.local_endpoint().port(); }

void TcpProxy::cut() {
  std::promise<void> done;
  asio::post(impl_->io, [&] {
    impl_->is_cut = true;
    for (const auto& p : impl_->pairs) p->close();
    impl_->pairs.clear();
    done.set_value();
  });
  done.get_future().get();
}

void TcpProxy::restore() {
  std::promise<void> done;
  asio::post(impl_->io, [&] {
    impl_->is_cut = false;
    done.set_value();
  });
  done.get_future().get();
}

int TcpProxy::accepted() const { return impl_->accepted.load(); }

}  // namespace hlmm::test
