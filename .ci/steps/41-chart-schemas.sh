#!/usr/bin/env bash
# Chart schemas: validates every manifest the Helm chart renders against the Kubernetes OpenAPI schemas,
# offline, with the npm package kubernetes-models (helm/validate). The manifests come from
# io.glorot.deploy.HelmChartTests, which renders the chart (helm lint --strict and helm template, through
# helm-java) for several value combinations into target/helm-rendered/*.yaml during ./mvnw verify; if they
# are missing (the step run alone), this step runs that test class first.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() {
	echo "41-chart-schemas: FAIL: $*" >&2
	exit 1
}

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
	apt-get -o DPkg::Lock::Timeout=300 update -qq
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends nodejs npm > /dev/null
fi
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' || fail "needs Node 18 or later, found $(node --version)"

if ! ls target/helm-rendered/*.yaml > /dev/null 2>&1; then
	echo "41-chart-schemas: no rendered manifests; running HelmChartTests"
	./mvnw -B -q test -Dtest=HelmChartTests -Dsurefire.failIfNoSpecifiedTests=false
fi
rendered=(target/helm-rendered/*.yaml)
[ "${#rendered[@]}" -ge 4 ] || fail "expected at least 4 rendered value combinations, found ${#rendered[@]}"

(cd helm/validate && timeout 300 npm ci --no-audit --no-fund --loglevel=error > /dev/null)
timeout 120 node helm/validate/validate.mjs "${rendered[@]}"
echo "41-chart-schemas: passed"
