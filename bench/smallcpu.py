#!/usr/bin/env python3
"""CPU time per small request, for a shared machine where wall-clock rates measure the other tenants: nginx serving
a 1 KiB file and one or more glorot servers (variants: JVM and application options) answering a 16x16 raw tensor
and /livez, each loaded in turn by `wrk -t2 -c16` for a fixed time, A B A B in the same minutes. For each run it
reads the server's CPU time (user + system, from /proc/<pid>/stat, nginx's workers summed) and wrk's own (its
rusage), and divides by the requests wrk counted.

Usage: bench/smallcpu.py [--rounds N] [--seconds S] [--warmup S] [--variant 'name|jvm options|app options[|jar]' ...]
       e.g. --variant 'mvc|-XX:+UseParallelGC|--glorot.connector.small-lane=false'
            --variant 'lane|-XX:+UseParallelGC|'
            --variant 'main|-XX:+UseParallelGC||/tmp/main.jar'   (another build, e.g. main's, A B A B against this one)
Prints one line per run and a summary (median us of CPU per request, req/s, and the ratio to nginx's CPU per request).
Needs nginx and wrk (apt), a JDK 25 in JAVA_HOME, the packaged jar in target/.
"""
import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from run import free_port, start_glorot, start_nginx  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICK


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def wrk(url, seconds):
    """Runs wrk; returns (requests, non-2xx count, wrk's CPU seconds, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", url], check=True, capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    requests = int(next(line.split()[0] for line in out.splitlines() if "requests in" in line))
    bad = next((int(line.split()[-1]) for line in out.splitlines() if "Non-2xx" in line), 0)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return requests, bad, cpu, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--path", default="/v1/weights?shape=16,16&seed=1&format=raw")
    parser.add_argument("--no-livez", action="store_true")
    args = parser.parse_args()
    variants = [v.split("|") for v in (args.variant or ["default|-XX:+UseParallelGC|"])]
    default_jar = run.JAR
    work = tempfile.mkdtemp(prefix="glorot-smallcpu-")
    os.chmod(work, 0o755)
    with open(os.path.join(work, "1KiB.bin"), "wb") as f:
        f.write(os.urandom(1024))
    nginx_port = free_port()
    nginx = start_nginx(work, nginx_port)
    time.sleep(0.5)
    servers = []
    try:
        targets = [("nginx 1KiB", f"http://127.0.0.1:{nginx_port}/1KiB.bin", lambda: children(nginx.pid))]
        for name, jvm, app, *jar in variants:
            port = free_port()
            run.JAR = jar[0] if jar and jar[0] else default_jar
            proc = start_glorot(port, *shlex.split(jvm), app=shlex.split(app), management_port=free_port())
            servers.append(proc)
            targets.append((f"{name} 16x16", f"http://127.0.0.1:{port}{args.path}", lambda p=proc.pid: [p]))
            if not args.no_livez:
                targets.append((f"{name} /livez", f"http://127.0.0.1:{port}/livez", lambda p=proc.pid: [p]))
        flags = open("/proc/cpuinfo").read().split("flags", 1)[1].split("\n", 1)[0]
        simd = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "no AVX2"
        print(f"# {os.cpu_count()} cores, {simd}; load average {os.getloadavg()[0]:.1f}; wrk -t2 -c16 "
              f"-d{args.seconds}s, {args.rounds} rounds after {args.warmup} s of warm-up per target", flush=True)
        for label, url, _ in targets:
            if not label.startswith("nginx"):
                wrk(url, args.warmup)
        results = {label: [] for label, _, _ in targets}
        for r in range(args.rounds):
            for label, url, pids in targets:
                ps = pids()
                before = cpu_seconds(ps)
                requests, bad, client, wall = wrk(url, args.seconds)
                server = cpu_seconds(ps) - before
                row = (1e6 * server / requests, 1e6 * client / requests, requests / wall, bad)
                results[label].append(row)
                print(f"round {r + 1} {label:24s} server {row[0]:7.1f} us/req  wrk {row[1]:5.1f} us/req  "
                      f"{row[2]:8.0f} req/s  non-2xx {bad}  (load {os.getloadavg()[0]:.1f})", flush=True)
        ref = statistics.median(x[0] for x in results[targets[0][0]])
        print("\n| target | server CPU per request (median, range) | wrk CPU per request | req/s (median) | "
              "nginx's CPU per request / this |")
        print("| --- | --- | --- | --- | --- |")
        for label, rows in results.items():
            cpu = [x[0] for x in rows]
            print(f"| {label} | {statistics.median(cpu):.1f} us ({min(cpu):.1f}-{max(cpu):.1f}) | "
                  f"{statistics.median(x[1] for x in rows):.1f} us | {statistics.median(x[2] for x in rows):.0f} | "
                  f"{ref / statistics.median(cpu):.2f} |")
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(30)
        nginx.terminate()
        nginx.wait(10)


if __name__ == "__main__":
    main()
