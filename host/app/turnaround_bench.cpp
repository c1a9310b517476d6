#include "app/turnaround_bench.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include <fmt/format.h>

#include "app/cli.hpp"
#include "engine/backends.hpp"
#include "hyperliquid/asset_directory.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/parse_market.hpp"
#include "hyperliquid/private_key.hpp"
#include "live/pipeline_setup.hpp"
#include "orders/order_manager.hpp"

namespace hlmm::app {
namespace {

using Clock = std::chrono::steady_clock;

// A throwaway key: the benchmark signs real bytes, nothing is sent.
constexpr std::string_view kBenchKey = "0x0123456789012345678901234567890123456789012345678901234567890123";

// An ETH l2Book frame of 20 levels a side around `mid` (price units), 0.1 ticks.
std::string l2book_frame(Price mid, std::uint64_t time_ms) {
  std::string f = fmt::format(R"({{"channel":"l2Book","data":{{"coin":"ETH","time":{},"levels":[[)", time_ms);
  for (int side = 0; side < 2; ++side) {
    for (int k = 1; k <= 20; ++k) {
      const Price px = side == 0 ? mid - k * (kPriceScale / 10) : mid + k * (kPriceScale / 10);
      f += fmt::format(R"({}{{"px":"{}","sz":"{}.{}","n":{}}})", k == 1 ? "" : ",", format_price(px).view(), 3 + k % 7,
                       k % 10, 1 + k % 4);
    }
    f += side == 0 ? "],[" : "]]}}";
  }
  return f;
}

std::uint64_t pct(std::vector<std::uint64_t>& v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// What the venue would answer: every placement rests, every cancel succeeds.
hl::ExchangeResponse answer(const orders::OutgoingRequest& r, std::uint64_t& next_oid) {
  hl::ExchangeResponse resp;
  resp.ok = true;
  resp.type = r.kind == orders::RequestKind::kCancel ? "cancel" : "order";
  for (std::uint32_t i = 0; i < r.items; ++i) {
    hl::OrderStatus s;
    if (r.kind != orders::RequestKind::kCancel && r.kind != orders::RequestKind::kScheduleCancel) {
      s.kind = hl::OrderStatusKind::kResting;
      s.oid = next_oid++;
    }
    resp.statuses.push_back(s);
  }
  if (r.kind == orders::RequestKind::kScheduleCancel) resp.type = "default";
  return resp;
}

}  // namespace

int run_turnaround_bench(const TurnaroundOptions& o) {
  const hl::PrivateKey key = hl::PrivateKey::from_hex(kBenchKey);
  std::vector<hl::AssetMeta> universe{{"BTC", 5, 40, false, false}, {"ETH", 4, 25, false, false}};
  const std::string_view traded[] = {"ETH"};
  auto dir = hl::AssetDirectory::from_meta(universe, traded);
  if (!dir.ok()) {
    std::cerr << "hlmm bench --turnaround: " << dir.error.message() << "\n";
    return kExitFailure;
  }
  std::unique_ptr<engine::Pipeline> pipeline;
  try {
    pipeline = engine::make_pipeline(o.backend);
    live::configure_pipeline(*pipeline, dir.value, live::PipelineSetup{{"ETH"}, "hjb_fd", 0, 0});
  } catch (const engine::PipelineError& e) {
    std::cerr << "hlmm bench --turnaround: " << e.what() << "\n";
    return kExitUsage;
  }
  orders::OrderManagerConfig om_config;
  om_config.assets.push_back(orders::AssetBinding{*dir.value.find("ETH")->slot, 1, "ETH"});
  om_config.dead_man.enabled = false;
  orders::NonceSource nonces("");
  orders::OrderManager om(om_config, nonces);
  // An account with the volume of an active market maker: the address budget is not what is measured.
  om.budget().sync(0, 1'000'000'000);
  hl::FeedDecoder decoder(dir.value);
  hl::FeedMessage msg;
  std::vector<QuoteIntent> intents;
  orders::ActionBatch batch;
  hl::L1RequestBuilder builder;
  std::uint64_t next_oid = 1;

  // Frames whose mid walks by 2 ticks (the pipeline's re-quote tolerance), so each one moves the
  // quote and the whole path runs: a modify to sign per frame.
  std::vector<std::string> frames;
  const Price base = 3000 * kPriceScale;
  const std::uint64_t t0_ms = 1'763'900'000'000;
  for (std::size_t i = 0; i < 512; ++i) {
    const auto step = static_cast<Price>((i % 64) < 32 ? (i % 32) : 32 - (i % 32));
    frames.push_back(l2book_frame(base + step * 2 * (kPriceScale / 10), t0_ms));
  }
  std::vector<std::uint64_t> turnaround;
  std::uint64_t signed_requests = 0;
  std::uint64_t bytes = 0;
  for (std::size_t i = 0; i < o.frames + 200; ++i) {
    std::string& frame = frames[i % frames.size()];
    // Fresh venue time in the frame (same length), outside the timed region.
    const std::string stamp = std::to_string(t0_ms + i * 500);
    frame.replace(frame.find("\"time\":") + 7, stamp.size(), stamp);
    const auto a = Clock::now();
    if (decoder.decode(frame, msg)) continue;
    pipeline->push(msg.records.view());
    intents.clear();
    pipeline->drain(intents);
    om.on_intents(intents, (t0_ms + i * 500) * 1'000'000, batch);
    for (const orders::OutgoingRequest& r : batch) {
      bytes += builder.build(key, r.action, hl::L1Envelope{r.nonce, {}, {}, true}).size();
    }
    const auto b = Clock::now();
    if (i >= 200 && !batch.empty()) {  // the first frames warm caches and open both sides
      turnaround.push_back(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count()));
      signed_requests += batch.size();
    }
    // The venue's answers, untimed: the order manager waits for them before the next action.
    for (const orders::OutgoingRequest& r : std::vector<orders::OutgoingRequest>(batch.begin(), batch.end())) {
      orders::ActionBatch follow;
      om.on_response(r.request_id, answer(r, next_oid), 0, follow);
    }
  }
  if (turnaround.empty()) {
    std::cerr << "hlmm bench --turnaround: no frame produced a signed request; figures withheld\n";
    return kExitFailure;
  }
  // The floor: one bare recoverable signature over a fixed digest, same run, same key.
  std::vector<std::uint64_t> sign;
  hl::Hash32 digest{};
  for (int i = 0; i < 2'000; ++i) {
    digest[0] = static_cast<std::uint8_t>(i);
    const auto a = Clock::now();
    const hl::Signature s = key.sign(digest);
    const auto b = Clock::now();
    bytes += s.v;
    if (i >= 100) sign.push_back(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count()));
  }
  const std::uint64_t t50 = pct(turnaround, 0.5), t99 = pct(turnaround, 0.99), s50 = pct(sign, 0.5);
  const double ratio = static_cast<double>(t50) / static_cast<double>(s50);
  if (o.json) {
    std::cout << fmt::format(
        "{{\"backend\":\"{}\",\"frames\":{},\"signed_requests\":{},\"turnaround_p50_ns\":{},\"turnaround_p99_ns\":{},"
        "\"sign_p50_ns\":{},\"turnaround_over_sign\":{:.3f}}}\n",
        pipeline->backend(), turnaround.size(), signed_requests, t50, t99, s50, ratio);
  } else {
    std::cout << fmt::format("turnaround (l2Book frame -> signed request body), {} frames: p50 {:.1f} us, p99 {:.1f} us\n",
                             turnaround.size(), t50 / 1e3, t99 / 1e3)
              << fmt::format("one bare secp256k1 signature: p50 {:.1f} us; turnaround / signature = {:.2f} (goal <= 1.2)\n",
                             s50 / 1e3, ratio);
  }
  return bytes > 0 ? kExitOk : kExitFailure;
}

}  // namespace hlmm::app
