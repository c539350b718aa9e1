#!/usr/bin/python3
"""Memory pressure from slow readers (docs/reliability.md, "Memory-bounded admission").

Starts the packaged jar on loopback with a small heap, opens READERS connections that each ask for a large raw
tensor and read it slowly, and meanwhile sends one small request every PROBE_INTERVAL seconds. Bounded: it stops
itself after SECONDS, closes every socket and stops the server. Prints what the readers got (200 or 503), the small
requests' statuses and latencies, and whether the server logged an OutOfMemoryError.

  GLOROT_JAR=target/glorot-*.jar XMX=128m READERS=16 SECONDS=60 bench/slow-readers.py
"""
import glob
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

JAR = os.environ.get("GLOROT_JAR") or [j for j in glob.glob("target/glorot-*.jar") if "plain" not in j][0]
XMX = os.environ.get("XMX", "128m")
READERS = int(os.environ.get("READERS", "16"))
SECONDS = float(os.environ.get("SECONDS", "60"))
RATE = int(os.environ.get("RATE", str(64 * 1024)))  # bytes per second per reader
SHAPE = os.environ.get("SHAPE", "8192,8192")  # 256 MiB of float32
PROBE_INTERVAL = 0.2


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    port = free_port()
    log = open("target/slow-readers-server.log", "w")
    server = subprocess.Popen(["java", "-Xmx" + XMX, "-jar", JAR, "--server.address=127.0.0.1",
                               "--server.port=%d" % port], stdout=log, stderr=subprocess.STDOUT)
    try:
        base = "http://127.0.0.1:%d" % port
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/livez", timeout=2).read()
                break
            except Exception:
                time.sleep(0.5)
        else:
            sys.exit("the server did not start")
        end = time.monotonic() + SECONDS
        readers = []
        statuses = {}
        received = []
        lock = threading.Lock()

        def read(seed):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
            s.sendall(("GET /v1/weights?shape=%s&seed=%d&format=raw HTTP/1.1\r\nHost: x\r\n\r\n"
                       % (SHAPE, seed)).encode())
            head = b""
            total = 0
            try:
                while b"\r\n\r\n" not in head:
                    chunk = s.recv(1024)
                    if not chunk:
                        break
                    head += chunk
                status = head.split(b" ")[1].decode() if head else "none"
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                start = time.monotonic()
                while time.monotonic() < end:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    total += len(chunk)
                    due = start + total / RATE
                    if due > time.monotonic():
                        time.sleep(min(due - time.monotonic(), max(0, end - time.monotonic())))
            except OSError:
                pass
            finally:
                s.close()
                with lock:
                    received.append(total)

        for seed in range(READERS):
            t = threading.Thread(target=read, args=(seed,))
            t.start()
            readers.append(t)
        small = {}
        latencies = []
        n = 0
        while time.monotonic() < end:
            n += 1
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(base + "/v1/weights?shape=16,16&format=raw&seed=%d" % n,
                                            timeout=10) as r:
                    r.read()
                    code = r.status
            except urllib.error.HTTPError as e:
                code = e.code
            except Exception as e:
                code = type(e).__name__
            latencies.append(time.monotonic() - t0)
            small[code] = small.get(code, 0) + 1
            time.sleep(PROBE_INTERVAL)
        for t in readers:
            t.join(timeout=15)
        try:
            metrics = urllib.request.urlopen(base + "/actuator/prometheus", timeout=10).read().decode()
            meters = [l for l in metrics.splitlines() if l.startswith("glorot_admission_memory")
                      or l.startswith("glorot_admission_rejected") or l.startswith("jvm_memory_used_bytes{area=\"heap\"")]
        except Exception as e:
            meters = ["metrics unavailable: %s" % e]
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    text = open("target/slow-readers-server.log").read()
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
    print("jar %s, -Xmx%s, %d readers of %s float32 at %d B/s for %.0f s" % (JAR, XMX, READERS, SHAPE, RATE, SECONDS))
    print("readers: statuses %s, MiB received %.1f" % (statuses, sum(received) / 2**20))
    print("small requests: %s; latency p50 %.0f ms, p99 %.0f ms, max %.0f ms"
          % (small, pct(0.5), pct(0.99), latencies[-1] * 1000))
    print("server log: OutOfMemoryError lines %d, ERROR lines %d" % (text.count("OutOfMemoryError"),
                                                                    text.count(" ERROR ")))
    for line in meters:
        print("  " + line)


if __name__ == "__main__":
    main()
