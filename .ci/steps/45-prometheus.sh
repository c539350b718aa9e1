#!/usr/bin/env bash
# Prometheus: proves the chart's alerts and dashboard, and the PromQL of docs/operations.md, against a real
# Prometheus.
#   1. gets prometheus and promtool from Debian's prometheus package (unpacked into a temporary directory rather
#      than installed: installing it starts a Prometheus service listening on every interface);
#   2. promtool check rules on the PrometheusRule's rule group, and promtool test rules with
#      .ci/prometheus/glorot-rules.test.yaml (each alert fires, and does not fire); the group and the dashboard
#      come from io.glorot.deploy.HelmChartTests (target/prometheus/), run here if missing;
#   3. starts the jar (actuator on its own management port) and a Prometheus on loopback that scrapes it every
#      second, runs a bounded load (small and large answers, streamed and not, 4xx, a batch, an aborted stream),
#      and evaluates every dashboard query and every documented expression through Prometheus's HTTP API
#      (.ci/prometheus/check_queries.py): each must parse and return data;
#   4. with two large answers streaming to slow clients, evaluates docs/deploy.md's prometheus-adapter rule as the
#      adapter expands it for the chart's HPA (.ci/prometheus/check_adapter_rule.py): one value per pod, with the
#      pod label, equal to the large lane's peak. The jar is scraped as two pods (glorot-0, glorot-1), so the
#      query is built for more than one pod, as in a real release.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/steps/lib.sh

fail() {
	echo "45-prometheus: FAIL: $*" >&2
	exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/glorot-prometheus.XXXXXX")
GLOROT_PID=""
PROMETHEUS_PID=""
KSM_PID=""
SLOW_PIDS=()
cleanup() {
	for pid in "${SLOW_PIDS[@]}"; do kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; done
	[ -n "$PROMETHEUS_PID" ] && { kill "$PROMETHEUS_PID" 2> /dev/null || true; wait "$PROMETHEUS_PID" 2> /dev/null || true; }
	[ -n "$KSM_PID" ] && { kill "$KSM_PID" 2> /dev/null || true; wait "$KSM_PID" 2> /dev/null || true; }
	[ -n "$GLOROT_PID" ] && stop_glorot "$GLOROT_PID"
	[ -n "${app_port:-}" ] && rm -f "${TMPDIR:-/tmp}/glorot-$app_port.log"
	rm -rf "$work"
}
trap cleanup EXIT

# 1. prometheus and promtool
if command -v prometheus > /dev/null && command -v promtool > /dev/null; then
	PROMETHEUS=$(command -v prometheus)
	PROMTOOL=$(command -v promtool)
	echo "45-prometheus: using the installed $("$PROMETHEUS" --version 2>&1 | head -n 1)"
else
	if ! apt-cache show prometheus > /dev/null 2>&1; then
		timeout 300 apt-get -o DPkg::Lock::Timeout=120 -o Acquire::Retries=3 update -qq
	fi
	(cd "$work" && timeout 300 apt-get -o DPkg::Lock::Timeout=120 -o Acquire::Retries=3 download prometheus 2>&1 \
		| grep -v "^W: Download is performed unsandboxed" || true)
	deb=$(ls "$work"/prometheus_*.deb 2> /dev/null | head -n 1)
	[ -n "$deb" ] || fail "apt-get download prometheus gave no package"
	dpkg-deb -x "$deb" "$work/pkg"
	PROMETHEUS="$work/pkg/usr/bin/prometheus"
	PROMTOOL="$work/pkg/usr/bin/promtool"
	echo "45-prometheus: unpacked Debian's $(basename "$deb") into $work (removed at the end): $("$PROMETHEUS" --version 2>&1 | head -n 1)"
fi

# 2. the rules
if [ ! -s target/prometheus/glorot-rules.yaml ] || [ ! -s target/prometheus/glorot-dashboard.json ]; then
	echo "45-prometheus: no rendered rules; running HelmChartTests"
	./mvnw -B -q test -Dtest=HelmChartTests -Dsurefire.failIfNoSpecifiedTests=false
fi
cp target/prometheus/glorot-rules.yaml .ci/prometheus/glorot-rules.test.yaml "$work/"
(cd "$work" && timeout 60 "$PROMTOOL" check rules glorot-rules.yaml)
(cd "$work" && timeout 120 "$PROMTOOL" test rules glorot-rules.test.yaml)

# 3. a real Prometheus scraping the jar
app_port=$(free_port)
management_port=$(free_port)
prometheus_port=$(free_port)
# a small heap, so that the load makes the JVM collect garbage (the GC panel needs pauses)
JAVA_TOOL_OPTIONS="-Xmx256m" start_glorot "$app_port" --management.server.port="$management_port" \
	--management.server.address=127.0.0.1
# kube-state-metrics' two series that the pods-not-ready alert and its documented expression read, as that
# exporter writes them for the chart's Deployment; a static file served on loopback stands in for it, since no
# cluster runs here (the values say the Deployment wants 2 replicas and has 2 available)
ksm_port=$(free_port)
mkdir -p "$work/ksm"
cat > "$work/ksm/metrics" << 'METRICS'
# HELP kube_deployment_spec_replicas Number of desired pods for a deployment.
# TYPE kube_deployment_spec_replicas gauge
kube_deployment_spec_replicas{namespace="ml",deployment="glorot"} 2
# HELP kube_deployment_status_replicas_available The number of available replicas per deployment.
# TYPE kube_deployment_status_replicas_available gauge
kube_deployment_status_replicas_available{namespace="ml",deployment="glorot"} 2
METRICS
(cd "$work/ksm" && exec /usr/bin/python3 -m http.server "$ksm_port" --bind 127.0.0.1 > "$work/ksm.log" 2>&1) &
KSM_PID=$!
cat > "$work/prometheus.yml" << YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: glorot
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$management_port"]
        # what the Prometheus Operator attaches to a pod's series
        labels:
          namespace: ml
          pod: glorot-0
      # the same jar once more as a second replica, so that the adapter's query names more than one pod
      - targets: ["127.0.0.1:$management_port"]
        labels:
          namespace: ml
          pod: glorot-1
  - job_name: kube-state-metrics
    honor_labels: true
    static_configs:
      - targets: ["127.0.0.1:$ksm_port"]
YAML
timeout 30 "$PROMTOOL" check config "$work/prometheus.yml" > /dev/null
"$PROMETHEUS" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
	--storage.tsdb.retention.time=1h --web.listen-address="127.0.0.1:$prometheus_port" \
	> "$work/prometheus.log" 2>&1 &
PROMETHEUS_PID=$!
for _ in $(seq 1 60); do
	curl -fsS "http://127.0.0.1:$prometheus_port/-/ready" > /dev/null 2>&1 && break
	kill -0 "$PROMETHEUS_PID" 2> /dev/null || { cat "$work/prometheus.log" >&2; fail "prometheus exited"; }
	sleep 0.5
done
curl -fsS "http://127.0.0.1:$prometheus_port/-/ready" > /dev/null || fail "prometheus not ready in 30 s"

# bounded load: 25 rounds, each a few small and large answers, 4xx, a batch and, every fifth, an aborted stream
base="http://127.0.0.1:$app_port"
requests=0
for round in $(seq 1 25); do
	curl -fsS -o /dev/null "$base/v1/weights?shape=32,32&seed=$round&format=json"
	curl -fsS -o /dev/null "$base/v1/weights?shape=64,64&seed=$round&format=npy&dtype=float16"
	curl -fsS -o /dev/null "$base/v1/weights?shape=128,128&seed=$round&format=safetensors&generator=torch"
	curl -fsS -o /dev/null "$base/v1/weights?shape=1024,1024&seed=$round&format=raw"
	curl -fsS -o /dev/null "$base/v1/weights?shape=512,512&seed=$round&format=npy&distribution=normal"
	curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
		-d "{\"seed\": $round, \"tensors\": [{\"name\": \"w\", \"shape\": [16, 16]}, {\"name\": \"v\", \"shape\": [8, 4]}]}" \
		"$base/v1/weights/batch"
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/weights?shape=0,abc&seed=1")" = 400 ] || fail "bad shape did not answer 400"
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/weights?shape=8,8&dtype=int3")" = 400 ] || fail "bad dtype did not answer 400"
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: image/png' "$base/v1/weights?shape=8,8")" = 406 ] || fail "image/png did not answer 406"
	requests=$((requests + 9))
	if [ $((round % 5)) = 0 ]; then
		# reads 1 MiB of a 256 MiB answer, then hangs up
		curl -s -o /dev/null --max-time 2 --limit-rate 512k "$base/v1/weights?shape=8192,8192&seed=$round&format=raw" || true
		requests=$((requests + 1))
	fi
	sleep 0.4
done
echo "45-prometheus: load done: $requests requests"
# let Prometheus scrape what the last requests counted
sleep 3
targets=$(curl -fsS "http://127.0.0.1:$prometheus_port/api/v1/targets")
if ! grep -q '"health":"up"' <<< "$targets"; then
	echo "$targets" >&2
	tail -n 20 "$work/prometheus.log" >&2
	fail "prometheus does not scrape the jar"
fi
/usr/bin/python3 .ci/prometheus/check_queries.py "http://127.0.0.1:$prometheus_port" \
	target/prometheus/glorot-dashboard.json docs/operations.md

# 4. the prometheus-adapter rule, with two large answers in generation (slow clients, 256 KiB/s for at most 15 s)
/usr/bin/python3 -c 'import yaml' 2> /dev/null || {
	timeout 300 apt-get -o DPkg::Lock::Timeout=300 update -qq
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
		--no-install-recommends python3-yaml > /dev/null
}
for seed in 1 2; do
	curl -s -o /dev/null --limit-rate 256k --max-time 15 "$base/v1/weights?shape=8192,8192&seed=$seed&format=raw" &
	SLOW_PIDS+=($!)
done
sleep 3
adapter_rc=0
/usr/bin/python3 .ci/prometheus/check_adapter_rule.py "http://127.0.0.1:$prometheus_port" docs/deploy.md \
	helm/glorot/values.yaml ml 2 || adapter_rc=$?
kill "${SLOW_PIDS[@]}" 2> /dev/null || true
wait "${SLOW_PIDS[@]}" 2> /dev/null || true
[ "$adapter_rc" = 0 ] || fail "the prometheus-adapter rule of docs/deploy.md"
echo "45-prometheus: passed"
