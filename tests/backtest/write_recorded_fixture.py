#!/usr/bin/env python3
"""Write a small recorded market (Hyperliquid candleSnapshot and fundingHistory JSON) into the
directory given: 6 hours of 1-minute ETH candles from 2025-11-26 00:00 UTC and hourly funding."""
import json
import math
import os
import sys

HOUR0 = 1764115200000


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    candles = []
    for i in range(6 * 60):
        t = HOUR0 + i * 60000
        close = 3000.0 + 5.0 * math.sin(i / 17.0)
        candles.append({"t": t, "T": t + 59999, "s": "ETH", "i": "1m", "o": "3000.0", "c": f"{close:.1f}",
                        "h": f"{close + 1:.1f}", "l": f"{close - 1:.1f}", "v": "12.5", "n": 40})
    funding = [{"coin": "ETH", "fundingRate": f"{0.0000125 * (1 + 0.2 * h):.10f}", "premium": "0.0001",
                "time": HOUR0 + h * 3600000} for h in range(6)]
    with open(os.path.join(out_dir, "candles.json"), "w") as fh:
        json.dump(candles, fh)
    with open(os.path.join(out_dir, "funding.json"), "w") as fh:
        json.dump(funding, fh)


if __name__ == "__main__":
    main(sys.argv[1])
