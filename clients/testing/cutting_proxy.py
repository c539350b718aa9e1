#!/usr/bin/env python3
"""A loopback TCP proxy for testing the clients' resumed downloads: it forwards each connection to a target,
optionally throttles what the server sends, and can cut the first connections after some bytes.

    cutting_proxy.py --target 127.0.0.1:8080 [--target-file FILE] [--rate BYTES_PER_S] [--cut-after BYTES]
                     [--cuts N] [--log FILE]

Prints the port it listens on (a free one on 127.0.0.1) as its first line. ``--log`` gets one line per
connection: the request line, its Range and If-Range headers, the answer's status line, and the bytes forwarded
so far (rewritten as it goes), so a test can see that a client resumed with ``Range``. With ``--target-file``,
each new connection goes to the ``host:port`` that file holds (when it holds one), as a load balancer sends new
connections to a new replica during a rollout. Used by the pytest suite
(imported) and by .ci/steps/31-client-resume.sh (run), which stops the server itself mid-stream.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time


class CuttingProxy:
    """Forwards 127.0.0.1:port to target; the first ``cuts`` connections are closed after ``cut_after`` bytes."""

    def __init__(self, target: tuple[str, int], *, rate: float = 0, cut_after: int = 0, cuts: int = 0,
                 log: str | None = None, target_file: str | None = None) -> None:
        self.target = target
        self.target_file = target_file
        self.rate = rate
        self.cut_after = cut_after
        self.cuts = cuts
        self.log = log
        self.connections: list[dict[str, object]] = []
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.stopped = False

    def start(self) -> CuttingProxy:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopped = True
        self.server.close()

    def forwarded(self) -> int:
        with self.lock:
            return sum(int(c["bytes"]) for c in self.connections)  # type: ignore[call-overload]

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            with self.lock:
                record: dict[str, object] = {"request": "", "range": "", "if_range": "", "status": "", "bytes": 0}
                self.connections.append(record)
                cut = self.cut_after if len(self.connections) <= self.cuts else 0
            threading.Thread(target=self._serve, args=(client, record, cut), daemon=True).start()

    def _serve(self, client: socket.socket, record: dict[str, object], cut: int) -> None:
        target = self.target
        if self.target_file:
            try:
                with open(self.target_file) as current:
                    host, _, port = current.read().strip().rpartition(":")
                target = (host, int(port))
            except (OSError, ValueError):
                pass
        try:
            upstream = socket.create_connection(target, timeout=30)
        except OSError:
            client.close()  # the server is down: the client sees the connection closed, as with no server
            return
        threading.Thread(target=self._upload, args=(client, upstream, record), daemon=True).start()
        started = time.monotonic()
        sent = 0
        try:
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                if not record["status"]:
                    record["status"] = data.split(b"\r\n", 1)[0].decode("latin-1")
                if cut and sent + len(data) >= cut:
                    client.sendall(data[:cut - sent])
                    sent = cut
                    break
                client.sendall(data)
                sent += len(data)
                with self.lock:
                    record["bytes"] = sent
                if self.rate:
                    ahead = sent / self.rate - (time.monotonic() - started)
                    if ahead > 0:
                        time.sleep(ahead)
        except OSError:
            pass
        finally:
            with self.lock:
                record["bytes"] = sent
            self._write_log()
            for s in (client, upstream):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def _upload(self, client: socket.socket, upstream: socket.socket, record: dict[str, object]) -> None:
        first = True
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                if first:
                    first = False
                    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
                    record["request"] = lines[0]
                    for line in lines[1:]:
                        key, _, value = line.partition(":")
                        if key.lower() == "range":
                            record["range"] = value.strip()
                        elif key.lower() == "if-range":
                            record["if_range"] = value.strip()
                    self._write_log()
                upstream.sendall(data)
        except OSError:
            pass

    def _write_log(self) -> None:
        if not self.log:
            return
        with self.lock:
            lines = ["%s\trange=%s\tif-range=%s\tstatus=%s\tbytes=%s" % (c["request"], c["range"], c["if_range"],
                                                                          c["status"], c["bytes"])
                     for c in self.connections]
        with open(self.log + ".tmp", "w") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(self.log + ".tmp", self.log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, help="host:port of the server")
    parser.add_argument("--target-file", help="a file whose host:port, when present, replaces --target")
    parser.add_argument("--rate", type=float, default=0, help="bytes per second from the server (0: no limit)")
    parser.add_argument("--cut-after", type=int, default=0, help="close a connection after this many bytes")
    parser.add_argument("--cuts", type=int, default=0, help="how many of the first connections to cut")
    parser.add_argument("--log", help="file that gets one line per connection")
    args = parser.parse_args()
    host, _, port = args.target.rpartition(":")
    proxy = CuttingProxy((host, int(port)), rate=args.rate, cut_after=args.cut_after, cuts=args.cuts,
                         log=args.log, target_file=args.target_file).start()
    print(proxy.port, flush=True)
    last = -1
    while True:  # the log also gets the bytes forwarded as they grow, for a test that waits on progress
        time.sleep(0.2)
        now = proxy.forwarded()
        if now != last:
            proxy._write_log()
            last = now


if __name__ == "__main__":
    sys.exit(main())
