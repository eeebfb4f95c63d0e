# Sourced by the scripts here: start_fixture WORKDIR starts web_fixture_server ($FIXTURE)
# in WORKDIR, waits for its port and sets FIXTURE_URL; the server is stopped on exit.
# Extra arguments go to the server.

start_fixture() {
  local work=$1
  shift
  rm -rf "$work"
  mkdir -p "$work/state"
  "$FIXTURE" --state-dir "$work/state" --port-file "$work/port" "$@" 2>"$work/server.log" &
  FIXTURE_PID=$!
  trap 'stop_fixture' EXIT
  for _ in $(seq 1 200); do
    [[ -s "$work/port" ]] && break
    if ! kill -0 "$FIXTURE_PID" 2>/dev/null; then
      echo "web fixture server exited early:" >&2
      cat "$work/server.log" >&2
      return 1
    fi
    sleep 0.1
  done
  [[ -s "$work/port" ]] || { echo "web fixture server did not start" >&2; cat "$work/server.log" >&2; return 1; }
  FIXTURE_URL="http://127.0.0.1:$(cat "$work/port")"
}

stop_fixture() {
  if [[ -n "${FIXTURE_PID:-}" ]]; then
    kill -TERM "$FIXTURE_PID" 2>/dev/null || true
    wait "$FIXTURE_PID" 2>/dev/null || true
    FIXTURE_PID=
  fi
}
