#!/usr/bin/env bash
# An export's download through the writer that wrote it (its own copy, a sendfile of a local
# file) and through a follower (read from PostgreSQL's file_contents into a file for that
# answer), in one run: a writer and a follower on a throwaway cluster (scripts/pgtest.sh),
# a ROWS-row transaction file uploaded and exported as CSV through the writer, then ROUNDS
# downloads through each, alternating, each timed by curl and checked against the writer's.
#
#   bench/cluster/downloads.sh [-n ROWS] [-r ROUNDS] OPTRACKD
set -euo pipefail
here=$(dirname "$0")
. "$here/../service/benchlib.sh"
rows=1000000
rounds=3
while getopts "n:r:" opt; do
  case $opt in
    n) rows=$OPTARG ;;
    r) rounds=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-n ROWS] [-r ROUNDS] OPTRACKD"; exit 2; }
optrackd=$1
for tool in curl psql; do
  command -v "$tool" >/dev/null || { echo "$tool is missing"; exit 2; }
done

pg_workspace

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"
database=$(sh "$here/../../scripts/pgtest.sh" start "$pgdir")
bench_token "$work"
cat > "$work/config.json" <<JSON
{"users": [{"userId": "svc", "roles": ["user", "staff"], "tokenSha256": "$token_sha256"}],
 "uploadLimitBytes": 1073741824}
JSON
json_field() { "$py" -c "import json,sys; print(json.load(sys.stdin)$1)"; }
auth=(-H "Authorization: Bearer $token")

start() { # name -> base url; the first takes the writer lock
  local port pid
  port=$(free_port)
  mkdir -p "$work/$1"
  "$optrackd" --listen "127.0.0.1:$port" --data-dir "$work/$1" --database "$database" \
    --config "$work/config.json" > "$work/$1.out" 2> "$work/$1.err" &
  pid=$!
  echo $pid > "$work/$1.pid"
  until grep -q listening "$work/$1.out"; do
    kill -0 $pid 2>/dev/null || { echo "$1 exited:" >&2; cat "$work/$1.err" >&2; exit 1; }
    sleep 0.2
  done
  echo "http://127.0.0.1:$port"
}
wait_completed() { # base id
  local status
  for _ in $(seq 1 600); do
    status=$(curl -sf "${auth[@]}" "$1/api/operations/$2" | json_field '["status"]')
    case $status in
      completed) return 0 ;;
      failed|cancelled|denied) echo "operation $2 ended $status" >&2; exit 1 ;;
    esac
    sleep 0.5
  done
  echo "operation $2 did not finish" >&2
  exit 1
}

writer=$(start writer)
follower=$(start follower)
"$py" - "$rows" > "$work/upload.csv" <<'PY'
import sys
rows = int(sys.argv[1])
out = sys.stdout
out.write("date,account,amount,currency,description\n")
for i in range(rows):
    out.write(f"2026-{1 + i % 12:02d}-{1 + i % 28:02d},ACC-{i:07d},{i % 10000}.{i % 100:02d},EUR,row {i}\n")
PY
upload=$(curl -sf "${auth[@]}" -F "file=@$work/upload.csv" "$writer/api/files/upload" |
  json_field '["operationId"]')
wait_completed "$writer" "$upload"
export=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"format": "csv", "dateRange": "2026"}' "$writer/api/data/export" |
  json_field '["operationId"]')
wait_completed "$writer" "$export"
path="/api/exports/$export/download"
curl -sf "${auth[@]}" -o "$work/reference.csv" "$writer$path"
echo "export: $rows rows, $(stat -c %s "$work/reference.csv") bytes"
for round in $(seq 1 "$rounds"); do
  for name in writer follower; do
    base=${!name}
    seconds=$(curl -sf "${auth[@]}" -o "$work/got.csv" -w '%{time_total}' "$base$path")
    cmp -s "$work/reference.csv" "$work/got.csv" || { echo "$name served other bytes"; exit 1; }
    echo "round $round: $name $seconds s"
  done
done
