// The inventory grid shared by the closed-form policies: -limit .. limit in steps of one lot.
#pragma once

#include <vector>

#include "policy/result.hpp"

namespace hlmm::policy {

struct InventoryGrid {
  double lot = 1.0;    // coins per fill
  double limit = 10.0;  // |q| <= limit, a whole number of lots
};

// Nodes -limit, -limit + lot, ..., limit; refuses a limit that is not a multiple of the lot.
Result<std::vector<double>> inventory_nodes(const InventoryGrid& grid);

}  // namespace hlmm::policy
