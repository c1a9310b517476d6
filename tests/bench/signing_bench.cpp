// Cost of signing on the order path: the bare secp256k1 recoverable signature (the floor), and a
// full order action -> signed /exchange body (msgpack, two keccaks for the hash chain, EIP-712,
// signature, JSON). Run: build/<dir>/tests/hyperliquid/hlmm_signing_bench
#include <benchmark/benchmark.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <array>
#include <cstdint>

#include "hyperliquid/exchange.hpp"
#include "hyperliquid/private_key.hpp"

namespace {

using namespace hlmm;
using namespace hlmm::hl;

// A throwaway test key (the official SDK test vector key), never a real account.
constexpr const char* kBenchKey = "0x0123456789012345678901234567890123456789012345678901234567890123";

void BM_Secp256k1SignRecoverable(benchmark::State& state) {
  secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  std::array<unsigned char, 32> seckey{};
  decode_hex_exact(kBenchKey, seckey);
  Hash32 digest = keccak256("digest");
  secp256k1_ecdsa_recoverable_signature sig;
  for (auto _ : state) {
    const int ok = secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest.data(), seckey.data(), nullptr, nullptr);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(sig);
    ++digest[0];  // a new message each time, as on the order path
  }
  secp256k1_context_destroy(ctx);
}
BENCHMARK(BM_Secp256k1SignRecoverable)->Unit(benchmark::kNanosecond);

void BM_Keccak256_100B(benchmark::State& state) {
  std::array<std::uint8_t, 100> data{};
  for (auto _ : state) {
    ++data[0];
    benchmark::DoNotOptimize(keccak256(data));
  }
}
BENCHMARK(BM_Keccak256_100B)->Unit(benchmark::kNanosecond);

L1Action bench_order() {
  OrderWire o{.asset = 0, .is_buy = true, .price = 9'512'300'000'000, .size = 1'230'000, .reduce_only = false,
              .type = LimitOrderType{Tif::kAlo}, .cloid = Cloid::parse("0x0000000000000000000000000000abcd")};
  return OrderAction{.orders = {o}, .grouping = GroupingKind::kNa, .builder = std::nullopt};
}

void BM_OrderMsgpackAndDigest(benchmark::State& state) {
  const L1Action action = bench_order();
  L1Envelope env{.nonce = 1'700'000'000'000, .vault = std::nullopt, .expires_after = std::nullopt, .is_mainnet = true};
  for (auto _ : state) {
    ++env.nonce;
    benchmark::DoNotOptimize(l1_action_digest(action, env));
  }
}
BENCHMARK(BM_OrderMsgpackAndDigest)->Unit(benchmark::kNanosecond);

// The turnaround's action: both quotes moved at once, each a modify keeping its cloid.
void BM_BatchModifyMsgpackAndJson(benchmark::State& state) {
  const Cloid bid = Cloid::parse("0x0000000000000000000000000000abcd");
  const Cloid ask = Cloid::parse("0x0000000000000000000000000000abce");
  auto order = [](bool buy, Price px, const Cloid& c) {
    return OrderWire{.asset = 1, .is_buy = buy, .price = px, .size = 1'230'000, .reduce_only = false,
                     .type = LimitOrderType{Tif::kAlo}, .cloid = c};
  };
  const L1Action action = BatchModifyAction{
      .modifies = {{.oid = std::uint64_t{77'738'308}, .order = order(true, 299'980'000'000, bid)},
                   {.oid = std::uint64_t{77'738'309}, .order = order(false, 300'020'000'000, ask)}},
      .always_place = false};
  std::vector<std::uint8_t> msgpack;
  std::string json;
  for (auto _ : state) {
    msgpack.clear();
    json.clear();
    JsonWriter writer(json, JsonStyle::kPython);
    encode_msgpack_and_json(action, msgpack, writer);
    benchmark::DoNotOptimize(json.data());
    benchmark::DoNotOptimize(msgpack.data());
  }
  state.counters["msgpack_bytes"] = static_cast<double>(msgpack.size());
  state.counters["json_bytes"] = static_cast<double>(json.size());
}
BENCHMARK(BM_BatchModifyMsgpackAndJson)->Unit(benchmark::kNanosecond);

void BM_OrderToSignedBody(benchmark::State& state) {
  const PrivateKey key = PrivateKey::from_hex(kBenchKey);
  const L1Action action = bench_order();
  L1Envelope env{.nonce = 1'700'000'000'000, .vault = std::nullopt, .expires_after = std::nullopt, .is_mainnet = true};
  L1RequestBuilder builder;
  for (auto _ : state) {
    ++env.nonce;
    const std::string& body = builder.build(key, action, env);
    benchmark::DoNotOptimize(body.data());
  }
}
BENCHMARK(BM_OrderToSignedBody)->Unit(benchmark::kNanosecond);

void BM_RecoverAddress(benchmark::State& state) {
  const PrivateKey key = PrivateKey::from_hex(kBenchKey);
  const Hash32 digest = keccak256("digest");
  const Signature sig = key.sign(digest);
  for (auto _ : state) benchmark::DoNotOptimize(recover_address(digest, sig));
}
BENCHMARK(BM_RecoverAddress)->Unit(benchmark::kNanosecond);

}  // namespace

BENCHMARK_MAIN();
