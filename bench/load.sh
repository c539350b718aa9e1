#!/usr/bin/env bash
# Bounded load test of the packaged jar on loopback (docs/reliability.md). Two wrk processes run at once:
#   small: 16x16 float32 raw answers (1 KiB), SMALL_CONNECTIONS connections;
#   large: LARGE_SHAPE float32 raw answers (64 MiB at 4096x4096), LARGE_CONNECTIONS connections, more than the
#          service admits (MAX_GENERATIONS), so some are refused with 503 + Retry-After by design.
# Every request has a fresh seed. Status codes are counted per process; resident memory (RSS) of the service is
# sampled every RSS_INTERVAL seconds. The run fails if any answer is neither 200 nor an intended 503 (503 for small
# requests is not intended), or if wrk saw socket errors.
#
#   bench/load.sh                 # 60 s
#   DURATION=20 bench/load.sh     # a quick run
#   SOAK=600 bench/load.sh        # the 10-minute soak
#
# Environment: GLOROT_JAR (default target/glorot-*.jar), JAVA_HOME, JAVA_OPTS (default -Xmx1g), DURATION / SOAK
# (seconds), SMALL_CONNECTIONS (8), LARGE_CONNECTIONS (6), MAX_GENERATIONS (4), LARGE_SHAPE (4096,4096),
# RSS_INTERVAL (5), OUT (target/load: logs, rss.csv, summary.txt). Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${SOAK:-${DURATION:-60}}
small_connections=${SMALL_CONNECTIONS:-8}
large_connections=${LARGE_CONNECTIONS:-6}
max_generations=${MAX_GENERATIONS:-4}
large_shape=${LARGE_SHAPE:-4096,4096}
rss_interval=${RSS_INTERVAL:-5}
out=${OUT:-target/load}
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=${GLOROT_JAR:-$(ls target/glorot-*.jar 2> /dev/null | grep -v -- '-plain' | head -n 1)}
[ -n "$jar" ] && [ -f "$jar" ] || { echo "load: no jar; run ./mvnw -B -q package -DskipTests first" >&2; exit 1; }
command -v wrk > /dev/null || { echo "load: wrk is missing (apt-get install wrk)" >&2; exit 1; }

mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
management_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
# shellcheck disable=SC2086
"$java_home/bin/java" ${JAVA_OPTS:--Xmx1g} -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
	--management.server.address=127.0.0.1 --management.server.port="$management_port" --glorot.admission.max-generations="$max_generations" > "$out/server.log" 2>&1 &
pid=$!
sampler=
trap 'kill $sampler "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true' EXIT
for _ in $(seq 1 120); do
	curl -fsS "$base/readyz" > /dev/null 2>&1 && break
	kill -0 "$pid" 2> /dev/null || { cat "$out/server.log" >&2; exit 1; }
	sleep 0.5
done
curl -fsS "$base/readyz" > /dev/null

echo "seconds,rss_kib" > "$out/rss.csv"
(
	start=$(date +%s)
	while kill -0 "$pid" 2> /dev/null; do
		echo "$(( $(date +%s) - start )),$(ps -o rss= -p "$pid" | tr -d ' ')" >> "$out/rss.csv"
		sleep "$rss_interval"
	done
) &
sampler=$!

echo "load: $duration s against $base: small 16x16 raw x $small_connections connections," \
	"large $large_shape raw x $large_connections connections, max-generations $max_generations"
LOAD_PATH="/v1/weights?shape=16,16&format=raw" LOAD_LABEL=small \
	timeout $((duration + 60)) wrk -t1 -c"$small_connections" -d"${duration}s" --timeout 30s -s bench/load.lua "$base" \
	> "$out/wrk-small.txt" 2>&1 &
small_pid=$!
if [ "$large_connections" -gt 0 ]; then
	LOAD_PATH="/v1/weights?shape=$large_shape&format=raw" LOAD_LABEL=large LOAD_COUNT=0 \
		timeout $((duration + 60)) wrk -t1 -c"$large_connections" -d"${duration}s" --timeout 60s -s bench/load.lua "$base" \
		> "$out/wrk-large.txt" 2>&1 &
	large_pid=$!
	wait "$large_pid"
else
	: > "$out/wrk-large.txt"
fi
wait "$small_pid"
sleep "$rss_interval"
kill "$sampler" 2> /dev/null || true
sampler=

curl -fsS "http://127.0.0.1:$management_port/actuator/prometheus" > "$out/prometheus.txt"
{
	grep -h '^load:' "$out/wrk-small.txt" "$out/wrk-large.txt"
	grep -E '^glorot_(admission_rejected_total|responses_(aborted|timed_out)_total)' "$out/prometheus.txt" | sed 's/^/load: server /'
	grep -E '^http_server_requests_seconds_count.*uri="/v1/weights"' "$out/prometheus.txt" \
		| sed -E 's/.*status="([0-9]+)".*\} ([0-9.E]+)/\1 \2/' \
		| awk '{ n[$1] += $2 } END { printf "load: server /v1/weights statuses"; for (s in n) printf " %s=%d", s, n[s]; print "" }'
	awk -F, 'NR > 1 { n++; v[n] = $2 } END {
		if (n == 0) { print "load: rss no samples"; exit }
		min = v[1]; max = v[1]; for (i = 1; i <= n; i++) { if (v[i] < min) min = v[i]; if (v[i] > max) max = v[i] }
		q = int(n / 4); if (q < 1) q = 1
		printf "load: rss MiB first %.0f, after the first quarter %.0f, last %.0f, min %.0f, max %.0f (%d samples)\n",
			v[1] / 1024, v[q] / 1024, v[n] / 1024, min / 1024, max / 1024, n }' "$out/rss.csv"
	echo "load: java $("$java_home/bin/java" -version 2>&1 | head -n 1), ${JAVA_OPTS:--Xmx1g}, $(nproc) cores"
} | tee "$out/summary.txt"

# pass/fail: small answers are all 200; large ones 200 or 503; no socket errors; no 5xx other than 503 anywhere
fail=0
if grep -E '^load: small statuses' "$out/summary.txt" | grep -qvE '^load: small statuses 200=[0-9]+$'; then
	echo "load: FAIL: a small request got something other than 200" >&2
	fail=1
fi
# the large process knows only its non-2xx count; the server's counts say which statuses they were
if grep -E '^load: server /v1/weights statuses' "$out/summary.txt" | grep -qvE '^load: server /v1/weights statuses( (200|503)=[0-9]+)+$'; then
	echo "load: FAIL: a request got something other than 200 or 503" >&2
	fail=1
fi
if grep -E 'socket errors' "$out/summary.txt" | grep -qv 'connect=0 read=0 write=0 timeout=0'; then
	echo "load: FAIL: wrk saw socket errors" >&2
	fail=1
fi
if grep -E '^http_server_requests_seconds_count' "$out/prometheus.txt" | grep -E 'status="5' | grep -v 'status="503"' | grep -q .; then
	echo "load: FAIL: the service answered 5xx other than 503" >&2
	fail=1
fi
exit $fail
