// hls::stream for builds outside Vitis HLS: the same blocking-read/write interface over a queue.
// Under Vitis (__SYNTHESIS__, or its headers on the include path) the real one is used.
#pragma once

#if defined(__SYNTHESIS__) || __has_include(<hls_stream.h>)
#include <hls_stream.h>
#else
#include <cstddef>
#include <deque>
#include <stdexcept>

namespace hls {

template <typename T>
class stream {
 public:
  stream() = default;
  explicit stream(const char* /*name*/) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  bool empty() const { return items_.empty(); }
  bool full() const { return false; }
  std::size_t size() const { return items_.size(); }

  // Reading an empty stream would block forever in hardware; in software it is a harness bug.
  T read() {
    if (items_.empty()) throw std::logic_error("hls::stream: read from an empty stream");
    T v = items_.front();
    items_.pop_front();
    return v;
  }
  void read(T& v) { v = read(); }
  bool read_nb(T& v) {
    if (items_.empty()) return false;
    v = read();
    return true;
  }
  void write(const T& v) { items_.push_back(v); }
  bool write_nb(const T& v) {
    write(v);
    return true;
  }

 private:
  std::deque<T> items_;
};

}  // namespace hls
#endif
