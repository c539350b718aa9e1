#!/usr/bin/python3
"""Normal float32 weights into numpy: glorot over HTTP against numpy in process, side by side in one run.

The row "5e7 float32 normal fetched into numpy" of issue 12: the packaged jar (target/glorot-*.jar, or
$GLOROT_JAR) is started on a free loopback port with `--add-modules jdk.incubator.vector` (its kernel choice and
reason are printed from /actuator/info), warmed up, then each side is measured REPEAT times and the medians are
compared. Usage: bench/normal.py [n] (default 5e7). Uses bench/run.py's helpers.
"""
import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 50_000_000
port = run.free_port()
proc = run.start_glorot(port, "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC")
try:
    base = f"http://127.0.0.1:{port}/v1/weights"
    url = f"{base}?shape={n}&layout=keras&seed=3&distribution=normal&format=raw"
    for _ in range(3):  # JIT warm-up, and the kernel calibration finishes meanwhile
        run.client_rate(f"{base}?shape={n // 5}&layout=keras&seed=1&distribution=normal&format=raw", n // 5)
    time.sleep(1)
    info = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/info"))
    print("kernel:", json.dumps(info.get("kernel")))
    reference = run.numpy_rate(n, True)
    ours = run.client_rate(url, n)
    print(f"| {n:.0e} float32 normal into numpy over HTTP | {n / ours:.2f} s ({ours / 1e6:.0f} M values/s) "
          f"| numpy standard_normal(float32) scaled, in process, {n / reference:.2f} s ({reference / 1e6:.0f} M/s) "
          f"| {reference / ours:.2f}x the time |")
finally:
    proc.terminate()
    proc.wait(30)
