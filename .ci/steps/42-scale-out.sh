#!/usr/bin/env bash
# Scale-out: every answer is a pure function of its request, so shards of one tensor may come from different
# replicas. Starts three instances of the packaged jar on different loopback ports, fetches disjoint row
# shards of one large tensor from each (slice=a:b,:), concatenates them, and checks the result equals one full
# download, byte for byte (SHA-256), for two tensors of different distribution, dtype and shard order.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/steps/lib.sh
: "${GLOROT_JAR:?set GLOROT_JAR to the packaged jar}" "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"

WORK=$(mktemp -d /tmp/glorot-scale-out.XXXXXX)
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do stop_glorot "$pid"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
	echo "42-scale-out: FAIL: $*" >&2
	exit 1
}

PORTS=()
for _ in 1 2 3; do
	port=$(free_port)
	start_glorot "$port"
	PIDS+=("$GLOROT_PID")
	PORTS+=("$port")
done
echo "42-scale-out: three instances on 127.0.0.1:${PORTS[0]}, :${PORTS[1]}, :${PORTS[2]}"

# check_shards ROWS COLS BYTES_PER_ELEMENT QUERY FULL_PORT_INDEX SHARD_PORT_INDEX...
check_shards() {
	local rows=$1 cols=$2 size=$3 query=$4 full_from=$5
	shift 5
	local n=$# i=0 from to port
	rm -f "$WORK/assembled"
	for instance in "$@"; do
		from=$(( rows * i / n ))
		to=$(( rows * (i + 1) / n ))
		port=${PORTS[$instance]}
		curl -fsS --max-time 120 -D "$WORK/headers" -o "$WORK/shard" \
			"http://127.0.0.1:$port/v1/weights?shape=$rows,$cols&$query&slice=$from:$to,:&format=raw"
		tr -d '\r' < "$WORK/headers" | grep -qix "tensor-shape: $(( to - from )),$cols" \
			|| fail "shard $from:$to from :$port has the wrong Tensor-Shape"
		[ "$(stat -c %s "$WORK/shard")" -eq $(( (to - from) * cols * size )) ] \
			|| fail "shard $from:$to from :$port has $(stat -c %s "$WORK/shard") bytes"
		cat "$WORK/shard" >> "$WORK/assembled"
		echo "42-scale-out: rows $from:$to from instance $((instance + 1)) (:$port)"
		i=$(( i + 1 ))
	done
	curl -fsS --max-time 120 -o "$WORK/full" \
		"http://127.0.0.1:${PORTS[$full_from]}/v1/weights?shape=$rows,$cols&$query&format=raw"
	[ "$(stat -c %s "$WORK/full")" -eq $(( rows * cols * size )) ] || fail "the full download has the wrong size"
	local assembled full
	assembled=$(sha256sum < "$WORK/assembled" | cut -d' ' -f1)
	full=$(sha256sum < "$WORK/full" | cut -d' ' -f1)
	[ "$assembled" = "$full" ] || fail "$query: assembled shards $assembled differ from the full download $full"
	echo "42-scale-out: $rows x $cols $query: $n shards from 3 instances = full download from instance $((full_from + 1)), sha256 $full"
}

# 4096 x 4096 float32 (64 MiB), uniform: shards from instances 1, 2, 3, the full tensor from instance 1 again
check_shards 4096 4096 4 "seed=20261129&dtype=float32" 0 0 1 2
# 3000 x 2048 bfloat16, truncated normal, a named stream: shards in the other order, full from instance 2
check_shards 3000 2048 2 "seed=7&distribution=truncated_normal&dtype=bfloat16&name=encoder.layer.0.weight" 1 2 0 1
echo "42-scale-out: passed"
