#!/usr/bin/env bash
# The kernels' and JSON writers' side-by-side pairs timed in thread CPU time (io.glorot.bench.CpuTimeKernels), for
# a machine too shared for wall-clock JMH figures. Usage: bench/cputime.sh [warm-up ms of CPU per case, 3000].
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|avx512[a-z_]*)$' | sort | tr '\n' ' ')
echo "# $(date -u +%FT%TZ); $(nproc) cpus; flags: ${flags:-no AVX2}; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
	io.glorot.bench.CpuTimeKernels "$@" 2>&1 | grep -v '^WARNING: Using incubator modules'
