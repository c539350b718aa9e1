#!/usr/bin/python3
"""Writes the fixtures the compatibility generators are tested against (docs/compat.md).

Runs the real libraries: Debian's python3-torch (1.13.1) and python3-numpy (1.24.2). Run it with
/usr/bin/python3 from the repository's root:

    /usr/bin/python3 scripts/make_compat_fixtures.py [--dump DIR]

Each case records the request (generator, seed, shape, dtype, distribution, gain), the bits of the std and bound the
library used, the SHA-256 of the whole tensor's little-endian bytes, and a sample of values as IEEE bit patterns
(flat index, hex bits). 1000x1000 exact cases keep the hash only. Cases that are only approximate in Java (they go
through glibc's log/sin/cos) carry more samples, for the ulp measurement. With --dump DIR the script also writes
every approximate case's full tensor as DIR/<file>-<case>.bin (little-endian), for a full measurement
(CompatUlpMeasurementTests, run with -Dglorot.compat.dump=DIR).

The PyTorch baseline kernels are reached with ATEN_CPU_CAPABILITY=default in a child process.
"""

import hashlib
import json
import math
import os
import random
import subprocess
import sys

import numpy as np

OUT = os.path.join("src", "test", "resources", "io", "glorot", "generator")

SEEDS = [0, 1, 42, 2**32 + 5, 2**63 + 11, 2**64 - 1]
LEGACY_SEEDS = [0, 1, 42, 123456789, 2**32 - 1]
SHAPES = [[1, 1], [3, 5], [4, 4], [16, 1], [17, 33], [64, 3, 7, 7], [8, 4, 3, 3], [1000, 1000]]
GAINS = [1.0, math.sqrt(2.0), 5.0 / 3]
DTYPES = ["float32", "float64"]
DISTRIBUTIONS = ["uniform", "normal"]
BIG = 1000 * 1000
EXACT_SAMPLES = 12
APPROX_SAMPLES = 48


def fans(shape):
    receptive = 1
    for d in shape[2:]:
        receptive *= d
    return shape[1] * receptive, shape[0] * receptive


def canonical(shape, gain):
    """The canonical Xavier arithmetic (canonical-generator.md §4), which numpy cases use."""
    fan_in, fan_out = fans(shape)
    std = gain * math.sqrt(1.0 / ((fan_in + fan_out) / 2.0))
    return std, math.sqrt(3.0) * std


def torch_params(shape, gain):
    """torch.nn.init's own arithmetic (pytorch.md §2)."""
    fan_in, fan_out = fans(shape)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return std, math.sqrt(3.0) * std


def bits(value, dtype):
    return np.array([value], dtype=dtype).view(np.uint32 if dtype == "float32" else np.uint64)[0]


def record(array, case, exact, dump, name):
    array = np.ascontiguousarray(array.astype("<f4" if case["dtype"] == "float32" else "<f8"))
    flat = array.reshape(-1)
    n = flat.size
    case["exact"] = exact
    case["sha256"] = hashlib.sha256(flat.tobytes()).hexdigest()
    rnd = random.Random(case["seed"] * 31 + n)
    if exact:
        count = 0 if n == BIG else EXACT_SAMPLES
    else:
        count = APPROX_SAMPLES
    if n <= count or (not exact and n < 16):
        indices = list(range(n))
    elif count == 0:
        indices = []
    else:
        indices = sorted(set([0, 1, n - 2, n - 1] + [rnd.randrange(n) for _ in range(count - 4)]))
    width = 8 if case["dtype"] == "float32" else 16
    view = flat.view(np.uint32 if case["dtype"] == "float32" else np.uint64)
    case["samples"] = [[i, format(int(view[i]), "0%dx" % width)] for i in indices]
    if dump and not exact:
        with open(os.path.join(dump, "%s-%d.bin" % (name, case["case"])), "wb") as f:
            f.write(flat.tobytes())
    return case


def torch_cases(cpu, dump):
    import torch
    cases = []
    seeds = SEEDS if cpu == "avx2" else [0, 42, 2**32 + 5, 2**64 - 1]
    for si, seed in enumerate(seeds):
        for hi, shape in enumerate(SHAPES):
            gain = GAINS[(si + hi) % len(GAINS)]
            for dtype in DTYPES:
                for dist in DISTRIBUTIONS:
                    n = math.prod(shape)
                    if cpu == "default" and dist == "normal" and dtype == "float32" and n >= 16:
                        continue  # not reproducible in Java (glibc logf/sinf/cosf), refused by the service
                    std, bound = torch_params(shape, gain)
                    torch.manual_seed(seed)
                    w = torch.empty(shape, dtype=getattr(torch, dtype))
                    if dist == "uniform":
                        torch.nn.init.xavier_uniform_(w, gain)
                    else:
                        torch.nn.init.xavier_normal_(w, gain)
                    exact = dist == "uniform" or (dtype == "float32" and n >= 16)
                    case = {"case": len(cases), "generator": "torch", "torchCpu": cpu, "seed": seed,
                            "shape": shape, "dtype": dtype, "distribution": dist, "gain": gain,
                            "std": format(int(bits(std, "float64")), "016x"),
                            "bound": format(int(bits(bound, "float64")), "016x")}
                    cases.append(record(w.numpy(), case, exact, dump, "torch-" + cpu))
    return cases


def numpy_cases(legacy, dump):
    cases = []
    for si, seed in enumerate(LEGACY_SEEDS if legacy else SEEDS):
        for hi, shape in enumerate(SHAPES):
            gain = GAINS[(si + hi) % len(GAINS)]
            std, bound = canonical(shape, gain)
            for dtype in DTYPES:
                for dist in DISTRIBUTIONS:
                    if legacy:
                        np.random.seed(seed)
                        if dist == "uniform":
                            values = np.random.uniform(-bound, bound, size=shape)
                        else:
                            values = np.random.normal(0.0, std, size=shape)
                    else:
                        rng = np.random.default_rng(seed)
                        if dist == "uniform":
                            values = rng.uniform(-bound, bound, size=shape)
                        else:
                            values = rng.normal(0.0, std, size=shape)
                    values = values.astype(dtype)
                    exact = not (legacy and dist == "normal")
                    case = {"case": len(cases), "generator": "numpy_legacy" if legacy else "numpy", "seed": seed,
                            "shape": shape, "dtype": dtype, "distribution": dist, "gain": gain,
                            "std": format(int(bits(std, "float64")), "016x"),
                            "bound": format(int(bits(bound, "float64")), "016x")}
                    cases.append(record(values, case, exact, dump, "numpy-legacy" if legacy else "numpy"))
    return cases


def write(path, about, cases):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write('{"about": %s,\n"cases": [\n' % json.dumps(about))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print("wrote %s (%d cases)" % (path, len(cases)))


def main():
    args = sys.argv[1:]
    dump = None
    if args[:1] == ["--dump"]:
        dump = args[1]
        os.makedirs(dump, exist_ok=True)
        args = args[2:]
    if args[:1] == ["--torch-default"]:
        # child process, started with ATEN_CPU_CAPABILITY=default
        import torch
        assert "CPU capability usage: NO AVX" in torch.__config__.show(), torch.__config__.show()
        json.dump(torch_cases("default", dump), sys.stdout)
        return
    import torch
    assert "CPU capability usage: AVX2" in torch.__config__.show(), "needs an AVX2 CPU"
    versions = "torch %s, numpy %s" % (torch.__version__, np.__version__)
    write(os.path.join(OUT, "torch", "torch-avx2.json"),
          "torch.manual_seed(seed); w = torch.empty(shape, dtype); xavier_uniform_/xavier_normal_(w, gain); " + versions,
          torch_cases("avx2", dump))
    child = [sys.executable, __file__] + (["--dump", dump] if dump else []) + ["--torch-default"]
    env = dict(os.environ, ATEN_CPU_CAPABILITY="default")
    default_cases = json.loads(subprocess.run(child, env=env, check=True, capture_output=True, text=True).stdout)
    write(os.path.join(OUT, "torch", "torch-default.json"),
          "as torch-avx2.json with ATEN_CPU_CAPABILITY=default; " + versions, default_cases)
    write(os.path.join(OUT, "numpy", "numpy-pcg64.json"),
          "rng = np.random.default_rng(seed); rng.uniform(-bound, bound, shape) / rng.normal(0.0, std, shape)"
          ".astype(dtype), canonical bound and std; " + versions, numpy_cases(False, dump))
    write(os.path.join(OUT, "numpy", "numpy-legacy.json"),
          "np.random.seed(seed); np.random.uniform(-bound, bound, shape) / np.random.normal(0.0, std, shape)"
          ".astype(dtype), canonical bound and std; " + versions, numpy_cases(True, dump))


if __name__ == "__main__":
    main()
