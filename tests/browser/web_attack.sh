#!/usr/bin/env bash
# The web interface under a connection, slowloris and header-flood attack at once
# (web_attack.mjs): an authenticated /api/hosts answers within 1 s every time and the
# server's RSS stays under 64 MB above its start. Loopback only, about 40 s.
# Usage: web_attack.sh FIXTURE_BINARY WORKDIR
set -euo pipefail
FIXTURE=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=fixture_server.sh
. "$here/fixture_server.sh"

# 500 idle + 50 slowloris + the flood + probes: more descriptors than the usual 1024,
# for this shell, the server and node alike.
ulimit -n 4096

token=attack-test-token-0123456789abcdef
start_fixture "$work" --token "$token"
node "$here/web_attack.mjs" "$(cat "$work/port")" "$token" "$FIXTURE_PID"
