#!/usr/bin/env bash
# ctest demo.e2e: scripts/demo end to end, against the real niamd master. Runs the demo
# (no install, no build: the binaries of BUILD_DIR) in WORKDIR/run on free ports with short
# timers and a client named <script>alert(1)</script>, then:
#   - /api/hosts lists web-1, web-2, batch-1 and the hostile host (the master itself sends
#     no heartbeats: it is not a host);
#   - web-1's outbox (no drops, no backlog) is in /api/hosts/web-1 and in /metrics;
#   - dashboard.test.mjs in headless Chromium: the states (web-2 CHECK_FAILING), batch-1
#     turning MISSING on the open page when the demo stops its client, web-1's charts, the
#     alerts page, the hostile hostname shown as text; screenshots in WORKDIR/screenshots;
#   - /metrics passes `promtool check metrics`;
#   - the master stores web-1's followed access log and web-2's container lines, 30 ssh.failed
#     events and 3 docker.restart events, and alert.log holds exactly one SSH_ALERT, one
#     LOG_ALERT and two CONTAINER_ALERT lines (restarts, die-nonzero);
#   - alert.log holds exactly one MISSING line for batch-1;
#   - SIGTERM stops the demo with status 0 and leaves no process behind.
# Usage: demo_e2e.sh SOURCE_DIR BUILD_DIR WORKDIR
set -euo pipefail
src=$1
build=$2
work=$3
run=$work/run
hostile='<script>alert(1)</script>'

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd -P)
run=$work/run
started=$SECONDS
elapsed() { echo "$((SECONDS - started)) s"; }
fail() {
  echo "demo.e2e: $*" >&2
  echo "--- last lines of the demo's output ($work/demo.log):" >&2
  tail -n 30 "$work/demo.log" >&2 || true
  exit 1
}

# Short timers: 2 s cycles, MISSING after 10 s of silence, batch-1 stopped 45 s after the
# clients start (the browser test is watching by then), nothing purged during the test.
export DEMO_INTERVAL=2 DEMO_WARN_AFTER=10 DEMO_PURGE_AFTER=600 DEMO_BATCH_STOP=45
"$src/scripts/demo" --no-build --build-dir "$build" --run-dir "$run" --port 0 --hostile-host --for 600 \
  >"$work/demo.log" 2>&1 &
demo=$!
stop_demo() {
  if [[ -n ${demo:-} ]]; then
    kill -TERM "$demo" 2>/dev/null || true
    wait "$demo" 2>/dev/null || true
    demo=
  fi
}
trap stop_demo EXIT

for _ in $(seq 600); do
  [[ -s $run/url ]] && break
  kill -0 "$demo" 2>/dev/null || fail "the demo exited before its dashboard was up"
  sleep 0.1
done
[[ -s $run/url ]] || fail "no dashboard after 60 s"
url=$(<"$run/url")
echo "dashboard at $url after $(elapsed)"

# The four clients on the dashboard's API.
hosts_listed() {
  local body
  body=$(curl -fsS "$url/api/hosts") || return 1
  echo "$body" >"$work/hosts.json"
  for host in web-1 web-2 batch-1 '\u003cscript\u003ealert(1)\u003c/script\u003e'; do
    grep -qF "\"hostname\":\"$host\"" <<<"$body" || return 1
  done
}
for _ in $(seq 60); do hosts_listed && break; sleep 0.5; done
hosts_listed || fail "the master does not list web-1, web-2, batch-1 and the hostile host: $(cat "$work/hosts.json" 2>/dev/null)"
grep -qF '"hostname":"monitor"' "$work/hosts.json" && fail "the master is listed as a host"
echo "four hosts listed after $(elapsed)"

# web-1's metrics (METRICS 10): system metrics, the demo plugin's and the SCRIPT's perfdata.
metrics_listed() {
  local body
  body=$(curl -fsS "$url/api/metrics?host=web-1") || return 1
  echo "$body" >"$work/metrics.json"
  for name in load.1 mem.used_pct fs.used_pct demo.requests_per_s check_disk_free.free; do
    grep -qF "\"name\":\"$name\"" <<<"$body" || return 1
  done
}
for _ in $(seq 60); do metrics_listed && break; sleep 0.5; done
metrics_listed || fail "web-1's /api/metrics lacks system, plugin or perfdata metrics: $(head -c 600 "$work/metrics.json" 2>/dev/null)"
echo "web-1's metrics listed after $(elapsed)"

# web-1's client reports its outbox with every heartbeat; the master shows it (no drops, no
# backlog: SQS takes every message).
outbox_shown() {
  local body
  body=$(curl -fsS "$url/api/hosts/web-1") || return 1
  echo "$body" >"$work/host-web-1.json"
  grep -qF '"outbox":{"dropped":{"metric":0,"check":0,"ping":0,"log":0},"records":0,"bytes":0}' <<<"$body" || return 1
  body=$(curl -fsS "$url/metrics") || return 1
  grep -qx 'niam_client_dropped_records_total{kind="metric"} 0' <<<"$body"
}
for _ in $(seq 60); do outbox_shown && break; sleep 0.5; done
outbox_shown || fail "web-1's outbox is not in /api/hosts/web-1 or /metrics: $(head -c 600 "$work/host-web-1.json" 2>/dev/null)"
echo "web-1's outbox shown after $(elapsed)"

# web-1's inventory (sent at start): this machine's kernel and its dpkg packages.
inventory_shown() {
  local body
  body=$(curl -fsS "$url/api/inventory?host=web-1") || return 1
  echo "$body" >"$work/inventory.json"
  grep -qF "\"kernel\":\"Linux $(uname -r)" <<<"$body" || return 1
  grep -qF '"packages":[{"name":"' <<<"$body" && grep -qF '{"name":"bash","version":"' <<<"$body"
}
for _ in $(seq 60); do inventory_shown && break; sleep 0.5; done
inventory_shown || fail "web-1's inventory is not on /api/inventory: $(head -c 600 "$work/inventory.json" 2>/dev/null)"
echo "web-1's inventory shown after $(elapsed)"

echo "== browser tests against the real master"
NIAM_WEB_URL=$url \
  NIAM_EXPECT_HOSTS="{\"web-1\":\"OK\",\"web-2\":\"CHECK_FAILING\",\"batch-1\":\"MISSING\",\"$hostile\":\"MISSING\"}" \
  NIAM_EXPECT_MISSING=batch-1 NIAM_MISSING_TIMEOUT_MS=90000 \
  NIAM_CHART_HOST=web-1 NIAM_CHART_WEEK_HEARTBEATS=10 NIAM_XSS_HOST=$hostile \
  NIAM_SERVICES_HOST=web-1 NIAM_EXPECT_SERVICES='{"demo-site":"OK","demo-site-port":"OK"}' \
  NIAM_SCREENSHOT_DIR=$work/screenshots \
  "$src/tests/browser/run_browser_tests.sh" - "$work/browser" || fail "browser tests failed"
echo "browser tests passed after $(elapsed); screenshots in $work/screenshots"

echo "== log lines, events and the alerts on them"
# web-1 follows the site's access log (LOG) and its auth.log (SSH_LOGINS: a brute force of 30
# failed passwords from 203.0.113.7 20 s in); web-2 follows the fake Docker engine (worker
# restarted 3 times 30 s in, dies with exit code 1 at 60 s): scripts/demo-files/activity.mjs.
logs_stored() {
  curl -fsS "$url/api/logs?host=web-1&source=site&q=broken" >"$work/logs-site.json" || return 1
  grep -qF 'GET /broken 500' "$work/logs-site.json" || return 1
  curl -fsS "$url/api/logs?host=web-2&source=docker:shop-api&q=cart" >"$work/logs-docker.json" || return 1
  grep -qF 'GET /cart/' "$work/logs-docker.json"
}
count_of() { grep -o "$1" "$2" | wc -l; }
events_stored() {
  curl -fsS "$url/api/events?host=web-1&kind=ssh.failed" >"$work/events-ssh.json" || return 1
  [[ $(count_of '"kind":"ssh.failed"' "$work/events-ssh.json") == 30 ]] || return 1
  curl -fsS "$url/api/events?host=web-2&kind=docker.restart" >"$work/events-docker.json" || return 1
  [[ $(count_of '"kind":"docker.restart"' "$work/events-docker.json") == 3 ]]
}
alerts_of() { grep -c "^[^ ]* $1 $2 " "$run/monitor/alert.log" || true; }
rule_alerts_raised() {
  [[ $(alerts_of SSH_ALERT web-1) -ge 1 && $(alerts_of LOG_ALERT web-1) -ge 1 && $(alerts_of CONTAINER_ALERT web-2) -ge 2 ]]
}
for _ in $(seq 120); do logs_stored && break; sleep 0.5; done
logs_stored || fail "the master has not stored the site's and shop-api's lines: $(head -c 400 "$work/logs-site.json" 2>/dev/null) $(head -c 400 "$work/logs-docker.json" 2>/dev/null)"
for _ in $(seq 120); do events_stored && break; sleep 0.5; done
events_stored || fail "expected 30 ssh.failed events of web-1 and 3 docker.restart of web-2: $(head -c 400 "$work/events-ssh.json" 2>/dev/null) $(head -c 400 "$work/events-docker.json" 2>/dev/null)"
for _ in $(seq 120); do rule_alerts_raised && break; sleep 0.5; done
sleep 3  # a repeated alert would show by now
[[ $(alerts_of SSH_ALERT web-1) == 1 ]] || fail "alert.log has $(alerts_of SSH_ALERT web-1) SSH_ALERT lines for web-1, expected 1"
[[ $(alerts_of LOG_ALERT web-1) == 1 ]] || fail "alert.log has $(alerts_of LOG_ALERT web-1) LOG_ALERT lines for web-1, expected 1"
[[ $(alerts_of CONTAINER_ALERT web-2) == 2 ]] || fail "alert.log has $(alerts_of CONTAINER_ALERT web-2) CONTAINER_ALERT lines for web-2, expected 2 (restarts, die-nonzero)"
echo "lines, events and one alert per rule after $(elapsed)"

echo "== /metrics through promtool"
NIAM_WEB_URL=$url "$src/tests/browser/promtool_check.sh" - "$work/promtool" || fail "promtool check failed"

echo "== alert.log"
cat "$run/monitor/alert.log"
missing=$(grep -c '^[^ ]* MISSING batch-1 ' "$run/monitor/alert.log" || true)
[[ $missing == 1 ]] || fail "alert.log has $missing MISSING lines for batch-1, expected 1"
grep -q '^[^ ]* CHECK_FAILED web-2 ' "$run/monitor/alert.log" || fail "alert.log has no CHECK_FAILED for web-2"

echo "== SIGTERM stops the demo and everything it started"
kill -TERM "$demo"
status=0
wait "$demo" || status=$?
demo=
[[ $status == 0 ]] || fail "the demo exited with status $status after SIGTERM"
left=()
for proc in /proc/[0-9]*; do
  args=()
  mapfile -d '' args 2>/dev/null <"$proc/cmdline" || continue
  for arg in "${args[@]+"${args[@]}"}"; do [[ $arg == *"$run"* ]] && left+=("${proc#/proc/}") && break; done
done
((${#left[@]} == 0)) || fail "processes left running: $(ps -o pid=,args= -p "${left[*]}" 2>/dev/null)"
tail -n 3 "$work/demo.log"
echo "demo.e2e passed in $(elapsed)"
