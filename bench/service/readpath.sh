#!/usr/bin/env bash
# optrackd's read path side by side with nginx serving one operation's JSON from a file, in
# one run (wrk -t2 -c50, each optrackd figure right after an nginx one; the ratio is the
# median over the rounds of optrackd / the nginx figure just before it). For each optrackd:
#   status   GET /api/operations/{id}/status               (10,000 operations held)
#   delta    GET /api/operations?scope=all&since=<head-20>  (20 operations, 10,000 held)
#   page     GET /api/operations?scope=all&limit=50         (first page of 100,000)
#   read p99 status reads paced at ~5,000/s (not saturating: a latency, not a queue) while
#            PATCHes are written at ~1,000/s
#   patch    durable PATCH throughput (synchronous=FULL, wrk -t2 -c50 over 50 operations),
#            with 10,000 and with 100,000 operations held (the list index's cost per version)
# Operations are seeded with bench_seedstore (one batch into optrack.db), not through the API.
#
#   bench/service/readpath.sh [-r ROUNDS] [-d SECONDS] [-s SEEDSTORE] OPTRACKD [OPTRACKD...]
#
# SEEDSTORE defaults to bench_seedstore beside the first OPTRACKD's build tree. Run it at
# nice 10 on a shared machine; compare the ratios, not the absolute figures.
set -euo pipefail
. "$(dirname "$0")/benchlib.sh"
rounds=3
duration=10
seedstore=
while getopts "r:d:s:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) duration=$OPTARG ;;
    s) seedstore=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-r ROUNDS] [-d SECONDS] [-s SEEDSTORE] OPTRACKD..."; exit 2; }
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing"; exit 2; }
done
if [ -z "$seedstore" ]; then
  seedstore=$(dirname "$(readlink -f "$1")")/../bench/service/bench_seedstore
fi
[ -x "$seedstore" ] || { echo "bench_seedstore not found ($seedstore): build it or pass -s"; exit 2; }

small=10000
large=100000
patchTargets=50
patchRate=1000

work=$(mktemp -d)
pids=()
cleanup() {
  # start() runs in a command substitution (a subshell): its processes are listed in files.
  for pid in "${pids[@]}" $(cat "$work"/*.pid 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  stop_nginx "$work"
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" INT TERM

bench_token "$work"
cat "$work/auth.lua" - > "$work/paced.lua" <<LUA
function delay() return 4 end
LUA
cat > "$work/config.json" <<JSON
{"users": [{"userId": "svc", "roles": ["service", "staff"], "tokenSha256": "$token_sha256"}],
 "sqliteSynchronous": "full"}
JSON
api() { # method base path [body]
  curl -sf -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${4:+-d "$4"} "$2$3"
}
json_field() { "$py" -c "import json,sys; print(json.load(sys.stdin)$1)"; }

"$seedstore" "$work/seed-small" "$small" >/dev/null
"$seedstore" "$work/seed-large" "$large" >/dev/null

start() { # binary seed-dir name -> base url
  cp -r "$work/$2" "$work/$3"
  "$1" --listen 127.0.0.1:0 --data-dir "$work/$3" --config "$work/config.json" \
    > "$work/$3.out" 2> "$work/$3.err" &
  echo $! > "$work/$3.pid"
  for _ in $(seq 600); do grep -q listening "$work/$3.out" && break; sleep 0.1; done
  sed -n 's/^listening on \(.*\)$/\1/p' "$work/$3.out"
}
create() { # base [moving] -> id of a new operation of svc (in progress when moving)
  local id
  id=$(api POST "$1" /api/operations \
    '{"operationType":"bench.readpath","entityId":"e1","displayName":"Read path bench"}' |
    json_field '["operationId"]')
  if [ -n "${2:-}" ]; then
    api PATCH "$1" "/api/operations/$id" '{"status":"in_progress","progressPercentage":1}' >/dev/null
  fi
  echo "$id"
}

patch_setup() { # binary seed-dir name -> base url; writes $work/name.lua, PATCHes of 50 moving operations
  local base ids=()
  base=$(start "$1" "$2" "$3")
  for _ in $(seq $patchTargets); do ids+=("\"$(create "$base" moving)\""); done
  cat > "$work/$3.lua" <<LUA
local ids = {$(IFS=,; echo "${ids[*]}")}
local n = 0
local pause = tonumber(os.getenv("PATCH_DELAY_MS") or "0")
function request()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local body = string.format('{"progressPercentage":%d.%d}', math.floor(n / 10) % 98 + 1, n % 10)
  return wrk.format("PATCH", "/api/operations/" .. id,
    {["Authorization"] = "Bearer $token", ["Content-Type"] = "application/json"}, body)
end
function delay() return pause end
LUA
  echo "$base"
}

declare -a status_url delta_url page_url patch_base patch_lua large_patch_base large_patch_lua
i=0
for bin in "$@"; do
  base=$(start "$bin" seed-small "small$i")
  id=$(create "$base")
  status_url[$i]="$base/api/operations/$id/status"
  # The cursor of a plain list is the head version.
  head=$(api GET "$base" "/api/operations?scope=all&limit=1" | json_field '["cursor"]')
  delta_url[$i]="$base/api/operations?scope=all&since=$((head - 20))"
  count=$(curl -sf -H "Authorization: Bearer $token" "${delta_url[$i]}" | json_field '["operations"].__len__()')
  [ "$count" = 20 ] || { echo "delta of optrackd $((i + 1)) holds $count operations, not 20"; exit 1; }
  [ $i -eq 0 ] && curl -sf -H "Authorization: Bearer $token" "${status_url[0]}" > "$work/status.json"

  base=$(start "$bin" seed-large "large$i")
  page_url[$i]="$base/api/operations?scope=all&limit=50"

  patch_base[$i]=$(patch_setup "$bin" seed-small "patch$i")
  patch_lua[$i]="$work/patch$i.lua"
  large_patch_base[$i]=$(patch_setup "$bin" seed-large "patchlarge$i")
  large_patch_lua[$i]="$work/patchlarge$i.lua"
  i=$((i + 1))
done

start_nginx "$work" "$work/status.json"

measure() { wrk -t2 -c50 -d"${duration}s" -s "$work/auth.lua" "$1" | rate; }
warm() { wrk -t2 -c50 -d2s -s "$work/auth.lua" "$1" >/dev/null; }
ratio() { "$py" -c "print(f'{$1/$2:.3f}')"; }
median() { "$py" -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" "$@"; }

declare -A results
note() { results[$1]="${results[$1]:-} $2"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  for j in "${!status_url[@]}"; do
    for what in status delta page; do
      case $what in
        status) url=${status_url[$j]} ;;
        delta) url=${delta_url[$j]} ;;
        page) url=${page_url[$j]} ;;
      esac
      warm "$nginx_url"; n=$(measure "$nginx_url")
      warm "$url"; o=$(measure "$url")
      note "$j $what" "$(ratio "$o" "$n")"; note "$j $what rate" "$o"; note "nginx" "$n"
      printf 'round %d optrackd %d %-6s %10s req/s  nginx %10s  %sx\n' "$r" $((j + 1)) "$what" "$o" "$n" "$(ratio "$o" "$n")"
    done
    # Status reads while ~1,000 PATCH/s are written: 25 writers, each PATCH 20 ms after the
    # answer to its last (1,000/s while a durable answer takes 5 ms); 25 readers, each read
    # 4 ms after the last answer (~5,000/s). Both are paced so that the p99 is the service's
    # latency, not the length of a queue wrk keeps full.
    PATCH_DELAY_MS=$((25 * 1000 / patchRate - 5)) wrk -t1 -c25 -d"$((duration + 2))s" -s "${patch_lua[$j]}" \
      "${patch_base[$j]}" > "$work/patching" &
    writer=$!
    sleep 1
    wrk -t2 -c25 -d"${duration}s" --latency -s "$work/paced.lua" "${status_url[$j]}" > "$work/reading"
    wait $writer
    p99=$(percentile_ms 99 < "$work/reading"); pr=$(rate < "$work/patching"); rr=$(rate < "$work/reading")
    note "$j read p99" "$p99"; note "$j patch beside" "$pr"
    printf 'round %d optrackd %d reads %s req/s, p99 %s ms, while PATCH %s/s\n' "$r" $((j + 1)) "$rr" "$p99" "$pr"
    # Durable PATCH throughput.
    PATCH_DELAY_MS=0 wrk -t2 -c50 -d"${duration}s" -s "${patch_lua[$j]}" "${patch_base[$j]}" > "$work/patching"
    pr=$(rate < "$work/patching"); note "$j patch" "$pr"
    # The same with 100,000 operations held: what the list index's O(log n) work per
    # published version costs.
    PATCH_DELAY_MS=0 wrk -t2 -c50 -d"${duration}s" -s "${large_patch_lua[$j]}" "${large_patch_base[$j]}" > "$work/patching"
    pl=$(rate < "$work/patching"); note "$j patch large" "$pl"; note "$j patch ratio" "$(ratio "$pl" "$pr")"
    printf 'round %d optrackd %d durable PATCH %s req/s (10,000 held), %s req/s (100,000 held)\n' \
      "$r" $((j + 1)) "$pr" "$pl"
  done
done

echo
echo "medians over $rounds rounds (nginx median $(median ${results[nginx]}) req/s):"
j=0
for bin in "$@"; do
  printf '%d: %s\n' $((j + 1)) "$bin"
  for what in status delta page; do
    printf '   %-6s %10s req/s  %sx nginx  (ratios:%s)\n' "$what" "$(median ${results["$j $what rate"]})" \
      "$(median ${results["$j $what"]})" "${results["$j $what"]}"
  done
  printf '   status read p99 (paced reads) while PATCHing %s/s: %s ms (rounds:%s)\n' \
    "$(median ${results["$j patch beside"]})" "$(median ${results["$j read p99"]})" "${results["$j read p99"]}"
  printf '   durable PATCH %s req/s (rounds:%s)\n' "$(median ${results["$j patch"]})" "${results["$j patch"]}"
  printf '   durable PATCH with 100,000 held %s req/s, %sx the figure with 10,000 (ratios:%s)\n' \
    "$(median ${results["$j patch large"]})" "$(median ${results["$j patch ratio"]})" "${results["$j patch ratio"]}"
  j=$((j + 1))
done
