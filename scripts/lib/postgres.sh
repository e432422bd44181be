# shellcheck shell=bash
# Sourced by the test command. A private PostgreSQL 15 for the database tests:
#   - Debian's PostgreSQL 15 packages, installed when missing,
#   - a cluster of its own under .postgres/ (git-ignored), owned by the
#     `postgres` user when we run as root (initdb refuses to run as root),
#   - listening on 127.0.0.1:5433 only, its unix socket inside .postgres/,
#     so it never collides with a system PostgreSQL on 5432.
# Functions: postgres_up (idempotent), postgres_down.
# Exports BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING for TestDatabases.

POSTGRES_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
POSTGRES_HOME="${POSTGRES_HOME:-$POSTGRES_REPO_ROOT/.postgres}"
POSTGRES_PORT="${POSTGRES_PORT:-5433}"
# Test-only credentials of a server that listens on loopback only.
POSTGRES_PASSWORD="postgres"
POSTGRES_BIN="/usr/lib/postgresql/15/bin"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres:${POSTGRES_PASSWORD}@127.0.0.1:${POSTGRES_PORT}"

_pg_log() { printf '[postgres] %s\n' "$*" >&2; }

# Runs a PostgreSQL binary as the cluster's owner: `postgres` when we are root.
_pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_install() {
  if [[ -x "$POSTGRES_BIN/initdb" && -x "$POSTGRES_BIN/pg_ctl" ]]; then
    return 0
  fi
  [[ "$(id -u)" == 0 ]] || {
    _pg_log "PostgreSQL 15 is missing and we are not root: install Debian's 'postgresql' package"
    return 1
  }
  _pg_log "installing Debian's PostgreSQL 15 packages"
  # The package's post-install may try to start its own cluster on 5432; we
  # never use that one.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  [[ -x "$POSTGRES_BIN/initdb" ]] || {
    _pg_log "apt installed PostgreSQL, but not version 15 at $POSTGRES_BIN"
    return 1
  }
}

_pg_init() {
  local data="$POSTGRES_HOME/data"
  if [[ -f "$data/PG_VERSION" ]]; then
    return 0
  fi
  _pg_log "creating a private cluster in $POSTGRES_HOME"
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
  # because this server holds throw-away test databases.
  _pg_as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $POSTGRES_PORT
unix_socket_directories = '$POSTGRES_HOME/run'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

postgres_up() {
  _pg_install || return 1
  _pg_init || return 1
  local data="$POSTGRES_HOME/data"
  if _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    _pg_log "already running on 127.0.0.1:$POSTGRES_PORT"
  else
    _pg_log "starting on 127.0.0.1:$POSTGRES_PORT"
    _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" -l "$POSTGRES_HOME/server.log" \
      -w -t 60 start >/dev/null || {
      _pg_log "start failed; see $POSTGRES_HOME/server.log"
      return 1
    }
  fi
  # A query over TCP with the password proves what the tests will use.
  PGPASSWORD="$POSTGRES_PASSWORD" "$POSTGRES_BIN/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" \
    -U postgres -d postgres -tAc 'select 1' >/dev/null || {
    _pg_log "the server runs but does not answer queries on 127.0.0.1:$POSTGRES_PORT"
    return 1
  }
}

postgres_down() {
  local data="$POSTGRES_HOME/data"
  [[ -x "$POSTGRES_BIN/pg_ctl" && -f "$data/PG_VERSION" ]] || return 0
  if _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    _pg_log "stopping"
    _pg_as_owner "$POSTGRES_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
}
