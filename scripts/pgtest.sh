#!/bin/sh
# A throwaway PostgreSQL cluster for the tests, on a unix socket only (no TCP listener).
#   scripts/pgtest.sh start DIR   initdb + start in DIR (a cluster left there is removed first);
#                                 prints the URI, e.g. postgresql://postgres@/postgres?host=DIR
#   scripts/pgtest.sh stop DIR    stops it (immediate: nothing in it is kept) and removes DIR
# DIR must be short (DIR/.s.PGSQL.5432 fits in 107 bytes) and every parent traversable by the
# user the cluster runs as: initdb refuses root, so as root the cluster runs as postgres.
# PGTEST_OPTS adds server options, e.g. "-c fsync=off" (faster, not crash-safe).
set -eu
BIN=${PGTEST_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
if [ -z "$dir" ] || { [ "$cmd" != start ] && [ "$cmd" != stop ]; }; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

asdb() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    asdb "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case $cmd in
start)
  if [ ! -x "$BIN/initdb" ]; then
    echo "pgtest: $BIN/initdb is missing; scripts/setup installs postgresql-15" >&2
    exit 1
  fi
  stop
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  if ! asdb "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    exit 1
  fi
  if ! asdb "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' ${PGTEST_OPTS:-}" \
      start >/dev/null; then
    cat "$dir/server.log" >&2
    exit 1
  fi
  echo "postgresql://postgres@/postgres?host=$dir"
  ;;
stop)
  stop
  ;;
esac
