// Differential test: the C++ scheme against the project's Python reference
// (tests/reference/hjb_reference.py, driven by hjb_dump.py) on the same grids, to 1e-9.
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "policy/hjb_fd.hpp"

namespace hlmm::policy {
namespace {

std::string run_reference() {
  const std::string command = std::string("\"") + HLMM_PYTHON3 + "\" \"" + HLMM_HJB_DUMP + "\"";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  if (status != 0) out.clear();
  return out;
}

double number(simdjson::dom::element e) {
  double d = 0.0;
  if (e.get_double().get(d) == simdjson::SUCCESS) return d;
  std::int64_t i = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  ADD_FAILURE() << "expected a number";
  return std::numeric_limits<double>::quiet_NaN();
}

TEST(HjbDifferential, AgreesWithThePythonReferenceTo1e9) {
  ASSERT_NE(std::string(HLMM_PYTHON3), "") << "CMake found no Python 3 interpreter";
  const std::string json = run_reference();
  ASSERT_FALSE(json.empty()) << "running " << HLMM_HJB_DUMP << " with " << HLMM_PYTHON3 << " failed";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
  simdjson::dom::array cases;
  ASSERT_EQ(doc["cases"].get_array().get(cases), simdjson::SUCCESS);
  int n_cases = 0;
  for (simdjson::dom::element c : cases) {
    ++n_cases;
    std::string_view name;
    ASSERT_EQ(c["name"].get_string().get(name), simdjson::SUCCESS);
    SCOPED_TRACE(std::string(name));
    simdjson::dom::element pj = c["params"];
    HjbParams p;
    p.horizon_hours = number(pj["horizon_hours"]);
    p.q_min = number(pj["q_min"]);
    p.q_max = number(pj["q_max"]);
    p.q_step = number(pj["q_step"]);
    p.f_min = number(pj["f_min"]);
    p.f_max = number(pj["f_max"]);
    p.n_f = static_cast<int>(number(pj["n_f"]));
    p.n_t = static_cast<int>(number(pj["n_t"]));
    p.kappa = number(pj["kappa"]);
    p.theta_bar = number(pj["theta_bar"]);
    p.sigma_f = number(pj["sigma_f"]);
    p.A = number(pj["A"]);
    p.k = number(pj["k"]);
    p.alpha = number(pj["alpha"]);
    p.phi = number(pj["phi"]);
    p.min_delta = number(pj["min_delta"]);
    auto r = solve_hjb_fd(p);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const HjbSolution& s = r.value();
    EXPECT_NEAR(s.dt_max, number(c["dt_max"]), 1e-12);
    EXPECT_NEAR(s.min_weight, number(c["min_weight"]), 1e-12);
    simdjson::dom::array h0 = c["h0"].get_array();
    simdjson::dom::array quotes = c["quotes"].get_array();
    ASSERT_EQ(h0.size(), s.q.size());
    std::size_t i = 0;
    double worst_h = 0.0, worst_q = 0.0;
    for (simdjson::dom::element row : h0) {
      std::size_t j = 0;
      for (simdjson::dom::element v : row.get_array()) {
        worst_h = std::max(worst_h, std::fabs(s.h(0, static_cast<int>(i), static_cast<int>(j)) - number(v)));
        ++j;
      }
      EXPECT_EQ(j, s.f.size());
      ++i;
    }
    i = 0;
    for (simdjson::dom::element row : quotes) {
      std::size_t j = 0;
      for (simdjson::dom::element cell : row.get_array()) {
        const auto [bid, ask] = s.deltas(s.q[i], s.f[j]);
        const double mine[2] = {bid, ask};
        int side = 0;
        for (simdjson::dom::element v : cell.get_array()) {
          if (v.is_null()) {
            EXPECT_TRUE(std::isinf(mine[side])) << "q node " << i << " f node " << j << " side " << side;
          } else {
            worst_q = std::max(worst_q, std::fabs(mine[side] - number(v)));
          }
          ++side;
        }
        ++j;
      }
      ++i;
    }
    EXPECT_LT(worst_h, 1e-9);
    EXPECT_LT(worst_q, 1e-9);
    std::printf("[ reference ] %.*s: max |dh| = %.2e, max |d quote| = %.2e\n", static_cast<int>(name.size()),
                name.data(), worst_h, worst_q);
  }
  EXPECT_EQ(n_cases, 3);
}

}  // namespace
}  // namespace hlmm::policy
