#!/usr/bin/env bash
# Proxies in front: runs the packaged jar behind real proxies configured from the chart's rendered recipes
# (docs/deploy.md, "Proxies in front"), all on loopback.
#   1. gets nginx and Caddy from Debian's archive (unpacked into a temporary directory rather than installed:
#      installing either starts a service on port 80); Debian does not package Envoy, so Caddy stands in for the
#      Gateway's whole-response timeout;
#   2. renders nothing itself: reads helm/glorot/ci/proxies-values.yaml as HelmChartMatrixTests rendered it
#      (target/helm-rendered/matrix-proxies-values.yaml, rendered here if missing) and starts the jar with the
#      rendered Deployment's limits (a 4 MiB batch body);
#   3. nginx as ingress-nginx runs it (.ci/proxies/proxy_configs.py): a plain Ingress (its defaults), the
#      Ingress with the recipe's annotations, the defaults with proxy-buffering "on", and the defaults with 1 s
#      proxy-read-timeout and proxy-send-timeout. A batch body above 1 MiB gets 413 from the defaults and the
#      service's 200 through the recipe; a 256 MiB answer passes the recipe whole and byte-identical; Range with
#      If-Range resumes through it (206, same bytes); a slow client makes the buffering proxy spool the answer
#      to a temporary file while the recipe streams; read and send timeouts of 1 s (ingress-nginx's 60 s scaled
#      down) let a 4 s stream through, as they time gaps only;
#   4. Caddy with a whole-response timeout (Go's write timeout, as GKE's backend timeout and Envoy's route
#      timeout work): 2 s cuts a rate-limited 32 MiB answer, the client resumes it with Range to the end, and the
#      HTTPRoute's timeouts.request lets the same download finish.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/steps/lib.sh

fail() {
	echo "43-proxies: FAIL: $*" >&2
	exit 1
}
log() {
	echo "43-proxies: [${SECONDS} s] $*"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/glorot-proxies.XXXXXX")
GLOROT_PID=""
NGINX_PID=""
CADDY_PID=""
SLOW_PID=""
cleanup() {
	[ -n "$SLOW_PID" ] && { kill "$SLOW_PID" 2> /dev/null || true; wait "$SLOW_PID" 2> /dev/null || true; }
	[ -n "$NGINX_PID" ] && { kill "$NGINX_PID" 2> /dev/null || true; wait "$NGINX_PID" 2> /dev/null || true; }
	[ -n "$CADDY_PID" ] && { kill "$CADDY_PID" 2> /dev/null || true; wait "$CADDY_PID" 2> /dev/null || true; }
	[ -n "$GLOROT_PID" ] && stop_glorot "$GLOROT_PID"
	[ -n "${app_port:-}" ] && rm -f "${TMPDIR:-/tmp}/glorot-$app_port.log"
	rm -rf "$work"
}
trap cleanup EXIT

# wait_proxy NAME PID LOG PORT...: waits (10 s at most per port) until the proxy answers /readyz from the jar
wait_proxy() {
	local name=$1 pid=$2 log_file=$3 port
	shift 3
	for port in "$@"; do
		for _ in $(seq 1 40); do
			curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2> /dev/null && break
			kill -0 "$pid" 2> /dev/null || { cat "$log_file" >&2; fail "$name exited"; }
			sleep 0.25
		done
		curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" || fail "$name on $port does not reach the jar"
	done
}

# 1. the proxies, from Debian's archive
apt_updated=""
debian_binary() { # PACKAGE PATH-IN-PACKAGE: prints the path of the binary, installed or unpacked
	local package=$1 path=$2 deb
	if [ -x "$path" ]; then
		echo "$path"
		return
	fi
	if [ -z "$apt_updated" ] && ! apt-cache show "$package" > /dev/null 2>&1; then
		timeout 300 apt-get -o DPkg::Lock::Timeout=120 -o Acquire::Retries=3 update -qq >&2
		apt_updated=1
	fi
	(cd "$work" && timeout 300 apt-get -o DPkg::Lock::Timeout=120 -o Acquire::Retries=3 download "$package" 2>&1 \
		| grep -v "^W: Download is performed unsandboxed" >&2 || true)
	deb=$(ls "$work/${package}"_*.deb 2> /dev/null | head -n 1)
	[ -n "$deb" ] || fail "apt-get download $package gave no package"
	dpkg-deb -x "$deb" "$work/pkg-$package"
	echo "$work/pkg-$package$path"
}
NGINX=$(debian_binary nginx /usr/sbin/nginx)
CADDY=$(debian_binary caddy /usr/bin/caddy)
/usr/bin/python3 -c 'import yaml' 2> /dev/null || {
	timeout 300 apt-get -o DPkg::Lock::Timeout=300 update -qq
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
		--no-install-recommends python3-yaml > /dev/null
}
log "$("$NGINX" -v 2>&1), caddy $("$CADDY" version | cut -d' ' -f1)"
if apt-cache show envoy > /dev/null 2>&1; then
	log "note: Debian now has an envoy package; the Gateway recipe could run on Envoy itself"
fi

# 2. the chart's rendering
rendered=target/helm-rendered/matrix-proxies-values.yaml
if [ ! -s "$rendered" ]; then
	log "no rendering of helm/glorot/ci/proxies-values.yaml; running HelmChartMatrixTests"
	./mvnw -B -q test -Dtest=HelmChartMatrixTests -Dsurefire.failIfNoSpecifiedTests=false
fi
mapfile -t limits < <(/usr/bin/python3 .ci/proxies/proxy_configs.py env "$rendered")
[ "${#limits[@]}" -gt 0 ] || fail "the rendered Deployment sets no GLOROT_LIMITS_* or GLOROT_CONNECTIONS_*"
printf '%s\n' "${limits[@]}" | grep -qx GLOROT_CONNECTIONS_MAXPERCLIENT=0 || fail "the rendering does not turn the per-client cap off"
app_port=$(free_port)
for entry in "${limits[@]}"; do export "${entry?}"; done
start_glorot "$app_port"
log "jar on 127.0.0.1:$app_port with the rendered ${limits[*]}"
direct="http://127.0.0.1:$app_port"

# 3. nginx as ingress-nginx renders it
plain_port=$(free_port)
recipe_port=$(free_port)
buffered_port=$(free_port)
idle_port=$(free_port)
mkdir -p "$work/nginx"
log "the rendered Ingress's annotations, as nginx directives (.ci/proxies/proxy_configs.py):"
/usr/bin/python3 .ci/proxies/proxy_configs.py nginx "$rendered" helm/glorot/values.yaml "$work/nginx" \
	"127.0.0.1:$app_port" "$plain_port" "$recipe_port" "$buffered_port" "$idle_port"
timeout 30 "$NGINX" -t -q -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" \
	|| { cat "$work/nginx/error.log" >&2; fail "nginx -t"; }
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" > "$work/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
wait_proxy nginx "$NGINX_PID" "$work/nginx/error.log" "$plain_port" "$recipe_port" "$buffered_port" "$idle_port"
plain="http://127.0.0.1:$plain_port"
recipe="http://127.0.0.1:$recipe_port"
buffered="http://127.0.0.1:$buffered_port"

# 3a. a batch body above 1 MiB (5000 tensors with long names, as the rendered maxBatchTensors allows)
batch_body() { # TENSORS: a batch of that many 2 x 2 tensors, each with a 240-character name
	/usr/bin/python3 -c '
import json, sys
n = int(sys.argv[1])
tensors = [{"name": f"layer.{i:05d}." + "w" * 228, "shape": [2, 2]} for i in range(n)]
print(json.dumps({"seed": 7, "tensors": tensors, "format": "safetensors"}))' "$1"
}
batch_body 5000 > "$work/big-batch.json"
batch_body 3000 > "$work/small-batch.json"
big_size=$(stat -c %s "$work/big-batch.json")
small_size=$(stat -c %s "$work/small-batch.json")
[ "$big_size" -gt 1048576 ] && [ "$big_size" -le 4194304 ] || fail "the big batch is $big_size bytes"
[ "$small_size" -le 1048576 ] || fail "the small batch is $small_size bytes"
post() { # URL FILE: prints the status, writes the answer to FILE.out
	curl -s -o "$2.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary "@$2" \
		"$1/v1/weights/batch"
}
status=$(post "$plain" "$work/small-batch.json")
[ "$status" = 200 ] || fail "a $small_size-byte batch through the defaults answered $status, not 200"
status=$(post "$plain" "$work/big-batch.json")
[ "$status" = 413 ] || fail "a $big_size-byte batch through the defaults answered $status, not nginx's 413"
grep -q 'nginx' "$work/big-batch.json.out" || fail "the 413 does not come from nginx"
direct_batch=$(post "$direct" "$work/big-batch.json")
[ "$direct_batch" = 200 ] || fail "the jar answered the big batch $direct_batch"
direct_sha=$(sha256sum < "$work/big-batch.json.out" | cut -d' ' -f1)
status=$(post "$recipe" "$work/big-batch.json")
[ "$status" = 200 ] || fail "a $big_size-byte batch through the recipe answered $status, not 200"
[ "$(sha256sum < "$work/big-batch.json.out" | cut -d' ' -f1)" = "$direct_sha" ] \
	|| fail "the batch through the recipe differs from the direct answer"
log "batch of $big_size bytes: 413 from ingress-nginx's defaults (proxy-body-size 1m), 200 through the recipe with the direct answer's bytes ($small_size bytes: 200 through both)"

# 3b. a 256 MiB raw answer, whole and byte-identical through the recipe
large="/v1/weights?shape=8192,8192&seed=11&format=raw"
large_bytes=268435456
sha_and_size() { # reads standard input; prints its SHA-256 and its length
	/usr/bin/python3 -c '
import hashlib, sys
digest, size = hashlib.sha256(), 0
while chunk := sys.stdin.buffer.read(1 << 20):
    digest.update(chunk)
    size += len(chunk)
print(digest.hexdigest(), size)'
}
read -r direct_large _ < <(curl -fsS "$direct$large" | sha_and_size)
read -r proxied_large proxied_bytes < <(curl -fsS -D "$work/large.headers" "$recipe$large" | sha_and_size)
[ "$proxied_bytes" = "$large_bytes" ] || fail "256 MiB through the recipe gave $proxied_bytes bytes"
[ "$proxied_large" = "$direct_large" ] || fail "256 MiB through the recipe differs from the direct answer"
log "256 MiB raw through the recipe: $proxied_bytes bytes, sha256 $proxied_large, equal to the direct answer"

# 3c. Range and If-Range through the recipe
etag=$(tr -d '\r' < "$work/large.headers" | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
[ -n "$etag" ] || fail "no ETag through the recipe"
offset=200000000
range_status=$(curl -s -o "$work/tail.bin" -D "$work/tail.headers" -w '%{http_code}' -r "$offset-" \
	-H "If-Range: $etag" "$recipe$large")
[ "$range_status" = 206 ] || fail "Range with If-Range through the recipe answered $range_status, not 206"
tr -d '\r' < "$work/tail.headers" | grep -qi "^content-range: bytes $offset-$((large_bytes - 1))/$large_bytes$" \
	|| fail "Content-Range through the recipe: $(grep -i content-range "$work/tail.headers")"
[ "$(sha256sum < "$work/tail.bin" | cut -d' ' -f1)" = "$(curl -fsS -r "$offset-" "$direct$large" | sha256sum | cut -d' ' -f1)" ] \
	|| fail "the range through the recipe differs from the direct range"
stale_status=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -r 0-99 -H 'If-Range: "stale"' \
	"$recipe/v1/weights?shape=64,64&seed=11&format=raw")
[ "$stale_status" = "200 16384" ] || fail "a stale If-Range through the recipe gave '$stale_status', not the whole 200"
log "Range $offset- with If-Range $etag through the recipe: 206, $(stat -c %s "$work/tail.bin") bytes equal to the direct range; a stale If-Range: 200 whole"
rm -f "$work/tail.bin"

# 3d. a slow client: buffering spools the answer to a temporary file, the recipe streams it
# the nginx worker processes: the children of the master this step started
workers=$(awk -v parent="$NGINX_PID" '$4 == parent { print $1 }' /proc/[0-9]*/stat 2> /dev/null || true)
[ -n "$workers" ] || fail "no nginx worker found"
temp_file_bytes() { # LABEL: the largest open (unlinked) temporary file of that server's proxy_temp_path
	local largest=0 pid fd target size
	for pid in $workers; do
		for fd in /proc/"$pid"/fd/*; do
			target=$(readlink "$fd" 2> /dev/null) || continue
			case "$target" in "$work/nginx/temp-$1/"*)
				size=$(stat -L -c %s "$fd" 2> /dev/null || echo 0)
				[ "$size" -gt "$largest" ] && largest=$size ;;
			esac
		done
	done
	echo "$largest"
}
jar_written() { awk '/^wchar:/ { print $2 }' "/proc/$GLOROT_PID/io"; }
slow_client() { # URL LABEL: 4 s of a 256 MiB answer at 2 MB/s; prints "client-bytes temp-file-bytes jar-bytes"
	local before peak=0 now bytes
	before=$(jar_written)
	curl -s -o /dev/null -w '%{size_download}' --limit-rate 2M --max-time 4 "$1$large" > "$work/slow.count" &
	SLOW_PID=$!
	for _ in $(seq 1 15); do
		sleep 0.25
		now=$(temp_file_bytes "$2")
		[ "$now" -gt "$peak" ] && peak=$now
	done
	local written=$(( $(jar_written) - before ))
	wait "$SLOW_PID" || true
	SLOW_PID=""
	bytes=$(cat "$work/slow.count")
	echo "$bytes $peak $written"
}
read -r slow_bytes spooled jar_bytes < <(slow_client "$buffered" buffered)
log "proxy-buffering \"on\", a client at 2 MB/s: it read $((slow_bytes / 1048576)) MiB in 4 s while nginx spooled $((spooled / 1048576)) MiB to a temporary file; the jar wrote $((jar_bytes / 1048576)) MiB in 3.75 s"
[ "$spooled" -ge $((32 * 1048576)) ] || fail "buffering nginx spooled only $spooled bytes for a slow client"
grep -q "an upstream response is buffered to a temporary file $work/nginx/temp-buffered/" "$work/nginx/error.log" \
	|| fail "nginx did not log the spooling to a temporary file"
read -r slow_bytes spooled jar_bytes < <(slow_client "$recipe" recipe)
log "the recipe, a client at 2 MB/s: it read $((slow_bytes / 1048576)) MiB in 4 s; temporary file $spooled bytes; the jar wrote $((jar_bytes / 1048576)) MiB in 3.75 s"
[ "$spooled" = 0 ] || fail "the recipe spooled $spooled bytes to a temporary file"
if grep -q "temporary file $work/nginx/temp-recipe/" "$work/nginx/error.log"; then
	fail "the recipe's nginx logged a temporary file"
fi
# the jar writes only as fast as the client reads, plus what the socket buffers between them may hold: the jar's
# send buffer (glorot.connections.send-buffer, 256 KiB, doubled by the kernel), nginx's receive buffer from the jar,
# its send buffer to the client and the client's receive buffer (at most the kernel's tcp_rmem and tcp_wmem maxima)
read -r _ _ rmem_max < /proc/sys/net/ipv4/tcp_rmem
read -r _ _ wmem_max < /proc/sys/net/ipv4/tcp_wmem
in_buffers=$((2 * rmem_max + wmem_max + 1048576))
[ "$jar_bytes" -le $((slow_bytes + in_buffers)) ] \
	|| fail "through the recipe the jar wrote $jar_bytes bytes while the client read $slow_bytes (socket buffers: at most $in_buffers)"

# 3e. proxy-read-timeout and proxy-send-timeout time the gap between two reads or writes, not the answer: at 1 s
# (the 60 s defaults scaled down) a 32 MiB answer that takes 4 s to a client at 8 MB/s still arrives whole
stream="/v1/weights?shape=4096,2048&seed=13&format=raw"
stream_bytes=33554432
read -r stream_sha _ < <(curl -fsS "$direct$stream" | sha_and_size)
start=$(date +%s%N)
read -r idle_sha idle_bytes < <(curl -sS --limit-rate 8M "http://127.0.0.1:$idle_port$stream" | sha_and_size)
idle_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$idle_bytes" = "$stream_bytes" ] && [ "$idle_sha" = "$stream_sha" ] \
	|| fail "a 1 s proxy-read-timeout cut a flowing stream ($idle_bytes bytes)"
[ "$idle_ms" -gt 2000 ] || fail "the 32 MiB answer took only $idle_ms ms: the 1 s timeouts were not put to the test"
log "proxy-read-timeout and proxy-send-timeout \"1\": a 32 MiB answer to a client at 8 MB/s took $idle_ms ms and arrived whole (they time gaps, not answers)"

# 4. a whole-response timeout (Caddy: Go's write timeout), too short and the HTTPRoute's
short_port=$(free_port)
route_port=$(free_port)
mkdir -p "$work/caddy"
route_timeout=$(/usr/bin/python3 .ci/proxies/proxy_configs.py gateway "$rendered" "$work/caddy" \
	"127.0.0.1:$app_port" "$short_port" 2s "$route_port")
HOME="$work/caddy" XDG_CONFIG_HOME="$work/caddy" XDG_DATA_HOME="$work/caddy" \
	"$CADDY" run --config "$work/caddy/caddy.json" > "$work/caddy/caddy.log" 2>&1 &
CADDY_PID=$!
wait_proxy caddy "$CADDY_PID" "$work/caddy/caddy.log" "$short_port" "$route_port"
short="http://127.0.0.1:$short_port"
start=$(date +%s%N)
rc=0
curl -s -o "$work/stream.bin" -D "$work/stream.headers" --limit-rate 8M "$short$stream" || rc=$?
cut_ms=$(( ($(date +%s%N) - start) / 1000000 ))
got=$(stat -c %s "$work/stream.bin")
[ "$rc" != 0 ] && [ "$got" -lt "$stream_bytes" ] || fail "a 2 s whole-response timeout did not cut the 32 MiB stream (curl $rc, $got bytes)"
log "whole-response timeout 2 s, a client at 8 MB/s: cut after $cut_ms ms at $got of $stream_bytes bytes (curl exit $rc)"
etag=$(tr -d '\r' < "$work/stream.headers" | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
[ -n "$etag" ] || fail "no ETag through caddy"
resumes=0
while [ "$got" -lt "$stream_bytes" ] && [ "$resumes" -lt 10 ]; do
	resumes=$((resumes + 1))
	curl -s -H "If-Range: $etag" -r "$got-" --limit-rate 8M -w '%{http_code}\n' -o "$work/part.bin" "$short$stream" \
		> "$work/part.status" || true
	[ "$(cat "$work/part.status")" = 206 ] || fail "resume $resumes through caddy answered $(cat "$work/part.status")"
	cat "$work/part.bin" >> "$work/stream.bin"
	got=$(stat -c %s "$work/stream.bin")
done
[ "$got" = "$stream_bytes" ] || fail "10 resumes through the 2 s timeout gave $got bytes"
[ "$(sha256sum < "$work/stream.bin" | cut -d' ' -f1)" = "$stream_sha" ] || fail "the resumed stream differs from the direct answer"
log "resumed with Range and If-Range through the same proxy: $resumes more requests (206) to $got bytes, equal to the direct answer"
start=$(date +%s%N)
route_sha=$(curl -fsS --limit-rate 8M "http://127.0.0.1:$route_port$stream" | sha256sum | cut -d' ' -f1) \
	|| fail "the download through the HTTPRoute's timeout ($route_timeout) failed"
[ "$route_sha" = "$stream_sha" ] || fail "the download through the HTTPRoute's timeout differs from the direct answer"
log "the HTTPRoute's timeouts.request ($route_timeout): the same download finished whole in $(( ($(date +%s%N) - start) / 1000000 )) ms"
log "passed"
