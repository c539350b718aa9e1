#!/usr/bin/env bash
# The Python, JavaScript and Java clients resume a download cut by a server stopped mid-stream (issue 15), as in
# a rollout: a client downloads a 32 MiB tensor from the "old" jar through a loopback proxy (the load balancer)
# throttled to 4 MB/s; once part of it went through, the proxy sends new connections to a "new" jar, and the old
# one is stopped (SIGTERM with a 1 s drain, a grace shorter than the stream; SIGKILL for the JavaScript client).
# The client must finish by itself with Range requests (206 answers from the new jar), and its bytes must hash as
# the new jar's whole answer does. Each round's new jar is the next round's old one (4 jars in all).
# Needs /usr/bin/python3 with numpy, Node 20+, and the Java client's classes (built here when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/steps/lib.sh
ensure_node20

PY=/usr/bin/python3
ROWS=2048 COLS=4096 SEED=7 NAME=resume.weight
work=$(mktemp -d)
old_pid="" new_pid="" proxy_pid="" client_pid=""
cleanup() {
	for pid in $client_pid $proxy_pid $old_pid $new_pid; do
		kill "$pid" 2> /dev/null || true
		wait "$pid" 2> /dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

if [ ! -d clients/java/target/classes/io ]; then
	timeout 300 ./mvnw -B -q -f clients/java/pom.xml compile
fi

# forwarded LOG: the bytes the proxy has forwarded on its first connection so far
forwarded() { head -n 1 "$1" 2> /dev/null | sed -n 's/.*bytes=\([0-9]*\)$/\1/p'; }

old_port=$(free_port)
start_glorot "$old_port" --spring.lifecycle.timeout-per-shutdown-phase=1s
old_pid=$GLOROT_PID

resume_check() { # resume_check LABEL SIGNAL COMMAND...: COMMAND prints the sha256 of the tensor it downloaded
	local label=$1 signal=$2
	shift 2
	local new_port log start=$SECONDS
	new_port=$(free_port)
	start_glorot "$new_port" --spring.lifecycle.timeout-per-shutdown-phase=1s
	new_pid=$GLOROT_PID
	log="$work/$label.log"
	rm -f "$work/target" "$work/proxy.port"
	"$PY" clients/testing/cutting_proxy.py --target "127.0.0.1:$old_port" --target-file "$work/target" \
		--rate 4000000 --log "$log" > "$work/proxy.port" &
	proxy_pid=$!
	for _ in $(seq 1 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
	GLOROT_URL="http://127.0.0.1:$(cat "$work/proxy.port")" "$@" > "$work/$label.sha" &
	client_pid=$!
	for _ in $(seq 1 600); do # until 8 MB of the 32 MiB answer went through
		[ "$(forwarded "$log" || echo 0)" -ge 8000000 ] 2> /dev/null && break
		sleep 0.1
	done
	echo "127.0.0.1:$new_port" > "$work/target" # new connections go to the new jar
	kill "-$signal" "$old_pid"
	wait "$old_pid" 2> /dev/null || true
	old_pid=""
	local cut_at
	cut_at=$(forwarded "$log")
	if ! wait "$client_pid"; then
		client_pid=""
		echo "error: the $label client did not finish after the server was stopped; proxy log:" >&2
		cat "$log" >&2
		return 1
	fi
	client_pid=""
	local expected got
	expected=$(curl -fsS "http://127.0.0.1:$new_port/v1/weights?shape=$ROWS,$COLS&seed=$SEED&name=$NAME&format=raw" \
		| sha256sum | cut -d' ' -f1)
	got=$(cat "$work/$label.sha")
	if [ "$got" != "$expected" ]; then
		echo "error: the $label client's bytes hash to $got, the whole answer to $expected" >&2
		cat "$log" >&2
		return 1
	fi
	if [ "$cut_at" -ge $((ROWS * COLS * 4)) ] \
		|| ! grep -qE $'range=bytes=[1-9][0-9]*-\tif-range="[0-9a-f]+"\tstatus=HTTP/1.1 206' "$log"; then
		echo "error: the $label download was not cut, or not resumed with Range and If-Range (206); proxy log:" >&2
		cat "$log" >&2
		return 1
	fi
	echo "resume: $label: the old jar stopped by SIG$signal at $cut_at of $((ROWS * COLS * 4)) bytes; resumed" \
		"with $(grep -c 'status=HTTP/1.1 206' "$log") Range request(s) to the new jar; sha256 equal" \
		"($((SECONDS - start)) s)"
	kill "$proxy_pid" && wait "$proxy_pid" 2> /dev/null || true
	proxy_pid=""
	old_pid=$new_pid old_port=$new_port new_pid=""
}

resume_check python TERM env PYTHONPATH=clients/python timeout 180 "$PY" -c "
import hashlib
from glorot_client import weights
w = weights([$ROWS, $COLS], seed=$SEED, name='$NAME')
print(hashlib.sha256(w.astype('<f4').tobytes()).hexdigest())"

resume_check javascript KILL timeout 180 node --input-type=module -e "
import { createHash } from 'node:crypto';
import { weights } from './clients/js/index.js';
const w = await weights([$ROWS, $COLS], { seed: $SEED, name: '$NAME' });
console.log(createHash('sha256').update(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength)).digest('hex'));"

resume_check java TERM timeout 180 "$JAVA_HOME/bin/java" -cp clients/java/target/classes clients/testing/Download.java \
	"$ROWS" "$COLS" "$SEED" "$NAME"
echo "resume: all passed"
