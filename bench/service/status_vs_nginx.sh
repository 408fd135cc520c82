#!/usr/bin/env bash
# GET /api/operations/{id}/status on one or more optrackd binaries against nginx serving the
# same JSON from a file, measured alternately in one run (wrk -t2 -c50, as in
# /work/shared/design/http-layer.md). Prints req/s per run and the median ratio to nginx.
#
#   bench/service/status_vs_nginx.sh [-r ROUNDS] [-d SECONDS] OPTRACKD [OPTRACKD...]
#
# Run it at nice 10 on a shared machine; compare the ratios, not the absolute figures.
set -euo pipefail
. "$(dirname "$0")/benchlib.sh"
rounds=3
duration=10
while getopts "r:d:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) duration=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-r ROUNDS] [-d SECONDS] OPTRACKD..."; exit 2; }
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing"; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_nginx "$work"
  rm -rf "$work"
}
trap cleanup EXIT

bench_token "$work"
cat > "$work/config.json" <<JSON
{"users": [{"userId": "svc", "roles": ["service", "staff"], "tokenSha256": "$token_sha256"}]}
JSON

# One optrackd per binary, each with one operation, started before any measuring.
urls=()
i=0
for bin in "$@"; do
  mkdir -p "$work/data$i"
  "$bin" --listen 127.0.0.1:0 --data-dir "$work/data$i" --config "$work/config.json" \
    > "$work/out$i" 2> "$work/err$i" &
  pids+=($!)
  for _ in $(seq 100); do grep -q listening "$work/out$i" && break; sleep 0.1; done
  base=$(sed -n 's/^listening on \(.*\)$/\1/p' "$work/out$i")
  id=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"operationType":"bench.status","entityId":"e1","displayName":"Status bench"}' \
    "$base/api/operations" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["operationId"])')
  urls+=("$base/api/operations/$id/status")
  if [ $i -eq 0 ]; then
    curl -s -H "Authorization: Bearer $token" "${urls[0]}" > "$work/status.json"
  fi
  i=$((i + 1))
done

start_nginx "$work" "$work/status.json"

measure() { # url -> req/s
  wrk -t2 -c50 -d"${duration}s" -s "$work/auth.lua" "$1" | awk '/Requests\/sec/ {print $2}'
}
warm() { wrk -t2 -c50 -d2s -s "$work/auth.lua" "$1" >/dev/null; }

printf 'round'; for j in "${!urls[@]}"; do printf '\toptrackd %s' "$((j + 1))"; done; printf '\n'
declare -A ratios
for r in $(seq "$rounds"); do
  line="$r"
  for j in "${!urls[@]}"; do
    warm "$nginx_url"; n=$(measure "$nginx_url")
    warm "${urls[$j]}"; o=$(measure "${urls[$j]}")
    ratio=$("$py" -c "print(f'{$o/$n:.2f}')")
    ratios[$j]="${ratios[$j]:-} $ratio"
    line="$line\t${o} req/s (nginx ${n}) ${ratio}x"
  done
  printf '%b\n' "$line"
done
for j in "${!urls[@]}"; do
  median=$("$py" -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" ${ratios[$j]})
  echo "$(( j + 1 )): $1 median ratio to nginx ${median} (${ratios[$j]# })"
  shift
done
