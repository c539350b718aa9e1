#!/usr/bin/env python3
"""End-to-end benchmark of the packaged jar against its references, side by side in one run on this machine:
nginx serving static files of the same sizes over loopback (the wire's limit here), numpy generating the same
distributions in process, and the service over HTTP. Bounded: every request has a timeout, every loop a count.

Usage: bench/run.sh [--quick]   (writes bench/results/run-<UTC stamp>.md and prints it)
Needs: nginx, wrk, curl (apt), /usr/bin/python3 with numpy (python3-numpy), a JDK 25 in JAVA_HOME.
"""
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

import numpy as np

QUICK = "--quick" in sys.argv
REPEAT = 3 if QUICK else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
JAR = os.environ.get("GLOROT_JAR") or next(
    os.path.join(ROOT, "target", f) for f in sorted(os.listdir(os.path.join(ROOT, "target")))
    if f.startswith("glorot-") and f.endswith(".jar"))
rows = []

sys.path.insert(0, os.path.join(ROOT, "clients", "python"))
import glorot_client  # noqa: E402  (the Python client, as a user fetches into numpy)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def report(what, figure, reference=None, ratio=None, command=""):
    rows.append((what, figure, reference or "", ratio or "", command))
    print(f"{what}: {figure}" + (f"  (reference {reference}, ratio {ratio})" if reference else ""), flush=True)


def curl_speed(url, timeout=120):
    """Median bytes/s of REPEAT downloads to /dev/null with curl. A url with {i} in it is formatted with the
    repetition's number, so each download is a different answer (never a repeat the cache could serve)."""
    speeds = []
    for i in range(REPEAT):
        out = subprocess.run(["curl", "-sS", "-o", "/dev/null", "--max-time", str(timeout), "-w",
                              "%{size_download} %{speed_download} %{http_code}", url.format(i=i)],
                             check=True, capture_output=True, text=True).stdout.split()
        assert out[2] in ("200", "206"), out
        speeds.append(float(out[1]))
    return statistics.median(speeds)


def wrk_rps(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url], check=True,
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    p99 = next((line.split()[1] for line in out.splitlines() if line.strip().startswith("99%")), "?")
    errors = [line for line in out.splitlines() if "Non-2xx" in line or "Socket errors" in line]
    return rps, p99, errors


def start_glorot(port, *jvm, app=(), management_port=0):
    log = open(os.path.join(tempfile.gettempdir(), f"glorot-bench-{port}.log"), "w")
    # the actuator on a loopback port of its own (a free one unless named), not the jar's default 8081; the Vector
    # API module as the image enables it, so the service may choose its vector kernels
    proc = subprocess.Popen([JAVA, "--add-modules", "jdk.incubator.vector", *jvm, "-jar", JAR, "--server.address=127.0.0.1", f"--server.port={port}",
                             "--management.server.address=127.0.0.1", f"--management.server.port={management_port}",
                             *app],
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1).read()
            return proc
        except Exception:
            if proc.poll() is not None:
                raise SystemExit("glorot did not start; see " + log.name)
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("glorot did not become ready in 60 s")


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def start_nginx(root, port):
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""daemon off; worker_processes 2; pid {root}/nginx.pid; error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  types {{ application/octet-stream bin; }}
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}
""")
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nginx did not start")


def numpy_rate(n, normal):
    """Median values/s of numpy making n float32 values in process, scaled as the service scales them."""
    rates = []
    for i in range(REPEAT):
        rng = np.random.default_rng(i)
        t = time.perf_counter()
        if normal:
            w = rng.standard_normal(n, dtype=np.float32)
            w *= np.float32(0.0110)
        else:
            w = rng.random(n, dtype=np.float32)
            w *= np.float32(2 * 0.0191)
            w -= np.float32(0.0191)
        rates.append(n / (time.perf_counter() - t))
        del w
    return statistics.median(rates)


def client_rate(url, n):
    """Median values/s of the Python client (clients/python, as a user calls it: ``glorot_client.weights``)
    fetching n float32 values over HTTP into a new numpy array ({i} in url as in curl_speed). The client reads the
    body straight into the array it returns (``readinto``, no intermediate copy)."""
    parts = urllib.parse.urlsplit(url)
    server = f"{parts.scheme}://{parts.netloc}"
    rates = []
    for i in range(REPEAT):
        query = dict(urllib.parse.parse_qsl(parts.query.format(i=i)))
        shape = [int(d) for d in query.pop("shape").split(",")]
        t = time.perf_counter()
        w = glorot_client.weights(shape, url=server, timeout=300, **query)
        rates.append(n / (time.perf_counter() - t))
        assert w.size == n and w.dtype == np.float32
        del w
    return statistics.median(rates)


def main():
    mib = 1 << 20
    work = tempfile.mkdtemp(prefix="glorot-bench-")
    os.chmod(work, 0o755)  # nginx's workers run as another user
    sizes = {"1MiB": (mib, "512,512"), "256MiB": (256 * mib, "16384,4096"), "1GiB": (1024 * mib, "16384,16384")}
    for name, (size, _) in sizes.items():
        with open(os.path.join(work, f"{name}.bin"), "wb") as f:
            f.truncate(size)  # sparse: nginx still sends every byte
    with open(os.path.join(work, "1KiB.bin"), "wb") as f:
        f.write(os.urandom(1024))
    nginx_port, port, management_port = free_port(), free_port(), free_port()
    nginx = start_nginx(work, nginx_port)
    # defaults (the repeat cache off): fresh rows use a new seed each time all the same
    glorot = start_glorot(port, "-XX:+UseParallelGC", management_port=management_port)
    base = f"http://127.0.0.1:{port}/v1/weights"
    flags = open("/proc/cpuinfo").read().split("flags", 1)[1].split("\n", 1)[0]
    simd = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "no AVX2"
    try:
        # warm-up: the JIT needs a few seconds of each path (and the kernel calibration finishes meanwhile)
        for _ in range(3):
            curl_speed(f"{base}?shape=16384,4096&seed=1{{i}}&format=raw")
            curl_speed(f"{base}?shape=16384,4096&seed=1{{i}}&distribution=normal&format=raw")
            curl_speed(f"{base}?shape=1024,1024&seed=1")
        # the kernels that serve the rows below: after the warm-up, so after the calibration, not the start-up prior
        info = json.load(urllib.request.urlopen(f"http://127.0.0.1:{management_port}/actuator/info", timeout=10))
        report("machine", f"{os.cpu_count()} cores, {simd}", "", "",
               "kernel: " + json.dumps(info.get("kernel", "scalar (this build has no start-up choice)")))
        for name, (size, shape) in sizes.items():
            if QUICK and name == "1GiB":
                continue
            ref = curl_speed(f"http://127.0.0.1:{nginx_port}/{name}.bin")
            ours = curl_speed(f"{base}?shape={shape}&seed=7{{i}}&format=raw")
            report(f"raw float32 uniform stream, {name}", f"{ours / 1e6:.0f} MB/s", f"nginx {ref / 1e6:.0f} MB/s",
                   f"{ours / ref:.2f}", f"curl -o /dev/null '{base}?shape={shape}&seed=7&format=raw'")
        ref = curl_speed(f"http://127.0.0.1:{nginx_port}/256MiB.bin")
        ours = curl_speed(f"{base}?shape=16384,4096&seed=8{{i}}&distribution=normal&format=raw")
        report("raw float32 normal stream, 256MiB", f"{ours / 1e6:.0f} MB/s", f"nginx {ref / 1e6:.0f} MB/s",
               f"{ours / ref:.2f}", f"curl -o /dev/null '{base}?shape=16384,4096&distribution=normal&format=raw'")
        n = 10**7 if QUICK else 10**8
        for normal in (False, True):
            kind = "normal" if normal else "uniform"
            ref = numpy_rate(n, normal)
            dist = "&distribution=normal" if normal else ""
            ours = client_rate(f"{base}?shape={n}&layout=keras&seed=3{{i}}{dist}&format=raw", n)
            what = "standard_normal(float32)" if normal else "random(float32)"
            report(f"{n:.0e} float32 {kind} into numpy over HTTP", f"{ours / 1e6:.0f} M values/s",
                   f"numpy {what} in process {ref / 1e6:.0f} M values/s", f"{ours / ref:.2f}",
                   "glorot_client.weights (bench/run.py client_rate)")
        count = 4096 * 4096
        speeds = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            subprocess.run(["curl", "-sS", "-o", "/dev/null", "--max-time", "120", f"{base}?shape=4096,4096&seed=5"],
                           check=True)
            speeds.append(count / (time.perf_counter() - t))
        report("JSON, one stream of 4096x4096 float32", f"{statistics.median(speeds) / 1e6:.1f} M values/s",
               "target 50 M values/s", f"{statistics.median(speeds) / 50e6:.2f}",
               f"curl -o /dev/null '{base}?shape=4096,4096&seed=5'")
        seconds = 5 if QUICK else 15
        ref, ref_p99, _ = wrk_rps(f"http://127.0.0.1:{nginx_port}/1KiB.bin", seconds)
        wrk_rps(f"{base}?shape=16,16&seed=1&format=raw", seconds)  # warm-up
        wrk_rps(f"http://127.0.0.1:{port}/livez", seconds)
        ours, p99, errors = wrk_rps(f"{base}?shape=16,16&seed=1&format=raw", seconds)
        floor, floor_p99, _ = wrk_rps(f"http://127.0.0.1:{port}/livez", seconds)
        report("Spring Boot's own /livez on the same server, wrk -t2 -c16", f"{floor:.0f} req/s (p99 {floor_p99})",
               f"nginx 1 KiB file {ref:.0f} req/s", f"{floor / ref:.2f}", f"wrk -t2 -c16 -d{seconds}s '.../livez'")
        report("16x16 raw requests, wrk -t2 -c16", f"{ours:.0f} req/s (p99 {p99})",
               f"nginx 1 KiB file {ref:.0f} req/s (p99 {ref_p99})", f"{ours / ref:.2f}",
               f"wrk -t2 -c16 -d{seconds}s '{base}?shape=16,16&seed=1&format=raw'" + (f" {errors}" if errors else ""))
    finally:
        glorot.terminate()
        glorot.wait(30)
    # repeats: a second server with the repeat cache on; the first fetch stores the answer, the measured ones are
    # repeats sent with sendfile, alternating with nginx's
    port = free_port()
    glorot = start_glorot(port, "-XX:+UseParallelGC",
                          app=("--glorot.cache.max-size=2GB", f"--glorot.cache.directory={work}/cache"))
    try:
        url = f"http://127.0.0.1:{port}/v1/weights?shape=16384,4096&seed=99&format=raw"
        curl_speed(url)
        ours = curl_speed(url)
        ref = curl_speed(f"http://127.0.0.1:{nginx_port}/256MiB.bin")
        report("the same 256 MiB raw answer fetched again (repeat cache, sendfile)", f"{ours / 1e6:.0f} MB/s",
               f"nginx {ref / 1e6:.0f} MB/s", f"{ours / ref:.2f}",
               f"curl -o /dev/null '{url}' (after one fetch; --glorot.cache.max-size=2GB)")
    finally:
        glorot.terminate()
        glorot.wait(30)
    # bounded memory: a 4 GiB tensor, then 8 concurrent 1 GiB streams, with -Xmx256m
    port = free_port()
    glorot = start_glorot(port, "-Xmx256m")
    base = f"http://127.0.0.1:{port}/v1/weights"
    peak = [0.0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mib(glorot.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        shape4 = "32768,32768" if not QUICK else "16384,16384"
        t = time.perf_counter()
        out = subprocess.run(["curl", "-sS", "-o", "/dev/null", "--max-time", "600", "-w", "%{size_download} %{http_code}",
                              f"{base}?shape={shape4}&seed=2&format=raw"], check=True, capture_output=True,
                             text=True).stdout.split()
        report(f"one {int(out[0]) / 2**30:.0f} GiB tensor with -Xmx256m", f"HTTP {out[1]}, {time.perf_counter() - t:.1f} s, "
               f"{int(out[0]) / (time.perf_counter() - t) / 1e6:.0f} MB/s", command=f"curl '{base}?shape={shape4}&seed=2&format=raw'")
        streams = 8 if not QUICK else 4
        t = time.perf_counter()
        procs = [subprocess.Popen(["curl", "-sS", "-o", "/dev/null", "--max-time", "900", "-w", "%{size_download} %{http_code}",
                                   f"{base}?shape=16384,16384&seed={i}&format=raw"], stdout=subprocess.PIPE, text=True)
                 for i in range(streams)]
        results = [p.communicate()[0].split() for p in procs]
        ok = sum(1 for r in results if r[1] == "200" and int(r[0]) == 2**30)
        elapsed = time.perf_counter() - t
        report(f"{streams} concurrent 1 GiB streams with -Xmx256m", f"{ok}/{streams} complete, {elapsed:.1f} s, "
               f"{streams * 2**30 / elapsed / 1e6:.0f} MB/s together", command="8 x curl '...shape=16384,16384&format=raw'")
        stop.set()
        sampler.join()
        report("peak resident memory during the two runs above", f"{peak[0]:.0f} MiB", "limit 1024 MiB",
               f"{peak[0] / 1024:.2f}", "ps/VmRSS sampled every 0.2 s")
    finally:
        stop.set()
        glorot.terminate()
        glorot.wait(30)
        nginx.terminate()
        nginx.wait(10)
        shutil.rmtree(work, ignore_errors=True)

    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    path = os.path.join(ROOT, "bench", "results", f"run-{stamp}.md")
    with open(path, "w") as f:
        f.write(f"# bench/run.py {stamp} ({'quick' if QUICK else 'full'}), {os.cpu_count()} cores, median of {REPEAT}\n\n")
        f.write("| what | glorot | reference | ratio | command |\n| --- | --- | --- | --- | --- |\n")
        for row in rows:
            f.write("| " + " | ".join(str(c) for c in row) + " |\n")
    print(open(path).read())


if __name__ == "__main__":
    main()
