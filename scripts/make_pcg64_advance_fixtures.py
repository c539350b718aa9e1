#!/usr/bin/python3
"""Writes the PCG64 jump-ahead fixture Pcg64Tests checks the Java jump against (docs/compat.md).

Runs Debian's python3-numpy (1.24.2): seeds np.random.PCG64 as np.random.default_rng(seed) does, advances it by
large deltas (2^40, 2^62 + 12345, 2^63 - 1: far too many draws to make one by one), and records the 128-bit state
and increment and the next four 64-bit outputs. Run it with /usr/bin/python3 from the repository's root:

    /usr/bin/python3 scripts/make_pcg64_advance_fixtures.py
"""

import json
import os

import numpy as np

OUT = os.path.join("src", "test", "resources", "io", "glorot", "generator", "numpy", "pcg64-advance.json")

SEEDS = [0, 42, 18446744073709551627, 2**64 - 1]
DELTAS = [2**40, 2**62 + 12345, 2**63 - 1]


def case(seed, delta):
    bit_generator = np.random.PCG64(seed)
    bit_generator.advance(delta)
    state = bit_generator.state["state"]
    return {
        "seed": str(seed),
        "delta": str(delta),
        "state": format(state["state"], "032x"),
        "inc": format(state["inc"], "032x"),
        "next": [format(int(v), "016x") for v in bit_generator.random_raw(4)],
    }


def main():
    cases = [case(seed, delta) for seed in SEEDS for delta in DELTAS]
    document = {"numpy": np.__version__, "cases": cases}
    with open(OUT, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
