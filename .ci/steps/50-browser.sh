#!/usr/bin/env bash
# Browser test: Debian's Chromium driven by Playwright (playwright-core, no downloaded browser) against the
# packaged jar on loopback. Loads the landing page, fills the form and sees the histogram; runs GET /v1/weights
# from Swagger UI. Screenshots: target/screenshots/{landing,landing-narrow,swagger}.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/steps/lib.sh

if [ ! -x /usr/bin/chromium ]; then
	echo "browser: installing Debian's chromium"
	timeout 600 apt-get -o DPkg::Lock::Timeout=300 update -qq
	DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium > /dev/null
fi
/usr/bin/chromium --version
ensure_node20

(cd e2e && timeout 300 npm ci --no-audit --no-fund --loglevel=error)

port=$(free_port)
start_glorot "$port"
profile_dir=$(mktemp -d)
trap 'stop_glorot "$GLOROT_PID"; rm -rf "$profile_dir"' EXIT

mkdir -p target/screenshots
GLOROT_URL="http://127.0.0.1:$port" SCREENSHOT_DIR="$PWD/target/screenshots" TMPDIR="$profile_dir" \
	timeout 300 node --test --test-reporter=spec e2e/browser.test.mjs
echo "browser: screenshots in target/screenshots/"
