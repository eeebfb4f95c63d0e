#!/usr/bin/env bash
# Fetches /metrics from a running web server and checks it with `promtool check metrics`
# (Debian package prometheus). Usage: promtool_check.sh FIXTURE_BINARY WORKDIR
# With NIAM_WEB_URL set, checks that server instead of starting the fixture.
set -euo pipefail
FIXTURE=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=fixture_server.sh
. "$here/fixture_server.sh"

promtool=${PROMTOOL:-$(command -v promtool || echo /usr/bin/promtool)}
[[ -x "$promtool" ]] || { echo "promtool not found (Debian package prometheus)" >&2; exit 1; }

if [[ -n "${NIAM_WEB_URL:-}" ]]; then
  url=$NIAM_WEB_URL
  mkdir -p "$work"
else
  start_fixture "$work"
  url=$FIXTURE_URL
fi

curl_auth=()
[[ -n "${NIAM_WEB_TOKEN:-}" ]] && curl_auth=(-H "Authorization: Bearer $NIAM_WEB_TOKEN")
curl -fsS "${curl_auth[@]}" "$url/metrics" -o "$work/metrics.txt"
echo "fetched $(wc -l <"$work/metrics.txt") lines from $url/metrics"
grep -q '^niam_hosts{state="MISSING"} ' "$work/metrics.txt" || { echo "no niam_hosts series" >&2; exit 1; }
grep -q '^niam_host_heartbeat_age_seconds{quantile="0.99"} ' "$work/metrics.txt" || { echo "no niam_host_heartbeat_age_seconds series" >&2; exit 1; }
if grep -q 'hostname=' "$work/metrics.txt"; then echo "a series per host in /metrics" >&2; exit 1; fi
if ! "$promtool" check metrics <"$work/metrics.txt"; then
  echo "promtool check metrics failed on $work/metrics.txt" >&2
  exit 1
fi
echo "promtool check metrics: clean"
