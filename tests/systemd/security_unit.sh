#!/usr/bin/env bash
# The shipped systemd unit's exposure, as `systemd-analyze security` scores it offline (0 is
# locked down, 10 is fully exposed), must be at most MAX (3.0: "OK" in systemd's words). The
# score is printed; exit 77 (skipped) where systemd-analyze, or its --offline mode (systemd
# 250+), is missing. ExecStart points at the niamd just built.
#   security_unit.sh UNIT_FILE NIAMD_BINARY WORK_DIR [MAX]
set -euo pipefail
unit=$1 niamd=$2 work=$3 max=${4:-3.0}
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "skipped: no systemd-analyze here"
    exit 77
fi
rm -rf "$work" && mkdir -p "$work"
sed "s|/usr/local/sbin/niamd|$niamd|" "$unit" >"$work/niamd.service"
grep -q '^User=niam$' "$work/niamd.service" || { echo "niamd.service: no User=niam"; exit 1; }
if ! out=$(systemd-analyze security --offline=yes --man=no --no-pager "$work/niamd.service" 2>&1); then
    if grep -q -- "--offline" <<<"$out"; then
        echo "skipped: this systemd-analyze has no --offline ($(systemd-analyze --version | head -1))"
        exit 77
    fi
    echo "$out"
    exit 1
fi
score=$(sed -n 's/.*Overall exposure level for niamd.service: \([0-9][0-9.]*\).*/\1/p' <<<"$out")
if [[ -z $score ]]; then
    echo "$out"
    echo "niamd.service: no overall exposure level in systemd-analyze's output"
    exit 1
fi
# What still counts against the unit, for whoever reads the log.
grep '✗' <<<"$out" || true
echo "niamd.service: exposure $score (at most $max)"
if awk -v s="$score" -v m="$max" 'BEGIN { exit !(s > m) }'; then
    echo "niamd.service: exposure $score is over $max"
    exit 1
fi
