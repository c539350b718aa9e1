#!/usr/bin/env bash
# JMH benchmarks of the kernels (src/test/java/io/glorot/bench). Extra arguments go to JMH, e.g.
#   bench/jmh.sh KernelBenchmark -p distribution=uniform -p dtype=float32
# Results: bench/results/jmh-<date>.txt (and .json).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
	org.openjdk.jmh.Main -rf json -rff "bench/results/jmh-$stamp.json" "${@:-KernelBenchmark}" | tee "bench/results/jmh-$stamp.txt"
