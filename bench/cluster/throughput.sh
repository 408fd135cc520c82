#!/usr/bin/env bash
# Aggregate reads through nginx (the shipped site, packaging/nginx/optrack.conf) in front of
# 1, 2 and 3 optrackd instances on one PostgreSQL database, in one run: wrk -t2 -c50 on
#   status  GET /api/operations/{id}/status
#   delta   GET /api/operations?scope=all&since=<head-20>   (20 operations)
# with OPERATIONS seeded (bench_seedstore --database) and the instances started before any
# measuring. Each round measures 1, 2 and 3 instances one after the other; the figures are
# the medians over the rounds and each one's ratio to the single instance.
# PostgreSQL is a throwaway cluster of scripts/pgtest.sh.
#
#   bench/cluster/throughput.sh [-r ROUNDS] [-d SECONDS] [-n OPERATIONS] [-s SEEDSTORE] OPTRACKD
#
# SEEDSTORE defaults to bench_seedstore beside OPTRACKD's build tree. Run it at nice 10 on a
# shared machine; compare the ratios, not the absolute figures. On a machine of 2 cores the
# instances, nginx and wrk share the same cores: more instances add no CPU there.
set -euo pipefail
here=$(dirname "$0")
. "$here/../service/benchlib.sh"
rounds=3
duration=10
operations=10000
seedstore=
while getopts "r:d:n:s:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    d) duration=$OPTARG ;;
    n) operations=$OPTARG ;;
    s) seedstore=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-r ROUNDS] [-d SECONDS] [-n OPERATIONS] [-s SEEDSTORE] OPTRACKD"; exit 2; }
optrackd=$1
for tool in wrk nginx curl psql; do
  command -v "$tool" >/dev/null || { echo "$tool is missing"; exit 2; }
done
[ -n "$seedstore" ] || seedstore=$(dirname "$(readlink -f "$optrackd")")/../bench/service/bench_seedstore
[ -x "$seedstore" ] || { echo "bench_seedstore not found ($seedstore): build it or pass -s"; exit 2; }
instances=3

cleanup_more() { stop_nginx_front "$work"; }
pg_workspace

cluster=$(sh "$here/../../scripts/pgtest.sh" start "$pgdir")
psql -q "$cluster" -c 'CREATE DATABASE bench'
database=${cluster/\/postgres\?/\/bench?}
"$seedstore" --database "$database" "$operations" 2>/dev/null

bench_token "$work"
cat > "$work/config.json" <<JSON
{"users": [{"userId": "svc", "roles": ["service", "staff"], "tokenSha256": "$token_sha256"}]}
JSON

# The first instance started takes the writer lock; the others follow it.
ports=()
for i in $(seq $instances); do
  port=$(free_port)
  mkdir -p "$work/data$i"
  "$optrackd" --listen "127.0.0.1:$port" --data-dir "$work/data$i" --database "$database" \
    --config "$work/config.json" > "$work/out$i" 2> "$work/err$i" &
  echo $! > "$work/instance$i.pid"
  for _ in $(seq 600); do grep -q listening "$work/out$i" && break; sleep 0.1; done
  grep -q listening "$work/out$i" || { echo "instance $i did not start:"; cat "$work/err$i"; exit 1; }
  ports+=("$port")
done
base=http://127.0.0.1:${ports[0]}
api() { # method path [body]
  curl -sf -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$base$2"
}
json_field() { "$py" -c "import json,sys; print(json.load(sys.stdin)$1)"; }
id=$(api POST /api/operations '{"operationType":"bench.cluster","entityId":"e1","displayName":"Cluster bench"}' |
  json_field '["operationId"]')
head=$(api GET "/api/operations?scope=all&limit=1" | json_field '["cursor"]')
# Every instance holds the new operation before the front opens.
for port in "${ports[@]}"; do
  for _ in $(seq 100); do
    v=$(curl -sf "http://127.0.0.1:$port/healthz" | json_field '["dataVersion"]')
    [ "$v" -ge "$head" ] && break
    sleep 0.1
  done
done

front=$(free_port)
measure() { wrk -t2 -c50 -d"${duration}s" -s "$work/auth.lua" "$1" | rate; }
warm() { wrk -t2 -c50 -d2s -s "$work/auth.lua" "$1" >/dev/null; }
median() { "$py" -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" "$@"; }
status_path="/api/operations/$id/status"
delta_path="/api/operations?scope=all&since=$((head - 20))"
count=$(api GET "$delta_path" | json_field '["operations"].__len__()')
[ "$count" = 20 ] || { echo "the delta holds $count operations, not 20"; exit 1; }

declare -A results
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "optrackd $optrackd, $operations operations, instances: $(for i in $(seq $instances); do
  curl -sf "http://127.0.0.1:${ports[$((i - 1))]}/healthz" | json_field '["role"]'; done | xargs)"
for r in $(seq "$rounds"); do
  for n in $(seq $instances); do
    start_nginx_front "$work" "$front" "${ports[@]:0:$n}"
    for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$front/healthz" && break; sleep 0.1; done
    for what in status delta; do
      path=${what}_path
      url="http://127.0.0.1:$front${!path}"
      warm "$url"; o=$(measure "$url")
      results["$n $what"]="${results["$n $what"]:-} $o"
      printf 'round %d, %d instance(s): %-6s %10s req/s\n' "$r" "$n" "$what" "$o"
    done
    stop_nginx_front "$work"
  done
done
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "medians over $rounds rounds, through nginx:"
for what in status delta; do
  one=$(median ${results["1 $what"]})
  for n in $(seq $instances); do
    m=$(median ${results["$n $what"]})
    printf '   %-6s %d instance(s) %10s req/s  %sx one instance  (rounds:%s)\n' "$what" "$n" "$m" \
      "$("$py" -c "print(f'{$m/$one:.2f}')")" "${results["$n $what"]}"
  done
done
