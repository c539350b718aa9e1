#!/usr/bin/python3
"""CPU time per streamed answer, A B A B: for a machine too shared for wall-clock throughput.

Starts one server per jar (the packaged jar by default; give two to compare builds) on free loopback ports, with
the Vector API module as the image has it, warms each up, then alternates rounds: each round fetches the same URL
(a new seed every time) once from every server with curl, and reads the JVM's CPU time (user + system, from
/proc/<pid>/stat) before and after. Prints, per server, the median and minimum JVM CPU milliseconds per answer,
split into user and system time, the median per thread group (generation workers, the writer, the compiler...),
and curl's rate (noise on a shared machine; the CPU time is the figure).

Usage: bench/streamcpu.py [--query Q] [--rounds N] [--warmup N] [--jvm OPT]... [--label NAME=JAR[::OPT]...]...
  (options starting with a dash are given as --jvm=-XX:...)
  e.g. bench/streamcpu.py --label old=/tmp/old.jar --label new=target/glorot-0.1.0-SNAPSHOT.jar
"""

import argparse
import glob
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu(pid):
    """User and system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / TICK, int(fields[12]) / TICK


def threads(pid):
    """CPU seconds so far per thread group (the thread's name without its trailing number)."""
    groups = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                text = f.read()
        except OSError:
            continue  # the thread ended
        name = text[text.index("(") + 1:text.rindex(")")].rstrip("0123456789#").rstrip("-")
        fields = text.rsplit(")", 1)[1].split()
        groups[name] = groups.get(name, 0) + (int(fields[11]) + int(fields[12])) / TICK
    return groups


def start(jar, jvm, app):
    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), f"glorot-streamcpu-{port}.log"), "w")
    proc = subprocess.Popen([JAVA, "--add-modules", "jdk.incubator.vector", *jvm, "-jar", jar,
                             "--server.address=127.0.0.1", f"--server.port={port}",
                             "--management.server.address=127.0.0.1", f"--management.server.port={free_port()}",
                             *app], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(480):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1).read()
            proc.log = log.name
            return proc, port
        except Exception:
            if proc.poll() is not None:
                raise SystemExit("glorot did not start; see " + log.name)
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("glorot did not become ready in 120 s")


def fetch(url):
    out = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}",
                          url], check=True, capture_output=True, text=True).stdout.split()
    if out[0] != "200":
        raise SystemExit(f"{url}: HTTP {out[0]}")
    return int(out[1]), float(out[2])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--query", default="shape=16384,4096&format=raw")
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--warmup", type=int, default=6)
    p.add_argument("--jvm", action="append", default=[])
    p.add_argument("--app", action="append", default=[])
    p.add_argument("--label", action="append", default=[])
    a = p.parse_args()
    # NAME=JAR, or NAME=JAR::OPT[::OPT...] for JVM options of that server alone
    jars = [tuple(x.split("=", 1)) for x in a.label] or [
        ("jar", next(j for j in glob.glob("target/glorot-*.jar") if "plain" not in j))]
    jars = [(name, spec.split("::")[0], spec.split("::")[1:]) for name, spec in jars]
    servers = []
    try:
        for name, jar, own in jars:
            proc, port = start(jar, (a.jvm or ["-XX:+UseParallelGC"]) + own, a.app)
            servers.append((name, proc, port))
        seed = 1000
        for _ in range(a.warmup):
            for _, _, port in servers:
                seed += 1
                fetch(f"http://127.0.0.1:{port}/v1/weights?{a.query}&seed={seed}")
        results = {name: [] for name, _, _ in servers}
        flags = open("/proc/cpuinfo").read().split("flags", 1)[1].split("\n", 1)[0]
        simd = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "no AVX2"
        print(f"# {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}; {os.cpu_count()} cpus, {simd}; "
              f"load {open('/proc/loadavg').read().split()[:3]}; query {a.query}; {a.rounds} rounds", flush=True)
        for _ in range(a.rounds):
            for name, proc, port in servers:
                seed += 1
                t0, (u0, s0) = threads(proc.pid), cpu(proc.pid)
                size, speed = fetch(f"http://127.0.0.1:{port}/v1/weights?{a.query}&seed={seed}")
                t1, (u1, s1) = threads(proc.pid), cpu(proc.pid)
                results[name].append(((u1 - u0) * 1000, (s1 - s0) * 1000, speed, size,
                                      {g: (t1[g] - t0.get(g, 0)) * 1000 for g in t1}))
        for name, proc, _ in servers:
            with open(proc.log) as f:
                kernels = [line.split("Kernels: ", 1)[1].strip() for line in f if "Kernels: " in line]
            print(f"{name}: kernels {kernels[-1] if kernels else '?'}")
        for name, rows in results.items():
            total = [r[0] + r[1] for r in rows]
            print(f"{name}: JVM CPU per answer median {statistics.median(total):.0f} ms (min {min(total):.0f}; "
                  f"user {statistics.median([r[0] for r in rows]):.0f}, system {statistics.median([r[1] for r in rows]):.0f}); "
                  f"{rows[0][3]} bytes; curl median {statistics.median([r[2] for r in rows]) / 1e6:.0f} MB/s; "
                  f"all: {' '.join(f'{t:.0f}' for t in total)}")
            groups = {g for r in rows for g in r[4]}
            split = sorted(((statistics.median([r[4].get(g, 0) for r in rows]), g) for g in groups), reverse=True)
            print(f"{name}: per thread group, median ms per answer: "
                  + ", ".join(f"{g} {ms:.0f}" for ms, g in split if ms >= 5))
    finally:
        for _, proc, _ in servers:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
