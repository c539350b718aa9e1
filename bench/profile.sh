#!/usr/bin/env bash
# Where the time goes: runs one workload against the packaged jar under Java Flight Recorder and prints the
# hottest methods (top frames of the CPU samples). Bounded: each workload runs for a fixed count or time.
#   bench/profile.sh raw        three 256 MiB raw float32 uniform streams
#   bench/profile.sh normal     three 256 MiB raw float32 normal streams
#   bench/profile.sh small      16x16 raw answers with wrk -t2 -c16 for 15 s
#   bench/profile.sh json       three 4096x4096 JSON answers
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
workload=${1:-raw}
source .ci/steps/lib.sh
GLOROT_JAR=${GLOROT_JAR:-$(ls "$PWD"/target/glorot-*.jar | head -n 1)}
recording=$(mktemp -d)/glorot.jfr
port=$(free_port)
JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$recording,settings=profile" start_glorot "$port"
trap 'stop_glorot "$GLOROT_PID"' EXIT
base="http://127.0.0.1:$port/v1/weights"
warm() { for _ in 1 2; do curl -sS -o /dev/null "$1"; done; }
case "$workload" in
	raw) url="$base?shape=16384,4096&seed=1&format=raw"; warm "$url"; for _ in 1 2 3; do curl -sS -o /dev/null -w '%{speed_download} B/s\n' "$url"; done ;;
	normal) url="$base?shape=16384,4096&seed=1&distribution=normal&format=raw"; warm "$url"; for _ in 1 2 3; do curl -sS -o /dev/null -w '%{speed_download} B/s\n' "$url"; done ;;
	small) wrk -t2 -c16 -d5s "$base?shape=16,16&seed=1&format=raw" > /dev/null; wrk -t2 -c16 -d15s "$base?shape=16,16&seed=1&format=raw" | grep -E 'Requests/sec' ;;
	json) url="$base?shape=4096,4096&seed=1"; warm "$url"; for _ in 1 2 3; do curl -sS -o /dev/null -w '%{speed_download} B/s\n' "$url"; done ;;
	*) echo "unknown workload $workload" >&2; exit 2 ;;
esac
"$JAVA_HOME/bin/jcmd" "$GLOROT_PID" JFR.dump filename="$recording" > /dev/null
"$JAVA_HOME/bin/jfr" print --json --events jdk.ExecutionSample "$recording" | /usr/bin/python3 -c '
import collections, json, sys
events = json.load(sys.stdin)["recording"]["events"]
top = collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"]
    if frames:
        m = frames[0]["method"]
        top[m["type"]["name"] + "." + m["name"]] += 1
total = sum(top.values())
print(f"{total} CPU samples; hottest methods (top frame):")
for name, n in top.most_common(15):
    print(f"  {100 * n / total:5.1f}%  {name}")
'
