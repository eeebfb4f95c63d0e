#!/usr/bin/env bash
# The dashboard at fleet size (fleet.test.mjs): the fixture server with --fleet 100000, the
# page in headless Chromium (Debian's) via playwright-core; figures printed.
# Usage: run_fleet_test.sh FIXTURE_BINARY WORKDIR
set -euo pipefail
FIXTURE=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=fixture_server.sh
. "$here/fixture_server.sh"

[[ -x "${NIAM_CHROMIUM:-/usr/bin/chromium}" ]] || { echo "chromium not found (Debian package chromium)" >&2; exit 1; }
if [[ ! -d "$here/node_modules/playwright-core" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
export NIAM_FLEET_HOSTS=${NIAM_FLEET_HOSTS:-100000}
start_fixture "$work" --fleet "$NIAM_FLEET_HOSTS"
export NIAM_WEB_URL=$FIXTURE_URL
echo "fleet test against $NIAM_WEB_URL ($NIAM_FLEET_HOSTS hosts)"
cd "$here"
node --test --test-concurrency=1 fleet.test.mjs
