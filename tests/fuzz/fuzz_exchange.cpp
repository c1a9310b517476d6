// Fuzz entry: /exchange response bodies and WS post responses (the order path's answers).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "hyperliquid/parse_messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hlmm::hl;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const Parsed<ExchangeResponse> r = parse_exchange_response(body);
  if (!r.ok()) {
    HLMM_FUZZ_CHECK(r.value.statuses.empty() && r.value.type.empty() && r.value.error.empty());
    HLMM_FUZZ_CHECK(!r.error.message().empty());
  } else if (!r.value.ok) {
    HLMM_FUZZ_CHECK(r.value.statuses.empty());  // a whole-request error carries no statuses
  }
  const Parsed<WsPostResponse> p = parse_post_response(body);
  if (!p.ok()) {
    HLMM_FUZZ_CHECK(!p.error.message().empty());
  } else if (p.value.kind == PostResponseKind::kAction) {
    HLMM_FUZZ_CHECK(p.value.error.empty() && p.value.info_payload.empty());
  }
  return 0;
}
