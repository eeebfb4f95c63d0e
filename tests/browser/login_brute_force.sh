#!/usr/bin/env bash
# A brute force against a real htpasswd -B (bcrypt cost 10) user of the web fixture:
# 100 wrong passwords from 127.0.0.1, then the right one from 127.0.0.2. Passes when the
# first 10 get 401, the other 90 get 429 (no bcrypt run), the rightful user gets 200 and
# /metrics counts it. Prints the figures. Usage: login_brute_force.sh FIXTURE_BINARY WORKDIR
set -euo pipefail
FIXTURE=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=fixture_server.sh
. "$here/fixture_server.sh"
command -v htpasswd >/dev/null || { echo "htpasswd not found (Debian package apache2-utils)" >&2; exit 1; }

users="$work.users"  # beside the work dir, which start_fixture empties
htpasswd -nbB -C 10 alice 'right pass' | head -1 >"$users"
start_fixture "$work" --basic-auth-file "$users"
url="$FIXTURE_URL/api/hosts"

start=$(date +%s%N)
codes=$(for i in $(seq 100); do
  curl -s -o /dev/null -w '%{http_code}\n' --interface 127.0.0.1 -u "alice:guess $i" "$url"
done | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "100 wrong passwords from 127.0.0.1: ${codes}in ${elapsed_ms} ms"
[[ "$codes" == "10×401 90×429 " ]] || { echo "expected 10×401 90×429" >&2; exit 1; }

right=$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' --interface 127.0.0.2 -u 'alice:right pass' "$url")
again=$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' --interface 127.0.0.2 -u 'alice:right pass' "$url")
echo "the right password from 127.0.0.2: $right; again (remembered): $again"
[[ "$right" == 200* && "$again" == 200* ]] || { echo "the rightful user was refused" >&2; exit 1; }

metrics=$(curl -fsS --interface 127.0.0.2 -u 'alice:right pass' "$FIXTURE_URL/metrics" | grep '^niam_web_login')
echo "$metrics"
grep -qx 'niam_web_login_failures_total 10' <<<"$metrics" || { echo "expected 10 failures counted" >&2; exit 1; }
grep -qx 'niam_web_login_refused_total{reason="rate_limited"} 90' <<<"$metrics" ||
  { echo "expected 90 refusals counted" >&2; exit 1; }
if grep -q 'right pass\|guess' "$work/server.log"; then echo "a password reached the log" >&2; exit 1; fi
