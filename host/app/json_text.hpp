// Text that goes into the commands' --json output as a JSON string: quoted and escaped, so that an
// error message, a path or a name with a quote or a backslash in it cannot break the object.
#pragma once

#include <string>
#include <string_view>

#include "hyperliquid/wire_writers.hpp"

namespace hlmm::app {

inline std::string json_quoted(std::string_view text) {
  std::string out;
  hl::append_json_string(out, text);
  return out;
}

}  // namespace hlmm::app
