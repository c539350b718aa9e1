#!/usr/bin/python3
"""What a replica does with new requests once it is told to stop (docs/deploy.md, "Streams that survive").

Usage: drain_probe.py PORT REFUSING_PERIOD_SECONDS STOP-COMMAND...

Before the stop, it opens kept-alive connections (as a proxy's pool holds them) and asks /readyz on each. Then it
starts STOP-COMMAND (docker stop ..., kill -TERM ...) without waiting for it, and checks, failing on the first
thing that is not so:
  1. with a refusing period: /readyz answers 503 on a new connection; a request for a 64 MiB answer on a kept-alive
     connection gets 503 urn:glorot:problem:shutting-down with Retry-After and Connection: close, and the
     connection ends; the same request on a new connection gets the same 503;
  2. new connections are refused, and not before the refusing period has passed since the stop began;
  3. a request for a long answer on a kept-alive connection opened before gets no 200: the connection is closed
     unanswered (or a 503 shutting-down);
  4. the stop command ends with status 0.
With no refusing period, step 1 is replaced by a burst of long requests on half the kept-alive connections at once,
whose outcomes are printed, not asserted: that state lasts milliseconds, and a request that reaches the JVM before
it has seen the signal is served, as any request before a stop. At the end it fires a long request on each
remaining kept-alive connection, 3 ms apart, and fails if any starts an answer (200).
Prints one line per observation, prefixed "drain:".
"""
import http.client
import json
import socket
import subprocess
import sys
import time

HOST = "127.0.0.1"
LONG = "/v1/weights?shape=4096,4096&seed=21&format=raw"
KEPT_ALIVE = 8


def log(message):
    print(f"drain: {message}", flush=True)


def fail(message):
    print(f"drain: FAIL: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def connect(port):
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.connect()
    return connection


def ask(connection, path):
    """Sends a GET and reads a short answer; a long one is left unread and the connection closed.
    Returns (status, headers, body) or (None, error, None) when the connection ended without an answer."""
    try:
        connection.request("GET", path)
        response = connection.getresponse()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
        return None, type(error).__name__, None
    headers = {name.lower(): value for name, value in response.getheaders()}
    if response.status == 200 and path.startswith("/v1/"):
        connection.close()
        return response.status, headers, None
    return response.status, headers, response.read()


def raw_kept_alive(port):
    """A plain socket that has had one answer (/readyz, read until the server goes quiet) and stays open."""
    raw = socket.create_connection((HOST, port), timeout=10)
    raw.sendall(b"GET /readyz HTTP/1.1\r\nHost: glorot\r\n\r\n")
    answer = raw.recv(65536)
    raw.settimeout(0.3)
    try:
        while raw.recv(65536):
            pass
    except socket.timeout:
        pass
    if not answer.startswith(b"HTTP/1.1 200"):
        fail(f"/readyz before the stop answered {answer[:40]!r}")
    return raw


def ask_until_closed(raw, path):
    """Sends a GET on a plain socket and reads until the server closes it (10 s at most): (status, headers, body),
    or fails if the server keeps the connection open."""
    raw.sendall(f"GET {path} HTTP/1.1\r\nHost: glorot\r\n\r\n".encode())
    raw.settimeout(10)
    data = b""
    try:
        while chunk := raw.recv(65536):
            data += chunk
            if len(data) > 1 << 20:
                fail(f"a long answer started on a kept-alive connection: {data[:40]!r}")
    except socket.timeout:
        fail(f"the server kept the connection open after answering {data[:40]!r}")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split(" ")[1]), headers, body


def check_shutting_down(status, headers, body, where):
    if status != 503:
        fail(f"{where}: a request for a long answer got {status} {headers if status is None else ''}, expected 503")
    problem = json.loads(body)
    if headers.get("content-type") != "application/problem+json" \
            or problem.get("type") != "urn:glorot:problem:shutting-down":
        fail(f"{where}: the 503 is not a shutting-down problem: {headers.get('content-type')} {problem}")
    if not headers.get("retry-after", "").isdigit() or headers.get("connection", "").lower() != "close":
        fail(f"{where}: the 503 lacks Retry-After or Connection: close: {headers}")


def burst(connections):
    """A request for a long answer on each connection, 3 ms apart; how many ended how."""
    outcomes = {}
    for connection in connections:
        status, headers, _ = ask(connection, LONG)
        outcome = headers if status is None else str(status)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        time.sleep(0.003)
    return outcomes


def refused(port):
    try:
        socket.create_connection((HOST, port), timeout=2).close()
        return False
    except ConnectionRefusedError:
        return True
    except OSError:
        return False


def main():
    port, period = int(sys.argv[1]), float(sys.argv[2])
    command = sys.argv[3:]
    pool = []
    for _ in range(KEPT_ALIVE):
        connection = connect(port)
        status, headers, _ = ask(connection, "/readyz")
        if status != 200 or headers.get("connection", "").lower() == "close":
            fail(f"/readyz before the stop answered {status} {headers}")
        pool.append(connection)
    raw = raw_kept_alive(port)
    log(f"{len(pool) + 1} kept-alive connections open, /readyz 200 on each")

    began = time.monotonic()
    stop = subprocess.Popen(command)

    if period == 0:
        # the moment between SIGTERM and the listener's close: a burst at once, printed, not asserted (a request
        # that reaches the JVM before it has seen the signal is served, as any request before a stop)
        outcomes = burst(pool[:KEPT_ALIVE // 2])
        del pool[:KEPT_ALIVE // 2]
        log(f"{KEPT_ALIVE // 2} long requests on kept-alive connections at once after the stop began: {outcomes}")
    else:
        seen = None
        while time.monotonic() - began < period + 10:
            try:
                status, _, _ = ask(connect(port), "/readyz")
            except ConnectionRefusedError:
                fail("a new connection was refused before /readyz answered 503 (no refusing period?)")
            if status == 503:
                seen = time.monotonic() - began
                break
            time.sleep(0.02)
        if seen is None:
            fail("/readyz never answered 503 on a new connection")
        log(f"/readyz 503 on a new connection {seen * 1000:.0f} ms after the stop began")
        check_shutting_down(*ask_until_closed(raw, LONG), "kept-alive connection")
        log("a long request on a kept-alive connection: 503 shutting-down, Retry-After, Connection: close; "
            "the connection ended")
        check_shutting_down(*ask(connect(port), LONG), "new connection")
        log("a long request on a new connection: 503 shutting-down")

    while not refused(port):
        if time.monotonic() - began > period + 20:
            fail(f"new connections still accepted {period + 20:.0f} s after the stop began")
        time.sleep(0.05)
    closed_after = time.monotonic() - began
    if closed_after < period:
        fail(f"the listener closed {closed_after:.2f} s after the stop began, before the {period} s refusing period")
    log(f"new connections refused {closed_after * 1000:.0f} ms after the stop began")

    status, headers, body = ask(pool.pop(), LONG)
    if status is not None:
        check_shutting_down(status, headers, body, "kept-alive connection after the listener closed")
    log(f"a long request on a kept-alive connection after the listener closed: "
        f"{'closed unanswered (' + headers + ')' if status is None else '503 shutting-down'}")

    outcomes = burst(pool)
    log(f"{len(pool)} more long requests on kept-alive connections: {outcomes}")
    if "200" in outcomes:
        fail("a long answer started on a replica that is shutting down")

    code = stop.wait(timeout=600)
    if code != 0:
        fail(f"{' '.join(command)} exited {code}")
    log(f"the stop command ended after {(time.monotonic() - began) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
