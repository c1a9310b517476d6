// Policy-solver throughput: the study grid (21 x 31 x 2048, shared hjb-math.md §5) and a fine grid
// (81 x 201, CFL-bound steps over 6 h). Counters: grid sizes, steps, grid-point updates per second.
// Run: build/policy/tests/policy/hlmm_policy_bench
#include <cmath>

#include <benchmark/benchmark.h>

#include "policy/hjb_fd.hpp"
#include "policy/hjb_jump.hpp"
#include "policy/presets.hpp"

namespace {

using namespace hlmm::policy;

HjbParams study_grid() { return hjb_params_for(*find_preset("eth")); }

HjbParams fine_grid() {
  HjbParams p = hjb_params_for(*find_preset("eth"), 201, 2);
  p.q_min = -40.0;
  p.q_max = 40.0;
  p.n_t = min_n_t(p);
  return p;
}

void report(benchmark::State& state, const HjbParams& p, std::uint64_t updates) {
  state.counters["q"] = static_cast<double>(std::lround((p.q_max - p.q_min) / p.q_step) + 1);
  state.counters["f"] = p.n_f;
  state.counters["t"] = p.n_t;
  state.counters["updates"] = static_cast<double>(updates);
  state.counters["updates_per_s"] =
      benchmark::Counter(static_cast<double>(updates), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_HjbFdStudyGrid(benchmark::State& state) {
  const HjbParams p = study_grid();
  std::uint64_t updates = 0;
  for (auto _ : state) {
    auto r = solve_hjb_fd(p);
    if (!r) state.SkipWithError(r.error().message.c_str());
    updates = r.value().updates;
    benchmark::DoNotOptimize(r.value().slices.front().second.data());
  }
  report(state, p, updates);
}
BENCHMARK(BM_HjbFdStudyGrid)->Unit(benchmark::kMillisecond);

void BM_HjbFdFineGrid(benchmark::State& state) {
  const HjbParams p = fine_grid();
  std::uint64_t updates = 0;
  for (auto _ : state) {
    auto r = solve_hjb_fd(p);
    if (!r) state.SkipWithError(r.error().message.c_str());
    updates = r.value().updates;
    benchmark::DoNotOptimize(r.value().slices.front().second.data());
  }
  report(state, p, updates);
}
BENCHMARK(BM_HjbFdFineGrid)->Unit(benchmark::kMillisecond);

void BM_HjbJumpStudyGrid(benchmark::State& state) {
  const auto a = *find_preset("eth");
  const HjbParams p = hjb_jump_params_for(a);
  std::uint64_t updates = 0;
  for (auto _ : state) {
    auto r = solve_hjb_jump(p, jumps_for(a));
    if (!r) state.SkipWithError(r.error().message.c_str());
    updates = r.value().updates;
    benchmark::DoNotOptimize(r.value().slices.front().second.data());
  }
  report(state, p, updates);
}
BENCHMARK(BM_HjbJumpStudyGrid)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
