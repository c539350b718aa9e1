#!/usr/bin/env bash
# Container image, run as the chart renders it: builds the top-level Dockerfile against local stand-ins for its two
# bases, a JDK 25 for the jlink stage and a Debian root for the runtime (no container registry is reachable in CI;
# see docs/deploy.md), checks that the runtime jlink made has the Vector API module and that the image is smaller
# than the same application on the full-module JRE it used before (both sizes are printed), then turns the Deployment that the chart
# renders (target/helm-rendered/defaults.yaml, from HelmChartTests) into the docker run it tests: memory and CPU
# limits, user, read-only root with the emptyDir /tmp as a tmpfs, capabilities, no new privileges, every env
# entry, the grace period as the stop timeout (.ci/steps/rendered_to_docker.py). It checks that the container
#   1. answers with the same bytes as the jar run directly, the API on 8080 and the actuator on 8081 only;
#   2. runs as the numeric non-root user 10001, with the version and commit in its OCI labels;
#   3. runs the JVM the chart asks for: the launcher reports the chart's JDK_JAVA_OPTIONS, ParallelGC's pools,
#      the heap at 75 % of the memory limit, the processor count, the Vector API module; and that a chart value
#      replaces them (all-options.yaml: SerialGC, 50 %, Swagger UI off);
#   4. passes the chart's helm test command (the hook pod's script, run in the image), and prints a thread dump
#      on SIGQUIT (docs/deploy.md, troubleshooting);
#   5. serves max-generations float64 streams at once without running out of memory (peak memory and GC pauses
#      are printed);
#   6. on SIGTERM, idle or with an answer in flight, finishes the answer and exits by itself (143) within the
#      grace period, and starts no new answer meanwhile: a request for a long answer on a kept-alive connection
#      gets 503 shutting-down or is closed unanswered, new connections are refused (.ci/steps/drain_probe.py); with
#      glorot.shutdown.refusing-period, /readyz answers 503 and the listener stays open that long first; a stream
#      that outlives the shutdown phase is cut, and resumed with Range from a new container, byte-exact.
# It starts its own dockerd with a data root under a temporary folder and removes everything on exit. The
# debootstrapped Debian root (the slow part, 30 s to several minutes) is kept in /tmp/glorot-ci-cache for the
# next run on the same machine; delete that folder to start from nothing.
# Before running it, the step proves that the bases can be pinned by digest (.ci/steps/pinned_bases.sh): it pushes
# the stand-ins to a real registry on loopback (Debian's docker-registry), resolves their digests with
# scripts/pin-bases.py, and checks that the pinned build carries the digest in its labels, fails on a wrong digest and
# ignores a tag moved to other content.
# If docker cannot run, the step fails: it never skips.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/steps/lib.sh
: "${GLOROT_JAR:?set GLOROT_JAR to the packaged jar}" "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"

RENDERED=target/helm-rendered/defaults.yaml
RENDERED_OPTIONS=target/helm-rendered/all-options.yaml
WORK=$(mktemp -d /tmp/glorot-container.XXXXXX)
export DOCKER_HOST="unix://$WORK/docker.sock"
DOCKERD_PID=""
REGISTRY_PID=""
JAR_PID=""
CURL_PID=""
CONTAINER="glorot-ci-$$"

cleanup() {
	set +e
	[ -n "$CURL_PID" ] && kill "$CURL_PID" 2> /dev/null
	[ -n "$JAR_PID" ] && stop_glorot "$JAR_PID"
	if [ -n "$REGISTRY_PID" ]; then
		kill "$REGISTRY_PID" 2> /dev/null
		wait "$REGISTRY_PID" 2> /dev/null
	fi
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
if ! command -v dockerd > /dev/null || ! command -v debootstrap > /dev/null || ! command -v docker-registry > /dev/null \
	|| ! /usr/bin/python3 -c 'import yaml' 2> /dev/null; then
	log "installing docker.io, debootstrap, docker-registry and python3-yaml"
	apt-get -o DPkg::Lock::Timeout=300 update -qq
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
		docker.io debootstrap docker-registry python3-yaml > "$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; fail "apt-get install"; }
fi
if [ ! -s "$RENDERED" ] || [ ! -s "$RENDERED_OPTIONS" ]; then
	log "no rendered manifests; running HelmChartTests"
	./mvnw -B -q test -Dtest=HelmChartTests -Dsurefire.failIfNoSpecifiedTests=false > "$WORK/helm.log" 2>&1 \
		|| { tail -n 50 "$WORK/helm.log" >&2; fail "HelmChartTests"; }
fi
rendered() {
	/usr/bin/python3 .ci/steps/rendered_to_docker.py "$@"
}
mapfile -t RUN_ARGS < <(rendered "$RENDERED" run-args)
mapfile -t RUN_ARGS_OPTIONS < <(rendered "$RENDERED_OPTIONS" run-args)
[ "${#RUN_ARGS[@]}" -ge 10 ] || fail "could not turn $RENDERED into docker run options"
GRACE_SECONDS=$(rendered "$RENDERED" grace)
MEMORY_BYTES=$(rendered "$RENDERED" memory-bytes)
JVM_OPTIONS=$(rendered "$RENDERED" env JDK_JAVA_OPTIONS)
MAX_GENERATIONS=$(rendered "$RENDERED" env GLOROT_ADMISSION_MAXGENERATIONS)
log "the chart's Deployment as docker run options: ${RUN_ARGS[*]:0:8} ... (${#RUN_ARGS[@]} in all)"

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

# --- local stand-ins for the bases (shared/guides/containers-and-helm.md) ------------------------------
# local/debian-minbase:bookworm stands in for debian:bookworm-slim (the runtime base), local/temurin:25-jdk for
# eclipse-temurin:25-jdk (the build stage's JDK: this machine's JDK 25, links followed so that
# lib/security/cacerts is a file, on the same Debian root, with binutils from Debian's archive).
# local/temurin:25-jre, every module but the development tools as the step linked it before the image made its
# own runtime, is only for the size comparison below: the same application on it is the image as it was.
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
STANDIN_ENV='ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8'
mkdir -p "$WORK/jdk"
cp -rL "$JAVA_HOME" "$WORK/jdk/jdk"
# binutils: jlink --strip-debug runs objcopy on Linux, and eclipse-temurin's JDK images carry it for that
printf 'FROM local/debian-minbase:bookworm\n%s\n%s\nCOPY jdk /opt/java/openjdk\n' "$STANDIN_ENV" \
	'RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils > /dev/null && rm -rf /var/lib/apt/lists/*' \
	> "$WORK/jdk/Dockerfile"
docker build -q --network host -t local/temurin:25-jdk "$WORK/jdk" > /dev/null 2> "$WORK/jdk-build.log" \
	|| { cat "$WORK/jdk-build.log" >&2; fail "docker build of the JDK stand-in"; }
rm -rf "$WORK/jdk"
# every module but the development tools; jdk.incubator.vector stays for the Vector API
MODS=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' \
	| grep -vE '^jdk\.(jlink|jpackage|compiler|javadoc|jshell|jdeps|jartool|hotspot\.agent|jcmd|jconsole|jdi|jdwp\.agent|editpad|internal\.(ed|le|opt|md)|jstatd|jsobject|graal\..*|internal\.vm\.ci)$' \
	| paste -sd,)
mkdir -p "$WORK/base"
"$JAVA_HOME/bin/jlink" --add-modules "$MODS" --strip-debug --no-man-pages --no-header-files \
	--generate-cds-archive --output "$WORK/base/jre" > "$WORK/jlink.log" 2>&1 || { cat "$WORK/jlink.log" >&2; fail "jlink"; }
printf 'FROM local/debian-minbase:bookworm\n%s\nCOPY jre /opt/java/openjdk\n' "$STANDIN_ENV" > "$WORK/base/Dockerfile"
docker build -q -t local/temurin:25-jre "$WORK/base" > /dev/null 2> "$WORK/base-build.log" \
	|| { cat "$WORK/base-build.log" >&2; fail "docker build of the JRE stand-in"; }
rm -rf "$WORK/base"
log "stand-ins local/debian-minbase:bookworm, local/temurin:25-jdk and local/temurin:25-jre built in $(( $(date +%s) - started )) s"

# --- the image --------------------------------------------------------------------------------------
started=$(date +%s)
# the Dockerfile copies target/glorot-*.jar: make sure it is the jar under test
[ "$(realpath "$GLOROT_JAR")" = "$(realpath target/glorot-*.jar)" ] || fail "GLOROT_JAR is not the only target/glorot-*.jar"
VERSION=$(sed -n 's/^appVersion: "\(.*\)"$/\1/p' helm/glorot/Chart.yaml)
REVISION=$(git rev-parse HEAD 2> /dev/null || echo unknown)
docker build -q --build-arg JDK_IMAGE=local/temurin:25-jdk --build-arg BASE_IMAGE=local/debian-minbase:bookworm \
	--build-arg VERSION="$VERSION" --build-arg REVISION="$REVISION" \
	-t glorot:ci . > /dev/null 2> "$WORK/build.log" \
	|| { cat "$WORK/build.log" >&2; fail "docker build"; }
SIZE=$(docker image inspect -f '{{.Size}}' glorot:ci)
log "image glorot:ci built in $(( $(date +%s) - started )) s, $SIZE bytes"
# the runtime jlink made: the Vector API module in, the development tools out, and smaller than the image was
# (the same application layers and user on the full-module JRE stand-in)
MODULES=$(docker run --rm --entrypoint java glorot:ci --list-modules 2> /dev/null | sed 's/@.*//')
grep -qx jdk.incubator.vector <<< "$MODULES" || fail "the image's runtime lacks jdk.incubator.vector: $(paste -sd, <<< "$MODULES")"
for module in jdk.jfr jdk.management.jfr jdk.zipfs; do
	grep -qx "$module" <<< "$MODULES" || fail "the image's runtime lacks $module"
done
for module in jdk.jlink jdk.compiler jdk.jdeps; do
	if grep -qx "$module" <<< "$MODULES"; then fail "the image's runtime carries the development module $module"; fi
done
mkdir -p "$WORK/previous"
printf '%s\n' 'FROM local/temurin:25-jre' \
	'RUN groupadd --system --gid 10001 glorot && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin glorot' \
	'COPY --from=glorot:ci /application /application' > "$WORK/previous/Dockerfile"
docker build -q -t glorot:previous "$WORK/previous" > /dev/null 2> "$WORK/previous-build.log" \
	|| { cat "$WORK/previous-build.log" >&2; fail "docker build of the full-JRE comparison image"; }
PREVIOUS_SIZE=$(docker image inspect -f '{{.Size}}' glorot:previous)
docker rmi glorot:previous > /dev/null
[ "$SIZE" -lt "$PREVIOUS_SIZE" ] || fail "the image ($SIZE bytes) is not smaller than on the full-module JRE ($PREVIOUS_SIZE bytes)"
log "jlink runtime of $(wc -l <<< "$MODULES") modules ($(paste -sd, <<< "$MODULES")); image $((SIZE / 1000000)) MB, on the full-module JRE $((PREVIOUS_SIZE / 1000000)) MB"
[ "$(docker image inspect -f '{{.Config.User}}' glorot:ci)" = "10001:10001" ] || fail "image USER is not 10001:10001"
docker image inspect -f '{{json .Config.ExposedPorts}}' glorot:ci | grep -q '"8080/tcp"' || fail "image does not expose 8080"
docker image inspect -f '{{json .Config.ExposedPorts}}' glorot:ci | grep -q '"8081/tcp"' || fail "image does not expose 8081"
# the flags live in one place, JDK_JAVA_OPTIONS, and the command line has none a value could not override
[ "$(docker image inspect -f '{{json .Config.Entrypoint}}' glorot:ci)" = '["java","-jar","application.jar"]' ] \
	|| fail "the entrypoint carries flags: $(docker image inspect -f '{{json .Config.Entrypoint}}' glorot:ci)"
image_options=$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' glorot:ci | sed -n 's/^JDK_JAVA_OPTIONS=//p')
[ "$JVM_OPTIONS" = "$image_options -XX:ActiveProcessorCount=2" ] \
	|| fail "the chart's JDK_JAVA_OPTIONS ($JVM_OPTIONS) is not the image's ($image_options) plus the processor count"
[ "$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.version"}}' glorot:ci)" = "$VERSION" ] \
	|| fail "the image's org.opencontainers.image.version label is not $VERSION"
[ "$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.revision"}}' glorot:ci)" = "$REVISION" ] \
	|| fail "the image's org.opencontainers.image.revision label is not $REVISION"
layers=$(docker image inspect -f '{{len .RootFS.Layers}}' glorot:ci)
[ "$layers" -ge 6 ] || fail "expected the base layer plus user, workdir and four Boot layers, got $layers layers"

# --- the bases pinned by digest, with a real registry (.ci/steps/pinned_bases.sh) --------------------
. .ci/steps/pinned_bases.sh
pinned_bases

# --- helpers -----------------------------------------------------------------------------------------
# wait_ready PORT NAME: polls /readyz until the container answers
wait_ready() {
	for _ in $(seq 1 120); do
		if curl -fsS "http://127.0.0.1:$1/readyz" > /dev/null 2>&1; then return 0; fi
		[ "$(docker inspect -f '{{.State.Running}}' "$2")" = true ] || break
		sleep 0.5
	done
	docker logs "$2" >&2
	fail "container $2 not ready in 60 s"
}

# metric PORT NAME-REGEX: the sum of the samples of a metric on the management port
metric() {
	curl -fsS "http://127.0.0.1:$1/actuator/prometheus" | awk -v re="$2" '$0 ~ "^" re { s += $NF } END { printf "%.6f", s }'
}

# heap_pools PORT: the heap pools' names, sorted, comma-separated
heap_pools() {
	curl -fsS "http://127.0.0.1:$1/actuator/prometheus" \
		| sed -n 's/^jvm_memory_max_bytes{area="heap",id="\([^"]*\)".*/\1/p' | sort | paste -sd,
}

# max_heap PORT: the heap pools' maximum sizes, summed
max_heap() {
	curl -fsS "http://127.0.0.1:$1/actuator/prometheus" \
		| awk '/^jvm_memory_max_bytes\{.*area="heap"/ { if ($NF > 0) s += $NF } END { printf "%d", s }'
}

# in_log GREP-ARGS...: greps the container's log from a file (a pipe into grep -q would fail under pipefail when
# grep stops reading early)
in_log() {
	docker logs "$CONTAINER" > "$WORK/container.log" 2>&1
	grep "$@" "$WORK/container.log"
}

# expect_status URL CODE
expect_status() {
	local code
	code=$(curl -sS -o /dev/null -w '%{http_code}' "$1")
	[ "$code" = "$2" ] || fail "$1 answered $code, expected $2"
}

# host_run NAME [--env=KEY=VALUE...]: the chart's container on the host network, on free loopback ports (sets
# PORT and MPORT). No userland proxy in the data path: docker's would hold megabytes of an answer and cut its
# tail at stop (seen: a run lost 8 MB); Kubernetes has no such proxy. An --env given replaces the chart's entry.
host_run() {
	local name=$1
	shift
	PORT=$(free_port)
	MPORT=$(free_port)
	local overrides=(--env=SERVER_ADDRESS=127.0.0.1 --env=SERVER_PORT="$PORT" --env=MANAGEMENT_SERVER_ADDRESS=127.0.0.1
		--env=MANAGEMENT_SERVER_PORT="$MPORT" "$@")
	local args=() arg override keep key
	for arg in "${RUN_ARGS[@]}"; do
		keep=yes
		if [[ "$arg" == --env=* ]]; then
			key=${arg#--env=}
			for override in "${overrides[@]}"; do
				[ "${key%%=*}" = "$(override=${override#--env=}; echo "${override%%=*}")" ] && keep=""
			done
		fi
		[ -n "$keep" ] && args+=("$arg")
	done
	docker run -d --name "$name" --network host "${args[@]}" "${overrides[@]}" glorot:ci > /dev/null
	wait_ready "$PORT" "$name"
}

# --- run the jar and the container as the chart renders it ----------------------------------------
JAR_PORT=$(free_port)
start_glorot "$JAR_PORT"
JAR_PID=$GLOROT_PID
PORT=$(free_port)
MPORT=$(free_port)
docker run -d --name "$CONTAINER" -p "127.0.0.1:$PORT:8080" -p "127.0.0.1:$MPORT:8081" "${RUN_ARGS[@]}" glorot:ci > /dev/null
wait_ready "$PORT" "$CONTAINER"
log "container ready: API on 127.0.0.1:$PORT, actuator on 127.0.0.1:$MPORT; jar on 127.0.0.1:$JAR_PORT"

# 1. the same bytes as the jar, for every format and a few parameter sets; the actuator on its own port only
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
expect_status "http://127.0.0.1:$PORT/actuator/prometheus" 404
expect_status "http://127.0.0.1:$PORT/actuator/info" 404
expect_status "http://127.0.0.1:$MPORT/actuator/prometheus" 200
expect_status "http://127.0.0.1:$MPORT/actuator/sbom/application" 200
expect_status "http://127.0.0.1:$PORT/livez" 200
expect_status "http://127.0.0.1:$PORT/swagger-ui/index.html" 200
log "API, probes and Swagger UI on 8080; the actuator (with the SBOM) on 8081 only (404 on 8080)"

# 2. the non-root user, as the kernel sees the service's process
uid=$(docker exec "$CONTAINER" sh -c 'grep ^Uid: /proc/1/status' | awk '{print $2}')
[ "$uid" = 10001 ] || fail "PID 1 runs as uid $uid, expected 10001"
log "PID 1 runs as uid 10001"

# 3. the JVM the chart asks for, as the JVM reports it
in_log -qxF "NOTE: Picked up JDK_JAVA_OPTIONS: $JVM_OPTIONS" \
	|| { docker logs "$CONTAINER" 2>&1 | head -n 5 >&2; fail "the launcher did not report the chart's JDK_JAVA_OPTIONS"; }
in_log -q "Using incubator modules: jdk.incubator.vector" || fail "jdk.incubator.vector is not loaded"
pools=$(heap_pools "$MPORT")
[ "$pools" = "PS Eden Space,PS Old Gen,PS Survivor Space" ] || fail "heap pools $pools are not ParallelGC's"
heap=$(max_heap "$MPORT")
[ "$heap" -ge $((MEMORY_BYTES * 65 / 100)) ] && [ "$heap" -le $((MEMORY_BYTES * 76 / 100)) ] \
	|| fail "max heap $heap is not 65-76 % of the $MEMORY_BYTES byte memory limit"
cpus=$(metric "$MPORT" 'system_cpu_count')
[ "${cpus%.*}" = 2 ] || fail "the JVM sees $cpus processors, expected 2 (-XX:ActiveProcessorCount from the CPU limit)"
log "JVM: the chart's flags ($JVM_OPTIONS); ParallelGC; max heap $((heap / 1048576)) MiB of $((MEMORY_BYTES / 1048576)) MiB; 2 processors; Vector API module"

# 4. the chart's helm test command, in the image, against the container
docker run --rm --network host --user 10001:10001 --read-only --cap-drop ALL --security-opt no-new-privileges \
	--env GLOROT_HOST=127.0.0.1 --env GLOROT_PORT="$PORT" --entrypoint /bin/bash glorot:ci \
	-c "$(rendered "$RENDERED" test-script)" > "$WORK/helm-test.log" 2>&1 \
	|| { cat "$WORK/helm-test.log" >&2; fail "the helm test command failed"; }
log "helm test command: $(cat "$WORK/helm-test.log")"

# 4b. a thread dump in the read-only container, as docs/deploy.md tells operators: SIGQUIT to PID 1
docker exec "$CONTAINER" bash -c 'kill -3 1'
dumped=""
for _ in $(seq 1 20); do
	in_log -q "^Full thread dump" && { dumped=yes; break; }
	sleep 0.25
done
[ -n "$dumped" ] || fail "kill -3 1 printed no thread dump"
expect_status "http://127.0.0.1:$PORT/livez" 200
log "thread dump: kill -3 1 printed it to the container's log, and the service kept serving"

# 6a. SIGTERM when idle: the JVM shuts down gracefully and exits by itself (143), not killed (137)
started=$(date +%s%N)
docker stop -t "$GRACE_SECONDS" "$CONTAINER" > /dev/null
stopped_ms=$(( ($(date +%s%N) - started) / 1000000 ))
code=$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")
log "idle: docker stop took $stopped_ms ms, exit code $code"
[ "$code" = 143 ] || { docker logs "$CONTAINER" >&2; fail "exit code $code, expected 143 (ended by SIGTERM, not killed)"; }
[ "$stopped_ms" -lt $((GRACE_SECONDS * 1000)) ] || fail "stop took $stopped_ms ms, not under the $GRACE_SECONDS s grace period"
in_log -q "Graceful shutdown complete" || fail "no 'Graceful shutdown complete' in the log"
docker rm "$CONTAINER" > /dev/null

# 3b. a value replaces the image's flags: all-options.yaml renders jvm.options=-XX:+UseSerialGC and
# jvm.extraOptions=-XX:MaxRAMPercentage=50, and swaggerUi.enabled=false
docker run -d --name "$CONTAINER" -p "127.0.0.1:$PORT:8080" -p "127.0.0.1:$MPORT:8081" "${RUN_ARGS_OPTIONS[@]}" glorot:ci > /dev/null
wait_ready "$PORT" "$CONTAINER"
pools=$(heap_pools "$MPORT")
[ "$pools" = "Eden Space,Survivor Space,Tenured Gen" ] || fail "heap pools $pools are not SerialGC's"
heap=$(max_heap "$MPORT")
[ "$heap" -ge $((MEMORY_BYTES * 40 / 100)) ] && [ "$heap" -le $((MEMORY_BYTES * 51 / 100)) ] \
	|| fail "max heap $heap is not 40-51 % of the $MEMORY_BYTES byte memory limit"
expect_status "http://127.0.0.1:$PORT/swagger-ui/index.html" 404
expect_status "http://127.0.0.1:$PORT/v3/api-docs" 200
log "jvm.options replaced the image's flags: SerialGC, max heap $((heap / 1048576)) MiB (50 %); swaggerUi.enabled=false: Swagger UI 404"
docker rm -f "$CONTAINER" > /dev/null

# 5. max-generations float64 streams at once, each read at 24 MB/s so that all are in flight together
host_run "$CONTAINER"
STREAM="shape=4096,4096&dtype=float64&format=raw"
STREAM_BYTES=$((4096 * 4096 * 8))
pids=()
for i in $(seq 1 "$MAX_GENERATIONS"); do
	curl -sS --max-time 120 --limit-rate 24M -o /dev/null -w '%{http_code} %{size_download}\n' \
		"http://127.0.0.1:$PORT/v1/weights?$STREAM&seed=$i" > "$WORK/stream-$i" &
	pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
for i in $(seq 1 "$MAX_GENERATIONS"); do
	[ "$(cat "$WORK/stream-$i")" = "200 $STREAM_BYTES" ] || fail "stream $i of $MAX_GENERATIONS ended with $(cat "$WORK/stream-$i")"
done
[ "$(docker inspect -f '{{.State.Running}} {{.State.OOMKilled}}' "$CONTAINER")" = "true false" ] || fail "the container did not survive the streams"
# the cgroup's peak memory: memory.peak (cgroup v2) or memory.max_usage_in_bytes (v1)
peak=$(docker exec "$CONTAINER" sh -c 'cat /sys/fs/cgroup/memory.peak 2> /dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes' 2> /dev/null || echo 0)
[ "$peak" -gt 0 ] && [ "$peak" -lt "$MEMORY_BYTES" ] || fail "memory peak $peak is not under the $MEMORY_BYTES byte limit"
pauses=$(metric "$MPORT" 'jvm_gc_pause_seconds_sum')
collections=$(metric "$MPORT" 'jvm_gc_pause_seconds_count')
log "$MAX_GENERATIONS float64 streams of $((STREAM_BYTES / 1048576)) MiB at once: all complete, no OOM; container memory peak $((peak / 1048576)) MiB of $((MEMORY_BYTES / 1048576)) MiB; ${collections%.*} collections, ${pauses} s of GC pauses"

# 6b. SIGTERM with an answer in flight: it is finished, then the JVM exits 143 within the grace period
INFLIGHT="shape=4096,4096&seed=11&format=raw"
curl -fsS --limit-rate 16M -o "$WORK/inflight.raw" "http://127.0.0.1:$PORT/v1/weights?$INFLIGHT" &
CURL_PID=$!
for _ in $(seq 1 100); do
	[ "$(stat -c %s "$WORK/inflight.raw" 2> /dev/null || echo 0)" -gt 0 ] && break
	sleep 0.1
done
kill -0 "$CURL_PID" 2> /dev/null || fail "the in-flight download ended before the stop began"
started=$(date +%s%N)
# docker stop, while the probe sends new requests on kept-alive and new connections: none may start an answer
/usr/bin/python3 .ci/steps/drain_probe.py "$PORT" 0 bash -c "docker stop -t $GRACE_SECONDS $CONTAINER > /dev/null" \
	| sed 's/^drain: /40-container: drain: /'
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
in_log -q "Graceful shutdown complete" || fail "no 'Graceful shutdown complete' in the log"
log "SIGTERM drained a 64 MiB answer in flight, then the JVM exited 143 after $stopped_ms ms"
docker rm "$CONTAINER" > /dev/null

# 6c. with a refusing period (2 s), /readyz answers 503 and new requests get 503 shutting-down while the listener
# stays open; then a stream that outlives the shutdown phase is cut, and the client resumes it with Range from
# another container. The phase is shortened to 2 s here (the chart's is 30 s) to keep the step short; 64 MiB at
# 4 MB/s needs 16 s.
host_run "$CONTAINER" --env=SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE=2s --env=GLOROT_SHUTDOWN_REFUSINGPERIOD=2s
rm -f "$WORK/resumed.raw"
curl -sS --limit-rate 4M -o "$WORK/resumed.raw" "http://127.0.0.1:$PORT/v1/weights?$INFLIGHT" 2> /dev/null &
CURL_PID=$!
for _ in $(seq 1 100); do
	[ "$(stat -c %s "$WORK/resumed.raw" 2> /dev/null || echo 0)" -gt 0 ] && break
	sleep 0.1
done
/usr/bin/python3 .ci/steps/drain_probe.py "$PORT" 2 bash -c "docker stop -t $GRACE_SECONDS $CONTAINER > /dev/null" \
	| sed 's/^drain: /40-container: drain: /'
curl_rc=0
wait "$CURL_PID" || curl_rc=$?
CURL_PID=""
have=$(stat -c %s "$WORK/resumed.raw")
[ "$curl_rc" != 0 ] && [ "$have" -lt $((4096 * 4096 * 4)) ] || fail "the stream was not cut (curl rc $curl_rc, $have bytes)"
docker rm "$CONTAINER" > /dev/null
host_run "$CONTAINER"
status=$(curl -sS -r "$have-" -o "$WORK/tail.raw" -w '%{http_code}' "http://127.0.0.1:$PORT/v1/weights?$INFLIGHT")
[ "$status" = 206 ] || fail "the resume with Range: bytes=$have- answered $status, expected 206"
cat "$WORK/tail.raw" >> "$WORK/resumed.raw"
[ "$(sha256sum < "$WORK/resumed.raw" | cut -d' ' -f1)" = "$expected" ] || fail "the resumed download differs from the answer"
log "a stream cut by the end of the shutdown phase at $have bytes (curl rc $curl_rc) was resumed from a new container with Range: bytes=$have- (206), byte-exact"
docker rm -f "$CONTAINER" > /dev/null
log "passed"
