#!/usr/bin/env bash
# End-to-end benchmark against nginx and numpy (see bench/run.py). Not part of CI: it takes several minutes.
#   bench/run.sh            full run (about 10 minutes on 2 cores)
#   bench/run.sh --quick    smaller sizes, fewer repeats
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
missing=()
for tool in nginx wrk curl; do command -v "$tool" > /dev/null || missing+=("$tool"); done
/usr/bin/python3 -c 'import numpy' 2> /dev/null || missing+=(python3-numpy)
if [ ${#missing[@]} -gt 0 ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk curl python3-numpy > /dev/null
fi
ls target/glorot-*.jar > /dev/null 2>&1 || ./mvnw -B -q package -DskipTests
exec /usr/bin/python3 bench/run.py "$@"
