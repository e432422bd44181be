# shellcheck shell=bash
# Sourced by scripts/start, scripts/e2e-browser and scripts/lib/postgres.sh:
# small helpers to tell whether a local TCP port is taken, and by what.

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT
# (a listener on 127.0.0.1 or on all addresses; both block our servers).
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# port_owner PORT: "name (pid N)" of the process listening on PORT when ss can
# tell (it needs root for other users' processes), else nothing.
port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null |
    sed -n 's/.*users:((\"\([^\"]*\)\",pid=\([0-9]*\),.*/\1 (pid \2)/p' | head -n 1
}

# port_conflict_message PORT ENV_VAR: the message for a port that is taken,
# naming the process when known and the variable that moves our server.
port_conflict_message() {
  local port=$1 var=$2 owner
  owner=$(port_owner "$port")
  printf 'port %s is in use%s: stop what runs there or set %s to a free port' \
    "$port" "${owner:+ by ${owner}}" "$var"
}

# port_valid VALUE: true for a TCP port number 1-65535.
port_valid() {
  [[ $1 =~ ^[0-9]+$ ]] && (($1 >= 1 && $1 <= 65535))
}

# write_portal_ports_config FILE APP_PORT BACKEND_PORT: an app-config file that
# moves the portal (on localhost) to other ports; pass it with --config after
# app-config.yaml. The frontend's dev server listens on app.baseUrl's port.
write_portal_ports_config() {
  local out=$1 app_port=$2 backend_port=$3
  cat >"$out" <<YAML
# Written by the scripts from the port variables; regenerated on each run.
app:
  baseUrl: http://localhost:${app_port}
backend:
  baseUrl: http://localhost:${backend_port}
  listen:
    port: ${backend_port}
  cors:
    origin: http://localhost:${app_port}
YAML
}
