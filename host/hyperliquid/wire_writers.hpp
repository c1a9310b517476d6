// The two serialisations of an action: msgpack (what is hashed) and JSON (what is posted). Both
// are written by the same walk over the action (actions.cpp), so the key order cannot diverge.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hlmm::hl {

// msgpack exactly as Python's msgpack.packb (>= 1.0, use_bin_type=True) writes these values:
// every integer in its smallest encoding (unsigned forms for non-negative values), str8 from 32
// bytes, fix/16/32 containers. No floats exist in this writer on purpose.
class MsgpackWriter {
 public:
  explicit MsgpackWriter(std::vector<std::uint8_t>& out) : out_(out) {}
  void begin_map(std::uint32_t n);
  void key(std::string_view k) { str(k); }
  void end_map() {}
  void begin_array(std::uint32_t n);
  void end_array() {}
  void str(std::string_view s);
  void uint(std::uint64_t v);
  void sint(std::int64_t v);
  void boolean(bool b) { out_.push_back(b ? 0xc3 : 0xc2); }
  void nil() { out_.push_back(0xc0); }

 private:
  void be(std::uint64_t v, int bytes);
  std::vector<std::uint8_t>& out_;
};

// How the JSON text is laid out. kPython reproduces json.dumps defaults (", " and ": "
// separators, ensure_ascii), i.e. the exact bytes the Python SDK posts through requests; kCompact
// drops the spaces. The venue parses both the same way.
enum class JsonStyle : std::uint8_t { kPython, kCompact };

class JsonWriter {
 public:
  JsonWriter(std::string& out, JsonStyle style) : out_(out), style_(style) {}
  void begin_map(std::uint32_t /*n*/) { open('{'); }
  void key(std::string_view k);
  void end_map() { close('}'); }
  void begin_array(std::uint32_t /*n*/) { open('['); }
  void end_array() { close(']'); }
  void str(std::string_view s);
  void uint(std::uint64_t v);
  void sint(std::int64_t v);
  void boolean(bool b);
  void nil();
  // A value already serialised as JSON (used to splice the action into the request body).
  void raw(std::string_view json);

 private:
  void before_value();
  void open(char c);
  void close(char c);
  std::string& out_;
  JsonStyle style_;
  // One bit per open container: whether it already holds an element. 64 levels is far deeper
  // than any action; deeper nesting is a programming error caught by the depth check.
  std::uint64_t nonempty_ = 0;
  int depth_ = 0;
  bool after_key_ = false;
};

// Appends `s` as a JSON string literal the way Python's json.dumps(ensure_ascii=True) does.
void append_json_string(std::string& out, std::string_view s);

}  // namespace hlmm::hl
