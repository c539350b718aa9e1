#!/usr/bin/env bash
# Which garbage collector for the chart's pod size: runs the packaged jar as the chart sizes it (a 1 GiB memory
# limit seen through -XX:MaxRAM=1g, heap 75 %, 2 processors) once per collector, each time with
# glorot.admission.max-generations (16) float64 streams of 256 MiB at once, and prints per collector: the wall
# time for all streams, the GC pauses (count and total, from /actuator/prometheus) and the JVM's peak RSS.
# "Serial" is what the JVM picks by itself below 1792 MiB; G1 is its choice above.
#   bash bench/gc-compare.sh            (GLOROT_JAR, JAVA_HOME as for the CI steps; ROUNDS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/steps/lib.sh
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
GLOROT_JAR=${GLOROT_JAR:-$(ls "$PWD"/target/glorot-*.jar | grep -v -- '-plain' | head -n 1)}
ROUNDS=${ROUNDS:-3}
STREAMS=16
SHAPE="shape=8192,4096&dtype=float64&format=raw"
BYTES=$((8192 * 4096 * 8))
pid=""
trap '[ -n "$pid" ] && stop_glorot "$pid"' EXIT

metric() {
	curl -fsS "http://127.0.0.1:$GLOROT_MANAGEMENT_PORT/actuator/prometheus" \
		| awk -v re="$1" '$0 ~ "^" re { s += $NF } END { printf "%.3f", s }'
}

echo "gc-compare: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs," \
	"flags: $(grep -qw avx512f /proc/cpuinfo && echo avx512f || (grep -qw avx2 /proc/cpuinfo && echo avx2) || echo neither)"
for round in $(seq 1 "$ROUNDS"); do
	for gc in Serial G1 Parallel; do
		port=$(free_port)
		JAVA_TOOL_OPTIONS="-XX:MaxRAM=1g -XX:MaxRAMPercentage=75 -XX:ActiveProcessorCount=2 -XX:+Use${gc}GC" \
			start_glorot "$port" 2> /dev/null
		pid=$GLOROT_PID
		# warm up: one stream
		curl -fsS -o /dev/null "http://127.0.0.1:$port/v1/weights?$SHAPE&seed=999"
		before_sum=$(metric jvm_gc_pause_seconds_sum)
		before_count=$(metric jvm_gc_pause_seconds_count)
		started=$(date +%s%N)
		pids=()
		for i in $(seq 1 "$STREAMS"); do
			curl -sS --max-time 300 -o /dev/null -w '%{size_download}\n' \
				"http://127.0.0.1:$port/v1/weights?$SHAPE&seed=$i" > "${TMPDIR:-/tmp}/gc-compare-$i" &
			pids+=($!)
		done
		for p in "${pids[@]}"; do wait "$p"; done
		elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
		for i in $(seq 1 "$STREAMS"); do
			[ "$(cat "${TMPDIR:-/tmp}/gc-compare-$i")" = "$BYTES" ] || { echo "gc-compare: stream $i incomplete" >&2; exit 1; }
		done
		sum=$(awk -v a="$(metric jvm_gc_pause_seconds_sum)" -v b="$before_sum" 'BEGIN { printf "%.3f", a - b }')
		count=$(awk -v a="$(metric jvm_gc_pause_seconds_count)" -v b="$before_count" 'BEGIN { printf "%d", a - b }')
		rss=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
		mbps=$(( STREAMS * BYTES / 1000 / elapsed_ms ))
		echo "gc-compare: round $round ${gc}GC: $STREAMS x 256 MiB float64 in $elapsed_ms ms ($mbps MB/s), $count GC pauses, $sum s paused, peak RSS $rss MiB"
		stop_glorot "$pid"
		pid=""
	done
done
