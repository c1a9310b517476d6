// An SVG picture of a policy surface: bid and ask offset heat maps over (inventory, funding) and
// the quotes and their skew against inventory at one funding value. No plotting dependency.
#pragma once

#include <string>

#include "policy/policy_surface.hpp"

namespace hlmm::policy {

// `f_slice` picks the funding node nearest to it for the line panel; `t_bin` the time bin shown.
std::string policy_surface_svg(const PolicySurface& surface, const std::string& title, double f_slice, int t_bin = 0);

}  // namespace hlmm::policy
