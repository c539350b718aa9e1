#!/usr/bin/env bash
# Reads every format back with numpy (Debian's python3-numpy) against the packaged jar, and runs the README's
# numpy example.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if ! /usr/bin/python3 -c 'import numpy' 2> /dev/null; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy > /dev/null
fi
# the README shows only examples that CI runs
/usr/bin/python3 scripts/check_readme_examples.py
port=$(free_port)
start_glorot "$port"
trap 'stop_glorot "$GLOROT_PID"' EXIT
export GLOROT_URL="http://127.0.0.1:$port"
/usr/bin/python3 scripts/check_formats.py
/usr/bin/python3 examples/load_numpy.py
