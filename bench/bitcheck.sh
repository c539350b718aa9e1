#!/usr/bin/env bash
# Long bit-identity checks (not in CI; minutes on 2 cores):
#   bench/bitcheck.sh fdlibm [count] [seed]   log/sin/cos/sinCos and the vector normal kernel against StrictMath:
#                                             the generator's whole domain (2^32 + 2^32 arguments) and `count`
#                                             random arguments (default 10^9) for each function
#   bench/bitcheck.sh floats [count] [seed] [floats]
#                                             the JSON float writer against Float.toString on the edge cases and
#                                             all 2^32 float32 bit patterns (floats = all, the default) or that
#                                             many random ones, and [count] random doubles against Double.toString
# Output: bench/results/bitcheck-<what>-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
what=${1:?usage: bench/bitcheck.sh fdlibm|floats [count] [seed]}
shift
case "$what" in
	fdlibm) main=io.glorot.random.FdlibmBitCheck ;;
	floats) main=io.glorot.format.ShortestDecimalBitCheck ;;
	*) echo "bench/bitcheck.sh: fdlibm or floats, not $what" >&2; exit 2 ;;
esac
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
mkdir -p bench/results
out="bench/results/bitcheck-$what-$(date -u +%Y%m%dT%H%M%SZ).txt"
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512[a-z_]*)$' | sort | tr '\n' ' ')
echo "# $(date -u +%FT%TZ); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $(nproc) cpus;" \
	"flags: ${flags:-no AVX2}; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" | tee "$out"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -Xmx2g \
	-cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" "$main" "$@" 2>&1 \
	| grep --line-buffered -v "^WARNING: Using incubator modules" | tee -a "$out"
