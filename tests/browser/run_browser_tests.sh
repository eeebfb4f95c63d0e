#!/usr/bin/env bash
# The browser tests (dashboard.test.mjs) against the web fixture server, or against
# NIAM_WEB_URL when it is set (then NIAM_EXPECT_* describe that server's hosts).
# Usage: run_browser_tests.sh FIXTURE_BINARY WORKDIR
# Screenshots go to WORKDIR/screenshots. Installs the pinned playwright-core with
# `npm ci` when missing; the browser is Debian's /usr/bin/chromium, never a download.
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

if [[ -z "${NIAM_WEB_URL:-}" ]]; then
  start_fixture "$work" --missing-after "${NIAM_FIXTURE_MISSING_AFTER:-12}"
  export NIAM_WEB_URL=$FIXTURE_URL
  export NIAM_EXPECT_HOSTS='{"web-1":"OK","db-1":"CHECK_FAILING","old-1":"PURGE_SOON","gone-1":"INSTANCE_GONE","<script>alert(1)</script>":"OK"}'
  export NIAM_EXPECT_MISSING=web-2
  export NIAM_CHART_HOST=web-1
  export NIAM_METRICS_HOST=web-1
  export NIAM_DROPS_HOST=db-1
  export NIAM_INVENTORY_HOST=web-1
  export NIAM_SERVICES_HOST=web-1
  export NIAM_EXPECT_SERVICES='{"api":"OK","directory":"PENDING"}'
  export NIAM_XSS_HOST='<script>alert(1)</script>'
  export NIAM_BIDI_HOST=$'ab\u202edc'
  export NIAM_LOGS_HOST=web-1
else
  mkdir -p "$work"
fi
export NIAM_SCREENSHOT_DIR=${NIAM_SCREENSHOT_DIR:-$work/screenshots}
echo "browser tests against $NIAM_WEB_URL; screenshots in $NIAM_SCREENSHOT_DIR"
cd "$here"
node --test --test-concurrency=1 dashboard.test.mjs
