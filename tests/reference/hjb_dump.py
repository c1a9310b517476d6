#!/usr/bin/env python3
"""Solve small HJB grids with the reference implementation and print them as JSON.

The C++ differential test reads the parameters from this output, solves the same grids and
compares h(0, q, f) and the quotes node by node. Infinite quotes (a side at the hard limit) are
printed as null, since JSON has no infinity.
"""
import json
import os
import sys
from dataclasses import asdict, replace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hjb_reference as ref  # noqa: E402


def cases():
    # OU funding on, unit lot, floor inactive (section 7 of the reference's own checks).
    base = ref.HJBParams(1.0, -4, 4, 1.0, -0.2, 0.3, 11, 2, 0.5, 0.05, 0.1, 20.0, 2.0, 0.05, 0.01, 0.01)
    yield "ou_unit_lot", replace(base, n_t=ref.min_n_t(base) + 5)
    # A fractional lot and a floor that binds near the limits (both branches of H).
    lot = ref.HJBParams(2.0, -0.3, 0.3, 0.05, -0.4, 0.5, 9, 2, 0.8, 0.1, 0.3, 30.0, 40.0, 3.0, 1.5, 0.04)
    yield "fractional_lot_floor", replace(lot, n_t=ref.min_n_t(lot) + 3)
    # Funding collapsed, constant funding as in the exact-oracle check.
    flat = ref.HJBParams(0.5, -5, 5, 1.0, 0.1, 0.1, 1, 200, 0.0, 0.0, 0.0, 20.0, 2.0, 0.05, 0.02, 0.0)
    yield "collapsed_funding", flat


def main():
    out = []
    for name, p in cases():
        sol = ref.solve_hjb(p)
        quotes = []
        for q in sol.q:
            row = []
            for f in sol.f:
                b, a = sol.deltas(q, f)
                row.append([None if b == ref.INF else b, None if a == ref.INF else a])
            quotes.append(row)
        out.append({
            "name": name,
            "params": {k: v for k, v in asdict(p).items() if k != "enforce_cfl"},
            "dt_max": sol.dt_max,
            "min_weight": sol.min_weight,
            "q": sol.q,
            "f": sol.f,
            "h0": sol.slices[0],
            "quotes": quotes,
        })
    json.dump({"cases": out}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
