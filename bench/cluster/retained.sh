#!/usr/bin/env bash
# A writer and a follower on one PostgreSQL database holding OPERATIONS retained operations
# (1,000,000 by default, seeded in one batch with bench_seedstore --database), for
# docs/performance.md: each instance's start (wall and CPU time to "listening", while the
# other runs), its resident memory once listening and after the reads, and on each, paced
# reads (wrk --latency, -t1 -c10, each connection 5 ms after its last answer: a latency, not
# a queue) of
#   page    GET /api/operations?scope=all&limit=50            (first page of all, with total)
#   delta   GET /api/operations?scope=all&since=<head-20>      (20 operations)
# PostgreSQL is a throwaway cluster of scripts/pgtest.sh. Each instance holds the whole read
# model, about 3.5 GB at 1,000,000: check `free -g` first.
#
#   bench/cluster/retained.sh [-n OPERATIONS] [-d SECONDS] [-s SEEDSTORE] OPTRACKD
set -euo pipefail
here=$(dirname "$0")
. "$here/../service/benchlib.sh"
operations=1000000
duration=10
seedstore=
while getopts "n:d:s:" opt; do
  case $opt in
    n) operations=$OPTARG ;;
    d) duration=$OPTARG ;;
    s) seedstore=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-n OPERATIONS] [-d SECONDS] [-s SEEDSTORE] OPTRACKD"; exit 2; }
optrackd=$1
for tool in wrk curl psql; do
  command -v "$tool" >/dev/null || { echo "$tool is missing"; exit 2; }
done
[ -n "$seedstore" ] || seedstore=$(dirname "$(readlink -f "$optrackd")")/../bench/service/bench_seedstore
[ -x "$seedstore" ] || { echo "bench_seedstore not found ($seedstore): build it or pass -s"; exit 2; }

pg_workspace

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(load)"
cluster=$(sh "$here/../../scripts/pgtest.sh" start "$pgdir")
psql -q "$cluster" -c 'CREATE DATABASE bench'
database=${cluster/\/postgres\?/\/bench?}
started=$(date +%s.%N)
"$seedstore" --database "$database" "$operations" >/dev/null 2>&1
echo "seeded $operations operations in $("$py" -c "import time; print(f'{time.time() - $started:.0f}')") s," \
  "database $(psql -Atq "$database" -c "SELECT pg_size_pretty(pg_database_size('bench'))"), load $(load)"

bench_token "$work"
cat > "$work/config.json" <<JSON
{"users": [{"userId": "svc", "roles": ["service", "staff"], "tokenSha256": "$token_sha256"}]}
JSON
cat "$work/auth.lua" - > "$work/paced.lua" <<LUA
function delay() return 5 end
LUA
json_field() { "$py" -c "import json,sys; print(json.load(sys.stdin)$1)"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
cpu_s() { # user + system time of a process, in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat"
}

start() { # name -> base url (what it took: in $work/name.start); the first takes the writer lock
  local port from pid
  port=$(free_port)
  mkdir -p "$work/$1"
  from=$(date +%s.%N)
  "$optrackd" --listen "127.0.0.1:$port" --data-dir "$work/$1" --database "$database" \
    --config "$work/config.json" > "$work/$1.out" 2> "$work/$1.err" &
  pid=$!
  echo $pid > "$work/$1.pid"
  until grep -q listening "$work/$1.out"; do
    kill -0 $pid 2>/dev/null || { echo "$1 exited:"; cat "$work/$1.err"; exit 1; }
    sleep 0.2
  done
  echo "$1: $(curl -sf "http://127.0.0.1:$port/healthz" | json_field '["role"]'), listening after" \
    "$("$py" -c "import time; print(f'{time.time() - $from:.1f}')") s ($(cpu_s $pid) s of CPU)," \
    "resident $(rss_mib $pid) MiB, load $(load)" > "$work/$1.start"
  echo "http://127.0.0.1:$port"
}

writer=$(start writer)
follower=$(start follower)
cat "$work/writer.start" "$work/follower.start"
head=$(curl -sf -H "Authorization: Bearer $token" "$writer/api/operations?scope=all&limit=1" |
  json_field '["cursor"]')
for name in writer follower; do
  base=${!name}
  total=$(curl -sf -H "Authorization: Bearer $token" "$base/api/operations?scope=all&limit=50" |
    json_field '["total"]')
  [ "$total" = "$operations" ] || { echo "$name holds $total operations, not $operations"; exit 1; }
  for what in page delta; do
    case $what in
      page) url="$base/api/operations?scope=all&limit=50" ;;
      delta) url="$base/api/operations?scope=all&since=$((head - 20))" ;;
    esac
    wrk -t1 -c10 -d2s -s "$work/paced.lua" "$url" >/dev/null
    wrk -t1 -c10 -d"${duration}s" --latency -s "$work/paced.lua" "$url" > "$work/reading"
    printf '%-8s %-5s %9s req/s  p50 %6s ms  p99 %6s ms  (load %s)\n' "$name" "$what" \
      "$(rate < "$work/reading")" "$(percentile_ms 50 < "$work/reading")" \
      "$(percentile_ms 99 < "$work/reading")" "$(load)"
  done
  echo "$name: resident $(rss_mib "$(cat "$work/$name.pid")") MiB after the reads"
done
