# Shared by the bench/service scripts (sourced, not run): the bearer token the benchmarks use,
# a free port, and nginx serving one JSON file as the static reference.
#   bench_token WORK    writes WORK/auth.lua for wrk; sets $token and $token_sha256
#   free_port           prints a free TCP port on 127.0.0.1
#   start_nginx WORK FILE
#                       nginx (2 workers) answers every path with FILE as JSON; sets $nginx_url
#                       (stop it with stop_nginx WORK)
#   pg_workspace        makes $work (a temporary folder) and $pgdir (short, under /tmp, for a
#                       throwaway cluster of scripts/pgtest.sh); on exit stops the processes
#                       whose pids are in $work/*.pid, runs cleanup_more if the script defines
#                       it, stops the cluster and removes $work. Needs $here (the script's
#                       folder, two levels under the project).
#   stop_pids PID...    SIGTERM, then waits for them to exit (SIGKILL after 60 s): an optrackd
#                       holding 1,000,000 operations takes seconds to drain
#   rate                wrk's output (stdin) -> its requests per second
#   percentile_ms P     wrk --latency's output (stdin) -> its P% latency (50, 75, 90 or 99) in ms

# The system's python3: a version manager's shim costs a second per call on a loaded machine.
py=$(command -v /usr/bin/python3 || command -v python3)

bench_token() {
  token=bench-token-0123456789abcdef
  token_sha256=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  cat > "$1/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
}

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_nginx() {
  local work=$1 port
  port=$(free_port)
  mkdir -p "$work/www"
  cp "$2" "$work/www/status.json"
  cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$port; root $work/www;
           location / { default_type application/json; try_files /status.json =404; } }
}
NGINX
  nginx -c "$work/nginx.conf" -p "$work"
  nginx_url="http://127.0.0.1:$port/api/operations/x/status"
}

stop_pids() {
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

rate() { awk '/Requests\/sec/ {print $2}'; }
percentile_ms() {
  awk -v p="$1%" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                            if (u == "us") v /= 1000; else if (u == "s") v *= 1000; print v }'
}

stop_nginx() { # (it may have gone already, with its pid file)
  local pid
  pid=$(cat "$1/nginx.pid" 2>/dev/null) && kill "$pid" 2>/dev/null || true
}

# nginx in front of optrackd instances with the shipped site (packaging/nginx/optrack.conf),
# its upstream servers and listen line replaced as tests/cluster does:
#   start_nginx_front WORK PORT INSTANCE_PORT...
#                       nginx (2 workers) on 127.0.0.1:PORT; stop it with stop_nginx_front WORK
start_nginx_front() {
  local work=$1 port=$2 site servers='' p
  shift 2
  site=$(dirname "${BASH_SOURCE[0]}")/../../packaging/nginx/optrack.conf
  for p in "$@"; do servers="$servers    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;\n"; done
  mkdir -p "$work/front"
  # The first upstream server line becomes the instances' lines, the others go; so does the
  # listen line.
  awk -v servers="$servers" -v port="$port" '
    /^[ \t]*server[ \t]+[^ \t{]+:[0-9]+/ { if (!done) { printf "%s", servers; done = 1 } next }
    /^[ \t]*listen[ \t]/ { print "    listen 127.0.0.1:" port ";"; next }
    { print }' "$site" > "$work/front/site.conf"
  cat > "$work/front/nginx.conf" <<NGINX
$([ "$(id -u)" = 0 ] && echo 'user root;')
worker_processes 2;
pid $work/front/nginx.pid;
error_log $work/front/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/front; proxy_temp_path $work/front; fastcgi_temp_path $work/front;
  uwsgi_temp_path $work/front; scgi_temp_path $work/front;
  include $work/front/site.conf;
}
NGINX
  nginx -c "$work/front/nginx.conf" -p "$work/front"
}

stop_nginx_front() {
  local pid
  pid=$(cat "$1/front/nginx.pid" 2>/dev/null) && kill "$pid" 2>/dev/null || true
  # Its pid file goes when it has stopped: the next one may take the same port.
  for _ in $(seq 50); do [ -e "$1/front/nginx.pid" ] || break; sleep 0.1; done
}

pg_workspace() {
  work=$(mktemp -d)
  # Short, under /tmp: the socket's path must fit in 107 bytes (scripts/pgtest.sh).
  pgdir=$(mktemp -d /tmp/obc-XXXXXX)
  trap pg_workspace_cleanup EXIT
  trap "exit 1" INT TERM
}

pg_workspace_cleanup() {
  stop_pids $(cat "$work"/*.pid 2>/dev/null)
  if declare -F cleanup_more >/dev/null; then cleanup_more; fi
  sh "$here/../../scripts/pgtest.sh" stop "$pgdir"
  rm -rf "$work"
}
