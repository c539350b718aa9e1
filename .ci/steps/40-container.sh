#!/usr/bin/env bash
# Container image: builds the top-level Dockerfile against a locally made Java 25 base (no container
# registry is reachable in CI; see docs/deploy.md) and checks that the container
#   1. answers on the published port with the same bytes as the jar run directly, while running under the
#      chart's restrictions (read-only root filesystem with a tmpfs /tmp, no capabilities, no new privileges);
#   2. runs as the numeric non-root user 10001;
#   3. sizes its heap from the --memory limit (75 % of it), not from the host's memory;
#   4. on SIGTERM, idle or with an answer in flight, finishes the answer and exits by itself (143) well
#      within the stop grace period.
# It starts its own dockerd with a data root under a temporary folder and removes everything on exit. The
# debootstrapped Debian root (the slow part, 30 s to several minutes) is kept in /tmp/glorot-ci-cache for the
# next run on the same machine; delete that folder to start from nothing.
# If docker cannot run, the step fails: it never skips.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/steps/lib.sh
: "${GLOROT_JAR:?set GLOROT_JAR to the packaged jar}" "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"

MEMORY_MIB=512
GRACE_SECONDS=40
WORK=$(mktemp -d /tmp/glorot-container.XXXXXX)
export DOCKER_HOST="unix://$WORK/docker.sock"
DOCKERD_PID=""
JAR_PID=""
CURL_PID=""
CONTAINER="glorot-ci-$$"

cleanup() {
	set +e
	[ -n "$CURL_PID" ] && kill "$CURL_PID" 2> /dev/null
	[ -n "$JAR_PID" ] && stop_glorot "$JAR_PID"
	if [ -n "$DOCKERD_PID" ]; then
		docker rm -f "$CONTAINER" > /dev/null 2>&1
		kill "$DOCKERD_PID" 2> /dev/null
		for _ in $(seq 1 40); do kill -0 "$DOCKERD_PID" 2> /dev/null || break; sleep 0.25; done
		kill -9 "$DOCKERD_PID" 2> /dev/null
		wait "$DOCKERD_PID" 2> /dev/null
	fi
	# overlay mounts of the data root must go before the folder can
	grep -o " $WORK/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2> /dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
	echo "40-container: FAIL: $*" >&2
	exit 1
}

log() {
	echo "40-container: $*"
}

# --- tools -----------------------------------------------------------------------------------------
if ! command -v dockerd > /dev/null || ! command -v debootstrap > /dev/null; then
	log "installing docker.io and debootstrap"
	apt-get -o DPkg::Lock::Timeout=300 update -qq
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
		docker.io debootstrap > "$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; fail "apt-get install"; }
fi

# --- a private dockerd -----------------------------------------------------------------------------
dockerd --host "$DOCKER_HOST" --data-root "$WORK/data" --exec-root "$WORK/exec" --pidfile "$WORK/dockerd.pid" \
	> "$WORK/dockerd.log" 2>&1 &
DOCKERD_PID=$!
for _ in $(seq 1 60); do
	docker info > /dev/null 2>&1 && break
	kill -0 "$DOCKERD_PID" 2> /dev/null || { cat "$WORK/dockerd.log" >&2; fail "dockerd exited"; }
	sleep 0.5
done
docker info > /dev/null 2>&1 || { tail -n 30 "$WORK/dockerd.log" >&2; fail "dockerd did not answer in 30 s"; }
log "dockerd ready ($(docker info -f '{{.ServerVersion}} {{.Driver}}'))"

# --- a local stand-in for eclipse-temurin:25-jre (shared/guides/containers-and-helm.md) -----------
started=$(date +%s)
CACHE=/tmp/glorot-ci-cache
ROOTFS_TAR="$CACHE/debian-minbase-bookworm.tar"
if [ ! -s "$ROOTFS_TAR" ]; then
	debootstrap --variant=minbase bookworm "$WORK/rootfs" > "$WORK/debootstrap.log" 2>&1 \
		|| { tail -n 30 "$WORK/debootstrap.log" >&2; fail "debootstrap"; }
	rm -rf "$WORK/rootfs/var/lib/apt/lists/"* "$WORK/rootfs/var/cache/apt/"*.bin
	mkdir -p "$CACHE"
	tar -C "$WORK/rootfs" -cf "$ROOTFS_TAR.partial" . && mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
	rm -rf "$WORK/rootfs"
else
	log "reusing $ROOTFS_TAR"
fi
docker import - local/debian-minbase:bookworm < "$ROOTFS_TAR" > /dev/null
# every module but the development tools; jdk.incubator.vector stays for the Vector API
MODS=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' \
	| grep -vE '^jdk\.(jlink|jpackage|compiler|javadoc|jshell|jdeps|jartool|hotspot\.agent|jcmd|jconsole|jdi|jdwp\.agent|editpad|internal\.(ed|le|opt|md)|jstatd|jsobject|graal\..*|internal\.vm\.ci)$' \
	| paste -sd,)
mkdir -p "$WORK/base"
"$JAVA_HOME/bin/jlink" --add-modules "$MODS" --strip-debug --no-man-pages --no-header-files \
	--generate-cds-archive --output "$WORK/base/jre" > "$WORK/jlink.log" 2>&1 || { cat "$WORK/jlink.log" >&2; fail "jlink"; }
printf 'FROM local/debian-minbase:bookworm\nENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8\nCOPY jre /opt/java/openjdk\n' \
	> "$WORK/base/Dockerfile"
docker build -q -t local/temurin:25-jre "$WORK/base" > /dev/null 2> "$WORK/base-build.log" \
	|| { cat "$WORK/base-build.log" >&2; fail "docker build of the base image"; }
rm -rf "$WORK/base"
log "base image local/temurin:25-jre built in $(( $(date +%s) - started )) s"

# --- the image --------------------------------------------------------------------------------------
started=$(date +%s)
# the Dockerfile copies target/glorot-*.jar: make sure it is the jar under test
[ "$(realpath "$GLOROT_JAR")" = "$(realpath target/glorot-*.jar)" ] || fail "GLOROT_JAR is not the only target/glorot-*.jar"
docker build -q --build-arg BASE_IMAGE=local/temurin:25-jre -t glorot:ci . > /dev/null 2> "$WORK/build.log" \
	|| { cat "$WORK/build.log" >&2; fail "docker build"; }
log "image glorot:ci built in $(( $(date +%s) - started )) s, $(docker image inspect -f '{{.Size}}' glorot:ci) bytes"
[ "$(docker image inspect -f '{{.Config.User}}' glorot:ci)" = "10001:10001" ] || fail "image USER is not 10001:10001"
docker image inspect -f '{{json .Config.ExposedPorts}}' glorot:ci | grep -q '"8080/tcp"' || fail "image does not expose 8080"
layers=$(docker image inspect -f '{{len .RootFS.Layers}}' glorot:ci)
[ "$layers" -ge 6 ] || fail "expected the base layer plus user, workdir and four Boot layers, got $layers layers"

# --- run both ----------------------------------------------------------------------------------------
JAR_PORT=$(free_port)
start_glorot "$JAR_PORT"
JAR_PID=$GLOROT_PID
PORT=$(free_port)
# the restrictions of the chart's securityContext: read-only root, writable /tmp only, no capabilities
docker run -d --name "$CONTAINER" -p "127.0.0.1:$PORT:8080" --memory="${MEMORY_MIB}m" \
	--read-only --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges glorot:ci > /dev/null
ready=""
for _ in $(seq 1 120); do
	if curl -fsS "http://127.0.0.1:$PORT/readyz" > /dev/null 2>&1; then ready=yes; break; fi
	[ "$(docker inspect -f '{{.State.Running}}' "$CONTAINER")" = true ] || break
	sleep 0.5
done
[ -n "$ready" ] || { docker logs "$CONTAINER" >&2; fail "container not ready in 60 s"; }
log "container ready on 127.0.0.1:$PORT, jar on 127.0.0.1:$JAR_PORT"

# 1. the same bytes as the jar, for every format and a few parameter sets
for query in \
	"shape=256,512&seed=7&format=raw" \
	"shape=64,3,3,3&seed=42&distribution=normal&dtype=float16&format=npy" \
	"shape=1000,300&seed=3&distribution=truncated_normal&dtype=bfloat16&slice=100:200,:&format=safetensors" \
	"shape=3,4&seed=42&dtype=float64&format=json"; do
	a=$(curl -fsS "http://127.0.0.1:$PORT/v1/weights?$query" | sha256sum | cut -d' ' -f1)
	b=$(curl -fsS "http://127.0.0.1:$JAR_PORT/v1/weights?$query" | sha256sum | cut -d' ' -f1)
	[ "$a" = "$b" ] || fail "container and jar differ for $query ($a vs $b)"
	log "same bytes from container and jar for $query"
done

# 2. the non-root user, as the kernel sees the service's process
uid=$(docker exec "$CONTAINER" sh -c 'grep ^Uid: /proc/1/status' | awk '{print $2}')
[ "$uid" = 10001 ] || fail "PID 1 runs as uid $uid, expected 10001"
[ "$(docker exec "$CONTAINER" id -u)" = 10001 ] || fail "docker exec does not run as 10001"
log "PID 1 runs as uid 10001"

# 3. the heap follows --memory: the running JVM's heap pools, summed, from /actuator/prometheus
heap=$(curl -fsS "http://127.0.0.1:$PORT/actuator/prometheus" \
	| awk '/^jvm_memory_max_bytes\{.*area="heap"/ { if ($NF > 0) s += $NF } END { printf "%d", s }')
limit=$((MEMORY_MIB * 1024 * 1024))
log "max heap $heap bytes for a --memory limit of $limit bytes"
[ "$heap" -ge $((limit * 60 / 100)) ] && [ "$heap" -le $((limit * 76 / 100)) ] \
	|| fail "max heap $heap is not 60-76 % of the $limit byte memory limit"

# 4a. SIGTERM when idle: the JVM shuts down gracefully and exits by itself (143), not killed (137)
started=$(date +%s%N)
docker stop -t "$GRACE_SECONDS" "$CONTAINER" > /dev/null
stopped_ms=$(( ($(date +%s%N) - started) / 1000000 ))
code=$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")
log "idle: docker stop took $stopped_ms ms, exit code $code"
[ "$code" = 143 ] || { docker logs "$CONTAINER" >&2; fail "exit code $code, expected 143 (ended by SIGTERM, not killed)"; }
[ "$stopped_ms" -lt $((GRACE_SECONDS * 1000)) ] || fail "stop took $stopped_ms ms, not under the $GRACE_SECONDS s grace period"
docker logs "$CONTAINER" 2>&1 | grep -q "Graceful shutdown complete" || fail "no 'Graceful shutdown complete' in the log"
docker rm "$CONTAINER" > /dev/null

# 4b. SIGTERM with an answer in flight: it is finished, then the JVM exits within the grace period. This run
# uses the host's network: with -p, docker's userland proxy holds megabytes of the answer in its buffers
# and is killed the moment the container stops, which cuts the tail of an answer the service wrote in
# full (seen here: a first run passed, a second lost 8 MB). Kubernetes has no such proxy in the data path.
PORT=$(free_port)
docker run -d --name "$CONTAINER" --network host --memory="${MEMORY_MIB}m" \
	--read-only --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges \
	glorot:ci --server.address=127.0.0.1 --server.port="$PORT" > /dev/null
ready=""
for _ in $(seq 1 120); do
	if curl -fsS "http://127.0.0.1:$PORT/readyz" > /dev/null 2>&1; then ready=yes; break; fi
	[ "$(docker inspect -f '{{.State.Running}}' "$CONTAINER")" = true ] || break
	sleep 0.5
done
[ -n "$ready" ] || { docker logs "$CONTAINER" >&2; fail "second container not ready in 60 s"; }
# 64 MiB read at 16 MiB/s takes about 4 s, longer than the loopback socket buffers can hide
INFLIGHT="shape=4096,4096&seed=11&format=raw"
curl -fsS --limit-rate 16M -o "$WORK/inflight.raw" "http://127.0.0.1:$PORT/v1/weights?$INFLIGHT" &
CURL_PID=$!
for _ in $(seq 1 100); do
	[ "$(stat -c %s "$WORK/inflight.raw" 2> /dev/null || echo 0)" -gt 0 ] && break
	sleep 0.1
done
kill -0 "$CURL_PID" 2> /dev/null || fail "the in-flight download ended before the stop began"
started=$(date +%s%N)
docker stop -t "$GRACE_SECONDS" "$CONTAINER" > /dev/null
stopped_ms=$(( ($(date +%s%N) - started) / 1000000 ))
code=$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")
curl_rc=0
wait "$CURL_PID" || curl_rc=$?
CURL_PID=""
log "in flight: docker stop took $stopped_ms ms, exit code $code, download curl rc $curl_rc"
[ "$code" = 143 ] || { docker logs "$CONTAINER" >&2; fail "exit code $code, expected 143 (ended by SIGTERM, not killed)"; }
[ "$stopped_ms" -lt $((GRACE_SECONDS * 1000)) ] || fail "stop took $stopped_ms ms, not under the $GRACE_SECONDS s grace period"
[ "$curl_rc" = 0 ] || fail "the in-flight download failed (curl rc $curl_rc) instead of being drained"
expected=$(curl -fsS "http://127.0.0.1:$JAR_PORT/v1/weights?$INFLIGHT" | sha256sum | cut -d' ' -f1)
[ "$(sha256sum < "$WORK/inflight.raw" | cut -d' ' -f1)" = "$expected" ] || fail "the drained download is not the full answer"
docker logs "$CONTAINER" 2>&1 | grep -q "Commencing graceful shutdown" || fail "no 'Commencing graceful shutdown' in the log"
docker logs "$CONTAINER" 2>&1 | grep -q "Graceful shutdown complete" || fail "no 'Graceful shutdown complete' in the log"
log "SIGTERM drained a 64 MiB answer in flight, then the JVM exited 143 after $stopped_ms ms"
log "passed"
