#!/usr/bin/env bash
# Time the first `make run` of a fresh clone: from `git clone` until the demo's published
# results page is served, then stop the server. Prints the wall time and the load average
# before and after (the machine is shared: say what it was doing).
#
#   scripts/time_first_run.sh [SOURCE_REPO] [CLONE_DIR] [PORT]
set -euo pipefail
SRC=${1:-$(git rev-parse --show-toplevel)}
DEST=${2:-/tmp/xihu-first-run}
PORT=${3:-8765}
URL="http://127.0.0.1:$PORT/editions/2017-18/results/"

rm -rf "$DEST"
echo "before: $(uptime)"
start=$(date +%s.%N)
git clone -q "$SRC" "$DEST"
cd "$DEST"
setsid make run PORT="$PORT" > first-run.log 2>&1 &
group=$!
trap 'kill -- -"$group" 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$URL"; do
  if ! kill -0 "$group" 2>/dev/null; then
    echo "make run stopped before serving:"; tail -20 first-run.log; exit 1
  fi
  sleep 1
done
end=$(date +%s.%N)
echo "after:  $(uptime)"
grep -E "^\[|done in|Demo district|Serving" first-run.log || true
printf 'first make run: serving the pilot edition %.0f s after git clone\n' "$(echo "$end - $start" | bc)"
