// Fuzz entry: every /info answer parser on the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "hyperliquid/parse_messages.hpp"

namespace {

template <class T>
void check(const hlmm::hl::Parsed<T>& r) {
  if (!r.ok()) HLMM_FUZZ_CHECK(!r.error.message().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hlmm::hl;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  check(parse_meta(body));
  const Parsed<MetaAndAssetCtxs> m = parse_meta_and_asset_ctxs(body);
  check(m);
  if (m.ok()) HLMM_FUZZ_CHECK(m.value.contexts.size() == m.value.universe.size());
  const Parsed<L2BookSnapshot> book = parse_l2_book(body);
  check(book);
  if (book.ok()) {
    for (const BookLevel& l : book.value.bids) HLMM_FUZZ_CHECK(l.price > 0 && l.size >= 0);
    for (const BookLevel& l : book.value.asks) HLMM_FUZZ_CHECK(l.price > 0 && l.size >= 0);
  }
  check(parse_open_orders(body));
  const Parsed<std::vector<UserFill>> fills = parse_user_fills(body);
  check(fills);
  if (fills.ok()) {
    for (const UserFill& f : fills.value) HLMM_FUZZ_CHECK(f.price > 0 && f.size > 0);
  }
  check(parse_clearinghouse_state(body));
  check(parse_funding_history(body));
  const Parsed<OrderStatusAnswer> status = parse_order_status(body);
  check(status);
  if (status.ok() && !status.value.found) HLMM_FUZZ_CHECK(status.value.order.oid == 0);
  return 0;
}
