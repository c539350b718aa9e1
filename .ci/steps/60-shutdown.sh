#!/usr/bin/env bash
# Graceful shutdown of the packaged jar: a 64 MiB download read at 16 MiB/s is in flight when the process gets
# SIGTERM. Checks that new connections are refused at once, that the download still completes with every byte,
# and that the process exits 0 within the configured deadline (spring.lifecycle.timeout-per-shutdown-phase).
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/steps/lib.sh

deadline=20
port=$(free_port)
start_glorot "$port" --spring.lifecycle.timeout-per-shutdown-phase=${deadline}s
work=$(mktemp -d)
curl_pid=
trap 'kill "$GLOROT_PID" $curl_pid 2> /dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"

expected=$((4096 * 4096 * 4))
curl -sS --max-time 60 --limit-rate 16M -o "$work/stream.bin" -w '%{http_code}' \
	"$base/v1/weights?shape=4096,4096&seed=7&format=raw" > "$work/status" &
curl_pid=$!
# wait until the stream has started
for _ in $(seq 1 100); do
	[ -s "$work/stream.bin" ] && break
	sleep 0.1
done
[ -s "$work/stream.bin" ] || { echo "shutdown: the stream did not start" >&2; exit 1; }

kill -TERM "$GLOROT_PID"
sent=$(date +%s%N)
sleep 0.5
if ! kill -0 "$GLOROT_PID" 2> /dev/null; then
	echo "shutdown: the process exited before the stream in flight finished" >&2
	exit 1
fi
if curl -sS --max-time 5 -o /dev/null "$base/readyz" 2> "$work/refused"; then
	echo "shutdown: a new request was accepted during shutdown" >&2
	exit 1
fi
echo "shutdown: new request during shutdown: $(cat "$work/refused")"

wait "$curl_pid"
curl_pid=
status=$(cat "$work/status")
size=$(stat -c %s "$work/stream.bin")
if [ "$status" != 200 ] || [ "$size" != "$expected" ]; then
	echo "shutdown: the stream in flight ended with status $status and $size of $expected bytes" >&2
	exit 1
fi
echo "shutdown: the stream in flight completed: $size bytes"

for _ in $(seq 1 $((deadline * 10 + 50))); do
	kill -0 "$GLOROT_PID" 2> /dev/null || break
	sleep 0.1
done
if kill -0 "$GLOROT_PID" 2> /dev/null; then
	echo "shutdown: the process did not exit within the deadline of ${deadline} s" >&2
	exit 1
fi
code=0
wait "$GLOROT_PID" || code=$?
elapsed_ms=$(( ($(date +%s%N) - sent) / 1000000 ))
# a JVM ended by SIGTERM after a clean shutdown exits with 143 (128 + 15)
if [ "$code" != 0 ] && [ "$code" != 143 ]; then
	echo "shutdown: the process exited with $code" >&2
	exit 1
fi
grep -q "Graceful shutdown complete" "${TMPDIR:-/tmp}/glorot-$port.log" || {
	echo "shutdown: no 'Graceful shutdown complete' in the log" >&2
	exit 1
}
echo "shutdown: exited with $code ${elapsed_ms} ms after SIGTERM (deadline ${deadline} s)"
