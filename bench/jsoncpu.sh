#!/usr/bin/env bash
# CPU time of whole JSON answers over HTTP, for a machine too shared for wall-clock rates: starts each given jar
# (default: the packaged one) on a free loopback port with the image's options, warms each up, then fetches one
# 4096x4096 float32 JSON answer (bench/run.sh's JSON row) from each jar in turn (A B A B ...) and prints, per
# answer, the server's CPU time (/proc/<pid>/stat, all its threads) and curl's, as values per CPU-second.
# Usage: bench/jsoncpu.sh [rounds, 4] [jar ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/steps/lib.sh
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
rounds=${1:-4}
shift || true
jars=("$@")
[ ${#jars[@]} -gt 0 ] || jars=($(ls "$PWD"/target/glorot-*.jar | grep -v plain))
tick=$(getconf CLK_TCK)
count=$((4096 * 4096))
ports=() pids=()
trap 'for p in "${pids[@]}"; do stop_glorot "$p"; done' EXIT
for jar in "${jars[@]}"; do
	port=$(free_port)
	JDK_JAVA_OPTIONS="--add-modules jdk.incubator.vector -XX:+UseParallelGC" GLOROT_JAR=$jar start_glorot "$port"
	ports+=("$port") pids+=("$GLOROT_PID")
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512[a-z_]*)$' | sort | tr '\n' ' ')
echo "# $(date -u +%FT%TZ); $(nproc) cpus; flags: ${flags:-no AVX2}; load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in "${!jars[@]}"; do # JIT warm-up: the first answers, and the kernel calibration, are not measured
	for s in 1 2 3; do curl -sS -o /dev/null "http://127.0.0.1:${ports[$i]}/v1/weights?shape=4096,4096&seed=9$s"; done
done
echo "| round | jar | server CPU s | curl CPU s | M values per server CPU-second | per server+curl CPU-second | wall s |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for r in $(seq 1 "$rounds"); do
	for i in "${!jars[@]}"; do
		before=$(cpu "${pids[$i]}")
		start=$(date +%s.%N)
		curl_cpu=$( { /usr/bin/time -f "%U %S" curl -sS -o /dev/null \
			"http://127.0.0.1:${ports[$i]}/v1/weights?shape=4096,4096&seed=5$r" ; } 2>&1 | awk '{print $1 + $2}')
		wall=$(echo "$(date +%s.%N) - $start" | bc)
		server=$(echo "scale=3; ($(cpu "${pids[$i]}") - $before) / $tick" | bc)
		awk -v r="$r" -v j="$(basename "${jars[$i]}")" -v s="$server" -v c="$curl_cpu" -v w="$wall" -v n="$count" \
			'BEGIN { printf "| %d | %s | %.2f | %.2f | %.1f | %.1f | %.2f |\n", r, j, s, c, n / s / 1e6, n / (s + c) / 1e6, w }'
	done
done
