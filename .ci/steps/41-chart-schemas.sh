#!/usr/bin/env bash
# Chart schemas: validates every manifest the Helm chart renders against the Kubernetes OpenAPI schemas,
# offline, with the npm packages kubernetes-models and @kubernetes-models/* (helm/validate): types, formats and
# required fields. The manifests come from io.glorot.deploy.HelmChartTests and HelmChartMatrixTests, which render
# the chart (helm lint --strict and helm template, through helm-java) for several value combinations and every
# helm/glorot/ci/*-values.yaml and values-*.yaml preset into target/helm-rendered/*.yaml during ./mvnw verify,
# and there already read every object strictly (unknown fields fail) and check the release rules (selectors,
# named ports, requests <= limits, budgets, the restricted profile). If the manifests are missing (the step run
# alone), this step runs those test classes first.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/steps/lib.sh

fail() {
	echo "41-chart-schemas: FAIL: $*" >&2
	exit 1
}

ensure_node20

if ! ls target/helm-rendered/*.yaml > /dev/null 2>&1; then
	echo "41-chart-schemas: no rendered manifests; running HelmChartTests"
	./mvnw -B -q test -Dtest='HelmChartTests,HelmChartMatrixTests' -Dsurefire.failIfNoSpecifiedTests=false
fi
rendered=(target/helm-rendered/*.yaml)
[ "${#rendered[@]}" -ge 8 ] || fail "expected at least 8 rendered value combinations, found ${#rendered[@]}"

# the chart's README is generated from the comments of values.yaml: it must be up to date
/usr/bin/python3 -c "import yaml" 2> /dev/null || { apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends python3-yaml > /dev/null; }
/usr/bin/python3 helm/readme.py --check || fail "helm/glorot/README.md is stale"

(cd helm/validate && timeout 300 npm ci --no-audit --no-fund --loglevel=error > /dev/null)
timeout 120 node helm/validate/validate.mjs "${rendered[@]}"
echo "41-chart-schemas: passed"
