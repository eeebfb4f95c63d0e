#!/usr/bin/env bash
# The shipped systemd unit passes `systemd-analyze verify` (syntax, known directives, an
# executable ExecStart), with ExecStart pointed at the niamd just built.
#   verify_unit.sh UNIT_FILE NIAMD_BINARY WORK_DIR
set -euo pipefail
unit=$1 niamd=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
sed "s|/usr/local/sbin/niamd|$niamd|" "$unit" >"$work/niamd.service"
grep -q '^Type=simple$' "$work/niamd.service"
grep -q "^ExecStart=$niamd -f " "$work/niamd.service"
out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$work/niamd.service" 2>&1) || { echo "$out"; exit 1; }
if [[ -n $out ]]; then echo "$out"; exit 1; fi
echo "niamd.service: verified"
