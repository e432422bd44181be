# shellcheck shell=bash
# Recipe of the real-node lane's MariaDB image (sourced by ../../images.sh).
# Debian's MariaDB 10.11 server and client (the client for the entrypoint and the probe).
PACKAGES=mariadb-server,mariadb-client
OCI_ARGS=(--user 999:999 --entrypoint /usr/local/bin/docker-entrypoint.sh --port 3306/tcp)

# Runs in mmdebstrap's customize hook: $1 the root directory, $2 this directory.
customize() {
  local root=$1 src=$2 old_uid
  # The engine runs MariaDB as uid/gid 999, the official image's mysql user: give Debian's
  # mysql user (created by the package with a dynamic id) that id.
  old_uid=$(chroot "$root" id -u mysql)
  chroot "$root" groupmod -g 999 mysql
  chroot "$root" usermod -u 999 -g 999 mysql
  chroot "$root" find / -xdev -uid "$old_uid" -exec chown -h 999:999 {} +
  # Initialised by the entrypoint in the pod's volume, not at package installation.
  rm -rf "${root}/var/lib/mysql" && mkdir -p "${root}/var/lib/mysql"
  chown 999:999 "${root}/var/lib/mysql"
  install -m 0755 "${src}/entrypoint.sh" "${root}/usr/local/bin/docker-entrypoint.sh"
  install -m 0755 "${src}/healthcheck.sh" "${root}/usr/local/bin/healthcheck.sh"
}
