#!/usr/bin/env python3
# scripts/synth-product-depth end to end (Yosys, ~10 s): it prints one object with a figure per
# module, and the figures show what rtl/README.md rests on — a product in series with another
# puts a second combinational DSP48E2 on the path, which the LUT levels alone would not show
# for narrow operands.
import json
import subprocess
import sys

out = subprocess.run([sys.argv[1], "--json"], check=True, capture_output=True, text=True).stdout
fig = json.loads(out)
assert set(fig) == {"mul64", "mul64_mul64", "mul32_mul32"}, fig
for name, f in fig.items():
    assert set(f) == {"lut_levels", "carry_on_path", "comb_dsps_on_path", "dsps", "luts"}, (name, f)
    assert f["dsps"] > 0 and f["luts"] > 0, (name, f)
assert fig["mul64"]["comb_dsps_on_path"] == 1, fig
assert fig["mul64_mul64"]["comb_dsps_on_path"] == 2 and fig["mul32_mul32"]["comb_dsps_on_path"] == 2, fig
assert fig["mul64_mul64"]["lut_levels"] > fig["mul64"]["lut_levels"], fig
assert fig["mul32_mul32"]["lut_levels"] < fig["mul64"]["lut_levels"], fig
print("synth-product-depth:", out.strip())
