#!/usr/bin/env python3
# scripts/rtl-lut-levels on hand-built mapped netlists (the shape `write_json` gives after
# synth_xilinx): the longest register-to-register path in LUT levels, what is walked through and
# what ends a path. The real design's figure comes from scripts/synth-estimate (slow, not in ctest).
import json
import os
import subprocess
import sys
import tempfile

TOOL = sys.argv[1]
failures = []


class Net:
    def __init__(self):
        self.cells = {}
        self.ports = {}
        self.next_bit = 2

    def bit(self):
        self.next_bit += 1
        return self.next_bit

    def cell(self, name, typ, ins, outs, params=None):
        conns, dirs = {}, {}
        for p, b in ins.items():
            conns[p] = b if isinstance(b, list) else [b]
            dirs[p] = "input"
        for p, b in outs.items():
            conns[p] = b if isinstance(b, list) else [b]
            dirs[p] = "output"
        self.cells[name] = {"type": typ, "parameters": params or {}, "port_directions": dirs,
                            "connections": conns}

    def port(self, name, direction, bits):
        self.ports[name] = {"direction": direction, "bits": bits}

    def save(self, path):
        doc = {"modules": {"top": {"attributes": {"top": "00000000000000000000000000000001"},
                                   "ports": self.ports, "cells": self.cells}}}
        with open(path, "w") as f:
            json.dump(doc, f)

    def run(self, parts=None):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "net.json")
            self.save(path)
            args = [path]
            if parts:
                args = ["--top", path]
                for pattern, net in parts.items():
                    ppath = os.path.join(d, f"part{len(args)}.json")
                    net.save(ppath)
                    args += ["--part", f"{pattern}={ppath}"]
            out = subprocess.run([sys.executable, TOOL, *args, "--json"], check=True, capture_output=True, text=True)
        return json.loads(out.stdout)


def expect(name, got, key, want):
    if got[key] != want:
        failures.append(f"{name}: {key} = {got[key]}, want {want} ({got})")


def ff(net, name, d, q):
    net.cell(name, "FDRE", {"C": 2, "CE": 1, "R": 0, "D": d}, {"Q": q})


# FF -> LUT2 -> LUT3 -> CARRY8 -> LUT1 -> FF, and a shorter parallel branch: 3 LUT levels.
n = Net()
q0, a, b, c, s, e, q1 = (n.bit() for _ in range(7))
ff(n, "r0", q1, q0)
n.cell("l1", "LUT2", {"I0": q0, "I1": q0}, {"O": a})
n.cell("l2", "LUT3", {"I0": a, "I1": q0, "I2": q0}, {"O": b})
n.cell("c1", "CARRY8", {"CI": 0, "S": [b] + [0] * 7, "DI": [0] * 8}, {"O": [c] + [n.bit() for _ in range(7)],
                                                                      "CO": [n.bit() for _ in range(8)]})
n.cell("l3", "LUT1", {"I0": c}, {"O": e})
n.cell("short", "LUT1", {"I0": q0}, {"O": s})
n.cell("l4", "LUT2", {"I0": e, "I1": s}, {"O": q1 + 100})
ff(n, "r1", q1 + 100, q1)
r = n.run()
expect("chain", r, "lut_levels", 4)
expect("chain", r, "carry_on_path", 1)

# A DSP48E2 with PREG = 1 ends the path; one with no register is walked through and reported.
for preg, want_levels, want_dsp in ((1, 1, 0), (0, 2, 1)):
    n = Net()
    q0, a, p, d, q1 = (n.bit() for _ in range(5))
    ff(n, "r0", q1, q0)
    n.cell("l1", "LUT1", {"I0": q0}, {"O": a})
    n.cell("m", "DSP48E2", {"A": [a], "B": [q0]}, {"P": [p]},
           {"AREG": 0, "BREG": 0, "MREG": 0, "PREG": preg})
    n.cell("l2", "LUT1", {"I0": p}, {"O": d})
    ff(n, "r1", d, q1)
    r = n.run()
    expect(f"dsp preg={preg}", r, "lut_levels", want_levels)
    expect(f"dsp preg={preg}", r, "comb_dsps_on_path", want_dsp)

# Ports are path ends (the shell registers them); LUTRAM read is one level from its address.
n = Net()
i0, a, o, w = (n.bit() for _ in range(4))
n.port("in", "input", [i0])
n.cell("l1", "LUT1", {"I0": i0}, {"O": a})
n.cell("ram", "RAM64X1D", {"A0": i0, "DPRA0": a, "D": i0, "WE": i0, "WCLK": 2}, {"DPO": o, "SPO": n.bit()})
n.cell("l2", "LUT1", {"I0": o}, {"O": w})
n.port("out", "output", [w])
r = n.run()
expect("lutram", r, "lut_levels", 3)

# Nothing but registers: zero levels.
n = Net()
q0 = n.bit()
ff(n, "r0", q0, q0)
expect("ff loop", n.run(), "lut_levels", 0)

# Separately synthesized parts joined at a black box: the top's 1 LUT before the part's input
# plus the part's 2 LUTs behind it make 3; the part's own worst (2) and the output side (1 + 1)
# are shorter.
part = Net()
pi, a, b, q, po_d, po = (part.bit() for _ in range(6))
part.port("i", "input", [pi])
part.cell("p1", "LUT1", {"I0": pi}, {"O": a})
part.cell("p2", "LUT2", {"I0": a, "I1": q}, {"O": b})
ff(part, "pr", b, q)
part.cell("p3", "LUT1", {"I0": q}, {"O": po})
part.port("o", "output", [po])
n = Net()
q0, a, o, d, q1 = (n.bit() for _ in range(5))
ff(n, "r0", q1, q0)
n.cell("t1", "LUT1", {"I0": q0}, {"O": a})
n.cell("u_sub", "$paramod\\sub\\W=1", {"i": a}, {"o": o})
n.cell("t2", "LUT1", {"I0": o}, {"O": d})
ff(n, "r1", d, q1)
r = n.run({"*sub*": part})
expect("parts", r, "lut_levels", 3)
expect("parts", r, "path_end", "u_sub.i")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("rtl-lut-levels: all cases pass")
