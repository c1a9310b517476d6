// The study's table as text (for people) and as JSON (for scripts). JSON shape:
// {"preset","seeds","policies":[{"policy","final_equity","ci95","delta_vs_pure_as","win_rate",
//   "inventory_rms","max_drawdown","fill_rate", ...more fields, docs/backtest.md}]}
#pragma once

#include <string>

#include "backtest/study.hpp"

namespace hlmm::backtest {

std::string format_table(const StudyResult& result);
std::string format_json(const StudyResult& result);

}  // namespace hlmm::backtest
