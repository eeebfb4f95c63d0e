#!/usr/bin/env bash
# The real `niamd --check-config` on a good and a bad config: its lines, its exit code, and
# that it touches nothing but the file. Every AWS endpoint and IMDS point at a closed
# loopback port and every credentials file is a FIFO with no writer, so any attempt to
# read credentials or contact AWS hangs (and `timeout` fails the test) or takes long.
#   run.sh NIAMD_BINARY WORK_DIR
set -euo pipefail
niamd=$1 work=$2
rm -rf "$work" && mkdir -p "$work/home/.aws"
mkfifo "$work/home/.awsAuth" "$work/home/.aws/credentials" "$work/home/.aws/config"

cat >"$work/good.conf" <<'CONF'
ROLE=master
DATABASE db.internal 3306 niam s3cretpw niam
WARN_AFTER 90
PURGE_AFTER 3600
HMAC_KEY k3ysecret
CONF
cat >"$work/bad.conf" <<'CONF'
PING 10.0.0.5
INTERVAL 15
BOGUS 1
RETENTION 90
DATABASE db.internal 3306 niam s3cretpw
CONF

fail() { echo "FAIL: $*"; echo "--- output:"; cat "$work/out"; exit 1; }

# check FILE EXPECTED_EXIT ARGS...: runs niamd in a bare, AWS-hostile environment.
check() {
    local file=$1 expected=$2; shift 2
    local start end status=0
    start=$(date +%s%N)
    env -i PATH=/usr/bin:/bin HOME="$work/home" AWS_ENDPOINT_URL=http://127.0.0.1:9 \
        AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:9 AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= \
        timeout 20 "$niamd" --check-config "$file" "$@" -i monitor -s http://127.0.0.1:9 -e http://127.0.0.1:9 \
        -q q -b b --state-dir "$work/state" --log-dir "$work/log" >"$work/out" 2>&1 || status=$?
    end=$(date +%s%N)
    [[ $status == "$expected" ]] || fail "$file $*: exit $status, expected $expected"
    (( (end - start) / 1000000 < 2000 )) || fail "$file $*: took $(( (end - start) / 1000000 )) ms"
    [[ ! -e $work/state && ! -e $work/log ]] || fail "$file $*: created the state or log dir"
    ! grep -q -e s3cretpw -e k3ysecret "$work/out" || fail "$file $*: a secret in the output"
}

check "$work/good.conf" 0
[[ $(cat "$work/out") == "niamd: $work/good.conf: syntax is ok" ]] || fail "good.conf output"
check "$work/good.conf" 0 --role master

check "$work/bad.conf" 1
expected="$work/bad.conf:1: PING needs 'PING target PORT port'
$work/bad.conf:3: unknown statement 'BOGUS'
$work/bad.conf:4: RETENTION is read only by the master; a client ignores it
$work/bad.conf:5: DATABASE is read only by the master; a client ignores it
niamd: $work/bad.conf: 4 problems"
[[ $(cat "$work/out") == "$expected" ]] || fail "bad.conf output"
check "$work/bad.conf" 1 --role master
grep -qx "$work/bad.conf: checked as a master, but without ROLE=master niamd runs this config as a client" \
    "$work/out" || fail "bad.conf --role master output"

check "$work/missing.conf" 1
[[ $(cat "$work/out") == "niamd: $work/missing.conf: cannot read: No such file or directory" ]] ||
    fail "missing.conf output"
check "$work/good.conf" 2 --role primary
grep -q "^niamd: --role needs 'client' or 'master'" "$work/out" || fail "--role primary output"
echo "niamd --check-config: ok"
