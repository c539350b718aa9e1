#!/usr/bin/env bash
# The Python, JavaScript and Java clients' tests and README examples against the packaged jar.
# Installs python3-numpy (apt) when Debian's python lacks it; needs Node 20+ and the JDK 25 of .ci/run.
# Installs Debian's python3-torch too, so the PyTorch MLP example and the as_torch test run for real.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/steps/lib.sh

PY=/usr/bin/python3
if ! "$PY" -c 'import numpy' 2> /dev/null; then
	echo "clients: installing python3-numpy"
	timeout 300 apt-get update -qq
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq python3-numpy > /dev/null
fi
if ! "$PY" -c 'import torch' 2> /dev/null; then
	echo "clients: installing python3-torch"
	timeout 300 apt-get update -qq
	DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq python3-torch > /dev/null
fi
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2> /dev/null; then
	echo "error: the JavaScript client needs Node 20 or later on PATH" >&2
	exit 1
fi

port=$(free_port)
start_glorot "$port"
trap 'stop_glorot "$GLOROT_PID"' EXIT
export GLOROT_URL="http://127.0.0.1:$port"

echo "clients: python"
(cd clients/python && timeout 300 "$PY" -m unittest discover -s tests -t . -v)
(cd clients/python && PYTHONPATH=. timeout 120 "$PY" examples/quickstart.py)
(cd clients/python && PYTHONPATH=. timeout 120 "$PY" examples/mlp_torch.py)

echo "clients: javascript"
(cd clients/js && timeout 300 node --test test/)
(cd clients/js && timeout 120 node examples/quickstart.mjs)

echo "clients: java"
timeout 600 ./mvnw -B -q -f clients/java/pom.xml verify
timeout 120 "$JAVA_HOME/bin/java" -cp clients/java/target/classes clients/java/examples/Quickstart.java
echo "clients: all passed"
