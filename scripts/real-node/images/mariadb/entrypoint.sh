#!/bin/sh
# Entrypoint of the project's MariaDB image (Debian's mariadb-server 10.11), for the
# real-node lane of scripts/k8s-local. Honours the part of the official image's environment
# contract the stores engine renders: MARIADB_ROOT_PASSWORD, MARIADB_DATABASE, MARIADB_USER,
# MARIADB_PASSWORD (and their MYSQL_* spellings). Runs as whatever non-root user the pod
# sets (the engine: uid 999, which this image gives its mysql user).
set -eu

env_or() { eval "v=\${MARIADB_$1:-\${MYSQL_$1:-}}"; printf '%s' "$v"; }
ROOT_PASSWORD=$(env_or ROOT_PASSWORD)
DATABASE=$(env_or DATABASE)
USER_NAME=$(env_or USER)
USER_PASSWORD=$(env_or PASSWORD)
DATADIR=/var/lib/mysql
# /tmp: the image cannot ship a directory under /run (mmdebstrap empties it), and /tmp is
# writable by any uid the pod may choose.
SOCKET=/tmp/mysqld.sock
PIDFILE=/tmp/mysqld.pid

log() { echo "[entrypoint] $*" >&2; }

# A string literal for SQL: backslashes and single quotes escaped.
sql_string() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")"; }
# An identifier: backquotes doubled.
sql_ident() { printf '`%s`' "$(printf '%s' "$1" | sed -e 's/`/``/g')"; }

if [ ! -d "$DATADIR/mysql" ]; then
  [ -n "$ROOT_PASSWORD" ] || { log "MARIADB_ROOT_PASSWORD is not set and the database is not initialised"; exit 1; }
  log "initialising ${DATADIR} as uid $(id -u)"
  mariadb-install-db --datadir="$DATADIR" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >/dev/null
  mariadbd --datadir="$DATADIR" --socket="$SOCKET" --pid-file="$PIDFILE" --skip-networking --skip-name-resolve &
  pid=$!
  i=0
  until mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -le 120 ] || { log "the temporary server did not start"; exit 1; }
    kill -0 "$pid" 2>/dev/null || { log "the temporary server exited"; exit 1; }
    sleep 0.5
  done
  {
    echo "DELETE FROM mysql.global_priv WHERE User = '' OR Host NOT IN ('localhost');"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$ROOT_PASSWORD");"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY $(sql_string "$ROOT_PASSWORD");"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$DATABASE" ]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$DATABASE");"
    fi
    if [ -n "$USER_NAME" ] && [ -n "$USER_PASSWORD" ]; then
      echo "CREATE USER $(sql_string "$USER_NAME")@'%' IDENTIFIED BY $(sql_string "$USER_PASSWORD");"
      if [ -n "$DATABASE" ]; then
        echo "GRANT ALL ON $(sql_ident "$DATABASE").* TO $(sql_string "$USER_NAME")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$SOCKET" -uroot
  MYSQL_PWD=$ROOT_PASSWORD mariadb-admin --socket="$SOCKET" -uroot shutdown
  wait "$pid" || true
  log "initialised"
fi

exec mariadbd --datadir="$DATADIR" --socket="$SOCKET" --pid-file="$PIDFILE" --bind-address=0.0.0.0 \
  --port=3306 --skip-name-resolve "$@"
