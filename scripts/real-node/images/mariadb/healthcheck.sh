#!/bin/sh
# healthcheck.sh of the project's MariaDB image: the options the stores engine's readiness
# probe passes (--connect, --innodb_initialized), checked over TCP as root with the
# password from the container's environment (MYSQL_PWD, so it is never on a command line).
set -eu
MYSQL_PWD=${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}
export MYSQL_PWD
q() { mariadb --protocol=tcp -h127.0.0.1 -P3306 -uroot --batch --skip-column-names -e "$1"; }
for opt in "$@"; do
  case $opt in
    --connect) q 'SELECT 1' >/dev/null ;;
    --innodb_initialized)
      [ "$(q "SELECT 1 FROM information_schema.ENGINES WHERE engine = 'InnoDB' AND support IN ('YES', 'DEFAULT', 'ENABLED')")" = 1 ] ;;
    *) echo "healthcheck.sh: unknown option ${opt}" >&2; exit 2 ;;
  esac
done
