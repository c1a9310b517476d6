#!/usr/bin/env python3
"""Write a small recorded market into the directory given: 6 hours of 1-minute ETH candles
(Hyperliquid candleSnapshot JSON) from 2025-11-26 00:00 UTC and hourly funding (fundingHistory);
and for the L2 replay one hour of l2Book snapshots every second (archive JSON lines, plain text)
with the trades between them (a JSON array), around the same mid."""
import json
import math
import os
import random
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
    write_l2(out_dir)


def write_l2(out_dir):
    # ETH: prices on the 0.1 tick at 3000 (five significant figures), sizes in 0.0001 ETH.
    rng = random.Random(7)
    lines = []
    trades = []
    for s in range(3600):
        t = HOUR0 + s * 1000
        mid_ticks = round((3000.0 + 5.0 * math.sin(s / 60.0 / 17.0)) * 10)
        bids = [{"px": f"{(mid_ticks - 1 - i) / 10:.1f}", "sz": f"{rng.uniform(0.5, 8.0):.4f}", "n": rng.randint(1, 9)}
                for i in range(10)]
        asks = [{"px": f"{(mid_ticks + i) / 10:.1f}", "sz": f"{rng.uniform(0.5, 8.0):.4f}", "n": rng.randint(1, 9)}
                for i in range(10)]
        data = {"coin": "ETH", "time": t, "levels": [bids, asks]}
        lines.append(json.dumps({"time": "2025-11-26T00:00:00.0", "ver_num": 1, "raw": {"channel": "l2Book", "data": data}}))
        if s > 0 and rng.random() < 0.4:
            buy = rng.random() < 0.5
            px = asks[0]["px"] if buy else bids[0]["px"]
            if rng.random() < 0.25:  # a sweep's last print, up to 3 USD through the touch
                reach = rng.randint(5, 30)
                px = f"{(mid_ticks + reach) / 10:.1f}" if buy else f"{(mid_ticks - 1 - reach) / 10:.1f}"
            trades.append({"coin": "ETH", "side": "B" if buy else "A", "px": px, "sz": f"{rng.uniform(0.01, 2.0):.4f}",
                           "time": t - rng.randint(1, 900), "hash": "0x0", "tid": s})
    with open(os.path.join(out_dir, "l2book.jsonl"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(os.path.join(out_dir, "trades.json"), "w") as fh:
        json.dump(trades, fh)


if __name__ == "__main__":
    main(sys.argv[1])
