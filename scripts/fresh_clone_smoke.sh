#!/usr/bin/env bash
# Fresh-clone smoke: does `make run` alone serve the portal on a clean checkout?
#
# Clones the current commit into a temporary folder, runs `make run` there (its own new .venv,
# its own ./var with a new PostgreSQL and Redis, a free port), waits until /health/ answers 200
# (database, Redis and a Celery worker up), stops it with SIGINT as Ctrl-C would, and checks
# that no process of it is left. On failure prints the `make run` log and exits 1.
#
#   SMOKE_TIMEOUT   seconds to wait for /health/ (default 900: a cold pip cache is slow)
#   SMOKE_KEEP=1    keep the temporary folder
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
COMMIT="$(git -C "$ROOT" rev-parse HEAD)"
TIMEOUT="${SMOKE_TIMEOUT:-900}"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/csp-smoke.XXXXXX")"
CLONE="$WORK/repo"
LOG="$WORK/make-run.log"
MAKE_PID=""

say() { printf 'smoke: %s\n' "$*"; }

leftovers() { pgrep -f -- "$CLONE" || true; }

fail() {
  say "FAILED: $*"
  echo "----- last 150 lines of the make run log ($LOG) -----"
  tail -n 150 "$LOG" 2>/dev/null || true
  echo "----- end of log -----"
  local pids
  pids="$(leftovers)"
  if [ -n "$pids" ]; then
    say "processes of the clone still running:"
    ps -o pid,user,args -p "$(echo "$pids" | paste -sd, -)" || true
    # Only processes whose command line holds our temporary clone path: ours.
    echo "$pids" | xargs -r kill -KILL 2>/dev/null || true
  fi
  exit 1
}

cleanup() {
  if [ -n "$MAKE_PID" ] && kill -0 "$MAKE_PID" 2>/dev/null; then
    kill -INT -- "-$MAKE_PID" 2>/dev/null || true
    sleep 5
    kill -KILL -- "-$MAKE_PID" 2>/dev/null || true
  fi
  if [ "${SMOKE_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

say "cloning $COMMIT into $CLONE"
git clone --quiet --no-hardlinks "$ROOT" "$CLONE"
git -C "$CLONE" checkout --quiet --detach "$COMMIT"

PORT="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "make run on port $PORT (log: $LOG)"

# Its own session and process group, as a terminal would run it; nothing inherited that would
# point it at another database, Redis or virtualenv.
(
  cd "$CLONE"
  exec env -u DATABASE_URL -u REDIS_URL -u VIRTUAL_ENV -u CSP_VAR_DIR -u DJANGO_SETTINGS_MODULE \
    -u XDG_RUNTIME_DIR -u MAKEFLAGS -u MAKELEVEL \
    setsid make run PORT="$PORT" PYTHON="$PYTHON"
) >"$LOG" 2>&1 &
MAKE_PID=$!

started=$SECONDS
status=""
while :; do
  if ! kill -0 "$MAKE_PID" 2>/dev/null; then
    wait "$MAKE_PID" && rc=0 || rc=$?
    MAKE_PID=""
    fail "make run exited (code $rc) before /health/ answered 200"
  fi
  status="$(curl -s -o "$WORK/health.html" -w '%{http_code}' --max-time 10 \
    "http://127.0.0.1:$PORT/health/" || true)"
  [ "$status" = 200 ] && break
  if [ $((SECONDS - started)) -ge "$TIMEOUT" ]; then
    [ -f "$WORK/health.html" ] && { echo "----- last /health/ page -----"; cat "$WORK/health.html"; }
    fail "/health/ did not answer 200 within ${TIMEOUT}s (last status: ${status:-none})"
  fi
  sleep 2
done
say "/health/ answered 200 after $((SECONDS - started))s"
for part in Database Redis "worker answered"; do
  grep -qi "$part" "$WORK/health.html" || fail "/health/ page does not mention $part"
done

say "stopping make run with SIGINT (Ctrl-C)"
kill -INT -- "-$MAKE_PID"
for _ in $(seq 1 60); do
  kill -0 "$MAKE_PID" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$MAKE_PID" 2>/dev/null; then
  fail "make run still running 30s after SIGINT"
fi
wait "$MAKE_PID" 2>/dev/null || true
MAKE_PID=""

# The last process to leave stops PostgreSQL; give it a moment.
for _ in $(seq 1 20); do
  [ -z "$(leftovers)" ] && break
  sleep 0.5
done
[ -z "$(leftovers)" ] || fail "processes left behind after SIGINT"
say "OK: make run served /health/ and left no process behind"
