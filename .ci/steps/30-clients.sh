#!/usr/bin/env bash
# The Python, JavaScript and Java clients' tests and README examples against the packaged jar, and the
# tensor-parallel example at world sizes 1 to 4.
# Installs Debian's python3-numpy, python3-pytest, python3-torch (the oldest versions the clients declare) and
# python3-mypy when /usr/bin/python3 lacks them; needs Node 20+ and the JDK 25 of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/steps/lib.sh

PY=/usr/bin/python3
missing=()
for module in numpy:python3-numpy pytest:python3-pytest torch:python3-torch mypy:python3-mypy; do
	"$PY" -c "import ${module%%:*}" 2> /dev/null || missing+=("${module#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "clients: installing ${missing[*]}"
	# bounded waits for the dpkg lock and the downloads: never hang CI on a busy or unreachable archive
	timeout 300 apt-get -o DPkg::Lock::Timeout=120 update -qq
	DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -o DPkg::Lock::Timeout=120 install -y -qq \
		--no-install-recommends "${missing[@]}" > /dev/null
fi
ensure_node20

port=$(free_port)
start_glorot "$port"
trap 'stop_glorot "$GLOROT_PID"' EXIT
export GLOROT_URL="http://127.0.0.1:$port"

timed() { # timed LABEL COMMAND...: runs the command and says how long it took
	local label=$1 start=$SECONDS
	shift
	"$@"
	echo "clients: $label passed in $((SECONDS - start)) s"
}

echo "clients: python"
(cd clients/python && timed "mypy --strict" timeout 300 "$PY" -m mypy --cache-dir=/dev/null)
(cd clients/python && GLOROT_TESTS_STRICT=1 timed "pytest" timeout 300 "$PY" -m pytest -q)
(cd clients/python && PYTHONPATH=. timeout 120 "$PY" examples/quickstart.py)
(cd clients/python && PYTHONPATH=. timeout 120 "$PY" examples/mlp_torch.py)
(cd clients/python && PYTHONPATH=. timed "tensor parallel, world sizes 1 to 4" \
	timeout 300 "$PY" examples/tensor_parallel.py --world-sizes 1,2,3,4)

echo "clients: javascript"
(cd clients/js && timeout 300 npm ci --no-audit --no-fund --loglevel=error && timed "tsc (index.d.ts)" timeout 300 npm run -s typecheck)
(cd clients/js && timed "node --test" timeout 300 node --test --test-reporter=dot test/)
(cd clients/js && timeout 120 node examples/quickstart.mjs)

echo "clients: java"
timed "mvn verify (unit and integration tests)" timeout 600 ./mvnw -B -q -f clients/java/pom.xml verify
timeout 120 "$JAVA_HOME/bin/java" -cp clients/java/target/classes clients/java/examples/Quickstart.java
echo "clients: all passed"
