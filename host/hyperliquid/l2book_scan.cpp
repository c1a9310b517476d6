#include "hyperliquid/l2book_scan.hpp"

#include <cstring>

#include "hyperliquid/plain_text.hpp"

namespace hlmm::hl::detail {
namespace {

// A cursor over the frame; every method consumes its token and returns false at the first byte
// outside the accepted shape.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // Only JSON whitespace left (a frame read from a file ends with a newline).
  bool at_end() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    return p_ == end_;
  }

  bool literal(std::string_view s) {
    if (static_cast<std::size_t>(end_ - p_) < s.size() || std::memcmp(p_, s.data(), s.size()) != 0) return false;
    p_ += s.size();
    return true;
  }

  // The body of a string whose opening quote is already consumed, up to and past its closing quote.
  // Plain text only (plain_text.hpp: printable ASCII, no backslash): such a string reads the same
  // escaped or not. Byte by byte: these strings are a few characters, too short for
  // plain_prefix's word steps to pay off (measured slower here).
  bool string_body(std::string_view& out) {
    const char* begin = p_;
    while (p_ != end_ && plain_byte(static_cast<unsigned char>(*p_))) ++p_;
    if (p_ == end_ || *p_ != '"') return false;
    out = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
    ++p_;
    return true;
  }

  // A JSON integer without sign, fraction or exponent, of at most 19 digits (so it fits u64).
  bool integer(std::uint64_t& out) {
    const char* begin = p_;
    std::uint64_t v = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
      v = v * 10 + static_cast<std::uint64_t>(*p_ - '0');
      ++p_;
    }
    const auto digits = p_ - begin;
    if (digits == 0 || digits > 19 || (digits > 1 && *begin == '0')) return false;
    out = v;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

// [ level, … ] with level = {"px":"…","sz":"…","n":int}
bool side(Cursor& c, WireSide& out) {
  out.count = 0;
  if (!c.literal("[")) return false;
  if (c.literal("]")) return true;
  for (;;) {
    if (out.count == kMaxWireLevels) return false;  // the generic path names the error
    WireLevel& level = out.level[static_cast<std::size_t>(out.count)];
    std::uint64_t orders = 0;
    if (!c.literal(R"({"px":")") || !c.string_body(level.px)) return false;
    if (!c.literal(R"(,"sz":")") || !c.string_body(level.sz)) return false;
    if (!c.literal(R"(,"n":)") || !c.integer(orders) || !c.literal("}")) return false;
    ++out.count;
    if (c.literal("]")) return true;
    if (!c.literal(",")) return false;
  }
}

}  // namespace

bool scan_l2book_frame(std::string_view frame, std::string_view& coin, std::uint64_t& time_ms,
                       std::array<WireSide, 2>& sides) {
  if (frame.size() > kMaxFrameBytes) return false;
  Cursor c(frame);
  if (!c.literal(R"({"channel":"l2Book","data":{"coin":")") || !c.string_body(coin)) return false;
  if (!c.literal(R"(,"time":)") || !c.integer(time_ms)) return false;
  if (!c.literal(R"(,"levels":[)") || !side(c, sides[0])) return false;
  if (!c.literal(",") || !side(c, sides[1])) return false;
  return c.literal("]}}") && c.at_end();
}

}  // namespace hlmm::hl::detail
