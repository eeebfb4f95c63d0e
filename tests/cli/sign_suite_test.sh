#!/usr/bin/env bash
# ctest "cli.sign.suite": runs `awsrest-cli sign` on every case of the SigV4 suite's v4/
# folder and compares each printed stage byte for byte with the suite's files:
# canonical-request, string-to-sign and signature for header and presigned signing,
# the signed request (header order not significant) and the Authorization header value.
set -uo pipefail
cli=$1 suite=$2/sigv4/v4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() {  # field NAME FILE: a string, number or boolean value from the flat context.json
  sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\} *$/\1/p" "$2" | head -n 1
}

cases=0 checks=0 failures=0
check() {  # check LABEL EXPECTED-FILE ACTUAL-FILE
  checks=$((checks + 1))
  if ! cmp -s "$2" "$3"; then
    failures=$((failures + 1))
    echo "FAIL $1"
    diff <(cat "$2"; echo) <(cat "$3"; echo) | head -n 20
  fi
}

for dir in "$suite"/*/; do
  name=$(basename "$dir")
  ctx=$dir/context.json
  [[ -f $ctx ]] || continue
  cases=$((cases + 1))
  args=(--region "$(field region "$ctx")" --service "$(field service "$ctx")"
        --time "$(field timestamp "$ctx" | tr -d ':-')"
        --access-key "$(field access_key_id "$ctx")" --secret-key "$(field secret_access_key "$ctx")")
  token=$(field token "$ctx")
  [[ -n $token ]] && args+=(--session-token "$token")
  [[ $(field normalize "$ctx") == false ]] && args+=(--no-normalize)
  [[ $(field sign_body "$ctx") == true ]] && args+=(--sign-body)
  [[ $(field omit_session_token "$ctx") == true ]] && args+=(--omit-session-token)
  expires=$(field expiration_in_seconds "$ctx")

  for mode in header query; do
    margs=("${args[@]}")
    [[ $mode == query ]] && margs+=(--presign "$expires")
    for stage in canonical-request string-to-sign signature; do
      "$cli" sign "${margs[@]}" --print "$stage" "$dir/request.txt" >"$work/out" 2>"$work/err" \
        || { echo "FAIL $name/$mode/$stage: exit $?: $(cat "$work/err")"; failures=$((failures + 1)); continue; }
      check "$name/$mode-$stage" "$dir/$mode-$stage.txt" "$work/out"
    done
  done

  "$cli" sign "${args[@]}" --print request "$dir/request.txt" >"$work/out" 2>"$work/err"
  sort "$dir/header-signed-request.txt" >"$work/want.sorted"
  sort "$work/out" >"$work/got.sorted"
  check "$name/header-signed-request (lines, any order)" "$work/want.sorted" "$work/got.sorted"

  "$cli" sign "${args[@]}" --print authorization "$dir/request.txt" >"$work/out" 2>"$work/err"
  grep '^Authorization:' "$dir/header-signed-request.txt" | sed 's/^Authorization://' >"$work/want"
  check "$name/authorization" "$work/want" "$work/out"
done

# The command line itself: bad input gives a usage error (2) or a failure (1), never a crash.
expect_exit() {  # expect_exit CODE LABEL ARGS...
  local want=$1 label=$2; shift 2
  checks=$((checks + 1))
  "$cli" "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [[ $got != "$want" ]] || ! [[ -s $work/err ]]; then
    failures=$((failures + 1)); echo "FAIL $label: exit $got (want $want), stderr: $(cat "$work/err")"
  fi
}
keys=(--access-key AKIDEXAMPLE --secret-key secret-never-printed)
printf 'GET / HTTP/1.1\nHost:example.amazonaws.com\n' >"$work/req"
printf 'not a request\n' >"$work/bad"
expect_exit 2 "missing --service" sign --region us-east-1 "${keys[@]}" "$work/req"
expect_exit 2 "bad --time" sign --region r --service s --time yesterday "${keys[@]}" "$work/req"
expect_exit 2 "bad --print" sign --region r --service s --print everything "${keys[@]}" "$work/req"
expect_exit 2 "bad --presign" sign --region r --service s --presign -5 "${keys[@]}" "$work/req"
expect_exit 2 "lone --access-key" sign --region r --service s --access-key AK "$work/req"
expect_exit 1 "missing file" sign --region r --service s "${keys[@]}" "$work/nope"
expect_exit 1 "malformed request" sign --region r --service s "${keys[@]}" "$work/bad"
checks=$((checks + 1))
if grep -rq secret-never-printed "$work"/err "$work"/out; then
  failures=$((failures + 1)); echo "FAIL the secret key appeared in the output"
fi

echo "cli sign suite: $cases cases, $checks checks, $failures failed"
[[ $cases -ge 38 && $failures -eq 0 ]]
