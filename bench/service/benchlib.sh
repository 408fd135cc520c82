# Shared by the bench/service scripts (sourced, not run): the bearer token the benchmarks use,
# a free port, and nginx serving one JSON file as the static reference.
#   bench_token WORK    writes WORK/auth.lua for wrk; sets $token and $token_sha256
#   free_port           prints a free TCP port on 127.0.0.1
#   start_nginx WORK FILE
#                       nginx (2 workers) answers every path with FILE as JSON; sets $nginx_url
#                       (stop it with stop_nginx WORK)

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

stop_nginx() { # (it may have gone already, with its pid file)
  local pid
  pid=$(cat "$1/nginx.pid" 2>/dev/null) && kill "$pid" 2>/dev/null || true
}
