#!/usr/bin/env python3
"""Run the reference Monte Carlo's policy loop (hjb_reference.run_policy) on a market the C++
test wrote, with the paper's pure_as quotes, and print the metrics as JSON.

Input file: line 1 "A k lot limit alpha phi tau floor"; line 2 "minutes hours"; then `minutes`
mids (USD), `hours` hourly rates, and `minutes` lines "u_bid u_ask" of fill uniforms.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import hjb_reference as ref  # noqa: E402


def main(path):
    with open(path) as fh:
        tokens = fh.read().split()
    pos = 0

    def take(n, conv=float):
        nonlocal pos
        out = [conv(t) for t in tokens[pos:pos + n]]
        pos += n
        return out

    A, k, lot, limit, alpha, phi, tau, floor = take(8)
    minutes, hours = take(2, int)
    mids = take(minutes)
    rates = take(hours)
    flat = take(2 * minutes)
    uniforms = [(flat[2 * i], flat[2 * i + 1]) for i in range(minutes)]
    policy = lambda q, f: ref.paper_pure_as(q, tau, alpha, phi, k, floor)  # noqa: E731
    res = ref.run_policy(policy, mids, rates, uniforms, A, k, lot, limit)
    fills = round(res["fill_rate"] * 2 * minutes)
    res["fills"] = fills
    json.dump(res, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
