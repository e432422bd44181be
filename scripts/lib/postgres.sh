# shellcheck shell=bash
# Sourced by the test command. A private PostgreSQL for the database tests:
#   - the newest PostgreSQL 14 or newer (up to the newest major that
#     @backstage/backend-test-utils' TestDatabases knows) installed under
#     /usr/lib/postgresql/<major>/bin (Debian's and Ubuntu's layout), or the one
#     in POSTGRES_BIN when set; Debian's `postgresql` package is installed when
#     there is none and we are root,
#   - a cluster of its own under .postgres/<port>/ (git-ignored; one per port, so
#     two runs with different POSTGRES_PORTs never restart each other's), owned by the
#     `postgres` user when we run as root (initdb refuses to run as root);
#     recreated when an earlier run made it with another major (its data is
#     throw-away),
#   - listening on 127.0.0.1:$POSTGRES_PORT (default 5433) only, its unix socket
#     inside .postgres/, so it never collides with a system PostgreSQL on 5432.
# Functions: postgres_up (idempotent), postgres_down.
# postgres_up exports, for TestDatabases, BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING
# and STORES_TEST_POSTGRES_ID=POSTGRES_<major> (the TestDatabases id to test on).

POSTGRES_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=ports.sh
source "$POSTGRES_REPO_ROOT/scripts/lib/ports.sh"
POSTGRES_PORT="${POSTGRES_PORT:-5433}"
POSTGRES_HOME="${POSTGRES_HOME:-$POSTGRES_REPO_ROOT/.postgres/$POSTGRES_PORT}"
# Test-only credentials of a server that listens on loopback only.
POSTGRES_PASSWORD="postgres"
# The majors we accept, newest first: 14 and newer, up to the newest that
# TestDatabases has an id for (POSTGRES_18 in @backstage/backend-test-utils'
# dist/database/types.cjs.js; add a major here when it gains one).
POSTGRES_MAJORS=(18 17 16 15 14)
# Set by _pg_select: the chosen binaries and their major version. POSTGRES_BIN
# may be preset to a bin directory of one's own (with initdb, pg_ctl, psql).
POSTGRES_BIN="${POSTGRES_BIN:-}"
POSTGRES_BIN_FROM_ENV="${POSTGRES_BIN:+1}"
POSTGRES_MAJOR=""
# Where Debian and Ubuntu put each major's binaries: <dir>/<major>/bin.
POSTGRES_LIB_DIR="${POSTGRES_LIB_DIR:-/usr/lib/postgresql}"

_pg_log() { printf '[postgres] %s\n' "$*" >&2; }

# Runs a PostgreSQL binary as the cluster's owner: `postgres` when we are root.
_pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_supported() {
  local m
  for m in "${POSTGRES_MAJORS[@]}"; do
    [[ $m == "$1" ]] && return 0
  done
  return 1
}

_pg_complete() {
  [[ -x "$1/initdb" && -x "$1/pg_ctl" && -x "$1/psql" ]]
}

# The major version of the pg_ctl in bin directory $1 ("15" for 15.18).
_pg_major_of() {
  local v
  v=$("$1/pg_ctl" --version 2>/dev/null) || return 1
  # "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
  [[ $v =~ \(PostgreSQL\)\ ([0-9]+) ]] || return 1
  printf '%s\n' "${BASH_REMATCH[1]}"
}

# Chooses POSTGRES_BIN and POSTGRES_MAJOR; fails (quietly) when there is no
# usable PostgreSQL. Sets POSTGRES_SKIPPED to what was found but not used.
_pg_select() {
  POSTGRES_SKIPPED=""
  if [[ -n $POSTGRES_BIN_FROM_ENV ]]; then
    _pg_complete "$POSTGRES_BIN" || {
      POSTGRES_SKIPPED="POSTGRES_BIN=$POSTGRES_BIN has no initdb, pg_ctl and psql"
      return 1
    }
    POSTGRES_MAJOR=$(_pg_major_of "$POSTGRES_BIN") || {
      POSTGRES_SKIPPED="cannot tell the version of $POSTGRES_BIN/pg_ctl"
      return 1
    }
    _pg_supported "$POSTGRES_MAJOR" || {
      POSTGRES_SKIPPED="POSTGRES_BIN=$POSTGRES_BIN is PostgreSQL $POSTGRES_MAJOR"
      POSTGRES_MAJOR=""
      return 1
    }
    return 0
  fi
  local dir major
  local -a skipped=()
  while read -r major; do
    dir="$POSTGRES_LIB_DIR/$major/bin"
    _pg_complete "$dir" || continue
    if _pg_supported "$major"; then
      POSTGRES_BIN=$dir
      POSTGRES_MAJOR=$major
      return 0
    fi
    skipped+=("$major")
  done < <(find "$POSTGRES_LIB_DIR" -mindepth 1 -maxdepth 1 -name '[0-9]*' -printf '%f\n' 2>/dev/null | sort -rn)
  ((${#skipped[@]} == 0)) || POSTGRES_SKIPPED="found PostgreSQL ${skipped[*]} under $POSTGRES_LIB_DIR"
  return 1
}

_pg_need_message() {
  printf 'PostgreSQL %s to %s is needed for the database tests (initdb, pg_ctl and psql in %s/<major>/bin, or in POSTGRES_BIN=<a bin directory>)' \
    "${POSTGRES_MAJORS[-1]}" "${POSTGRES_MAJORS[0]}" "$POSTGRES_LIB_DIR"
}

_pg_install() {
  if _pg_select; then
    return 0
  fi
  [[ -z $POSTGRES_SKIPPED ]] || _pg_log "not usable: $POSTGRES_SKIPPED"
  if [[ -n $POSTGRES_BIN_FROM_ENV ]]; then
    _pg_log "$(_pg_need_message)"
    return 1
  fi
  if [[ "$(id -u)" != 0 ]]; then
    _pg_log "$(_pg_need_message); we are not root, so install it yourself: apt-get install postgresql (Debian 12+, Ubuntu 22.04+), or postgresql-16 etc. from apt.postgresql.org"
    return 1
  fi
  command -v apt-get >/dev/null 2>&1 || {
    _pg_log "$(_pg_need_message); there is no apt-get here to install it with: install it yourself"
    return 1
  }
  _pg_log "no PostgreSQL ${POSTGRES_MAJORS[-1]} or newer found: installing the distribution's 'postgresql' package"
  # The package's post-install may try to start its own cluster on 5432; we
  # never use that one.
  if ! DEBIAN_FRONTEND=noninteractive flock /run/lock/stores-apt.lock apt-get update -qq ||
    ! DEBIAN_FRONTEND=noninteractive flock /run/lock/stores-apt.lock apt-get install -y -qq postgresql >/dev/null; then
    _pg_log "apt-get could not install 'postgresql'; $(_pg_need_message)"
    return 1
  fi
  _pg_select || {
    _pg_log "apt-get installed 'postgresql', but it brought no usable major (${POSTGRES_SKIPPED:-nothing under $POSTGRES_LIB_DIR}); $(_pg_need_message)"
    return 1
  }
}

# Stops a server that runs on $POSTGRES_HOME/data with another major's
# binaries (its own pg_ctl when still installed, else a TERM to its postmaster).
_pg_stop_foreign() {
  local data="$POSTGRES_HOME/data" old=$1 pid
  [[ -f $data/postmaster.pid ]] || return 0
  pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
  if [[ ! $pid =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  _pg_log "stopping the PostgreSQL $old server still running on it (pid $pid)"
  if [[ -x $POSTGRES_LIB_DIR/$old/bin/pg_ctl ]]; then
    _pg_as_owner "$POSTGRES_LIB_DIR/$old/bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null && return 0
  fi
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */postgres ]] || {
    _pg_log "pid $pid is not a postgres server; leaving it alone"
    return 1
  }
  kill -TERM "$pid"
  local _
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  _pg_log "the old server (pid $pid) did not stop"
  return 1
}

_pg_init() {
  local data="$POSTGRES_HOME/data"
  if [[ -f "$data/PG_VERSION" ]]; then
    local made
    made=$(tr -d '[:space:]' <"$data/PG_VERSION")
    if [[ $made == "$POSTGRES_MAJOR" ]]; then
      return 0
    fi
    _pg_log "$data was made by PostgreSQL $made, this run uses $POSTGRES_MAJOR: recreating it (it holds throw-away test data only)"
    _pg_stop_foreign "$made" || return 1
  fi
  _pg_log "creating a private PostgreSQL $POSTGRES_MAJOR cluster in $POSTGRES_HOME"
  rm -rf "$data"
  mkdir -p "$POSTGRES_HOME/run"
  local pwfile="$POSTGRES_HOME/pwfile"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  if [[ "$(id -u)" == 0 ]]; then
    chown -R postgres:postgres "$POSTGRES_HOME"
  fi
  chmod 700 "$POSTGRES_HOME"
  _pg_as_owner "$POSTGRES_BIN/initdb" -D "$data" -U postgres \
    --auth-host=scram-sha-256 --auth-local=trust --pwfile="$pwfile" \
    --encoding=UTF8 --locale=C.UTF-8 >"$POSTGRES_HOME/initdb.log" 2>&1 || {
    _pg_log "initdb failed; see $POSTGRES_HOME/initdb.log"
    return 1
  }
  rm -f "$pwfile"
  # Loopback only, socket inside .postgres; durability traded for speed
  # because this server holds throw-away test databases. The port is given on
  # pg_ctl's command line at every start, so POSTGRES_PORT always applies.
  _pg_as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$POSTGRES_HOME/run'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

# The port the server on $POSTGRES_HOME/data listens on (line 4 of postmaster.pid).
_pg_running_port() {
  sed -n 4p "$POSTGRES_HOME/data/postmaster.pid" 2>/dev/null
}

_pg_start() {
  local data="$POSTGRES_HOME/data"
  if port_in_use "$POSTGRES_PORT"; then
    _pg_log "$(port_conflict_message "$POSTGRES_PORT" POSTGRES_PORT) (it is not this private server in $POSTGRES_HOME)"
    return 1
  fi
  _pg_log "starting PostgreSQL $POSTGRES_MAJOR on 127.0.0.1:$POSTGRES_PORT"
  _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" -l "$POSTGRES_HOME/server.log" \
    -o "-p $POSTGRES_PORT" -w -t 60 start >/dev/null || {
    _pg_log "start failed; see $POSTGRES_HOME/server.log"
    return 1
  }
}

postgres_up() {
  port_valid "$POSTGRES_PORT" || {
    _pg_log "POSTGRES_PORT=$POSTGRES_PORT is not a port number"
    return 1
  }
  _pg_install || return 1
  _pg_log "using PostgreSQL $POSTGRES_MAJOR from $POSTGRES_BIN"
  _pg_init || return 1
  local data="$POSTGRES_HOME/data"
  if _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    local running
    running=$(_pg_running_port)
    if [[ $running == "$POSTGRES_PORT" ]]; then
      _pg_log "already running on 127.0.0.1:$POSTGRES_PORT"
    else
      _pg_log "already running, but on port ${running:-?}; restarting it on $POSTGRES_PORT"
      _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || return 1
      _pg_start || return 1
    fi
  else
    _pg_start || return 1
  fi
  # A query over TCP with the password proves what the tests will use.
  PGPASSWORD="$POSTGRES_PASSWORD" "$POSTGRES_BIN/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" \
    -U postgres -d postgres -tAc 'select 1' >/dev/null || {
    _pg_log "the server runs but does not answer queries on 127.0.0.1:$POSTGRES_PORT"
    return 1
  }
  # TestDatabases reads the connection string from a variable named after the
  # major; the tests pick the matching id from STORES_TEST_POSTGRES_ID.
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${POSTGRES_MAJOR}_CONNECTION_STRING=postgresql://postgres:${POSTGRES_PASSWORD}@127.0.0.1:${POSTGRES_PORT}"
  export STORES_TEST_POSTGRES_ID="POSTGRES_${POSTGRES_MAJOR}"
  _pg_log "TestDatabases id $STORES_TEST_POSTGRES_ID (BACKSTAGE_TEST_DATABASE_POSTGRES${POSTGRES_MAJOR}_CONNECTION_STRING)"
}

postgres_down() {
  local data="$POSTGRES_HOME/data"
  if [[ -z $POSTGRES_BIN ]]; then
    _pg_select || return 0
  fi
  [[ -x "$POSTGRES_BIN/pg_ctl" && -f "$data/PG_VERSION" ]] || return 0
  if _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    _pg_log "stopping"
    _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
}
