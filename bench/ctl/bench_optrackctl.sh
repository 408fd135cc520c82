#!/usr/bin/env bash
# optrackctl's figures against a fresh optrackd on 127.0.0.1 (run by hand, not by ctest;
# see docs/performance.md):
#   1. pacing: how many progress reports (audit-trail "updated" entries) `run` makes of a
#      command that prints PROGRESS lines as fast as it can, and paced over a few seconds;
#   2. cancel: from the answer of POST /cancel to the end of `optrackctl run` (the
#      command's whole process group gone), over N runs;
#   3. cost of one report: `optrackctl update` against `curl -X PATCH`, CPU time (hyperfine).
# Usage: bench/ctl/bench_optrackctl.sh [BUILD_DIR] [CANCEL_RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-20}
ctl=$build/ctl/optrackctl
optrackd=$build/server/optrackd
[ -x "$ctl" ] && [ -x "$optrackd" ] || { echo "build optrackctl and optrackd first" >&2; exit 2; }

dir=$(mktemp -d)
trap 'kill "$service" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
token=bench-$RANDOM-$RANDOM
hash=$(printf %s "$token" | sha256sum | cut -d' ' -f1)
printf '{"users": [{"userId": "bench", "roles": ["service"], "tokenSha256": "%s"}]}\n' \
  "$hash" > "$dir/config.json"
"$optrackd" --listen 127.0.0.1:0 --data-dir "$dir/data" --config "$dir/config.json" \
  > "$dir/optrackd.log" 2>&1 &
service=$!
for _ in $(seq 100); do grep -q '^listening on' "$dir/optrackd.log" && break; sleep 0.1; done
export OPTRACK_SERVER=$(sed -n 's/^listening on //p' "$dir/optrackd.log")
export OPTRACK_TOKEN=$token
echo "optrackd at $OPTRACK_SERVER; load average $(cut -d' ' -f1-3 /proc/loadavg)"

now_ms() { date +%s%3N; }
updates_of() {
  curl -sf -H "Authorization: Bearer $token" "$OPTRACK_SERVER/api/operations/$1/events" |
    grep -o '"kind":"updated"' | wc -l
}
report_pacing() { # name, shell command
  local start end id
  start=$(now_ms)
  id=$("$ctl" run --json --type bench.progress --entity "$1" -- sh -c "$2" | tail -1 |
         sed 's/.*"operationId":"\([^"]*\)".*/\1/')
  end=$(now_ms)
  echo "pacing, $1: $(updates_of "$id") progress reports in $((end - start)) ms"
}
report_pacing burst 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); echo "PROGRESS $((i/200))"; done'
report_pacing paced 'i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo "PROGRESS $((i/4))"; sleep 0.005; done'

latencies=()
for i in $(seq "$runs"); do
  "$ctl" run --type bench.cancel --entity "c$i" -- \
    sh -c 'echo "OPID $OPTRACK_OPERATION_ID"; sleep 600 & wait' > "$dir/run.out" 2>/dev/null &
  pid=$!
  until grep -q '^OPID' "$dir/run.out" 2>/dev/null; do sleep 0.02; done
  id=$(sed -n 's/^OPID //p' "$dir/run.out")
  curl -sf -X POST -H "Authorization: Bearer $token" "$OPTRACK_SERVER/api/operations/$id/cancel" \
    > /dev/null
  t0=$(now_ms)
  wait "$pid" || true
  latencies+=($(($(now_ms) - t0)))
done
sorted=($(printf '%s\n' "${latencies[@]}" | sort -n))
echo "cancel to command gone, $runs runs: median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms"

if command -v hyperfine > /dev/null; then
  id=$("$ctl" start --type bench.update --entity hyperfine)
  "$ctl" update "$id" --progress 1
  hyperfine -N --warmup 3 --runs 40 \
    "$ctl update $id --text report" \
    "curl -sf -X PATCH -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d '{\"stepDescription\": \"report\"}' $OPTRACK_SERVER/api/operations/$id"
fi
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
