#!/usr/bin/env bash
# The built-in workloads on both stores in one run: bench_workloads against optrackd on SQLite
# (its data directory) and on PostgreSQL (a throwaway cluster of scripts/pgtest.sh, a fresh
# one for each round), ROUNDS rounds alternating, each round's figures printed as they come.
# On PostgreSQL an upload's rows go in with COPY and an export reads keyset pages.
#
#   bench/server/workloads_stores.sh [-r ROUNDS] BENCH_WORKLOADS [ROWS]
#
# Compare the two stores within a round (a shared machine moves absolute times).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=2
while getopts "r:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-r ROUNDS] BENCH_WORKLOADS [ROWS]"; exit 2; }
bench=$1
rows=${2:-1000000}
pg=$(mktemp -d /tmp/optrack-bw.XXXXXX)
chmod 755 "$pg"
trap '"$here/../../scripts/pgtest.sh" stop "$pg/db" >/dev/null 2>&1 || true; rm -rf "$pg"' EXIT
for round in $(seq 1 "$rounds"); do
  echo "== round $round: SQLite"
  "$bench" "$rows"
  echo "== round $round: PostgreSQL"
  uri=$("$here/../../scripts/pgtest.sh" start "$pg/db")
  "$bench" --database "$uri" "$rows"
  "$here/../../scripts/pgtest.sh" stop "$pg/db"
done
